"""The output rows of a screening: one schema for CSV / JSON, the batch engines, news and watch.

Contract: :data:`HIT_COLUMNS` are the columns of a row, in order; :func:`hit_row` makes the
row of one (query, hit), :func:`clear_row` the row of an input without hits (status, the
reason, the nearest candidate below the threshold: :func:`nearest_text`), and
:func:`result_rows` all rows of a :class:`~sanctions_check.screening.run.ScreeningResult`,
hits strongest first.  A row's input columns (``Query.passthrough``) follow the tool's as
``input.<header>`` (:func:`passthrough_columns`, :func:`passthrough_values`); how its date
of birth and nationality were read is :func:`secondary_read`.  :func:`entry_facts` are the
list facts a reviewer wants beside a hit (workbooks, rich reports).  Pure functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sanctions_check.lists.entries import Entry
from sanctions_check.matching.hits import Hit, Query
from sanctions_check.scoring.birthdates import read_dob
from sanctions_check.scoring.secondary import dob_status, nationality_status
from sanctions_check.screening.run import CLEAR, HIT, RowResult, ScreeningResult

#: Columns of CSV / JSON screening output, one row per (input row, hit).
HIT_COLUMNS: tuple[str, ...] = (
    "input_row",
    "query",
    "kind",
    "dob",
    "nationality",
    "dob_match",
    "nationality_match",
    "dob_read_as",
    "dob_status",
    "nationality_status",
    "status",
    "score",
    "band",
    "reference_number",
    "matched_name",
    "matched_name_type",
    "alias_quality",
    "primary_name",
    "regime",
    "listed_on",
    "explanation",
)
#: The input's own columns follow the tool's, each under this prefix and its header.
PASSTHROUGH_PREFIX = "input."


def nearest_text(hit: Hit | None) -> str | None:
    """A clear row's nearest candidate for reports: ``KPi.066 KIM JONG SIK (58.0)``."""
    if hit is None:
        return None
    name = hit.matched_name.text
    if name != hit.primary_name:
        name += f" = {hit.primary_name}"
    return f"{hit.reference_number} {name} ({hit.score:.1f})"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def secondary_read(query: Query) -> dict[str, Any]:
    """How a row's date of birth and nationality were read: ``dob_read_as`` (e.g.
    ``1977-01-31``, ``1977 (year only: ...)``), ``dob_status`` and ``nationality_status``
    (:class:`~sanctions_check.birthdates.SecondaryStatus`)."""
    reading = read_dob(query.dob, query.date_order) if query.dob else None
    return {
        "dob_read_as": reading.describe() if reading is not None else None,
        "dob_status": dob_status(query.dob, query.date_order),
        "nationality_status": nationality_status(query.nationality),
    }


def passthrough_columns(headers: Iterable[str]) -> list[str]:
    """The output keys of the input's own columns (``input.<header>``)."""
    return [PASSTHROUGH_PREFIX + h for h in headers]


def passthrough_values(query: Query) -> dict[str, str]:
    """A row's input columns under their output keys (:func:`passthrough_columns`)."""
    return {PASSTHROUGH_PREFIX + h: v for h, v in query.passthrough}


def hit_row(query: Query, hit: Hit) -> dict[str, Any]:
    """One CSV/JSON output row (keys :data:`HIT_COLUMNS`, then the query's input columns)
    for a query and one of its hits."""
    return {
        "input_row": query.row,
        "query": query.name,
        "kind": query.kind or hit.entry.kind,
        "dob": query.dob,
        "nationality": query.nationality,
        "dob_match": hit.dob_match,
        "nationality_match": hit.nationality_match,
        **secondary_read(query),
        "status": HIT,
        "score": round(float(hit.score), 1),
        "band": hit.band,
        "reference_number": hit.reference_number,
        "matched_name": hit.matched_name.text,
        "matched_name_type": hit.matched_name_type,
        "alias_quality": hit.alias_quality,
        "primary_name": hit.primary_name,
        "regime": hit.regime,
        "listed_on": _date(hit.listed_on),
        "explanation": hit.explanation,
        **passthrough_values(query),
    }


def clear_reason(status: str, reason: str, nearest: str | None) -> str:
    """The explanation of a row without hits: why unusable, or the nearest candidate."""
    if reason or status != CLEAR:
        return reason
    return "no candidate at or above the threshold" + (f"; nearest: {nearest}" if nearest else "")


def clear_row(result: RowResult, nearest: str | None = None) -> dict[str, Any]:
    """The row for an input with no hit (``--include-clear``): status and reason (with the
    nearest candidate below the threshold, when there is one: ``result.nearest`` or the
    ``nearest`` text the batch engine keeps)."""
    q = result.query
    reason = clear_reason(result.status, result.reason, nearest or nearest_text(result.nearest))
    row: dict[str, Any] = dict.fromkeys(HIT_COLUMNS)
    row.update(
        input_row=q.row,
        query=q.name,
        kind=q.kind,
        dob=q.dob,
        nationality=q.nationality,
        **secondary_read(q),
        status=result.status,
        score=round(result.best_score, 1) if result.best_score is not None else None,
        explanation=reason,
    )
    row.update(passthrough_values(q))
    return row


def result_rows(result: ScreeningResult, include_clear: bool = False) -> list[dict[str, Any]]:
    """All output rows: hits strongest first, then (optionally) clear / unusable rows."""
    rows = [hit_row(r.query, h) for r, h in result.hit_pairs()]
    if include_clear:
        rows.extend(clear_row(r) for r in result.rows if r.status != HIT)
    return rows


# --------------------------------------------------------------------------- entry facts


def excerpt(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def entry_facts(entry: Entry) -> dict[str, Any]:
    """List facts a reviewer wants beside a hit (for workbooks and rich reports)."""
    return {
        "list_dobs": "; ".join(str(d) for d in entry.dates_of_birth),
        "list_nationality": "; ".join(entry.nationalities),
        "designation": "; ".join(entry.titles + entry.designations),
        "comments": excerpt(entry.comments),
        "entry_version": entry.version,
        "entry_last_updated": "; ".join(d.isoformat() for d in entry.last_updated),
        "entry_names": " | ".join(n.text for n in entry.names()),
    }
