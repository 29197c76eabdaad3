"""The record key: which input record a reviewer decision is about.

Contract: a decision binds to (record key, reference number).  :func:`record_key` builds
the key of one input record: its ID (the ``--id-column`` value) when it has one, else
its normalised name plus its date of birth and nationality as given (spaces trimmed,
the nationality's case ignored).  Two rows with the same name but a different ID, date
of birth or nationality are different records, so a decision on one never clears the
other.  :func:`query_record_id` reads a query's record ID (None until the input names
an ID column); :func:`describe_record` says in words what a key identifies, for the
reasons a decision is not carried.  Screening workbooks, watch reports and the watch
state all use these keys.  Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

ID_PREFIX = "id:"
_SEP = "\u241f"  # ␟ between the parts of a key without an ID (legal in XLSX, never typed)


def _clean(text: Any) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return " ".join(str(text).split())


def query_record_id(query: Any) -> str | None:
    """The record ID of a query (a :class:`~sanctions_check.matching.hits.Query`), or None.

    The ID comes from the input's ID column (``--id-column``); a query without one (or an
    empty cell) has no ID and its key falls back to name, date of birth and nationality.
    """
    value = _clean(getattr(query, "record_id", None))
    return value or None


def record_key(
    name_key: str, dob: Any = None, nationality: Any = None, record_id: Any = None
) -> str:
    """The key of one input record: ``id:<ID>`` when it has an ID, else the normalised
    name, date of birth and nationality as given."""
    rid = _clean(record_id)
    if rid:
        return ID_PREFIX + rid
    return _SEP.join((_clean(name_key), _clean(dob), _clean(nationality).casefold()))


def key_parts(key: str) -> dict[str, str]:
    """What a key holds: ``{"id": ...}`` or ``{"name": ..., "dob": ..., "nationality": ...}``
    (a key of another shape, e.g. an old name-only key, is a name)."""
    if key.startswith(ID_PREFIX):
        return {"id": key[len(ID_PREFIX):]}
    parts: Sequence[str] = key.split(_SEP)
    name, dob, nationality = (list(parts) + ["", ""])[:3]
    return {"name": name, "dob": dob, "nationality": nationality}


def describe_record(key: str) -> str:
    """A record key in words: ``ID V-1001`` or ``DOB 1961, nationality saudi`` (the name
    is left out: both sides of a comparison have the same name)."""
    parts = key_parts(key)
    if "id" in parts:
        return f"ID {parts['id']}"
    dob = f"DOB {parts['dob']}" if parts["dob"] else "no DOB"
    nationality = f"nationality {parts['nationality']}" if parts["nationality"] else ""
    return f"{dob}, {nationality}" if nationality else f"{dob}, no nationality"


def record_difference(decided: str, current: str) -> str:
    """Why a decision on record ``decided`` does not cover record ``current``."""
    old, new = key_parts(decided), key_parts(current)
    if "id" in old and "id" in new:
        return f"a different ID ({old['id']} -> {new['id']})"
    if "id" in old or "id" in new:
        return f"another record ({describe_record(decided)} -> {describe_record(current)})"
    changed = [
        f"{label} {old[part] or '(none)'} -> {new[part] or '(none)'}"
        for part, label in (("dob", "date of birth"), ("nationality", "nationality"))
        if old[part] != new[part]
    ]
    return ("a changed record: " + ", ".join(changed)) if changed else "another record"


__all__ = [
    "ID_PREFIX",
    "describe_record",
    "key_parts",
    "query_record_id",
    "record_difference",
    "record_key",
]
