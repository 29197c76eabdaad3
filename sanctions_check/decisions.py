"""Carry reviewer decisions forward from earlier review workbooks.

Contract:

* :func:`read_decisions` reads every decided row (Decision other than Pending)
  from the review sheets (Hits, Previously cleared; a watch report's New hits,
  Open hits) of one or more review workbooks written by
  :mod:`sanctions_check.workbook` or ``watch``, as frozen :class:`Decision` records
  keyed by (normalised input name, reference number), together with the list
  entry as it was when decided (version, last-updated dates, all names, from the
  hidden columns).  A workbook that cannot be read fully (not a workbook, missing
  Hits sheet or columns, a review sheet renamed (another sheet with a Decision
  column), a column there twice, a formula cell without a computed value, an
  unknown decision value, a decided row without a reference number) raises
  :class:`~sanctions_check.errors.InputError` naming the file, sheet, row and
  column: decisions are never half-used.  Formula cells count by their computed
  value; reference numbers are read in the list's form (``kpi. 066`` -> ``KPi.066``).  Later files win over earlier ones for the same key; within
  one file the most cautious decision wins.
* :func:`assess` matches a :class:`~sanctions_check.screening.ScreeningResult`
  against those decisions and returns an :class:`Outcome` per (row index,
  reference number): False positive -> pre-filled and ``cleared`` (the workbook
  moves it to Previously cleared); True match / Escalated -> pre-filled and kept
  in Hits; an entry amended since the decision (new version, new names, new
  last-updated date) -> re-opened as Pending with the reason in the history.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.entries import Entry
from sanctions_check.errors import InputError
from sanctions_check.inputs import open_xlsx
from sanctions_check.screening import ScreeningResult, name_normaliser
from sanctions_check.workbook import (
    CLEARED_SHEET,
    DECISION_CHOICES,
    ESCALATED,
    FALSE_POSITIVE,
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
    TRUE_MATCH,
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


@dataclass(frozen=True)
class Outcome:
    """What a carried decision means for a hit of this run."""

    decision: str
    reviewer: str | None
    notes: str | None
    history: str
    cleared: bool  # a False positive still valid: goes to Previously cleared
    reopened: bool  # the entry was amended since the decision: back to Pending
    previous: Decision


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


# Within one workbook two rows can share a key (the same name twice): the more cautious wins.
CAUTION = {TRUE_MATCH: 3, ESCALATED: 2, FALSE_POSITIVE: 1}


def decision_book(decisions: Iterable[Decision]) -> dict[Key, Decision]:
    """One decision per (normalised input name, reference number).

    A later workbook wins over an earlier one; within one workbook the most cautious
    decision wins (True match over Escalated over False positive).
    """
    book: dict[Key, Decision] = {}
    for d in decisions:
        old = book.get(d.key)
        if (
            old is not None
            and old.source == d.source
            and CAUTION.get(old.decision, 0) > CAUTION.get(d.decision, 0)
        ):
            continue
        book[d.key] = d
    return book


def amendments(decision: Decision, entry: Entry) -> list[str]:
    """How ``entry`` changed since ``decision`` was taken (empty if it did not)."""
    reasons = []
    if (
        decision.entry_version is not None
        and entry.version is not None
        and entry.version != decision.entry_version
    ):
        reasons.append(f"list entry version {decision.entry_version} -> {entry.version}")
    if decision.entry_names:
        known = {n.casefold() for n in decision.entry_names}
        new = [n.text for n in entry.names() if n.text.casefold() not in known]
        if new:
            reasons.append("new names: " + ", ".join(new))
    updated = [d.isoformat() for d in entry.last_updated]
    new_dates = [d for d in updated if d not in decision.entry_last_updated]
    if new_dates:
        reasons.append("entry updated on " + ", ".join(new_dates))
    return reasons


def assess(
    result: ScreeningResult,
    book: Mapping[Key, Decision],
    normalise: Callable[[str], str] | None = None,
) -> dict[tuple[int, str], Outcome]:
    """Carried decisions for this run's hits, keyed by (row index, reference number)."""
    outcomes: dict[tuple[int, str], Outcome] = {}
    if not book:
        return outcomes
    for i, row in enumerate(result.rows):
        key = normalise(row.query.name) if normalise else row.key
        for hit in row.hits:
            previous = book.get((key, hit.reference_number))
            if previous is None:
                continue
            reasons = amendments(previous, hit.entry)
            if reasons:
                outcomes[(i, hit.reference_number)] = Outcome(
                    decision=PENDING,
                    reviewer=None,
                    notes=None,
                    history=f"Re-opened: {'; '.join(reasons)}. Was: {previous.describe()}",
                    cleared=False,
                    reopened=True,
                    previous=previous,
                )
            else:
                outcomes[(i, hit.reference_number)] = Outcome(
                    decision=previous.decision,
                    reviewer=previous.reviewer or None,
                    notes=previous.notes or None,
                    history=f"Carried forward: {previous.describe()}",
                    cleared=previous.decision == FALSE_POSITIVE,
                    reopened=False,
                    previous=previous,
                )
    return outcomes


def carried_counts(outcomes: Mapping[Any, Outcome]) -> dict[str, int]:
    counts = {"cleared": 0, "reopened": 0, "carried": 0}
    for o in outcomes.values():
        counts["carried"] += 1
        counts["cleared"] += o.cleared
        counts["reopened"] += o.reopened
    return counts


__all__: Sequence[str] = (
    "Decision",
    "Outcome",
    "amendments",
    "assess",
    "carried_counts",
    "decision_book",
    "read_decisions",
    "read_workbook_decisions",
)
