"""Upper bounds of a name score's query coverage: pure functions of credits and weights.

Contract: for candidate rows (numpy arrays, one row per candidate form) or one row (plain
Python, the ``...1`` functions), given per query word the most credit it can earn in the
form (0: none), its heaviest (``hi``) and lightest (``lo``) weight, the share ``extra`` of
unmatched query weight charged when the list name is fully matched, and the list weight
nothing can align with (``unalignable``), return a number the query coverage ``qc`` of
:func:`sanctions_check.scoring.namescore.score_parts` cannot exceed.  :mod:`sanctions_check.search.bounds`
multiplies it with the list-side factor.  Both forms of each function give the same values.

* :func:`subset_bound`: exact over every set of matched words (queries of up to
  :data:`MAX_SUBSET_WORDS` words), with the limit of one list word per aligned pair;
* :func:`query_bound`: the fractional-knapsack relaxation, for longer queries, with
  :func:`top_sums` for the slots limit.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")  # imported by the array paths only

MAX_SUBSET_WORDS = 6  # queries up to this many words are bounded over every set of matched words


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0, at most 1."""
    return np.minimum(np.divide(num, den, out=np.zeros(num.shape), where=den > 0), 1.0)


def ratio1(num: float, den: float) -> float:
    """:func:`ratio` of two numbers."""
    return min(num / den, 1.0) if den > 0 else 0.0


def charged(x: float, total: float, extra: float, ul: float) -> float:
    """``g(X)``, the least a coverage denominator can be when the matched query words weigh
    ``x`` of ``total`` (see :func:`query_bound`)."""
    unmatched = max(total - x, 0.0)
    return x + extra * unmatched + (1.0 - extra) * min(unmatched, ul)


def charged_rows(x: np.ndarray, total: float, extra: float, ul: np.ndarray) -> np.ndarray:
    """:func:`charged` for arrays (``ul`` broadcast against ``x``)."""
    unmatched = np.maximum(total - x, 0.0)
    return x + extra * unmatched + (1.0 - extra) * np.minimum(unmatched, ul)


def query_bound1(
    credits: Sequence[float], hi: Sequence[float], lo: Sequence[float], extra: float, ul: float
) -> float:
    """:func:`query_bound` of one row."""
    items = []
    for c, h, w in zip(credits, hi, lo, strict=True):
        if c > 0:
            items.append((c * h / w if w > 0 else math.inf, c * h, w))
    items.sort(key=lambda it: -it[0])
    total = sum(lo)
    xs, fs = [0.0], [0.0]
    for _d, v, w in items:
        xs.append(xs[-1] + w)
        fs.append(fs[-1] + v)
    best = max(ratio1(f, charged(x, total, extra, ul)) for x, f in zip(xs, fs, strict=True))
    kink = min(max(total - ul, 0.0), xs[-1])
    for x0, x1, f0, f1 in zip(xs, xs[1:], fs, fs[1:], strict=False):
        if x0 <= kink <= x1:
            share = (kink - x0) / (x1 - x0) if x1 > x0 else 0.0
            best = max(best, ratio1(f0 + (f1 - f0) * share, charged(kink, total, extra, ul)))
            break
    return best


@functools.cache
def _subsets(n: int) -> tuple[np.ndarray, np.ndarray, tuple[tuple[tuple[int, ...], int], ...]]:
    """Every subset of ``n`` query words: as a (2**n, n) 0/1 matrix, their sizes, and as
    (positions, size) pairs."""
    m = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(float)
    pairs = tuple(
        (tuple(i for i in range(n) if s >> i & 1), bin(s).count("1")) for s in range(2**n)
    )
    return m, m.sum(axis=1), pairs


def subset_bound(
    credits: np.ndarray,
    hi: np.ndarray,
    lo: np.ndarray,
    extra: float,
    unalignable: np.ndarray,
    slots: np.ndarray,
) -> np.ndarray:
    """Per row, the most query coverage ``qc`` can be (see ``scoring.score_parts``), over
    every set S of matched query words of at most ``slots`` words.

    ``qc(S) <= sum_S c hi / g(X)`` with ``X = sum_S lo`` and ``g(X) = X + extra * U +
    (1 - extra) * min(U, UL)``, ``U = W - X`` the unmatched weight and ``UL`` the list weight
    nothing can align with (a lower bound of the unmatched list weight); the matched set of
    any alignment is one of the S (a word matched with no credit never raises the ratio).
    Exact where :func:`query_bound` relaxes to fractions of words; for short queries.
    """
    k, n = credits.shape
    if not k or not n:
        return np.zeros(k)
    m, size, _pairs = _subsets(n)
    num = (credits * hi) @ m.T
    qc = ratio(num, charged_rows(m @ lo, lo.sum(), extra, unalignable[:, None]))
    qc[size > slots[:, None]] = 0.0
    return np.maximum.reduce(qc, axis=1)


def subset_bound1(
    credits: Sequence[float],
    hi: Sequence[float],
    lo: Sequence[float],
    extra: float,
    ul: float,
    slots: int,
) -> float:
    """:func:`subset_bound` of one row.  Each subset's sums extend those of the subset
    without its last word, so every sum adds the same numbers in the same order as summing
    the subset's words one by one (the same floating-point values)."""
    values = [c * h for c, h in zip(credits, hi, strict=True)]
    total = sum(lo)
    n = len(values)
    xs = [0.0] * (1 << n)  # per subset (bit i: word i), its lightest weight and its credit
    fs = [0.0] * (1 << n)
    sizes = _subset_sizes(n)
    keep = 1.0 - extra
    best = 0.0
    for s in range(1, 1 << n):
        last = s.bit_length() - 1
        rest = s ^ (1 << last)
        x = xs[s] = xs[rest] + lo[last]
        f = fs[s] = fs[rest] + values[last]
        if sizes[s] > slots:
            continue
        unmatched = max(total - x, 0.0)  # charged(x, total, extra, ul), inline
        den = x + extra * unmatched + keep * min(unmatched, ul)
        if den > 0:
            r = min(f / den, 1.0)
            if r > best:
                best = r
    return best  # (the empty set's ratio is 0, what best starts at)


@functools.cache
def _subset_sizes(n: int) -> tuple[int, ...]:
    """The number of words of each subset of ``n`` words, by bit mask."""
    return tuple(bin(s).count("1") for s in range(1 << n))


def top_sums(values: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Per row, the sum of its ``count`` largest values."""
    n = values.shape[1]
    tops = np.sort(values, axis=1)[:, ::-1].cumsum(axis=1)
    out = tops[np.arange(len(values)), np.clip(count, 1, n) - 1]
    return np.where(count > 0, out, 0.0)


def query_bound(
    credits: np.ndarray, hi: np.ndarray, lo: np.ndarray, extra: float, unalignable: np.ndarray
) -> np.ndarray:
    """Per row, the most query coverage ``qc`` can be (see ``scoring.score_parts``).

    For a set S of matched query words, ``qc = sum_S c w / g(X)`` with ``X = sum_S w`` and
    ``g(X) = X + extra * U + (1 - extra) * min(U, UL)``, ``U = W - X`` (the unmatched weight)
    and ``UL`` the list weight nothing can align with (a lower bound of the unmatched list
    weight).  ``g`` never decreases with ``X``; for a given ``X`` the numerator is at most the
    fractional knapsack ``F(X)`` (words by credit per weight, best first).  ``F / g`` is
    monotone between the breakpoints of ``F`` and the kink of ``g`` (``X = W - UL``), so its
    maximum is at one of them.  Values use a word's heaviest weight, ``X`` its lightest.
    """
    k, n = credits.shape
    if not k or not n:
        return np.zeros(k)
    value = credits * hi
    weight = np.where(credits > 0, lo, 0.0)
    density = np.divide(value, weight, out=np.full_like(value, np.inf), where=weight > 0)
    density = np.where(credits > 0, density, -1.0)
    order = np.argsort(-density, axis=1, kind="stable")
    v = np.take_along_axis(value, order, axis=1)
    w = np.take_along_axis(weight, order, axis=1)
    xs = np.concatenate((np.zeros((k, 1)), w.cumsum(axis=1)), axis=1)  # breakpoints of F
    fs = np.concatenate((np.zeros((k, 1)), v.cumsum(axis=1)), axis=1)
    total = lo.sum()
    ul = unalignable[:, None]
    best = ratio(fs, charged_rows(xs, total, extra, ul)).max(axis=1)
    # the kink of g, where F is interpolated on its segment
    kink = np.clip(total - unalignable, 0.0, xs[:, -1])
    seg = np.clip((xs[:, 1:] < kink[:, None]).sum(axis=1), 0, n - 1)
    rows = np.arange(k)
    x0, w0, f0, v0 = xs[rows, seg], w[rows, seg], fs[rows, seg], v[rows, seg]
    share = np.divide(kink - x0, w0, out=np.zeros_like(kink), where=w0 > 0)
    f_kink = f0 + v0 * np.clip(share, 0.0, 1.0)
    return np.maximum(best, ratio(f_kink, charged_rows(kink[:, None], total, extra, ul)[:, 0]))
