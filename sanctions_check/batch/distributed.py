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
  cache of outcomes across partitions.  The workers need ``sanctions-check``
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

import collections
import contextlib
import json
import logging
import os
import pickle
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.batch import engine as batch
from sanctions_check.batch import match as batchmatch
from sanctions_check.batch import writer as batchoutput
from sanctions_check.batch.partitions import Part, csv_parts, parquet_parts, read_part
from sanctions_check.errors import ConfigError, InputError
from sanctions_check.files.atomic import atomic_write_text
from sanctions_check.files.tabular import json_default
from sanctions_check.matching.hits import NameMatcher, Query
from sanctions_check.screening import rows as out_rows
from sanctions_check.screening import run as screening
from sanctions_check.screening.secondarytally import PROBLEMS, SAMPLE, SecondaryTally
from sanctions_check.screening.source import Source, open_source

log = logging.getLogger(__name__)

DEFAULT_BLOCKSIZE = 4 * 1024 * 1024  # bytes of CSV per partition (~90,000 short rows)
DEFAULT_PARTITION_ROWS = 100_000  # Parquet records per partition
DEFAULT_LOCAL_WORKERS = 2
DEFAULT_MEMORY_LIMIT = "1GiB"
OUTPUT_FORMATS = ("parquet", "csv")
_ASCII_COMPATIBLE = ("utf-8", "utf-8-sig", "ascii")
_PLUGIN_NAME = "sanctions-check-matcher"


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


# --------------------------------------------------------------------------- workers

_WORKER: dict[str, Any] = {}
_LOCK = threading.Lock()


try:  # the plugin must subclass WorkerPlugin; this module is only imported for the dask engine
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - without the dask extra
    _PluginBase = object  # type: ignore[assignment,misc]


class MatcherPlugin(_PluginBase):  # type: ignore[misc,valid-type]
    """Installs the pickled matcher on each worker once (``distributed`` worker plugin)."""

    name = _PLUGIN_NAME

    def __init__(self, payload: bytes, token: str) -> None:
        self.payload = payload
        self.token = token

    def setup(self, worker: Any = None) -> None:
        install_matcher(self.payload, self.token)

    def teardown(self, worker: Any = None) -> None:
        pass


def install_matcher(payload: bytes, token: str) -> None:
    with _LOCK:
        if _WORKER.get("token") == token:
            return
        state = pickle.loads(payload)
        _WORKER.clear()
        _WORKER.update(batchmatch.prepare_state(state))
        _WORKER["token"] = token
        _WORKER["cache"] = collections.OrderedDict()


def _worker_state(token: str) -> dict[str, Any]:
    if _WORKER.get("token") != token:
        raise RuntimeError("the matcher plugin is not installed on this worker")
    return _WORKER


# per partition: rows per status, hits, rows written, and rows per date of birth /
# nationality problem with the first row numbers of each (-1: none)
SAMPLE_COLUMNS = tuple(f"{p}_row{i}" for p in PROBLEMS for i in range(SAMPLE))
STAT_COLUMNS = (*screening.STATUSES, "hit_rows", "rows_written", *PROBLEMS, *SAMPLE_COLUMNS)


def screen_part(
    df: Any,
    token: str,
    include_clear: bool,
    tmp_dir: str,
    fmt: str,
    constants: dict[str, Any] | None = None,
    cache_size: int = batchmatch.WORKER_CACHE_SIZE,
    partition_info: dict[str, Any] | None = None,
) -> Any:
    """Screen one partition and write its rows to ``tmp_dir/part.N.fmt``; returns its counts.

    The rows are written by :class:`sanctions_check.batch.writer.RowWriter`, so a part file
    has the layout (and formula-safe CSV text) of the single-machine engine's output.
    """
    import pandas as pd

    state = _worker_state(token)
    cols = [[_value(v) for v in df[c]] for c in ("name", "kind", "dob", "nationality",
                                                   "record_id")]
    prefix = out_rows.PASSTHROUGH_PREFIX
    headers = [str(c)[len(prefix):] for c in df.columns if str(c).startswith(prefix)]
    kept = [[_value(v) or "" for v in df[prefix + h]] for h in headers]
    queries = [
        Query(name=n or "", kind=k, dob=d, nationality=a, row=int(r), record_id=i,
              passthrough=tuple(zip(headers, values, strict=True)),
              date_order=state.get("date_order"))
        for r, n, k, d, a, i, *values in zip(df["input_row"], *cols, *kept, strict=True)
    ]
    keys = [batchmatch.raw_key(q) for q in queries]
    cache: collections.OrderedDict[Any, batchmatch.Outcome] = state["cache"]
    found: dict[Any, batchmatch.Outcome] = {}
    with _LOCK:
        for key in keys:
            if key not in found and key in cache:
                found[key] = cache[key]
    todo = list(dict.fromkeys(k for k in keys if k not in found))
    if todo:
        found.update(zip(todo, batchmatch.match_keys(state, todo), strict=True))
        with _LOCK:
            for key in todo:
                cache[key] = found[key]
            while len(cache) > cache_size:
                cache.popitem(last=False)
    counts = dict.fromkeys(STAT_COLUMNS, 0)
    rows: list[dict[str, Any]] = []
    for q, key in zip(queries, keys, strict=True):
        outcome = found[key]
        counts[outcome.status] += 1
        counts["hit_rows"] += len(outcome.hits)
        rows.extend(batchmatch.outcome_rows(q, outcome, include_clear))
    if constants:
        for row in rows:
            row.update(constants)
    tally = SecondaryTally()
    tally.add(queries)
    for problem in PROBLEMS:
        counts[problem] = tally.counts[problem]
        first = tally.rows[problem]
        for i in range(SAMPLE):
            counts[f"{problem}_row{i}"] = first[i] if i < len(first) else -1
    number = (partition_info or {}).get("number", 0)
    columns = (*out_rows.HIT_COLUMNS, *(constants or {}),
               *out_rows.passthrough_columns(headers))
    writer = batchoutput.RowWriter(Path(tmp_dir) / f"part.{number}.{fmt}", columns, fmt=fmt)
    try:
        writer.write(rows)
        counts["rows_written"] = writer.close()
    except BaseException:
        writer.abort()
        raise
    return pd.DataFrame([counts], columns=list(STAT_COLUMNS), dtype="int64")


def _value(v: Any) -> str | None:
    """A cell back as text or None (Dask may turn columns into strings with NA)."""
    if v is None or isinstance(v, float) or type(v).__name__ == "NAType":
        return None
    return str(v)


def stats_meta() -> Any:
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype="int64") for c in STAT_COLUMNS})


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
    meta = screening.make_meta(
        matcher, sanctions_list, input_file=binput.path, min_score=threshold,
        extra={"engine": "dask", "partitions": len(parts), **(extra_meta or {})},
    ).as_dict()  # fmt: skip
    summary = DaskSummary(output=out, partitions=len(parts))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        with _client(distributed, scheduler, workers, memory_limit, processes) as client:
            summary.scheduler = str(client.scheduler_info().get("address", scheduler or ""))
            summary.workers = len(client.scheduler_info().get("workers", {}))
            client.register_plugin(MatcherPlugin(payload, token), name=_PLUGIN_NAME)
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
            summary.secondary.merge(SecondaryTally.from_counts(
                part, {p: [part[f"{p}_row{i}"] for i in range(SAMPLE)
                           if part[f"{p}_row{i}"] >= 0] for p in PROBLEMS}))  # fmt: skip
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
