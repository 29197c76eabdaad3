"""The per-form arrays of the score bounds, built from a list's name forms.

Contract: :func:`form_arrays` takes the name forms' words and weights (as the matcher's
scorer weighs them) and their sources, and returns the arrays
:class:`sanctions_check.search.bounds.FormBounds` bounds candidates with -- one row per form,
the first ``width`` words of each tracked -- and the bit of ``starts`` each first letter
has.  A function of the list alone: built once per matcher (or loaded packed from an index
file), never per query.  What each array means is said where it is built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_module
from sanctions_check.scoring.alignment import is_particles

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

POOL = "pool"  # the source of a pooled form (the words of all an entry's names)
OTHER_LETTERS = 62  # first letters with a bit of their own in ``starts``; the rest share bit 62


def form_arrays(
    tokens: Sequence[Sequence[str]],
    weights: Sequence[Sequence[float]],
    sources: Sequence[str],
    width: int,
    pool_factor: float,
    pool_min_evidence: float,
    min_evidence: float,
) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """(the arrays by attribute name, the bit of each first letter with a bit of its own)."""
    n = len(tokens)
    out: dict[str, np.ndarray] = {}
    out["weights"] = w_arr = np.zeros((n, width))
    out["totals"] = totals = np.zeros(n)
    # list particles: alignable with any query particle (whose tables leave them out);
    # list initials are found by the index like words ("thomas" finds "t")
    out["exempt"] = exempt = np.zeros(n, dtype=np.int64)
    # words past `width` are not tracked: assumed alignable (weight in `tail`)
    out["long"] = long = np.zeros(n, dtype=bool)
    out["tail"] = tail = np.zeros(n)
    for fid, (toks, ws) in enumerate(zip(tokens, weights, strict=True)):
        totals[fid] = sum(ws)
        long[fid] = len(toks) > width
        tail[fid] = sum(ws[width:])
        m = 0
        for j, (t, w) in enumerate(zip(toks[:width], ws[:width], strict=True)):
            w_arr[fid, j] = w
            if is_particles((t,)):
                m |= 1 << j
        exempt[fid] = m
    out["pool"] = pool = np.array([s == POOL for s in sources], dtype=bool)
    # the most the list side can give a form (all of it matched): the evidence factor
    evidence = np.where(pool, pool_min_evidence, min_evidence)
    out["cap"] = cap = np.sqrt(np.minimum(totals / evidence, 1.0))
    cap[pool] *= pool_factor
    # first letter of each word of more than one letter (0: none): what a query initial
    # aligns with ("J" ~ "jong")
    out["first"] = first = np.zeros((n, width), dtype=np.uint32)
    out["initial"] = initial = np.zeros((n, width), dtype=np.uint32)  # list initials ("KIM J UN")
    for fid, toks in enumerate(tokens):
        for j, t in enumerate(toks[:width]):
            if len(t) > 1:
                first[fid, j] = ord(t[0])
            else:
                initial[fid, j] = ord(t)
    # the first letters of all the form's words, as bits: a query initial can only earn
    # credit in a form holding a word (or initial) of its letter (rare letters share a bit)
    firsts = Counter(t[0] for toks in tokens for t in toks if t)
    bits = {c: b for b, (c, _n) in enumerate(firsts.most_common(OTHER_LETTERS))}
    out["starts"] = np.array(
        [sum({1 << bits.get(t[0], OTHER_LETTERS) for t in toks if t}) for toks in tokens],
        dtype=np.int64,
    )
    out["_bits"] = np.int64(1) << np.arange(width, dtype=np.int64)
    out["maxw"] = w_arr.max(axis=1)
    return out, bits


__all__ = ["OTHER_LETTERS", "POOL", "form_arrays"]
