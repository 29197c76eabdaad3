"""The Dask engine: the batch screening of :mod:`sanctions_check.batch.engine` on a Dask cluster.

Contract: :func:`screen_dask` screens a CSV or Parquet file on a Dask cluster (an
existing one at ``scheduler``, e.g. ``tcp://host:8786``, or a
:class:`~distributed.LocalCluster` it starts and stops) and writes the output rows
as partitioned Parquet or CSV files ``part.N.parquet`` / ``part.N.csv`` in an
output directory.  Read in partition order, the rows are exactly those of
:func:`sanctions_check.batch.engine.screen_file` on the same input (same row numbers,
hits, scores, order).

* Input: a :func:`dask.dataframe.from_map` dataframe of queries
  (:mod:`sanctions_check.batch.partitions`).  CSV is split into
  byte ranges that end at line ends outside quoted fields; the client scans the
  file once to know each range's first line number, so ``input_row`` is the
  spreadsheet-style row number of the single-machine engine.  Parquet is split by
  record ranges (``input_row`` = record number + 1).  Workers read the ranges
  themselves: on a remote cluster the input path must be visible to the workers
  (shared file system), as must the output directory.
* Matcher: pickled once on the client and installed on every worker (also workers
  that join later) by a worker plugin; each worker unpickles it once and keeps a
  cache of outcomes across partitions (:mod:`sanctions_check.batch.daskworker`).  The workers need ``sanctions-check``
  installed, in the same version.
* Output: written to a temporary directory beside ``out_dir`` and renamed to it
  when every partition is done (``out_dir`` must not exist or be empty), with a
  ``_run.json`` holding the run metadata and counts.
* A local cluster's workers are processes with ``memory_limit`` each; with
  ``processes=False`` they are threads of the calling process and get no memory limit
  (each would measure the whole process, and pause for good once it passed the limit).
* Dask is imported lazily: without the ``dask`` extra the rest of the tool works and
  this engine raises :class:`~sanctions_check.errors.ConfigError` saying what to install.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.batch import engine as batch
from sanctions_check.batch import match as batchmatch
from sanctions_check.batch.daskworker import PLUGIN_NAME, MatcherPlugin, screen_part, stats_meta
from sanctions_check.batch.partitions import Part, csv_parts, parquet_parts, read_part
from sanctions_check.errors import ConfigError, InputError
from sanctions_check.files.atomic import atomic_write_text
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.files.tabular import json_default
from sanctions_check.matching.hits import NameMatcher
from sanctions_check.screening import run as screening
from sanctions_check.screening.runmeta import row_facts
from sanctions_check.screening.secondarytally import SecondaryTally
from sanctions_check.screening.source import Source, open_source

log = lazy_logger(__name__)

DEFAULT_BLOCKSIZE = 4 * 1024 * 1024  # bytes of CSV per partition (~90,000 short rows)
DEFAULT_PARTITION_ROWS = 100_000  # Parquet records per partition
DEFAULT_LOCAL_WORKERS = 2
DEFAULT_MEMORY_LIMIT = "1GiB"
OUTPUT_FORMATS = ("parquet", "csv")
_ASCII_COMPATIBLE = ("utf-8", "utf-8-sig", "ascii")


def require_dask() -> tuple[Any, Any, Any]:
    """``(dask, dask.dataframe, distributed)`` or ConfigError naming the extra to install."""
    try:
        import dask
        import dask.dataframe as dd
        import distributed
    except ImportError as exc:
        raise ConfigError(
            f"the dask engine needs Dask ({exc.name or exc} is missing): "
            "pip install 'sanctions-check[dask]'"
        ) from None
    return dask, dd, distributed


# --------------------------------------------------------------------------- client


@dataclass
class DaskSummary(batch.BatchSummary):
    partitions: int = 0
    scheduler: str = ""


def screen_dask(
    matcher: NameMatcher,
    source: str | Path | Source,
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    processes: bool = True,
    min_score: float | None = None,
    include_clear: bool = False,
    limit: int = screening.DEFAULT_LIMIT,
    output_format_name: str = "parquet",
    blocksize: int = DEFAULT_BLOCKSIZE,
    partition_rows: int = DEFAULT_PARTITION_ROWS,
    sanctions_list: Any = None,
    extra_meta: dict[str, Any] | None = None,
    progress: bool = False,
    constants: dict[str, Any] | None = None,
) -> DaskSummary:
    """Screen ``source`` on a Dask cluster into ``out_dir`` (see the module docstring)."""
    _dask, dd, distributed = require_dask()
    started = time.perf_counter()
    binput = source if isinstance(source, Source) else open_source(source)
    fmt = output_format_name.lower()
    if fmt not in OUTPUT_FORMATS:
        raise InputError(f"{out_dir}: the dask engine writes parquet or csv, not {fmt!r}")
    if binput.format not in ("csv", "parquet"):
        raise InputError(
            f"{binput.path}: the dask engine reads CSV or Parquet ({binput.format} given); "
            "use --engine batch"
        )
    if binput.format == "csv" and (binput.encoding or "").lower() not in _ASCII_COMPATIBLE:
        raise InputError(
            f"{binput.path}: the dask engine splits CSV by bytes and needs UTF-8 "
            f"({binput.encoding} found); convert it or use --engine batch"
        )
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(f"{out}: the output directory exists and is not empty")
    if binput.format == "csv":
        parts = csv_parts(binput.path, blocksize)
    else:
        parts = parquet_parts(binput.total_rows or 0, partition_rows)
    threshold = float(min_score if min_score is not None else getattr(matcher, "threshold", 0))
    state = {
        "matcher": matcher, "limit": limit, "min_score": threshold,
        "best_floor": batchmatch.best_floor(include_clear, threshold),
        "date_order": binput.spec.date_order,
    }  # fmt: skip
    payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    token = f"{os.getpid()}-{time.time_ns()}"
    run_meta = screening.make_meta(
        matcher, sanctions_list, input_file=binput.path, min_score=threshold,
        extra={"engine": "dask", "partitions": len(parts), **(extra_meta or {})},
    )  # fmt: skip
    meta = run_meta.as_dict()
    constants = {**(constants or {}), **row_facts(run_meta)}  # every row: algorithm, list
    summary = DaskSummary(output=out, partitions=len(parts))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        with _client(distributed, scheduler, workers, memory_limit, processes) as client:
            summary.scheduler = str(client.scheduler_info().get("address", scheduler or ""))
            summary.workers = len(client.scheduler_info().get("workers", {}))
            client.register_plugin(MatcherPlugin(payload, token), name=PLUGIN_NAME)
            queries = dd.from_map(
                read_part,
                [(binput, p) for p in parts],
                meta=read_part((_empty_input(binput), Part(0, 0, 0))),
                enforce_metadata=False,
            )
            stats = queries.map_partitions(
                screen_part, token, include_clear, str(tmp), fmt, constants,
                meta=stats_meta(), enforce_metadata=False,
            )  # fmt: skip
            if progress:  # distributed's text bar writes to stdout: show it on stderr
                future = client.compute(stats)
                with contextlib.redirect_stdout(sys.stderr):
                    distributed.progress(future)
                totals = future.result()
            else:
                totals = stats.compute()
        counts = totals.sum()
        for status in screening.STATUSES:
            summary.status_counts[status] = int(counts.get(status, 0))
        summary.input_rows = sum(summary.status_counts.values())
        summary.hit_rows = int(counts.get("hit_rows", 0))
        summary.rows_written = int(counts.get("rows_written", 0))
        for part in totals.to_dict("records"):
            summary.secondary.merge(SecondaryTally.from_columns(part))
        summary.seconds = time.perf_counter() - started
        meta.update(
            input_rows=summary.input_rows, seconds=round(summary.seconds, 3),
            status_counts=summary.status_counts, rows_written=summary.rows_written,
            scheduler=summary.scheduler, dask_workers=summary.workers,
            secondary_not_understood=summary.secondary.as_dict(),
        )  # fmt: skip
        summary.meta = meta
        atomic_write_text(tmp / "_run.json", json.dumps(meta, indent=2, default=json_default))
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


def _empty_input(binput: Source) -> Source:
    """A stand-in input that yields no rows (for the dataframe's meta)."""
    from dataclasses import replace

    return replace(binput, format="empty")


@contextlib.contextmanager
def _client(
    distributed: Any, scheduler: str | None, workers: int | None, memory: str, processes: bool
) -> Any:
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    n = workers or DEFAULT_LOCAL_WORKERS
    # threads in this process: a limit would be compared with this whole process's memory,
    # and a worker past it pauses, so the run would wait forever
    memory_limit: str | int = memory if processes else 0
    with (
        distributed.LocalCluster(
            n_workers=n, threads_per_worker=1, processes=processes, memory_limit=memory_limit,
            dashboard_address=":0", silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):  # fmt: skip
        yield client


def read_output(out_dir: str | Path) -> list[dict[str, Any]]:
    """All rows of a dask run's output directory, in partition order (for tests and tools).

    CSV cells are returned as text ("" for empty), Parquet values as stored.
    """
    import pandas as pd

    out = Path(out_dir)
    files = sorted(
        (p for p in out.iterdir() if p.name.startswith("part.")),
        key=lambda p: int(p.name.split(".")[1]),
    )
    frames = []
    for f in files:
        if f.suffix == ".parquet":
            frames.append(pd.read_parquet(f))
        else:
            frames.append(pd.read_csv(f, dtype=str, keep_default_na=False))
    if not frames:
        return []
    df = pd.concat(frames, ignore_index=True)
    return df.to_dict("records")


__all__: Sequence[str] = (
    "DaskSummary",
    "MatcherPlugin",
    "read_output",
    "require_dask",
    "screen_dask",
)
