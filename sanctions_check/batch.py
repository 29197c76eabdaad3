"""Batch screening of large inputs: chunked reading, de-duplication, all cores, incremental output.

Contract: :func:`screen_file` screens every row of a CSV / TSV / text / Parquet (or
XLSX) file with a matcher and writes one output row per (input row, hit) — and with
``include_clear`` one row per input row without a hit — in the layout of
:data:`sanctions_check.screening.HIT_COLUMNS`.  The rows are the ones
:func:`sanctions_check.screening.screen` gives for the same input (same row numbers,
same kinds, same hits and scores), written in input order (each row's hits
strongest first) instead of sorted over the whole file, so nothing needs to be
held in memory.

* Reading: CSV and text files are decoded incrementally and parsed with the
  :mod:`csv` module (so row numbers are the spreadsheet-style numbers of
  :mod:`sanctions_check.inputs`, even with quoted line breaks); Parquet is read by
  record batches with pyarrow (``input_row`` = record number + 1, as if the file
  were a CSV with a header row).  Only ``chunk_size`` rows are held at a time.
* De-duplication: rows with the same (name, kind, date of birth, nationality) are
  matched once; outcomes are kept in an LRU cache of ``cache_size`` names for the
  whole run, so memory stays bounded (workers are also replaced now and then, which
  bounds the matcher's own caches).  With ``normalised_dedupe`` workers also
  reuse outcomes for names equal after the matcher's normalisation (as ``screen``
  does; off by default, since the exact key is the one that provably changes
  nothing).  The matcher is asked exactly as :func:`screening.screen_one` asks it.
* Parallelism: ``workers`` processes (default: the CPUs this process may use) share
  the matcher built once in the parent (fork; elsewhere it is pickled once per
  worker).  Work is pipelined: the parent reads and writes while workers match.
* Output: CSV, JSON-lines, JSON or Parquet, written incrementally to a temporary
  file that replaces the target only when the run succeeds
  (:mod:`sanctions_check.atomic`).  XLSX is refused as soon as the rows would pass
  Excel's limit of 1,048,576 rows (header included).

The library never prints; :func:`terminal_progress` makes a tqdm bar for the CLI
(only when stderr is a terminal).
"""

from __future__ import annotations

import collections
import csv
import gc
import io
import json
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sanctions_check import inputs, screening
from sanctions_check.atomic import atomic_path
from sanctions_check.errors import InputError
from sanctions_check.hits import Query
from sanctions_check.inputs import ColumnChoice
from sanctions_check.tabular import csv_safe, json_default, set_cell

log = logging.getLogger(__name__)

EXCEL_MAX_ROWS = 1_048_576  # rows per worksheet, header included
DEFAULT_CHUNK_SIZE = 20_000
DEFAULT_CACHE_SIZE = 500_000
WORKER_CACHE_SIZE = 100_000
# a worker process is replaced after this many blocks (~1,000 names each): the matcher's
# own caches grow with the distinct names it sees (~190 MB per 80,000 names measured), so
# recycling keeps a worker's memory bounded whatever the input size
WORKER_MAX_BLOCKS = 64
BLOCK_NAMES = 1_000  # names per task sent to a worker (at most)
OUTPUT_FORMATS = ("csv", "jsonl", "json", "parquet", "xlsx")
INPUT_FORMATS = ("csv", "txt", "parquet", "xlsx")
PARQUET_SUFFIXES = {".parquet", ".pq"}
_READ_BLOCK = 1 << 20


# --------------------------------------------------------------------------- input


def choose_columns(
    path: Path,
    headers: Sequence[str],
    width: int,
    column: str | None = None,
    kind_column: str | None = None,
    dob_column: str | None = None,
    nationality_column: str | None = None,
) -> ColumnChoice:
    """Pick the columns as :func:`sanctions_check.inputs.read_queries` does (``width`` cells)."""
    headers = list(headers) + [""] * (width - len(headers))
    return inputs.choose_columns(path, headers, column, kind_column, dob_column, nationality_column)


def input_format(path: Path, fmt: str | None = None) -> str:
    """``csv`` / ``txt`` / ``parquet`` / ``xlsx`` from ``fmt``, the suffix or the first bytes."""
    if fmt:
        fmt = fmt.lower()
        if fmt not in INPUT_FORMATS:
            raise InputError(f"{path}: unknown input format {fmt!r}")
        return fmt
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in inputs.XLSX_SUFFIXES:
        return "xlsx"
    if suffix in inputs.TEXT_SUFFIXES:
        return "txt"
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        head = b""
    return "parquet" if head == b"PAR1" else "csv"


class Chunk(NamedTuple):
    queries: list[Query]
    position: int  # bytes (CSV / text) or rows (Parquet / XLSX) consumed so far


@dataclass(frozen=True)
class BatchInput:
    """An input file opened for chunked reading, and what was detected."""

    path: Path
    format: str
    size: int  # bytes (CSV / text) or rows (Parquet / XLSX): the unit of Chunk.position
    total_rows: int | None  # known for Parquet / XLSX
    encoding: str | None = None
    delimiter: str | None = None
    columns: ColumnChoice | None = None
    default_kind: str | None = None
    roles: tuple[str | None, ...] = ()  # XLSX: the column options, re-applied when read

    def describe(self) -> str:
        parts = [f"{self.path.name}: {self.format}"]
        if self.encoding:
            parts.append(f", {self.encoding}")
        if self.delimiter:
            parts.append(f", delimiter {self.delimiter!r}")
        if self.total_rows is not None:
            parts.append(f", {self.total_rows:,} rows")
        if self.columns and self.columns.roles:
            used = ", ".join(f"{r} = {c!r}" for r, c in self.columns.roles.items())
            parts.append(f"; columns: {used}")
        return "".join(parts)


def open_input(
    path: str | Path,
    column: str | None = None,
    kind_column: str | None = None,
    dob_column: str | None = None,
    nationality_column: str | None = None,
    default_kind: str | None = None,
    fmt: str | None = None,
) -> BatchInput:
    """Open ``path`` for :func:`iter_chunks`: detect format, encoding, delimiter, columns."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    kind = input_format(path, fmt)
    roles = (column, kind_column, dob_column, nationality_column)
    if kind == "parquet":
        pf = _parquet_file(path)
        names = list(pf.schema_arrow.names)
        choice = choose_columns(path, names, len(names), *roles)
        total = pf.metadata.num_rows
        return BatchInput(path, kind, total, total, columns=choice, default_kind=default_kind)
    if kind == "xlsx":
        # Excel sheets are at most 1,048,576 rows: read whole by the inputs module.
        got = inputs.read_queries(path, *roles, default_kind=default_kind, fmt="xlsx")
        n = len(got.queries)
        return BatchInput(path, kind, n, n, default_kind=default_kind, roles=roles)
    with open(path, "rb") as fh:
        head = fh.read(inputs.SNIFF_BYTES)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(f"{path}: the file is empty")
    encoding = inputs.detect_encoding(_whole_chars(head), path)
    if kind == "txt":
        if any(roles):
            raise InputError(f"{path}: a text file has one name per line and no columns")
        return BatchInput(path, kind, size, None, encoding, default_kind=default_kind)
    text = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    delimiter = inputs._sniff_delimiter(text, path)
    sample = [cells for _n, cells in _csv_records(io.StringIO(text), delimiter, path, True)]
    sample = sample[:-1] if len(head) == inputs.SNIFF_BYTES and len(sample) > 1 else sample
    if not sample:
        raise InputError(f"{path}: no rows (the file is empty)")
    width = max(len(c) for c in sample)
    choice = choose_columns(path, sample[0], width, *roles)
    return BatchInput(path, kind, size, None, encoding, delimiter, choice, default_kind)


def _whole_chars(head: bytes) -> bytes:
    """Drop a UTF-8 sequence cut at the end of a sniffed block."""
    for cut in range(0, 4):
        try:
            (head[: len(head) - cut] if cut else head).decode("utf-8")
            return head[: len(head) - cut] if cut else head
        except UnicodeDecodeError:
            continue
    return head


def _parquet_file(path: Path) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"{path}: reading Parquet needs pyarrow (pip install 'sanctions-check[dask]')"
        ) from None
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError...
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None


class _CountingReader(io.RawIOBase):
    """A binary reader that counts the bytes handed out (for progress)."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = self.fh.readinto(b)
        self.count += n or 0
        return n or 0


def _csv_records(
    text: Any, delimiter: str, path: Path, lenient: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) per non-blank record, cells as inputs reads them."""
    reader = csv.reader(text, delimiter=delimiter)
    previous_end = 0
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            for cell in cells:
                if len(cell) > inputs.MAX_LINE_CHARS:
                    raise InputError(
                        f"{path}: line {start} has a cell of {len(cell):,} characters "
                        f"(limit {inputs.MAX_LINE_CHARS:,}); not a name list"
                    )
            cells = [inputs.cell_text(c) for c in cells]
            if any(cells):
                yield start, cells
    except csv.Error as exc:
        if lenient:
            return
        raise InputError(f"{path}: line {reader.line_num}: malformed CSV ({exc})") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: line {reader.line_num + 1}: cannot decode ({exc})") from None


def iter_chunks(binput: BatchInput, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[Chunk]:
    """Yield the input's queries ``chunk_size`` at a time, in input order."""
    if binput.format == "parquet":
        yield from _parquet_chunks(binput, chunk_size)
        return
    if binput.format == "xlsx":
        got = inputs.read_queries(
            binput.path, *binput.roles, default_kind=binput.default_kind, fmt="xlsx"
        )
        for start in range(0, len(got.queries), chunk_size):
            part = list(got.queries[start : start + chunk_size])
            yield Chunk(part, start + len(part))
        return
    with open(binput.path, "rb") as raw:
        counter = _CountingReader(raw)
        buffered = io.BufferedReader(counter, _READ_BLOCK)
        assert binput.encoding is not None
        encoding = "utf-8-sig" if binput.encoding == "utf-8" else binput.encoding
        text = io.TextIOWrapper(buffered, encoding=encoding, newline="")
        if binput.format == "txt":
            yield from _text_chunks(binput, text, counter, chunk_size)
        else:
            yield from _csv_chunks(binput, text, counter, chunk_size)


def _text_chunks(binput: BatchInput, text: Any, counter: Any, size: int) -> Iterator[Chunk]:
    batch: list[Query] = []
    try:
        for number, line in enumerate(_lines(text), start=1):
            if len(line) > inputs.MAX_LINE_CHARS:
                raise InputError(
                    f"{binput.path}: line {number} is {len(line):,} characters long "
                    f"(limit {inputs.MAX_LINE_CHARS:,}); not a name list"
                )
            if line.strip() and not line.lstrip().startswith("#"):
                name = " ".join(line.replace("\x00", "").split())
                batch.append(Query(name=name, kind=binput.default_kind, row=number))
                if len(batch) >= size:
                    yield Chunk(batch, counter.count)
                    batch = []
    except UnicodeDecodeError as exc:
        raise InputError(f"{binput.path}: cannot decode as {binput.encoding}: {exc}") from None
    if batch:
        yield Chunk(batch, counter.count)


def _lines(text: Any) -> Iterator[str]:
    """Lines as ``str.splitlines`` splits them (the inputs module's line numbers)."""
    for physical in text:
        yield from physical.splitlines() or [""]


def _csv_chunks(binput: BatchInput, text: Any, counter: Any, size: int) -> Iterator[Chunk]:
    cols = binput.columns
    assert cols is not None and binput.delimiter is not None
    records = _csv_records(text, binput.delimiter, binput.path)
    if cols.has_header:
        next(records, None)
    batch: list[Query] = []
    for number, cells in records:
        batch.append(cols.query(cells, number, binput.default_kind))
        if len(batch) >= size:
            yield Chunk(batch, counter.count)
            batch = []
    if batch:
        yield Chunk(batch, counter.count)


def _parquet_chunks(binput: BatchInput, size: int) -> Iterator[Chunk]:
    pf = _parquet_file(binput.path)
    assert binput.columns is not None
    done = 0
    try:
        names = list(pf.schema_arrow.names)
        wanted = _parquet_wanted(binput.columns)
        for batch in pf.iter_batches(batch_size=size, columns=[names[i] for i in wanted]):
            queries = parquet_queries(batch, wanted, done, binput.columns, binput.default_kind)
            done += batch.num_rows
            yield Chunk(queries, done)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{binput.path}: cannot read Parquet data ({exc})") from None


def _parquet_wanted(cols: ColumnChoice) -> list[int]:
    roles = (cols.name, cols.first, cols.last, cols.kind, cols.dob, cols.nationality)
    return sorted({i for i in roles if i is not None})


def parquet_queries(
    batch: Any, wanted: Sequence[int], done: int, cols: ColumnChoice, default_kind: str | None
) -> list[Query]:
    """Queries of an Arrow record batch / table holding the ``wanted`` columns in order.

    ``done`` is the number of records before it: ``input_row`` is record number + 1.
    """
    columns = {i: batch.column(j).to_pylist() for j, i in enumerate(wanted)}
    width = max(wanted) + 1
    queries = []
    for k in range(batch.num_rows):
        cells = [""] * width
        for i, values in columns.items():
            cells[i] = inputs.cell_text(values[k])
        if any(cells):
            queries.append(cols.query(cells, done + k + 2, default_kind))
    return queries


# --------------------------------------------------------------------------- output


def output_format(path: str | Path, fmt: str | None = None) -> str:
    name = (fmt or Path(path).suffix.lstrip(".")).lower()
    name = {"ndjson": "jsonl", "pq": "parquet"}.get(name, name)
    if name not in OUTPUT_FORMATS:
        raise InputError(
            f"{path}: unknown output format {name!r} (use .csv, .jsonl, .json, .parquet or .xlsx)"
        )
    return name


class TooManyRowsForExcel(InputError):
    """The output would not fit on one Excel worksheet."""


def excel_refusal(path: str | Path, rows: int) -> TooManyRowsForExcel:
    return TooManyRowsForExcel(
        f"{path}: {rows:,} output rows do not fit in Excel (limit {EXCEL_MAX_ROWS:,} rows "
        "per sheet, header included); write .csv, .parquet or .jsonl instead"
    )


class RowWriter:
    """Writes output rows incrementally to a temporary file; ``close`` puts it in place."""

    def __init__(
        self,
        path: str | Path,
        columns: Sequence[str] = screening.HIT_COLUMNS,
        fmt: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.path = Path(path)
        self.columns = tuple(columns)
        self.format = output_format(path, fmt)
        self.count = 0
        self._stack = ExitStack()
        self._tmp = self._stack.enter_context(atomic_path(self.path))
        self._fh: Any = None
        self._parquet: Any = None
        self._meta = meta
        self._xlsx: Any = None
        if self.format in ("csv", "jsonl", "json"):
            self._fh = open(self._tmp, "w", encoding="utf-8", newline="")
            if self.format == "csv":
                self._csv = csv.writer(self._fh, lineterminator="\n")
                self._csv.writerow(self.columns)
            elif self.format == "json":
                self._fh.write('{"rows": [')

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.format == "csv":
            self._csv.writerows(
                ["" if r.get(c) is None else csv_safe(r.get(c)) for c in self.columns] for r in rows
            )
        elif self.format == "jsonl":
            self._fh.write("".join(_json_row(r, self.columns) + "\n" for r in rows))
        elif self.format == "json":
            sep = "," if self.count else ""
            body = ",".join("\n" + _json_row(r, self.columns) for r in rows)
            self._fh.write(sep + body)
        elif self.format == "parquet":
            self._write_parquet(rows)
        else:
            if self.count + len(rows) + 1 > EXCEL_MAX_ROWS:
                raise excel_refusal(self.path, self.count + len(rows) + 1)
            self._write_xlsx(rows)
        self.count += len(rows)

    def _write_parquet(self, rows: Sequence[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            fields = [pa.field(c, _arrow_type(c)) for c in self.columns]
            meta = {"sanctions_check": json.dumps(self._meta or {}, default=json_default)}
            self._schema = pa.schema(fields, metadata=meta)
            self._parquet = pq.ParquetWriter(self._tmp, self._schema)
        data = {c: [r.get(c) for r in rows] for c in self.columns}
        self._parquet.write_table(pa.Table.from_pydict(data, schema=self._schema))

    def _write_xlsx(self, rows: Sequence[dict[str, Any]]) -> None:
        """Stream rows into a write-only workbook (memory stays flat); text stays text."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        if self._xlsx is None:
            self._xlsx = Workbook(write_only=True)
            self._sheet = self._xlsx.create_sheet("Rows")
            self._sheet.freeze_panes = "A2"
            self._sheet.append(list(self.columns))
        for row in rows:
            cells = []
            for c in self.columns:
                cell = WriteOnlyCell(self._sheet)
                set_cell(cell, row.get(c))
                cells.append(cell)
            self._sheet.append(cells)

    def close(self, meta: dict[str, Any] | None = None) -> int:
        """Finish the file and move it into place; returns the rows written."""
        meta = meta if meta is not None else self._meta
        if self.format == "json":
            self._fh.write("\n], ")
            self._fh.write('"meta": ' + json.dumps(meta or {}, default=json_default) + "}\n")
        if self._fh is not None:
            self._fh.close()
        if self.format == "parquet":
            if self._parquet is None:
                self._write_parquet([])
            self._parquet.close()
        if self.format == "xlsx":
            if self._xlsx is None:
                self._write_xlsx([])
            from openpyxl.cell import WriteOnlyCell

            run = self._xlsx.create_sheet("Run")
            for key, value in (meta or {}).items():
                if isinstance(value, dict | list):
                    value = json.dumps(value, default=json_default)
                cells = [WriteOnlyCell(run), WriteOnlyCell(run)]
                set_cell(cells[0], key)
                set_cell(
                    cells[1],
                    value if value is None or isinstance(value, int | float) else str(value),
                )
                run.append(cells)
            self._xlsx.save(self._tmp)
        self._stack.close()
        return self.count

    def abort(self) -> None:
        """Remove the temporary file; the target is left as it was."""
        try:
            if self._fh is not None:
                self._fh.close()
            if self._parquet is not None:
                self._parquet.close()
        finally:
            self._stack.__exit__(RuntimeError, RuntimeError("aborted"), None)


def _json_row(row: dict[str, Any], columns: Sequence[str]) -> str:
    return json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, default=json_default)


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    if column == "input_row":
        return pa.int64()
    if column == "score":
        return pa.float64()
    return pa.string()


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


_STATE: dict[str, Any] = {}


def _init_worker(state: dict[str, Any] | None = None) -> None:
    if state is not None:  # spawn: the matcher arrives pickled, once per worker
        _STATE.update(state)
    prepare_state(_STATE)


def prepare_state(state: dict[str, Any]) -> dict[str, Any]:
    """Add the normaliser and the worker cache to a matching state."""
    state["norm"] = screening.name_normaliser(state["matcher"])
    state["lru"] = collections.OrderedDict()
    return state


def _match_keys(keys: Sequence[tuple[str, str | None, str | None, str | None]]) -> list[Outcome]:
    return match_keys(_STATE, keys)


def match_keys(
    state: dict[str, Any], keys: Sequence[tuple[str, str | None, str | None, str | None]]
) -> list[Outcome]:
    """Match raw (name, kind, dob, nationality) keys with the state's matcher."""
    matcher, limit, min_score = state["matcher"], state["limit"], state["min_score"]
    norm, lru = state["norm"], state["lru"]
    out = []
    for name, kind, dob, nationality in keys:
        q = Query(name=name, kind=kind, dob=dob, nationality=nationality)
        nkey = screening.dedupe_key(norm(name), q) if state.get("norm_dedupe") else None
        found = lru.get(nkey) if nkey is not None and nkey[0] else None
        if found is None:
            status, hits, best, reason = screening.screen_one(
                matcher, q, limit, min_score, state.get("best_floor", screening.BEST_SCORE_FLOOR)
            )
            parts = tuple({**screening.hit_row(q, h), "_entry_kind": h.entry.kind} for h in hits)
            found = Outcome(status, best, reason, parts)
            if nkey is not None and nkey[0]:
                lru[nkey] = found
                if len(lru) > WORKER_CACHE_SIZE:
                    lru.popitem(last=False)
        out.append(found)
    return out


def outcome_rows(q: Query, outcome: Outcome, include_clear: bool) -> list[dict[str, Any]]:
    """The output rows of one input row (what :func:`screening.result_rows` gives it)."""
    if outcome.hits:
        rows = []
        for part in outcome.hits:
            row = dict(part)
            kind = row.pop("_entry_kind")
            row.update(
                input_row=q.row, query=q.name, kind=q.kind or kind, dob=q.dob,
                nationality=q.nationality,
            )  # fmt: skip
            rows.append(row)
        return rows
    if not include_clear:
        return []
    result = screening.RowResult(q, outcome.status, (), outcome.best, outcome.reason)
    return [screening.clear_row(result)]


def raw_key(q: Query) -> tuple[str, str | None, str | None, str | None]:
    """Rows with equal raw keys get the same outcome (the dedupe key of the run cache)."""
    return (q.name, q.kind, (q.dob or "").strip() or None, (q.nationality or "").strip() or None)


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
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.input_rows / self.seconds if self.seconds else 0.0

    @property
    def has_hits(self) -> bool:
        return self.status_counts.get(screening.HIT, 0) > 0


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class _Pending:
    """Outcomes of one block of keys submitted to the workers."""

    __slots__ = ("keys", "result", "outcomes")

    def __init__(self, keys: list[Any], result: Any) -> None:
        self.keys = keys
        self.result = result
        self.outcomes: dict[Any, Outcome] | None = None

    def get(self) -> dict[Any, Outcome]:
        if self.outcomes is None:
            values = self.result.get() if hasattr(self.result, "get") else self.result
            self.outcomes = dict(zip(self.keys, values, strict=True))
        return self.outcomes


class _Immediate:
    def __init__(self, value: Any) -> None:
        self.value = value

    def get(self) -> Any:
        return self.value


def screen_file(
    matcher: Any,
    source: str | Path | BatchInput,
    output: str | Path,
    *,
    min_score: float | None = None,
    include_clear: bool = False,
    limit: int = screening.DEFAULT_LIMIT,
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    cache_size: int = DEFAULT_CACHE_SIZE,
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
    binput = source if isinstance(source, BatchInput) else open_input(source)
    fmt = output_format(output, output_format_name)
    if fmt == "xlsx" and binput.total_rows is not None and include_clear:
        if binput.total_rows + 1 > EXCEL_MAX_ROWS:
            raise excel_refusal(output, binput.total_rows + 1)
    threshold = float(min_score if min_score is not None else getattr(matcher, "threshold", 0))
    workers = max(1, workers or default_workers())
    summary = BatchSummary(output=Path(output), workers=workers)
    meta = screening.make_meta(
        matcher, sanctions_list, input_file=binput.path, min_score=threshold,
        extra={"engine": "batch", "workers": workers, **(extra_meta or {})},
    ).as_dict()  # fmt: skip
    columns = (*screening.HIT_COLUMNS, *(constants or {}))
    writer = RowWriter(output, columns, fmt=fmt, meta=meta)
    state = {
        "matcher": matcher, "limit": limit, "min_score": threshold,
        "norm_dedupe": normalised_dedupe, "best_floor": best_floor(include_clear, threshold),
    }  # fmt: skip
    pool = None
    try:
        _STATE.clear()
        _STATE.update(state)
        if workers > 1:
            pool = _start_pool(workers, state)
        else:
            _init_worker()
        _run(binput, writer, pool, workers, chunk_size, cache_size, include_clear, summary,
             progress, constants or {})  # fmt: skip
        summary.seconds = time.perf_counter() - started
        meta.update(
            input_rows=summary.input_rows, names_screened=summary.distinct_names,
            seconds=round(summary.seconds, 3), status_counts=summary.status_counts,
        )  # fmt: skip
        summary.rows_written = writer.close(meta)
        summary.meta = meta
    except BaseException:
        writer.abort()
        raise
    finally:
        if hasattr(progress, "close"):
            progress.close()  # type: ignore[union-attr]
        if pool is not None:
            pool.terminate()
            pool.join()
        _STATE.clear()
    log.info(
        "batch: %d rows, %d distinct names matched, %d rows written in %.1f s (%.0f rows/s)",
        summary.input_rows, summary.distinct_names, summary.rows_written, summary.seconds,
        summary.rate,
    )  # fmt: skip
    return summary


def _start_pool(workers: int, state: dict[str, Any]) -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin":
        gc.collect()
        gc.freeze()  # keep the shared matcher's pages shared after fork
        try:
            return multiprocessing.get_context("fork").Pool(
                workers, initializer=_init_worker, maxtasksperchild=WORKER_MAX_BLOCKS
            )
        finally:
            gc.unfreeze()  # the parent collects as usual again
    ctx = multiprocessing.get_context("spawn")
    return ctx.Pool(
        workers, initializer=_init_worker, initargs=(state,), maxtasksperchild=WORKER_MAX_BLOCKS
    )


def _run(
    binput: BatchInput,
    writer: RowWriter,
    pool: Any,
    workers: int,
    chunk_size: int,
    cache_size: int,
    include_clear: bool,
    summary: BatchSummary,
    progress: Callable[[int, int, int], None] | None,
    constants: dict[str, Any],
) -> None:
    cache: collections.OrderedDict[Any, Outcome] = collections.OrderedDict()
    pending: dict[Any, _Pending] = {}
    inflight: collections.deque[tuple[Chunk, list[Any], dict[Any, Any]]] = collections.deque()
    max_inflight = 2 if pool is not None else 0

    def finish(chunk: Chunk, keys: list[Any], local: dict[Any, Any]) -> None:
        rows: list[dict[str, Any]] = []
        counts = summary.status_counts
        for q, key in zip(chunk.queries, keys, strict=True):
            got = local[key]
            outcome = got.get()[key] if isinstance(got, _Pending) else got
            if isinstance(got, _Pending):
                local[key] = outcome
                if pending.get(key) is got:
                    del pending[key]
                    cache[key] = outcome
                    if len(cache) > cache_size:
                        cache.popitem(last=False)
            counts[outcome.status] += 1
            if outcome.hits:
                summary.hit_rows += len(outcome.hits)
            rows.extend(outcome_rows(q, outcome, include_clear))
        if constants:
            for row in rows:
                row.update(constants)
        writer.write(rows)
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
                cache.move_to_end(key)
                local[key] = hit
                summary.cache_hits += 1
            elif key in pending:
                local[key] = pending[key]
                summary.cache_hits += 1
            else:
                local[key] = None
                todo.append(key)
        summary.distinct_names += len(todo)
        for block in _blocks(todo, workers):
            result = (
                pool.apply_async(_match_keys, (block,))
                if pool is not None
                else _Immediate(_match_keys(block))
            )
            job = _Pending(block, result)
            for key in block:
                local[key] = job
                pending[key] = job
        inflight.append((chunk, keys, local))
        while len(inflight) > max_inflight:
            finish(*inflight.popleft())
    while inflight:
        finish(*inflight.popleft())


def _blocks(keys: list[Any], workers: int) -> Iterator[list[Any]]:
    if not keys:
        return
    size = max(32, min(BLOCK_NAMES, -(-len(keys) // (workers * 4))))
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


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
    "BatchInput",
    "BatchSummary",
    "Chunk",
    "ColumnChoice",
    "EXCEL_MAX_ROWS",
    "Outcome",
    "RowWriter",
    "TerminalProgress",
    "TooManyRowsForExcel",
    "choose_columns",
    "iter_chunks",
    "open_input",
    "outcome_rows",
    "output_format",
    "screen_file",
    "terminal_progress",
]
