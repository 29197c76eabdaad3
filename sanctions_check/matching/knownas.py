"""Curated "known as" names: names the list does not record, under which listed subjects are
known in news and reports ("ISIS", "Daesh", "Mullah Omar", "Chemical Ali").

Contract: :func:`read_known_as` reads a CSV file ``reference_number,name,kind,source`` (``#``
comment lines allowed, one of them ``# version: ...``) into a frozen :class:`KnownNames`,
rejecting a broken file with one :class:`~sanctions_check.errors.InputError` line naming the
file and the row.  :func:`default_known_as` is the reviewed, versioned file kept in the
repository as ``lists/known_as.csv`` and installed with the package (package data
``sanctions_check/data/known_as.csv``, a link to it in the repository); :func:`combine` puts
several sets together (the curated file, then the user's ``--aliases FILE``);
:func:`add_titled_known` records, for the matcher, the curated names with a title that a
query wrote exactly (``forms.titled_known_names``).
:meth:`KnownNames.by_reference` gives the names per listed entry as
:class:`~sanctions_check.lists.entries.Name` s of type ``known_as`` (label "known as", the source in
``note``), which the matcher scores like aliases: evidence, never a rewrite of the query.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sanctions_check.errors import InputError, ListError
from sanctions_check.files.reading import read_user_file
from sanctions_check.lists.entries import KINDS, KNOWN_AS, Entry, Name
from sanctions_check.matching.forms import NameForm
from sanctions_check.matching.ranking import Best, Prune

COLUMNS = ("reference_number", "name", "kind", "source")
MAX_BYTES = 10 * 1024 * 1024
# package data (a link to lists/known_as.csv in the repository, a copy in a built wheel)
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "known_as.csv"
_REF_RE = re.compile(r"^[A-Z]{2}[ie]\.\d{3}$")
_VERSION_RE = re.compile(r"^#\s*version:\s*(\S+)", re.MULTILINE)


@dataclass(frozen=True)
class KnownName:
    """One curated name of a listed entry, with the public source that uses it."""

    reference_number: str
    name: str
    kind: str
    source: str


@dataclass(frozen=True)
class KnownNames:
    """The curated names of one or more files, and where they came from."""

    names: tuple[KnownName, ...] = ()
    versions: tuple[str, ...] = ()  # "known_as.csv 2026-12-06.1", one per file

    def by_reference(self) -> dict[str, list[Name]]:
        """reference number -> its curated names, as ``known_as`` names (source in ``note``)."""
        out: dict[str, list[Name]] = {}
        for k in self.names:
            names = out.setdefault(k.reference_number, [])
            if all(n.text != k.name for n in names):
                names.append(Name(k.name, KNOWN_AS, None, f"source: {k.source}"))
        return out

    def kinds(self) -> dict[str, str]:
        """reference number -> the kind the file gives it (checked against the list)."""
        return {k.reference_number: k.kind for k in self.names}


def add_titled_known(
    found: Sequence[tuple[int, Name]],
    tokens: tuple[str, ...],
    weights: Sequence[float],
    kind: str,
    best: dict[int, Best],
    prune: Prune,
    score: float,
) -> None:
    """Record the curated names a query wrote exactly, title included
    (``forms.titled_known_names``): each entry's best becomes ``score`` (the matcher's
    ``known_as_score``, 100 by default: "Mullah Omar" as written)."""
    for ei, known in found:
        cur = best.get(ei)
        if cur is None or score > cur.score:
            form = NameForm(ei, known, tokens, tuple(weights), kind, "known")
            best[ei] = Best(score, form, None, known=known.text)
            prune.scored(best, score)


def read_known_as(path: str | Path) -> KnownNames:
    """Read a "known as" file (see the module docstring)."""
    path = Path(path)
    text = read_user_file(path, max_bytes=MAX_BYTES).decode("utf-8-sig", errors="replace")
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError(f"{path}: no rows (columns: {','.join(COLUMNS)})")
    header = [c.strip().lower() for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} "
                         f"(columns: {','.join(COLUMNS)})")
    at = {c: header.index(c) for c in COLUMNS}
    names = []
    for n, cells in enumerate(rows[1:], start=2):
        row = {c: (cells[i].strip() if i < len(cells) else "") for c, i in at.items()}
        where = f"{path}: row {n}"
        if not _REF_RE.match(row["reference_number"]):
            raise InputError(f"{where}: {row['reference_number']!r} is not a UN reference "
                             "number (e.g. QDe.115)")
        if row["kind"] not in KINDS:
            raise InputError(f"{where}: kind {row['kind']!r} (use person or org)")
        if not row["name"]:
            raise InputError(f"{where}: empty name")
        if not row["source"]:
            raise InputError(f"{where}: no source (every curated name needs a public source)")
        names.append(KnownName(row["reference_number"], row["name"], row["kind"], row["source"]))
    version = _VERSION_RE.search(text)
    label = f"{path.name} {version.group(1) if version else '(no version)'}"
    return KnownNames(tuple(names), (label,))


def default_known_as() -> KnownNames:
    """The reviewed file installed with the package; a missing one is a broken installation
    (a :class:`ListError`), never a silent match without the curated names."""
    if not DEFAULT_PATH.is_file():
        raise ListError(
            f"{DEFAULT_PATH}: the curated known-as names are missing from this installation; "
            "reinstall sanctions-check"
        )
    return read_known_as(DEFAULT_PATH)


def checked_known_names(known: KnownNames, entries: Sequence[Entry]) -> dict[str, list[Name]]:
    """:meth:`KnownNames.by_reference` for the entries of a list: a name of an entry not on it
    (delisted) is left out; one whose kind is not the entry's is an :class:`InputError`."""
    kinds = {e.reference_number: e.kind for e in entries}
    names = known.by_reference()
    for k in known.names:
        if k.reference_number in kinds and kinds[k.reference_number] != k.kind:
            raise InputError(
                f"{', '.join(known.versions)}: {k.reference_number} ({k.name!r}) is "
                f"{'a person' if kinds[k.reference_number] == 'person' else 'an organisation'}"
                f" on the list, not {'a person' if k.kind == 'person' else 'an organisation'}"
            )
    return {ref: n for ref, n in names.items() if ref in kinds}


def known_as_with(path: str | Path | None) -> KnownNames | None:
    """The curated names to match with: the repository's file plus the user's file at
    ``path``; None (the matcher's default, the repository's file) without one."""
    if path is None:
        return None
    return combine([default_known_as(), read_known_as(path)])


def combine(sets: Iterable[KnownNames | None]) -> KnownNames:
    """Several sets of curated names as one."""
    names: list[KnownName] = []
    versions: list[str] = []
    for s in sets:
        if s is not None:
            names.extend(s.names)
            versions.extend(s.versions)
    return KnownNames(tuple(names), tuple(versions))
