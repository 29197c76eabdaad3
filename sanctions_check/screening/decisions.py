"""Carry reviewer decisions forward from earlier review workbooks.

Contract:

* Reading decisions from review workbooks (:func:`read_decisions`,
  :func:`read_workbook_decisions`, :class:`Decision`) lives in
  :mod:`sanctions_check.screening.decisionread` and is re-exported here.
* :func:`decision_book` keeps one decision per (normalised input name, reference
  number): later files win over earlier ones; within one file the most cautious wins.
* :func:`assess` matches a :class:`~sanctions_check.screening.run.ScreeningResult`
  against those decisions and returns an :class:`Outcome` per (row index,
  reference number): False positive -> pre-filled and ``cleared`` (the workbook
  moves it to Previously cleared); True match / Escalated -> pre-filled and kept
  in Hits; an entry amended since the decision (new version, new names, new
  last-updated date) -> re-opened as Pending with the reason in the history.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sanctions_check.lists.entries import Entry
from sanctions_check.screening import (
    decisionread,  # reading decisions lives there, re-exported here
)
from sanctions_check.screening.decisionread import REQUIRED_HEADERS as REQUIRED_HEADERS
from sanctions_check.screening.decisionread import REVIEW_SHEETS as REVIEW_SHEETS
from sanctions_check.screening.decisionread import Decision, Key
from sanctions_check.screening.decisionread import canonical_reference as canonical_reference
from sanctions_check.screening.decisionread import read_decisions as read_decisions
from sanctions_check.screening.decisionread import (
    read_workbook_decisions as read_workbook_decisions,
)
from sanctions_check.screening.run import ScreeningResult
from sanctions_check.screening.workbook import (
    ESCALATED,
    FALSE_POSITIVE,
    PENDING,
    TRUE_MATCH,
)

log = logging.getLogger(__name__)

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
    *decisionread.__all__,
    "Outcome",
    "amendments",
    "assess",
    "carried_counts",
    "decision_book",
)
