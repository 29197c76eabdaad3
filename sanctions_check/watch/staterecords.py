"""What the watch state stores and returns: hit statuses, origins and the record types.

Contract: frozen dataclasses passed between :mod:`sanctions_check.watch.run` (which builds
:class:`HitRecord`, :class:`WatchedName` and :class:`NewsItemRecord` from a run's
findings) and :mod:`sanctions_check.watch.state` (which stores them and gives back
:class:`StoredHit` and :class:`RunRecord`).  :func:`norm_query` is the normalised name
(the screening dedupe key); hits and reviewer decisions share the record key built on it
(:func:`hit_record_key`, :mod:`sanctions_check.screening.recordkeys`: the record ID, else the name,
date of birth and nationality), stored in their ``query_norm`` columns.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class HitStatus(StrEnum):
    """Where a watched hit stands across runs (the ``status`` column of the state database)."""

    NEW = "new"
    OPEN = "open"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLEARED = "cleared"


NEW, OPEN, RESOLVED, REOPENED, CLEARED = tuple(HitStatus)
FALSE_POSITIVE = "False positive"  # the workbook's decision value (sanctions_check.screening.workbook)
NAMES, NEWS = "names", "news"  # hit origins

_WS = re.compile(r"\s+")


def norm_query(text: str) -> str:
    """The key decisions and hits share for a query (the screening dedupe key)."""
    from sanctions_check.screening.run import name_normaliser

    return name_normaliser()(text) or _WS.sub(" ", text).strip().casefold()


def hit_record_key(query: str, key: str = "") -> str:
    """The record key of a hit: ``key`` when the run computed it, else the name's alone
    (a hit recorded without one: no date of birth or nationality known)."""
    from sanctions_check.screening.recordkeys import record_key

    return key or record_key(norm_query(query))


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class HitRecord:
    """One hit as a run found it (the input to :meth:`State.apply_run`)."""

    origin: str  # NAMES | NEWS
    subject_key: str
    query: str
    source: str
    reference_number: str
    primary_name: str
    matched_name: str
    score: float
    band: str
    fingerprint: str | None
    detail: Mapping[str, Any] = field(default_factory=dict)
    decision: str | None = None  # None | "cleared" (False positive stands) | "reopened"
    decision_note: str | None = None  # why re-opened
    record_key: str = ""  # the watched record (sanctions_check.screening.recordkeys); "" name only

    @property
    def hit_key(self) -> str:
        return f"{self.origin}:{self.subject_key}:{self.reference_number}"


@dataclass(frozen=True)
class WatchedName:
    key: str
    name: str
    kind: str | None
    dob: str | None
    nationality: str | None
    source: str


@dataclass(frozen=True)
class NewsItemRecord:
    hash: str
    source: str
    title: str
    url: str
    hits: int = 0


@dataclass(frozen=True)
class StoredHit:
    """A hit row read back from the database."""

    id: int
    hit_key: str
    origin: str
    query: str
    source: str
    reference_number: str
    primary_name: str
    matched_name: str
    score: float
    band: str
    status: str
    reason: str | None
    first_run: int
    last_run: int
    status_run: int
    reported_run: int | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class RunRecord:
    id: int
    started_at: str
    finished_at: str | None
    status: str
    pid: int | None
    list_sha256: str | None
    report_path: str | None


@dataclass
class Changes:
    """What :meth:`State.apply_run` changed (counts, for the log and the summary)."""

    new: int = 0
    reopened: int = 0
    resolved: int = 0
    open: int = 0
    cleared: int = 0
    news_items: int = 0
