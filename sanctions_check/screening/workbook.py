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
The sheets' columns and rows (sheet names, ``H_*`` headers, :func:`hit_columns`,
:func:`review_hit_row`...) live in :mod:`sanctions_check.screening.sheetrows`; the generic
writer (:class:`Column`, :class:`Sheet`, :func:`write_workbook`, :func:`review_columns`)
in :mod:`sanctions_check.files.sheets`, re-exported here; news and watch add their own
sheets with it.
"""

from __future__ import annotations

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
from sanctions_check.screening.entities import ENTITIES_SHEET, entity_columns, entity_rows
from sanctions_check.screening.run import RowResult, RowStatus, ScreeningResult
from sanctions_check.screening.runmeta import RunMeta, band_order, weights_text
from sanctions_check.screening.sheetrows import (
    CLEARED_SHEET,
    HITS_SHEET,
    SCREENED_SHEET,
    hit_columns,
    review_hit_row,
    screened_columns,
    screened_row,
)

__all__ = [
    "DECISION_CHOICES",
    "ESCALATED",
    "FALSE_POSITIVE",
    "H_DECISION",
    "H_DECISION_DATE",
    "H_NOTES",
    "H_REASON",
    "H_REVIEWER",
    "PENDING",
    "REASON_CHOICES",
    "Reason",
    "SUMMARY_SHEET",
    "TRUE_MATCH",
    "Column",
    "Sheet",
    "list_summary_items",
    "review_columns",
    "review_sheets",
    "safe_title",
    "summary_items",
    "write_review_workbook",
    "write_workbook",
]


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
    items.append(("Rows with hits", counts[RowStatus.HIT]))
    items.append(("Rows clear", counts[RowStatus.CLEAR]))
    items.append(("Rows not screened (unusable)", counts[RowStatus.UNUSABLE]))
    for reason, n in sorted(result.unusable_reasons().items()):
        items.append((f"  unusable: {reason}", n))
    read = result.secondary_tally().counts
    items.append(("Dates of birth not understood (ignored)", read["dob"]))
    items.append(("Dates of birth read as year only (day/month order unknown)",
                  read["dob_year_only"]))
    items.append(("Nationalities not understood (ignored)", read["nationality"]))
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
