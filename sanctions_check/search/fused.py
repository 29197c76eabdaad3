"""The candidate search's merge and bounds in one compiled call, with packed arguments.

Contract: :func:`fused_candidates` gives what
:meth:`sanctions_check.search.bounds.FormBounds.candidates` gives from
:meth:`NameIndex.merge <sanctions_check.search.index.NameIndex.merge>` (with a ``need``) and
:meth:`FormBounds.bounds <sanctions_check.search.bounds.FormBounds.bounds>` by the compiled
loops -- the same candidates, the same bounds to the last bit, in the same order -- before
the pool cut, by one call of :func:`sanctions_check.search.compiled.search_kernel`, which runs
the same two loops.  Only for what both compiled loops take (:func:`fits`): compiled loops on,
a ``need``, at most :data:`~sanctions_check.search.coverage.MAX_SUBSET_WORDS` (and
:data:`~sanctions_check.search.index.MAX_NEED_WORDS`) words.

Why: numba unboxes every argument of a call (about half a microsecond each); the two loops
took 40 between them, most of them the same per-form arrays for every query.  Those are
packed once per matcher into two tables (:func:`pack_forms`: one row per form, floats and
integers), kept beside the bounds' object (not in it: an index file stores that object's
attributes) and built before workers fork (:meth:`FormBounds.unpack_arrays
<sanctions_check.search.bounds.FormBounds.unpack_arrays>` with the compiled loops on).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sanctions_check.files.lazy import lazy_module
from sanctions_check.search.coverage import MAX_SUBSET_WORDS
from sanctions_check.search.index import LONG_TABLE, MAX_NEED_WORDS, NameIndex, compiled_loops
from sanctions_check.search.postings import Candidate, UnitTable

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

FUSED_WORDS = min(MAX_SUBSET_WORDS, MAX_NEED_WORDS)  # queries of at most this many words

# per bounds object, (float table, integer table, constants): see pack_forms
_PACKED: weakref.WeakKeyDictionary[Any, tuple[np.ndarray, np.ndarray, np.ndarray]] = (
    weakref.WeakKeyDictionary()
)


def fits(fb: Any, index: NameIndex, n: int, weights: Sequence[float], need: float) -> bool:
    """Whether a query of ``n`` words with MaxScore ``weights`` and ``need`` goes through
    :func:`fused_candidates` (where both compiled loops would run)."""
    return (
        fb.compiled and index.compiled and need > 0 and n <= FUSED_WORDS
        and any(w > 0 for w in weights) and compiled_loops() is not None
    )  # fmt: skip


def pack_forms(fb: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The bounds' per-form arrays as two tables, one row per form: floats (cap, totals,
    tail, heaviest word, then the ``width`` tracked words' weights) and integers (pool,
    exempt positions, long, first letters' bits, then the tracked words' first letters and
    initials); and the matcher's constants (pool factor, min evidence, pool min evidence,
    query initial credit, width, long table).  Built once per bounds object."""
    got = _PACKED.get(fb)
    if got is None:
        floats = np.column_stack([fb.cap, fb.totals, fb.tail, fb.maxw, fb.weights])
        ints = np.column_stack(
            [fb.pool, fb.exempt, fb.long, fb.starts, fb.first, fb.initial]
        ).astype(np.int64)
        scoring = fb.scoring
        consts = np.array([
            fb.pool_factor, scoring.min_evidence, fb.pool_min_evidence,
            scoring.query_initial_credit, fb.width, LONG_TABLE,
        ], dtype=np.float64)  # fmt: skip
        got = _PACKED[fb] = (np.ascontiguousarray(floats), np.ascontiguousarray(ints), consts)
    return got


def fused_candidates(
    fb: Any,
    index: NameIndex,
    plan: Sequence[tuple[int, int, UnitTable, bool]],
    tokens: tuple[str, ...],
    kind: str,
    hi: Sequence[float],
    lo: Sequence[float],
    weights: Sequence[float],
    need: float,
    initials: dict[int, str],
    particles: Sequence[int],
    floor: float,
) -> list[Candidate]:
    """The candidates (before the pool cut) of a query that :func:`fits`, by one compiled
    call: ``plan`` from :meth:`NameIndex.plan`, ``hi`` / ``lo`` each word's heaviest and
    lightest weight, ``weights`` / ``need`` MaxScore's (initials and particles at 0),
    ``initials`` the query's initials by position, ``particles`` its particles' positions."""
    tables = [(qs, qe, t, ess) for qs, qe, t, ess in plan if t.size]
    if not tables:
        return []
    floats, ints, consts = pack_forms(fb)
    scoring, n = fb.scoring, len(tokens)
    flags, codes, bits = [0] * n, [0] * n, [0] * n
    for i, letter in initials.items():
        flags[i], codes[i], bits[i] = 1, ord(letter), fb.letter_bit(letter)
    for i in particles:
        flags[i] |= 2
    query = np.array([
        *hi, *lo, *weights, scoring.least_query_cost(kind, n), scoring.middle_name_cost(kind),
        scoring.list_exponent(kind), need, floor,
    ], dtype=np.float64)  # fmt: skip
    fids, bounds, qmasks, lmasks = compiled_loops().search_kernel(  # type: ignore[union-attr]
        np.concatenate([t.fids for _qs, _qe, t, _ess in tables]),
        np.concatenate([t.lmasks for _qs, _qe, t, _ess in tables]),
        np.concatenate([t.credits for _qs, _qe, t, _ess in tables]),
        np.array([(t.size, qs, qe, ess) for qs, qe, t, ess in tables], dtype=np.int64),
        query,
        np.array([flags, codes, bits], dtype=np.int64),
        floats, ints, consts, index._slots(),
    )  # fmt: skip
    return [
        Candidate(b, fid, q, lm)
        for b, fid, q, lm in zip(
            bounds.tolist(), fids.tolist(), qmasks.tolist(), lmasks.tolist(), strict=True
        )
    ]


__all__ = ["FUSED_WORDS", "fits", "fused_candidates", "pack_forms"]
