"""Write tables (CSV, JSON, JSON-lines, XLSX) atomically and safely for spreadsheets.

Contract: :func:`write_table` takes column names, rows (dicts) and optional run
metadata and writes them in the format named by the file suffix.  Text that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab
or carriage return; names and news text are attacker-controlled) is neutralised:
in CSV it is prefixed with an apostrophe, in XLSX it is stored as a text cell.
Every file is written through :mod:`sanctions_check.files.atomic`.

Richer review workbooks (bands, colour scales, reviewer columns) live in
:mod:`sanctions_check.screening.workbook`; this module is the plain tabular layer.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.atomic import atomic_path, atomic_write_text
from sanctions_check.files.lazy import lazy_logger

log = lazy_logger(__name__)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "json", "jsonl", "xlsx")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_writer(fh: Any) -> Any:
    """A csv writer that keeps any text in one cell: RFC 4180 CRLF rows, so fields holding
    a lone carriage return are quoted too (with "\n" rows the csv module leaves them bare)."""
    return csv.writer(fh, lineterminator="\r\n")


def csv_safe(value: Any) -> Any:
    """Neutralise formula-like text for CSV consumers (OWASP: prefix an apostrophe)."""
    if is_formula_like(value):
        return "'" + value
    return value


def set_cell(cell: Any, value: Any) -> None:
    """Set an openpyxl cell so that text is never interpreted as a formula."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value


def json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def table_format(path: str | Path, fmt: str | None = None) -> str:
    """The output format for ``path`` (from ``fmt`` or its suffix); InputError if unknown."""
    name = (fmt or Path(path).suffix.lstrip(".")).lower()
    if name == "ndjson":
        name = "jsonl"
    if name not in FORMATS:
        raise InputError(
            f"{path}: unknown output format {name!r} (use .csv, .json, .jsonl or .xlsx)"
        )
    return name


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


@contextmanager
def xlsx_write_errors() -> Iterator[None]:
    """lxml's serialisation errors (a full disk, a file-size limit) raised inside as the
    OSError they stand for, like any other failed write.  A write-only workbook writes
    its rows as they are appended, so it wraps the whole writing, not only the save."""
    from lxml.etree import SerialisationError

    try:
        yield
    except SerialisationError as exc:
        name = re.search(r"IO_(E[A-Z0-9]+)", str(exc))  # e.g. IO_EFBIG, IO_ENOSPC
        code = getattr(errno, name.group(1), errno.EIO) if name else errno.EIO
        raise OSError(code, f"{os.strerror(code)} ({exc})") from None


def discard_workbook(wb: Any) -> None:
    """Close the sheets of a write-only workbook that will not be saved (its write failed).

    Each write-only sheet holds open generators and a temporary file of openpyxl's: left to
    the garbage collector, the generators fail noisily ("Exception ignored") and the file
    stays until the process exits.  Closing them here is quiet and removes the files."""
    for ws in getattr(wb, "worksheets", ()):
        writer = getattr(ws, "_writer", None)
        for generator in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            if generator is not None:
                try:
                    generator.close()
                except Exception:  # an element left half-written: nothing to keep
                    log.debug("write-only sheet %r closed after a failure", ws.title)
        if writer is not None:
            try:
                writer.cleanup()
            except (OSError, ValueError):
                pass  # never created, or already removed


def save_xlsx(wb: Any, target: Path) -> None:
    """``wb.save(target)``, errors as :func:`xlsx_write_errors` raises them."""
    with xlsx_write_errors():
        wb.save(target)


def write_table(
    path: str | Path,
    columns: Sequence[str],
    rows: Iterable[Mapping[str, Any]],
    meta: Mapping[str, Any] | None = None,
    fmt: str | None = None,
    sheet_title: str = "Rows",
) -> int:
    """Write ``rows`` to ``path``; returns the number of rows written.

    JSON is ``{"meta": meta, "rows": [...]}`` when ``meta`` is given, else a list.
    JSON-lines has one row object per line.  XLSX has the rows on ``sheet_title``
    and ``meta`` on a second sheet "Run".  CSV has only the rows.
    """
    kind = table_format(path, fmt)
    rows = [{c: row.get(c) for c in columns} for row in rows]
    if kind == "csv":
        buf = io.StringIO()
        writer = csv_writer(buf)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else csv_safe(_plain(row[c])) for c in columns])
        atomic_write_text(path, buf.getvalue())
    elif kind == "json":
        doc: Any = {"meta": dict(meta), "rows": rows} if meta is not None else rows
        atomic_write_text(path, json.dumps(doc, ensure_ascii=False, indent=2, default=json_default))
    elif kind == "jsonl":
        lines = [json.dumps(r, ensure_ascii=False, default=json_default) for r in rows]
        atomic_write_text(path, "".join(line + "\n" for line in lines))
    else:
        _write_xlsx(path, columns, rows, meta, sheet_title)
    return len(rows)


def _write_xlsx(
    path: str | Path,
    columns: Sequence[str],
    rows: list[dict[str, Any]],
    meta: Mapping[str, Any] | None,
    sheet_title: str,
) -> None:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.append(list(columns))
    for r, row in enumerate(rows, start=2):
        for c, col in enumerate(columns, start=1):
            set_cell(ws.cell(row=r, column=c), _plain(row[col]))
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    for c, col in enumerate(columns, start=1):
        width = max([len(str(col))] + [len(str(_plain(r[col]) or "")) for r in rows[:200]])
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    if meta is not None:
        run = wb.create_sheet("Run")
        for key, value in meta.items():
            run.append([key])
            set_cell(run.cell(row=run.max_row, column=2), _plain(value))
        run.column_dimensions["A"].width = 24
        run.column_dimensions["B"].width = 80
    with atomic_path(path) as tmp:
        save_xlsx(wb, tmp)
