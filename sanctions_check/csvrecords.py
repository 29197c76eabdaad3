"""CSV records with their line numbers, refusing a quote that swallows the rows after it.

Contract: :func:`csv_records` reads lines (a text stream or any iterable of lines that
keep their line ends, e.g. ``io.StringIO(text, newline="")``) with :mod:`csv` and
yields ``(first line number, cells)`` for every record that is not entirely blank;
cells are read as :func:`sanctions_check.columns.cell_text` reads them.

An unbalanced quote makes the csv module read every later line into one field: the
rows after it silently disappear (a "clear" for the listed people among them).  So:

* a record (a quoted field with line breaks) may span at most
  :data:`MAX_RECORD_LINES` lines; a longer one raises
  :class:`~sanctions_check.errors.InputError` naming the line where it opened, as soon
  as the limit is passed (the lines are never all held);
* a quoted field still open at the end of the input raises InputError naming the line
  where it opened;
* a cell longer than :data:`MAX_CELL_CHARS` characters, or a csv error, raises
  InputError naming the line.

``lenient=True`` (sniffing a truncated sample) stops quietly at any of these instead.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from sanctions_check.columns import cell_text
from sanctions_check.errors import InputError

MAX_RECORD_LINES = 10  # a quoted field over more lines is an unbalanced quote, not an address
MAX_CELL_CHARS = 100_000  # one cell longer than this is hostile, not a name list


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


def _open_quote(lines: list[str], delimiter: str, quote: str = '"') -> bool:
    """True when ``lines`` (one record) end inside a quoted field, as the csv module reads."""
    start, plain, quoted, closing = 0, 1, 2, 3
    state = start
    for ch in "".join(lines):
        if state == quoted:
            if ch == quote:
                state = closing
        elif state == closing:
            # a doubled quote is a quote inside the field; anything else ends the quoting
            state = quoted if ch == quote else (start if ch == delimiter else plain)
        elif ch == delimiter or ch in "\r\n":
            state = start
        elif state == start and ch == quote:
            state = quoted
        else:
            state = plain
    return state == quoted


def csv_records(
    text: Iterable[str], delimiter: str, path: Path | str, lenient: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) per non-blank record (see the module docstring)."""
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delimiter)
    last: list[str] = []
    start = 1
    try:
        for cells in reader:
            start = lines.count - len(lines.held) + 1
            last = lines.next_record()
            for cell in cells:
                if len(cell) > MAX_CELL_CHARS:
                    raise InputError(
                        f"{path}: line {start} has a cell of {len(cell):,} characters "
                        f"(limit {MAX_CELL_CHARS:,}); not a name list"
                    )
            cells = [cell_text(c) for c in cells]
            if any(cells):
                yield start, cells
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
    if last and not lenient and _open_quote(last, delimiter):
        raise InputError(
            f"{path}: line {start}: a quoted field opened on this line is never closed "
            "(it runs to the end of the file, taking every row after it); fix the quote"
        )


__all__ = ["MAX_CELL_CHARS", "MAX_RECORD_LINES", "csv_records"]
