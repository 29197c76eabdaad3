"""Small pure scoring functions used by the matcher, each explaining its result.

Contract: every function takes normalised tokens (see :mod:`sanctions_check.normalise`) or
plain values and returns a score plus a human-readable detail; nothing here knows about the
index or the list as a whole except through a :class:`TokenWeights` table.

* :func:`token_similarity` -- one token pair, 0..1, and the method that matched it: ``exact``,
  ``romanisation`` (``data/romanisation.csv``), ``synonym`` (``data/synonyms.csv``),
  ``phonetic`` (Metaphone / NYSIIS agreement from jellyfish on top of an edit similarity),
  ``edit`` (rapidfuzz OSA: Levenshtein with transpositions, plus Jaro-Winkler for long
  tokens), ``initial``.
  Short tokens (4 letters or fewer) are compared strictly: one letter changes a Korean or
  Chinese syllable ("son" is not "song"), so only the romanisation table bridges them.
* :func:`align` -- tokens aligned regardless of order, including joined / split forms
  ("abdulmalik" ~ "abdul malik", "shamsurrahman" ~ "shams ur rahman") and initials.
* :func:`name_score` -- 0..100 from the alignment, weighting tokens by how informative they
  are (:class:`TokenWeights`: IDF over the list; particles and legal forms weak).  Unmatched
  query tokens cost in full; unmatched list tokens (dropped middle names, patronymics, legal
  forms) cost less for persons than for organisations.

Organisation acronyms live in :mod:`sanctions_check.acronyms`, date-of-birth and
nationality evidence in :mod:`sanctions_check.secondary`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler

from sanctions_check.normalise import (
    canonical_token,
    common_names,
    is_known_name,
    legal_forms,
    stopwords,
    synonym_token,
)

SIM_FLOOR = 0.70  # token pairs below this similarity get no credit at all
JW_GAIN = 0.05  # Jaro-Winkler raises a longer pair's edit similarity by at most this much
KNOWN_APART_SIM = 0.8  # most two different known names (ryong / ryang) can share
SHORT_TOKEN = 4  # tokens this short are compared strictly (no Jaro-Winkler, no phonetics)
MAX_SPAN = 3  # joined forms: up to 3 tokens on one side against 1 token on the other
STOPWORD_WEIGHT = 0.05
LEGAL_FORM_WEIGHT = 0.08
COMMON_NAME_WEIGHT = 0.6  # cap for names common in the world (data/common_names.txt)
COUNTRY_WEIGHT = 0.2  # "of the DPRK" in an organisation query, when the entry is in that country
UNKNOWN_WEIGHT = 0.9  # a token the list never uses is informative
INITIAL_SIM = 0.80
QUERY_EXPONENT = 1.0  # unmatched query tokens cost in full
LIST_EXPONENT = {"person": 0.25, "org": 0.7}
SINGLE_WORD_EXPONENT = 0.7  # list exponent when the query is a single word
MIDDLE_NAME_COST = {"person": 0.5}  # share of an unmatched middle list word's weight charged
MIN_EVIDENCE = 1.0  # matched list weight below this (about one rare word) scales the score down
# share of an unmatched query token's weight charged when the list name has nothing left
# unmatched ("Thomas Lubanga Dyilo" ~ "THOMAS LUBANGA"); in full when the list name has
# unmatched tokens of similar weight (a substitution: "Kim Jong Un" ~ "KIM JONG SIK")
EXTRA_QUERY_COST = {"person": 0.5, "org": 1.0}

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
    points = _CREDIT_SHORT if short else _CREDIT_LONG
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if sim <= x1:
            return y0 + (y1 - y0) * (sim - x0) / (x1 - x0)
    return 1.0


_VOWELS_H = str.maketrans("", "", "aeiouywh")


@functools.lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """First letter plus the remaining consonants, without h/w/y and doubled letters.

    Transliterations of Arabic and Persian names differ mostly in vowels: "seif" / "saif",
    "adel" / "adil", "talfah" / "tilfah", "rsul" / "rasul" share a skeleton.
    """
    if len(token) < 3:
        return token
    rest = token[1:].translate(_VOWELS_H)
    out = [token[0]]
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


@functools.lru_cache(maxsize=200_000)
def _phonetic(token: str) -> tuple[str, str]:
    return jellyfish.metaphone(token), jellyfish.nysiis(token)


@functools.lru_cache(maxsize=1_000_000)
def token_similarity(a: str, b: str) -> tuple[float, str]:
    """Similarity of two normalised tokens (0..1) and the method that produced it."""
    if a == b:
        return 1.0, "exact"
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
    if 0.65 <= lev < 0.9 and skeleton(ca) == skeleton(cb) and skeleton_applies(ca, cb):
        return 0.9, "vowels"
    if min(len(a), len(b)) <= SHORT_TOKEN:
        return lev, "edit"
    if lev < 0.6:
        return lev, "edit"
    jw = JaroWinkler.similarity(ca, cb)
    sim = max(lev, min(jw - JW_GAIN, lev + JW_GAIN))
    pa, pb = _phonetic(ca), _phonetic(cb)
    if lev >= 0.7 and sim < 0.9 and (pa[0] == pb[0] or pa[1] == pb[1]):
        return 0.9, "phonetic"
    return sim, "edit"


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
    most :data:`LEGAL_FORM_WEIGHT`.  Tokens the list never uses weigh :data:`UNKNOWN_WEIGHT`.
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


# --------------------------------------------------------------------------- alignment
@dataclass(frozen=True)
class AlignedPair:
    query: tuple[str, ...]
    listed: tuple[str, ...]
    sim: float
    method: str

    def describe(self) -> str:
        q, lst = " ".join(self.query), " ".join(self.listed)
        if self.method == "exact" and q.replace(" ", "") == lst.replace(" ", ""):
            return q if q == lst else f"{q}~{lst} (joined)"
        return f"{q}~{lst} ({self.method} {self.sim:.2f})"


@dataclass(frozen=True)
class NameScore:
    score: float  # 0..100
    query_coverage: float  # weighted share of the query matched (0..1)
    list_coverage: float  # weighted share of the list name matched (0..1)
    pairs: tuple[AlignedPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_list: tuple[str, ...]
    matched_weight: float = 0.0  # list weight earned by matched tokens (absolute)

    def describe(self) -> str:
        parts = [p.describe() for p in self.pairs]
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_list:
            parts.append("list only: " + " ".join(self.unmatched_list))
        return "; ".join(parts)


def span_allowed(tokens: Sequence[str], start: int, size: int) -> bool:
    """Whether ``tokens[start:start+size]`` may be joined into one unit.

    Pairs always; three tokens only around a particle or short syllable ("shams ur rahman",
    "ri je son"), which keeps the index vocabulary small.  The index uses the same rule.
    """
    if start + size > len(tokens):
        return False
    if size == 3:
        middle = tokens[start + 1]
        return middle in stopwords() or len(middle) <= 3
    return size <= MAX_SPAN


def is_particles(tokens: Sequence[str]) -> bool:
    """Whether every token is a particle / connecting word (``stopwords.txt``)."""
    sw = stopwords()
    for t in tokens:
        if t not in sw:
            return False
    return True


# keyed by whole names, which a batch never repeats: a small cache (100,000 entries held
# ~50 MB per worker for nothing)
@functools.lru_cache(maxsize=4096)
def spans_of(tokens: tuple[str, ...], joins: bool = True) -> tuple[tuple[int, int, str], ...]:
    """The units of a token tuple: each token, and joined spans allowed by :func:`span_allowed`."""
    out = []
    for i in range(len(tokens)):
        for size in range(1, (MAX_SPAN if joins else 1) + 1):
            if span_allowed(tokens, i, size):
                out.append((i, i + size, "".join(tokens[i : i + size])))
    return tuple(out)


@functools.lru_cache(maxsize=100_000)
def _units(
    tokens: tuple[str, ...], joins: bool
) -> tuple[tuple[int, int, str, int, str, bool], ...]:
    """:func:`spans_of` with each unit's length, canonical 2-letter prefix (for joins) and
    whether it is exempt from index masks (particles and initials, which the index skips)."""
    return tuple(
        (s, e, u, len(u), canonical_token(u)[:2] if joins else "",
         len(u) == 1 or is_particles(tokens[s:e]))
        for s, e, u in spans_of(tokens, joins)
    )


# methods that only pair single tokens: a joined form must be spelled alike, not just sound
# alike (align() and the index's tables both apply this)
LOOSE_METHODS = frozenset({"vowels", "phonetic"})
JOIN_RATIO = 0.6  # a joined unit is only compared with a token of similar length


def join_compatible(a: str, b: str) -> bool:
    """Whether a joined unit and a token may be compared: similar lengths, same first 2 letters.

    ("abdulmalik" / "abdul malik"; "shamsurrahman" / "shams ur rahman").  Keeps joined
    comparisons few, in the scorer and in the index alike.
    """
    la, lb = len(a), len(b)
    if min(la, lb) < JOIN_RATIO * max(la, lb):
        return False
    return canonical_token(a)[:2] == canonical_token(b)[:2]


def align(
    query: Sequence[str],
    listed: Sequence[str],
    joins: bool = True,
    q_mask: int = -1,
    l_mask: int = -1,
) -> list[tuple[int, int, int, int, float, str]]:
    """Greedy best-first alignment of query tokens to list tokens, order-free.

    Returns ``(q_start, q_end, l_start, l_end, sim, method)`` spans; one side of every pair is
    a single token, the other up to :data:`MAX_SPAN` joined tokens (lengths within
    :data:`JOIN_RATIO` of each other).  ``joins=False`` compares single tokens only.
    ``q_mask`` / ``l_mask`` (bit i = token i) restrict the comparison to the tokens the index
    found in each other (initials are always compared): a shortcut that changes nothing,
    since the index finds every pair that can be credited.
    """
    cands: list[tuple[float, int, int, int, int, int, str]] = []
    l_units = [
        u for u in _units(tuple(listed), joins)
        if u[5] or (l_mask >> u[0]) & ((1 << (u[1] - u[0])) - 1) == (1 << (u[1] - u[0])) - 1
    ]
    for qs, qe, qu, lq, qp, exempt in _units(tuple(query), joins):
        if not exempt and (q_mask >> qs) & ((1 << (qe - qs)) - 1) != (1 << (qe - qs)) - 1:
            continue
        q_single = qe - qs == 1
        for ls, le, lu, ll, lp, _ in l_units:
            if q_single:
                if le - ls == 1:
                    if (lq == 1) != (ll == 1):
                        if qu[0] == lu[0]:
                            cands.append((INITIAL_SIM, 2, qs, qe, ls, le, "initial"))
                        continue
                elif qp != lp or min(lq, ll) < JOIN_RATIO * max(lq, ll):
                    continue
            elif le - ls != 1 or qp != lp or min(lq, ll) < JOIN_RATIO * max(lq, ll):
                continue
            sim, method = token_similarity(qu, lu)
            if sim >= SIM_FLOOR:
                if method in LOOSE_METHODS and not (q_single and le - ls == 1):
                    continue  # a joined form must be spelled alike, not just sound alike
                cands.append((sim, (qe - qs) + (le - ls), qs, qe, ls, le, method))
    # ties are broken on the tokens themselves, so the result does not depend on word order
    cands.sort(key=lambda c: (-c[0], -c[1], query[c[2] : c[3]], listed[c[4] : c[5]]))
    used_q = [False] * len(query)
    used_l = [False] * len(listed)
    out = []
    for sim, _, qs, qe, ls, le, method in cands:
        if any(used_q[qs:qe]) or any(used_l[ls:le]):
            continue
        for i in range(qs, qe):
            used_q[i] = True
        for j in range(ls, le):
            used_l[j] = True
        out.append((qs, qe, ls, le, sim, method))
    return out


def _content_count(tokens: Sequence[str]) -> int:
    sw = stopwords()
    return sum(1 for t in tokens if t not in sw and len(t) > 1)


ScoreParts = tuple[float, float, float, float, list[tuple[int, int, int, int, float, str]]]


def score_parts(
    query: Sequence[str],
    listed: Sequence[str],
    q_weights: Sequence[float],
    l_weights: Sequence[float],
    kind: str,
    joins: bool,
    q_mask: int,
    l_mask: int,
) -> tuple[float, float, float, float, list[tuple[int, int, int, int, float, str]]]:
    """(score, qc, lc, matched list weight, alignment) -- see :func:`name_score`; the matcher
    scores candidates with this and explains the best ones with :func:`explain`."""
    pairs = align(query, listed, joins, q_mask, l_mask)
    if not pairs:
        return 0.0, 0.0, 0.0, 0.0, pairs
    mq = ml = 0.0
    real = False
    used_q = used_l = 0
    for qs, qe, ls, le, sim, method in pairs:
        single = qe - qs == 1 and le - ls == 1
        short = single and min(len(query[qs]), len(listed[ls])) <= SHORT_TOKEN
        c = credit(sim, short)
        mq += c * sum(q_weights[qs:qe])
        ml += c * sum(l_weights[ls:le])
        used_q |= ((1 << (qe - qs)) - 1) << qs
        used_l |= ((1 << (le - ls)) - 1) << ls
        if not real and method != "initial":
            real = not is_particles(query[qs:qe]) and not is_particles(listed[ls:le])
    if not real:
        return 0.0, 0.0, 0.0, 0.0, []
    wq = sum(q_weights) or 1e-9
    uq = sum(w for i, w in enumerate(q_weights) if not used_q >> i & 1)
    ul = sum(w for j, w in enumerate(l_weights) if not used_l >> j & 1)
    wl = sum(l_weights) or 1e-9
    middle = MIDDLE_NAME_COST.get(kind, 1.0)
    if middle < 1.0 and ul:
        # unmatched list words between the first and last matched ones are middle names,
        # patronymics, nasab chains: the ones people drop ("Aisha Gaddafi")
        first = (used_l & -used_l).bit_length() - 1
        last = used_l.bit_length() - 1
        inner = sum(w for j, w in enumerate(l_weights[first:last], first) if not used_l >> j & 1)
        wl -= inner * (1.0 - middle)
    # unmatched query weight costs more when the list name has unmatched weight too
    extra = EXTRA_QUERY_COST.get(kind, 1.0)
    factor = extra + (1 - extra) * min(1.0, ul / uq) if uq else 1.0
    qc = min(1.0, mq / ((wq - uq) + uq * factor))
    lc = min(1.0, ml / wl)
    exponent = LIST_EXPONENT.get(kind, 0.5)
    if exponent < SINGLE_WORD_EXPONENT and _content_count(query) == 1 < _content_count(listed):
        # one word of a longer name ("Agus" for AGUS DWIKARNA) is not a dropped middle name
        exponent = SINGLE_WORD_EXPONENT
    score = 100.0 * qc**QUERY_EXPONENT * lc**exponent
    if ml < MIN_EVIDENCE:
        # too little agreeing information: "Omar" alone, "Abu Ahmad" prove little
        score *= math.sqrt(ml / MIN_EVIDENCE)
    return round(score, 2), qc, lc, ml, pairs


def name_score(
    query: Sequence[str],
    listed: Sequence[str],
    q_weights: Sequence[float],
    l_weights: Sequence[float],
    kind: str = "person",
    joins: bool = True,
    q_mask: int = -1,
    l_mask: int = -1,
) -> NameScore:
    """Score a query name against one list name (both as token sequences), 0..100.

    ``score = 100 * qc ** QUERY_EXPONENT * lc ** LIST_EXPONENT[kind]`` where ``qc`` / ``lc`` are
    the weighted shares of query / list tokens matched, each token earning :func:`credit` of
    its similarity, times ``sqrt(matched / MIN_EVIDENCE)`` when the matched list weight is
    below :data:`MIN_EVIDENCE` (one common word proves little).  Unmatched query weight is
    charged in full when the list name has unmatched weight too (a substitution), at
    :data:`EXTRA_QUERY_COST` when not.  A name whose only agreement is initials or particles
    ("al", "bin") scores 0.
    """
    return explain(
        query, listed, score_parts(query, listed, q_weights, l_weights, kind, joins, q_mask, l_mask)
    )


def explain(query: Sequence[str], listed: Sequence[str], parts: ScoreParts) -> NameScore:
    """The :class:`NameScore` of a :func:`score_parts` result."""
    score, qc, lc, ml, pairs = parts
    used_q = {i for qs, qe, *_ in pairs for i in range(qs, qe)}
    used_l = {j for _, _, ls, le, *_ in pairs for j in range(ls, le)}
    return NameScore(
        score=score,
        query_coverage=qc,
        list_coverage=lc,
        pairs=tuple(  # in query order, for reading
            AlignedPair(tuple(query[qs:qe]), tuple(listed[ls:le]), sim, method)
            for qs, qe, ls, le, sim, method in sorted(pairs)
        ),
        unmatched_query=tuple(t for i, t in enumerate(query) if i not in used_q),
        unmatched_list=tuple(t for j, t in enumerate(listed) if j not in used_l),
        matched_weight=ml,
    )
