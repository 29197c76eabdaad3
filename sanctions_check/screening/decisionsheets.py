"""The review workbook's audit sheets: Manual hits and Decision history.

Contract:

* **Manual hits** (:func:`manual_sheet`): hits a reviewer adds that the tool did not
  raise: record (Record ID, or Input name with Input DOB / nationality), Reference
  number, Decision (drop-down; empty means Escalated), Reason (drop-down), Reviewer,
  Decision date, Notes.  :mod:`sanctions_check.screening.decisionread` reads them like any
  decision and the next workbook lists them again (with the input row where the record
  is, the entry's primary name and what happened), so they carry forward.  A new
  workbook has the sheet with its headers and drop-downs, ready for rows.
* **Decision history** (:func:`history_sheet`): every decision read from the earlier
  workbooks, one row each: its :class:`Status` in this run (applied to a hit,
  re-opened, not carried because the record changed, not in this run, superseded by a
  later one, manual hit) with the detail, who decided, when, what and why, and where
  (file, sheet, row).  Rows whose status is in :data:`CARRIED_STATUSES` (decisions
  that did not apply to this run) are read again by the next run, so a decision is
  never dropped because a record was missing from one input file.

Builders take duck-typed decisions (:class:`sanctions_check.screening.decisionread.Decision`)
and log records (:class:`sanctions_check.screening.decisionlog.Carried`); no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.screening.sheetrows import (
    H_HISTORY,
    H_INPUT_DOB,
    H_INPUT_NAME,
    H_INPUT_NATIONALITY,
    H_RECORD_ID,
    H_REFERENCE,
    decision_support_columns,
)
from sanctions_check.screening.workbook import (
    DECISION_CHOICES,
    H_DECISION,
    H_DECISION_DATE,
    H_NOTES,
    H_REASON,
    H_REVIEWER,
    REASON_CHOICES,
    Column,
    Sheet,
)

MANUAL_SHEET = "Manual hits"
HISTORY_SHEET = "Decision history"
H_STATUS = "Status in this run"
H_DETAIL = "Detail"
H_ORIGIN = "Decided in"


class Status(StrEnum):
    """What became of an earlier decision in this run (Decision history's first column)."""

    APPLIED = "applied"  # carried to this run's hit of the same record and entry
    REOPENED = "re-opened"  # the entry's reviewed facts changed: back to Pending
    RECORD_CHANGED = "record changed"  # same name, other ID / DOB / nationality: not carried
    NOT_IN_RUN = "not in this run"  # no hit of this run is for that record and entry
    SUPERSEDED = "superseded"  # a later workbook (or a more cautious row) decided again
    MANUAL = "manual hit"  # listed again on Manual hits


#: Decisions that did not apply to this run: the next run reads them from this sheet.
CARRIED_STATUSES = frozenset({Status.RECORD_CHANGED.value, Status.NOT_IN_RUN.value})


def is_carried(status: str, where: str) -> bool:
    """Whether a Decision history row with this status is read again; InputError naming
    ``where`` for a status the tool never writes (a typed-over one would drop it)."""
    if status not in set(Status):
        raise InputError(f"{where}: unknown {H_STATUS!r} {status!r} (the tool writes one of "
                         f"{', '.join(Status)})")
    return status in CARRIED_STATUSES


def _record_columns() -> list[Column]:
    return [
        Column("record_id", H_RECORD_ID, 12),
        Column("query", H_INPUT_NAME, 26, wrap=True),
        Column("input_dob", H_INPUT_DOB, 12),
        Column("input_nationality", H_INPUT_NATIONALITY, 14, wrap=True),
        Column("reference_number", H_REFERENCE, 13),
    ]


def manual_columns() -> list[Column]:
    return [
        Column("input_row", "Input row", 8),
        *_record_columns(),
        Column("primary_name", "Primary name", 28, wrap=True),
        Column("decision", H_DECISION, 15, choices=DECISION_CHOICES),
        Column("reason", H_REASON, 22, choices=REASON_CHOICES),
        Column("reviewer", H_REVIEWER, 14),
        Column("decision_date", H_DECISION_DATE, 12),
        Column("notes", H_NOTES, 30, wrap=True),
        Column("history", H_HISTORY, 40, wrap=True),
        *decision_support_columns(),
    ]


def history_columns() -> list[Column]:
    return [
        Column("status", H_STATUS, 14),
        Column("detail", H_DETAIL, 40, wrap=True),
        *_record_columns(),
        Column("decision", H_DECISION, 15),
        Column("reason", H_REASON, 22),
        Column("reviewer", H_REVIEWER, 14),
        Column("decision_date", H_DECISION_DATE, 12),
        Column("notes", H_NOTES, 30, wrap=True),
        Column("origin", H_ORIGIN, 30, wrap=True),
        *decision_support_columns(),
    ]


def _date(text: str) -> Any:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else text or None
    except ValueError:
        return text


def decision_cells(d: Any) -> dict[str, Any]:
    """The record, the decision and the entry as decided, as row cells."""
    return {
        "record_id": d.record_id or None,
        "query": d.input_name,
        "input_dob": d.input_dob or None,
        "input_nationality": d.input_nationality or None,
        "reference_number": d.reference_number,
        "decision": d.decision,
        "reason": d.reason or None,
        "reviewer": d.reviewer or None,
        "decision_date": _date(d.decision_date),
        "notes": d.notes or None,
        "record_key": d.record_key,
        "list_sha256": d.list_sha256 or None,
        "entry_version": d.entry_version,
        "entry_last_updated": "; ".join(d.entry_last_updated),
        "entry_names": " | ".join(d.entry_names),
    }


def history_sheet(log: Iterable[Any]) -> Sheet:
    """Decision history: one row per earlier decision (``log``: records with
    ``decision``, ``status`` and ``detail``)."""
    rows = [
        {
            **decision_cells(c.decision),
            "status": str(c.status),
            "detail": c.detail,
            "origin": c.decision.where,
        }
        for c in log
    ]
    return Sheet(HISTORY_SHEET, history_columns(), rows)


def manual_sheet(carried: Sequence[Any] = ()) -> Sheet:
    """Manual hits: the carried ones (records with ``decision`` (the decision as it goes
    on), ``input_rows``, ``entry`` (None when no longer listed), ``history`` and
    ``list_sha256``), then room for the reviewer's own."""
    rows = []
    for m in carried:
        cells = decision_cells(m.decision)
        entry = m.entry
        if entry is not None:
            cells.update(
                primary_name=entry.primary_name,
                entry_version=entry.version,
                entry_last_updated="; ".join(d.isoformat() for d in entry.last_updated),
                entry_names=" | ".join(n.text for n in entry.names()),
            )
        cells.update(
            input_row="; ".join(str(r) for r in m.input_rows) or None,
            history=m.history,
            list_sha256=m.list_sha256 or None,
        )
        rows.append(cells)
    return Sheet(MANUAL_SHEET, manual_columns(), rows)


__all__ = [
    "CARRIED_STATUSES",
    "H_DETAIL",
    "H_ORIGIN",
    "H_STATUS",
    "HISTORY_SHEET",
    "MANUAL_SHEET",
    "Status",
    "decision_cells",
    "history_columns",
    "history_sheet",
    "is_carried",
    "manual_columns",
    "manual_sheet",
]
