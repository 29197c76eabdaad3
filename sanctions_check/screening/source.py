"""One reader for every name file: :func:`open_source` and the chunks of queries it yields.

Contract: :func:`open_source` opens a CSV / TSV, plain-text, XLSX or Parquet file as a
frozen :class:`ColumnSpec` says, detects its format (:func:`input_format`: ``spec.fmt``,
the suffix, else the first bytes), encoding, delimiter, sheet and columns
(:func:`~sanctions_check.screening.columns.choose_columns` on the header row) and returns
a frozen :class:`Source`; :func:`sanctions_check.screening.inputs.iter_chunks` yields its
rows as :class:`Chunk` s of at most ``chunk_size``
:class:`~sanctions_check.matching.hits.Query` s, in input order, with
spreadsheet-style row numbers (the header is row 1; quoted line breaks counted; a text
file's line number; Parquet: record number + 1).  Rows that are entirely blank are skipped;
cells are plain text (formula-like cells stay text, never evaluated).

Two ways to read, one format code:

* ``whole=True`` (:func:`sanctions_check.screening.inputs.read_queries`, ``screen``): the
  file is read whole and checked while it is read
  (:func:`~sanctions_check.files.textinput.read_input_bytes`), its encoding judged on all
  of it (:func:`~sanctions_check.files.textinput.decode_input`), its sha256 kept; a file
  or sheet without data rows is refused.  ``iter_chunks(source, None)`` is one chunk.
* streamed (the batch and Dask engines): the encoding and delimiter are judged on the
  first 64 KiB, CSV and text are decoded as they are read and Parquet is read by record
  batches, so memory does not grow with the input.  A workbook (at most 1,048,576 rows)
  is read whole either way.

Every problem (missing, binary, empty, undecodable, a huge line or cell, a corrupt or
encrypted workbook, a missing sheet or column, an unbalanced quote) raises
:class:`~sanctions_check.errors.InputError` with one line naming the file: never fewer rows.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sanctions_check.errors import InputError
from sanctions_check.files.csvrecords import (
    cell_text,
    csv_records,
    sniff_delimiter,
)
from sanctions_check.files.decoding import SNIFF_BYTES
from sanctions_check.files.reading import encrypted_workbook_message
from sanctions_check.files.tableinput import parquet_file, xlsx_rows
from sanctions_check.files.textinput import (
    BLANK_BYTES,
    decode_input,
    head_bytes,
    head_encoding,
    read_input_bytes,
)
from sanctions_check.matching.hits import Query
from sanctions_check.screening.columns import (
    ColumnChoice,
    ColumnSpec,
    choose_columns,
)

DEFAULT_CHUNK_SIZE = 20_000
INPUT_FORMATS = ("csv", "txt", "parquet", "xlsx")
TEXT_SUFFIXES = {".txt", ".text", ".lst"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
_OLE = b"\xd0\xcf\x11\xe0"  # an old binary .xls (or an encrypted workbook)


class Chunk(NamedTuple):
    queries: list[Query]
    position: int  # Source.size units consumed so far


@dataclass(frozen=True)
class Source:
    """An input file opened by :func:`open_source`, and what was detected."""

    path: Path
    format: str  # one of INPUT_FORMATS ("empty": the Dask engine's stand-in)
    size: int  # the unit of Chunk.position: bytes (streamed CSV / text, whole reads), rows
    total_rows: int | None  # known for Parquet / XLSX
    encoding: str | None = None
    delimiter: str | None = None
    columns: ColumnChoice | None = None  # None: a text file (one name a line)
    default_kind: str | None = None
    spec: ColumnSpec = ColumnSpec()  # what the user said
    encoding_warning: str | None = None  # the encoding is a weak guess: check the names
    header_width: int = 0  # cells of the first row (csvrecords.check_record)
    sheet: str | None = None  # the workbook sheet read
    headers: tuple[str, ...] = ()  # the header row, blanks named "column N"
    sha256: str | None = None  # whole reads: of the bytes read
    #: whole reads: the text (txt), the records (CSV) or the data rows (XLSX) read
    content: Any = field(default=None, repr=False, compare=False)

    @property
    def has_header(self) -> bool:
        return bool(self.columns and self.columns.has_header)

    @property
    def passthrough(self) -> tuple[str, ...]:
        """The headers of the input columns every output row carries (made unique)."""
        return self.columns.keep_headers if self.columns else ()

    def describe(self) -> str:
        """One line saying what is read (the engines' form)."""
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


def input_format(path: Path, fmt: str | None = None, head: bytes | None = None) -> str:
    """``csv`` / ``txt`` / ``parquet`` / ``xlsx`` from ``fmt``, the suffix or the first bytes
    (``head``; read from the file when not given)."""
    if fmt:
        fmt = fmt.lower()
        if fmt not in INPUT_FORMATS:
            raise InputError(f"{path}: unknown input format {fmt!r}")
        return fmt
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if head is None:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4)
        except OSError:
            head = b""
    if suffix in XLSX_SUFFIXES or (head.startswith(b"PK\x03\x04") and suffix != ".csv"):
        return "xlsx"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    return "parquet" if head.startswith(b"PAR1") else "csv"


def open_source(
    path: str | Path, spec: ColumnSpec | None = None, *, whole: bool = False, **options: Any
) -> Source:
    """Open ``path`` as ``spec`` says, read whole or for streaming (see the module doc).
    ``options``: the fields of a :class:`ColumnSpec`, as a shorthand for ``spec``."""
    spec = spec or ColumnSpec(**options)
    path = Path(path)
    return _open_whole(path, spec) if whole else _open_stream(path, spec)


def _encoding_refused(path: Path) -> InputError:
    return InputError(f"{path}: --encoding only applies to text files (CSV, TSV, TXT)")


def _columns(path: Path, first: Sequence[str], width: int, spec: ColumnSpec
             ) -> tuple[tuple[str, ...], ColumnChoice]:
    """The header row padded to ``width`` cells (blanks named "column N") and the columns
    chosen from it."""
    cells = list(first) + [""] * (width - len(first))
    headers = tuple(h or f"column {i + 1}" for i, h in enumerate(cells))
    return headers, choose_columns(path, headers, spec)


def _open_whole(path: Path, spec: ColumnSpec, kind: str | None = None) -> Source:
    suffix = path.suffix.lower()
    given = kind or (spec.fmt or "").lower()
    data = read_input_bytes(path, binary=given in ("xlsx", "parquet")
                            or suffix in XLSX_SUFFIXES | PARQUET_SUFFIXES)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip(BLANK_BYTES):
        raise InputError(f"{path}: the file is empty")
    kind = kind or input_format(path, spec.fmt, data[:4])
    if kind in ("xlsx", "parquet") and spec.encoding is not None:
        raise _encoding_refused(path)
    if kind == "xlsx":
        encrypted = encrypted_workbook_message(data, path)
        if encrypted:
            raise InputError(encrypted)
        if suffix == ".xls" or data.startswith(_OLE):
            raise InputError(f"{path}: old binary .xls workbooks are not read; save as .xlsx")
        return _open_xlsx(path, spec, sha)
    if spec.sheet is not None:
        raise InputError(f"{path}: --sheet only applies to XLSX workbooks")
    if kind == "parquet":
        return _open_parquet(path, spec, sha)
    decoded = decode_input(data, path, spec.encoding)
    text, encoding, warning = decoded.text, decoded.encoding, decoded.warning
    if kind == "txt":
        if spec.roles_given:
            raise InputError(f"{path}: a text file has one name per line and no columns")
        return Source(path, kind, len(data), None, encoding, default_kind=spec.default_kind,
                      spec=spec, encoding_warning=warning, sha256=sha, content=text)
    delimiter = sniff_delimiter(text, path)
    records = tuple(csv_records(io.StringIO(text, newline=""), delimiter, path))
    if not records:
        raise InputError(f"{path}: no rows (the file or sheet is empty)")
    first = records[0].cells
    headers, choice = _columns(path, first, max(len(r.cells) for r in records), spec)
    data_rows = records[1:] if choice.has_header else records
    if not data_rows:
        raise InputError(f"{path}: only a header row, no names")
    return Source(path, kind, len(data), None, encoding, delimiter, choice, spec.default_kind,
                  spec, warning, len(first), headers=headers, sha256=sha, content=data_rows)


def _open_xlsx(path: Path, spec: ColumnSpec, sha: str) -> Source:
    title, raw = xlsx_rows(path, spec.sheet)
    rows = [(n, [cell_text(c) for c in cells]) for n, cells in raw]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise InputError(f"{path}: no rows (the file or sheet is empty)")
    first = rows[0][1]
    headers, choice = _columns(path, first, max(len(c) for _n, c in rows), spec)
    data_rows = tuple(rows[1:] if choice.has_header else rows)
    if not data_rows:
        raise InputError(f"{path}: only a header row, no names")
    n = len(data_rows)
    return Source(path, "xlsx", n, n, columns=choice, default_kind=spec.default_kind,
                  spec=spec, header_width=len(first), sheet=title, headers=headers,
                  sha256=sha, content=data_rows)


def _open_parquet(path: Path, spec: ColumnSpec, sha: str | None = None) -> Source:
    pf = parquet_file(path)
    names = list(pf.schema_arrow.names)
    headers, choice = _columns(path, names, len(names), spec)
    total = pf.metadata.num_rows
    return Source(path, "parquet", total, total, columns=choice, default_kind=spec.default_kind,
                  spec=spec, headers=headers, sha256=sha)


def _open_stream(path: Path, spec: ColumnSpec) -> Source:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    head = head_bytes(path)
    kind = input_format(path, spec.fmt, head)
    if kind in ("xlsx", "parquet") and spec.encoding is not None:
        raise _encoding_refused(path)
    if kind == "parquet":
        return _open_parquet(path, spec)
    if kind == "xlsx":
        return _open_whole(path, spec, kind)
    if not head.strip(BLANK_BYTES):
        raise InputError(f"{path}: the file is empty")
    encoding, warning = head_encoding(head, path, spec.encoding)
    if kind == "txt":
        if spec.roles_given:
            raise InputError(f"{path}: a text file has one name per line and no columns")
        return Source(path, kind, size, None, encoding, default_kind=spec.default_kind,
                      spec=spec, encoding_warning=warning)
    text = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    delimiter = sniff_delimiter(text, path)
    sample = [r.cells for r in csv_records(io.StringIO(text), delimiter, path, True)]
    sample = sample[:-1] if len(head) == SNIFF_BYTES and len(sample) > 1 else sample
    if not sample:
        raise InputError(f"{path}: no rows (the file is empty)")
    headers, choice = _columns(path, sample[0], max(len(c) for c in sample), spec)
    return Source(path, kind, size, None, encoding, delimiter, choice, spec.default_kind, spec,
                  warning, len(sample[0]), headers=headers)


__all__ = ["DEFAULT_CHUNK_SIZE", "INPUT_FORMATS", "Chunk", "Source", "input_format", "open_source"]
