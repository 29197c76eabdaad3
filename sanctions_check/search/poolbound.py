"""A second, tighter bound for pooled forms, from the list words each query word can align with.

Contract: :func:`pool_reach` takes a pooled form's candidate (query positions, list positions
as :class:`~sanctions_check.search.postings.Candidate` masks) with the query's single-word
tables (:func:`single_tables`) and returns a number the form's pool score cannot exceed;
:meth:`sanctions_check.search.bounds.FormBounds.candidates` drops the pooled candidates whose
reach is below the floor and keeps the others with the bound they had (the order they are
scored in, and so every tie, is the same as without it).

The pool score (``FormScorer.score_form``) is ``100 * qc ** 2 * pool_factor *
sqrt(min(1, ml / pool_min_evidence))``, capped further for persons, and 0 for a one-word
query.  The general bound takes ``qc`` once and ``ml`` as the weight of every list word that
can be aligned: for a pool of 7-34 words, far more than a query of two or three common words
can match.  Here:

* a pooled form is aligned without joins (``joins=False``): every pair is one query word and
  one list word, each credited at most 1, and only query words of the candidate's positions
  are aligned.  So ``ml`` is at most, summed over those query words, the heaviest list word
  each can align with: the list positions its single-word table finds in the form (times the
  most credit the table gives it there), or the list's initials and particles, which align()
  compares whatever the masks say; a query initial or particle (assumed to match, no table
  read), a word without its table, or a form longer than the masks track: the form's
  heaviest word.  And at most the ``k`` heaviest list words that can be aligned at all
  (``k`` the query words), whichever is less;
* ``qc <= A / (A + extra * U)``, ``A`` the heaviest weights of the query positions (credit at
  most 1), ``U`` the lightest of the others, ``extra`` the least share ever charged
  (``least_query_cost``): the first stage of the general bound with every credit taken as 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sanctions_check.names.lexicon import stopwords
from sanctions_check.search.postings import MASK_BITS, Candidate, UnitTable


class PoolForms(Protocol):
    """What :func:`pool_cut` reads of :class:`sanctions_check.search.bounds.FormBounds`
    (which calls it, so this module does not import that one)."""

    pools: frozenset[int]  # forms from the pooled names
    tokens: Sequence[Sequence[str]]
    form_weights: Sequence[Sequence[float]]
    pool_factor: float
    pool_min_evidence: float
    # per pooled form met so far: its word weights and exempt_positions()
    _pool_facts: dict[int, tuple[Sequence[float], int]]


def pool_cut(
    fb: PoolForms,
    found: list[Candidate],
    plan: Sequence[tuple[int, int, UnitTable, bool]],
    assumed: int,
    hi: Sequence[float],
    lo: Sequence[float],
    extra: float,
    floor: float,
) -> list[Candidate]:
    """``found`` without the pooled forms whose reach (:func:`candidate_reach`) is below
    ``floor``; the others keep their bounds (and so the order they are scored in).
    ``plan``: the query's tables (``NameIndex.plan``); ``assumed``: its initials and
    particles (bit mask); ``hi`` / ``lo``: each query word's heaviest and lightest weight;
    ``extra``: the least share of an unmatched query word's weight charged."""
    pools = fb.pools
    if not any(cand[1] in pools for cand in found):
        return found
    singles = single_tables(plan, len(hi), assumed)
    return [
        cand
        for cand in found
        if cand[1] not in pools or candidate_reach(fb, cand, singles, hi, lo, extra) >= floor
    ]


def candidate_reach(
    fb: PoolForms,
    cand: Candidate,
    singles: Sequence[UnitTable | None],
    hi: Sequence[float],
    lo: Sequence[float],
    extra: float,
) -> float:
    """The most a pooled candidate's score can reach: :func:`pool_reach` of
    :func:`most_matched`."""
    _bound, fid, q_mask, l_mask = cand
    facts = fb._pool_facts.get(fid)
    if facts is None:
        facts = fb._pool_facts[fid] = (fb.form_weights[fid], exempt_positions(fb.tokens[fid]))
    matched = most_matched(fid, q_mask, l_mask, facts[0], facts[1], singles)
    return pool_reach(q_mask, hi, lo, extra, matched, fb.pool_factor, fb.pool_min_evidence)


def exempt_positions(tokens: Sequence[str]) -> int:
    """The positions (bit mask) align() compares whatever the list mask says: initials and
    particles."""
    sw = stopwords()
    return sum(1 << j for j, t in enumerate(tokens) if len(t) == 1 or t in sw)


def single_tables(
    plan: Sequence[tuple[int, int, UnitTable, bool]], n: int, assumed: int
) -> list[UnitTable | None]:
    """Per query position, the table of that word alone (None: an assumed position, initial
    or particle, or no table in the plan)."""
    out: list[UnitTable | None] = [None] * n
    for qs, qe, table, _ess in plan:
        if qe - qs == 1 and not assumed >> qs & 1:
            out[qs] = table
    return out


def table_row(table: UnitTable, fid: int) -> tuple[int, float] | None:
    """(list positions, most credit) of form ``fid`` in ``table``, or None if it is not there
    (a table of rows: a dict look-up; of arrays: a binary search of its sorted form ids)."""
    rows = table.__dict__.get("rows")
    if rows is not None:
        return rows.get(fid)
    fids = table.fids
    at = int(fids.searchsorted(fid))
    if at < len(fids) and int(fids[at]) == fid:
        return int(table.lmasks[at]), float(table.credits[at])
    return None


def most_matched(
    fid: int,
    q_mask: int,
    l_mask: int,
    list_weights: Sequence[float],
    exempt: int,
    singles: Sequence[UnitTable | None],
) -> float:
    """The most list weight a pooled form's alignment can match (see the module docstring)."""
    heaviest = max(list_weights, default=0.0)
    tracked = len(list_weights) <= MASK_BITS
    loose = max((w for j, w in enumerate(list_weights) if exempt >> j & 1), default=0.0)
    per_word = 0.0
    k = 0
    for i, table in enumerate(singles if tracked else [None] * len(singles)):
        if not q_mask >> i & 1:
            continue
        k += 1
        row = table_row(table, fid) if table is not None else None
        if table is None:
            per_word += heaviest
        elif row is None:
            per_word += loose
        else:
            mask, credit = row
            best = max((w for j, w in enumerate(list_weights) if mask >> j & 1), default=0.0)
            per_word += max(credit * best, loose)
    can = l_mask | exempt
    top = sorted((w for j, w in enumerate(list_weights) if can >> j & 1), reverse=True)
    return min(per_word, sum(top[:k]))


def pool_reach(
    q_mask: int,
    hi: Sequence[float],
    lo: Sequence[float],
    extra: float,
    matched: float,
    pool_factor: float,
    pool_min_evidence: float,
) -> float:
    """The most a pooled form's score can reach (see the module docstring): ``q_mask``, the
    query positions that can be aligned; ``hi`` / ``lo``, each query word's heaviest and
    lightest weight; ``matched``, the most list weight matched (:func:`most_matched`)."""
    n = len(hi)
    if n < 2:
        return 0.0  # a one-word query scores nothing against a pool
    a = u = 0.0
    for i in range(n):
        if q_mask >> i & 1:
            a += hi[i]
        else:
            u += lo[i]
    if a <= 0.0:
        return 0.0
    qc = a / (a + extra * u)
    return 100.0 * qc * qc * pool_factor * min(1.0, matched / pool_min_evidence) ** 0.5
