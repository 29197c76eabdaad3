"""The rows and run facts of a screening's CSV / JSON output (``screen -o``, ``POST /screen``).

Contract: :func:`screen_table` turns a :class:`~sanctions_check.screening.run.ScreeningResult`
(plus the outcomes of earlier reviewer decisions, if any) into ``(columns, rows, meta)``:
the columns written (the tool's, then the input's own columns as ``input.<header>``),
one row per (input row, hit) strongest first, optionally followed by
the rows without hits, and the run metadata with status and band counts.  ``screen -o
out.json`` writes ``{"meta": meta, "rows": rows}``; the service answers the same.
:func:`needs_review` counts the hits that are not previously cleared false positives.
Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sanctions_check.screening.rows import HIT_COLUMNS, clear_row, hit_row, passthrough_columns
from sanctions_check.screening.run import RowStatus, ScreeningResult
from sanctions_check.screening.runmeta import ROW_FACT_COLUMNS, row_facts

DECISION_COLUMNS = (
    "decision",
    "reason",
    "reviewer",
    "decision_date",
    "notes",
    "decision_history",
)


def output_rows(
    result: ScreeningResult,
    outcomes: Mapping[tuple[int, str], Any],
    include_clear: bool,
    hide_cleared: bool,
    with_decisions: bool,
) -> list[dict[str, Any]]:
    """CSV/JSON rows: hits strongest first (with carried decisions), then clear rows."""
    index = {id(r): i for i, r in enumerate(result.rows)}
    meta = row_facts(result.meta)
    rows = []
    for row, hit in result.hit_pairs():
        outcome = outcomes.get((index[id(row)], hit.reference_number))
        if hide_cleared and outcome is not None and outcome.cleared:
            continue
        data = hit_row(row.query, hit)
        if with_decisions:
            data.update(
                decision=outcome.decision if outcome else "Pending",
                reason=outcome.reason if outcome else None,
                reviewer=outcome.reviewer if outcome else None,
                decision_date=outcome.decision_date if outcome else None,
                notes=outcome.notes if outcome else None,
                decision_history=outcome.history if outcome else None,
            )
        rows.append({**data, **meta})
    if include_clear:
        rows.extend({**clear_row(r), **meta} for r in result.rows if r.status != RowStatus.HIT)
    return rows


def needs_review(result: ScreeningResult, outcomes: Mapping[tuple[int, str], Any]) -> int:
    """Hits that are not previously cleared false positives (they decide the exit code)."""
    index = {id(r): i for i, r in enumerate(result.rows)}
    count = 0
    for row, hit in result.hit_pairs():
        outcome = outcomes.get((index[id(row)], hit.reference_number))
        if outcome is None or not outcome.cleared:
            count += 1
    return count


def screen_table(
    result: ScreeningResult,
    outcomes: Mapping[tuple[int, str], Any] | None = None,
    include_clear: bool = False,
    hide_cleared: bool = False,
    decision_files: Sequence[Path] = (),
) -> tuple[list[str], list[dict[str, Any]], dict[str, Any]]:
    """``(columns, rows, meta)`` of the CSV / JSON output; every row has exactly ``columns``."""
    with_decisions = bool(decision_files)
    columns = list(HIT_COLUMNS) + (list(DECISION_COLUMNS) if with_decisions else [])
    columns += list(ROW_FACT_COLUMNS) + passthrough_columns(result.passthrough)
    rows = output_rows(result, outcomes or {}, include_clear, hide_cleared, with_decisions)
    meta = result.meta.as_dict()
    meta["status_counts"] = result.status_counts()
    meta["band_counts"] = result.band_counts()
    if decision_files:
        meta["decisions_from"] = [str(p) for p in decision_files]
    return columns, [{c: row.get(c) for c in columns} for row in rows], meta
