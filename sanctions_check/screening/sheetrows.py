"""The columns and rows of the review workbook's Hits, Previously cleared and Screened sheets.

Contract: the sheet names (:data:`HITS_SHEET`, :data:`CLEARED_SHEET`,
:data:`SCREENED_SHEET`), the headers the decisions reader relies on (``H_*``), the column
lists (:func:`hit_columns`, :func:`screened_columns`, :func:`decision_support_columns`,
with the input's pass-through columns after the tool's own) and the row builders
(:func:`review_hit_row` for one (input row, hit) with its carried decision,
:func:`screened_row` for one input row, :func:`row_record_key`, :func:`dob_cell`).
:mod:`sanctions_check.screening.workbook` assembles them into the workbook; news and watch
reuse the Hits columns and rows.  Pure functions: nothing here writes a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from sanctions_check.files.sheets import PENDING, Column, review_columns
from sanctions_check.matching.hits import Hit
from sanctions_check.scoring.secondary import UNKNOWN
from sanctions_check.screening.entities import list_fact_columns
from sanctions_check.screening.recordkeys import query_record_id, record_key
from sanctions_check.screening.rows import (
    entry_facts,
    nearest_text,
    passthrough_columns,
    passthrough_values,
    secondary_read,
)
from sanctions_check.screening.run import RowResult, name_normaliser

__all__ = [
    "CLEARED_SHEET",
    "H_DOB_CHECK",
    "H_DOB_STATUS",
    "H_ENTRY_NAMES",
    "H_ENTRY_UPDATED",
    "H_ENTRY_VERSION",
    "H_HISTORY",
    "H_INPUT_DOB",
    "H_INPUT_NAME",
    "H_INPUT_NATIONALITY",
    "H_LIST_SHA256",
    "H_NATIONALITY_CHECK",
    "H_NATIONALITY_STATUS",
    "H_RECORD_ID",
    "H_RECORD_KEY",
    "H_REFERENCE",
    "HITS_SHEET",
    "SCREENED_SHEET",
    "decision_support_columns",
    "dob_cell",
    "hit_columns",
    "passthrough_sheet_columns",
    "review_hit_row",
    "row_record_key",
    "screened_columns",
    "screened_row",
    "secondary_columns",
]

HITS_SHEET = "Hits"
CLEARED_SHEET = "Previously cleared"
SCREENED_SHEET = "Screened"

# Headers the decisions reader relies on (keep in step with sanctions_check.screening.decisions).
H_INPUT_NAME = "Input name"
H_INPUT_DOB = "Input DOB"
H_INPUT_NATIONALITY = "Input nationality"
H_RECORD_KEY = "Record key"
H_LIST_SHA256 = "List sha256"
H_REFERENCE = "Reference number"
H_HISTORY = "Decision history"
H_ENTRY_VERSION = "Entry version"
H_ENTRY_UPDATED = "Entry last updated"
H_ENTRY_NAMES = "Entry names"
H_RECORD_ID = "Record ID"  # the input's ID column (--id-column), the record key
H_DOB_CHECK = "DOB check"  # agrees / conflicts / unknown (secondary.Agreement)
H_NATIONALITY_CHECK = "Nationality check"
H_DOB_STATUS = "DOB status"  # used / not understood / absent (birthdates.SecondaryStatus)
H_NATIONALITY_STATUS = "Nationality status"

def secondary_columns() -> list[Column]:
    """How the row's date of birth and nationality were read (Hits and Screened)."""
    return [
        Column("dob_read_as", "DOB read as", 14, wrap=True),
        Column("dob_status", H_DOB_STATUS, 11),
        Column("nationality_status", H_NATIONALITY_STATUS, 11),
    ]


def passthrough_sheet_columns(headers: Sequence[str], own: Sequence[Column]) -> list[Column]:
    """The input's own columns after the tool's (``own``), under their original headers; a
    header the tool uses itself gets `` (input)`` so every header stays unique."""
    taken = {c.header for c in own}
    out = []
    for key, header in zip(passthrough_columns(headers), headers, strict=True):
        out.append(Column(key, header if header not in taken else f"{header} (input)", 16,
                          wrap=True))
    return out


def hit_columns(passthrough: Sequence[str] = ()) -> list[Column]:
    """Columns of the Hits / Previously cleared sheets (``passthrough``: input headers)."""
    own = [
        Column("score", "Score", 8, number_format="0.0", score=True),
        Column("band", "Band", 10, band=True),
        Column("dob_check", H_DOB_CHECK, 10),
        Column("nationality_check", H_NATIONALITY_CHECK, 12),
        Column("input_row", "Input row", 8),
        Column("query", H_INPUT_NAME, 26, wrap=True),
        Column("record_id", H_RECORD_ID, 12),
        Column("input_kind", "Input kind", 9),
        Column("input_dob", H_INPUT_DOB, 12),
        Column("input_nationality", H_INPUT_NATIONALITY, 14, wrap=True),
        *secondary_columns(),
        Column("matched_name", "Matched list name", 28, wrap=True),
        Column("name_type", "Name type", 14),
        Column("reference_number", H_REFERENCE, 13),
        Column("primary_name", "Primary name", 28, wrap=True),
        Column("regime", "Regime", 12),
        Column("listed_on", "Listed on", 12),
        *list_fact_columns(),
        Column("explanation", "Explanation", 50, wrap=True),
        *review_columns(),
        Column("history", H_HISTORY, 40, wrap=True),
        *decision_support_columns(),
    ]
    return own + passthrough_sheet_columns(passthrough, own)


def decision_support_columns() -> list[Column]:
    """Hidden columns the next run reads: the entry as it was, the record key, the list."""
    return [
        Column("entry_version", H_ENTRY_VERSION, 8, hidden=True),
        Column("entry_last_updated", H_ENTRY_UPDATED, 12, hidden=True),
        Column("entry_names", H_ENTRY_NAMES, 40, hidden=True),
        Column("record_key", H_RECORD_KEY, 20, hidden=True),
        Column("list_sha256", H_LIST_SHA256, 20, hidden=True),
    ]


def screened_columns(passthrough: Sequence[str] = ()) -> list[Column]:
    """Columns of the Screened sheet (``passthrough``: input headers)."""
    own = [
        Column("input_row", "Input row", 8),
        Column("query", H_INPUT_NAME, 28, wrap=True),
        Column("record_id", H_RECORD_ID, 12),
        Column("kind", "Kind", 9),
        Column("dob", "DOB", 12),
        Column("nationality", "Nationality", 16, wrap=True),
        *secondary_columns(),
        Column("status", "Status", 10),
        Column("best_score", "Best score", 10, number_format="0.0", score=True),
        Column("hits", "Hits", 6),
        Column("best_match", "Best match / nearest candidate", 36, wrap=True),
        Column("note", "Note", 40, wrap=True),
    ]
    return own + passthrough_sheet_columns(passthrough, own)


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


dob_cell = _dob_cell  # public: decisions compare a record's DOB as the sheet shows it


def row_record_key(result: RowResult) -> str:
    """The record key of an input row (:func:`sanctions_check.screening.recordkeys.record_key`)."""
    q = result.query
    name_key = getattr(result, "key", "") or name_normaliser()(q.name)
    return record_key(name_key, q.dob, q.nationality, query_record_id(q))


def review_hit_row(
    result: RowResult, hit: Hit, outcome: Any = None, list_sha256: str | None = None
) -> dict[str, Any]:
    """A Hits-sheet row for one (input row, hit), with the carried decision if any."""
    q = result.query
    row: dict[str, Any] = {
        "score": round(float(hit.score), 1),
        "band": hit.band,
        "dob_check": hit.dob_match or UNKNOWN,
        "nationality_check": hit.nationality_match or UNKNOWN,
        "input_row": q.row,
        "query": q.name,
        "record_id": query_record_id(q),
        "record_key": row_record_key(result),
        "list_sha256": list_sha256,
        "input_kind": q.kind,
        "input_dob": _dob_cell(q.dob),
        "input_nationality": q.nationality,
        **secondary_read(q),
        "matched_name": hit.matched_name.text,
        "name_type": hit.matched_name.label,
        "reference_number": hit.reference_number,
        "primary_name": hit.primary_name,
        "regime": hit.regime,
        "listed_on": hit.listed_on,
        "explanation": hit.explanation,
        "decision": PENDING,
        **entry_facts(hit.entry),
        **passthrough_values(q),
    }
    if outcome is not None:
        row["decision"] = outcome.decision
        row["reviewer"] = outcome.reviewer
        row["notes"] = outcome.notes
        row["history"] = outcome.history
        row["reason"] = getattr(outcome, "reason", None)
        row["decision_date"] = _date_cell(getattr(outcome, "decision_date", None))
    return row


def _date_cell(text: str | None) -> Any:
    """A decision date as a real date when it is an ISO date, else the text as given."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10]) if len(text) == 10 else text
    except ValueError:
        return text


def screened_row(result: RowResult) -> dict[str, Any]:
    q = result.query
    best = result.hits[0] if result.hits else None
    note = result.reason
    if result.duplicate_of is not None:
        note = (note + "; " if note else "") + f"same name as row {result.duplicate_of}"
    return {
        "input_row": q.row,
        "record_id": q.record_id,
        "query": q.name,
        "kind": q.kind,
        "dob": _dob_cell(q.dob),
        "nationality": q.nationality,
        **secondary_read(q),
        "status": result.status,
        "best_score": round(result.best_score, 1) if result.best_score is not None else None,
        "hits": len(result.hits),
        "best_match": (f"{best.reference_number} {best.matched_name.text}" if best
                       else nearest_text(result.nearest)),
        "note": note or None,
        **passthrough_values(q),
    }
