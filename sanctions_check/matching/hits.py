"""What the matcher is asked and what it answers: queries, evidence and hits.

Contract: frozen dataclasses passed from the matcher to screening, news, reports
and watch.  A :class:`Hit` always carries the full list :class:`Entry` it points
to, the exact list :class:`Name` that matched, its score (0-100), its band and the
evidence that explains the score, so any report can show why it was raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from sanctions_check.lists.entries import Entry, Kind, Name
from sanctions_check.matching.config import Band


@dataclass(frozen=True)
class Query:
    """A name to screen, with optional secondary evidence as the user gave it."""

    name: str
    kind: Kind | str | None = None  # person | org (a Kind or its string) | None (unknown)
    dob: str | None = None  # as given: "YYYY", "YYYY-MM-DD", "25.07.1972", "7 July 1955"...
    nationality: str | None = None  # as given: country name, demonym or ISO 3166 code
    row: int | None = None  # input row / line number, for reports
    record_id: str | None = None  # the record key of the input's ID column (--id-column)
    # the input's own columns carried to every output: (header, cell text) in input order
    passthrough: tuple[tuple[str, str], ...] = ()
    date_order: str | None = None  # how to read a numeric dob: "dmy" | "mdy" | "ymd"


@dataclass(frozen=True)
class Evidence:
    """One scoring feature's outcome: its name, its score or adjustment, and why."""

    feature: str  # e.g. "name", "tokens", "acronym", "dob", "nationality"
    score: float
    detail: str


@dataclass(frozen=True)
class Hit:
    """One candidate list entry for a query, scored and explained."""

    query: str
    score: float  # 0-100
    band: Band  # strong | possible | weak (below the alert threshold)
    entry: Entry
    matched_name: Name
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    # the query's date of birth / nationality against the entry's: "agrees", "conflicts",
    # "unknown" (not understood, or the list gives none; an Agreement); None when the query
    # gave none
    dob_match: str | None = None
    nationality_match: str | None = None

    @property
    def reference_number(self) -> str:
        return self.entry.reference_number

    @property
    def primary_name(self) -> str:
        return self.entry.primary_name

    @property
    def matched_name_type(self) -> str:
        return self.matched_name.name_type

    @property
    def alias_quality(self) -> str | None:
        return self.matched_name.quality

    @property
    def regime(self) -> str:
        return self.entry.regime

    @property
    def listed_on(self) -> dt.date | None:
        return self.entry.listed_on


class NameMatcher(Protocol):
    """What the reporting layers (screening, batch, news, watch, service) need of a matcher:
    :class:`~sanctions_check.matching.matcher.Matcher` is one."""

    threshold: float

    def match(
        self,
        name: str,
        kind: str | None = None,
        dob: str | None = None,
        nationality: str | None = None,
        limit: int | None = 10,
        min_score: float | None = None,
        best_only_below: float | None = None,
        date_order: str | None = None,
    ) -> list[Hit]: ...

    def describe(self) -> dict[str, object]: ...
