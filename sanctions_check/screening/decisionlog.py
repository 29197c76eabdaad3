"""What became of the decisions read: the Decision history log and the Manual hits to carry.

Contract: :func:`decision_log` returns a :class:`Carried` for every decision read, in the
order read (applied, re-opened, record changed, not in this run, superseded, manual hit:
a :class:`~sanctions_check.screening.decisionsheets.Status`), for the Decision history
sheet; no decision read is ever left out.  :func:`carry_manual` returns the Manual hits
in force as :class:`ManualHit` s to list again, each saying where its record is in this
run, whether the tool raised the hit too, and (re-opened as Escalated, never dropped to
Pending) how its entry changed.  Both work on the outcomes of
:func:`sanctions_check.screening.decisions.assess`; :mod:`sanctions_check.screening.decisionsheets`
writes them.  No I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sanctions_check.files.sheets import ESCALATED
from sanctions_check.lists.entries import Entry
from sanctions_check.screening.decisionread import Decision, Key
from sanctions_check.screening.decisions import OldList, Outcome, amendments, row_keys
from sanctions_check.screening.decisionsheets import Status
from sanctions_check.screening.run import ScreeningResult

__all__ = ["Carried", "ManualHit", "carry_manual", "decision_log"]


@dataclass(frozen=True)
class Carried:
    """What became of one decision read (a Decision history row)."""

    decision: Decision
    status: Status
    detail: str


@dataclass(frozen=True)
class ManualHit:
    """A Manual hits row to write again: the decision as it goes on, where its record is
    in this run, the entry as listed now (None when no longer listed), what happened."""

    decision: Decision
    input_rows: tuple[int, ...]
    entry: Entry | None
    history: str
    list_sha256: str


def decision_log(
    decisions: Sequence[Decision],
    book: Mapping[Key, Decision],
    result: ScreeningResult,
    outcomes: Mapping[tuple[int, str], Outcome],
    normalise: Callable[[str], str] | None = None,
) -> list[Carried]:
    """What became of every decision read, in the order read (Decision history)."""
    rows_of: dict[str, list[int]] = {}
    for row, (_, key) in zip(result.rows, row_keys(result, normalise), strict=True):
        rows_of.setdefault(key, []).append(row.query.row or 0)
    used: dict[int, list[tuple[int, Outcome]]] = {}
    for (i, _ref), o in outcomes.items():
        used.setdefault(id(o.previous), []).append((result.rows[i].query.row or 0, o))
    log = []
    for d in decisions:
        winner = book.get(d.key)
        if winner is not d:
            where = winner.where if winner is not None else "another decision"
            log.append(Carried(d, Status.SUPERSEDED, f"superseded by {where}"))
            continue
        found = sorted(used.get(id(d), []), key=lambda p: p[0])
        applied = [n for n, o in found if not o.changed_record]
        reopened = [o for _, o in found if o.reopened]
        changed = [n for n, o in found if o.changed_record]
        why = next((o.history.split(" was for ", 1)[-1] for _, o in found if o.changed_record),
                   "")
        parts = []
        if applied:
            parts.append("input row(s) " + ", ".join(map(str, applied)))
        if reopened:
            parts.append(reopened[0].history.split(". Was:")[0])
        if changed:
            parts.append(f"not carried to input row(s) {', '.join(map(str, changed))}: {why}")
        rows = rows_of.get(d.key[0], [])
        if d.manual:
            status = Status.MANUAL
        elif reopened:
            status = Status.REOPENED
        elif applied:
            status = Status.APPLIED
        elif changed:
            status = Status.RECORD_CHANGED
        else:
            status = Status.NOT_IN_RUN
            parts.append(
                f"the record is on input row(s) {', '.join(map(str, rows))}, without a hit "
                f"for {d.reference_number}" if rows else "the record is not in this input"
            )
        log.append(Carried(d, status, "; ".join(parts)))
    return log


def carry_manual(
    book: Mapping[Key, Decision],
    result: ScreeningResult,
    entry_of: Callable[[str], Entry | None],
    old_list: OldList | None = None,
    normalise: Callable[[str], str] | None = None,
) -> list[ManualHit]:
    """The Manual hits in force, to list again on the new workbook's Manual hits sheet.

    Each says where its record is in this run and whether the tool raised the hit too;
    one whose entry's reviewed facts changed is re-opened as Escalated (a manual hit is
    never dropped to Pending: it would not be read again) with the reason; one whose
    entry left the list says so.
    """
    rows_of: dict[str, list[int]] = {}
    raised: set[tuple[str, str]] = set()
    for row, (_, key) in zip(result.rows, row_keys(result, normalise), strict=True):
        rows_of.setdefault(key, []).append(row.query.row or 0)
        raised.update((key, h.reference_number) for h in row.hits)
    out = []
    for d in book.values():
        if not d.manual:
            continue
        entry = entry_of(d.reference_number)
        notes = []
        decision = d
        if entry is None:
            notes.append(f"{d.reference_number} is not on the list in force")
        else:
            reasons = amendments(d, entry, old_list)
            if reasons:
                decision = dataclasses.replace(d, decision=ESCALATED)
                notes.append(f"Re-opened (Escalated): {'; '.join(reasons)}; was {d.decision}")
        if d.key in raised:
            notes.append("the tool raised this hit too (see Hits)")
        elif not rows_of.get(d.key[0]):
            notes.append("the record is not in this input")
        notes.append(f"added in {d.where}")
        out.append(ManualHit(decision, tuple(rows_of.get(d.key[0], ())), entry,
                             "; ".join(notes), result.meta.list_sha256 if entry else d.list_sha256))
    return out
