"""Read reviewer decisions from review workbooks (screening workbooks and watch reports).

Contract: :func:`read_workbook_decisions` reads every decided row (Decision other than
Pending) from the review sheets (Hits, Previously cleared; a watch report's New hits,
Open hits) of one review workbook written by :mod:`sanctions_check.screening.workbook` or
``watch``, every row of its Manual hits sheet (a hit the reviewer added; no Decision
means Escalated) and the rows of its Decision history sheet that were carried without
applying to that run (record not screened, or changed), as frozen :class:`Decision`
records keyed by (record key, reference number) (:mod:`sanctions_check.screening.recordkeys`:
the hidden Record key column, else the Record ID, else the normalised input name, DOB
and nationality), with the reason code, decision date, the list version decided on
(the hidden List sha256 column, else the Summary's) and the list entry as it was
(version, last-updated dates, all names, from the hidden columns); older workbooks
without the new columns read as before.  :func:`read_decisions` reads several.  A
workbook that cannot be read fully raises :class:`~sanctions_check.errors.InputError`
naming the file, sheet, row and column: not a workbook, a missing Hits sheet or
column, a review sheet renamed (another sheet with a Decision column), Previously
cleared without Hits, a column there twice, a formula cell without a computed value,
an unknown decision or reason value, a decided row without a reference number.  Formula cells
count by their computed value; reference numbers are read in the list's form
(``kpi. 066`` -> ``KPi.066``).  Carrying the decisions forward is
:mod:`sanctions_check.screening.decisions`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.files.tableinput import open_xlsx
from sanctions_check.lists.records import canonical_reference
from sanctions_check.screening.decisionsheets import (
    H_ORIGIN,
    H_STATUS,
    HISTORY_SHEET,
    MANUAL_SHEET,
    is_carried,
)
from sanctions_check.screening.recordkeys import record_key
from sanctions_check.screening.run import name_normaliser
from sanctions_check.screening.sheetrows import (
    CLEARED_SHEET,
    H_ENTRY_NAMES,
    H_ENTRY_UPDATED,
    H_ENTRY_VERSION,
    H_INPUT_DOB,
    H_INPUT_NAME,
    H_INPUT_NATIONALITY,
    H_LIST_SHA256,
    H_RECORD_ID,
    H_RECORD_KEY,
    H_REFERENCE,
    HITS_SHEET,
)
from sanctions_check.screening.workbook import (
    DECISION_CHOICES,
    ESCALATED,
    H_DECISION,
    H_DECISION_DATE,
    H_NOTES,
    H_REASON,
    H_REVIEWER,
    PENDING,
    REASON_CHOICES,
    SUMMARY_SHEET,
)

log = lazy_logger(__name__)

REQUIRED_HEADERS = (
    H_INPUT_NAME,
    H_REFERENCE,
    H_DECISION,
    H_REVIEWER,
    H_NOTES,
    H_ENTRY_VERSION,
    H_ENTRY_UPDATED,
    H_ENTRY_NAMES,
)
#: Read when present (workbooks written before they existed lack them).
OPTIONAL_HEADERS = (H_RECORD_ID, H_RECORD_KEY, H_INPUT_DOB, H_INPUT_NATIONALITY, H_REASON,
                    H_DECISION_DATE, H_LIST_SHA256, H_STATUS, H_ORIGIN)
_CHOICES = {c.casefold(): c for c in DECISION_CHOICES}
_REASONS = {c.casefold(): c for c in REASON_CHOICES}

Key = tuple[str, str]  # (record key, reference number)

#: Sheets decisions are read from: the screening workbook's and the watch report's
#: (one of these must be there), then Manual hits and Decision history when present.
REVIEW_SHEETS = (HITS_SHEET, CLEARED_SHEET, "New hits", "Open hits")
EXTRA_SHEETS = (MANUAL_SHEET, HISTORY_SHEET)
#: (main sheet, its companion): the companion without the main sheet means the main one
#: was renamed or deleted.
SHEET_GROUPS = (
    (HITS_SHEET, CLEARED_SHEET),
    (HITS_SHEET, MANUAL_SHEET),
    (HITS_SHEET, HISTORY_SHEET),
    ("New hits", "Open hits"),
)


@dataclass(frozen=True)
class Decision:
    """One reviewer decision read from a review workbook."""

    input_name: str
    name_key: str
    reference_number: str
    decision: str  # one of DECISION_CHOICES except Pending
    reviewer: str
    notes: str
    entry_version: int | None  # the list entry's VERSIONNUM when decided
    entry_last_updated: tuple[str, ...]  # ISO dates
    entry_names: tuple[str, ...]
    source: str  # workbook file
    sheet: str
    row: int
    record_key: str = ""  # empty: the name key alone (a Decision built by hand)
    record_id: str = ""
    input_dob: str = ""
    input_nationality: str = ""
    reason: str = ""  # one of REASON_CHOICES, or empty
    decision_date: str = ""  # as the reviewer gave it (ISO when a date cell)
    list_sha256: str = ""  # the list version the decision was taken on
    manual: bool = False  # a hit the reviewer added (Manual hits sheet)
    origin: str = ""  # where it was first decided, for one carried via Decision history

    @property
    def key(self) -> Key:
        return (self.record_key or self.name_key, self.reference_number)

    @property
    def where(self) -> str:
        """Where the decision was taken: ``review-1.xlsx Hits row 5``."""
        return self.origin or f"{Path(self.source).name} {self.sheet} row {self.row}"

    def describe(self) -> str:
        who = f" by {self.reviewer}" if self.reviewer else ""
        reason = f" [{self.reason}]" if self.reason else ""
        notes = f" ({self.notes})" if self.notes else ""
        when = f" on {self.decision_date}" if self.decision_date else ""
        where = self.origin or f"{Path(self.source).name} row {self.row}"
        return f"{self.decision}{who}{reason}{notes}{when} in {where}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


def _split(value: Any, sep: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _text(value).split(sep) if p.strip())


def _version(value: Any, where: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        raise InputError(f"{where}: entry version {text!r} is not a number") from None


def _columns(path: Path, title: str, header: Sequence[Any]) -> dict[str, int]:
    """Where each required header is; InputError when one is missing or there twice."""
    from openpyxl.utils import get_column_letter

    names = [_text(h) for h in header]
    missing = [h for h in REQUIRED_HEADERS if h not in names]
    if missing:
        raise InputError(
            f"{path}: sheet {title!r} lacks the column(s) {', '.join(map(repr, missing))}; "
            "not a sanctions-check review workbook"
        )
    wanted = [*REQUIRED_HEADERS, *(h for h in OPTIONAL_HEADERS if h in names)]
    for h in wanted:
        where = [get_column_letter(i + 1) for i, n in enumerate(names) if n == h]
        if len(where) > 1:
            raise InputError(
                f"{path}: sheet {title!r} has {len(where)} {h!r} columns "
                f"({', '.join(where)}); keep one"
            )
    return {h: names.index(h) for h in wanted}


def _reason(raw: str, where: str) -> str:
    if not raw:
        return ""
    reason = _REASONS.get(raw.casefold())
    if reason is None:
        raise InputError(f"{where}: unknown reason {raw!r} (use {', '.join(REASON_CHOICES)})")
    return reason


def _read_sheet(
    path: Path, ws: Any, formulas: Any, normalise: Callable[[str], str], list_sha256: str = ""
) -> list[Decision]:
    """Decided rows of one sheet; ``formulas`` is the same sheet read with its formulas,
    so that a formula cell Excel never computed is an error, not an empty cell."""
    from openpyxl.utils import get_column_letter

    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise InputError(f"{path}: sheet {ws.title!r} is empty (no header row)")
    col = _columns(path, ws.title, header)
    if ws.title == HISTORY_SHEET and H_STATUS not in col:
        raise InputError(f"{path}: sheet {ws.title!r} lacks the column {H_STATUS!r}; its "
                         "decisions not applied in that run would be lost")
    typed = formulas.iter_rows()
    next(typed, None)
    out = []
    for number, (values, cells) in enumerate(
        itertools.zip_longest(rows, typed, fillvalue=()), start=2
    ):
        values = list(values) + [None] * (len(header) - len(values))
        where = f"{path}: sheet {ws.title!r} row {number}"
        for h, i in col.items():
            cell = cells[i] if i < len(cells) else None
            if values[i] is None and getattr(cell, "data_type", None) == "f":
                raise InputError(
                    f"{where} column {get_column_letter(i + 1)} ({h}): a formula "
                    f"({cell.value!r}) without a computed value; open and save the workbook "
                    "in Excel or LibreOffice, or type the value"
                )

        def get(h: str, values: list[Any] = values) -> Any:
            return values[col[h]] if h in col else None

        decision = _decision(ws.title, _text(get(H_DECISION)), get, where)
        if decision is None:
            continue
        if ws.title == HISTORY_SHEET and not is_carried(_text(get(H_STATUS)), where):
            continue  # applied, re-opened or superseded in that run: its sheets hold the rest
        ref = canonical_reference(_text(get(H_REFERENCE)))
        name = _text(get(H_INPUT_NAME))
        if not ref:
            raise InputError(f"{where}: decision {decision!r} without a reference number")
        name_key = normalise(name)
        dob, nationality = _text(get(H_INPUT_DOB)), _text(get(H_INPUT_NATIONALITY))
        record_id = _text(get(H_RECORD_ID))
        if not (name_key or record_id):
            raise InputError(f"{where}: decision {decision!r} without an input name or record ID")
        out.append(
            Decision(
                input_name=name,
                name_key=name_key,
                reference_number=ref,
                decision=decision,
                reviewer=_text(get(H_REVIEWER)),
                notes=_text(get(H_NOTES)),
                entry_version=_version(get(H_ENTRY_VERSION), where),
                entry_last_updated=_split(get(H_ENTRY_UPDATED), ";"),
                entry_names=_split(get(H_ENTRY_NAMES), "|"),
                source=str(path),
                sheet=ws.title,
                row=number,
                record_key=_text(get(H_RECORD_KEY))
                or record_key(name_key, dob, nationality, record_id),
                record_id=record_id,
                input_dob=dob,
                input_nationality=nationality,
                reason=_reason(_text(get(H_REASON)), where),
                decision_date=_text(get(H_DECISION_DATE)),
                list_sha256=_text(get(H_LIST_SHA256)) or list_sha256,
                manual=ws.title == MANUAL_SHEET,
                origin=_text(get(H_ORIGIN)) if ws.title == HISTORY_SHEET else "",
            )
        )
    return out


def _decision(title: str, raw: str, get: Callable[[str], Any], where: str) -> str | None:
    """The decision of a row, None for an undecided (or, on Manual hits, empty) row."""
    if not raw and title == MANUAL_SHEET:
        # a hit the reviewer added without a decision is one to look at: Escalated
        filled = any(_text(get(h)) for h in (H_REFERENCE, H_INPUT_NAME, H_RECORD_ID))
        return ESCALATED if filled else None
    if not raw:
        return None
    decision = _CHOICES.get(raw.casefold())
    if decision is None:
        raise InputError(f"{where}: unknown decision {raw!r} (use {', '.join(DECISION_CHOICES)})")
    return None if decision == PENDING else decision


def _summary_sha256(wb: Any) -> str:
    """The list sha256 on the Summary sheet ("" when there is none)."""
    if SUMMARY_SHEET not in wb.sheetnames:
        return ""
    for row in wb[SUMMARY_SHEET].iter_rows(max_col=2, values_only=True):
        if row and _text(row[0]) == H_LIST_SHA256:
            return _text(row[1] if len(row) > 1 else "")
    return ""


def _check_sheets(path: Path, wb: Any, sheets: Sequence[str]) -> list[str]:
    """The review sheets to read; InputError for a review sheet renamed or missing (its
    decisions would be dropped without a word)."""
    found = [title for title in (*sheets, *EXTRA_SHEETS) if title in wb.sheetnames]
    for title in wb.sheetnames:
        if title in found:
            continue
        header = next(wb[title].iter_rows(max_row=1, values_only=True), ())
        if H_DECISION in [_text(h) for h in header]:
            raise InputError(
                f"{path}: sheet {title!r} has a {H_DECISION!r} column but is not one of the "
                f"review sheets ({', '.join(map(repr, sheets))}); rename it back, or its "
                "decisions would be lost"
            )
    if not set(found) & set(sheets):
        raise InputError(
            f"{path}: no {' / '.join(map(repr, sheets))} sheet; "
            "not a sanctions-check review workbook"
        )
    for main, companion in SHEET_GROUPS:
        if companion in found and main not in found:
            raise InputError(
                f"{path}: has a {companion!r} sheet but no {main!r} sheet (renamed or "
                "deleted?); its decisions would be lost"
            )
    return found


def read_workbook_decisions(
    path: str | Path,
    normalise: Callable[[str], str] | None = None,
    sheets: Sequence[str] = REVIEW_SHEETS,
) -> list[Decision]:
    """Every decided row of one review workbook; InputError if it cannot be read fully.

    Reads whichever of ``sheets`` the workbook has (screening: Hits, Previously
    cleared; watch reports: New hits, Open hits); at least one must be there, and
    Previously cleared, Manual hits or Decision history without Hits (Open hits without
    New hits), or another sheet with a Decision column (a renamed review sheet), is an
    error.  Manual hits and Decision history are read when present.
    """
    path = Path(path)
    normalise = normalise or name_normaliser()
    if not path.is_file():
        raise InputError(f"{path}: no such decisions workbook")
    wb = open_xlsx(path, "review workbook", data_only=True)
    formulas = open_xlsx(path, "review workbook", data_only=False)
    try:
        out: list[Decision] = []
        sha = _summary_sha256(wb)
        for title in _check_sheets(path, wb, sheets):
            try:
                out.extend(_read_sheet(path, wb[title], formulas[title], normalise, sha))
            except InputError:
                raise
            except Exception as exc:
                raise InputError(
                    f"{path}: sheet {title!r} cannot be read ({type(exc).__name__}: {exc})"
                ) from None
        return out
    finally:
        wb.close()
        formulas.close()


def read_decisions(
    paths: Iterable[str | Path], normalise: Callable[[str], str] | None = None
) -> list[Decision]:
    """Every decided row of every workbook, in the order given (later files win)."""
    out: list[Decision] = []
    for path in paths:
        found = read_workbook_decisions(path, normalise)
        log.info("%s: %d decisions", path, len(found))
        out.extend(found)
    return out


__all__: Sequence[str] = (
    "EXTRA_SHEETS",
    "OPTIONAL_HEADERS",
    "REQUIRED_HEADERS",
    "REVIEW_SHEETS",
    "Decision",
    "Key",
    "canonical_reference",
    "read_decisions",
    "read_workbook_decisions",
)
