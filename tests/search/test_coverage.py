"""Query-coverage bounds (sanctions_check.search.coverage): never below what a matched set can earn.

Property tests over random credits and weights: the numpy and plain-Python forms agree, the
exact subset bound is at most the fractional relaxation, and it is at least the coverage of
every set of matched words the alignment could produce (within the slots limit).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.search.coverage import (
    MAX_SUBSET_WORDS,
    query_bound,
    query_bound1,
    subset_bound,
    subset_bound1,
)

_credit = st.sampled_from([0.0, 0.0, 0.3, 0.6, 0.8, 0.945, 1.0])
_weight = st.floats(0.05, 2.0)


@st.composite
def _rows(draw: st.DrawFn) -> tuple[list[float], list[float], list[float], float, float, int]:
    n = draw(st.integers(1, MAX_SUBSET_WORDS))
    credits = draw(st.lists(_credit, min_size=n, max_size=n))
    lo = draw(st.lists(_weight, min_size=n, max_size=n))
    # a country word weighs more against some entries than others: hi >= lo
    hi = [w * draw(st.sampled_from([1.0, 1.0, 1.5])) for w in lo]
    extra = draw(st.sampled_from([0.5, 1.0]))
    unalignable = draw(st.floats(0.0, 2.0))
    slots = draw(st.integers(0, n))
    return credits, hi, lo, extra, unalignable, slots


def _qc(matched: list[int], credits, hi, lo, extra: float, unalignable: float) -> float:
    """The coverage bound of one matched set, as score_parts charges it at best."""
    x = sum(lo[i] for i in matched)
    unmatched = sum(lo) - x
    den = x + extra * unmatched + (1.0 - extra) * min(unmatched, unalignable)
    return min(sum(credits[i] * hi[i] for i in matched) / den, 1.0) if den > 0 else 0.0


@settings(max_examples=600, deadline=None)
@given(_rows())
def test_subset_bound(row) -> None:
    credits, hi, lo, extra, ul, slots = row
    n = len(credits)
    one = subset_bound1(credits, hi, lo, extra, ul, slots)
    many = subset_bound(
        np.array([credits]), np.array(hi), np.array(lo), extra, np.array([ul]), np.array([slots])
    )[0]
    assert abs(one - many) < 1e-9  # the numpy and plain-Python forms agree
    # every set of matched words within the slots limit earns at most the bound
    for mask in range(2**n):
        matched = [i for i in range(n) if mask >> i & 1 and credits[i] > 0]
        if len(matched) <= slots:
            assert _qc(matched, credits, hi, lo, extra, ul) <= one + 1e-9
    # exact over sets of words: never above the fractional relaxation (both forms agree)
    relaxed = query_bound1(credits, hi, lo, extra, ul)
    assert subset_bound1(credits, hi, lo, extra, ul, n) <= relaxed + 1e-9
    arrays = np.array([credits]), np.array(hi), np.array(lo)
    assert abs(relaxed - query_bound(*arrays, extra, np.array([ul]))[0]) < 1e-9


@settings(max_examples=600, deadline=None)
@given(_rows())
def test_subset_bound1_is_the_best_set_to_the_last_bit(row) -> None:
    # subset_bound1 extends each set's sums from a smaller set's: the same additions in the
    # same order as summing every set of words within the slots limit one by one, so the
    # same number exactly (candidates and their order depend on it)
    credits, hi, lo, extra, ul, slots = row
    n = len(credits)
    sets = [[i for i in range(n) if mask >> i & 1] for mask in range(2**n)]
    want = max(_qc(m, credits, hi, lo, extra, ul) for m in sets if len(m) <= slots)
    assert subset_bound1(credits, hi, lo, extra, ul, slots) == want
