"""Compare two versions of the list: entries added, removed and amended, and what changed.

Contract: :func:`diff_lists` takes two :class:`~sanctions_check.lists.entries.SanctionsList`
and returns a frozen :class:`ListDiff`.  Entries are matched by reference number
(e.g. ``KPi.066``): one only in the new list is *added*, one only in the old list is
*removed*, one in both whose recorded facts differ is *amended*, with one
:class:`FieldChange` per differing field (names, aliases, version, dates of birth,
nationalities, designations, comments...).  By default a free-text field
(:data:`FREE_TEXT`: comments, designations, titles, places of birth, addresses,
documents) whose values differ only in whitespace or punctuation is not a change
(``strict=True`` keeps such changes); names, dates, nationalities and the other facts
are always compared exactly.  :meth:`ListDiff.rows` gives one row per changed entry
for :func:`sanctions_check.files.tabular.write_table` (columns :data:`DIFF_COLUMNS`);
:func:`summary_lines` gives readable text, naming the changed fields on each
entry's line.  Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sanctions_check.lists.entries import Entry, SanctionsList

ADDED = "added"
REMOVED = "removed"
AMENDED = "amended"

# (Entry attribute, label, is a collection of values)
FIELDS: tuple[tuple[str, str, bool], ...] = (
    ("primary_name", "name", False),
    ("name_parts", "name parts", False),
    ("aliases", "aliases", True),
    ("original_script", "original-script name", False),
    ("kind", "kind", False),
    ("dataid", "DATAID", False),
    ("version", "version", False),
    ("regime", "regime", False),
    ("listed_on", "listed on", False),
    ("titles", "titles", True),
    ("designations", "designations", True),
    ("nationalities", "nationalities", True),
    ("dates_of_birth", "dates of birth", True),
    ("places_of_birth", "places of birth", True),
    ("addresses", "addresses", True),
    ("documents", "documents", True),
    ("gender", "gender", False),
    ("comments", "comments", False),
    ("last_updated", "last updated", True),
    ("list_types", "list types", True),
)

#: Labels of the free-text fields whose whitespace-only and punctuation-only changes
#: are ignored unless ``strict`` (the UN list re-spaces comments between versions:
#: "web link: https://..." -> "web link:https://...").
FREE_TEXT = frozenset(
    {"comments", "designations", "titles", "places of birth", "addresses", "documents"}
)
_NOT_WORD = re.compile(r"[\W_]+")

DIFF_COLUMNS = (
    "change",
    "reference_number",
    "kind",
    "name",
    "regime",
    "listed_on",
    "fields",
    "details",
)

_MAX_VALUE = 160  # characters of one value shown in a description


def _render_one(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = getattr(value, "text", None)
    if isinstance(text, str):  # a Name
        quality = getattr(value, "quality", None)
        return f"{text} ({quality})" if quality else text
    return str(value)


def render(attr: str, value: Any) -> tuple[str, ...]:
    """The values of one entry field as display strings (empty tuple when unset)."""
    if value is None or value == "" or value == ():
        return ()
    if attr == "name_parts":
        return (" | ".join(value),)
    if isinstance(value, tuple):
        return tuple(_render_one(v) for v in value)
    return (_render_one(value),)


def _short(text: str) -> str:
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def _changed_parts(old: str, new: str, context: int = 30) -> tuple[str, str]:
    """For long texts, only the region that differs, with some context around it."""
    if len(old) <= _MAX_VALUE and len(new) <= _MAX_VALUE:
        return old, new
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    start = max(prefix - context, 0)

    def cut(text: str) -> str:
        end = min(len(text) - suffix + context, len(text))
        return ("…" if start else "") + _short(text[start:end]) + ("…" if end < len(text) else "")

    return cut(old), cut(new)


@dataclass(frozen=True)
class FieldChange:
    """One field of an amended entry: its values before and after."""

    field: str  # the label, e.g. "aliases"
    old: tuple[str, ...]
    new: tuple[str, ...]
    multi: bool

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(v for v in self.new if v not in self.old)

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(v for v in self.old if v not in self.new)

    def describe(self) -> str:
        """E.g. ``aliases +"Jo Chun Ryong (Good)"`` or ``version 1 -> 2``."""
        if self.multi:
            parts = [f'+"{_short(v)}"' for v in self.added]
            parts += [f'-"{_short(v)}"' for v in self.removed]
            return f"{self.field} {' '.join(parts) if parts else 'reordered'}"
        if not self.old or not self.new:
            old = _short("; ".join(self.old)) if self.old else "(none)"
            new = _short("; ".join(self.new)) if self.new else "(none)"
            return f"{self.field}: {old} -> {new}"
        old, new = _changed_parts("; ".join(self.old), "; ".join(self.new))
        return f'{self.field}: "{old}" -> "{new}"'


@dataclass(frozen=True)
class AmendedEntry:
    """An entry present in both lists whose facts differ."""

    old: Entry
    new: Entry
    changes: tuple[FieldChange, ...]

    @property
    def reference_number(self) -> str:
        return self.new.reference_number

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.changes)


def _words(values: tuple[str, ...]) -> tuple[str, ...]:
    """Values with whitespace and punctuation removed (what a free-text change must touch)."""
    return tuple(_NOT_WORD.sub("", v) for v in values)


def compare_entries(
    old: Entry, new: Entry, strict: bool = False, fields: Iterable[str] | None = None
) -> tuple[FieldChange, ...]:
    """The fields in which two versions of an entry differ (empty when equal).

    Without ``strict``, a :data:`FREE_TEXT` field whose values differ only in
    whitespace or punctuation is equal.  ``fields`` limits the comparison to those
    labels (default: every field of :data:`FIELDS`).
    """
    wanted = None if fields is None else set(fields)
    changes = []
    for attr, label, multi in FIELDS:
        if wanted is not None and label not in wanted:
            continue
        before, after = getattr(old, attr), getattr(new, attr)
        if before == after or (attr == "name_parts" and old.primary_name != new.primary_name):
            continue  # (split name parts only matter when the joined name is the same)
        old_values, new_values = render(attr, before), render(attr, after)
        if old_values == new_values:
            continue
        if not strict and label in FREE_TEXT and _words(old_values) == _words(new_values):
            continue
        changes.append(FieldChange(label, old_values, new_values, multi))
    return tuple(changes)


@dataclass(frozen=True)
class ListDiff:
    """What changed from one list version to another."""

    old_label: str
    new_label: str
    old_date_generated: str
    new_date_generated: str
    added: tuple[Entry, ...]
    removed: tuple[Entry, ...]
    amended: tuple[AmendedEntry, ...]
    unchanged: int
    strict: bool = False  # whitespace/punctuation-only changes in free text counted

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.amended)

    def counts(self) -> dict[str, int]:
        return {
            ADDED: len(self.added),
            REMOVED: len(self.removed),
            AMENDED: len(self.amended),
            "unchanged": self.unchanged,
        }

    def meta(self) -> dict[str, Any]:
        """Run facts for reports (the JSON ``meta`` and the XLSX "Run" sheet)."""
        return {
            "old": self.old_label,
            "old_date_generated": self.old_date_generated,
            "new": self.new_label,
            "new_date_generated": self.new_date_generated,
            "strict": self.strict,
            **self.counts(),
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per added, removed and amended entry (columns :data:`DIFF_COLUMNS`)."""
        out = [_entry_row(ADDED, e, "", _entry_details(e)) for e in self.added]
        out += [_entry_row(REMOVED, e, "", _entry_details(e)) for e in self.removed]
        out += [
            _entry_row(
                AMENDED, a.new, ", ".join(a.fields), "; ".join(c.describe() for c in a.changes)
            )
            for a in self.amended
        ]
        return out


def _entry_details(entry: Entry) -> str:
    aliases = ", ".join(a.text for a in entry.aliases[:5])
    more = f" (+{len(entry.aliases) - 5} more)" if len(entry.aliases) > 5 else ""
    return f"aliases: {aliases}{more}" if aliases else ""


def _entry_row(change: str, entry: Entry, fields: str, details: str) -> dict[str, Any]:
    return {
        "change": change,
        "reference_number": entry.reference_number,
        "kind": entry.kind,
        "name": entry.primary_name,
        "regime": entry.regime,
        "listed_on": entry.listed_on.isoformat() if entry.listed_on else "",
        "fields": fields,
        "details": details,
    }


def _by_ref(entries: Iterable[Entry]) -> dict[str, Entry]:
    return {e.reference_number: e for e in entries}


def diff_lists(
    old: SanctionsList,
    new: SanctionsList,
    old_label: str = "",
    new_label: str = "",
    strict: bool = False,
) -> ListDiff:
    """Compare ``old`` and ``new`` by reference number (``strict``: see
    :func:`compare_entries`)."""
    before, after = _by_ref(old.entries), _by_ref(new.entries)
    amended = []
    unchanged = 0
    for ref in sorted(before.keys() & after.keys()):
        changes = compare_entries(before[ref], after[ref], strict)
        if changes:
            amended.append(AmendedEntry(before[ref], after[ref], changes))
        else:
            unchanged += 1
    return ListDiff(
        old_label=old_label or old.source,
        new_label=new_label or new.source,
        old_date_generated=old.date_generated,
        new_date_generated=new.date_generated,
        added=tuple(after[r] for r in sorted(after.keys() - before.keys())),
        removed=tuple(before[r] for r in sorted(before.keys() - after.keys())),
        amended=tuple(amended),
        unchanged=unchanged,
        strict=strict,
    )


def summary_lines(diff: ListDiff, details: bool = True) -> list[str]:
    """A readable summary: counts, then (with ``details``) every changed entry."""
    c = diff.counts()
    lines = [
        f"from {diff.old_label} (generated {diff.old_date_generated})",
        f"  to {diff.new_label} (generated {diff.new_date_generated})",
        f"{c[ADDED]} added, {c[REMOVED]} removed, {c[AMENDED]} amended, "
        f"{c['unchanged']} unchanged"
        + ("" if diff.strict else " (whitespace/punctuation-only changes in free text ignored)"),
    ]
    if not details:
        return lines
    for title, group in (("Added", diff.added), ("Removed", diff.removed)):
        if group:
            lines += ["", f"{title} ({len(group)}):"]
            lines += [f"  {e.reference_number:<10} {e.kind:<6} {e.primary_name}" for e in group]
    if diff.amended:
        lines += ["", f"Amended ({len(diff.amended)}):"]
        for a in diff.amended:
            lines.append(
                f"  {a.reference_number:<10} {a.new.kind:<6} {a.new.primary_name}"
                f"  [{', '.join(a.fields)}]"
            )
            lines += [f"      {c.describe()}" for c in a.changes]
    return lines


__all__ = [
    "ADDED",
    "AMENDED",
    "DIFF_COLUMNS",
    "FIELDS",
    "FREE_TEXT",
    "REMOVED",
    "AmendedEntry",
    "FieldChange",
    "ListDiff",
    "compare_entries",
    "diff_lists",
    "render",
    "summary_lines",
]
