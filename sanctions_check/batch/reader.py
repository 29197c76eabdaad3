"""Input side of the batch engine: large name files read in bounded chunks.

Contract: :func:`open_input` opens a CSV / TSV / text / Parquet / XLSX file and picks its
columns (as :mod:`sanctions_check.screening.inputs` does, on the header only); :func:`iter_chunks`
yields :class:`Chunk` s of at most ``chunk_size`` queries with the row numbers
:func:`sanctions_check.screening.inputs.read_queries` would give (spreadsheet-style numbers, even
with quoted line breaks; Parquet: record number + 1).  CSV and text are decoded
incrementally, Parquet is read by record batches: memory does not grow with the input.
Unreadable input raises :class:`~sanctions_check.errors.InputError` naming the file;
:func:`name_warning` checks the first rows for a name column without names.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sanctions_check.errors import InputError
from sanctions_check.files.csvrecords import cell_text, check_record, csv_records, sniff_delimiter
from sanctions_check.files.decoding import check_codec, guess_encoding
from sanctions_check.files.reading import LineGuard
from sanctions_check.matching.hits import Query
from sanctions_check.screening import inputs
from sanctions_check.screening.columns import name_column_warning
from sanctions_check.screening.inputs import ColumnChoice, ColumnSpec

DEFAULT_CHUNK_SIZE = 20_000
INPUT_FORMATS = ("csv", "txt", "parquet", "xlsx")
PARQUET_SUFFIXES = {".parquet", ".pq"}
_READ_BLOCK = 1 << 20



def choose_columns(
    path: Path, headers: Sequence[str], width: int, spec: ColumnSpec | None = None
) -> ColumnChoice:
    """Pick the columns as :func:`sanctions_check.screening.inputs.read_queries` does (``width`` cells)."""
    headers = list(headers) + [""] * (width - len(headers))
    return inputs.choose_columns(path, headers, spec)


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
    spec: ColumnSpec = ColumnSpec()  # what the user said (XLSX: re-applied when read)
    encoding_warning: str | None = None  # the encoding is a weak guess: check the names
    header_width: int = 0  # CSV: cells of the first record (csvrecords.check_record)

    @property
    def passthrough(self) -> tuple[str, ...]:
        """The headers of the input columns every output row carries (made unique)."""
        return self.columns.keep_headers if self.columns else ()

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


def open_input(path: str | Path, spec: ColumnSpec | None = None, **options: Any) -> BatchInput:
    """Open ``path`` for :func:`iter_chunks`: detect format, encoding (judged on the first
    block; ``spec.encoding`` forces one), delimiter, columns.  ``options``: the fields of a
    :class:`~sanctions_check.screening.columns.ColumnSpec`, as a shorthand for ``spec``."""
    spec = spec or ColumnSpec(**options)
    encoding, default_kind = spec.encoding, spec.default_kind
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    kind = input_format(path, spec.fmt)
    if kind in ("xlsx", "parquet") and encoding is not None:
        raise InputError(f"{path}: --encoding only applies to text files (CSV, TSV, TXT)")
    if kind == "parquet":
        pf = parquet_file(path)
        names = list(pf.schema_arrow.names)
        choice = choose_columns(path, names, len(names), spec)
        total = pf.metadata.num_rows
        return BatchInput(path, kind, total, total, columns=choice, default_kind=default_kind,
                          spec=spec)
    if kind == "xlsx":
        # Excel sheets are at most 1,048,576 rows: read whole by the inputs module.
        got = inputs.read_queries(path, dataclasses.replace(spec, fmt="xlsx"))
        n = len(got.queries)
        return BatchInput(path, kind, n, n, columns=got.choice, default_kind=default_kind,
                          spec=spec)
    with open(path, "rb") as fh:
        head = fh.read(inputs.SNIFF_BYTES)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(f"{path}: the file is empty")
    warning = None
    if encoding is not None:
        encoding = check_codec(encoding)
    else:
        encoding, warning = guess_encoding(_whole_chars(head), path)
    if kind == "txt":
        if spec.roles_given:
            raise InputError(f"{path}: a text file has one name per line and no columns")
        return BatchInput(path, kind, size, None, encoding, default_kind=default_kind,
                          spec=spec, encoding_warning=warning)
    text = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    delimiter = sniff_delimiter(text, path)
    sample = [r.cells for r in csv_records(io.StringIO(text), delimiter, path, True)]
    sample = sample[:-1] if len(head) == inputs.SNIFF_BYTES and len(sample) > 1 else sample
    if not sample:
        raise InputError(f"{path}: no rows (the file is empty)")
    width = max(len(c) for c in sample)
    choice = choose_columns(path, sample[0], width, spec)
    return BatchInput(path, kind, size, None, encoding, delimiter, choice, default_kind, spec,
                      encoding_warning=warning, header_width=len(sample[0]))


def count_lines(path: Path, stop: int | None = None) -> int:
    """The line breaks of a file plus an unterminated last line (a CSV's header and quoted
    line breaks included): its row count, exact enough to choose an engine; counting ends
    once ``stop`` is reached.  Reads bytes only (UTF-16 line breaks hold a newline byte too)."""
    lines = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while block := fh.read(_READ_BLOCK):
            lines += block.count(b"\n")
            last = block[-1:]
            if stop is not None and lines >= stop:
                return lines
    return lines + (last not in (b"\n", b"\x00"))


def _whole_chars(head: bytes) -> bytes:
    """Drop a UTF-8 sequence cut at the end of a sniffed block."""
    for cut in range(0, 4):
        try:
            (head[: len(head) - cut] if cut else head).decode("utf-8")
            return head[: len(head) - cut] if cut else head
        except UnicodeDecodeError:
            continue
    return head


def parquet_file(path: Path) -> Any:
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
    """A binary reader that counts the bytes handed out (for progress) and refuses a line
    longer than the inputs module allows before the text layer builds it in memory."""

    def __init__(self, fh: Any, path: Path) -> None:
        self.fh = fh
        self.count = 0
        self.guard = line_guard(path)

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = self.fh.readinto(b) or 0
        self.count += n
        if n:
            self.guard.feed(bytes(memoryview(b)[:n]))
        return n


def line_guard(path: Path) -> LineGuard:
    """The streaming line-length check of a CSV / text input (see :mod:`sanctions_check.files.reading`)."""
    return LineGuard(path, inputs.MAX_LINE_BYTES, f"{inputs.MAX_LINE_CHARS:,} characters")


def name_warning(binput: BatchInput, sample: int = 1000) -> str | None:
    """:func:`~sanctions_check.screening.columns.name_column_warning` for the first ``sample`` rows."""
    first = next(iter_chunks(binput, sample), None)
    column = binput.columns.roles.get("name") if binput.columns else None
    return name_column_warning([q.name for q in first.queries] if first else [], column)


def iter_chunks(binput: BatchInput, chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[Chunk]:
    """Yield the input's queries ``chunk_size`` at a time, in input order."""
    if binput.format == "parquet":
        yield from _parquet_chunks(binput, chunk_size)
        return
    if binput.format == "xlsx":
        got = inputs.read_queries(binput.path, dataclasses.replace(binput.spec, fmt="xlsx"))
        for start in range(0, len(got.queries), chunk_size):
            part = list(got.queries[start : start + chunk_size])
            yield Chunk(part, start + len(part))
        return
    with open(binput.path, "rb") as raw:
        counter = _CountingReader(raw, binput.path)
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
    records = csv_records(text, binput.delimiter, binput.path)
    if cols.has_header:
        next(records, None)
    batch: list[Query] = []
    for record in records:
        check_record(record, cols.name_columns, binput.header_width, binput.path)
        batch.append(cols.query(record.cells, record.line, binput.default_kind,
                                binput.spec.date_order))
        if len(batch) >= size:
            yield Chunk(batch, counter.count)
            batch = []
    if batch:
        yield Chunk(batch, counter.count)


def _parquet_chunks(binput: BatchInput, size: int) -> Iterator[Chunk]:
    pf = parquet_file(binput.path)
    assert binput.columns is not None
    done = 0
    try:
        names = list(pf.schema_arrow.names)
        wanted = parquet_wanted(binput.columns)
        for batch in pf.iter_batches(batch_size=size, columns=[names[i] for i in wanted]):
            queries = parquet_queries(batch, wanted, done, binput.columns, binput.default_kind,
                                      binput.spec.date_order)
            done += batch.num_rows
            yield Chunk(queries, done)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{binput.path}: cannot read Parquet data ({exc})") from None


def parquet_wanted(cols: ColumnChoice) -> list[int]:
    """The columns a query is built from (roles and pass-through), in file order."""
    return list(cols.used)


def parquet_queries(
    batch: Any, wanted: Sequence[int], done: int, cols: ColumnChoice, default_kind: str | None,
    date_order: str | None = None,
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
            cells[i] = cell_text(values[k])
        if any(cells):
            queries.append(cols.query(cells, done + k + 2, default_kind, date_order))
    return queries
