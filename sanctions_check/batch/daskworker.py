"""The worker side of the Dask engine: the matcher installed once per worker, one partition screened.

Contract: :class:`MatcherPlugin` (a ``distributed`` worker plugin, also for workers that
join later) unpickles the matcher state the client sends once per worker and keeps it, with
a cache of outcomes across partitions, under the run's token.  :func:`screen_part` screens
one partition's queries with it, writes their rows to ``part.N.<fmt>`` in the run's
temporary directory with the single-machine engine's writer (same layout, same
formula-safe text) and returns the partition's counts as a one-row dataframe of
:data:`STAT_COLUMNS` (:func:`stats_meta` is its empty form).  The client side is
:mod:`sanctions_check.batch.distributed`.
"""

from __future__ import annotations

import collections
import pickle
import threading
from pathlib import Path
from typing import Any

from sanctions_check.batch import match as batchmatch
from sanctions_check.batch import writer as batchoutput
from sanctions_check.matching.hits import Query
from sanctions_check.screening import rows as out_rows
from sanctions_check.screening import run as screening
from sanctions_check.screening import secondarytally
from sanctions_check.screening.secondarytally import SecondaryTally

PLUGIN_NAME = "sanctions-check-matcher"


_WORKER: dict[str, Any] = {}
_LOCK = threading.Lock()


try:  # the plugin must subclass WorkerPlugin; this module is only imported for the dask engine
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - without the dask extra
    _PluginBase = object  # type: ignore[assignment,misc]


class MatcherPlugin(_PluginBase):  # type: ignore[misc,valid-type]
    """Installs the pickled matcher on each worker once (``distributed`` worker plugin)."""

    name = PLUGIN_NAME

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


# per partition: rows per status, hits, rows written, and the tally of dates of birth /
# nationalities not understood (secondarytally.COLUMNS)
STAT_COLUMNS = (*screening.STATUSES, "hit_rows", "rows_written", *secondarytally.COLUMNS)


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
    counts.update(tally.as_columns())
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
