"""Read reviewer decisions from review workbooks (screening workbooks and watch reports).

Contract: :func:`read_workbook_decisions` reads every decided row (Decision other than
Pending) from the review sheets (Hits, Previously cleared; a watch report's New hits,
Open hits) of one review workbook written by :mod:`sanctions_check.screening.workbook` or
``watch`` as frozen :class:`Decision` records keyed by (normalised input name,
reference number), with the list entry as it was when decided (version, last-updated
dates, all names, from the hidden columns); :func:`read_decisions` reads several.  A
workbook that cannot be read fully raises :class:`~sanctions_check.errors.InputError`
naming the file, sheet, row and column: not a workbook, a missing Hits sheet or
column, a review sheet renamed (another sheet with a Decision column), Previously
cleared without Hits, a column there twice, a formula cell without a computed value,
an unknown decision value, a decided row without a reference number.  Formula cells
count by their computed value; reference numbers are read in the list's form
(``kpi. 066`` -> ``KPi.066``).  Carrying the decisions forward is
:mod:`sanctions_check.screening.decisions`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.screening.inputs import open_xlsx
from sanctions_check.screening.run import name_normaliser
from sanctions_check.screening.workbook import (
    CLEARED_SHEET,
    DECISION_CHOICES,
    H_DECISION,
    H_ENTRY_NAMES,
    H_ENTRY_UPDATED,
    H_ENTRY_VERSION,
    H_INPUT_NAME,
    H_NOTES,
    H_REFERENCE,
    H_REVIEWER,
    HITS_SHEET,
    PENDING,
)

log = logging.getLogger(__name__)

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
_CHOICES = {c.casefold(): c for c in DECISION_CHOICES}

Key = tuple[str, str]  # (normalised input name, reference number)

#: Sheets decisions are read from: the screening workbook's and the watch report's.
REVIEW_SHEETS = (HITS_SHEET, CLEARED_SHEET, "New hits", "Open hits")
#: (main sheet, its companion): the companion without the main sheet means the main one
#: was renamed or deleted.
SHEET_GROUPS = ((HITS_SHEET, CLEARED_SHEET), ("New hits", "Open hits"))
_REFERENCE = re.compile(r"([A-Za-z]{2})([A-Za-z])\.(\d+)")


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

    @property
    def key(self) -> Key:
        return (self.name_key, self.reference_number)

    def describe(self) -> str:
        who = f" by {self.reviewer}" if self.reviewer else ""
        notes = f" ({self.notes})" if self.notes else ""
        return f"{self.decision}{who}{notes} in {Path(self.source).name} row {self.row}"


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


def canonical_reference(text: str) -> str:
    """A reference number as the list writes it (``KPi.066``), whatever the case and spaces
    a reviewer typed; text of another shape is kept, without its spaces."""
    compact = "".join(text.split())
    match = _REFERENCE.fullmatch(compact)
    if match is None:
        return compact
    return f"{match[1].upper()}{match[2].lower()}.{match[3]}"


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
    for h in REQUIRED_HEADERS:
        where = [get_column_letter(i + 1) for i, n in enumerate(names) if n == h]
        if len(where) > 1:
            raise InputError(
                f"{path}: sheet {title!r} has {len(where)} {h!r} columns "
                f"({', '.join(where)}); keep one"
            )
    return {h: names.index(h) for h in REQUIRED_HEADERS}


def _read_sheet(
    path: Path, ws: Any, formulas: Any, normalise: Callable[[str], str]
) -> list[Decision]:
    """Decided rows of one sheet; ``formulas`` is the same sheet read with its formulas,
    so that a formula cell Excel never computed is an error, not an empty cell."""
    from openpyxl.utils import get_column_letter

    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise InputError(f"{path}: sheet {ws.title!r} is empty (no header row)")
    col = _columns(path, ws.title, header)
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
            return values[col[h]]

        raw = _text(get(H_DECISION))
        if not raw:
            continue
        decision = _CHOICES.get(raw.casefold())
        if decision is None:
            raise InputError(
                f"{where}: unknown decision {raw!r} (use {', '.join(DECISION_CHOICES)})"
            )
        if decision == PENDING:
            continue
        ref = canonical_reference(_text(get(H_REFERENCE)))
        name = _text(get(H_INPUT_NAME))
        if not ref:
            raise InputError(f"{where}: decision {decision!r} without a reference number")
        out.append(
            Decision(
                input_name=name,
                name_key=normalise(name),
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
            )
        )
    return out


def _check_sheets(path: Path, wb: Any, sheets: Sequence[str]) -> list[str]:
    """The review sheets to read; InputError for a review sheet renamed or missing (its
    decisions would be dropped without a word)."""
    found = [title for title in sheets if title in wb.sheetnames]
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
    if not found:
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
    Previously cleared without Hits (Open hits without New hits), or another sheet
    with a Decision column (a renamed review sheet), is an error.
    """
    path = Path(path)
    normalise = normalise or name_normaliser()
    if not path.is_file():
        raise InputError(f"{path}: no such decisions workbook")
    wb = open_xlsx(path, "review workbook", data_only=True)
    formulas = open_xlsx(path, "review workbook", data_only=False)
    try:
        out: list[Decision] = []
        for title in _check_sheets(path, wb, sheets):
            try:
                out.extend(_read_sheet(path, wb[title], formulas[title], normalise))
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
    "REQUIRED_HEADERS",
    "REVIEW_SHEETS",
    "Decision",
    "Key",
    "canonical_reference",
    "read_decisions",
    "read_workbook_decisions",
)
