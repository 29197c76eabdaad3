"""Scoring: a query name aligned with one list name, and its name score with an explanation.

Contract: pure functions over normalised token sequences (see :mod:`sanctions_check.names.normalise`)
and their weights (:class:`sanctions_check.scoring.features.TokenWeights`); token pairs are compared
with :func:`sanctions_check.scoring.features.token_similarity` and earn
:func:`~sanctions_check.scoring.features.credit` of their weight.

* :func:`align` -- tokens aligned regardless of order, including joined / split forms
  ("abdulmalik" ~ "abdul malik", "shamsurrahman" ~ "shams ur rahman") and initials.
* :func:`name_score` -- 0..100 from the alignment, weighting tokens by how informative they
  are (:class:`~sanctions_check.scoring.features.TokenWeights`: IDF over the list; particles and legal
  forms weak).  Unmatched query tokens cost in full; unmatched list tokens (dropped middle
  names, patronymics, legal forms) cost less for persons than for organisations.
* :func:`score_parts` + :func:`explain` -- the same score in two steps: the matcher scores
  every candidate with the first and explains only the hits it reports with the second.

The index (:mod:`sanctions_check.search.index`) cuts names into units by the same rules
(:func:`spans_of`, :func:`join_compatible`, :data:`LOOSE_METHODS`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sanctions_check.names.lexicon import (
    canonical_token,
    common_names,
    kunya_words,
    stopwords,
)
from sanctions_check.names.qualifiers import NOT_STRONG, qualifier_limits
from sanctions_check.scoring.features import (
    INITIAL_SIM,
    QUERY_INITIAL_CREDIT,
    SHORT_TOKEN,
    SIM_FLOOR,
    credit,
    token_similarity,
    unmatched_costs,
)

MAX_SPAN = 3  # joined forms: up to 3 tokens on one side against 1 token on the other
QUERY_EXPONENT = 1.0  # unmatched query tokens cost in full
LIST_EXPONENT = {"person": 0.25, "org": 0.7}
SINGLE_WORD_EXPONENT = 0.7  # list exponent when the query is a single word
MIDDLE_NAME_COST = {"person": 0.5}  # share of an unmatched middle list word's weight charged
MIN_EVIDENCE = 1.0  # matched list weight below this (about one rare word) scales the score down
# containment: a longer organisation name holding the whole list name ("Workers' Party
# Munitions Industry Department" for MUNITIONS INDUSTRY DEPARTMENT) is charged this share of
# its extra words, when the list name is matched in full with this much evidence (about two
# informative words), and is then at most "possible" (qualifiers.NOT_STRONG); otherwise an
# organisation query's extra words cost in full.  The bounds take this share as the least.
CONTAINED_QUERY_COST = 0.3
CONTAINED_EVIDENCE = 1.5
# share of an unmatched query token's weight charged when the list name has nothing left
# unmatched ("Thomas Lubanga Dyilo" ~ "THOMAS LUBANGA"); in full when the list name has
# unmatched tokens of similar weight (a substitution: "Kim Jong Un" ~ "KIM JONG SIK")
EXTRA_QUERY_COST = {"person": 0.5, "org": CONTAINED_QUERY_COST}


class Span(NamedTuple):
    """One aligned pair of :func:`align`: query tokens ``[q_start, q_end)`` against list
    tokens ``[l_start, l_end)`` (one side a single token), their similarity and method."""

    q_start: int
    q_end: int
    l_start: int
    l_end: int
    sim: float
    method: str


class ScoreParts(NamedTuple):
    """What :func:`score_parts` computes: the score, both coverages, the matched list weight,
    the alignment and the qualifier notes."""

    score: float
    query_coverage: float
    list_coverage: float
    matched_weight: float
    pairs: list[Span]
    notes: tuple[str, ...]


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
    notes: tuple[str, ...] = ()  # qualifiers that lowered the score (qualifiers.py)

    def describe(self) -> str:
        parts = [p.describe() for p in self.pairs]
        if self.unmatched_query:
            parts.append("query only: " + " ".join(self.unmatched_query))
        if self.unmatched_list:
            parts.append("list only: " + " ".join(self.unmatched_list))
        parts.extend(self.notes)
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
    n = len(tokens)
    for i, token in enumerate(tokens):
        out.append((i, i + 1, token))
        for size in range(2, min(MAX_SPAN if joins else 1, n - i) + 1):
            if span_allowed(tokens, i, size):
                out.append((i, i + size, "".join(tokens[i : i + size])))
    return tuple(out)


@functools.lru_cache(maxsize=100_000)
def _units(
    tokens: tuple[str, ...], joins: bool
) -> tuple[tuple[int, int, str, int, str, bool], ...]:
    """:func:`spans_of` with each unit's length, canonical 2-letter prefix (for joins) and
    whether it is exempt from index masks (particles and initials, which the index skips)."""
    sw = stopwords()
    return tuple(
        (s, e, u, len(u), canonical_token(u)[:2] if joins else "",
         len(u) == 1 or (u in sw if e - s == 1 else is_particles(tokens[s:e])))
        for s, e, u in spans_of(tokens, joins)
    )


# methods that only pair single tokens: a joined form must be spelled alike, not just sound
# alike (align() and the index's tables both apply this)
LOOSE_METHODS = frozenset({"vowels", "phonetic", "typo"})
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
) -> list[Span]:
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
        out.append(Span(qs, qe, ls, le, sim, method))
    return out


def _content_count(tokens: Sequence[str]) -> int:
    sw = stopwords()
    return sum(1 for t in tokens if t not in sw and len(t) > 1)


def score_parts(
    query: Sequence[str],
    listed: Sequence[str],
    q_weights: Sequence[float],
    l_weights: Sequence[float],
    kind: str,
    joins: bool,
    q_mask: int,
    l_mask: int,
    countries: frozenset[str] = frozenset(),
) -> ScoreParts:
    """(score, qc, lc, matched list weight, alignment, notes) -- see :func:`name_score`; the
    matcher scores candidates with this and explains the best ones with :func:`explain`.
    ``countries``: those the list entry is tied to (organisation qualifiers)."""
    pairs = align(query, listed, joins, q_mask, l_mask)
    if not pairs:
        return ScoreParts(0.0, 0.0, 0.0, 0.0, pairs, ())
    mq = ml = 0.0
    real = initials = False
    used_q = used_l = 0
    for qs, qe, ls, le, sim, method in pairs:
        single = qe - qs == 1 and le - ls == 1
        short = single and min(len(query[qs]), len(listed[ls])) <= SHORT_TOKEN
        c = credit(sim, short)
        if method == "initial" and len(query[qs]) == 1 and ls == first_content(listed):
            # "D. Umarov": a query's initial of the list name's given name said all it had
            # (the list's "Dokka" is matched only as far as an initial goes); an initial is
            # never "strong" evidence
            mq += QUERY_INITIAL_CREDIT * q_weights[qs]
            initials = True
        else:
            mq += c * sum(q_weights[qs:qe])
        ml += c * sum(l_weights[ls:le])
        used_q |= ((1 << (qe - qs)) - 1) << qs
        used_l |= ((1 << (le - ls)) - 1) << ls
        if not real and method != "initial":
            real = not is_particles(query[qs:qe]) and not is_particles(listed[ls:le])
    if not real:
        return ScoreParts(0.0, 0.0, 0.0, 0.0, [], ())
    costs = unmatched_costs(query, q_weights, kind)
    uq = sum(w for i, w in enumerate(costs) if not used_q >> i & 1)
    wq = sum(w for i, w in enumerate(q_weights) if used_q >> i & 1) + uq or 1e-9
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
    notes: tuple[str, ...] = ()
    if kind == "org":
        cap, penalty, notes = qualifier_limits(query, listed, used_q, used_l, countries)
    # (a qualifier among the extra words, "Foreign Trade Bank" + "of Vietnam", is no
    # containment: another entity)
    contained = kind == "org" and uq and not ul and ml >= CONTAINED_EVIDENCE and not notes
    if kind == "org" and not contained:
        extra = 1.0
    factor = extra + (1 - extra) * min(1.0, ul / uq) if uq else 1.0
    qc = min(1.0, mq / ((wq - uq) + uq * factor))
    lc = min(1.0, ml / wl)
    exponent = LIST_EXPONENT.get(kind, 0.5)
    if exponent < SINGLE_WORD_EXPONENT and _content_count(query) == 1 < _content_count(listed):
        # one word of a longer name ("Agus" for AGUS DWIKARNA) is not a dropped middle name
        exponent = SINGLE_WORD_EXPONENT
    score = 100.0 * qc**QUERY_EXPONENT * lc**exponent
    if contained:
        # charged in full, the query would score `full`; containment lifts it to "possible"
        full = 100.0 * min(1.0, mq / wq) ** QUERY_EXPONENT * lc**exponent
        score = max(full, min(score, NOT_STRONG))
        contained = score > full
    if ml < MIN_EVIDENCE:
        # too little agreeing information: "Omar" alone, "Abu Ahmad" prove little
        score *= math.sqrt(ml / MIN_EVIDENCE)
    if kind == "org":
        if contained:
            notes = ("the query holds the whole list name and more: at most possible", *notes)
        score = max(0.0, min(cap, score - penalty))
    elif kind == "person" and score > NOT_STRONG and _only_common(query, listed, used_q, used_l):
        score = NOT_STRONG
        notes = ("only common names matched; the list name's distinctive words did not",)
    if initials and score > NOT_STRONG:
        score = NOT_STRONG
        notes = (*notes, "an initial of the query stands for a name: at most possible")
    if kind != "org" and _given_displaced(query, listed, pairs):
        score *= GIVEN_POSITION_FACTOR
        notes = (*notes, "the query's given name is a later name of the list name, whose own "
                         "given name is missing (a father's name?)")
    if kind != "org" and score > LINK_SWAP_CAP and _link_swapped(query, listed, pairs):
        score = LINK_SWAP_CAP
        notes = (*notes, "the names around bin / ibn are the other way round (father and son)")
    return ScoreParts(round(score, 2), qc, lc, ml, pairs, notes)


LINKS = frozenset({"bin", "ibn", "ben", "bint", "ould", "binti"})
LINK_SWAP_CAP = 70.0  # "Salman bin Muhammad" is not "Muhammad bin Salman": below the threshold


def _link_swapped(
    query: Sequence[str], listed: Sequence[str], pairs: list[Span]
) -> bool:
    """Whether the words on the two sides of a patronymic link ("X bin Y": X the son of Y)
    are aligned the other way round: the query's X with a word after a link of the list
    name, and its Y with a word before that link."""
    where = {qs: ls for qs, qe, ls, le, _sim, _m in pairs if qe - qs == 1 and le - ls == 1}
    links = [j for j, t in enumerate(listed) if t in LINKS]
    if not links:
        return False
    for p, t in enumerate(query):
        if t in LINKS and p - 1 in where and p + 1 in where:
            before, after = where[p - 1], where[p + 1]
            if any(after < j < before for j in links):
                return True
    return False


# "Muammar Gaddafi" is MUAMMAR MOHAMMED ABU MINYAR QADHAFI rather than his son MOHAMMED MUAMMAR
# QADHAFI, whose second name is his father's
GIVEN_POSITION_FACTOR = 0.9


def first_content(tokens: Sequence[str]) -> int:
    """The position of a name's first word that is not a particle or an initial (-1: none):
    its given name, as far as word order tells."""
    sw = stopwords()
    return next((i for i, t in enumerate(tokens) if t not in sw and len(t) > 1), -1)


def _given_displaced(
    query: Sequence[str], listed: Sequence[str], pairs: list[tuple[int, int, int, int, float, str]]
) -> bool:
    """Whether a person's query puts a later name of the list name (a father's or
    grandfather's name) in given-name position while the list name's first word, its given
    name, is left unmatched.  List names that open with a kunya ("Abu ...",
    ``kunya_words.txt``) are left alone."""
    qf, lf = first_content(query), first_content(listed)
    if qf < 0 or lf < 0 or listed[lf] in kunya_words():
        return False
    at = None
    for qs, qe, ls, le, _sim, method in pairs:
        if ls <= lf < le:
            return False  # the list's given name is matched
        if qs <= qf < qe and method != "initial":
            at = ls
    return at is not None and at > lf


def _only_common(query: Sequence[str], listed: Sequence[str], used_q: int, used_l: int) -> bool:
    """Whether every matched query word is a common name (``common_names.txt``) while a
    distinctive list word (not common, not a particle or initial) is left unmatched: "Malik
    Iqbal" against "Malik Zafar Iqbal" is at most "possible" (strong means strong)."""
    common, sw = common_names(), stopwords()
    for i, t in enumerate(query):
        if used_q >> i & 1 and t not in sw and len(t) > 1 and canonical_token(t) not in common:
            return False
    return any(
        not used_l >> j & 1 and t not in sw and len(t) > 1 and canonical_token(t) not in common
        for j, t in enumerate(listed)
    )


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
    score, qc, lc, ml, pairs, notes = parts
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
        notes=notes,
    )
