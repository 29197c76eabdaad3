"""Column detection for tabular inputs: which column holds the name, kind, DOB, nationality,
the record ID, and which columns pass through to the outputs.

Contract: a frozen :class:`ColumnSpec` holds what the user said (columns by header or
number, ``keep_columns``, sheet, default kind, format, encoding, date order);
:func:`choose_columns` applies it to the header cells alone and returns a
frozen :class:`ColumnChoice` (0-based indexes per role, whether there is a header,
and the header text used per role, for messages).  The name column is ``column``
if given (header text, case/punctuation-insensitive, or a 1-based number), else
the first header that is an obvious name column (``name``, ``full_name``,
``nom``...), else first + last name columns joined, else the only column (then
the first row is data, not a header).  Secondary columns (kind, date of birth,
nationality) and the record ID (``id``, ``customer_id``, ``Visitor ID``...) are detected
the same way unless named; the header names per role are in ``data/input_headers.csv``.
Every column of a file with a header passes through (``keep_columns`` narrows them), under
its header made unique (:func:`unique_headers`).  ``ColumnChoice.query``
turns one row's cells into a :class:`~sanctions_check.matching.hits.Query` (cells already plain text, see
:func:`sanctions_check.files.csvrecords.cell_text`).
An unknown named column raises :class:`~sanctions_check.errors.InputError`.
:func:`name_column_warning` says when the chosen name column looks like identifiers
or numbers rather than names (most of its values hold no letter).
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.matching.hits import Query
from sanctions_check.names.lexicon import data_csv


# Header names per role (``data/input_headers.csv``), compared after :func:`_norm_header`.
def _headers(role: str) -> tuple[str, ...]:
    return tuple(r["header"] for r in data_csv("input_headers.csv") if r["role"] == role)


NAME_HEADERS = _headers("name")
FIRST_HEADERS = _headers("first")
LAST_HEADERS = _headers("last")
DOB_HEADERS = _headers("dob")
NATIONALITY_HEADERS = _headers("nationality")
KIND_HEADERS = _headers("kind")
ID_HEADERS = _headers("id")

KIND_VALUES = {
    "person": PERSON, "individual": PERSON, "people": PERSON, "naturalperson": PERSON,
    "p": PERSON, "i": PERSON, "human": PERSON,
    "org": ORG, "organisation": ORG, "organization": ORG, "entity": ORG, "company": ORG,
    "o": ORG, "e": ORG, "legalperson": ORG, "business": ORG, "firm": ORG,
}  # fmt: skip


def _norm_header(text: Any) -> str:
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def kind_value(value: Any) -> str | None:
    """``person`` / ``org`` from a kind cell (``Individual``, ``Entity``...), else None."""
    if isinstance(value, str):
        return _kind_text(value)
    return KIND_VALUES.get(_norm_header(value))


@functools.lru_cache(maxsize=1024)
def _kind_text(value: str) -> str | None:
    # kind cells repeat ("person", "org"...): normalise each spelling once per process
    return KIND_VALUES.get(_norm_header(value))


def _find(headers: Sequence[str], wanted: Sequence[str], used: set[int]) -> int | None:
    normed = [_norm_header(h) for h in headers]
    for want in wanted:
        for i, h in enumerate(normed):
            if h == want and i not in used:
                return i
    return None


def _pick(
    path: Path, headers: Sequence[str], given: str | None, role: str, used: set[int]
) -> int | None:
    if given is None:
        return None
    for i, h in enumerate(headers):
        if h == given:
            return i
    for i, h in enumerate(headers):
        if _norm_header(h) == _norm_header(given) and _norm_header(given):
            return i
    if given.isdigit() and 1 <= int(given) <= len(headers):
        return int(given) - 1
    shown = ", ".join(repr(h) for h in headers[:20])
    raise InputError(f"{path}: no {role} column {given!r} (columns: {shown})")


@dataclass(frozen=True)
class ColumnSpec:
    """What the user said about an input file: its columns (None: detected), the sheet of a
    workbook, the kind of rows without one, the format, the encoding and the date order.

    ``keep_columns``: the input columns carried to every output (None: all of them; ``()``:
    none).  Frozen: one spec travels from the CLI to the reader and the engines.
    """

    column: str | None = None  # the name column
    kind_column: str | None = None
    dob_column: str | None = None
    nationality_column: str | None = None
    id_column: str | None = None  # the record key
    keep_columns: tuple[str, ...] | None = None
    sheet: str | None = None
    default_kind: str | None = None
    fmt: str | None = None
    encoding: str | None = None
    date_order: str | None = None  # "dmy" | "mdy" | "ymd": how to read 01/02/1977

    @property
    def roles_given(self) -> bool:
        """Whether any column was named (a text file has none)."""
        return any((self.column, self.kind_column, self.dob_column, self.nationality_column,
                    self.id_column, self.keep_columns))


@dataclass(frozen=True)
class ColumnChoice:
    """Which column (0-based index) serves which role, decided from the header cells."""

    name: int | None  # the name column, or None when first + last are joined
    first: int | None
    last: int | None
    kind: int | None
    dob: int | None
    nationality: int | None
    has_header: bool
    roles: dict[str, str]  # role -> header text, for messages and run metadata
    record_id: int | None = None  # the ID column (the record key)
    keep: tuple[int, ...] = ()  # pass-through columns, in input order
    keep_headers: tuple[str, ...] = ()  # their headers, made unique (output keys)

    @property
    def name_columns(self) -> tuple[int | None, ...]:
        """The columns the name is read from (one, or first + last)."""
        return (self.name, self.first, self.last)

    @property
    def used(self) -> tuple[int, ...]:
        """Every column a query is built from (sorted): the roles and the pass-through."""
        roles = (self.name, self.first, self.last, self.kind, self.dob, self.nationality,
                 self.record_id)
        return tuple(sorted({i for i in roles if i is not None} | set(self.keep)))

    def query(self, cells: Sequence[str], row: int, default_kind: str | None = None,
              date_order: str | None = None) -> Query:
        """The query for one data row (``cells`` already plain text, see
        :func:`~sanctions_check.files.csvrecords.cell_text`); ``date_order`` says how its
        date of birth is read."""
        width, read = self._reader
        # every cell read in one call: a role without a column reads the empty cell appended
        # (index -1), a column past the end of a short row one of those padding it
        first, last, kind_text, dob, nationality, record_id, *kept = read(
            [*cells, ""] if len(cells) >= width else [*cells, *[""] * (width + 1 - len(cells))]
        )
        if self.name is not None:
            name = first
        else:
            name = " ".join(p for p in (first, last) if p)
        return Query(
            name=name,
            kind=kind_value(kind_text) if kind_text else default_kind,
            dob=dob or None,
            nationality=nationality or None,
            row=row,
            record_id=record_id or None,
            passthrough=tuple(zip(self.keep_headers, kept, strict=True)),
            date_order=date_order,
        )

    @functools.cached_property
    def _reader(self) -> tuple[int, Callable[[list[str]], tuple[str, ...]]]:
        """(cells a row needs, a getter of the name (or first), last, kind, dob, nationality,
        ID and pass-through cells of a row with at least that many cells and an empty cell
        appended: the one a role without a column reads)."""
        spots = (self.name if self.name is not None else self.first, self.last, self.kind,
                 self.dob, self.nationality, self.record_id, *self.keep)
        getter = operator.itemgetter(*(-1 if i is None else i for i in spots))
        return max(self.used, default=-1) + 1, getter


def unique_headers(headers: Sequence[str]) -> list[str]:
    """Headers made unique for output keys: a repeated header gets `` (2)``, `` (3)``..."""
    out: list[str] = []
    taken: set[str] = set()
    for h in headers:
        text, n = h, 1
        while text in taken:
            n += 1
            text = f"{h} ({n})"
        taken.add(text)
        out.append(text)
    return out


def _keep(path: Path, headers: Sequence[str], spec: ColumnSpec, has_header: bool
          ) -> tuple[int, ...]:
    if not has_header:
        return ()  # a bare list of names: the name is all there is
    if spec.keep_columns is None:
        return tuple(range(len(headers)))
    picked = {_pick(path, headers, c, "--keep-columns", set()) for c in spec.keep_columns}
    return tuple(sorted(i for i in picked if i is not None))


def choose_columns(
    path: Path | str, headers: Sequence[str], spec: ColumnSpec | None = None
) -> ColumnChoice:
    """Pick the name, secondary, ID and pass-through columns from the first row's cells
    (see the module doc)."""
    spec = spec or ColumnSpec()
    path = Path(path)
    headers = [h or f"column {i + 1}" for i, h in enumerate(headers)]
    used: set[int] = set()
    has_header = True
    name_i = _pick(path, headers, spec.column, "name", used)
    first_i = last_i = None
    if name_i is None:
        name_i = _find(headers, NAME_HEADERS, used)
    if name_i is None:
        first_i = _find(headers, FIRST_HEADERS, used)
        last_i = _find(headers, LAST_HEADERS, used)
        if first_i is None or last_i is None:
            first_i = last_i = None
    if name_i is None and first_i is None:
        if len(headers) == 1 and not spec.roles_given:
            has_header = False  # a bare list of names
            name_i = 0
        else:
            shown = ", ".join(repr(h) for h in headers[:20])
            raise InputError(
                f"{path}: no obvious name column (columns: {shown}); choose one with --column"
            )
    roles: dict[str, str] = {}
    if name_i is not None:
        used.add(name_i)
        if has_header:
            roles["name"] = headers[name_i]
    else:
        assert first_i is not None and last_i is not None
        used.update({first_i, last_i})
        roles["name"] = f"{headers[first_i]} + {headers[last_i]}"
    picked: dict[str, int | None] = {}
    for role, opt, wanted in (
        ("kind", spec.kind_column, KIND_HEADERS),
        ("dob", spec.dob_column, DOB_HEADERS),
        ("nationality", spec.nationality_column, NATIONALITY_HEADERS),
        ("id", spec.id_column, ID_HEADERS),
    ):
        index = _pick(path, headers, opt, role, used) if has_header else None
        if index is None and has_header and opt is None:
            index = _find(headers, wanted, used)
        if index is not None:
            used.add(index)
            roles[role] = headers[index]
        picked[role] = index
    keep = _keep(path, headers, spec, has_header)
    names = unique_headers(headers)
    return ColumnChoice(
        name_i,
        first_i,
        last_i,
        picked["kind"],
        picked["dob"],
        picked["nationality"],
        has_header,
        roles,
        picked["id"],
        keep,
        tuple(names[i] for i in keep),
    )


def name_column_warning(names: Sequence[str], column: str | None) -> str | None:
    """A warning when most non-blank ``names`` hold no letter at all (identifiers, numbers,
    dates): the wrong column was probably chosen.  ``column``: its header, None for a
    headerless file."""
    values = [n for n in names if n.strip()]
    empty = sum(1 for n in values if not any(c.isalpha() for c in n))
    if not values or empty * 2 <= len(values):
        return None
    where = f"column {column!r}" if column else "the name column"
    return (f"{where} holds no letters in {empty} of {len(values)} rows: it looks like "
            "identifiers or numbers, not names; choose the name column with --column")
