"""Manifests of stored list versions: the facts that identify a version, as JSON.

Contract: :class:`VersionInfo` is one stored version (id, sha256, size, dateGenerated,
retrieval and confirmation times, source URL, counts, file path); ``to_manifest`` /
``from_manifest`` convert it to and from the JSON written beside the stored XML.
:func:`sanctions_check.lists.entries.version_id` names a parsed list as ``<compact UTC dateGenerated>-<sha256[:12]>``.
Times are aware UTC datetimes, written as ISO 8601 with ``Z``.

Age: :func:`list_age` is the one definition of how old a list is, used by every age
check and report.  A version has two facts: its own ``dateGenerated`` and
``confirmed_at``, when its source (the official URL or a configured mirror) last
confirmed it current through ``lists update``.  The age is the time since that
confirmation; a list that was never confirmed (only imported from a file) is as old
as its ``dateGenerated``.  Format-1 manifests recorded the import time as
``confirmed_at``; such a manifest whose source is a local path (no ``scheme://``) is
read as never confirmed.

Clock skew: a time more than :data:`CLOCK_SKEW` ahead of this computer's clock is not
trusted (:func:`trusted_time`): a confirmation "in the future" counts as no confirmation
(else the list would look fresh forever), a ``dateGenerated`` in the future gives no age,
and the store refuses to install a list generated in the future.  A manifest whose times
are not ISO 8601 strings, or whose file is not a plain name in its own folder, is damaged
(``ValueError`` from ``from_manifest``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_FORMAT = 2  # 2: confirmed_at is null for a version never confirmed by its source
CLOCK_SKEW = dt.timedelta(days=1)  # how far ahead of our clock a time may be and still count


def in_future(value: dt.datetime, now: dt.datetime) -> bool:
    """True when ``value`` is further ahead of ``now`` than the clock-skew allowance."""
    return value > now + CLOCK_SKEW


def trusted_time(value: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    """``value``, or None when it lies in the future (beyond :data:`CLOCK_SKEW`)."""
    return None if value is None or in_future(value, now) else value


def list_age(
    generated_at: dt.datetime | None, confirmed_at: dt.datetime | None, now: dt.datetime
) -> dt.timedelta:
    """How old a list is: the time since its source last confirmed it current, else (never
    confirmed) since its ``dateGenerated``; an undated, unconfirmed list has no known age
    and counts as infinitely old.  A time in the future (:func:`trusted_time`) does not
    count: a future confirmation is no confirmation."""
    confirmed_at = trusted_time(confirmed_at, now)
    generated_at = trusted_time(generated_at, now)
    if confirmed_at is not None:
        return now - confirmed_at
    if generated_at is not None:
        return now - generated_at
    return dt.timedelta.max


def iso_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_time(value: str) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError(f"not a time: {value!r}")
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)



@dataclass(frozen=True)
class VersionInfo:
    """One stored list version, as its manifest describes it."""

    id: str
    sha256: str
    size: int
    date_generated: str
    retrieved_at: dt.datetime
    confirmed_at: dt.datetime | None  # None: never confirmed by its source (imported)
    source_url: str
    counts: dict[str, int]
    path: Path
    current: bool = False

    @property
    def generated_at(self) -> dt.datetime | None:
        try:
            return parse_time(self.date_generated)
        except ValueError:
            return None

    def confirmed_in_future(self, now: dt.datetime) -> bool:
        """The confirmation time lies in the future: the version counts as unconfirmed."""
        return self.confirmed_at is not None and in_future(self.confirmed_at, now)

    def age(self, now: dt.datetime | None = None) -> dt.timedelta:
        """How old this version is (:func:`list_age`)."""
        return list_age(self.generated_at, self.confirmed_at, now or dt.datetime.now(dt.UTC))

    def to_manifest(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "id": self.id,
            "file": self.path.name,
            "sha256": self.sha256,
            "size": self.size,
            "date_generated": self.date_generated,
            "retrieved_at": iso_time(self.retrieved_at),
            "confirmed_at": iso_time(self.confirmed_at) if self.confirmed_at else None,
            "source_url": self.source_url,
            "counts": dict(self.counts),
        }

    @classmethod
    def from_manifest(cls, doc: dict[str, Any], folder: Path) -> VersionInfo:
        file = doc["file"]
        if not isinstance(file, str) or Path(file).name != file or file in ("", ".", ".."):
            raise ValueError(f"its file {file!r} is outside the list store")
        source_url = str(doc.get("source_url", ""))
        confirmed = doc["confirmed_at"]
        if int(doc.get("format", 1)) < 2 and "://" not in source_url:
            confirmed = None  # format 1 wrote the import time here: never confirmed
        return cls(
            id=str(doc["id"]),
            sha256=str(doc["sha256"]),
            size=int(doc["size"]),
            date_generated=str(doc["date_generated"]),
            retrieved_at=parse_time(doc["retrieved_at"]),
            confirmed_at=parse_time(confirmed) if confirmed not in (None, "") else None,
            source_url=source_url,
            counts={str(k): int(v) for k, v in dict(doc["counts"]).items()},
            path=folder / file,
        )
