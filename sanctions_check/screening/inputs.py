"""The queries of an opened input: streamed in chunks, or read whole by :func:`read_queries`.

Contract: :func:`iter_chunks` yields the rows of a
:class:`~sanctions_check.screening.source.Source` as
:class:`~sanctions_check.screening.source.Chunk` s of at most ``chunk_size`` queries, in
input order (None: one chunk), with the row numbers described in
:mod:`sanctions_check.screening.source`; a streamed CSV or text file is decoded as it is
read (:func:`~sanctions_check.files.textinput.open_text`), a Parquet file by record
batches, a source read whole from what was read.  Each CSV record is checked once the
name column is known (:func:`~sanctions_check.files.csvrecords.check_record`: unbalanced
quotes, unquoted delimiters in names); a line that cannot be decoded raises.
:func:`name_warning` checks the first rows for a name column without names.

:func:`read_queries` reads a CSV / TSV, XLSX, plain-text or Parquet file through
the one input reader, :func:`sanctions_check.screening.source.open_source` (``whole=True``:
one chunk; the batch engines stream the same reader), and returns a frozen
:class:`InputFile` holding one :class:`~sanctions_check.matching.hits.Query` per data row
(``row`` is the spreadsheet-style row number: the header is row 1, or the line number
of a text file), plus what was detected: format, encoding (and ``encoding_warning`` when
that is a weak guess), delimiter, sheet and which column serves which role (name, kind,
dob, nationality, ID, pass-through), so the CLI can say what it used
(:meth:`InputFile.describe`, :meth:`InputFile.name_warning`).

How each format is read, and every refusal, is :mod:`sanctions_check.screening.source`'s;
a file without names (only blank or comment lines, only a header row, an empty sheet)
raises :class:`~sanctions_check.errors.InputError` here too: one line naming the file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.csvrecords import Record, cell_text, check_record, csv_records
from sanctions_check.files.tableinput import parquet_file
from sanctions_check.files.textinput import MAX_LINE_CHARS, long_line_error, open_text
from sanctions_check.matching.hits import Query
from sanctions_check.screening.columns import ColumnChoice, ColumnSpec, name_column_warning
from sanctions_check.screening.source import DEFAULT_CHUNK_SIZE, Chunk, Source, open_source


@dataclass(frozen=True)
class InputFile:
    """The queries read from one input file and how they were read."""

    path: Path
    format: str  # "csv" | "xlsx" | "txt" | "parquet"
    queries: tuple[Query, ...]
    sha256: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    has_header: bool = True
    columns: dict[str, str] = field(default_factory=dict)  # role -> header used
    headers: tuple[str, ...] = ()
    encoding_warning: str | None = None  # the encoding is a weak guess: check the names
    choice: ColumnChoice | None = None  # the columns chosen (None: a text file)

    @classmethod
    def of(cls, source: Source, queries: tuple[Query, ...]) -> InputFile:
        """The result of reading ``source`` (opened whole) into ``queries``."""
        choice = source.columns
        return cls(source.path, source.format, queries, source.sha256 or "", source.encoding,
                   source.delimiter, source.sheet, source.has_header,
                   choice.roles if choice else {}, source.headers, source.encoding_warning,
                   choice)

    @property
    def passthrough(self) -> tuple[str, ...]:
        """The headers of the input columns every output carries (made unique)."""
        return self.choice.keep_headers if self.choice else ()

    def describe(self) -> str:
        """One line saying what was read, for the CLI."""
        parts = [f"{self.path.name}: {len(self.queries)} rows ({self.format}"]
        if self.encoding:
            parts.append(f", {self.encoding}")
        if self.delimiter:
            parts.append(f", delimiter {self.delimiter!r}")
        if self.sheet:
            parts.append(f", sheet {self.sheet!r}")
        parts.append(")")
        if self.columns:
            used = ", ".join(f"{role} = {col!r}" for role, col in self.columns.items())
            parts.append(f"; columns: {used}")
        elif not self.has_header and self.format != "txt":
            parts.append("; no header row, first column")
        return "".join(parts)

    def name_warning(self) -> str | None:
        """:func:`~sanctions_check.screening.columns.name_column_warning` for the names read."""
        return name_column_warning([q.name for q in self.queries], self.columns.get("name"))


def iter_chunks(source: Source, chunk_size: int | None = DEFAULT_CHUNK_SIZE) -> Iterator[Chunk]:
    """Yield the input's queries ``chunk_size`` at a time (None: all in one chunk)."""
    if source.format == "parquet":
        yield from _parquet_chunks(source, chunk_size)
        return
    if source.format == "xlsx":
        yield from _chunked(_row_queries(source, source.content), chunk_size, lambda n: n)
        return
    if source.content is not None:  # read whole: nothing left to read from the file
        lines = io.StringIO(source.content, newline="") if source.format == "txt" else None
        queries = (_line_queries(source, lines) if lines is not None
                   else _record_queries(source, source.content))
        yield from _chunked(queries, chunk_size, lambda _n: source.size)
        return
    assert source.encoding is not None
    with open(source.path, "rb") as raw:
        text, counter = open_text(raw, source.path, source.encoding)
        if source.format == "txt":
            queries = _line_queries(source, text)
        else:
            assert source.columns is not None and source.delimiter is not None
            records = csv_records(text, source.delimiter, source.path)
            if source.columns.has_header:
                next(records, None)
            queries = _record_queries(source, records)
        yield from _chunked(queries, chunk_size, lambda _n: counter.count)


def _chunked(queries: Iterable[Query], size: int | None, position: Callable[[int], int]
             ) -> Iterator[Chunk]:
    """``queries`` in lists of ``size`` (None: one list), each with ``position(queries so
    far)`` taken when it is full."""
    batch: list[Query] = []
    done = 0
    for query in queries:
        batch.append(query)
        if size is not None and len(batch) >= size:
            done += len(batch)
            yield Chunk(batch, position(done))
            batch = []
    if batch:
        yield Chunk(batch, position(done + len(batch)))


def _line_queries(source: Source, text: Iterable[str]) -> Iterator[Query]:
    """One query a non-blank, non-comment line (lines as ``str.splitlines`` splits them)."""
    number = 0
    try:
        for physical in text:
            for line in physical.splitlines() or [""]:
                number += 1
                if len(line) > MAX_LINE_CHARS:
                    raise long_line_error(source.path, number, len(line))
                if line.strip() and not line.lstrip().startswith("#"):
                    name = " ".join(line.replace("\x00", "").split())
                    yield Query(name=name, kind=source.default_kind, row=number)
    except UnicodeDecodeError as exc:
        raise InputError(f"{source.path}: cannot decode as {source.encoding}: {exc}") from None


def _record_queries(source: Source, records: Iterable[Record]) -> Iterator[Query]:
    """One query a CSV data record, each checked once the name column is known."""
    cols = source.columns
    assert cols is not None
    for record in records:
        check_record(record, cols.name_columns, source.header_width, source.path)
        yield cols.query(record.cells, record.line, source.default_kind, source.spec.date_order)


def _row_queries(source: Source, rows: Iterable[tuple[int, list[str]]]) -> Iterator[Query]:
    cols = source.columns
    assert cols is not None
    for number, cells in rows:
        yield cols.query(cells, number, source.default_kind, source.spec.date_order)


def _parquet_chunks(source: Source, size: int | None) -> Iterator[Chunk]:
    pf = parquet_file(source.path)
    assert source.columns is not None
    done = 0
    try:
        names = list(pf.schema_arrow.names)
        wanted = parquet_wanted(source.columns)
        batches = pf.iter_batches(batch_size=size or max(source.size, 1),
                                  columns=[names[i] for i in wanted])
        for batch in batches:
            queries = parquet_queries(batch, wanted, done, source.columns, source.default_kind,
                                      source.spec.date_order)
            done += batch.num_rows
            yield Chunk(queries, done)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"{source.path}: cannot read Parquet data ({exc})") from None


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


def name_warning(source: Source, sample: int = 1000) -> str | None:
    """:func:`~sanctions_check.screening.columns.name_column_warning` for the first
    ``sample`` rows."""
    first = next(iter_chunks(source, sample), None)
    column = source.columns.roles.get("name") if source.columns else None
    return name_column_warning([q.name for q in first.queries] if first else [], column)


def read_queries(path: str | Path, spec: ColumnSpec | None = None, **options: Any) -> InputFile:
    """Read the names to screen from ``path`` as ``spec`` says (format from ``spec.fmt`` or
    the suffix/content; ``spec.encoding`` forces the codec of a text file, else it is
    judged on the whole file: :mod:`sanctions_check.files.decoding`).  ``options``: the
    fields of a :class:`ColumnSpec`, as a shorthand for ``spec=ColumnSpec(**options)``."""
    source = open_source(path, spec, whole=True, **options)
    queries = tuple(q for chunk in iter_chunks(source, None) for q in chunk.queries)
    if source.format == "txt" and not queries:
        raise InputError(f"{source.path}: no names (only blank or comment lines)")
    return InputFile.of(source, queries)


__all__ = ["ColumnSpec", "InputFile", "iter_chunks", "name_warning", "parquet_queries",
           "parquet_wanted", "read_queries"]
