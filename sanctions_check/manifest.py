"""Manifests of stored list versions: the facts that identify a version, as JSON.

Contract: :class:`VersionInfo` is one stored version (id, sha256, size, dateGenerated,
retrieval and confirmation times, source URL, counts, file path); ``to_manifest`` /
``from_manifest`` convert it to and from the JSON written beside the stored XML.
:func:`version_id` names a parsed list as ``<compact UTC dateGenerated>-<sha256[:12]>``.
Times are aware UTC datetimes, written as ISO 8601 with ``Z``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.entries import SanctionsList

MANIFEST_FORMAT = 1


def iso_time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_time(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def version_id(sanctions_list: SanctionsList) -> str:
    """The store's id for a parsed list: compact UTC dateGenerated and a sha256 prefix."""
    generated = sanctions_list.generated_at
    stamp = generated.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ") if generated else "undated"
    return f"{stamp}-{sanctions_list.sha256[:12]}"


@dataclass(frozen=True)
class VersionInfo:
    """One stored list version, as its manifest describes it."""

    id: str
    sha256: str
    size: int
    date_generated: str
    retrieved_at: dt.datetime
    confirmed_at: dt.datetime
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

    def age(self, now: dt.datetime | None = None) -> dt.timedelta:
        """Time since this version was installed or last confirmed unchanged at its source."""
        return (now or dt.datetime.now(dt.UTC)) - self.confirmed_at

    def to_manifest(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "id": self.id,
            "file": self.path.name,
            "sha256": self.sha256,
            "size": self.size,
            "date_generated": self.date_generated,
            "retrieved_at": iso_time(self.retrieved_at),
            "confirmed_at": iso_time(self.confirmed_at),
            "source_url": self.source_url,
            "counts": dict(self.counts),
        }

    @classmethod
    def from_manifest(cls, doc: dict[str, Any], folder: Path) -> VersionInfo:
        return cls(
            id=str(doc["id"]),
            sha256=str(doc["sha256"]),
            size=int(doc["size"]),
            date_generated=str(doc["date_generated"]),
            retrieved_at=parse_time(doc["retrieved_at"]),
            confirmed_at=parse_time(doc["confirmed_at"]),
            source_url=str(doc.get("source_url", "")),
            counts={str(k): int(v) for k, v in dict(doc["counts"]).items()},
            path=folder / str(doc["file"]),
        )
