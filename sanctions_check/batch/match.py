"""Batch matching: each distinct row key matched once, in worker processes sharing one matcher.

Contract: :func:`match_keys` matches raw ``(name, kind, dob, nationality)`` keys
(:func:`raw_key`) with a matching state's matcher, asking it exactly as
:func:`sanctions_check.screening.run.screen_query` does, and returns one :class:`Outcome` per
key: the part of a row's result that every input row with that key shares.
:func:`outcome_rows` turns an outcome back into the output rows of one input row (the
rows :func:`sanctions_check.screening.rows.result_rows` gives it).  A matching state is a
dict with ``matcher``, ``limit``, ``min_score``, ``best_floor`` (:func:`best_floor`) and
optionally ``norm_dedupe`` and ``date_order`` (how the keys' dates of birth are read);
:func:`prepare_state` adds the name normaliser and a cache of
:data:`WORKER_CACHE_SIZE` outcomes by normalised name (used with ``norm_dedupe`` only).

Workers: :func:`start_workers` makes a state this process's and starts ``workers``
processes that share it (fork: the matcher built once in the parent; elsewhere it is
pickled once per worker), each replaced so the matcher's own caches stay bounded: forked
by a template (below), after the block in which its resident memory grew past
:data:`WORKER_GROWTH_MB` since it started (or after :data:`WORKER_LIFE_BLOCKS` blocks),
otherwise after :data:`WORKER_MAX_BLOCKS` blocks (the parent readies the matcher first,
:meth:`~sanctions_check.matching.matcher.Matcher.prepare_batch`: forked workers share numba's
compiled loops, where installed, and the index's vocabularies); with one worker, blocks
are matched in this process.  On Linux the workers, replacements included, are forked by a
template process forked when the pool starts (:mod:`sanctions_check.batch.template`), not
by the caller, whose heap grows during a run: a replacement starts with the template's
pages, the matcher and the words workers looked up (which :class:`Pending` hands the
template), not with private copies of the caller's run cache.
:func:`blocks` cuts keys into blocks of at most :data:`BLOCK_NAMES`, :func:`submit` hands
one to the pool and returns a :class:`Pending` of its outcomes, :func:`stop_workers`
ends the pool and forgets the state.  After every block, a worker freezes the garbage
collector's generations (:func:`gc.freeze`); the caller unfreezes them when its run ends.
:mod:`sanctions_check.batch.engine` runs a file through this; :mod:`sanctions_check.batch.distributed`
uses the same keys, outcomes and states on Dask workers.
"""

from __future__ import annotations

import collections
import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from sanctions_check.batch import template
from sanctions_check.matching.hits import Query
from sanctions_check.screening import rows as out_rows
from sanctions_check.screening import run as screening

WORKER_CACHE_SIZE = 100_000
# a worker process is replaced after this many blocks (~1,000 names each): the matcher's
# own caches grow with the distinct names it sees (about 3.6 MB per block of names made of
# list words), so recycling keeps a worker's memory bounded whatever the input size.  32,
# not 64: at 1M such names two workers near the end of their life put the tree over 1 GB
# (1.37 GB with 64, 1.04 GB with 32 and the compact run cache); a replacement starts with
# the parent's word lookups, and its cold scoring caches cost about 5 % more worker CPU on
# that mix (200k names)
WORKER_MAX_BLOCKS = 32
# workers forked by a template (Linux) are replaced by memory instead: after the block in
# which a worker's resident memory grew past this many MB since it started.  Names made of
# list words grow a worker about 5 MB per block, so it lives about as long as with 32 blocks
# (200k such names: 6 replacements either way); most people's names grow it about 1.7 MB
# per block, so it lives far longer (200k names: none) and keeps its warm caches (a
# replacement relearns joined spans and word tables with cold scoring caches: 7-10 % of the
# workers' CPU at 200k such names with 32 blocks)
WORKER_GROWTH_MB = 160
WORKER_LIFE_BLOCKS = 256  # and after this many blocks whatever its memory (copy-on-write pages)
BLOCK_NAMES = 1_000  # names per task sent to a worker (at most)


# --------------------------------------------------------------------------- matching


def best_floor(include_clear: bool, threshold: float) -> float:
    """How far down a clear row's best score is looked for: only when clear rows are written."""
    return screening.BEST_SCORE_FLOOR if include_clear else threshold


class Outcome(NamedTuple):
    """A query's outcome without the per-row fields (shared by duplicates)."""

    status: str
    best: float | None
    reason: str
    hits: tuple[dict[str, Any], ...]  # hit_row() dicts plus "_entry_kind"
    nearest: str | None = None  # a clear row's nearest candidate (screening.rows.nearest_text)


# the outcome of most names (clear, no best score below the threshold asked for): one
# shared object, which a block's pickle holds once instead of once per name (3.6 us per
# name to send and rebuild otherwise), and the run's caches hold once
CLEAR_OUTCOME = Outcome(screening.CLEAR, None, "", (), None)

_STATE: dict[str, Any] = {}


def _init_worker(state: dict[str, Any] | None = None) -> None:
    if state is not None:  # spawn: the matcher arrives pickled, once per worker
        _STATE.update(state)
    prepare_state(_STATE)


def _init_pool_worker(state: dict[str, Any] | None = None) -> None:
    """A pool worker: also notes its word lookups, handed to the parent with its outcomes."""
    _init_worker(state)
    words = _word_caches(_STATE)
    if words is not None:
        words.journal()
    _STATE["_started_bytes"] = template.resident_bytes()  # (its growth retires it)


def _word_caches(state: dict[str, Any]) -> Any:
    """The matcher's per-word caches (:class:`~sanctions_check.search.wordcache.WordCaches`
    of its index), or None for a matcher without them."""
    return getattr(getattr(state.get("matcher"), "index", None), "words", None)


def _learn_words(learned: Any) -> None:
    """Add words a worker looked up to this process's caches (the template's, or with an
    ordinary pool the parent's), which the workers it forks from now on start with."""
    words = _word_caches(_STATE)
    if words is not None:
        words.learn(learned)


def prepare_state(state: dict[str, Any]) -> dict[str, Any]:
    """Add the normaliser and the worker cache to a matching state (and ready the matcher for
    a long run: :meth:`~sanctions_check.matching.matcher.Matcher.prepare_batch`)."""
    _prepare_batch(state)
    state["norm"] = screening.name_normaliser(state["matcher"])
    state["lru"] = collections.OrderedDict()
    return state


def _prepare_batch(state: dict[str, Any]) -> None:
    """The matcher readied for a long run (Matcher.prepare_batch; other matchers: as they are)."""
    prepare = getattr(state["matcher"], "prepare_batch", None)
    if prepare is not None:
        prepare()


def _match_keys(
    keys: Sequence[tuple[str, str | None, str | None, str | None]],
) -> tuple[list[Outcome], Any]:
    """A block's outcomes, and the word lookups made for it (for the parent, whose workers
    forked later start with them: a word is looked up about once per run)."""
    out = match_keys(_STATE, keys)
    words = _word_caches(_STATE)
    # the matcher's word caches only grow and hold no cycles: moved out of the collector's
    # sight after every block, they are not traversed again by each full collection (about
    # 10% of a worker's time otherwise); workers are replaced now and then in any case
    gc.freeze()
    started = _STATE.get("_started_bytes")
    if started is not None and template.resident_bytes() - started > WORKER_GROWTH_MB << 20:
        template.retire()  # (a worker forked by a template: it ends after handing this back)
    return out, words.learned() if words is not None else None


def match_keys(
    state: dict[str, Any], keys: Sequence[tuple[str, str | None, str | None, str | None]]
) -> list[Outcome]:
    """Match raw (name, kind, dob, nationality) keys with the state's matcher."""
    matcher, limit, min_score = state["matcher"], state["limit"], state["min_score"]
    norm, lru = state["norm"], state["lru"]
    prefetch(matcher, keys)
    out = []
    for name, kind, dob, nationality in keys:
        q = Query(name=name, kind=kind, dob=dob, nationality=nationality,
                  date_order=state.get("date_order"))
        nkey = screening.dedupe_key(norm(name), q) if state.get("norm_dedupe") else None
        found = lru.get(nkey) if nkey is not None and nkey[0] else None
        if found is None:
            status, hits, best, reason, nearest = screening.screen_query(
                matcher, q, limit, min_score, state.get("best_floor", screening.BEST_SCORE_FLOOR)
            )
            parts = tuple({**out_rows.hit_row(q, h), "_entry_kind": h.entry.kind} for h in hits)
            found = Outcome(status, best, reason, parts, out_rows.nearest_text(nearest))
            if found == CLEAR_OUTCOME:
                found = CLEAR_OUTCOME  # one object: pickled once per block, held once by caches
            if nkey is not None and nkey[0]:
                lru[nkey] = found
                if len(lru) > WORKER_CACHE_SIZE:
                    lru.popitem(last=False)
        out.append(found)
    return out


def prefetch(matcher: Any, keys: Sequence[tuple[str, str | None, str | None, str | None]]) -> None:
    """Look up the words of a block's names at once (:meth:`Matcher.prefetch
    <sanctions_check.matching.matcher.Matcher.prefetch>`: one fuzzy scan of the list's words
    for all the new words, not one per word); a matcher without it: nothing to do."""
    prefetch_names = getattr(matcher, "prefetch", None)
    if prefetch_names is not None:
        prefetch_names((name, kind) for name, kind, _dob, _nationality in keys)


def outcome_rows(q: Query, outcome: Outcome, include_clear: bool) -> list[dict[str, Any]]:
    """The output rows of one input row (what :func:`sanctions_check.screening.rows.result_rows` gives it)."""
    if outcome.hits:
        rows = []
        for part in outcome.hits:
            row = dict(part)
            kind = row.pop("_entry_kind")
            row.update(
                input_row=q.row, query=q.name, kind=q.kind or kind, dob=q.dob,
                nationality=q.nationality,
            )  # fmt: skip
            row.update(out_rows.passthrough_values(q))
            rows.append(row)
        return rows
    if not include_clear:
        return []
    result = screening.RowResult(q, outcome.status, (), outcome.best, outcome.reason)
    return [out_rows.clear_row(result, outcome.nearest)]


def raw_key(q: Query) -> tuple[str, str | None, str | None, str | None]:
    """Rows with equal raw keys get the same outcome (the dedupe key of the run cache)."""
    return (q.name, q.kind, (q.dob or "").strip() or None, (q.nationality or "").strip() or None)


# --------------------------------------------------------------------------- workers


def default_workers() -> int:
    """The CPUs this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Pending:
    """Outcomes of one block of keys submitted to the workers."""

    __slots__ = ("keys", "result", "outcomes", "pool")

    def __init__(self, keys: list[Any], result: Any, pool: Any = None) -> None:
        self.keys = keys
        self.result = result
        self.pool = pool
        self.outcomes: dict[Any, Outcome] | None = None

    def get(self) -> dict[Any, Outcome]:
        if self.outcomes is None:
            values, learned = self.result.get() if hasattr(self.result, "get") else self.result
            self.outcomes = dict(zip(self.keys, values, strict=True))
            if learned:  # workers forked from now on start with these
                send = getattr(self.pool, "send", None)  # to the template that forks them
                if send is not None:
                    send(learned)
                else:
                    _learn_words(learned)
        return self.outcomes


class _Immediate:
    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


def start_workers(workers: int, state: dict[str, Any]) -> Any:
    """Make ``state`` this process's; a pool of ``workers`` processes, or None for one worker."""
    _STATE.clear()
    _STATE.update(state)
    if workers > 1:
        return _start_pool(workers, state)
    _init_worker()
    return None


def _start_pool(workers: int, state: dict[str, Any]) -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin":
        # numba's compiled loops (if installed) loaded and the index's lazy parts built once
        # here, not by every worker and every replacement of one (half a second each)
        _prepare_batch(state)
        gc.collect()
        gc.freeze()  # keep the shared matcher's pages shared after fork
        try:
            if template.available():  # workers forked by a template, not by this process
                return template.TemplatePool(
                    workers, initializer=_init_pool_worker,
                    maxtasksperchild=WORKER_LIFE_BLOCKS, receive=_learn_words,
                )  # fmt: skip
            return multiprocessing.get_context("fork").Pool(
                workers, initializer=_init_pool_worker, maxtasksperchild=WORKER_MAX_BLOCKS
            )
        finally:
            gc.unfreeze()  # the parent collects as usual again
    ctx = multiprocessing.get_context("spawn")
    return ctx.Pool(
        workers, initializer=_init_pool_worker, initargs=(state,),
        maxtasksperchild=WORKER_MAX_BLOCKS,
    )  # fmt: skip


def submit(pool: Any, block: list[Any]) -> Pending:
    """Match a block of keys in the pool (in this process when ``pool`` is None)."""
    result = (
        pool.apply_async(_match_keys, (block,))
        if pool is not None
        else _Immediate(_match_keys(block))
    )
    return Pending(block, result, pool)


def stop_workers(pool: Any) -> None:
    """End the pool (if any) and forget this process's matching state."""
    if pool is not None:
        pool.terminate()
        pool.join()
    _STATE.clear()


def blocks(keys: list[Any], workers: int) -> Iterator[list[Any]]:
    """``keys`` in blocks of at most BLOCK_NAMES, about four per worker (32 at least)."""
    if not keys:
        return
    size = max(32, min(BLOCK_NAMES, -(-len(keys) // (workers * 4))))
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


__all__ = [
    "BLOCK_NAMES",
    "CLEAR_OUTCOME",
    "WORKER_CACHE_SIZE",
    "WORKER_GROWTH_MB",
    "WORKER_LIFE_BLOCKS",
    "WORKER_MAX_BLOCKS",
    "Outcome",
    "Pending",
    "best_floor",
    "blocks",
    "default_workers",
    "match_keys",
    "outcome_rows",
    "prefetch",
    "prepare_state",
    "raw_key",
    "start_workers",
    "stop_workers",
    "submit",
]
