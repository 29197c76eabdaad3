"""Carry reviewer decisions forward from earlier review workbooks.

Contract:

* Reading decisions from review workbooks (:func:`read_decisions`,
  :func:`read_workbook_decisions`, :class:`Decision`) lives in
  :mod:`sanctions_check.screening.decisionread` and is re-exported here.
* :func:`decision_book` keeps one decision per (record key, reference number): later
  files win over earlier ones; within one file the most cautious wins.  The record key
  (:mod:`sanctions_check.screening.recordkeys`) is the record ID where the input has one, else the
  normalised name plus date of birth and nationality as given.
* :func:`assess` matches a :class:`~sanctions_check.screening.run.ScreeningResult`
  against those decisions and returns an :class:`Outcome` per (row index,
  reference number): False positive -> pre-filled and ``cleared`` (the workbook
  moves it to Previously cleared); True match / Escalated -> pre-filled and kept
  in Hits; an entry whose reviewed facts (names, titles and designations, nationality,
  dates and places of birth) changed since the decision -> re-opened as Pending,
  naming the changed fields (:func:`amendments`: the entry in the list version the
  decision was taken on, from ``old_list``, against the current one; when that version
  is not available it says so and falls back to the entry's version number, names and
  last-updated dates); a decision for another record of the same name (another ID, date
  of birth or nationality), or for a record ID whose name, date of birth or nationality
  changed since (:func:`id_record_changes`) -> Pending with ``changed_record`` and the
  reason.
* What became of every decision read (the Decision history log) and the Manual hits to
  list again: :mod:`sanctions_check.screening.decisionlog`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.diff import compare_entries
from sanctions_check.lists.entries import Entry, SanctionsList
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
from sanctions_check.screening.recordkeys import query_record_id, record_difference, record_key
from sanctions_check.screening.run import ScreeningResult
from sanctions_check.screening.sheetrows import dob_cell
from sanctions_check.screening.workbook import ESCALATED, FALSE_POSITIVE, PENDING, TRUE_MATCH

#: The entry's facts whose change re-opens a decision (labels of :data:`diff.FIELDS`).
REVIEWED_FIELDS = (
    "name",
    "aliases",
    "original-script name",
    "titles",
    "designations",
    "nationalities",
    "dates of birth",
    "places of birth",
)
#: ``old_list(sha256)``: the stored list version with that sha256, None when not stored.
OldList = Callable[[str], SanctionsList | None]

log = lazy_logger(__name__)

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
    reason: str | None = None
    decision_date: str | None = None
    changed_record: bool = False  # the decision was for another record of that name


# Within one workbook two rows can share a key (the same name twice): the more cautious wins.
CAUTION = {TRUE_MATCH: 3, ESCALATED: 2, FALSE_POSITIVE: 1}


def decision_book(decisions: Iterable[Decision]) -> dict[Key, Decision]:
    """One decision per (record key, reference number).

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


def version_amendments(decision: Decision, entry: Entry) -> list[str]:
    """How ``entry`` changed by its version number, names and last-updated dates."""
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
    if decision.entry_version is not None or decision.entry_names:  # else nothing recorded
        updated = [d.isoformat() for d in entry.last_updated]
        new_dates = [d for d in updated if d not in decision.entry_last_updated]
        if new_dates:
            reasons.append("entry updated on " + ", ".join(new_dates))
    return reasons


def amendments(decision: Decision, entry: Entry, old_list: OldList | None = None) -> list[str]:
    """How ``entry``'s reviewed facts changed since ``decision`` was taken (empty if not).

    With the list version the decision was taken on (``old_list(decision.list_sha256)``)
    each changed field of :data:`REVIEWED_FIELDS` is named with its old and new values.
    Without it, the entry's version number, names and last-updated dates are compared,
    and the reasons say that the decision's list version was not available.
    """
    sha = decision.list_sha256
    older = old_list(sha) if sha and old_list is not None else None
    if older is not None:
        before = older.get(entry.reference_number)
        if before is None:
            return [f"the entry is not in the list the decision was taken on ({sha[:12]})"]
        return [c.describe() for c in compare_entries(before, entry, fields=REVIEWED_FIELDS)]
    reasons = version_amendments(decision, entry)
    if reasons:
        missing = (
            f"the list version the decision was taken on ({sha[:12]}) is not in the list store"
            if sha
            else "the workbook does not say which list version the decision was taken on"
        )
        reasons.append(f"{missing}, so which fact changed is not known")
    return reasons


def _carried(previous: Decision, reasons: list[str]) -> Outcome:
    if reasons:
        return Outcome(
            decision=PENDING,
            reviewer=None,
            notes=None,
            history=f"Re-opened: {'; '.join(reasons)}. Was: {previous.describe()}",
            cleared=False,
            reopened=True,
            previous=previous,
        )
    return Outcome(
        decision=previous.decision,
        reviewer=previous.reviewer or None,
        notes=previous.notes or None,
        history=f"Carried forward: {previous.describe()}",
        cleared=previous.decision == FALSE_POSITIVE,
        reopened=False,
        previous=previous,
        reason=previous.reason or None,
        decision_date=previous.decision_date or None,
    )


def id_record_changes(previous: Decision, name_key: str, query: Any) -> str:
    """For a decision keyed by a record ID: how the record with that ID changed since
    (name, date of birth, nationality), "" when it did not or the decision has no ID."""
    if not previous.record_id:
        return ""
    changes = []
    if previous.name_key and previous.name_key != name_key:
        changes.append(f"name {previous.input_name} -> {query.name}")
    if _fact(dob_cell(previous.input_dob)) != _fact(dob_cell(query.dob)):
        changes.append(f"date of birth {previous.input_dob or '(none)'} -> {query.dob or '(none)'}")
    if _fact(previous.input_nationality).casefold() != _fact(query.nationality).casefold():
        changes.append(f"nationality {previous.input_nationality or '(none)'} -> "
                       f"{query.nationality or '(none)'}")
    return ", ".join(changes)


def _fact(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _not_carried(previous: Decision, key: str, why: str = "") -> Outcome:
    why = why or record_difference(previous.key[0], key)
    return Outcome(
        decision=PENDING,
        reviewer=None,
        notes=None,
        history=f"Not carried: {previous.describe()} was for {why}",
        cleared=False,
        reopened=False,
        previous=previous,
        changed_record=True,
    )


def row_keys(
    result: ScreeningResult, normalise: Callable[[str], str] | None = None
) -> list[tuple[str, str]]:
    """(normalised name, record key) of every row of ``result``, in order."""
    out = []
    for row in result.rows:
        q = row.query
        name_key = normalise(q.name) if normalise else row.key
        out.append((name_key, record_key(name_key, q.dob, q.nationality, query_record_id(q))))
    return out


def assess(
    result: ScreeningResult,
    book: Mapping[Key, Decision],
    normalise: Callable[[str], str] | None = None,
    old_list: OldList | None = None,
) -> dict[tuple[int, str], Outcome]:
    """Carried decisions for this run's hits, keyed by (row index, reference number)."""
    outcomes: dict[tuple[int, str], Outcome] = {}
    if not book:
        return outcomes
    by_name: dict[tuple[str, str], Decision] = {}
    for d in book.values():
        by_name[(d.name_key, d.reference_number)] = d  # the last one read says why
    for i, (row, (name_key, key)) in enumerate(zip(result.rows, row_keys(result, normalise),
                                                   strict=True)):
        for hit in row.hits:
            ref = hit.reference_number
            previous = book.get((key, ref))
            changed = previous and id_record_changes(previous, name_key, row.query)
            if previous is not None and changed:
                why = f"the record with ID {previous.record_id} as it was: {changed}"
                outcomes[(i, ref)] = _not_carried(previous, key, why)
            elif previous is not None:
                outcomes[(i, ref)] = _carried(previous, amendments(previous, hit.entry, old_list))
            elif (name_key, ref) in by_name:
                outcomes[(i, ref)] = _not_carried(by_name[(name_key, ref)], key)
    return outcomes


def carried_counts(outcomes: Mapping[Any, Outcome]) -> dict[str, int]:
    counts = {"cleared": 0, "reopened": 0, "carried": 0, "changed_record": 0}
    for o in outcomes.values():
        counts["changed_record"] += o.changed_record
        counts["carried"] += not o.changed_record
        counts["cleared"] += o.cleared
        counts["reopened"] += o.reopened
    return counts


__all__: Sequence[str] = (
    *decisionread.__all__,
    "REVIEWED_FIELDS",
    "OldList",
    "Outcome",
    "amendments",
    "assess",
    "version_amendments",
    "carried_counts",
    "decision_book",
    "id_record_changes",
    "row_keys",
)
