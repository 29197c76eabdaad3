"""Alignment: which words of a query name pair with which words of a list name, order-free.

Contract: pure functions over normalised token sequences (see
:mod:`sanctions_check.names.normalise`); token pairs are compared with
:func:`sanctions_check.scoring.features.token_similarity` under the
:class:`~sanctions_check.scoring.weights.ScoringWeights` given (``scoring``, default the
documented ones).

* :func:`align` -- tokens aligned regardless of order, including joined / split forms
  ("abdulmalik" ~ "abdul malik", "shamsurrahman" ~ "shams ur rahman") and initials, as
  :class:`Span` pairs; the name score (:mod:`sanctions_check.scoring.namescore`) is made from them.
* :func:`spans_of`, :func:`span_allowed`, :func:`join_compatible`, :data:`LOOSE_METHODS` --
  how names are cut into units (words and joined spans) and which units may be compared;
  the index (:mod:`sanctions_check.search.index`) cuts names by the same rules.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

from sanctions_check.names.lexicon import (
    canonical_token,
    is_korean_name,
    is_korean_syllable,
    stopwords,
)
from sanctions_check.scoring.abjad import is_vowelless
from sanctions_check.scoring.features import similarity_for, similarity_without_voicing
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights

MAX_SPAN = 3  # joined forms: up to 3 tokens on one side against 1 token on the other


class Span(NamedTuple):
    """One aligned pair of :func:`align`: query tokens ``[q_start, q_end)`` against list
    tokens ``[l_start, l_end)`` (one side a single token), their similarity and method."""

    q_start: int
    q_end: int
    l_start: int
    l_end: int
    sim: float
    method: str



def span_allowed(tokens: Sequence[str], start: int, size: int) -> bool:
    """Whether ``tokens[start:start+size]`` may be joined into one unit.

    Pairs always; three tokens only around a particle or short syllable ("shams ur rahman",
    "ri je son"), or three Korean syllables (since 1.11: "nam chon gang", the place name
    NAMCHONGANG written syllable by syllable), which keeps the index vocabulary small.  The
    index uses the same rule.
    """
    if start + size > len(tokens):
        return False
    if size == 3:
        return _joins_around_middle(tokens, start) or all(
            map(is_korean_syllable, tokens[start : start + 3]))
    return size <= MAX_SPAN


def _joins_around_middle(tokens: Sequence[str], start: int) -> bool:
    """Whether three tokens from ``start`` join around their middle one: a particle or a
    short syllable ("shams ur rahman", "ri je son")."""
    middle = tokens[start + 1]
    return middle in stopwords() or len(middle) <= 3


def _syllables_joined(tokens: Sequence[str], start: int, end: int) -> bool:
    """Whether ``tokens[start:end]`` is a unit of three Korean syllables that only the
    syllable rule of :func:`span_allowed` joins ("nam chon gang"): such a unit is compared
    spelled alike (``romanisation_sim`` or more), since one letter off makes another
    syllable and another place ("chong hong ang" is not CHONGCHONGANG)."""
    return end - start == 3 and not _joins_around_middle(tokens, start)


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
# alike (align() and the index's tables both apply this).  "ending" too: an added nisba or
# feminine ending makes another name of a single word, and the cap hides the method the two
# words met by, mostly alike consonants ("abcwi" / "abch"), which the index never pairs joined
LOOSE_METHODS = frozenset({"vowels", "phonetic", "typo", "abjad", "birth-typo", "voicing", "ending"})


def join_compatible(a: str, b: str, scoring: ScoringWeights = DEFAULT_SCORING) -> bool:
    """Whether a joined unit and a token may be compared: similar lengths (the shorter at
    least ``scoring.join_ratio`` of the longer), same first 2 letters.

    ("abdulmalik" / "abdul malik"; "shamsurrahman" / "shams ur rahman").  Keeps joined
    comparisons few, in the scorer and in the index alike.
    """
    la, lb = len(a), len(b)
    if min(la, lb) < scoring.join_ratio * max(la, lb):
        return False
    return canonical_token(a)[:2] == canonical_token(b)[:2]


def align(
    query: Sequence[str],
    listed: Sequence[str],
    joins: bool = True,
    q_mask: int = -1,
    l_mask: int = -1,
    scoring: ScoringWeights = DEFAULT_SCORING,
) -> list[Span]:
    """Greedy best-first alignment of query tokens to list tokens, order-free.

    Returns ``(q_start, q_end, l_start, l_end, sim, method)`` spans; one side of every pair is
    a single token, the other up to :data:`MAX_SPAN` joined tokens (lengths within
    ``scoring.join_ratio`` of each other), or two words against two that join into the same
    letters with the space or hyphen elsewhere ("myongc-hin" / "myong-chin", exact).  ``joins=False`` compares single tokens only.
    ``q_mask`` / ``l_mask`` (bit i = token i) restrict the comparison to the tokens the index
    found in each other (initials are always compared): a shortcut that changes nothing,
    since the index finds every pair that can be credited.  A ``voicing`` pair ("pong" /
    "bong") counts only when both names are Korean (``is_korean_name``).
    """
    cands: list[tuple[float, int, int, int, int, int, str]] = []
    sim_of = similarity_for(scoring)
    korean: bool | None = None  # both names Korean (is_korean_name): asked when it matters
    floor, ratio, initial_sim = scoring.sim_floor, scoring.join_ratio, scoring.initial_sim
    # with a typo vouched for (matching.samebirth, which scores without the index) a joined
    # unit may differ in its first letters too ("agdul qadir" / "abdulqadir")
    any_prefix = scoring.vouched_typo_sim > 0
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
                            cands.append((initial_sim, 2, qs, qe, ls, le, "initial"))
                        continue
                elif (qp != lp and not any_prefix) or min(lq, ll) < ratio * max(lq, ll):
                    continue
            elif le - ls != 1:
                # two words against two with the space moved ("myongc hin" / "myong chin"):
                # the same letters, one name part
                if qu == lu and qe - qs == 2 == le - ls and query[qs] != listed[ls]:
                    cands.append((1.0, 4, qs, qe, ls, le, "exact"))
                continue
            elif (qp != lp and not any_prefix) or min(lq, ll) < ratio * max(lq, ll):
                continue
            sim, method = sim_of(qu, lu)
            if method == "voicing":
                if korean is None:
                    korean = is_korean_name(tuple(query)) and is_korean_name(tuple(listed))
                if not korean:  # "pong" / "bong" are one syllable in Korean names only
                    sim, method = similarity_without_voicing(scoring)(qu, lu)
            if sim >= floor:
                if method in LOOSE_METHODS and not (q_single and le - ls == 1):
                    continue  # a joined form must be spelled alike, not just sound alike
                if sim < scoring.romanisation_sim and (
                        _syllables_joined(query, qs, qe) or _syllables_joined(listed, ls, le)
                        or (not (q_single and le - ls == 1) and is_vowelless(qu)
                            and is_vowelless(lu))):
                    # three syllables joined: a letter off is another syllable; two words
                    # without vowels joined (Arabic script): a letter off is another name
                    # ("shhb bsyn", Shahab Abbasin, is not "shhbdyn", Shahabuddin; 1.13)
                    continue
                cands.append((sim, (qe - qs) + (le - ls), qs, qe, ls, le, method))
    # ties are broken on the tokens themselves, so the result does not depend on word order;
    # an initial goes with the given name first ("M." of MUAMMAR ... MINYAR QADHAFI: Muammar)
    given = first_content(listed)
    cands.sort(key=lambda c: (-c[0], -c[1], c[6] == "initial" and c[4] != given,
                              query[c[2] : c[3]], listed[c[4] : c[5]]))
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



def first_content(tokens: Sequence[str]) -> int:
    """The position of a name's first word that is not a particle or an initial (-1: none):
    its given name, as far as word order tells."""
    sw = stopwords()
    return next((i for i, t in enumerate(tokens) if t not in sw and len(t) > 1), -1)


__all__ = ["LOOSE_METHODS", "MAX_SPAN", "Span", "align", "first_content", "is_particles", "join_compatible",
           "span_allowed", "spans_of"]
