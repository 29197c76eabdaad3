"""Token-level scoring features: how alike two words are, and how much each word weighs.

Contract: every function takes normalised tokens (see :mod:`sanctions_check.names.normalise`) or
plain values and returns a score plus a human-readable detail; nothing here knows about the
index or the list as a whole except through a :class:`TokenWeights` table.

* :func:`token_similarity` -- one token pair, 0..1, and the method that matched it: ``exact``,
  ``romanisation`` (``data/romanisation.csv``), ``synonym`` (``data/synonyms.csv``),
  ``phonetic`` (Metaphone / NYSIIS agreement from jellyfish on top of an edit similarity),
  ``edit`` (rapidfuzz OSA: Levenshtein with transpositions, plus Jaro-Winkler for long
  tokens), ``initial``, ``reading`` (a Han or kana token against its romanised reading; two
  different characters get 0, ``character``: the characters decide in the same script).
  Short tokens (4 letters or fewer) are compared strictly: one letter changes a Korean or
  Chinese syllable ("son" is not "song"), so only the romanisation table bridges them.
* :func:`credit` -- how much of a token's weight a similarity earns (short tokens less).
* :class:`TokenWeights` -- how informative each token is: IDF over the list; particles and
  legal forms weak.

The alignment of whole names and the name score built from these features are in
:mod:`sanctions_check.scoring.namescore`; organisation acronyms live in :mod:`sanctions_check.names.acronyms`,
date-of-birth and nationality evidence in :mod:`sanctions_check.scoring.secondary`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler

from sanctions_check.names.lexicon import (
    bound_rest,
    canonical_token,
    common_names,
    consonant_fold,
    honorific_names,
    is_known_name,
    is_korean_syllable,
    legal_forms,
    reading,
    stopwords,
    synonym_token,
    written,
)
from sanctions_check.names.qualifiers import is_series

SIM_FLOOR = 0.70  # token pairs below this similarity get no credit at all
JW_GAIN = 0.05  # Jaro-Winkler raises a longer pair's edit similarity by at most this much
KNOWN_APART_SIM = 0.8  # most two different known names (ryong / ryang) can share
SHORT_TOKEN = 4  # tokens this short are compared strictly (no Jaro-Winkler, no phonetics)
STOPWORD_WEIGHT = 0.05
LEGAL_FORM_WEIGHT = 0.08
# a series number in an organisation's name of two or more other words ("Fund III", "Trust
# 2004-1", "JI SONG 6"): sister entities of one sponsor or owner differ only there, so it weighs
# little (TokenWeights.name_weights); the qualifier rule (qualifiers.py) keeps a differing one
# out of "strong".  Beside one word ("Room 39", "Petrel 8") the number is the name.
SERIES_WEIGHT = 0.08
SERIES_CONTEXT = 2
COMMON_NAME_WEIGHT = 0.6  # cap for names common in the world (data/common_names.txt)
# what an honorific that is also a given name ("Hafiz": data/honorific_names.txt) opening a
# person's query costs when nothing matches it: not required; matched, it weighs as a name
HONORIFIC_NAME_WEIGHT = 0.1


def unmatched_costs(
    tokens: Sequence[str], weights: Sequence[float], kind: str | None
) -> Sequence[float]:
    """What each query token costs when the alignment leaves it unmatched: its weight, except
    an honorific that is also a given name opening a person's query ("Hafiz" Saeed):
    :data:`HONORIFIC_NAME_WEIGHT` (not required; matched, it earns its weight as a name)."""
    if kind == "org" or len(tokens) < 2 or tokens[0] not in honorific_names():
        return weights
    return [min(weights[0], HONORIFIC_NAME_WEIGHT), *weights[1:]]
COUNTRY_WEIGHT = 0.2  # "of the DPRK" in an organisation query, when the entry is in that country
UNKNOWN_WEIGHT = 0.9  # a token the list never uses is informative
INITIAL_SIM = 0.85  # an initial against a word of its letter ("V. Putin": possible, not strong)
QUERY_INITIAL_CREDIT = 1.0  # what a query's initial earns on the query side against such a word
TYPO_SIM = 0.85  # a short word with two neighbouring letters swapped or one letter doubled

# similarity -> credit; short tokens (syllables) earn less for the same similarity, since one
# letter changes the name ("son" / "song"), long ones more (one typo in "murwanashyaka")
_CREDIT_SHORT = ((0.70, 0.10), (0.75, 0.30), (0.80, 0.50), (0.85, 0.70), (0.90, 0.85),
                 (0.95, 0.95), (1.00, 1.00))
_CREDIT_LONG = ((0.70, 0.20), (0.75, 0.40), (0.80, 0.60), (0.85, 0.80), (0.90, 0.92),
                (0.95, 0.97), (1.00, 1.00))


def credit(sim: float, short: bool = False) -> float:
    """How much of a token's weight a similarity earns (0 below :data:`SIM_FLOOR`)."""
    if sim < SIM_FLOOR:
        return 0.0
    if sim >= 1.0:
        return 1.0
    points = _CREDIT_SHORT if short else _CREDIT_LONG
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if sim <= x1:
            return y0 + (y1 - y0) * (sim - x0) / (x1 - x0)
    return 1.0


_VOWELS_H = str.maketrans("", "", "aeiouywh")


@functools.lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """First letter plus the remaining consonants, without h/w/y and doubled letters, each
    consonant read as its group's letter (``consonant`` rows of ``romanisation.csv``).

    Transliterations of Arabic and Persian names differ mostly in vowels: "seif" / "saif",
    "adel" / "adil", "talfah" / "tilfah", "rsul" / "rasul" share a skeleton; the consonant
    groups add jim as g or j ("golani" / "jawlani") and German or Polish spellings of Cyrillic
    ("selenski" / "zelenski", "wolodymyr" / "volodymyr").
    """
    if len(token) < 3:
        return token
    fold = consonant_fold()
    rest = token[1:].translate(_VOWELS_H).translate(fold)
    out = [token[0].translate(fold)]
    for ch in rest:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def skeleton_applies(a: str, b: str) -> bool:
    """Whether two tokens may be matched on their skeleton.

    Both need 3+ letters and one 4+, similar lengths, a skeleton of 3+ letters ("abiy" / "abu"
    and "korea" / "koryo" are too thin), and they must not be two different known names of the
    romanisation table (Korean "jong" / "jang" share a skeleton but are different names).
    """
    la, lb = len(a), len(b)
    if min(la, lb) < 3 or max(la, lb) < 4 or min(la, lb) < 0.75 * max(la, lb):
        return False
    if a.isdigit() or b.isdigit() or len(skeleton(a)) < 3:
        return False
    return not (is_known_name(a) and is_known_name(b))


def _quiet(token: str) -> str:
    """A token without the h / w / y the skeleton leaves out (after its first letter)."""
    return token[:1] + token[1:].translate(_H_W_Y)


_H_W_Y = str.maketrans("", "", "hwy")


@functools.lru_cache(maxsize=200_000)
def _phonetic(token: str) -> tuple[str, str]:
    return jellyfish.metaphone(token), jellyfish.nysiis(token)


@functools.lru_cache(maxsize=1_000_000)
def token_similarity(a: str, b: str) -> tuple[float, str]:
    """Similarity of two normalised tokens (0..1) and the method that produced it.

    Two Arabic compounds with the same bound part (``abdulmalek`` / ``abdulmalik``, see
    :func:`~sanctions_check.names.lexicon.bound_rest`) whose other parts are different names
    (below :data:`SIM_FLOOR`, and not the same consonants: ``wali`` / ``wale`` are one name)
    get the other parts' similarity: the shared ``abdul`` proves nothing (``abdulkarim`` is
    not ``abdulrahim``).  This only ever lowers a similarity, so the index, which finds every
    pair the whole words could earn, stays exact.
    """
    if a == b:
        return 1.0, "exact"
    if not (a.isascii() and b.isascii()):
        # Han / kana tokens carry their characters: in the same script the characters decide
        # (高石 / 高市 share the reading "gao shi"), against a romanised name the reading
        wa, wb = written(a), written(b)
        if wa and wb:
            return 0.0, "character"
        a, b = reading(a), reading(b)
        if a == b:
            return 1.0, "reading"
    sim, method = _similarity(a, b)
    if sim < SIM_FLOOR:
        return sim, method
    ra = bound_rest(a)
    rb = bound_rest(b) if ra is not None else None
    if ra is not None and rb is not None and ra[0] == rb[0]:
        x, y = ra[1], rb[1]
        rest = token_similarity(x, y)
        same_consonants = (len(x) >= 2 and min(len(x), len(y)) >= 0.75 * max(len(x), len(y))
                           and skeleton(x) == skeleton(y))
        if rest[0] < SIM_FLOOR and not same_consonants:
            return rest  # other names after the same "abdul": abdulkarim / abdulrahim
    return sim, method


def _similarity(a: str, b: str) -> tuple[float, str]:
    ca, cb = canonical_token(a), canonical_token(b)
    if ca == cb:
        return 0.95, "romanisation"
    sa = synonym_token(a)
    if sa is not None and sa == synonym_token(b):
        return 0.92, "synonym"
    # edit similarity (OSA: Levenshtein counting a swap of neighbours as one edit) of the
    # canonical forms, or of the spellings as written when closer ("amhed" / "ahmed")
    lev = OSA.normalized_similarity(ca, cb)
    if (ca != a or cb != b) and lev < 1.0:
        lev = max(lev, OSA.normalized_similarity(a, b))
    if is_known_name(ca) and is_known_name(cb):
        # two different names of the romanisation table ("ryong" / "myong", "pak" / "paek"):
        # known to differ, so no phonetic or vowel leniency; a one-letter difference (a typo,
        # or really another syllable) keeps a modest edit similarity
        return min(lev, KNOWN_APART_SIM), "edit"
    if (
        lev < 0.9
        and max(lev, OSA.normalized_similarity(_quiet(ca), _quiet(cb))) >= 0.65
        and skeleton(ca) == skeleton(cb)
        and skeleton_applies(ca, cb)
    ):
        # vowels apart, and h / w / y, which the skeleton leaves out too: "aw" / "o"
        # (jawlani / golani, with jim as g), "kh" / "k"
        return 0.9, "vowels"
    if min(len(a), len(b)) <= SHORT_TOKEN:
        # (a swap needs three letters: "un" / "nu" are two syllables; "yyu" / "yu" is a typo)
        longer = 3 if len(a) == len(b) else 2
        if (
            lev < TYPO_SIM
            and min(len(a), len(b)) >= longer
            and abs(len(a) - len(b)) <= 1
            and ((typo_key(a) == typo_key(b) and is_typo(a, b))
                 or (typo_key(ca) == typo_key(cb) and is_typo(ca, cb)))
        ):
            return TYPO_SIM, "typo"
        if (
            SIM_FLOOR <= lev < TYPO_SIM
            and max(len(a), len(b)) <= SHORT_TOKEN + 1
            and is_korean_syllable(a) != is_korean_syllable(b)
            and OSA.distance(a, b) == 1
        ):
            # one letter replaced, dropped or added makes a word that cannot be a syllable
            # ("hzok" / "hyok", "chl" / "chol"): a typo, not another syllable
            return TYPO_SIM, "typo"
        return lev, "edit"
    if lev < 0.6:
        return lev, "edit"
    jw = JaroWinkler.similarity(ca, cb)
    sim = max(lev, min(jw - JW_GAIN, lev + JW_GAIN))
    pa, pb = _phonetic(ca), _phonetic(cb)
    if lev >= 0.7 and sim < 0.9 and (pa[0] == pb[0] or pa[1] == pb[1]):
        return 0.9, "phonetic"
    return sim, "edit"


@functools.lru_cache(maxsize=200_000)
def typo_key(token: str) -> str:
    """The letters of a token, doubled ones once, sorted: equal for a short word and its typo
    (:func:`is_typo`), so the index finds them by lookup (``sko`` / ``sok``, ``yyu`` / ``yu``)."""
    return "".join(sorted(_undoubled(token)))


def _undoubled(token: str) -> str:
    for i in range(len(token) - 1):
        if token[i] == token[i + 1]:
            return "".join(ch for j, ch in enumerate(token) if j == 0 or ch != token[j - 1])
    return token


def is_typo(a: str, b: str) -> bool:
    """Two words one typo apart: two neighbouring letters swapped ("sko" / "sok", "isk" /
    "sik") or one letter doubled ("yyu" / "yu").  In a Korean syllable such a typo lost the
    whole word before: short words are otherwise compared strictly."""
    if _undoubled(a) == _undoubled(b):
        return a != b
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and (
        a[diff[1]] == b[diff[0]]
    )


def gate_cutoff(query_unit: str) -> float:
    """An OSA (edit) similarity below which no token can reach :data:`SIM_FLOOR`.

    Used by the index to enumerate, with rapidfuzz, a superset of the list tokens that
    :func:`token_similarity` could credit (exact, romanisation, synonym and vowel-skeleton
    matches are found by dictionary lookups instead).  Short tokens are compared on edit
    similarity alone; Jaro-Winkler adds at most :data:`JW_GAIN` to a longer pair's, and
    phonetic agreement needs an edit similarity of :data:`SIM_FLOOR` itself.
    """
    return SIM_FLOOR if len(query_unit) <= SHORT_TOKEN else SIM_FLOOR - JW_GAIN


def is_initial_pair(a: str, b: str) -> bool:
    """A single letter against a longer token starting with it ("a" ~ "abdul")."""
    return (len(a) == 1) != (len(b) == 1) and a[0] == b[0]


# --------------------------------------------------------------------------- weights
class TokenWeights:
    """How informative each token is: IDF over the entries of a list.

    ``weight(token, kind)`` is ``log((N+1)/(df+0.5)) / log(N+1)`` on the token's romanisation
    canonical form (clipped to 0.05..1); particles (``stopwords.txt``) weigh at most
    :data:`STOPWORD_WEIGHT` and, for organisations, legal-form words (``legal_forms.txt``) at
    most :data:`LEGAL_FORM_WEIGHT` and series numbers (digits, Roman numerals of two letters
    or more) :data:`SERIES_WEIGHT` in a name of :data:`SERIES_CONTEXT` other words or more
    (:meth:`name_weights`).  Tokens the list never uses weigh
    :data:`UNKNOWN_WEIGHT`.
    The default table (no list) gives every other token the unknown weight.
    """

    def __init__(self, doc_freq: dict[str, int] | None = None, n_docs: int = 0) -> None:
        self.doc_freq = doc_freq or {}
        self.n_docs = n_docs
        self._log_n = math.log(n_docs + 1) if n_docs else 1.0
        self._cache: dict[tuple[str, str | None], float] = {}

    @classmethod
    def from_documents(cls, documents: Iterable[Iterable[str]]) -> TokenWeights:
        """Build from one token collection per list entry (all its names together)."""
        df: dict[str, int] = {}
        n = 0
        for doc in documents:
            n += 1
            for tok in {canonical_token(t) for t in doc}:
                df[tok] = df.get(tok, 0) + 1
        return cls(df, n)

    def name_weights(self, tokens: Sequence[str], kind: str | None = None) -> list[float]:
        """The weights of a whole name's tokens: :meth:`weight`, with an organisation's series
        numbers at :data:`SERIES_WEIGHT` when :data:`SERIES_CONTEXT` other words, not
        particles or legal forms, name it ("JI SONG 6"; not "Room 39")."""
        ws = [self.weight(t, kind) for t in tokens]
        if kind == "org" and len(tokens) > SERIES_CONTEXT and any(map(is_series, tokens)):
            weak = stopwords() | legal_forms()
            other = sum(1 for t in tokens if t not in weak and not is_series(t))
            if other >= SERIES_CONTEXT:
                ws = [min(w, SERIES_WEIGHT) if is_series(t) else w for t, w in zip(tokens, ws, strict=True)]
        return ws

    def weight(self, token: str, kind: str | None = None) -> float:
        key = (token, kind)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if token in stopwords():
            w = STOPWORD_WEIGHT
        elif kind == "org" and token in legal_forms():
            w = LEGAL_FORM_WEIGHT
        else:
            canon = canonical_token(token)
            df = self.doc_freq.get(canon)
            if df is None or not self.n_docs:
                w = UNKNOWN_WEIGHT
            else:
                idf = math.log((self.n_docs + 1) / (df + 0.5)) / self._log_n
                w = min(1.0, max(0.05, idf))
            if kind != "org" and canon in common_names():
                w = min(w, COMMON_NAME_WEIGHT)
        if len(self._cache) < 500_000:
            self._cache[key] = w
        return w


DEFAULT_WEIGHTS = TokenWeights()
