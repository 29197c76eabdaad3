"""Typed records for the entries of a sanctions list.

Contract: these frozen dataclasses are what the parser (:mod:`sanctions_check.lists.unxml`)
produces and what every later stage (store, matcher, reports, diff, watch) consumes.
They hold cleaned text (whitespace collapsed, no empty strings), never raw XML.

* :class:`Entry` is one listed individual (``kind == "person"``) or entity
  (``kind == "org"``).
* :class:`Name` is one name of an entry: the primary name, an alias (with its
  quality) or the original-script name.  ``Entry.names()`` yields all of them.
* :class:`SanctionsList` is one parsed list file with its version facts and, once a
  loader has set it, its :class:`~sanctions_check.lists.provenance.ListProvenance`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sanctions_check.lists.provenance import ListProvenance



class Kind(StrEnum):
    """What a listed entry (or a query) is: an individual or an entity."""

    PERSON = "person"
    ORG = "org"


class NameType(StrEnum):
    """Which of an entry's names a :class:`Name` is."""

    PRIMARY = "primary"
    ALIAS = "alias"
    ORIGINAL_SCRIPT = "original_script"
    KNOWN_AS = "known_as"  # a curated name the list does not record (matching.knownas)


PERSON, ORG = Kind.PERSON, Kind.ORG
KINDS = tuple(k.value for k in Kind)  # plain strings: click choices, messages
PRIMARY, ALIAS = NameType.PRIMARY, NameType.ALIAS
ORIGINAL_SCRIPT, KNOWN_AS = NameType.ORIGINAL_SCRIPT, NameType.KNOWN_AS


@dataclass(frozen=True)
class Name:
    """One name of a listed entry."""

    text: str
    name_type: NameType
    quality: str | None = None  # "Good" | "Low" | "a.k.a." | "f.k.a." for aliases
    note: str | None = None

    @property
    def label(self) -> str:
        """Human-readable kind of name, e.g. ``alias (Low)``."""
        if self.name_type == ALIAS and self.quality:
            return f"alias ({self.quality})"
        return self.name_type.replace("_", " ")  # "original script", "known as"


@dataclass(frozen=True)
class DateOfBirth:
    """A date of birth as the list gives it: exact, approximate or a range of years."""

    type_of_date: str | None = None  # EXACT | APPROXIMATELY | BETWEEN
    date: dt.date | None = None
    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    note: str | None = None

    def year_range(self) -> tuple[int, int] | None:
        """The (first, last) years this date of birth allows, or None if unknown."""
        if self.date is not None:
            return (self.date.year, self.date.year)
        if self.year is not None:
            return (self.year, self.year)
        if self.from_year is not None or self.to_year is not None:
            lo = self.from_year if self.from_year is not None else self.to_year
            hi = self.to_year if self.to_year is not None else self.from_year
            assert lo is not None and hi is not None
            return (min(lo, hi), max(lo, hi))
        return None

    def __str__(self) -> str:
        if self.date is not None:
            text = self.date.isoformat()
        elif self.year is not None:
            text = str(self.year)
        elif self.from_year is not None or self.to_year is not None:
            text = f"{self.from_year or '?'}-{self.to_year or '?'}"
        else:
            text = "?"
        if self.type_of_date and self.type_of_date not in ("EXACT", "BETWEEN"):
            text = f"{self.type_of_date.lower()} {text}"
        return text


@dataclass(frozen=True)
class Place:
    """An address or place of birth; every part optional."""

    street: str | None = None
    city: str | None = None
    state_province: str | None = None
    zip_code: str | None = None
    country: str | None = None
    note: str | None = None

    def __str__(self) -> str:
        parts = [self.street, self.city, self.state_province, self.zip_code, self.country]
        text = ", ".join(p for p in parts if p)
        if self.note:
            text = f"{text} ({self.note})" if text else self.note
        return text


@dataclass(frozen=True)
class Document:
    """An identity document listed for an individual."""

    type: str | None = None
    type2: str | None = None
    number: str | None = None
    issuing_country: str | None = None
    date_of_issue: str | None = None
    city_of_issue: str | None = None
    country_of_issue: str | None = None
    note: str | None = None

    def __str__(self) -> str:
        parts = [self.type, self.number, self.issuing_country or self.country_of_issue]
        text = " ".join(p for p in parts if p)
        if self.note:
            text = f"{text} ({self.note})" if text else self.note
        return text


@dataclass(frozen=True)
class Entry:
    """One listed individual or entity."""

    reference_number: str
    dataid: str
    kind: Kind
    primary_name: str
    name_parts: tuple[str, ...] = ()
    version: int | None = None
    regime: str = ""
    listed_on: dt.date | None = None
    aliases: tuple[Name, ...] = ()
    original_script: str | None = None
    titles: tuple[str, ...] = ()
    designations: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()
    dates_of_birth: tuple[DateOfBirth, ...] = ()
    places_of_birth: tuple[Place, ...] = ()
    addresses: tuple[Place, ...] = ()
    documents: tuple[Document, ...] = ()
    gender: str | None = None
    comments: str = ""
    last_updated: tuple[dt.date, ...] = ()
    list_types: tuple[str, ...] = ()

    def names(self) -> tuple[Name, ...]:
        """Every name of the entry: primary first, then aliases, then original script."""
        out = [Name(self.primary_name, PRIMARY)]
        out.extend(self.aliases)
        if self.original_script:
            out.append(Name(self.original_script, ORIGINAL_SCRIPT))
        return tuple(out)


def reference_key(reference_number: str) -> str:
    """A reference number compared as one: case and spaces ignored (``kpi. 038`` is
    ``KPi.038``).  Two entries of a list never share a key (the parser refuses such a list)."""
    return "".join(reference_number.split()).casefold()


@dataclass(frozen=True)
class SanctionsList:
    """A parsed list file: its entries and the facts that identify its version."""

    entries: tuple[Entry, ...]
    date_generated: str  # the root's dateGenerated attribute, verbatim
    sha256: str
    source: str = ""  # file path or URL it was read from
    by_reference: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)
    # where the list in force came from and its confirmation (set by the loaders, not the parser)
    provenance: ListProvenance | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_reference:
            self.by_reference.update({e.reference_number: e for e in self.entries})

    @property
    def generated_at(self) -> dt.datetime | None:
        """``dateGenerated`` as an aware datetime (None if it does not parse)."""
        try:
            value = dt.datetime.fromisoformat(self.date_generated.replace("Z", "+00:00"))
        except ValueError:
            return None
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

    def counts(self) -> dict[str, int]:
        """Counts of persons, organisations and aliases, as stored in manifests."""
        return {
            "persons": sum(1 for e in self.entries if e.kind == PERSON),
            "organisations": sum(1 for e in self.entries if e.kind == ORG),
            "aliases": sum(len(e.aliases) for e in self.entries),
        }

    def get(self, reference_number: str) -> Entry | None:
        return self.by_reference.get(reference_number)


def version_id(sanctions_list: SanctionsList) -> str:
    """The store's id for a parsed list: compact UTC dateGenerated and a sha256 prefix."""
    generated = sanctions_list.generated_at
    stamp = generated.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ") if generated else "undated"
    return f"{stamp}-{sanctions_list.sha256[:12]}"
