"""The candidate search's two hot loops compiled with numba: the same results, faster.

Contract: imported only when numba is installed (the ``fast`` extra); importing it without
numba raises ImportError, which :func:`sanctions_check.search.index.compiled_loops` turns into
"not available", and the array operations of numpy run instead.  Each loop gives what
the array version gives; per query, a few hundred candidate forms go through a few dozen
steps each, where numpy's cost per call, not the data, is most of the time.

* :func:`merge_kernel` is :meth:`sanctions_check.search.index.NameIndex.merge` with a ``need``
  (MaxScore): the forms found by query words weighing ``need`` together, with per query
  word the best credit each table gives them, their list positions and whether a joined
  query span found them.  The postings of the query's tables come concatenated.
* :func:`bounds_kernel` is :meth:`sanctions_check.search.bounds.FormBounds.bounds` (which
  documents each stage and why it bounds the score) for queries of at most
  :data:`~sanctions_check.search.coverage.MAX_SUBSET_WORDS` words: the stages run form by form,
  and a form stops at the first stage it fails.  Sums are taken in another order than
  numpy's, so a bound may differ from the array path's in its last bits; the matcher
  scores every candidate within its rounding margin of the floor, so the hits are the
  same (the tests compare every path on the real list and on random names).
* :func:`search_kernel` runs both in one call (:mod:`sanctions_check.search.fused`).

Compiled once and cached on disk by numba (``cache=True``: next to this file, or in the
user's cache directory when that is read-only); :func:`warm_up` compiles or loads both
loops for the argument types the matcher passes when they are loaded, so a numba that
cannot compile them is found out there and numpy is used instead.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, inline="always")
def _ratio(num: float, den: float) -> float:
    """num / den, 0 where den is 0, at most 1 (``coverage.ratio``)."""
    if den > 0.0:
        return min(num / den, 1.0)
    return 0.0


@numba.njit(cache=True, inline="always")
def _qc(a: float, u: float, extra: float, unalignable: float) -> float:
    """``bounds._qc`` of one row."""
    return _ratio(a, a + extra * u + (1.0 - extra) * min(u, unalignable))


@numba.njit(cache=True, inline="always")
def _factor(
    hit: float, rest: float, pool: bool, exponent: float, pool_factor: float,
    evidence: float, pool_evidence: float,
) -> float:  # fmt: skip
    """``FormBounds._factor`` of one row."""
    if pool:
        return 100.0 * pool_factor * np.sqrt(min(hit / pool_evidence, 1.0))
    return 100.0 * _ratio(hit, hit + rest) ** exponent * np.sqrt(min(hit / evidence, 1.0))


@numba.njit(cache=True, inline="always")
def _sides(c, hi, lo):  # fmt: skip
    """(credited weight, unmatched weight) of the query: ``c @ hi``, ``(c <= 0) @ lo``."""
    a = 0.0
    u = 0.0
    for i in range(len(c)):
        a += c[i] * hi[i]
        if c[i] <= 0.0:
            u += lo[i]
    return a, u


@numba.njit(cache=True)
def bounds_kernel(
    credits, fids, lmasks, joined,  # what the index gathered (``index.Gathered``)
    cap, pool, exempt, first, initial, long, totals, tail, maxw, weights, starts, width,
    hi, lo, extra, middle, exponent, pool_factor, evidence, pool_evidence, initial_credit,
    init_pos, init_code, init_bit, particles, floor,
):  # fmt: skip
    """(rows, bounds, list positions) of the candidates whose bound reaches ``floor``.

    Per-form arrays as in :class:`~sanctions_check.search.bounds.FormBounds`; ``init_pos`` /
    ``init_code`` / ``init_bit``: per query initial its position, letter code and bit in
    ``starts``; ``particles``: query positions of particles; the rest as in
    ``FormBounds.bounds``.
    """
    k, n = credits.shape
    rows = np.empty(k, np.int64)
    out = np.empty(k, np.float64)
    cans = np.empty(k, np.int64)
    c = np.empty(n, np.float64)
    ch = np.empty(n, np.float64)
    total_lo = 0.0
    for i in range(n):
        total_lo += lo[i]
    tracked = (np.int64(1) << width) - 1
    kept = 0
    for r in range(k):
        fid = fids[r]
        has_letters = starts[fid]
        # 1. the query side alone: particles and initials count in full (an initial only
        # where a word of its letter is)
        for i in range(n):
            c[i] = credits[r, i]
        for i in particles:
            c[i] = 1.0
        for t in range(len(init_pos)):
            i = init_pos[t]
            c[i] = 1.0 if (has_letters >> init_bit[t]) & 1 or credits[r, i] > 0.0 else 0.0
        a, u = _sides(c, hi, lo)
        if 100.0 * _ratio(a, a + extra * u) * cap[fid] < floor:
            continue
        # 2. what the list side allows
        is_long = long[fid]
        can = lmasks[r]
        if len(particles):
            can |= exempt[fid]
        for t in range(len(init_pos)):
            i = init_pos[t]
            code = init_code[t]
            words = False
            same = False
            for j in range(width):
                if first[fid, j] == code:
                    can |= np.int64(1) << j
                    words = True
                if initial[fid, j] == code:
                    same = True
            c[i] = max(credits[r, i], 1.0 if same else (initial_credit if words else 0.0))
            if is_long and (has_letters >> init_bit[t]) & 1:
                c[i] = 1.0
        a, u = _sides(c, hi, lo)
        total = totals[fid]
        # 2a. at most `count` tracked words alignable, each at most the heaviest
        count = 0
        bits = can & tracked
        while bits:
            bits &= bits - 1
            count += 1
        hit = min(count * maxw[fid] + tail[fid], total)
        rest = total - hit
        factor = _factor(
            hit, rest * middle, pool[fid], exponent, pool_factor, evidence, pool_evidence
        )
        if _qc(a, u, extra, rest) * factor < floor:
            continue
        # 2b. the alignable words themselves; unalignable words outside the first and last
        # alignable one cost in full
        hit = tail[fid]
        slots = 0
        for j in range(width):
            if (can >> j) & 1:
                hit += weights[fid, j]
                slots += 1
        unalignable = max(total - hit, 0.0)
        inside = 0 if is_long else can
        outer = 0.0
        if inside > 0:
            lowest = inside & -inside
            for j in range(width):
                bit = np.int64(1) << j
                if bit < lowest or bit > inside:
                    outer += weights[fid, j]
        rest = max(unalignable - outer, 0.0) * middle + outer
        factor = _factor(hit, rest, pool[fid], exponent, pool_factor, evidence, pool_evidence)
        if _qc(a, u, extra, unalignable) * factor < floor:
            continue
        # 3. the query side word by word: every set of matched words, at most `slots` of
        # them with no joined query span in play
        limit = slots if not joined[r] and not is_long else n
        for i in range(n):
            ch[i] = c[i] * hi[i]
        best = 0.0
        for subset in range(1 << n):
            size = 0
            num = 0.0
            matched = 0.0
            for i in range(n):
                if (subset >> i) & 1:
                    size += 1
                    num += ch[i]
                    matched += lo[i]
            if size > limit:
                continue
            unmatched = max(total_lo - matched, 0.0)
            den = matched + extra * unmatched + (1.0 - extra) * min(unmatched, unalignable)
            best = max(best, _ratio(num, den))
        bound = best * factor
        if bound >= floor:
            rows[kept] = r
            out[kept] = bound
            cans[kept] = can
            kept += 1
    return rows[:kept], out[:kept], cans[:kept]


@numba.njit(cache=True, inline="always")
def _position(fids, lo: int, hi: int, f: int) -> int:
    """Where form ``f`` is in the sorted ``fids[lo:hi]`` (an index of ``fids``), or -1."""
    at = lo + np.searchsorted(fids[lo:hi], f)
    return at if at < hi and fids[at] == f else -1


@numba.njit(cache=True)
def merge_kernel(fids, lmasks, credits, starts, spans, essential, weights, need, slot, long_table):  # fmt: skip
    """(form ids, credits, list positions, joined) of the forms found by query words
    weighing ``need`` or more together (``index.Gathered``, form ids sorted).

    Table ``t`` holds postings ``starts[t]:starts[t + 1]`` of the concatenated ``fids``
    (sorted within a table), ``lmasks`` and ``credits``, for query positions
    ``spans[t, 0]:spans[t, 1]``; only the ``essential`` tables can find a form (the other
    words weigh less than ``need`` together), the others only add to it: a table more
    than ``long_table`` times longer than the forms found is searched, not read.
    ``weights``: per query position; ``slot``: a scratch array over all forms, all -1,
    left so.
    """
    n = len(weights)
    tables = len(starts) - 1
    size = 0
    for t in range(tables):
        if essential[t]:
            size += starts[t + 1] - starts[t]
    touched = np.empty(size, np.int64)
    count = 0
    # which query words found each form (their bits in its slot meanwhile)
    for t in range(tables):
        if essential[t]:
            bits = (1 << spans[t, 1]) - (1 << spans[t, 0])
            for p in range(starts[t], starts[t + 1]):
                f = fids[p]
                if slot[f] < 0:
                    slot[f] = 0
                    touched[count] = f
                    count += 1
                slot[f] |= bits
    for t in range(tables):
        if essential[t]:
            continue
        bits = (1 << spans[t, 1]) - (1 << spans[t, 0])
        lo, hi = starts[t], starts[t + 1]
        if hi - lo > long_table * count:
            for m in range(count):
                if _position(fids, lo, hi, touched[m]) >= 0:
                    slot[touched[m]] |= bits
        else:
            for p in range(lo, hi):
                if slot[fids[p]] >= 0:
                    slot[fids[p]] |= bits
    found = np.empty(count, np.int64)
    k = 0
    for m in range(count):
        f = touched[m]
        weight = 0.0
        for i in range(n):
            if (slot[f] >> i) & 1:
                weight += weights[i]
        if weight >= need:
            found[k] = f
            k += 1
        slot[f] = -1
    found = np.sort(found[:k])
    out = np.zeros((k, n), np.float64)
    masks = np.zeros(k, np.int64)
    joined = np.zeros(k, np.bool_)
    for r in range(k):
        slot[found[r]] = r
    for t in range(tables):
        qs, qe = spans[t, 0], spans[t, 1]
        lo, hi = starts[t], starts[t + 1]
        searched = hi - lo > long_table * k
        for q in range(k if searched else hi - lo):
            if searched:
                r = q
                p = _position(fids, lo, hi, found[r])
                if p < 0:
                    continue
            else:
                p = lo + q
                r = slot[fids[p]]
                if r < 0:
                    continue
            masks[r] |= lmasks[p]
            if qe - qs > 1:
                joined[r] = True
            for i in range(qs, qe):
                out[r, i] = max(out[r, i], credits[p])
    for r in range(k):
        slot[found[r]] = -1
    return found, out, masks, joined


@numba.njit(cache=True)
def search_kernel(fids, lmasks, credits, layout, query, flags, forms, form_ints, consts, slot):  # fmt: skip
    """:func:`merge_kernel` then :func:`bounds_kernel` in one call of ten arguments (each
    costs its unboxing per call): (form ids, bounds, query positions, list positions) of
    the candidates whose bound reaches the floor, as ``FormBounds.candidates`` makes them.

    Postings concatenated as for :func:`merge_kernel`, ``layout[t]``: table ``t``'s
    (size, first and end query position, essential); ``query``: per position the heaviest
    and lightest weight and the MaxScore weight, then (least query cost, middle-name cost,
    list exponent, need, floor); ``flags[0, i]``: 1 for an initial, 2 for a particle,
    ``flags[1:3, i]`` an initial's letter code and bit of ``starts``; ``forms`` /
    ``form_ints``: the per-form arrays packed by :func:`sanctions_check.search.fused.pack_forms`;
    ``consts``: (pool factor, min evidence, pool min evidence, query initial credit,
    width, long table).
    """
    n = flags.shape[1]
    tables = layout.shape[0]
    starts = np.zeros(tables + 1, np.int64)
    spans = np.empty((tables, 2), np.int64)
    essential = np.empty(tables, np.bool_)
    for t in range(tables):
        starts[t + 1] = starts[t] + layout[t, 0]
        spans[t, 0] = layout[t, 1]
        spans[t, 1] = layout[t, 2]
        essential[t] = layout[t, 3] != 0
    hi, lo, weights = query[0:n], query[n : 2 * n], query[2 * n : 3 * n]
    extra, middle, exponent = query[3 * n], query[3 * n + 1], query[3 * n + 2]
    need, floor = query[3 * n + 3], query[3 * n + 4]
    width = np.int64(consts[4])
    found, credited, masks, joined = merge_kernel(
        fids, lmasks, credits, starts, spans, essential, weights, need, slot, np.int64(consts[5])
    )
    ninit = 0
    npart = 0
    assumed = np.int64(0)
    for i in range(n):
        ninit += flags[0, i] & 1
        npart += (flags[0, i] >> 1) & 1
        if flags[0, i]:
            assumed |= np.int64(1) << i
    init_pos = np.empty(ninit, np.int64)
    init_code = np.empty(ninit, np.int64)
    init_bit = np.empty(ninit, np.int64)
    particles = np.empty(npart, np.int64)
    ninit = 0
    npart = 0
    for i in range(n):
        if flags[0, i] & 1:
            init_pos[ninit] = i
            init_code[ninit] = flags[1, i]
            init_bit[ninit] = flags[2, i]
            ninit += 1
        if flags[0, i] & 2:
            particles[npart] = i
            npart += 1
    long = form_ints[:, 2]
    rows, bounds, cans = bounds_kernel(
        credited, found, masks, joined, forms[:, 0], form_ints[:, 0], form_ints[:, 1],
        form_ints[:, 4 : 4 + width], form_ints[:, 4 + width : 4 + 2 * width], long,
        forms[:, 1], forms[:, 2], forms[:, 3], forms[:, 4 : 4 + width], form_ints[:, 3], width,
        hi, lo, extra, middle, exponent, consts[0], consts[1], consts[2], consts[3],
        init_pos, init_code, init_bit, particles, floor,
    )  # fmt: skip
    kept = len(rows)
    out_fids = np.empty(kept, np.int64)
    qmasks = np.empty(kept, np.int64)
    lmasks_out = np.empty(kept, np.int64)
    for x in range(kept):
        r = rows[x]
        f = found[r]
        out_fids[x] = f
        q = assumed
        for i in range(n):
            if credited[r, i] > 0.0:
                q |= np.int64(1) << i
        qmasks[x] = q
        lmasks_out[x] = -1 if long[f] else cans[x]
    return out_fids, bounds, qmasks, lmasks_out


def warm_up() -> None:
    """Compile (or load from numba's cache) both loops for the argument types the index and
    the bounds pass, on a tiny input, so that a numba that cannot compile them fails here,
    where :func:`sanctions_check.search.index.compiled_loops` falls back to numpy, not mid-query."""
    ids = np.zeros(1, np.int64)
    real = np.ones(1)
    table = np.ones((1, 1))
    letters = np.zeros((1, 1), np.uint32)
    flags = np.zeros(1, np.bool_)
    slot = np.full(1, -1, np.int32)
    spans = np.array([[0, 1]], np.int64)
    found = merge_kernel(ids, ids, real, np.array([0, 1]), spans, ~flags, real, 0.5, slot, 8)
    assert found[0].tolist() == [0] and slot[0] == -1
    bounds_kernel(
        table, ids, ids, flags, real, flags, ids, letters, letters, flags, real, real, real,
        table, ids, 1, real, real, 0.5, 0.5, 0.25, 0.6, 1.0, 1.8, 0.6, ids, letters[0], ids,
        ids[:0], 0.0,
    )  # fmt: skip
    layout = np.array([[1, 0, 1, 1]], np.int64)
    query = np.array([1.0, 1.0, 1.0, 0.5, 0.25, 0.6, 0.5, 0.0])
    got = search_kernel(
        ids, ids, real, layout, query, np.zeros((3, 1), np.int64), np.ones((1, 5)),
        np.zeros((1, 6), np.int64), np.array([0.6, 1.0, 1.8, 0.6, 1.0, 8.0]), slot,
    )  # fmt: skip
    assert got[0].tolist() == [0] and slot[0] == -1
