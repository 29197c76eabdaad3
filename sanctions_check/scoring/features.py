"""Token-level scoring features: how alike two words are, and how much each word weighs.

Contract: every function takes normalised tokens (see :mod:`sanctions_check.names.normalise`) or
plain values and returns a score plus a human-readable detail; nothing here knows about the
index or the list as a whole except through a :class:`TokenWeights` table.

* :func:`token_similarity` -- one token pair, 0..1, and the method that matched it: ``exact``,
  ``romanisation`` (``data/romanisation.csv``), ``synonym`` (``data/synonyms.csv``),
  ``phonetic`` (Metaphone / NYSIIS agreement from jellyfish on top of an edit similarity),
  ``edit`` (rapidfuzz OSA: Levenshtein with transpositions, plus Jaro-Winkler for long
  tokens), ``initial``, ``reading`` (a Han or kana token against its romanised reading; two
  different characters get 0, ``character``: the characters decide in the same script),
  ``abjad``: a word written without vowels (Arabic or Persian script through anyascii: "mnyr")
  against a Latin spelling of its letters ("monir"; :mod:`sanctions_check.scoring.abjad`);
  ``ending``: a short name with a vowel added at its end is another name form (``majid`` /
  ``majidi``); ``voicing``: a Korean syllable's first consonant voiced or not (``pong`` /
  ``bong``, ``data/romanisation.csv``), which the alignment keeps only between two Korean
  names (:func:`similarity_without_voicing` otherwise).
  Short tokens (4 letters or fewer) are compared strictly: one letter changes a Korean or
  Chinese syllable ("son" is not "song"), so only the romanisation table bridges them.
* :func:`credit` -- how much of a token's weight a similarity earns (short tokens less).
* :class:`~sanctions_check.scoring.tokenweights.TokenWeights` (re-exported here) -- how
  informative each token is: IDF over the list; particles and legal forms weak.

The alignment of whole names and the name score built from these features are in
:mod:`sanctions_check.scoring.namescore`; organisation acronyms live in :mod:`sanctions_check.names.acronyms`,
date-of-birth and nationality evidence in :mod:`sanctions_check.scoring.secondary`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler

from sanctions_check.lists.entries import ORG
from sanctions_check.names.kontsevich import final_readings
from sanctions_check.names.lexicon import (
    FINAL_N,
    bound_rest,
    canonical_token,
    consonant_fold,
    honorific_names,
    is_known_name,
    is_korean_syllable,
    medial_alike,
    reading,
    synonym_token,
    voicing_alike,
    voicing_forms,
    written,
)
from sanctions_check.scoring.abjad import abjad_similarity
from sanctions_check.scoring.tokenweights import DEFAULT_WEIGHTS as DEFAULT_WEIGHTS  # re-exported
from sanctions_check.scoring.tokenweights import TokenWeights as TokenWeights  # re-exported
from sanctions_check.scoring.typos import is_typo, typo_key, undoubled
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights


def unmatched_costs(
    tokens: Sequence[str],
    weights: Sequence[float],
    kind: str | None,
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> Sequence[float]:
    """What each query token costs when the alignment leaves it unmatched: its weight, except
    an honorific that is also a given name ("Hafiz": ``data/honorific_names.txt``) opening a
    person's query ("Hafiz" Saeed): ``scoring.honorific_name_weight`` (not required;
    matched, it earns its weight as a name)."""
    if kind == ORG or len(tokens) < 2 or tokens[0] not in honorific_names():
        return weights
    return [min(weights[0], scoring.honorific_name_weight), *weights[1:]]


def credit(sim: float, short: bool = False, scoring: ScoringWeights = DEFAULT_SCORING) -> float:
    """How much of a token's weight a similarity earns (0 below ``scoring.sim_floor``;
    ``scoring.credit_short`` / ``credit_long``: similarity -> credit, piecewise linear)."""
    if sim < scoring.sim_floor:
        return 0.0
    if sim >= 1.0:
        return 1.0
    points = scoring.credit_short if short else scoring.credit_long
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


_VOWEL_LETTERS = frozenset("aeiou")


def vowel_dropped(a: str, b: str) -> bool:
    """Whether one word of 5+ letters is the other with one vowel left out inside it, doubled
    letters read single ("mohmed" / "mohammed", "muhmad" / "muhammad"; not at either end:
    "karim" / "karima" are two names)."""
    if max(len(a), len(b)) < 6:  # too short even before doubled letters are read single
        return False
    a, b = undoubled(a), undoubled(b)
    la, lb = len(a), len(b)
    if la > lb:
        a, b, la, lb = b, a, lb, la
    if la < 5 or lb != la + 1:
        return False
    # with no doubled letters left, the one letter of b that can be left out to give a is at
    # the first place the two differ (or b's last letter)
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), la)
    return 0 < i < lb - 1 and b[i] in _VOWEL_LETTERS and b[i + 1:] == a[i:]


def _quiet(token: str) -> str:
    """A token without the h / w / y the skeleton leaves out (after its first letter)."""
    return token[:1] + token[1:].translate(_H_W_Y)


_H_W_Y = str.maketrans("", "", "hwy")


@functools.lru_cache(maxsize=200_000)
def _phonetic(token: str) -> tuple[str, str]:
    return jellyfish.metaphone(token), jellyfish.nysiis(token)


# one cache of token_similarity per weights object in use (by identity: the object is kept
# with its cache, so its id cannot be reused while the entry exists); at most
# SIMILARITY_CONFIGS of them, the least recently used dropped first, so a library caller
# that tries many configurations does not keep every one's cache for the process's life
SIMILARITY_CONFIGS = 8
_SIMILARITY: dict[int, tuple[ScoringWeights, Callable[[str, str], tuple[float, str]]]] = {}


def similarity_for(scoring: ScoringWeights) -> Callable[[str, str], tuple[float, str]]:
    """:func:`token_similarity` under ``scoring``, as a cached function of the two tokens
    (what hot loops bind once)."""
    key = id(scoring)
    got = _SIMILARITY.get(key)
    if got is None or got[0] is not scoring:
        cached = functools.lru_cache(maxsize=1_000_000)(
            functools.partial(_token_similarity, scoring=scoring)
        )
        _SIMILARITY.pop(key, None)
        while len(_SIMILARITY) >= SIMILARITY_CONFIGS:
            del _SIMILARITY[next(iter(_SIMILARITY))]  # the least recently used
        got = _SIMILARITY[key] = (scoring, cached)
    elif next(reversed(_SIMILARITY)) != key:
        _SIMILARITY[key] = _SIMILARITY.pop(key)  # now the most recently used
    return got[1]


@functools.lru_cache(maxsize=8)
def _without_voicing(scoring: ScoringWeights) -> ScoringWeights:
    return dataclasses.replace(scoring, voicing_sim=0.0)


def similarity_without_voicing(scoring: ScoringWeights) -> Callable[[str, str], tuple[float, str]]:
    """:func:`similarity_for` with the Korean voicing rule off (``voicing_sim`` 0): what a
    ``voicing`` pair is worth outside two Korean names ("bin" / "pin"; alignment).  Only
    ever lower than :func:`token_similarity`, so the index, which finds every pair the
    latter credits, stays exact."""
    return similarity_for(_without_voicing(scoring))


def token_similarity(
    a: str, b: str, scoring: ScoringWeights = DEFAULT_SCORING
) -> tuple[float, str]:
    """Similarity of two normalised tokens (0..1) and the method that produced it.

    Two Arabic compounds with the same bound part (``abdulmalek`` / ``abdulmalik``, see
    :func:`~sanctions_check.names.lexicon.bound_rest`) whose other parts are different names
    (below ``scoring.sim_floor``, and not the same consonants: ``wali`` / ``wale`` are one name)
    get the other parts' similarity: the shared ``abdul`` proves nothing (``abdulkarim`` is
    not ``abdulrahim``).  This only ever lowers a similarity, so the index, which finds every
    pair the whole words could earn, stays exact.  Cached (:func:`similarity_for`).
    """
    return similarity_for(scoring)(a, b)


def _token_similarity(a: str, b: str, scoring: ScoringWeights) -> tuple[float, str]:
    if a == b:
        return 1.0, "exact"
    if not (a.isascii() and b.isascii()):
        if a.endswith(FINAL_N) or b.endswith(FINAL_N):
            # a Korean syllable read from Cyrillic whose final н is ㄴ or ㅇ (names.kontsevich):
            # the same syllable as either reading ("hyongн" is "hyon" and "hyong"); otherwise
            # compared on its likelier reading, so the other final adds no leniency of its
            # own ("ryongн" is "ryon", not the "yon" that romanises ryon)
            ra, rb = final_readings(a), final_readings(b)
            if not set(ra).isdisjoint(rb):
                return 1.0, "reading"
            return _token_similarity(ra[0], rb[0], scoring)
        # Han / kana tokens carry their characters: in the same script the characters decide
        # (高石 / 高市 share the reading "gao shi"), against a romanised name the reading
        wa, wb = written(a), written(b)
        if wa and wb:
            return 0.0, "character"
        a, b = reading(a), reading(b)
        if a == b:
            return 1.0, "reading"
    sim, method = _similarity(a, b, scoring)
    if sim > scoring.ending_sim and method != "romanisation" and _ending_added(a, b, scoring):
        return scoring.ending_sim, "ending"
    if sim < scoring.abjad_sim and (_VOWEL_LETTERS.isdisjoint(a[:-1])
                                    or _VOWEL_LETTERS.isdisjoint(b[:-1])):
        # (abjad_similarity is 0 unless one word has no vowel letter but a final a: most
        # pairs skip it)
        abjad = abjad_similarity(a, b, scoring)
        if abjad > sim:
            return abjad, "abjad"
    floor = scoring.sim_floor
    if sim < floor:
        return sim, method
    ra = bound_rest(a)
    rb = bound_rest(b) if ra is not None else None
    if ra is not None and rb is not None and ra[0] == rb[0]:
        x, y = ra[1], rb[1]
        rest = similarity_for(scoring)(x, y)
        same_consonants = (len(x) >= 2 and min(len(x), len(y)) >= 0.75 * max(len(x), len(y))
                           and skeleton(x) == skeleton(y))
        if rest[0] < floor and not same_consonants:
            return rest  # other names after the same "abdul": abdulkarim / abdulrahim
    return sim, method


_ENDINGS = "aiy"  # nisba -i / -y, feminine -a ("mamad" / "mamadu" is a letter dropped)


def _ending_added(a: str, b: str, scoring: ScoringWeights) -> bool:
    """One word is the other, of 3 to ``scoring.ending_max_len`` letters and ending in a
    consonant, with a vowel added at its end, other vowels apart ("majid" / "majidi",
    "ahmed" / "ahmadi", "destin" / "destina"): in Arabic names the nisba -i makes another
    family name, elsewhere -a a feminine form.  Not -a after a name whose last vowel is a
    ("hamad" / "hamada", aliases of one listed man): feminine forms take -a after i, e, o
    or u (Karim / Karima, Destin / Destina, Petrov / Petrova, Mahmud / Mahmuda); after a it
    is mostly the Arabic ta marbuta of one name written with or without it (the price:
    Ivan / Ivana, Sultan / Sultana are not told apart by this rule)."""
    if len(a) > len(b):
        a, b = b, a
    if not (3 <= len(a) <= scoring.ending_max_len and len(b) == len(a) + 1 and a.isalpha()):
        return False
    if b[-1] not in _ENDINGS or a[-1] in "aeiouy":
        return False
    if b[-1] == "a" and _last_vowel(a) == "a":
        return False  # -a after a last a: a spelling of one name ("hamad" / "hamada")
    stem = b[:-1]  # the same name before the ending, vowels apart ("ahmed" / "ahmad-i")
    return stem == a or (skeleton(stem) == skeleton(a) and stem[0] == a[0])


def _last_vowel(token: str) -> str:
    return next((ch for ch in reversed(token) if ch in "aeiou"), "")


def _similarity(a: str, b: str, scoring: ScoringWeights) -> tuple[float, str]:
    ca, cb = canonical_token(a), canonical_token(b)
    la, lb = len(a), len(b)
    if ca == cb or (len(ca) == len(cb) >= 5 and medial_alike(ca, cb)):  # (its own test first)
        return scoring.romanisation_sim, "romanisation"
    if scoring.voicing_sim and voicing_forms(ca) and voicing_alike(ca, cb):
        # a Korean syllable's first consonant voiced or not ("pong" / "bong"); in force only
        # between two Korean names: align() asks similarity_without_voicing otherwise
        return scoring.voicing_sim, "voicing"
    sa = synonym_token(a)
    if sa is not None and sa == synonym_token(b):
        return scoring.synonym_sim, "synonym"
    # edit similarity (OSA: Levenshtein counting a swap of neighbours as one edit) of the
    # canonical forms, or of the spellings as written when closer ("amhed" / "ahmed")
    lev = OSA.normalized_similarity(ca, cb)
    if (ca != a or cb != b) and lev < 1.0:
        lev = max(lev, OSA.normalized_similarity(a, b))
    if (scoring.vouched_typo_sim > lev and min(la, lb) >= 2
            and (OSA.distance(a, b) == 1 or OSA.distance(ca, cb) == 1)):
        # a date of birth and nationality that agree vouch for a typo of one letter, even one
        # that makes another name or syllable ("kon" / "yon", "im" / "kim", "zafa" / "zafar";
        # matching.samebirth): never in force on the name alone
        return scoring.vouched_typo_sim, "birth-typo"
    if is_known_name(ca) and is_known_name(cb):
        # two different names of the romanisation table ("ryong" / "myong", "pak" / "paek"):
        # known to differ, so no phonetic or vowel leniency; a one-letter difference (a typo,
        # or really another syllable) keeps a modest edit similarity
        return min(lev, scoring.known_apart_sim), "edit"
    if (
        lev < scoring.vowels_sim
        and skeleton(ca) == skeleton(cb)  # (cached: the cheapest test first)
        and max(lev, OSA.normalized_similarity(_quiet(ca), _quiet(cb))) >= 0.65
        and skeleton_applies(ca, cb)
    ):
        # vowels apart, and h / w / y, which the skeleton leaves out too: "aw" / "o"
        # (jawlani / golani, with jim as g), "kh" / "k"
        return scoring.vowels_sim, "vowels"
    if scoring.vowels_sim > lev >= scoring.sim_floor - scoring.jw_gain and (
            (max(la, lb) >= 6 and vowel_dropped(a, b))
            or ((ca != a or cb != b) and vowel_dropped(ca, cb))):  # (the same pair once)
        # one vowel left out inside a long word ("mohmed" / "mohammed"), where the skeleton,
        # without h, is too thin to tell ("md"); the edit similarity is at the index's cutoff
        return scoring.vowels_sim, "vowels"
    short_token, typo_sim = scoring.short_token, scoring.typo_sim
    if min(la, lb) <= short_token:
        # (a swap needs three letters: "un" / "nu" are two syllables; "yyu" / "yu" is a typo)
        longer = 3 if la == lb else 2
        if (
            lev < typo_sim
            and min(la, lb) >= longer
            and abs(la - lb) <= 1
            and ((typo_key(a) == typo_key(b) and is_typo(a, b))
                 or (typo_key(ca) == typo_key(cb) and is_typo(ca, cb)))
        ):
            return typo_sim, "typo"
        if (
            lev < typo_sim
            and (lev >= scoring.sim_floor or min(la, lb) >= 3)
            and max(la, lb) <= short_token + 1
            and is_korean_syllable(a) != is_korean_syllable(b)
            and OSA.distance(a, b) == 1
        ):
            # one letter replaced, dropped or added makes a word that cannot be a syllable
            # ("hzok" / "hyok", "chl" / "chol", "aim" / "kim"): a typo, not another syllable
            # (the index finds the pairs by their words less one letter: typo_deletes)
            return typo_sim, "typo"
        return lev, "edit"
    if lev < 0.6:
        return lev, "edit"
    jw = JaroWinkler.similarity(ca, cb)
    gain = scoring.jw_gain
    sim = max(lev, min(jw - gain, lev + gain))
    pa, pb = _phonetic(ca), _phonetic(cb)
    if lev >= scoring.sim_floor and sim < scoring.phonetic_sim and (pa[0] == pb[0] or pa[1] == pb[1]):
        return scoring.phonetic_sim, "phonetic"
    return sim, "edit"


def gate_cutoff(query_unit: str, scoring: ScoringWeights = DEFAULT_SCORING) -> float:
    """An OSA (edit) similarity below which no token can reach ``scoring.sim_floor``.

    Used by the index to enumerate, with rapidfuzz, a superset of the list tokens that
    :func:`token_similarity` could credit (exact, romanisation, synonym and vowel-skeleton
    matches are found by dictionary lookups instead).  Short tokens are compared on edit
    similarity alone; Jaro-Winkler adds at most ``scoring.jw_gain`` to a longer pair's, and
    phonetic agreement needs an edit similarity of the floor itself.
    """
    floor = scoring.sim_floor
    return floor if len(query_unit) <= scoring.short_token else floor - scoring.jw_gain


def is_initial_pair(a: str, b: str) -> bool:
    """A single letter against a longer token starting with it ("a" ~ "abdul")."""
    return (len(a) == 1) != (len(b) == 1) and a[0] == b[0]
