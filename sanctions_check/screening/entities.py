"""The Entities sheet of the screening review workbook: each listed entity hit in the run, once.

Contract: :func:`entity_rows` groups a :class:`~sanctions_check.screening.run.ScreeningResult`'s
hits by list entry (reference number) and returns one row per entry, best score first: its
best score and band, how many input rows hit it (and how many of those hits were cleared
earlier), the input rows, their record IDs and input names, and the entry's list facts
(:func:`sanctions_check.screening.rows.entry_facts`).  :func:`entity_columns` are the sheet's
columns; :func:`list_fact_columns` the list facts' columns it shares with Hits.  The Hits sheet stays one row per (record, entry); this sheet lets a reviewer see
that three visitors hit the same listed person and decide them together.  Pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sanctions_check.files.sheets import Column
from sanctions_check.matching.hits import Hit
from sanctions_check.screening.rows import entry_facts
from sanctions_check.screening.run import RowResult, ScreeningResult

ENTITIES_SHEET = "Entities"


def entity_columns() -> list[Column]:
    """Columns of the Entities sheet."""
    return [
        Column("best_score", "Best score", 8, number_format="0.0", score=True),
        Column("band", "Band", 10, band=True),
        Column("reference_number", "Reference number", 13),
        Column("primary_name", "Primary name", 28, wrap=True),
        Column("kind", "Kind", 8),
        Column("regime", "Regime", 12),
        Column("listed_on", "Listed on", 12),
        Column("rows", "Rows hit", 8),
        Column("cleared", "Previously cleared", 10),
        Column("input_rows", "Input rows", 14, wrap=True),
        Column("record_ids", "Record IDs", 18, wrap=True),
        Column("input_names", "Input names", 30, wrap=True),
        Column("matched_names", "Matched list names", 30, wrap=True),
        *list_fact_columns(),
    ]


def list_fact_columns() -> list[Column]:
    """The entry's list facts (:func:`~sanctions_check.screening.rows.entry_facts`), as the Hits
    and Entities sheets show them."""
    return [
        Column("list_dobs", "List dates of birth", 16, wrap=True),
        Column("list_nationality", "List nationality", 18, wrap=True),
        Column("designation", "Designation / title", 36, wrap=True),
        Column("comments", "Comments (excerpt)", 40, wrap=True),
    ]


def _joined(values: list[Any]) -> str | None:
    seen = [str(v) for v in dict.fromkeys(v for v in values if v not in (None, ""))]
    return "; ".join(seen) if seen else None


def entity_rows(
    result: ScreeningResult, cleared: Callable[[RowResult, Hit], bool] = lambda _r, _h: False
) -> Iterator[dict[str, Any]]:
    """One row per listed entry hit in the run (previously cleared hits included, counted in
    ``cleared``), strongest first (ties: the entry hit first in the input)."""
    groups: dict[str, list[tuple[RowResult, Hit]]] = {}
    for row, hit in result.hit_pairs():  # strongest first: a group's first pair is its best
        groups.setdefault(hit.reference_number, []).append((row, hit))
    for ref, pairs in groups.items():
        _row, best = pairs[0]
        entry = best.entry
        rows = sorted(pairs, key=lambda p: p[0].row or 0)
        facts = entry_facts(entry)
        yield {
            "best_score": round(float(best.score), 1),
            "band": best.band,
            "reference_number": ref,
            "primary_name": best.primary_name,
            "kind": entry.kind,
            "regime": best.regime,
            "listed_on": best.listed_on,
            "rows": len(pairs),
            "cleared": sum(1 for r, h in pairs if cleared(r, h)),
            "input_rows": ", ".join(str(r.row) for r, _h in rows if r.row is not None),
            "record_ids": _joined([r.query.record_id for r, _h in rows]),
            "input_names": _joined([r.query.name for r, _h in rows]),
            "matched_names": _joined([h.matched_name.text for _r, h in pairs]),
            "list_dobs": facts["list_dobs"],
            "list_nationality": facts["list_nationality"],
            "designation": facts["designation"],
            "comments": facts["comments"],
        }
