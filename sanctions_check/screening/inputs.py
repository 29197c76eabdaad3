"""Read the names to screen from CSV / TSV, XLSX or plain-text files.

Contract: :func:`read_queries` returns a frozen :class:`InputFile` holding one
:class:`~sanctions_check.matching.hits.Query` per data row (``row`` is the spreadsheet-style
row number: the header is row 1, or the line number of a text file), plus what
was detected: format, encoding, delimiter, sheet and which column serves which
role (name, kind, dob, nationality), so the CLI can say what it used.

* Text encodings: decided by :mod:`sanctions_check.files.decoding` (BOM, UTF-16, strict
  UTF-8; lines that are not UTF-8 in a UTF-8 file are refused by number; a legacy code
  page only when the whole file reads plausibly in it, with ``encoding_warning`` set
  when that is a weak guess), or forced with ``encoding``.  Text is checked while it is
  read (binary head, lines over :data:`MAX_LINE_CHARS`), XLSX parts before openpyxl
  loads them (:func:`check_xlsx_parts`).
* CSV delimiter: among ``, ; TAB |``, the one that splits every row of the first 64 KiB
  into the same number (2+) of columns, else :class:`csv.Sniffer`'s guess (TSV files
  default to TAB).
* Columns: chosen from the header row by :func:`sanctions_check.screening.columns.choose_columns`
  (an obvious name column unless ``column`` is given; a one-column file whose
  first cell is not a header is read without a header).
* Cells are read as plain text: formula-like cells (``=...``) stay text (XLSX is
  read with formulas as written, never evaluated).
* Every problem (binary, empty, undecodable, huge line, corrupt XLSX, missing
  column) raises :class:`~sanctions_check.errors.InputError` with one line naming
  the file and the problem.  Rows that are entirely blank are skipped.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.csvrecords import (
    Record,
    cell_text,
    check_record,
    csv_records,
    sniff_delimiter,
)
from sanctions_check.files.decoding import SNIFF_BYTES as SNIFF_BYTES  # re-exported
from sanctions_check.files.decoding import Decoded, bom_encoding, decode_text, nul_encoding
from sanctions_check.files.decoding import detect_encoding as detect_encoding  # re-exported
from sanctions_check.files.reading import (
    READ_BLOCK,
    LineGuard,
    encrypted_workbook_message,
    read_user_file,
)
from sanctions_check.matching.hits import Query
from sanctions_check.screening.columns import ColumnChoice as ColumnChoice  # re-exported
from sanctions_check.screening.columns import ColumnSpec as ColumnSpec  # re-exported
from sanctions_check.screening.columns import choose_columns, name_column_warning
from sanctions_check.screening.columns import kind_value as kind_value  # re-exported

log = logging.getLogger(__name__)

MAX_LINE_CHARS = 100_000  # one line / cell longer than this is hostile, not a name list
MAX_BYTES = 2 * 1024**3
MAX_LINE_BYTES = 4 * MAX_LINE_CHARS + 4  # UTF-8 / UTF-16 / UTF-32: at most 4 bytes a character
MAX_XML_TEXT_BYTES = 10 * MAX_LINE_CHARS  # XML escapes: "&#x10FFFF;" is 10 bytes for one
_ENCRYPTION_PROBE = 64 * 1024**2  # read this much of an unreadable workbook to name why

TEXT_SUFFIXES = {".txt", ".text", ".lst"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class InputFile:
    """The queries read from one input file and how they were read."""

    path: Path
    format: str  # "csv" | "xlsx" | "txt"
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


# --------------------------------------------------------------------------- helpers


# --------------------------------------------------------------------------- decoding


def _decode(data: bytes, path: Path, forced: str | None) -> Decoded:
    decoded = decode_text(data, path, forced)
    text = decoded.text.lstrip("\ufeff")
    if "\x00" in text:
        raise InputError(f"{path}: binary file (NUL characters after decoding), not a name list")
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"{path}: line {number} is {len(line):,} characters long "
                f"(limit {MAX_LINE_CHARS:,}); not a name list"
            )
    return dataclasses.replace(decoded, text=text)


class _TextCheck:
    """Checks a text input while it is read: not binary (first block), no line too long.

    A ZIP (XLSX) or old .xls is left to the workbook checks (:func:`check_xlsx_parts`).
    """

    def __init__(self, path: Path, workbook: bool) -> None:
        self.path = path
        self.skip = workbook
        self.first = True
        self.guard = LineGuard(path, MAX_LINE_BYTES, f"{MAX_LINE_CHARS:,} characters")

    def __call__(self, block: bytes) -> None:
        if self.first:
            self.first = False
            self.skip = self.skip or block.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
            head = block[:SNIFF_BYTES]
            if not self.skip and bom_encoding(head) is None and b"\x00" in head:
                nul_encoding(head, self.path)
        if not self.skip:
            self.guard.feed(block)


def _read_bytes(path: Path, workbook: bool = False) -> bytes:
    return read_user_file(path, max_bytes=MAX_BYTES, inspect=_TextCheck(path, workbook))


def check_xlsx_parts(path: Path) -> None:
    """InputError when a workbook unpacks to more than :data:`MAX_BYTES` or holds a cell
    of more than :data:`MAX_LINE_CHARS` characters; checked on the compressed parts as they
    unpack, before openpyxl builds anything in memory.  Unreadable ZIPs are left to openpyxl."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_BYTES:
            raise InputError(f"{path}: the workbook unpacks to {total:,} bytes "
                             f"(limit {MAX_BYTES:,}); not a name list")
        for info in infos:
            if not info.filename.endswith(".xml"):
                continue
            guard = LineGuard(path, MAX_XML_TEXT_BYTES, "", ends=(b"<",))
            try:
                with zf.open(info) as fh:
                    while block := fh.read(READ_BLOCK):
                        guard.feed(block)
            except InputError:
                raise InputError(
                    f"{path}: {info.filename} holds a cell or value of more than "
                    f"{MAX_LINE_CHARS:,} characters; not a name list"
                ) from None
            except Exception:  # a damaged part: openpyxl says what is wrong
                return


# --------------------------------------------------------------------------- readers


def open_xlsx(path: Path, what: str = "XLSX workbook", data_only: bool = False) -> Any:
    """Open a workbook read-only; InputError (one line) if it is not a readable workbook.

    ``data_only=False`` keeps formula cells as their text (never evaluated).
    """
    from openpyxl import load_workbook

    check_xlsx_parts(path)
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except (
        Exception
    ) as exc:  # openpyxl raises many kinds (BadZipFile, KeyError...) on corrupt files
        try:
            with open(path, "rb") as fh:
                encrypted = encrypted_workbook_message(fh.read(_ENCRYPTION_PROBE), path)
        except OSError:
            encrypted = None
        if encrypted:
            raise InputError(encrypted) from None
        raise InputError(f"{path}: not a readable {what} ({type(exc).__name__}: {exc})") from None


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, list[tuple[int, list[Any]]]]:
    wb = open_xlsx(path)
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                shown = ", ".join(repr(s) for s in wb.sheetnames)
                raise InputError(f"{path}: no sheet {sheet!r} (sheets: {shown})")
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        rows: list[tuple[int, list[Any]]] = []
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = list(values)
                for value in cells:
                    if isinstance(value, str) and len(value) > MAX_LINE_CHARS:
                        raise InputError(
                            f"{path}: row {number} has a cell of {len(value):,} characters "
                            f"(limit {MAX_LINE_CHARS:,})"
                        )
                rows.append((number, cells))
        except InputError:
            raise
        except Exception as exc:
            raise InputError(
                f"{path}: sheet {ws.title!r} cannot be read ({type(exc).__name__}: {exc})"
            ) from None
        return ws.title, rows
    finally:
        wb.close()


def _table_queries(
    path: Path,
    raw_rows: list[tuple[int, list[Any]]],
    spec: ColumnSpec,
    records: dict[int, Record] | None = None,
) -> tuple[list[Query], ColumnChoice, tuple[str, ...]]:
    """Queries of a table's rows; CSV ``records`` (by line) are checked once the name
    column is known (:func:`sanctions_check.files.csvrecords.check_record`)."""
    rows = [(n, [cell_text(c) for c in cells]) for n, cells in raw_rows]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise InputError(f"{path}: no rows (the file or sheet is empty)")
    _header_row, first = rows[0]
    width = max(len(c) for _n, c in rows)
    headers = [h or f"column {i + 1}" for i, h in enumerate(first + [""] * (width - len(first)))]
    choice = choose_columns(path, headers, spec)
    data = rows[1:] if choice.has_header else rows
    if not data:
        raise InputError(f"{path}: only a header row, no names")
    for number, _cells in data:
        if records:
            check_record(records[number], choice.name_columns, len(first), path)
    queries = [choice.query(cells, number, spec.default_kind, spec.date_order)
               for number, cells in data]
    return queries, choice, tuple(headers)


def read_queries(path: str | Path, spec: ColumnSpec | None = None, **options: Any) -> InputFile:
    """Read the names to screen from ``path`` as ``spec`` says (format from ``spec.fmt`` or
    the suffix/content; ``spec.encoding`` forces the codec of a text file, else it is
    detected: :mod:`decoding`).  ``options``: the fields of a :class:`ColumnSpec`, as a
    shorthand for ``spec=ColumnSpec(**options)``."""
    spec = spec or ColumnSpec(**options)
    fmt, encoding, sheet = spec.fmt, spec.encoding, spec.sheet
    path = Path(path)
    suffix = path.suffix.lower()
    data = _read_bytes(path, workbook=(fmt or "").lower() == "xlsx" or suffix in XLSX_SUFFIXES)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InputError(f"{path}: the file is empty")
    kind = (fmt or "").lower() or (
        "xlsx"
        if suffix in XLSX_SUFFIXES or (data.startswith(b"PK\x03\x04") and suffix != ".csv")
        else "txt"
        if suffix in TEXT_SUFFIXES
        else "csv"
    )
    if kind == "xlsx":
        if encoding is not None:
            raise InputError(f"{path}: --encoding only applies to text files (CSV, TSV, TXT)")
        encrypted = encrypted_workbook_message(data, path)
        if encrypted:
            raise InputError(encrypted)
        if suffix in (".xls",) or data.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError(f"{path}: old binary .xls workbooks are not read; save as .xlsx")
        title, raw = _xlsx_rows(path, sheet)
        queries, choice, headers = _table_queries(path, raw, spec)
        return InputFile(path, "xlsx", tuple(queries), sha, None, None, title,
                         choice.has_header, choice.roles, headers, choice=choice)
    if sheet is not None:
        raise InputError(f"{path}: --sheet only applies to XLSX workbooks")
    decoded = _decode(data, path, encoding)
    text, encoding, warning = decoded.text, decoded.encoding, decoded.warning
    if kind == "txt":
        if spec.roles_given:
            raise InputError(f"{path}: a text file has one name per line and no columns")
        queries = [
            Query(name=" ".join(line.split()), kind=spec.default_kind, row=number)
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")
        ]
        if not queries:
            raise InputError(f"{path}: no names (only blank or comment lines)")
        return InputFile(path, "txt", tuple(queries), sha, encoding, has_header=False,
                         encoding_warning=warning)
    delimiter = sniff_delimiter(text, path)
    records = list(csv_records(io.StringIO(text, newline=""), delimiter, path))
    queries, choice, headers = _table_queries(
        path, [(r.line, r.cells) for r in records], spec, {r.line: r for r in records}
    )
    return InputFile(
        path, "csv", tuple(queries), sha, encoding, delimiter, None, choice.has_header,
        choice.roles, headers, warning, choice,
    )
