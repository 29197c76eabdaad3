"""Excel review workbooks: a generic review-sheet writer and the screening workbook.

Contract:

* :func:`write_workbook` writes a workbook from a Summary (key / value pairs) and
  :class:`Sheet` specs (title, :class:`Column` list, row dicts); plain
  ``(title, columns, rows)`` tuples are accepted too.  Every sheet gets a frozen,
  bold header row, an auto-filter, readable widths, wrapped long text, real dates
  and numbers, a colour scale on ``score`` columns, a fill on ``band`` columns and
  a drop-down on ``choices`` columns (the Decision column).  Text is always stored
  as text (never a formula: names and news are attacker-controlled).  The file is
  written atomically.  News, watch and scale reuse this writer with their own
  sheets (e.g. Mentions; New hits / Open hits / Resolved / List changes).
* :func:`write_review_workbook` writes the screening review workbook:
  Summary, Hits (strongest first, reviewer columns Decision / Reviewer / Notes),
  Previously cleared (a hidden sheet with ``hide_cleared``, so the decisions it
  holds still carry forward), Screened (every input row).
  Hidden columns keep what :mod:`sanctions_check.decisions` needs to carry
  decisions forward (entry version, last-updated dates, all names of the entry).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.atomic import atomic_path
from sanctions_check.hits import Hit
from sanctions_check.screening import (
    RowResult,
    ScreeningResult,
    band_order,
    entry_facts,
)
from sanctions_check.tabular import set_cell

PENDING = "Pending"
TRUE_MATCH = "True match"
FALSE_POSITIVE = "False positive"
ESCALATED = "Escalated"
DECISION_CHOICES = (PENDING, TRUE_MATCH, FALSE_POSITIVE, ESCALATED)

SUMMARY_SHEET = "Summary"
HITS_SHEET = "Hits"
CLEARED_SHEET = "Previously cleared"
SCREENED_SHEET = "Screened"

# Headers the decisions reader relies on (keep in step with sanctions_check.decisions).
H_INPUT_NAME = "Input name"
H_REFERENCE = "Reference number"
H_DECISION = "Decision"
H_REVIEWER = "Reviewer"
H_NOTES = "Notes"
H_HISTORY = "Decision history"
H_ENTRY_VERSION = "Entry version"
H_ENTRY_UPDATED = "Entry last updated"
H_ENTRY_NAMES = "Entry names"

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEADER_FILL = "DDEBF7"
BAND_FILLS = ("F8696B", "FFC7CE", "FFEB9C", "EDEDED")  # strongest first
DATE_FORMAT = "yyyy-mm-dd"
MAX_ROW_LINES = 8  # taller rows are clipped; the full text is in the cell


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
    rows: Sequence[Mapping[str, Any]]
    bands: Sequence[str] = ()  # band names strongest first, for band fills
    score_min: float = 50.0  # the colour scale runs from here (pale) to 100 (red)
    hidden: bool = False  # written but hidden (kept for the record / decisions)


def review_columns() -> list[Column]:
    """The reviewer columns every review sheet ends with: Decision, Reviewer, Notes."""
    return [
        Column("decision", H_DECISION, 15, choices=DECISION_CHOICES),
        Column("reviewer", H_REVIEWER, 14),
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


def _write_sheet(ws: Any, sheet: Sheet) -> None:
    from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = list(sheet.columns)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=c)
        set_cell(cell, col.header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    last = len(sheet.rows) + 1
    # Setting a style on every cell is slow in openpyxl (each assignment searches the
    # workbook's style list), so each (column, number format) style is built once and
    # its style array copied to the other cells.
    protos: dict[tuple[int, str], Any] = {}
    for r, row in enumerate(sheet.rows, start=2):
        for c, col in enumerate(columns, start=1):
            cell = ws.cell(row=r, column=c)
            value = _cell_value(row.get(col.key))
            set_cell(cell, value)
            if isinstance(value, dt.datetime):
                fmt = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                fmt = DATE_FORMAT
            elif col.number_format and isinstance(value, int | float):
                fmt = col.number_format
            else:
                fmt = ""
            proto = protos.get((c, fmt))
            if proto is not None:
                cell._style = copy(proto)
                continue
            if fmt:
                cell.number_format = fmt
            cell.alignment = wrap if col.wrap else top
            protos[(c, fmt)] = copy(cell._style)
        ws.row_dimensions[r].height = _row_height(row, columns)
    for c, col in enumerate(columns, start=1):
        letter = get_column_letter(c)
        dim = ws.column_dimensions[letter]
        dim.width = col.width
        dim.hidden = col.hidden
        if sheet.rows and col.score:
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
        if sheet.rows and col.band:
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
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{max(last, 2) + 1000}")
    ws.freeze_panes = "A2"
    _print_setup(ws, landscape=True)
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 1)}"
    ws.row_dimensions[1].height = 30


def _row_height(row: Mapping[str, Any], columns: Sequence[Column]) -> float:
    """Points for a row whose wrapped cells need several lines (Excel does not auto-fit)."""
    lines = 1
    for col in columns:
        if col.wrap and not col.hidden:
            text = str(_cell_value(row.get(col.key)) or "")
            if text:
                per_line = max(int(col.width * 1.15), 1)
                lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))
    return 15.0 * min(lines, MAX_ROW_LINES)


def _print_setup(ws: Any, landscape: bool) -> None:
    """Print (and PDF-convert) one page wide, header row repeated on every page."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if landscape:
        ws.print_title_rows = "1:1"


def _write_summary(ws: Any, items: Sequence[tuple[str, Any]]) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    for r, (key, value) in enumerate(items, start=1):
        set_cell(ws.cell(row=r, column=1), key)
        ws.cell(row=r, column=1).font = bold
        cell = ws.cell(row=r, column=2)
        value = _cell_value(value)
        set_cell(cell, value)
        if isinstance(value, dt.datetime):
            cell.number_format = "yyyy-mm-dd hh:mm:ss"
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        lines = -(-len(str(value or "")) // 88) or 1
        if lines > 1:
            ws.row_dimensions[r].height = 15.0 * min(lines, MAX_ROW_LINES)
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 80
    _print_setup(ws, landscape=False)


def write_workbook(
    path: str | Path,
    sheets: Iterable[Sheet | tuple[Any, ...]],
    summary: Sequence[tuple[str, Any]] | None = None,
    summary_title: str = SUMMARY_SHEET,
) -> Path:
    """Write a review workbook atomically: Summary first (if given), then ``sheets``."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    seen: set[str] = set()
    if summary is not None:
        first.title = safe_title(summary_title)
        seen.add(first.title.casefold())
        _write_summary(first, summary)
    else:
        wb.remove(first)
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
        wb.save(tmp)
    return Path(path)


# --------------------------------------------------------------------------- screening


def hit_columns() -> list[Column]:
    """Columns of the Hits / Previously cleared sheets."""
    return [
        Column("score", "Score", 8, number_format="0.0", score=True),
        Column("band", "Band", 10, band=True),
        Column("input_row", "Input row", 8),
        Column("query", H_INPUT_NAME, 26, wrap=True),
        Column("input_kind", "Input kind", 9),
        Column("input_dob", "Input DOB", 12),
        Column("input_nationality", "Input nationality", 14, wrap=True),
        Column("matched_name", "Matched list name", 28, wrap=True),
        Column("name_type", "Name type", 14),
        Column("reference_number", H_REFERENCE, 13),
        Column("primary_name", "Primary name", 28, wrap=True),
        Column("regime", "Regime", 12),
        Column("listed_on", "Listed on", 12),
        Column("list_dobs", "List dates of birth", 16, wrap=True),
        Column("list_nationality", "List nationality", 18, wrap=True),
        Column("designation", "Designation / title", 36, wrap=True),
        Column("comments", "Comments (excerpt)", 40, wrap=True),
        Column("explanation", "Explanation", 50, wrap=True),
        *review_columns(),
        Column("history", H_HISTORY, 40, wrap=True),
        Column("entry_version", H_ENTRY_VERSION, 8, hidden=True),
        Column("entry_last_updated", H_ENTRY_UPDATED, 12, hidden=True),
        Column("entry_names", H_ENTRY_NAMES, 40, hidden=True),
    ]


def screened_columns() -> list[Column]:
    return [
        Column("input_row", "Input row", 8),
        Column("query", H_INPUT_NAME, 28, wrap=True),
        Column("kind", "Kind", 9),
        Column("dob", "DOB", 12),
        Column("nationality", "Nationality", 16, wrap=True),
        Column("status", "Status", 10),
        Column("best_score", "Best score", 10, number_format="0.0", score=True),
        Column("hits", "Hits", 6),
        Column("best_match", "Best match", 36, wrap=True),
        Column("note", "Note", 40, wrap=True),
    ]


def _dob_cell(text: str | None) -> Any:
    """An input date of birth as a real date (or a year as a number) when it is one."""
    if not text:
        return None
    value = text.strip()
    if re.fullmatch(r"\d{4}", value):
        return int(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return text
    return text


def review_hit_row(result: RowResult, hit: Hit, outcome: Any = None) -> dict[str, Any]:
    """A Hits-sheet row for one (input row, hit), with the carried decision if any."""
    q = result.query
    row: dict[str, Any] = {
        "score": round(float(hit.score), 1),
        "band": hit.band,
        "input_row": q.row,
        "query": q.name,
        "input_kind": q.kind,
        "input_dob": _dob_cell(q.dob),
        "input_nationality": q.nationality,
        "matched_name": hit.matched_name.text,
        "name_type": hit.matched_name.label,
        "reference_number": hit.reference_number,
        "primary_name": hit.primary_name,
        "regime": hit.regime,
        "listed_on": hit.listed_on,
        "explanation": hit.explanation,
        "decision": PENDING,
        **entry_facts(hit.entry),
    }
    if outcome is not None:
        row["decision"] = outcome.decision
        row["reviewer"] = outcome.reviewer
        row["notes"] = outcome.notes
        row["history"] = outcome.history
    return row


def screened_row(result: RowResult) -> dict[str, Any]:
    q = result.query
    best = result.hits[0] if result.hits else None
    note = result.reason
    if result.duplicate_of is not None:
        note = (note + "; " if note else "") + f"same name as row {result.duplicate_of}"
    return {
        "input_row": q.row,
        "query": q.name,
        "kind": q.kind,
        "dob": _dob_cell(q.dob),
        "nationality": q.nationality,
        "status": result.status,
        "best_score": round(result.best_score, 1) if result.best_score is not None else None,
        "hits": len(result.hits),
        "best_match": f"{best.reference_number} {best.matched_name.text}" if best else None,
        "note": note or None,
    }


def summary_items(
    result: ScreeningResult,
    cleared: int = 0,
    reopened: int = 0,
    decision_files: Sequence[str] = (),
    hidden_cleared: bool = False,
) -> list[tuple[str, Any]]:
    """The Summary sheet's rows for a screening run."""
    m = result.meta
    items: list[tuple[str, Any]] = [
        ("Report", "sanctions-check screening review"),
        ("Tool version", f"{m.tool} {m.tool_version}"),
        ("Run at (UTC)", m.run_at),
        ("Screening time (s)", m.duration_seconds),
        ("List dateGenerated", m.list_date_generated),
        ("List sha256", m.list_sha256),
        ("List source", m.list_source),
        ("List age (days)", m.list_age_days),
        ("List entries", m.list_entries),
        ("Input file", Path(m.input_file).name if m.input_file else ""),
        ("Input sha256", m.input_sha256),
        ("Input rows", m.input_rows),
        ("Distinct names screened", m.names_screened),
        ("Algorithm", f"{m.algorithm} {m.algorithm_version}".strip()),
        ("Threshold (min score)", m.min_score),
        ("Default threshold", m.threshold),
        ("Bands", m.bands),
    ]
    for key, value in m.extra.items():
        items.append((str(key).replace("_", " ").capitalize(), value))
    counts = result.status_counts()
    items.append(("Rows with hits", counts["hit"]))
    items.append(("Rows clear", counts["clear"]))
    items.append(("Rows not screened (unusable)", counts["unusable"]))
    for reason, n in sorted(result.unusable_reasons().items()):
        items.append((f"  unusable: {reason}", n))
    bands = result.band_counts()
    order = band_order(m.bands) or sorted(bands)
    for i, band in enumerate(order):
        if bands.get(band) or i < len(order) - 1:  # the lowest band only when it has hits
            items.append((f"Hits in band {band}", bands.get(band, 0)))
    for band in sorted(set(bands) - set(band_order(m.bands))):
        items.append((f"Hits in band {band}", bands[band]))
    if decision_files:
        items.append(("Decisions carried from", "; ".join(decision_files)))
        label = "Previously cleared (hidden)" if hidden_cleared else "Previously cleared"
        items.append((label, cleared))
        items.append(("Re-opened (entry amended)", reopened))
    return items


def review_sheets(
    result: ScreeningResult,
    outcomes: Mapping[tuple[int, str], Any] | None = None,
    hide_cleared: bool = False,
) -> tuple[list[Sheet], int, int]:
    """Hits, Previously cleared and Screened sheets; also (cleared, reopened) counts.

    ``outcomes`` maps (index of the row in ``result.rows``, reference number) to a
    carried decision with ``decision``, ``reviewer``, ``notes``, ``history``,
    ``cleared`` and ``reopened`` attributes (see :mod:`sanctions_check.decisions`).
    """
    outcomes = outcomes or {}
    index = {id(r): i for i, r in enumerate(result.rows)}
    hits, cleared = [], []
    reopened = 0
    for row, hit in result.hit_pairs():
        outcome = outcomes.get((index[id(row)], hit.reference_number))
        data = review_hit_row(row, hit, outcome)
        if outcome is not None and getattr(outcome, "reopened", False):
            reopened += 1
        if outcome is not None and getattr(outcome, "cleared", False):
            cleared.append(data)
        else:
            hits.append(data)
    bands = band_order(result.meta.bands)
    score_min = min(50.0, result.meta.min_score)
    sheets = [
        Sheet(HITS_SHEET, hit_columns(), hits, bands, score_min),
        # with hide_cleared the sheet is hidden, not dropped: its decisions must carry on
        Sheet(CLEARED_SHEET, hit_columns(), cleared, bands, score_min, hidden=hide_cleared),
    ]
    sheets.append(Sheet(SCREENED_SHEET, screened_columns(), [screened_row(r) for r in result.rows]))
    return sheets, len(cleared), reopened


def write_review_workbook(
    path: str | Path,
    result: ScreeningResult,
    outcomes: Mapping[tuple[int, str], Any] | None = None,
    hide_cleared: bool = False,
    decision_files: Sequence[str] = (),
    extra_sheets: Iterable[Sheet | tuple[Any, ...]] = (),
) -> Path:
    """Write the screening review workbook (Summary, Hits, Previously cleared, Screened)."""
    sheets, cleared, reopened = review_sheets(result, outcomes, hide_cleared)
    summary = summary_items(result, cleared, reopened, decision_files, hide_cleared)
    return write_workbook(path, [*sheets, *extra_sheets], summary)
