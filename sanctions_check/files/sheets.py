"""Write review workbooks: Summary plus review sheets, safe for hostile text, atomically.

Contract: :func:`write_workbook` writes a workbook from a Summary (key / value
pairs) and :class:`Sheet` specs (title, :class:`Column` list, row dicts); plain
``(title, columns, rows)`` tuples are accepted too.  Every sheet gets a frozen,
bold header row, an auto-filter, readable widths, wrapped long text (with row
heights, since Excel does not auto-fit), real dates and numbers, a colour scale
on ``score`` columns, a fill on ``band`` columns, a drop-down on ``choices``
columns (the Decision and Reason columns of :func:`review_columns`), and prints one page
wide.  Text is always stored as text, never a formula (names and news are
attacker-controlled); characters XLSX cannot hold become U+FFFD.  The workbook is
written in openpyxl's write-only mode (each row goes to the file as it is written, so
memory does not grow with the rows), through :mod:`sanctions_check.files.atomic`.  Screening
(:mod:`sanctions_check.screening.workbook`), news and watch build their sheets on it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sanctions_check.files.atomic import atomic_path
from sanctions_check.files.tabular import discard_workbook, save_xlsx, set_cell, xlsx_write_errors

PENDING = "Pending"
TRUE_MATCH = "True match"
FALSE_POSITIVE = "False positive"
ESCALATED = "Escalated"
DECISION_CHOICES = (PENDING, TRUE_MATCH, FALSE_POSITIVE, ESCALATED)



class Reason(StrEnum):
    """Why a reviewer decided as they did: the Reason column's drop-down (README,
    "Reviewing in Excel").  The values are the labels the workbook shows (no commas:
    they form the drop-down list)."""

    DIFFERENT_DOB = "Different DOB"
    DIFFERENT_NATIONALITY = "Different nationality"
    DIFFERENT_ROLE = "Different person per role"
    PARTIAL_NAME = "Name only partly matches"
    CONFIRMED = "Confirmed true match"
    OTHER = "Other"


REASON_CHOICES = tuple(r.value for r in Reason)

SUMMARY_SHEET = "Summary"
H_DECISION = "Decision"
H_REASON = "Reason"
H_REVIEWER = "Reviewer"
H_DECISION_DATE = "Decision date"
H_NOTES = "Notes"

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADER_FILL = "DDEBF7"
BAND_FILLS = ("F8696B", "FFC7CE", "FFEB9C", "EDEDED")  # strongest first
DATE_FORMAT = "yyyy-mm-dd"
MAX_ROW_LINES = 8  # taller rows are clipped; the full text is in the cell
PAPERSIZE_A4 = "9"  # openpyxl's Worksheet.PAPERSIZE_A4 (write-only sheets lack the constant)


@dataclass(frozen=True)
class Column:
    """One column of a review sheet."""

    key: str  # key in the row dicts
    header: str
    width: float = 14
    wrap: bool = False
    number_format: str | None = None  # e.g. "0.0"; dates get yyyy-mm-dd automatically
    hidden: bool = False
    score: bool = False  # colour scale (0-100)
    band: bool = False  # fill by band name
    choices: tuple[str, ...] = ()  # drop-down list (data validation)


@dataclass(frozen=True)
class Sheet:
    """A sheet to write: title, columns and rows (dicts keyed by ``Column.key``)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Mapping[str, Any]]  # read once, as written (a generator keeps memory flat)
    bands: Sequence[str] = ()  # band names strongest first, for band fills
    score_min: float = 50.0  # the colour scale runs from here (pale) to 100 (red)
    hidden: bool = False  # written but hidden (kept for the record / decisions)


def review_columns() -> list[Column]:
    """The reviewer columns every review sheet ends with: Decision, Reason (drop-downs),
    Reviewer, Decision date, Notes."""
    return [
        Column("decision", H_DECISION, 15, choices=DECISION_CHOICES),
        Column("reason", H_REASON, 22, choices=REASON_CHOICES),
        Column("reviewer", H_REVIEWER, 14),
        Column("decision_date", H_DECISION_DATE, 12),
        Column("notes", H_NOTES, 30, wrap=True),
    ]


def _as_sheet(spec: Sheet | tuple[Any, ...]) -> Sheet:
    if isinstance(spec, Sheet):
        return spec
    title, columns, rows = spec[:3]
    cols = [c if isinstance(c, Column) else Column(str(c), str(c)) for c in columns]
    return Sheet(str(title), cols, list(rows))


def safe_title(title: str) -> str:
    """A valid sheet title (max 31 characters, none of ``[]:*?/\\``)."""
    return re.sub(r"[\[\]:*?/\\]", "-", title).strip("'")[:31] or "Sheet"


def _cell_value(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, str):
        # control characters cannot be stored in XLSX: show them as U+FFFD, never fail
        value = _ILLEGAL.sub("\ufffd", value)
        if len(value) > 32_000:
            return value[:32_000] + "…"
        return value
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.datetime):
        return value
    return str(value)


def _styled(ws: Any, value: Any, proto: Any = None) -> Any:
    """A write-only cell holding ``value`` (text stays text), with ``proto``'s style."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    set_cell(cell, value)
    if proto is not None:
        cell._style = copy(proto)
    return cell


def _append(ws: Any, row: int, cells: list[Any], height: float | None) -> None:
    """Write one row now (write-only: it goes straight to the file), with its height."""
    if height is not None:
        ws.row_dimensions[row].height = height
    ws.append(cells)
    if height is not None:
        del ws.row_dimensions[row]  # written: do not hold one object per row


def _write_sheet(ws: Any, sheet: Sheet) -> None:
    from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = list(sheet.columns)
    # a write-only sheet writes its columns, panes and print setup before the first row
    for c, col in enumerate(columns, start=1):
        dim = ws.column_dimensions[get_column_letter(c)]
        dim.width = col.width
        dim.hidden = col.hidden
    ws.freeze_panes = "A2"
    _print_setup(ws, landscape=True)
    header = []
    for col in columns:
        cell = _styled(ws, col.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    _append(ws, 1, header, 30)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    # Setting a style on every cell is slow in openpyxl (each assignment searches the
    # workbook's style list), so each (column, number format) style is built once and
    # its style array copied to the other cells.
    protos: dict[tuple[int, str], Any] = {}
    last = 1  # rows are counted as they are written: ``sheet.rows`` may be a generator
    for r, row in enumerate(sheet.rows, start=2):
        last = r
        cells = []
        for c, col in enumerate(columns, start=1):
            value = _cell_value(row.get(col.key))
            if isinstance(value, dt.datetime):
                fmt = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                fmt = DATE_FORMAT
            elif col.number_format and isinstance(value, int | float):
                fmt = col.number_format
            else:
                fmt = ""
            proto = protos.get((c, fmt))
            cell = _styled(ws, value, proto)
            if proto is None:
                if fmt:
                    cell.number_format = fmt
                cell.alignment = wrap if col.wrap else top
                protos[(c, fmt)] = copy(cell._style)
            cells.append(cell)
        _append(ws, r, cells, _row_height([cell.value for cell in cells], columns))
    for c, col in enumerate(columns, start=1):
        letter = get_column_letter(c)
        if last > 1 and col.score:
            ws.conditional_formatting.add(
                f"{letter}2:{letter}{last}",
                ColorScaleRule(
                    start_type="num",
                    start_value=sheet.score_min,
                    start_color="FFFFFF",
                    mid_type="num",
                    mid_value=(sheet.score_min + 100) / 2,
                    mid_color="FFD966",
                    end_type="num",
                    end_value=100,
                    end_color="F8696B",
                ),
            )
        if last > 1 and col.band:
            for name, colour in zip(sheet.bands, BAND_FILLS, strict=False):
                ws.conditional_formatting.add(
                    f"{letter}2:{letter}{last}",
                    FormulaRule(
                        formula=[f'${letter}2="{name}"'],
                        fill=PatternFill("solid", fgColor=colour, bgColor=colour),
                    ),
                )
        if col.choices:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(col.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=col.header,
                error="Choose one of: " + ", ".join(col.choices),
                promptTitle=col.header,
                prompt="Choose one of: " + ", ".join(col.choices),
                showInputMessage=True,
            )
            dv.add(f"{letter}2:{letter}{max(last, 2) + 1000}")
            ws.data_validations.append(dv)
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 1)}"


def _row_height(values: Sequence[Any], columns: Sequence[Column]) -> float:
    """Points for a row whose wrapped cells need several lines (Excel does not auto-fit);
    ``values`` are the row's cell values, column by column."""
    lines = 1
    for col, value in zip(columns, values, strict=True):
        if col.wrap and not col.hidden:
            text = str(value or "")
            if text:
                per_line = max(int(col.width * 1.15), 1)
                lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))
    return 15.0 * min(lines, MAX_ROW_LINES)


def _print_setup(ws: Any, landscape: bool) -> None:
    """Print (and PDF-convert) one page wide, header row repeated on every page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if landscape:
        ws.print_title_rows = "1:1"


def _write_summary(ws: Any, items: Sequence[tuple[str, Any]]) -> None:
    from openpyxl.styles import Alignment, Font

    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 80
    _print_setup(ws, landscape=False)
    bold = Font(bold=True)
    for r, (key, value) in enumerate(items, start=1):
        label = _styled(ws, key)
        label.font = bold
        value = _cell_value(value)
        cell = _styled(ws, value)
        if isinstance(value, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm:ss"
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        lines = -(-len(str(value or "")) // 88) or 1
        _append(ws, r, [label, cell], 15.0 * min(lines, MAX_ROW_LINES) if lines > 1 else None)


def write_workbook(
    path: str | Path,
    sheets: Iterable[Sheet | tuple[Any, ...]],
    summary: Sequence[tuple[str, Any]] | None = None,
    summary_title: str = SUMMARY_SHEET,
) -> Path:
    """Write a review workbook atomically: Summary first (if given), then ``sheets``."""
    with xlsx_write_errors():
        return _write_workbook(path, sheets, summary, summary_title)


def _write_workbook(
    path: str | Path,
    sheets: Iterable[Sheet | tuple[Any, ...]],
    summary: Sequence[tuple[str, Any]] | None,
    summary_title: str,
) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)  # rows go to the file as written: memory stays flat
    try:
        return _fill_and_save(wb, path, sheets, summary, summary_title)
    except BaseException:
        discard_workbook(wb)
        raise


def _fill_and_save(
    wb: Any,
    path: str | Path,
    sheets: Iterable[Sheet | tuple[Any, ...]],
    summary: Sequence[tuple[str, Any]] | None,
    summary_title: str,
) -> Path:
    seen: set[str] = set()
    if summary is not None:
        first = wb.create_sheet(safe_title(summary_title))
        seen.add(first.title.casefold())
        _write_summary(first, summary)
    for spec in sheets:
        sheet = _as_sheet(spec)
        title = safe_title(sheet.title)
        n = 2
        while title.casefold() in seen:
            title = safe_title(f"{sheet.title[:27]} ({n})")
            n += 1
        seen.add(title.casefold())
        ws = wb.create_sheet(title)
        _write_sheet(ws, sheet)
        if sheet.hidden:
            ws.sheet_state = "hidden"
    if not wb.worksheets:
        wb.create_sheet("Empty")
    with atomic_path(path) as tmp:
        save_xlsx(wb, tmp)
    return Path(path)
