"""Candidate retrieval: which list names could score for a query, without comparing them all.

Contract: :class:`NameIndex` is built once from the token tuples of every list name form.
:meth:`NameIndex.gather` (and :meth:`NameIndex.candidates`, the same as a dict) returns, for
a query's tokens, every form that has at least one token pair the scorer would credit
(:func:`sanctions_check.scoring.features.token_similarity` >= ``sim_floor``, or a word against a
list initial of its letter), with, per query token, the most credit it can earn there and
the list positions it can align with.  That is the gate the scorer uses (a name with no
credited pair scores 0), so retrieval loses no recall against exhaustive comparison;
:mod:`sanctions_check.search.bounds` then prunes candidates whose best possible score is below
the minimum before the full alignment.  Query particles ("al", "bin") never make a
candidate on their own (the bound counts them as matched).

Keys, per list "unit" (a token, or 2-3 adjacent tokens joined, for split/joined forms):

* the unit itself and its romanisation-canonical form (``rhee`` -> ``ri``): dict lookups;
* its synonym key (``room`` -> ``office``), its consonant skeleton (``saif`` / ``seif``)
  and, for short words, its typo key (``sko`` / ``sok``: ``scoring.typos``) and its words
  less one letter (``aim`` / ``kim``); for a word written without vowels its consonants
  (``mnyr`` / ``monir``: ``scoring.abjad``), for a Korean syllable its forms with the first
  consonant voiced and not (``pong`` / ``bong``: ``lexicon.voicing_forms``): dict lookups;
* fuzzy: a rapidfuzz OSA (Levenshtein with transpositions) scan with a score cutoff over
  the canonical units of compatible length (a length window outside which the cutoff
  cannot be reached), which covers typos and phonetic variants (``features.gate_cutoff``).
  Joined units are only compared with tokens sharing their first two letters (the
  scorer's rule too), so those scans run over small prefix buckets; a joined pair that
  only sounds alike (vowels, phonetic) is never credited, as in align().

Postings are numpy arrays (CSR: form ids, list positions bitmask per unit).  Per query unit
the verified matches and its table (:class:`UnitTable`: the forms it finds and the best
credit there) are cached, so batches of names sharing words are cheap (:meth:`NameIndex.prefetch`
looks up many words at once, as one fuzzy scan per cutoff).  With a ``need``
(MaxScore), the words with the longest tables are only looked up in the forms the others
found, as long as they weigh too little to reach the minimum on their own.  With numba
installed, that merge runs as a compiled loop (:func:`compiled_loops`), with the same result.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_logger, lazy_module
from sanctions_check.names.lexicon import synonym_token
from sanctions_check.scoring.alignment import spans_of
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights
from sanctions_check.search.lookups import UnitLookups
from sanctions_check.search.postings import (
    EMPTY_TABLE,
    LONG_TABLE,
    Gathered,
    Posting,
    Postings,
    UnitTable,
    empty_ids,
    left_out,
    needed_forms,
    union_ids,
)
from sanctions_check.search.vocab import Vocab, by_prefix, query_units
from sanctions_check.search.wordcache import WordCaches

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")  # imported by the array paths only

log = lazy_logger(__name__)

MAX_NEED_WORDS = 6  # queries up to this many words get the exact MaxScore condition


@functools.cache
def compiled_loops() -> ModuleType | None:
    """:mod:`sanctions_check.search.compiled` (the merge and the bounds as compiled loops), or None
    when numba is not installed or cannot load (then numpy's array operations run)."""
    try:
        from sanctions_check.search import compiled

        compiled.warm_up()
    except Exception as exc:  # ImportError, or numba failing to set up, load or compile
        log.debug("compiled loops not available (%s): using numpy", exc)
        return None
    return compiled


class NameIndex(UnitLookups):
    """Token index over list name forms (see the module docstring); its word look-ups
    (:meth:`unit_matches`, :meth:`prefetch`) are :class:`~sanctions_check.search.lookups.UnitLookups`'."""

    def __init__(
        self,
        forms: Sequence[Sequence[str]],
        joins: Sequence[bool] | None = None,
        kinds: Sequence[str] | None = None,
        cache_size: int = 200_000,
        scoring: ScoringWeights = DEFAULT_SCORING,
    ) -> None:
        self.size = len(forms)
        self.scoring = scoring  # which pairs are creditable, and their credit
        postings: dict[str, list[Posting]] = {}
        for fid, toks in enumerate(forms):
            with_joins = joins[fid] if joins is not None else True
            for start, end, unit in spans_of(tuple(toks), with_joins):
                postings.setdefault(unit, []).append((fid, start, end))
        self._postings = Postings(forms, postings, kinds)
        single_units = {t for toks in forms for t in toks if t in postings}
        span_units = [u for u in postings if u not in single_units]
        short = scoring.short_token
        self._single = Vocab(sorted(single_units), short)
        self._single_by_prefix = by_prefix(single_units, short)
        self._spans_by_prefix = by_prefix(span_units, short)
        self._synonyms: dict[str, list[str]] = {}
        for unit in single_units:
            key = synonym_token(unit)
            if key is not None:
                self._synonyms.setdefault(key, []).append(unit)
        self._span_units = frozenset(span_units)
        # list initials ("KIM J UN"): align() pairs them with any query word of that letter
        self._letters = frozenset(u for u in single_units if len(u) == 1)
        # per query unit: the indexed units crediting it, the table of forms they find
        self.words = WordCaches(cache_size)
        self._scratch = threading.local()
        # merge with the compiled loop when numba is installed and the caller asks for it
        # (Matcher.use_compiled_loops: long runs; importing numba costs a one-off query ~0.5 s)
        self.compiled = False

    def build_all(self) -> None:
        """Build what is otherwise built when a query first needs it (the vocabularies of
        joined forms by prefix, and the lookup tables of an index loaded from its file):
        before worker processes fork, so they share it."""
        self._single_by_prefix.build_all()
        self._spans_by_prefix.build_all()
        for part in (self._single, self._postings):
            for table in vars(part).values():
                # a table loaded from an index file, unpacked bucket by bucket when read
                # (files.packfile.PackedMap): whole now, once, not in every worker
                unpack = getattr(table, "unpack", None)
                if callable(unpack):
                    unpack()
        self._postings.unpack_arrays()  # (files.packedarrays: arrays loaded, not built yet)

    def __getstate__(self) -> dict[str, object]:
        """Without the caches, only their size (for workers, and index files of plain values)."""
        state = dict(self.__dict__)
        del state["_scratch"]
        state["words"] = self.words.size
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.words = WordCaches(int(state["words"]))  # type: ignore[call-overload]
        self._scratch = threading.local()

    def gather(
        self,
        tokens: Sequence[str],
        kind: str | None = None,
        weights: Sequence[float] | None = None,
        need: float = 0.0,
    ) -> Gathered:
        """Every form a creditable token pair of the query finds, as arrays (see :class:`Gathered`).

        With ``kind``, only forms of that kind (when the index was built with kinds).  With
        query token ``weights`` and ``need`` (the weight of query tokens a form must match to
        matter), forms are only collected from the tables of "essential" tokens (MaxScore):
        the tokens left out weigh less than ``need`` together, so a form none of the essential
        tokens found cannot reach it; the tokens left out are the ones with the longest
        tables.  Their credits are then added to the forms found, by a sorted search.
        """
        return self.merge(self.plan(tokens, kind, weights, need), len(tokens), weights, need)

    def plan(
        self,
        tokens: Sequence[str],
        kind: str | None = None,
        weights: Sequence[float] | None = None,
        need: float = 0.0,
    ) -> list[tuple[int, int, UnitTable, bool]]:
        """(start, end, table, essential) of every query unit (see :meth:`gather`)."""
        toks = tuple(tokens)
        n = len(toks)
        units = query_units(toks)
        # a query particle is counted as matched anyway: what matters is which list words
        # other than particles it can align with ("wal" ~ "waal"); a unit that is no anchor
        # (a particle) is never essential, an anchor is unless all its words are left out
        table = self.unit_table
        if weights is None or need <= 0:
            return [(qs, qe, table(u, qe - qs > 1, kind, a), a) for qs, qe, u, a in units]
        # first the lightest words left out: when the others find nothing, nothing is found
        # and the tables of the words left out are never built
        left = left_out(sorted(range(n), key=lambda i: (weights[i], i)), weights, need)
        first = [
            table(u, qe - qs > 1, kind, a) if a and ((1 << qe) - (1 << qs)) & ~left else None
            for qs, qe, u, a in units
        ]
        if not any(t.size for t in first if t is not None):
            return []
        tables = [
            t if t is not None else table(u, qe - qs > 1, kind, a)
            for t, (qs, qe, u, a) in zip(first, units, strict=True)
        ]
        # then leave out the words whose tables are longest instead (any set lighter than
        # ``need`` will do; the cost of a query is the postings it reads)
        size = [0] * n
        for (qs, qe, _u, _a), t in zip(units, tables, strict=True):
            for i in range(qs, qe):
                size[i] += t.size
        left = left_out(sorted(range(n), key=lambda i: (-size[i], weights[i], i)), weights, need)
        return [
            (qs, qe, t, a and ((1 << qe) - (1 << qs)) & ~left != 0)
            for (qs, qe, _u, a), t in zip(units, tables, strict=True)
        ]

    def merge(
        self,
        plan: list[tuple[int, int, UnitTable, bool]],
        n: int,
        weights: Sequence[float] | None = None,
        need: float = 0.0,
    ) -> Gathered:
        """The forms the essential tables find, with what every table adds to them.

        With the ``weights`` and ``need`` of :meth:`plan`, only the forms found by words
        weighing ``need`` together (:func:`~sanctions_check.search.postings.needed_forms`): the
        others cannot reach the minimum.
        """
        fids = None
        if weights is not None and need > 0 and n <= MAX_NEED_WORDS:
            loops = compiled_loops() if self.compiled else None
            if loops is not None and any(w > 0 for w in weights):
                return self._compiled_merge(loops, plan, weights, need)
            fids = needed_forms(plan, n, weights, need, self._slots())
        if fids is None:
            fids = union_ids([t.fids for _qs, _qe, t, ess in plan if ess])
        k = len(fids)
        credits = np.zeros((k, n))
        lmasks = np.zeros(k, dtype=np.int64)
        joined = np.zeros(k, dtype=bool)
        if not k:
            return Gathered(fids, credits, lmasks, joined)
        # each form's row among the candidates (-1: none), in a scratch array over all forms
        # that is reset afterwards: a gather per table instead of a sorted search
        slot = self._slots()
        slot[fids] = np.arange(k, dtype=np.int32)
        fresh = [True] * n  # positions no table has credited yet: set, not maximised
        any_mask = False
        try:
            for qs, qe, table, _ in plan:
                m = table.size
                if not m:
                    continue
                if m <= LONG_TABLE * k:  # each of the table's forms looked up: a gather
                    pos = slot[table.fids]
                    rows = (pos >= 0).nonzero()[0]
                    pos = pos[rows]
                else:  # a long table (a word left out): the candidates searched in it
                    at = np.minimum(table.fids.searchsorted(fids), m - 1)
                    ok = table.fids[at] == fids
                    pos, rows = ok.nonzero()[0], at[ok]
                if not len(rows):
                    continue
                if any_mask:
                    lmasks[pos] |= table.lmasks[rows]
                else:
                    lmasks[pos] = table.lmasks[rows]
                    any_mask = True
                if qe - qs > 1:
                    joined[pos] = True
                got = table.credits[rows]
                for i in range(qs, qe):
                    if fresh[i]:
                        credits[pos, i] = got
                        fresh[i] = False
                    else:
                        credits[pos, i] = np.maximum(credits[pos, i], got)
        finally:
            slot[fids] = -1
        return Gathered(fids, credits, lmasks, joined)

    def _compiled_merge(
        self,
        loops: ModuleType,
        plan: list[tuple[int, int, UnitTable, bool]],
        weights: Sequence[float],
        need: float,
    ) -> Gathered:
        """:meth:`merge` with a ``need``, by :func:`sanctions_check.search.compiled.merge_kernel`."""
        tables = [(qs, qe, t, ess) for qs, qe, t, ess in plan if t.size]
        if not tables:
            none = empty_ids()
            return Gathered(none, np.zeros((0, len(weights))), none, np.zeros(0, dtype=bool))
        starts = [0]
        for _qs, _qe, t, _ess in tables:
            starts.append(starts[-1] + t.size)
        return Gathered(
            *loops.merge_kernel(
                np.concatenate([t.fids for _qs, _qe, t, _ess in tables]),
                np.concatenate([t.lmasks for _qs, _qe, t, _ess in tables]),
                np.concatenate([t.credits for _qs, _qe, t, _ess in tables]),
                np.array(starts, dtype=np.int64),
                np.array([(qs, qe) for qs, qe, _t, _ess in tables], dtype=np.int64),
                np.array([ess for _qs, _qe, _t, ess in tables], dtype=bool),
                np.asarray(weights, dtype=float),
                float(need),
                self._slots(),
                LONG_TABLE,
            )
        )

    def _slots(self) -> np.ndarray:
        """This thread's scratch array of candidate rows per form (all -1 between merges)."""
        slot = getattr(self._scratch, "slot", None)
        if slot is None:
            slot = self._scratch.slot = np.full(self.size, -1, dtype=np.int32)
        return slot

    def candidates(
        self,
        tokens: Sequence[str],
        kind: str | None = None,
        weights: Sequence[float] | None = None,
        need: float = 0.0,
    ) -> dict[int, list[int]]:
        """Form id -> [query positions bitmask, list positions bitmask] (see :meth:`gather`)."""
        got = self.gather(tokens, kind, weights, need)
        out: dict[int, list[int]] = {}
        for fid, row, lmask in zip(
            got.fids.tolist(), got.credits, got.lmasks.tolist(), strict=True
        ):
            out[fid] = [sum(1 << i for i, c in enumerate(row) if c > 0), lmask]
        return out

    def unit_table(
        self, unit: str, multi: bool, kind: str | None, particles: bool = True
    ) -> UnitTable:
        """The forms ``unit`` finds, as arrays (cached; see :class:`UnitTable`): the postings
        of every indexed unit crediting it, a joined query span only against single list
        tokens, with the credit of each pair; a form found twice keeps the union of the list
        positions and the best credit."""
        key = (unit, multi, kind, particles)
        if (hit := self.words.tables.get(key)) is not None:
            return hit
        matches = self.unit_matches(unit, multi)
        if not matches:
            return EMPTY_TABLE  # most joined query spans: not cached, cheap to find again
        found = self._postings.table(unit, matches, multi, kind, particles, self.scoring)
        self.words.put_table(key, found)
        return found
