"""Postings of the list's name units, and the table of forms a query unit finds.

Contract: :class:`Postings` stores, for every indexed unit (a list word, or 2-3 adjacent
words joined), the forms holding it, as CSR numpy arrays: form ids, list positions bitmask,
whether the unit is a single list word, whether it is made of particles ("al", "bin",
"wa al").  :meth:`Postings.table` turns the indexed units crediting a query unit (found by
:class:`sanctions_check.search.index.NameIndex`) into a :class:`UnitTable`: the forms they find,
sorted by form id, with the list positions the query unit can align with there and the most
:func:`~sanctions_check.scoring.features.credit` it can earn (its best pair).  Short tables are built
in plain Python, long ones with array operations (the first :data:`PACKED_TABLES` long ones
in plain Python too while the arrays of an index loaded from its file are packed); both
give the same table.
:func:`needed_forms` intersects the tables of a query's words: the forms found by words
weighing enough together (MaxScore's condition, used by the index's merge).  :class:`Gathered`
is what the index's merge gives the bounds.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from sanctions_check.files.lazy import lazy_module
from sanctions_check.files.packedarrays import PackedArray, PackedArrays
from sanctions_check.scoring.alignment import LOOSE_METHODS, is_particles
from sanctions_check.scoring.features import credit, token_similarity
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")  # imported by the array paths only

Posting = tuple[int, int, int]  # (form id, start, end) of a unit inside a form
SHORT_TABLE = 48  # postings up to which a unit's table is built in plain Python
# longer tables too while the arrays are packed (an index just loaded), for this many tables:
# a one-off query imports no numpy (importing it costs more than thousands of postings read
# in Python); a run of many queries then builds the arrays once
PACKED_TABLES = 64
LONG_TABLE = 8  # a table this many times longer than the candidates is searched, not read
MASK_BITS = 63  # list positions past this are not tracked in masks


class Candidate(NamedTuple):
    """A list name form that may score the floor: its score bound, form id, and the query
    and list positions (bitmasks; -1: all) the alignment may use."""

    bound: float
    fid: int
    q_mask: int
    l_mask: int


@dataclass(frozen=True)
class Gathered:
    """What :meth:`sanctions_check.search.index.NameIndex.gather` found: candidate form ids
    (sorted), per candidate and query token the most credit the token can earn in the form
    (0: no creditable pair), and the list positions the query can align with."""

    fids: np.ndarray  # (k,) int64
    credits: np.ndarray  # (k, query tokens) float64
    lmasks: np.ndarray  # (k,) int64
    joined: np.ndarray  # (k,) bool: a joined span of query tokens has a creditable pair there


class UnitTable:
    """The forms a query unit finds, sorted by form id, with the list positions it can align
    with there (bitmask) and the most credit it can earn there: as arrays (``fids``,
    ``lmasks``, ``credits``; a long table, built with array operations) or as ``rows`` (form
    id -> (list mask, credit), in form id order; a short table, built in plain Python), each
    made from the other when first read (a one-off query of short tables needs no numpy).
    Only read once made: a table is shared by the queries of its unit.  ``size`` is its
    ``len()`` as a plain attribute (what the hot loops read)."""

    def __init__(self, fids: np.ndarray, lmasks: np.ndarray, credits: np.ndarray) -> None:
        self.__dict__.update(fids=fids, lmasks=lmasks, credits=credits)
        self.size = len(fids)  # len(): a plain attribute read in the hot loops

    @classmethod
    def of_rows(cls, rows: dict[int, tuple[int, float]]) -> UnitTable:
        """The table of ``rows`` (form id -> (list mask, credit), in form id order)."""
        table = cls.__new__(cls)
        table.__dict__.update(rows=rows, size=len(rows))
        return table

    def __len__(self) -> int:
        """The number of forms found."""
        return self.size

    @functools.cached_property
    def fids(self) -> np.ndarray:  # int64
        return np.array(list(self.rows), dtype=np.int64)

    @functools.cached_property
    def lmasks(self) -> np.ndarray:  # int64
        return np.array([m for m, _c in self.rows.values()], dtype=np.int64)

    @functools.cached_property
    def credits(self) -> np.ndarray:  # float64
        return np.array([c for _m, c in self.rows.values()], dtype=np.float64)

    @functools.cached_property
    def rows(self) -> dict[int, tuple[int, float]]:
        return dict(
            zip(
                self.fids.tolist(),
                zip(self.lmasks.tolist(), self.credits.tolist(), strict=True),
                strict=True,
            )
        )


class Postings(PackedArrays):
    """The CSR postings of every indexed unit (see the module docstring); loaded from an
    index file, its arrays stay packed until an array path reads them
    (:class:`~sanctions_check.files.packedarrays.PackedArrays`)."""

    def __init__(
        self,
        forms: Sequence[Sequence[str]],
        postings: dict[str, list[Posting]],
        kinds: Sequence[str] | None = None,
    ) -> None:
        # postings of every unit, grouped by unit id then form id (CSR): form ids, list
        # positions bitmask, whether the unit is a single list token
        self._unit_ids = {unit: i for i, unit in enumerate(postings)}
        self._kind_names = sorted(set(kinds)) if kinds is not None else []
        if not forms:  # an empty index (compare's pair matcher): no numpy to build it
            self.set_packed({"_offsets": PackedArray.of("int64", (1,)),
                             "_form_kinds": PackedArray.of("int8", (0,)),
                             **{n: PackedArray.of("int64", (0,)) for n in ("_fids", "_lmasks")},
                             **{n: PackedArray.of("bool", (0,))
                                for n in ("_single_post", "_particle_post")}})  # fmt: skip
            self._offsets_list, self._form_kinds_list = [0], []
            return
        count = sum(len(p) for p in postings.values())
        self._offsets = np.zeros(len(postings) + 1, dtype=np.int64)
        self._offsets[1:] = np.cumsum([len(p) for p in postings.values()])
        self._fids = np.fromiter(
            (f for p in postings.values() for f, _, _ in p), dtype=np.int64, count=count
        )
        full = (1 << MASK_BITS) - 1
        self._lmasks = np.fromiter(
            (((1 << (e - st)) - 1) << st & full for p in postings.values() for _, st, e in p),
            dtype=np.int64, count=count,
        )  # fmt: skip
        self._single_post = np.fromiter(
            (e - st == 1 for p in postings.values() for _, st, e in p), dtype=bool, count=count
        )
        # postings of particles ("al", "bin", "the", or "wa al" joined)
        self._particle_post = np.fromiter(
            (is_particles(forms[f][st:e]) for p in postings.values() for f, st, e in p),
            dtype=bool, count=count,
        )  # fmt: skip
        self._offsets_list = self._offsets.tolist()
        self._form_kinds = np.array(
            [self._kind_names.index(k) for k in kinds] if kinds is not None else [],
            dtype=np.int8,
        )
        self._form_kinds_list = self._form_kinds.tolist()

    def table(
        self,
        unit: str,
        matches: Sequence[str],
        multi: bool,
        kind: str | None,
        particles: bool,
        scoring: ScoringWeights = DEFAULT_SCORING,
    ) -> UnitTable:
        """The forms the indexed units ``matches`` find for the query unit ``unit``: a joined
        query span (``multi``) only against single list words and joined list spans of the
        same letters; with ``particles`` False, no
        postings of particles; with ``kind``, only forms of that kind.  A form found twice
        keeps the union of the list positions and the best credit (under ``scoring``)."""
        spans = [
            (match, self._offsets_list[uid], self._offsets_list[uid + 1])
            for match in matches
            if (uid := self._unit_ids.get(match)) is not None
        ]
        count = sum(hi - lo for _m, lo, hi in spans)
        if count <= SHORT_TABLE or self.plain_reads("_fids", PACKED_TABLES):
            return self._short_table(unit, multi, kind, particles, spans, scoring)
        return self._long_table(unit, multi, kind, particles, spans, scoring)

    def _short_table(
        self,
        unit: str,
        multi: bool,
        kind: str | None,
        particles: bool,
        spans: list[tuple[str, int, int]],
        scoring: ScoringWeights,
    ) -> UnitTable:
        """:meth:`table` from a few postings, in plain Python."""
        code = self._kind_code(kind)
        rows: dict[int, tuple[int, float]] = {}
        # the arrays as loaded from an index file, unless built: no numpy for a few rows
        fids, lmasks = self.column("_fids"), self.column("_lmasks")
        singles, particles_at = self.column("_single_post"), self.column("_particle_post")
        for match, lo, hi in spans:
            c_single, c_span = pair_credits(unit, match, multi, scoring)
            for fid, mask, single, particle in zip(
                fids[lo:hi].tolist(), lmasks[lo:hi].tolist(),
                singles[lo:hi].tolist(), particles_at[lo:hi].tolist(),
                strict=True,
            ):  # fmt: skip
                if (not particles and particle) or (multi and not single and match != unit):
                    continue
                if code is not None and self._form_kinds_list[fid] != code:
                    continue
                c = c_single if single else c_span
                if c <= 0.0:
                    continue
                had = rows.get(fid)
                rows[fid] = (mask | had[0], max(c, had[1])) if had else (mask, c)
        return UnitTable.of_rows(dict(sorted(rows.items())))

    def _kind_code(self, kind: str | None) -> int | None:
        """The code of ``kind`` among the forms' kinds (-1: none such), None for any kind."""
        if not (kind and self._kind_names):
            return None
        return self._kind_names.index(kind) if kind in self._kind_names else -1

    def _long_table(
        self,
        unit: str,
        multi: bool,
        kind: str | None,
        particles: bool,
        spans: list[tuple[str, int, int]],
        scoring: ScoringWeights,
    ) -> UnitTable:
        """:meth:`table` from many postings, with array operations."""
        parts_f, parts_m, parts_c = [], [], []
        for match, lo, hi in spans:
            c_single, c_span = pair_credits(unit, match, multi, scoring)
            if not c_single:
                continue  # a joined pair that only sounds alike: align() never makes it
            fids, masks, single = self._fids[lo:hi], self._lmasks[lo:hi], self._single_post[lo:hi]
            if not particles:
                keep = ~self._particle_post[lo:hi]
                fids, masks, single = fids[keep], masks[keep], single[keep]
            if (multi and match != unit) or not c_span:
                # only single list words can pair with it (a joined query span: and the
                # joined list spans of the same letters)
                fids, masks, single = fids[single], masks[single], single[single]
            creds = np.where(single, c_single, c_span)
            parts_f.append(fids)
            parts_m.append(masks)
            parts_c.append(creds)
        if parts_f:
            fids = np.concatenate(parts_f)
            masks = np.concatenate(parts_m)
            creds = np.concatenate(parts_c)
        else:
            fids, masks, creds = empty_ids(), empty_ids(), np.zeros(0)
        code = self._kind_code(kind)
        if code is not None:
            sel = self._form_kinds[fids] == code
            fids, masks, creds = fids[sel], masks[sel], creds[sel]
        if len(fids) > 1:
            if len(parts_f) > 1:
                order = np.argsort(fids, kind="stable")
                fids, masks, creds = fids[order], masks[order], creds[order]
            # a form holding the unit twice ("mohammad mohammad"), or two units crediting it
            starts = np.flatnonzero(np.concatenate(([True], fids[1:] != fids[:-1])))
            if len(starts) < len(fids):
                masks = np.bitwise_or.reduceat(masks, starts)
                creds = np.maximum.reduceat(creds, starts)
                fids = fids[starts]
        return UnitTable(fids, masks, creds)


def pair_credits(
    unit: str, match: str, multi: bool, scoring: ScoringWeights = DEFAULT_SCORING
) -> tuple[float, float]:
    """The credit align() gives a query unit paired with an indexed unit, when that unit is a
    single list token and when it is a joined span (see ``scoring.score_parts``)."""
    if not multi and len(match) == 1 and len(unit) > 1:
        return credit(scoring.initial_sim, True, scoring), 0.0  # a list initial (is_initial_pair)
    sim, method = token_similarity(unit, match, scoring)
    joined = 0.0 if method in LOOSE_METHODS else credit(sim, False, scoring)
    if multi:
        return joined, joined  # a joined query span: every pair it makes is joined
    short = min(len(unit), len(match)) <= scoring.short_token
    return credit(sim, short, scoring), joined


@functools.cache
def empty_ids() -> np.ndarray:
    """No form ids (one array, shared: never written)."""
    return np.zeros(0, dtype=np.int64)


EMPTY_TABLE = UnitTable.of_rows({})


def union_ids(arrays: list[np.ndarray]) -> np.ndarray:
    """The sorted distinct form ids of sorted arrays."""
    if len(arrays) == 1:
        return arrays[0]
    if not arrays:
        return empty_ids()
    fids = np.concatenate(arrays)
    if len(fids):
        fids.sort(kind="stable")  # a merge of sorted runs: faster than the default sort
        fids = fids[np.concatenate(([True], fids[1:] != fids[:-1]))]
    return fids


def needed_forms(
    plan: list[tuple[int, int, UnitTable, bool]],
    n: int,
    weights: Sequence[float],
    need: float,
    slot: np.ndarray,
) -> np.ndarray | None:
    """The forms found by a set of query words weighing ``need`` or more (MaxScore's own
    condition, which the essential words only approximate): the union, over the minimal
    such sets, of the intersection of the forms each word of the set finds (a word finds a
    form through its own table or a joined span's).  None when no word weighs anything.
    ``slot`` is the merge's scratch array (all -1), used to intersect and left as it was."""
    tables: list[list[np.ndarray]] = [[] for _ in range(n)]
    for qs, qe, t, _ess in plan:
        if t.size:
            for i in range(qs, qe):
                tables[i].append(t.fids)
    words = [i for i in range(n) if weights[i] > 0]
    if not words:
        return None
    found = [union_ids(tables[i]) if weights[i] > 0 else empty_ids() for i in range(n)]
    minimal: list[int] = []
    parts = []
    for mask in _by_size(len(words)):
        if any(m & mask == m for m in minimal):
            continue  # a smaller set already needs no more
        chosen = [words[j] for j in range(len(words)) if mask >> j & 1]
        if sum(weights[i] for i in chosen) < need:
            continue
        minimal.append(mask)
        arrays = sorted((found[i] for i in chosen), key=len)
        got = arrays[0]
        for other in arrays[1:]:
            if not len(got):
                break
            if len(other) > LONG_TABLE * len(got):  # a long table: searched, not read
                at = np.minimum(other.searchsorted(got), len(other) - 1)
                got = got[other[at] == got]
                continue
            slot[got] = 0  # the forms so far, marked: the other word's forms among them
            kept = other[slot[other] == 0]
            slot[got] = -1
            got = kept
        if len(got):
            parts.append(got)
    return union_ids(parts)


@functools.cache
def _by_size(k: int) -> list[int]:
    """Every non-empty subset of k words as a bitmask, smallest sets first."""
    return sorted(range(1, 1 << k), key=lambda m: m.bit_count())


def left_out(order: Sequence[int], weights: Sequence[float], need: float) -> int:
    """Bitmask of query positions, taken in ``order``, whose weights stay below ``need``
    together."""
    acc, left = 0.0, 0
    for i in order:
        if acc + weights[i] < need:
            acc += weights[i]
            left |= 1 << i
    return left
