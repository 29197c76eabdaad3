"""Parse the official UN Security Council Consolidated List XML into typed entries.

Contract: :func:`parse_list` takes a path (read by :func:`read_local`, at most
:data:`DEFAULT_MAX_BYTES`) and :func:`parse_bytes` takes the file's bytes; both return a :class:`~sanctions_check.lists.entries.SanctionsList` or raise
:class:`~sanctions_check.errors.ListError` with one line naming the source and the
problem.  Parsing is safe against hostile XML: DTDs (and so entity declarations,
external entities and entity expansion such as "billion laughs") are refused, and
nothing is fetched from the network.  An HTML page (a server's error or login page
offered instead of the list) is called one, and a list in which two entries share a
reference number is refused, naming the duplicates.

Cleaning: whitespace (including stray newlines inside names) is collapsed, empty
elements and empty aliases are dropped, reference numbers are trimmed.
Schema: https://www.un.org/sc/resources/sc-sanctions.xsd (the files in lists/ and tests/data/ follow it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sanctions_check.errors import ListError
from sanctions_check.files.lazy import lazy_pattern
from sanctions_check.files.reading import read_user_file
from sanctions_check.lists.entries import (
    ALIAS,
    ORG,
    PERSON,
    DateOfBirth,
    Document,
    Entry,
    Name,
    Place,
    SanctionsList,
    reference_key,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

ROOT_TAG = "CONSOLIDATED_LIST"
# Bump whenever parsing changes what an Entry holds or what a list must pass: parse caches
# keyed on it are rebuilt (and so re-checked).  4: reference numbers differing only in case
# or spaces are duplicates.
PARSER_VERSION = 4
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # largest list file read (the official list is ~2 MB)
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_WS = lazy_pattern(r"\s+")
# an HTML document (a server's error or login page offered instead of the list)
_HTML = lazy_pattern(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_SHOWN_DUPLICATES = 5


def clean(text: str | None) -> str | None:
    """Collapse whitespace; None for empty or missing text."""
    if text is None:
        return None
    text = _WS.sub(" ", text).strip()
    return text or None


def _text(el: Element, tag: str) -> str | None:
    child = el.find(tag)
    return clean(child.text) if child is not None else None


def _values(el: Element, tag: str) -> tuple[str, ...]:
    """Cleaned, de-duplicated texts of ``tag/VALUE`` children."""
    out: list[str] = []
    for container in el.findall(tag):
        for value in container.findall("VALUE"):
            text = clean(value.text)
            if text and text not in out:
                out.append(text)
    return tuple(out)


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _place(el: Element) -> Place | None:
    place = Place(
        street=_text(el, "STREET"),
        city=_text(el, "CITY"),
        state_province=_text(el, "STATE_PROVINCE"),
        zip_code=_text(el, "ZIP_CODE"),
        country=_text(el, "COUNTRY"),
        note=_text(el, "NOTE"),
    )
    return place if str(place) else None


def _dob(el: Element) -> DateOfBirth | None:
    dob = DateOfBirth(
        type_of_date=_text(el, "TYPE_OF_DATE"),
        date=_date(_text(el, "DATE")),
        year=_int(_text(el, "YEAR")),
        from_year=_int(_text(el, "FROM_YEAR")),
        to_year=_int(_text(el, "TO_YEAR")),
        note=_text(el, "NOTE"),
    )
    if dob.year_range() is None and not dob.note:
        return None
    return dob


def _document(el: Element) -> Document | None:
    doc = Document(
        type=_text(el, "TYPE_OF_DOCUMENT"),
        type2=_text(el, "TYPE_OF_DOCUMENT2"),
        number=_text(el, "NUMBER"),
        issuing_country=_text(el, "ISSUING_COUNTRY"),
        date_of_issue=_text(el, "DATE_OF_ISSUE"),
        city_of_issue=_text(el, "CITY_OF_ISSUE"),
        country_of_issue=_text(el, "COUNTRY_OF_ISSUE"),
        note=_text(el, "NOTE"),
    )
    return doc if str(doc) else None


def _aliases(el: Element, tag: str, primary: str) -> tuple[Name, ...]:
    out: list[Name] = []
    seen = {primary.casefold()}
    for alias in el.findall(tag):
        text = _text(alias, "ALIAS_NAME")
        if not text or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        out.append(Name(text, ALIAS, quality=_text(alias, "QUALITY"), note=_text(alias, "NOTE")))
    return tuple(out)


_ALIAS_DOB = lazy_pattern(r"^(\d{4})(?:-(\d{2})-(\d{2}))?(?:\s*-\s*(\d{4}))?$")


def _alias_dob(text: str, note: str) -> DateOfBirth | None:
    """A date of birth written inside an alias element: YYYY, YYYY-MM-DD or YYYY - YYYY."""
    m = _ALIAS_DOB.match(text)
    if not m:
        return None
    year, month, day, to_year = m.groups()
    if to_year:
        return DateOfBirth("BETWEEN", from_year=int(year), to_year=int(to_year), note=note)
    if month:
        date = _date(text)
        if date is not None:
            return DateOfBirth("EXACT", date=date, note=note)
    return DateOfBirth("EXACT", year=int(year), note=note)


def _alias_births(el: Element, tag: str) -> tuple[list[DateOfBirth], list[Place]]:
    """Dates and places of birth given inside alias elements (some with an empty name)."""
    dobs: list[DateOfBirth] = []
    places: list[Place] = []
    for alias in el.findall(tag):
        name = _text(alias, "ALIAS_NAME")
        note = f"given for alias {name}" if name else "given in an alias record"
        text = _text(alias, "DATE_OF_BIRTH")
        dob = _alias_dob(text, note) if text else None
        if dob is not None:
            dobs.append(dob)
        city, country = _text(alias, "CITY_OF_BIRTH"), _text(alias, "COUNTRY_OF_BIRTH")
        if city or country:
            places.append(Place(city=city, country=country, note=note))
    return dobs, places


def _entry(el: Element, kind: str) -> Entry:
    prefix = "INDIVIDUAL" if kind == PERSON else "ENTITY"
    parts = tuple(p for p in (_text(el, tag) for tag in _NAME_PARTS) if p)
    primary = " ".join(parts)
    ref = _text(el, "REFERENCE_NUMBER") or ""
    dataid = _text(el, "DATAID") or ""
    if not primary or not (ref or dataid):
        raise ValueError(f"{prefix.lower()} {ref or dataid or '?'} has no name or no reference")
    comments = " ".join(c for c in (_text(el, "COMMENTS1"),) if c)
    alias_dobs, alias_places = _alias_births(el, f"{prefix}_ALIAS")
    return Entry(
        reference_number=ref or f"DATAID:{dataid}",
        dataid=dataid,
        kind=kind,
        primary_name=primary,
        name_parts=parts,
        version=_int(_text(el, "VERSIONNUM")),
        regime=_text(el, "UN_LIST_TYPE") or "",
        listed_on=_date(_text(el, "LISTED_ON")),
        aliases=_aliases(el, f"{prefix}_ALIAS", primary),
        original_script=_text(el, "NAME_ORIGINAL_SCRIPT"),
        titles=_values(el, "TITLE"),
        designations=_values(el, "DESIGNATION"),
        nationalities=_values(el, "NATIONALITY"),
        dates_of_birth=tuple(
            d for d in (_dob(x) for x in el.findall(f"{prefix}_DATE_OF_BIRTH")) if d
        )
        + tuple(alias_dobs),
        places_of_birth=tuple(
            p for p in (_place(x) for x in el.findall(f"{prefix}_PLACE_OF_BIRTH")) if p
        )
        + tuple(alias_places),
        addresses=tuple(p for p in (_place(x) for x in el.findall(f"{prefix}_ADDRESS")) if p),
        documents=tuple(d for d in (_document(x) for x in el.findall(f"{prefix}_DOCUMENT")) if d),
        gender=_text(el, "GENDER"),
        comments=comments,
        last_updated=tuple(
            d for d in (_date(v) for v in _values(el, "LAST_DAY_UPDATED")) if d is not None
        ),
        list_types=_values(el, "LIST_TYPE"),
    )


def parse_bytes(data: bytes, source: str = "<bytes>") -> SanctionsList:
    """Parse UN list XML from bytes; ``source`` names it in error messages."""
    if not data.strip():
        raise ListError(f"{source}: file is empty")
    if _HTML.match(data[:4096]):
        raise ListError(f"{source}: this is an HTML page (an error or login page?), "
                        "not the UN list XML")
    # imported here: loading a list from its parse cache never needs the XML parser
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ListError(f"{source}: refused unsafe XML ({type(exc).__name__})") from None
    except ParseError as exc:
        raise ListError(f"{source}: not well-formed XML ({exc})") from None
    if root.tag != ROOT_TAG:
        raise ListError(
            f"{source}: not a UN consolidated list (root element <{root.tag}>, "
            f"expected <{ROOT_TAG}>)"
        )
    date_generated = clean(root.get("dateGenerated"))
    if not date_generated:
        raise ListError(f"{source}: the list has no dateGenerated attribute")
    individuals = root.find("INDIVIDUALS")
    entities = root.find("ENTITIES")
    if individuals is None or entities is None:
        raise ListError(f"{source}: the list lacks its INDIVIDUALS or ENTITIES section")
    entries: list[Entry] = []
    try:
        for el in individuals.findall("INDIVIDUAL"):
            entries.append(_entry(el, PERSON))
        for el in entities.findall("ENTITY"):
            entries.append(_entry(el, ORG))
    except ValueError as exc:
        raise ListError(f"{source}: {exc}") from None
    if not entries:
        raise ListError(f"{source}: the list has no entries")
    _refuse_duplicates(entries, source)
    return SanctionsList(
        entries=tuple(entries),
        date_generated=date_generated,
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
    )


def _refuse_duplicates(entries: list[Entry], source: str) -> None:
    """Every entry has its own reference number: diffs, decisions and watch hits are keyed
    on it, so two entries sharing one would be mixed up (one looks removed).  Spellings
    that differ only in case or spaces are the same number (``show``, the service and
    reviewers' decisions find an entry either way)."""
    seen: dict[str, str] = {}  # the number's key -> its first spelling
    duplicates: dict[str, None] = {}
    for entry in entries:
        ref = entry.reference_number
        key = reference_key(ref)
        if key in seen:
            first = seen[key]
            duplicates[first if first == ref else f"{first} (also as {ref!r})"] = None
        else:
            seen[key] = ref
    if duplicates:
        shown = ", ".join(list(duplicates)[:_SHOWN_DUPLICATES])
        more = len(duplicates) - _SHOWN_DUPLICATES
        raise ListError(
            f"{source}: duplicate reference number{'s' if len(duplicates) > 1 else ''} "
            f"{shown}{f' and {more} more' if more > 0 else ''}: each entry must have its own "
            "(a damaged or altered list; refused)"
        )


def read_local(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES, label: str = "") -> bytes:
    """Read a local list file completely (ListError naming ``label`` or the path)."""
    return read_user_file(
        path, what="list file", error=ListError, max_bytes=max_bytes, label=label
    )


def parse_list(path: str | Path) -> SanctionsList:
    """Read and parse a UN list XML file."""
    return parse_bytes(read_local(path), str(path))


__all__ = ["DEFAULT_MAX_BYTES", "parse_bytes", "parse_list", "read_local", "clean", "ROOT_TAG", "PARSER_VERSION", "ORG", "PERSON"]
