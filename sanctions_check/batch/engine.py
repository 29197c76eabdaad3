"""Batch screening of large inputs: chunked reading, de-duplication, all cores, incremental output.

Contract: :func:`screen_file` screens every row of a CSV / TSV / text / Parquet (or
XLSX) file with a matcher and writes one output row per (input row, hit) — and with
``include_clear`` one row per input row without a hit — in the layout of
:data:`sanctions_check.screening.rows.HIT_COLUMNS`, followed by the run's algorithm, threshold
and list facts (:data:`~sanctions_check.screening.runmeta.ROW_FACT_COLUMNS`, the same on every
row) and the input's own columns.  The rows are the ones
:func:`sanctions_check.screening.run.screen` gives for the same input (same row numbers,
same kinds, same hits and scores), written in input order (each row's hits
strongest first) instead of sorted over the whole file, so nothing needs to be
held in memory.

* Reading: CSV and text files are decoded incrementally and parsed with the
  :mod:`csv` module (so row numbers are the spreadsheet-style numbers of
  :mod:`sanctions_check.screening.inputs`, even with quoted line breaks); Parquet is read by
  record batches with pyarrow (``input_row`` = record number + 1, as if the file
  were a CSV with a header row).  Only ``chunk_size`` rows are held at a time.
* De-duplication: rows with the same (name, kind, date of birth, nationality) are
  matched once; outcomes are kept in an LRU cache of at most ``cache_size`` names and
  ``cache_hits`` hits for the whole run (:mod:`sanctions_check.batch.runcache`), so
  memory stays bounded (workers are also replaced now and then, which
  bounds the matcher's own caches).  With ``normalised_dedupe`` workers also
  reuse outcomes for names equal after the matcher's normalisation (as ``screen``
  does; off by default, since the exact key is the one that provably changes
  nothing).  The matcher is asked exactly as :func:`screening.screen_query` asks it.
* Parallelism: ``workers`` processes (default: the CPUs this process may use) share
  the matcher built once in the parent (fork; elsewhere it is pickled once per
  worker).  Work is pipelined: the parent reads and writes while workers match.
  Caches only grow during a run, so the parent (after every chunk) and the workers
  (after every block) freeze the garbage collector's generations
  (:func:`gc.freeze`): full collections do not traverse them again and again.  The
  run unfreezes them when it ends.
* Output: CSV, JSON-lines, JSON or Parquet, written incrementally to a temporary
  file that replaces the target only when the run succeeds
  (:mod:`sanctions_check.files.atomic`).  XLSX is refused as soon as the rows would pass
  Excel's limit of 1,048,576 rows (header included).

Reading is the one input reader's (:func:`sanctions_check.screening.source.open_source`,
:func:`sanctions_check.screening.inputs.iter_chunks`), matching (outcomes of row keys,
the worker pool) in :mod:`sanctions_check.batch.match`, writing in
:mod:`sanctions_check.batch.writer`; this module runs the pipeline: the run cache,
de-duplication across chunks, pipelining and the summary.  The library never prints;
:func:`terminal_progress` makes a tqdm bar for the CLI (only when stderr is a terminal).
"""

from __future__ import annotations

import collections
import gc
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctions_check.batch import writer as batchoutput
from sanctions_check.batch.match import (
    Pending,
    best_floor,
    blocks,
    default_workers,
    outcome_rows,
    raw_key,
    start_workers,
    stop_workers,
    submit,
)
from sanctions_check.batch.runcache import RunCache
from sanctions_check.batch.writer import RowWriter, excel_refusal, output_format
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.matching.hits import NameMatcher
from sanctions_check.screening import rows as out_rows
from sanctions_check.screening import run as screening
from sanctions_check.screening.inputs import iter_chunks
from sanctions_check.screening.runmeta import row_facts
from sanctions_check.screening.secondarytally import SecondaryTally
from sanctions_check.screening.source import DEFAULT_CHUNK_SIZE, Chunk, Source, open_source

log = lazy_logger(__name__)

DEFAULT_CACHE_SIZE = 500_000
# hits the run cache holds at most (as well as DEFAULT_CACHE_SIZE names): a hit outcome
# carries its rows (about 0.6 KB per hit stored), a clear one is shared; 50,000 hits are
# about 30 MB, where a cache of 500,000 names of an input made of list words held 100 MB
DEFAULT_CACHE_HITS = 50_000


# --------------------------------------------------------------------------- run


@dataclass
class BatchSummary:
    """What a batch run did (for the CLI's one-line summary and the run metadata)."""

    output: Path
    input_rows: int = 0
    distinct_names: int = 0  # names sent to the matcher
    cache_hits: int = 0
    rows_written: int = 0
    status_counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(screening.STATUSES, 0)
    )
    hit_rows: int = 0
    seconds: float = 0.0
    workers: int = 1
    # rows whose date of birth / nationality was not understood or only partly (warnings)
    secondary: SecondaryTally = field(default_factory=SecondaryTally)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.input_rows / self.seconds if self.seconds else 0.0

    @property
    def has_hits(self) -> bool:
        return self.status_counts.get(screening.HIT, 0) > 0


def screen_file(
    matcher: NameMatcher,
    source: str | Path | Source,
    output: str | Path,
    *,
    min_score: float | None = None,
    include_clear: bool = False,
    limit: int = screening.DEFAULT_LIMIT,
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    cache_size: int = DEFAULT_CACHE_SIZE,
    cache_hits: int = DEFAULT_CACHE_HITS,
    output_format_name: str | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    sanctions_list: Any = None,
    normalised_dedupe: bool = False,
    extra_meta: dict[str, Any] | None = None,
    constants: dict[str, Any] | None = None,
) -> BatchSummary:
    """Screen ``source`` with ``matcher`` into ``output`` (see the module docstring).

    ``progress(rows_done, position, size)`` is called after each chunk.  ``constants``
    are extra columns with one value for every row (e.g. the list's sha256).
    """
    started = time.perf_counter()
    binput = source if isinstance(source, Source) else open_source(source)
    fmt = output_format(output, output_format_name)
    if fmt == "xlsx" and binput.total_rows is not None and include_clear:
        if binput.total_rows + 1 > batchoutput.EXCEL_MAX_ROWS:
            raise excel_refusal(output, binput.total_rows + 1)
    threshold = float(min_score if min_score is not None else getattr(matcher, "threshold", 0))
    workers = max(1, workers or default_workers())
    summary = BatchSummary(output=Path(output), workers=workers)
    run_meta = screening.make_meta(
        matcher, sanctions_list, input_file=binput.path, min_score=threshold,
        extra={"engine": "batch", "workers": workers, **(extra_meta or {})},
    )  # fmt: skip
    meta = run_meta.as_dict()
    constants = {**(constants or {}), **row_facts(run_meta)}  # every row: algorithm, list
    columns = (*out_rows.HIT_COLUMNS, *constants,
               *out_rows.passthrough_columns(binput.passthrough))
    writer = RowWriter(output, columns, fmt=fmt, meta=meta)
    state = {
        "matcher": matcher, "limit": limit, "min_score": threshold,
        "norm_dedupe": normalised_dedupe, "best_floor": best_floor(include_clear, threshold),
        "date_order": binput.spec.date_order,
    }  # fmt: skip
    pool = None
    try:
        pool = start_workers(workers, state)
        _run(binput, writer, pool, workers, chunk_size, RunCache(cache_size, cache_hits),
             include_clear, summary, progress, constants)  # fmt: skip
        summary.seconds = time.perf_counter() - started
        meta.update(
            input_rows=summary.input_rows, names_screened=summary.distinct_names,
            seconds=round(summary.seconds, 3), status_counts=summary.status_counts,
            secondary_not_understood=summary.secondary.as_dict(),
        )  # fmt: skip
        summary.rows_written = writer.close(meta)
        summary.meta = meta
    except BaseException:
        writer.abort()
        raise
    finally:
        if hasattr(progress, "close"):
            progress.close()  # type: ignore[union-attr]
        stop_workers(pool)
        gc.unfreeze()  # what the run froze (see _run, batchmatch) is collected as usual again
    log.info(
        "batch: %d rows, %d distinct names matched, %d rows written in %.1f s (%.0f rows/s)",
        summary.input_rows, summary.distinct_names, summary.rows_written, summary.seconds,
        summary.rate,
    )  # fmt: skip
    return summary


def _run(
    binput: Source,
    writer: RowWriter,
    pool: Any,
    workers: int,
    chunk_size: int,
    cache: RunCache,
    include_clear: bool,
    summary: BatchSummary,
    progress: Callable[[int, int, int], None] | None,
    constants: dict[str, Any],
) -> None:
    pending: dict[Any, Pending] = {}
    inflight: collections.deque[tuple[Chunk, list[Any], dict[Any, Any]]] = collections.deque()
    max_inflight = 2 if pool is not None else 0

    def finish(chunk: Chunk, keys: list[Any], local: dict[Any, Any]) -> None:
        rows: list[dict[str, Any]] = []
        counts = summary.status_counts
        for q, key in zip(chunk.queries, keys, strict=True):
            got = local[key]
            outcome = got.get()[key] if isinstance(got, Pending) else got
            if isinstance(got, Pending):
                local[key] = outcome
                if pending.get(key) is got:
                    del pending[key]
                    cache.put(key, outcome)
            counts[outcome.status] += 1
            if outcome.hits:
                summary.hit_rows += len(outcome.hits)
            rows.extend(outcome_rows(q, outcome, include_clear))
        if constants:
            for row in rows:
                row.update(constants)  # before the input's own columns, as in ``columns``
        writer.write(rows)
        summary.secondary.add(chunk.queries)
        summary.input_rows += len(chunk.queries)
        if progress is not None:
            progress(summary.input_rows, chunk.position, binput.size)

    for chunk in iter_chunks(binput, chunk_size):
        keys = [raw_key(q) for q in chunk.queries]
        local: dict[Any, Any] = {}
        todo: list[Any] = []
        for key in keys:
            if key in local:
                summary.cache_hits += 1
                continue
            hit = cache.get(key)
            if hit is not None:
                local[key] = hit
                summary.cache_hits += 1
            elif key in pending:
                local[key] = pending[key]
                summary.cache_hits += 1
            else:
                local[key] = None
                todo.append(key)
        summary.distinct_names += len(todo)
        for block in blocks(todo, workers):
            job = submit(pool, block)
            for key in block:
                local[key] = job
                pending[key] = job
        inflight.append((chunk, keys, local))
        while len(inflight) > max_inflight:
            finish(*inflight.popleft())
        gc.freeze()  # the run's cache only grows: no full collection needs to traverse it
    while inflight:
        finish(*inflight.popleft())


# --------------------------------------------------------------------------- progress


class TerminalProgress:
    """A tqdm bar (names, rate, ETA) fed by :func:`screen_file`'s progress calls.

    The total is estimated from the share of the file read so far (exact for
    Parquet).  The bar is created on the first update, after the worker pool.
    """

    def __init__(self, stream: Any, unit: str = "names") -> None:
        self.stream = stream
        self.unit = unit
        self.rows = 0
        self.bar: Any = None

    def __call__(self, rows: int, position: int, size: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=None, unit=f" {self.unit}", unit_scale=True, file=self.stream,
                            dynamic_ncols=True, smoothing=0.1, mininterval=0.5)  # fmt: skip
        if position and size:
            estimate = max(rows, round(rows * size / position))
            if self.bar.total != estimate:
                self.bar.total = estimate
        self.bar.update(rows - self.rows)
        self.rows = rows

    def close(self) -> None:
        if self.bar is not None:
            self.bar.total = self.rows
            self.bar.refresh()
            self.bar.close()
            self.bar = None


def terminal_progress(
    enabled: bool | None = None, stream: Any = None, unit: str = "names"
) -> TerminalProgress | None:
    """A progress bar on ``stream`` (stderr); None unless it is a terminal.

    ``enabled=False`` disables it; ``True`` forces it (tests); ``None`` means only
    on a terminal.
    """
    stream = stream if stream is not None else sys.stderr
    if enabled is False or (enabled is None and not is_terminal(stream)):
        return None
    return TerminalProgress(stream, unit)


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


__all__ = [
    "BatchSummary",
    "Chunk",
    "RowWriter",
    "TerminalProgress",
    "iter_chunks",
    "open_source",
    "output_format",
    "screen_file",
    "terminal_progress",
]
