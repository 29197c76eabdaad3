"""The parse cache of a stored list version: load a parsed list in milliseconds, never trust a bad one.

Contract: :func:`write_cache` stores a parsed :class:`~sanctions_check.lists.entries.SanctionsList`
next to its stored XML as a pack file (:mod:`sanctions_check.files.packfile`: msgpack with a
magic line, a CRC-32 checksum of the payload and a fingerprint of the package version,
the parser version and the fields of the entry classes).  :func:`read_cache` returns the
list only when every check passes and the list's sha256 is the one asked for; anything
else (missing, corrupt, foreign, stale, an old pickle cache) returns None so the caller
re-parses the XML and rewrites the cache.  Loading it cannot run code: the pack holds
plain values, turned back into the frozen dataclasses of :mod:`sanctions_check.lists.entries`
field by field (dates as ordinals).

Lists outside the store (a file named with ``--list``, the bundled snapshot) are cached too,
by content: :func:`parse_file_cached` keeps ``<sha256>.cache`` (and the matcher's index
cache keeps ``<sha256>.index``) in :func:`file_cache_dir` (``<data dir>/cache``), the
:data:`FILE_CACHE_KEEP` lists written last; any other file there is removed when a new
list's cache is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from sanctions_check.files.lazy import lazy_logger
from sanctions_check.files.packfile import build_records, read_pack, write_pack
from sanctions_check.lists import entries, unxml
from sanctions_check.lists.entries import (
    DateOfBirth,
    Document,
    Entry,
    Kind,
    Name,
    NameType,
    Place,
    SanctionsList,
)
from sanctions_check.version import __version__

log = lazy_logger(__name__)

CACHE_KIND = "parse cache"
CACHE_SUFFIX = ".cache"
LEGACY_SUFFIX = ".pickle"  # caches before packs: never read, removed when seen
INDEX_SUFFIX = ".index"  # the built index beside it (sanctions_check.matchercache)
FILE_CACHE_DIR = "cache"  # <data dir>/cache: caches of lists outside the store, by sha256
FILE_CACHE_KEEP = 4  # lists whose caches are kept there (the most recently written)

# Layout of the payload: one table (list of field tuples) per record class.  A nested field
# of an entry (aliases, addresses...) holds the number of its records, which follow in
# order in the table of their class; dates are ordinals.  Flat tables let a load build
# every record of a class in one pass that runs in C (the hot loop of a cache load).
_NESTED: dict[str, type] = {
    "aliases": Name, "dates_of_birth": DateOfBirth, "places_of_birth": Place,
    "addresses": Place, "documents": Document,
}
_TABLES: tuple[type, ...] = (Entry, Name, DateOfBirth, Place, Document)
_DATE_FIELDS = {"listed_on", "date"}
_DATE_TUPLES = {"last_updated"}


def cache_fingerprint() -> str:
    """Changes with the shape of the cached classes, the parser version or the package version."""
    classes = (entries.SanctionsList, *_TABLES)
    shape = [(c.__name__, [f.name for f in dataclasses.fields(c)]) for c in classes]
    return hashlib.sha256(repr((__version__, unxml.PARSER_VERSION, shape)).encode()).hexdigest()


def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _encode(record: Any, tables: dict[str, list[tuple[Any, ...]]]) -> None:
    """Append ``record`` (and, first, its nested records) to the tables."""
    row = []
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if name in _NESTED:
            for child in value:
                _encode(child, tables)
            value = len(value)
        elif name in _DATE_FIELDS:
            value = None if value is None else value.toordinal()
        elif name in _DATE_TUPLES:
            value = tuple(d.toordinal() for d in value)
        row.append(value)
    tables[type(record).__name__].append(tuple(row))


def _build_all(cls: type, rows: list[Any] | tuple[Any, ...]) -> list[Any]:
    """One ``cls`` per row of field values, as unpickling builds them (no ``__init__``)."""
    return build_records(cls, _field_names(cls), rows)


def _decode_entries(tables: dict[str, Any]) -> tuple[Entry, ...]:
    built = {cls: _build_all(cls, tables[cls.__name__]) for cls in _TABLES[1:]}
    fromordinal = dt.date.fromordinal
    for dob in built[DateOfBirth]:
        if dob.date is not None:
            dob.__dict__["date"] = fromordinal(dob.date)
    name_types = {t.value: t for t in NameType}  # a lookup: NameType(value) costs ten times more
    for name in built[Name]:  # the vocabularies come back as their strings: as parsed again
        name.__dict__["name_type"] = name_types[name.name_type]
    names = _field_names(Entry)
    nested = [(names.index(name), cls) for name, cls in _NESTED.items()]
    dated = [names.index(name) for name in _DATE_FIELDS if name in names]
    date_tuples = [names.index(name) for name in _DATE_TUPLES]
    kind, kinds = names.index("kind"), {k.value: k for k in Kind}
    taken = dict.fromkeys(built, 0)
    rows = []
    for row in tables[Entry.__name__]:
        row = list(row)
        row[kind] = kinds[row[kind]]
        for i, cls in nested:  # the entry's records: the next row[i] of their table
            start = taken[cls]
            taken[cls] = start + row[i]
            row[i] = tuple(built[cls][start : start + row[i]])
        for i in dated:
            if row[i] is not None:
                row[i] = fromordinal(row[i])
        for i in date_tuples:
            row[i] = tuple(map(fromordinal, row[i]))
        rows.append(row)
    if any(taken[cls] != len(built[cls]) for cls in built):
        raise ValueError("nested records do not add up")
    return tuple(_build_all(Entry, rows))


def read_cache(path: Path, sha256: str) -> SanctionsList | None:
    """The cached parse of the list with this sha256, or None if the cache is not good."""
    doc = read_pack(path, CACHE_KIND, cache_fingerprint())
    if doc is None:
        return None
    try:
        if doc["sha256"] != sha256:
            log.info("%s: parse cache is for another version; rebuilding it", path)
            return None
        return SanctionsList(
            entries=_decode_entries(doc["tables"]),
            date_generated=doc["date_generated"],
            sha256=doc["sha256"],
            source=doc["source"],
        )
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError) as exc:
        log.warning("%s: parse cache does not load (%s); rebuilding it", path, exc)
        return None


def write_cache(path: Path, parsed: SanctionsList) -> None:
    """Write the parse cache atomically; a failure only costs speed, so it is logged."""
    tables: dict[str, list[tuple[Any, ...]]] = {cls.__name__: [] for cls in _TABLES}
    for entry in parsed.entries:
        _encode(entry, tables)
    doc = {
        "sha256": parsed.sha256,
        "date_generated": parsed.date_generated,
        "source": parsed.source,
        "tables": tables,
    }
    try:
        write_pack(path, CACHE_KIND, cache_fingerprint(), doc)
    except OSError as exc:  # a read-only store still works, only slower
        log.warning("cannot write parse cache %s (%s)", path, exc)


def file_cache_dir(data_dir: Path) -> Path:
    """Where the caches of lists outside the store live (see the module docstring)."""
    return Path(data_dir) / FILE_CACHE_DIR


def parse_file_cached(data: bytes, source: str, cache_dir: Path | None) -> SanctionsList:
    """The list file ``data`` (named ``source`` in messages) parsed, through a parse cache
    ``<sha256>.cache`` in ``cache_dir`` (None: parsed, nothing written).  A missing or bad
    cache is rebuilt; a failure to write it is logged, and only costs speed."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = None if cache_dir is None else cache_dir / f"{sha256}{CACHE_SUFFIX}"
    parsed = None if path is None else read_cache(path, sha256)
    if parsed is None:
        from sanctions_check.lists.unxml import parse_bytes  # only when the cache is not good

        parsed = parse_bytes(data, source)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                log.warning("cannot write parse cache %s (%s)", path, exc)
            else:
                write_cache(path, parsed)
                prune_file_caches(path.parent, keep=sha256)
    if parsed.source != source:
        parsed = dataclasses.replace(parsed, source=source)
    return parsed


def prune_file_caches(cache_dir: Path, keep: str, count: int = FILE_CACHE_KEEP) -> None:
    """Remove the caches in ``cache_dir`` of all but the ``count`` lists written last
    (``keep``, a sha256, always stays)."""
    try:
        files = [p for p in cache_dir.iterdir() if p.suffix in (CACHE_SUFFIX, INDEX_SUFFIX)]
        written: dict[str, float] = {}
        for p in files:
            written[p.stem] = max(written.get(p.stem, 0.0), p.stat().st_mtime)
        others = sorted((k for k in written if k != keep), key=written.__getitem__, reverse=True)
        kept = {keep, *others[: count - 1]}
        for p in files:
            if p.stem not in kept:
                p.unlink(missing_ok=True)
    except OSError as exc:  # a clean-up: failing costs disk space only
        log.info("cannot prune the list caches in %s (%s)", cache_dir, exc)
