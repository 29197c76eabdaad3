"""The ``watch`` report workbook: New hits, Open hits, Resolved, List changes, Summary.

Contract: :func:`write_report` writes one dated workbook atomically through
:func:`sanctions_check.screening.workbook.write_workbook`, from hits as the state stored them
(so hits left unreported by a killed run are reported with all their details).
New hits and Open hits carry the review columns of the screening workbook
(Decision drop-down, Reviewer, Notes, hidden entry version / dates / names) and, after
them, the watched files' own columns (every file's, under their headers), so the
reviewer fills in Decision and feeds the file back with ``sanctions-check
decisions import``.  Open hits are pre-filled with decisions already imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.provenance import AGE_LABEL
from sanctions_check.screening.rows import PASSTHROUGH_PREFIX
from sanctions_check.screening.runmeta import weights_text
from sanctions_check.screening.sheetrows import hit_columns
from sanctions_check.screening.workbook import PENDING, Column, Sheet, write_workbook
from sanctions_check.version import __version__
from sanctions_check.watch.config import WatchConfig
from sanctions_check.watch.state import StoredHit
from sanctions_check.watch.staterecords import HitStatus, hit_record_key

NEW_SHEET, OPEN_SHEET, RESOLVED_SHEET, CHANGES_SHEET = (
    "New hits", "Open hits", "Resolved", "List changes")
STATUS_LABELS = {HitStatus.NEW: "new", HitStatus.REOPENED: "re-opened", HitStatus.OPEN: "open",
                 HitStatus.RESOLVED: "resolved", HitStatus.CLEARED: "cleared"}
BANDS = ("strong", "possible", "weak")


def diff_rows(old: SanctionsList, new: SanctionsList) -> tuple[list[dict[str, Any]],
                                                               dict[str, int]]:
    """The List changes rows and counts (added / removed / amended / unchanged)."""
    from sanctions_check.lists.diff import diff_lists

    diff = diff_lists(old, new)
    return diff.rows(), diff.counts()


def _state_columns(with_first_seen: bool) -> list[Column]:
    cols = [
        Column("status", "Status", 10),
        Column("found_in", "Found in", 24, wrap=True),
        Column("why", "Why", 34, wrap=True),
    ]
    if with_first_seen:
        cols.append(Column("first_seen", "First seen (UTC)", 17))
    return cols


def _passthrough(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The watched files' own columns the hits carry (every file's, in order of appearance)."""
    prefix = PASSTHROUGH_PREFIX
    keys = dict.fromkeys(k for row in rows for k in row if k.startswith(prefix))
    return [k[len(prefix):] for k in keys]


def _when(run_times: Mapping[int, str], run_id: int) -> dt.datetime | int:
    try:
        return dt.datetime.fromisoformat(run_times[run_id])
    except (KeyError, ValueError):
        return run_id


def _hit_row(h: StoredHit, decisions: Mapping[tuple[str, str], Mapping[str, Any]],
             run_times: Mapping[int, str]) -> dict[str, Any]:
    row: dict[str, Any] = dict(h.detail)
    listed = row.get("listed_on")
    if isinstance(listed, str) and listed:
        try:
            row["listed_on"] = dt.date.fromisoformat(listed)
        except ValueError:
            pass
    row.update(status=STATUS_LABELS.get(h.status, h.status), found_in=h.source,
               why=h.reason, first_seen=_when(run_times, h.first_run), decision=PENDING)
    d = decisions.get((hit_record_key(h.query, str(h.detail.get("record_key") or "")),
                       h.reference_number))
    if d is not None and h.status != HitStatus.REOPENED:
        row.update(decision=d["decision"], reviewer=d["reviewer"], notes=d["notes"],
                   reason=d.get("reason"), decision_date=d.get("decision_date"),
                   history=f"imported from {Path(d['source_file'] or '').name} "
                           f"on {d['imported_at']}")
    elif h.status == HitStatus.REOPENED:
        row["history"] = h.reason
    return row


def _resolved_columns() -> list[Column]:
    return [
        Column("why", "Why resolved", 30, wrap=True),
        Column("query", "Input name", 26, wrap=True),
        Column("found_in", "Found in", 24, wrap=True),
        Column("reference_number", "Reference number", 13),
        Column("primary_name", "Primary name", 28, wrap=True),
        Column("matched_name", "Matched list name", 28, wrap=True),
        Column("score", "Last score", 8, number_format="0.0"),
        Column("first_seen", "First seen (UTC)", 17),
        Column("last_seen", "Last seen (UTC)", 17),
    ]


def _resolved_row(h: StoredHit, run_times: Mapping[int, str]) -> dict[str, Any]:
    return {"why": h.reason, "query": h.query, "found_in": h.source,
            "reference_number": h.reference_number, "primary_name": h.primary_name,
            "matched_name": h.matched_name, "score": h.score,
            "first_seen": _when(run_times, h.first_run), "last_seen": _when(run_times, h.last_run)}


def write_report(
    path: Path,
    result: Any,
    change_rows: Sequence[Mapping[str, Any]],
    diff_note: str,
    config: WatchConfig,
    now: dt.datetime,
    decisions: Mapping[tuple[str, str], Mapping[str, Any]],
    run_times: Mapping[int, str],
) -> Path:
    """Write the watch report for ``result`` (a :class:`sanctions_check.watch.run.WatchResult`)."""
    from sanctions_check.lists.diff import DIFF_COLUMNS

    li = result.list_info
    new_rows = [_hit_row(h, decisions, run_times) for h in result.new]
    open_rows = [_hit_row(h, decisions, run_times) for h in result.open]
    keep = _passthrough(new_rows + open_rows)
    sheets = [
        Sheet(NEW_SHEET, _state_columns(False) + hit_columns(keep), new_rows, BANDS),
        Sheet(OPEN_SHEET, _state_columns(True) + hit_columns(keep), open_rows, BANDS),
        Sheet(RESOLVED_SHEET, _resolved_columns(), [_resolved_row(h, run_times)
                                                     for h in result.resolved]),
        Sheet(CHANGES_SHEET, [Column(c, c.replace("_", " ").capitalize(), 16, wrap=True)
                              for c in DIFF_COLUMNS], list(change_rows)),
    ]
    n_new = sum(1 for h in result.new if h.status == HitStatus.NEW)
    summary: list[tuple[str, Any]] = [
        ("Report", "sanctions-check watch: what changed since the last report"),
        ("Tool version", f"sanctions-check {__version__}"),
        ("Run", result.run_id),
        ("Run at (UTC)", now.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None)),
        ("Configuration", str(config.path or "")),
        ("New hits", n_new),
        ("Re-opened hits", len(result.new) - n_new),
        ("Resolved hits", len(result.resolved)),
        ("Open hits (reported before)", len(result.open)),
        ("Watched names screened", result.names_screened),
        ("News items processed (new)", result.news_items_processed),
        ("News items skipped (seen before)", result.news_items_skipped),
        ("Threshold", config.threshold if config.threshold is not None else "matcher default"),
        ("Algorithm", f"{result.matcher.get('algorithm', '')} "
                      f"{result.matcher.get('version', '')}".strip()),
        ("Scoring weights", weights_text(result.matcher)),
        ("List dateGenerated", li.get("date_generated")),
        ("List confirmed current by its source", li.get("confirmed_at")),
        (AGE_LABEL, li.get("age_days")),
        ("List sha256", li.get("sha256")),
        ("List entries", li.get("entries")),
        ("List refresh", li.get("refresh")),
        ("List changes", diff_note),
    ]
    for key, value in sorted(result.list_changes.items()):
        summary.append((f"  entries {key}", value))
    if result.decisions_imported:
        summary.append(("Decisions imported this run", result.decisions_imported))
    if result.interrupted_runs:
        summary.append(("Interrupted earlier runs (their findings are included)",
                        ", ".join(map(str, result.interrupted_runs))))
    for note in result.notices:
        summary.append(("Notice", note))
    for note in result.warnings:
        summary.append(("Warning", note))
    summary.append(("How to review", "Fill in Decision (True match / False positive / "
                    "Escalated), Reviewer and Notes on New hits and Open hits, then run "
                    "`sanctions-check decisions import` on this file (or list it under "
                    "`decisions` in the watch configuration)."))
    return write_workbook(path, sheets, summary)
