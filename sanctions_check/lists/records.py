"""An entry's full record as the parsed list holds it: what ``show`` prints and
``GET /entities/{reference_number}`` answers.

Contract:

* :func:`find_entry` looks an entry up by reference number (surrounding space and case
  ignored, e.g. ``kpi.038``) and raises :class:`~sanctions_check.errors.InputError`
  naming the reference when the list has no such entry.
* :func:`entry_record` returns a JSON-ready dict of every fact of the
  :class:`~sanctions_check.lists.entries.Entry`: names (primary, aliases with quality and note,
  original script), name parts, dates and places of birth, nationalities, titles and
  designations, addresses, documents, gender, regime, listed on, list types, comments,
  last amended dates and version.  Values are the parsed ones, unchanged; absent facts
  are empty lists or None.
* :func:`record_lines` formats a record as ``label: value`` text lines (the CLI's text
  output; the search page renders the same record).
* :func:`lookup_reference` answers a query that is a reference number (``TAi.144``,
  ``tai. 144``) with its entry, or None when the text is not one the list has (``match``
  treats such a query as a reference lookup).
* :func:`canonical_reference` writes a reference number as the list does (``kpi. 066``
  -> ``KPi.066``), for reference numbers a reviewer typed.
* :func:`candidate_facts` gives the short facts ``match`` prints under a candidate: date
  of birth, nationality, designation (each only when the entry has it).

Pure functions, no I/O.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.lazy import lazy_pattern
from sanctions_check.lists.entries import (
    DateOfBirth,
    Document,
    Entry,
    Place,
    SanctionsList,
    reference_key,
)

#: What a reference number looks like (two letters, i/e, a dot, digits), spaces ignored.
REFERENCE_SHAPE = re.compile(r"[A-Za-z]{2}[ieIE]\.\d{1,4}")
_MAX_FACT = 160  # characters of one fact line under a match candidate


def find_entry(sanctions_list: SanctionsList, reference_number: str) -> Entry:
    """The entry with this reference number (case and spaces ignored: :func:`reference_key`)."""
    ref = reference_number.strip()
    entry = sanctions_list.get(ref)
    if entry is None:
        wanted = reference_key(ref)
        entry = next(
            (e for e in sanctions_list.entries if reference_key(e.reference_number) == wanted),
            None,
        )
    if entry is None:
        shown = ref if len(ref) <= 40 else ref[:39] + "…"
        raise InputError(
            f"no entry with reference number {shown!r} in the list of "
            f"{sanctions_list.date_generated}"
        )
    return entry


_REFERENCE = lazy_pattern(r"([A-Za-z]{2})([A-Za-z])\.(\d+)")


def canonical_reference(text: str) -> str:
    """A reference number as the list writes it (``KPi.066``), whatever the case and spaces
    a reviewer typed; text of another shape is kept, without its spaces."""
    compact = "".join(text.split())
    match = _REFERENCE.fullmatch(compact)
    if match is None:
        return compact
    return f"{match[1].upper()}{match[2].lower()}.{match[3]}"


def looks_like_reference(text: str) -> bool:
    """Whether ``text`` has the shape of a reference number (``TAi.144``, ``kpe. 1``)."""
    return REFERENCE_SHAPE.fullmatch("".join(text.split())) is not None


def lookup_reference(sanctions_list: SanctionsList, text: str) -> Entry | None:
    """The entry whose reference number ``text`` is (case and spaces ignored), else None
    (text of another shape, or a reference number the list does not have)."""
    if not looks_like_reference(text):
        return None
    try:
        return find_entry(sanctions_list, "".join(text.split()))
    except InputError:
        return None


def candidate_facts(entry: Entry) -> list[tuple[str, str]]:
    """(label, text) facts shown under a match candidate: date of birth, nationality,
    designation (titles first); labels without a value are left out."""
    facts = [
        ("date of birth", "; ".join(str(d) for d in entry.dates_of_birth)),
        ("nationality", "; ".join(entry.nationalities)),
        ("designation", "; ".join(entry.titles + entry.designations)),
    ]
    return [
        (label, text if len(text) <= _MAX_FACT else text[: _MAX_FACT - 1] + "…")
        for label, text in facts
        if text
    ]


def _facts(item: DateOfBirth | Place | Document) -> dict[str, Any]:
    """A date of birth, place or document: its text as shown, then its fields."""
    fields = {k: v.isoformat() if isinstance(v, dt.date) else v
              for k, v in dataclasses.asdict(item).items()}
    return {"text": str(item), **fields}


def entry_record(entry: Entry) -> dict[str, Any]:
    """Every fact of one entry, JSON-ready (see the module docstring)."""
    return {
        "reference_number": entry.reference_number,
        "dataid": entry.dataid,
        "kind": entry.kind,
        "primary_name": entry.primary_name,
        "name_parts": list(entry.name_parts),
        "aliases": [
            {"name": a.text, "quality": a.quality, "note": a.note} for a in entry.aliases
        ],
        "original_script": entry.original_script,
        "titles": list(entry.titles),
        "designations": list(entry.designations),
        "nationalities": list(entry.nationalities),
        "dates_of_birth": [_facts(d) for d in entry.dates_of_birth],
        "places_of_birth": [_facts(p) for p in entry.places_of_birth],
        "addresses": [_facts(p) for p in entry.addresses],
        "documents": [_facts(d) for d in entry.documents],
        "gender": entry.gender,
        "regime": entry.regime,
        "list_types": list(entry.list_types),
        "listed_on": entry.listed_on.isoformat() if entry.listed_on else None,
        "last_amended": [d.isoformat() for d in entry.last_updated],
        "version": entry.version,
        "comments": entry.comments or None,
    }


def _alias_text(alias: dict[str, Any]) -> str:
    text = alias["name"]
    if alias["quality"]:
        text += f" ({alias['quality']})"
    if alias["note"]:
        text += f" [{alias['note']}]"
    return text


def record_fields(record: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(label, values) pairs in reading order; labels with no value are left out."""
    fields: list[tuple[str, list[str]]] = [
        ("reference number", [record["reference_number"]]),
        ("kind", [record["kind"]]),
        ("name", [record["primary_name"]]),
        ("name parts", [" | ".join(record["name_parts"])] if record["name_parts"] else []),
        ("aliases", [_alias_text(a) for a in record["aliases"]]),
        ("original script", [record["original_script"]] if record["original_script"] else []),
        ("title", record["titles"]),
        ("designation", record["designations"]),
        ("date of birth", [d["text"] + (f" ({d['note']})" if d["note"] else "")
                           for d in record["dates_of_birth"]]),
        ("place of birth", [p["text"] for p in record["places_of_birth"]]),
        ("nationality", record["nationalities"]),
        ("gender", [record["gender"]] if record["gender"] else []),
        ("address", [p["text"] for p in record["addresses"]]),
        ("document", [d["text"] for d in record["documents"]]),
        ("regime", [record["regime"]] if record["regime"] else []),
        ("list type", record["list_types"]),
        ("listed on", [record["listed_on"]] if record["listed_on"] else []),
        ("last amended", record["last_amended"]),
        ("comments", [record["comments"]] if record["comments"] else []),
    ]
    return [(label, [v for v in values if v]) for label, values in fields if any(values)]


def record_lines(record: dict[str, Any]) -> list[str]:
    """The record as ``label: value`` lines; a label with several values repeats indented."""
    lines = []
    for label, values in record_fields(record):
        head = f"{label + ':':<18}"
        for i, value in enumerate(values):
            lines.append(f"{head if i == 0 else '':<18}{value}")
    return lines
