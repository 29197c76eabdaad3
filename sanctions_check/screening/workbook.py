"""The screening review workbook: Summary, Hits, Entities, Previously cleared, Screened.

Contract: :func:`write_review_workbook` writes a
:class:`~sanctions_check.screening.run.ScreeningResult` (and any carried decisions from
:mod:`sanctions_check.screening.decisions`) as the workbook an analyst works through:
Summary (the run's audit record, with counts of dates of birth and nationalities not
understood), Hits (one row per input row and candidate, strongest first, the date of
birth and nationality checks (agrees / conflicts / unknown) beside the score, how the
row's date of birth and nationality were read, list facts beside each, reviewer columns
Decision / Reason / Reviewer / Decision date / Notes, then the input's own columns),
Entities (each listed entry hit once, with every input row that hit it:
:mod:`sanctions_check.screening.entities`), Previously cleared (a hidden sheet with
``hide_cleared``, so the decisions it holds still carry forward) and Screened (every
input row with its status); the Manual hits and Decision history sheets come from
:mod:`sanctions_check.screening.decisionsheets`.
Hidden columns keep what :mod:`sanctions_check.screening.decisions` needs: the record key
(:func:`sanctions_check.screening.recordkeys.record_key`), the list version the row was
screened against (sha256) and the entry as it was (version, last-updated dates, all
names).
The generic writer (:class:`Column`, :class:`Sheet`, :func:`write_workbook`,
:func:`review_columns`) lives in :mod:`sanctions_check.files.sheets` and is re-exported
here; news and watch add their own sheets with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sanctions_check.files.sheets import (  # re-exported: the review-sheet writer lives in sheets.py
    DECISION_CHOICES,
    ESCALATED,
    FALSE_POSITIVE,
    H_DECISION,
    H_DECISION_DATE,
    H_NOTES,
    H_REASON,
    H_REVIEWER,
    PENDING,
    REASON_CHOICES,
    SUMMARY_SHEET,
    TRUE_MATCH,
    Column,
    Reason,
    Sheet,
    review_columns,
    safe_title,
    write_workbook,
)
from sanctions_check.lists.provenance import AGE_LABEL
from sanctions_check.matching.hits import Hit
from sanctions_check.scoring.secondary import UNKNOWN
from sanctions_check.screening.entities import (
    ENTITIES_SHEET,
    entity_columns,
    entity_rows,
    list_fact_columns,
)
from sanctions_check.screening.recordkeys import query_record_id, record_key
from sanctions_check.screening.rows import (
    entry_facts,
    nearest_text,
    passthrough_columns,
    passthrough_values,
    secondary_read,
)
from sanctions_check.screening.run import RowResult, ScreeningResult, name_normaliser
from sanctions_check.screening.runmeta import RunMeta, band_order, weights_text

__all__ = [
    "CLEARED_SHEET",
    "DECISION_CHOICES",
    "ESCALATED",
    "FALSE_POSITIVE",
    "H_DECISION",
    "H_DECISION_DATE",
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
    "H_NOTES",
    "H_REASON",
    "H_RECORD_ID",
    "H_RECORD_KEY",
    "H_REFERENCE",
    "H_REVIEWER",
    "HITS_SHEET",
    "PENDING",
    "REASON_CHOICES",
    "Reason",
    "SCREENED_SHEET",
    "SUMMARY_SHEET",
    "TRUE_MATCH",
    "Column",
    "Sheet",
    "decision_support_columns",
    "dob_cell",
    "hit_columns",
    "review_columns",
    "review_hit_row",
    "row_record_key",
    "review_sheets",
    "safe_title",
    "screened_columns",
    "screened_row",
    "summary_items",
    "write_review_workbook",
    "write_workbook",
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

# --------------------------------------------------------------------------- screening


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


def list_summary_items(m: RunMeta) -> list[tuple[str, Any]]:
    """The Summary rows that say which list was used and how old it is."""
    return [
        ("List in force", m.list_in_force),
        ("List dateGenerated", m.list_date_generated),
        ("List confirmed current by its source", m.list_confirmed_at),
        (AGE_LABEL, m.list_age_days),
        ("List sha256", m.list_sha256),
        ("List source", m.list_source),
        ("List entries", m.list_entries),
    ]


def summary_items(
    result: ScreeningResult,
    cleared: int = 0,
    reopened: int = 0,
    decision_files: Sequence[str] = (),
    hidden_cleared: bool = False,
    changed_records: int = 0,
) -> list[tuple[str, Any]]:
    """The Summary sheet's rows for a screening run."""
    m = result.meta
    items: list[tuple[str, Any]] = [
        ("Report", "sanctions-check screening review"),
        *([("WARNING", m.list_notice)] if m.list_notice else []),
        ("Tool version", f"{m.tool} {m.tool_version}"),
        ("Run at (UTC)", m.run_at),
        ("Screening time (s)", m.duration_seconds),
        *list_summary_items(m),
        ("Input file", Path(m.input_file).name if m.input_file else ""),
        ("Input sha256", m.input_sha256),
        ("Input rows", m.input_rows),
        ("Distinct names screened", m.names_screened),
        ("Algorithm", f"{m.algorithm} {m.algorithm_version}".strip()),
        ("Threshold (min score)", m.min_score),
        ("Default threshold", m.threshold),
        ("Bands", m.bands),
        ("Scoring weights", weights_text(m.match_config)),
    ]
    for key, value in m.extra.items():
        items.append((str(key).replace("_", " ").capitalize(), value))
    counts = result.status_counts()
    items.append(("Rows with hits", counts["hit"]))
    items.append(("Rows clear", counts["clear"]))
    items.append(("Rows not screened (unusable)", counts["unusable"]))
    for reason, n in sorted(result.unusable_reasons().items()):
        items.append((f"  unusable: {reason}", n))
    read = result.secondary_counts()
    items.append(("Dates of birth not understood (ignored)", len(read["dob"])))
    items.append(("Dates of birth read as year only (day/month order unknown)",
                  len(read["dob_year_only"])))
    items.append(("Nationalities not understood (ignored)", len(read["nationality"])))
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
        items.append(("Not carried (record changed)", changed_records))
    return items


def review_sheets(
    result: ScreeningResult,
    outcomes: Mapping[tuple[int, str], Any] | None = None,
    hide_cleared: bool = False,
) -> tuple[list[Sheet], int, int]:
    """Hits, Entities, Previously cleared and Screened sheets; also (cleared, reopened)
    counts.

    ``outcomes`` maps (index of the row in ``result.rows``, reference number) to a
    carried decision with ``decision``, ``reviewer``, ``notes``, ``history``,
    ``cleared`` and ``reopened`` attributes (see :mod:`sanctions_check.screening.decisions`).
    The sheets' rows are generators, built as the workbook is written.
    """
    outcomes = outcomes or {}
    index = {id(r): i for i, r in enumerate(result.rows)}

    def outcome_of(row: RowResult, hit: Hit) -> Any:
        return outcomes.get((index[id(row)], hit.reference_number))

    def hit_rows(cleared: bool) -> Iterator[dict[str, Any]]:
        for row, hit in result.hit_pairs():
            outcome = outcome_of(row, hit)
            if bool(getattr(outcome, "cleared", False)) == cleared:
                yield review_hit_row(row, hit, outcome, result.meta.list_sha256)

    found = [outcome_of(row, hit) for row, hit in result.hit_pairs()]
    reopened = sum(1 for o in found if getattr(o, "reopened", False))
    n_cleared = sum(1 for o in found if getattr(o, "cleared", False))
    bands = band_order(result.meta.bands)
    score_min = min(50.0, result.meta.min_score)
    keep = result.passthrough

    def cleared(row: RowResult, hit: Hit) -> bool:
        return bool(getattr(outcome_of(row, hit), "cleared", False))

    sheets = [
        Sheet(HITS_SHEET, hit_columns(keep), hit_rows(False), bands, score_min),
        Sheet(ENTITIES_SHEET, entity_columns(), entity_rows(result, cleared), bands, score_min),
        # with hide_cleared the sheet is hidden, not dropped: its decisions must carry on
        Sheet(CLEARED_SHEET, hit_columns(keep), hit_rows(True), bands, score_min,
              hidden=hide_cleared),
        Sheet(SCREENED_SHEET, screened_columns(keep), (screened_row(r) for r in result.rows)),
    ]
    return sheets, n_cleared, reopened


def write_review_workbook(
    path: str | Path,
    result: ScreeningResult,
    outcomes: Mapping[tuple[int, str], Any] | None = None,
    hide_cleared: bool = False,
    decision_files: Sequence[str] = (),
    extra_sheets: Iterable[Sheet | tuple[Any, ...]] = (),
) -> Path:
    """Write the screening review workbook (Summary, Hits, Entities, Previously cleared,
    Screened, then ``extra_sheets``: the CLI adds Manual hits and Decision history)."""
    sheets, cleared, reopened = review_sheets(result, outcomes, hide_cleared)
    changed = sum(1 for o in (outcomes or {}).values() if getattr(o, "changed_record", False))
    summary = summary_items(result, cleared, reopened, decision_files, hide_cleared, changed)
    return write_workbook(path, [*sheets, *extra_sheets], summary)
