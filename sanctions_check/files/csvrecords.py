"""CSV records with their line numbers, refusing a quote that swallows the rows after it.

Contract: :func:`csv_records` reads lines (a text stream or any iterable of lines that
keep their line ends, e.g. ``io.StringIO(text, newline="")``) with :mod:`csv` and
yields a :class:`Record` (first line number, cells, which cells held a line break,
last line) for every record that is not entirely blank; cells are read as
:func:`cell_text` reads them (dates ISO, whole floats without ``.0``, whitespace
collapsed).  :func:`sniff_delimiter` finds a decoded file's delimiter among ``, ; TAB |``:
the one that splits every row of the first 64 KiB into the same number (2+) of columns,
else :class:`csv.Sniffer`'s guess (TSV files default to TAB).

An unbalanced quote makes the csv module read every later line into one field: the
rows after it silently disappear (a "clear" for the listed people among them).  So:

* a record (a quoted field with line breaks) may span at most
  :data:`MAX_RECORD_LINES` lines; a longer one raises
  :class:`~sanctions_check.errors.InputError` naming the line where it opened, as soon
  as the limit is passed (the lines are never all held);
* a quoted field still open at the end of the input raises InputError naming the line
  where it opened, and so does a quoted field over several lines whose closing quote is
  followed by text (a stray quote closed by the opening quote of a later field);
* a cell longer than :data:`MAX_CELL_CHARS` characters, or a csv error, raises
  InputError naming the line;
* the readers call :func:`check_record` once the name column is known: a name cut by
  an unquoted delimiter (cells beyond the header when the name is its last column) is
  refused, and (:func:`check_name_cells`) so is a name cell
  over more than :data:`MAX_NAME_LINES` lines, or whose later lines hold the delimiter
  (a quote opened there and closed a few lines below, taking in the rows between),
  raises InputError naming its lines.

``lenient=True`` (sniffing a truncated sample) stops quietly at any of these instead.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from sanctions_check.errors import InputError
from sanctions_check.files.decoding import SNIFF_BYTES

MAX_RECORD_LINES = 10  # a quoted field over more lines is an unbalanced quote, not an address
MAX_CELL_CHARS = 100_000  # one cell longer than this is hostile, not a name list
MAX_NAME_LINES = 2  # a name cell over more lines holds rows taken in by a stray quote
TSV_SUFFIXES = {".tsv", ".tab"}


class Record(NamedTuple):
    """One CSV record: the line it starts on, its cells, and which of them spanned lines."""

    line: int
    cells: list[str]
    broken: tuple[tuple[int, str], ...] = ()  # (index, raw text) of cells with line breaks
    end: int = 0  # the line it ends on
    delimiter: str = ","


def check_name_cells(record: Record, name_columns: Iterable[int | None], path: Path | str) -> None:
    """InputError when a name cell of ``record`` looks like rows taken in by a quote: more
    than :data:`MAX_NAME_LINES` lines, or a line after the first holding the delimiter (a
    row of its own).  One line break in a name (Alt+Enter in Excel) is read as a space."""
    wanted = {i for i in name_columns if i is not None}
    for index, raw in record.broken:
        parts = raw.splitlines()
        if index in wanted and (
            len(parts) > MAX_NAME_LINES or any(record.delimiter in p for p in parts[1:])
        ):
            raise InputError(
                f"{path}: line {record.line}: the name cell runs over lines {record.line}-"
                f"{record.end} and holds what looks like further rows: an unbalanced quote? "
                "(the rows in between would never be screened; fix the quote)"
            )


def check_record(record: Record, name_columns: Iterable[int | None], header_width: int,
                 path: Path | str) -> None:
    """The checks a record gets once its file's name column and header width are known:
    :func:`check_name_cells`; a record over several lines must have as many cells as the
    header (a stray quote merges rows into one of another width); and no text beyond the
    header's last column when that column is the name (``Kim, Jong Sik`` unquoted in a
    comma file would be screened as ``Kim``)."""
    if record.broken:  # (only a cell with a line break can hold rows taken in)
        check_name_cells(record, name_columns, path)
    if record.end > record.line and len(record.cells) != header_width:
        raise InputError(
            f"{path}: line {record.line}: a quoted field opened on this line runs to line "
            f"{record.end}, and the row has {len(record.cells)} cells where the header has "
            f"{header_width}: an unbalanced quote? (the rows in between would be lost)"
        )
    if len(record.cells) <= header_width:
        return  # (no text beyond the header's last column)
    last = max((i for i in name_columns if i is not None), default=-1)
    if last == header_width - 1 and any(record.cells[header_width:]):
        raise InputError(
            f"{path}: line {record.line}: {len(record.cells)} cells where the header has "
            f"{header_width}: a {record.delimiter!r} in the name, unquoted? (the name would be "
            "cut there; quote the name or fix the row)"
        )


class _Runaway(Exception):
    """Raised by :class:`_Lines` when one record passes :data:`MAX_RECORD_LINES`."""


class _Lines:
    """The input's lines, holding those of the record being read (at most the limit)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._it = iter(lines)
        self.count = 0  # lines handed to the csv reader so far
        self.held: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._it)
        self.count += 1
        self.held.append(line)
        if len(self.held) > MAX_RECORD_LINES:
            raise _Runaway
        return line

    def next_record(self) -> list[str]:
        held, self.held = self.held, []
        return held


def _quotes(lines: list[str], delimiter: str, quote: str = '"') -> tuple[bool, bool]:
    """How ``lines`` (one record) use quotes, as the csv module reads them: (still inside a
    quoted field at the end, some closing quote followed by text instead of a delimiter)."""
    start, plain, quoted, closing = 0, 1, 2, 3
    state, stray = start, False
    for ch in "".join(lines):
        if state == quoted:
            if ch == quote:
                state = closing
        elif state == closing:
            # a doubled quote is a quote inside the field; anything else ends the quoting
            if ch == quote:
                state = quoted
            elif ch == delimiter or ch in "\r\n":
                state = start
            else:
                state, stray = plain, True
        elif ch == delimiter or ch in "\r\n":
            state = start
        elif state == start and ch == quote:
            state = quoted
        else:
            state = plain
    return state == quoted, stray


def csv_records(
    text: Iterable[str], delimiter: str, path: Path | str, lenient: bool = False
) -> Iterator[Record]:
    """A :class:`Record` per non-blank record (see the module docstring)."""
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter)
    last: list[str] = []
    start = 1
    try:
        for cells in reader:
            start = lines.count - len(lines.held) + 1
            last = lines.next_record()
            if len(last) > 1 and not lenient and _quotes(last, delimiter)[1]:
                raise InputError(
                    f"{path}: line {start}: a quoted field opened on this line closes on line "
                    f"{lines.count} with text right after the quote: an unbalanced quote? (the "
                    "rows in between would be lost; fix the quote)"
                )
            if cells and max(map(len, cells)) > MAX_CELL_CHARS:
                size = next(len(c) for c in cells if len(c) > MAX_CELL_CHARS)
                raise InputError(
                    f"{path}: line {start} has a cell of {size:,} characters "
                    f"(limit {MAX_CELL_CHARS:,}); not a name list"
                )
            # (per record, the cheapest tests first: the common record has no line break and
            # clean cells, kept as they are, as cell_text keeps them)
            joined = _SEP.join(cells)
            broken = (
                tuple((i, c) for i, c in enumerate(cells) if "\n" in c or "\r" in c)
                if "\n" in joined or "\r" in joined
                else ()
            )
            if not _clean(joined):
                cells = [cell_text(c) for c in cells]
            if any(cells):
                yield Record(start, cells, broken, lines.count, delimiter)
    except _Runaway:
        if lenient:
            return
        opened = lines.count - len(lines.held) + 1
        raise InputError(
            f"{path}: line {opened}: a quoted field opened on this line runs over more than "
            f"{MAX_RECORD_LINES} lines: an unbalanced quote? (every row after it would be "
            "lost; fix or remove the quote)"
        ) from None
    except csv.Error as exc:
        if lenient:
            return
        raise InputError(f"{path}: line {lines.count}: malformed CSV ({exc})") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: line {lines.count + 1}: cannot decode ({exc})") from None
    if last and not lenient and _quotes(last, delimiter)[0]:
        raise InputError(
            f"{path}: line {start}: a quoted field opened on this line is never closed "
            "(it runs to the end of the file, taking every row after it); fix the quote"
        )


__all__ = ["MAX_CELL_CHARS", "MAX_NAME_LINES", "MAX_RECORD_LINES", "Record", "check_name_cells",
           "check_record", "csv_records"]


_SEP = "|"  # joins a record's cells for _clean (a cell may hold it: see there)


def _clean(joined: str) -> bool:
    """Whether each cell of a record joined by ``_SEP`` is already what :func:`cell_text`
    gives for it (printable, no two spaces running, no space at either end).  Never True
    when a cell is not; may be False when all are (a cell holding ``_SEP`` next to a space):
    those cells then go through ``cell_text``, which keeps them."""
    return (
        joined.isprintable()
        and "  " not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and "| " not in joined  # (a cell starting with a space, after the first)
        and " |" not in joined
    )


def cell_text(value: Any) -> str:
    """A cell as plain text: dates ISO, whole floats without ``.0``, whitespace collapsed."""
    if value is None:
        return ""
    if type(value) is str and value.isprintable() and "  " not in value:
        if not value or (value[0] != " " and value[-1] != " "):
            return value  # the common case: already clean
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\x00", "")
    return " ".join(text.split()) if text.strip() else ""


def sniff_delimiter(text: str, path: Path) -> str:
    """The CSV delimiter of a decoded file (see the module docstring)."""
    sample = text[:SNIFF_BYTES]
    default = "\t" if path.suffix.lower() in TSV_SUFFIXES else ","
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        sniffed = None
    # the sniffer guesses from quote patterns and can be fooled by a name such as '";':
    # prefer a delimiter that splits every row of the sample into the same number (2+) of
    # columns, the sniffer's own if it does
    steady = _steady_delimiters(sample, truncated=len(text) > SNIFF_BYTES)
    if steady:
        if sniffed in steady:
            return sniffed
        return max(steady, key=lambda d: (steady[d], d == default))
    if sniffed is not None:
        return sniffed
    first = sample.splitlines()[0] if sample.strip() else ""
    counts = {d: first.count(d) for d in ("\t", ";", ",", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else default


def _steady_delimiters(sample: str, truncated: bool) -> dict[str, int]:
    """Delimiters that split every row of ``sample`` into the same number (2+) of columns,
    with that number (a truncated sample's last row is left out)."""
    out: dict[str, int] = {}
    for d in (",", ";", "\t", "|"):
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=d) if r]
        except csv.Error:
            continue
        if truncated:
            rows = rows[:-1]
        widths = {len(r) for r in rows}
        if len(widths) == 1 and (width := widths.pop()) > 1:
            out[d] = width
    return out
