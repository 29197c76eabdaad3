"""The index cache of a stored list version: a warm start for ``match``, ``compare`` and screens.

Contract: :func:`cached_matcher` returns the :class:`~sanctions_check.matching.matcher.Matcher` over a
list, loading its built state (name forms, token weights, index, bounds) from an index file
when a good one exists, else building it and writing the file (a failure to write only
costs speed, and is logged).  The file is a pack file (:mod:`sanctions_check.files.packfile`:
msgpack with a checksum), stored next to the list's parse cache
(:data:`~sanctions_check.lists.cache.INDEX_SUFFIX`; for a list outside the store, in
``<data dir>/cache`` by the list's sha256), so loading it cannot run code: plain
values, and values of other types as tagged maps (:data:`TAG`) that the unpacker's object
hook builds: numpy and stdlib arrays rebuilt from their bytes (numeric types only), the name
forms as packed rows each built when first read (:class:`LoadedForms`), the large lookup
tables of :data:`PACKED_MAPS` as :class:`~sanctions_check.files.packfile.PackedMap` (a
bucket of rows unpacked when a key of it is first looked up), the long sequences of
:data:`PACKED_ROWS` as :class:`~sanctions_check.files.packfile.PackedRows` (a row unpacked
when first read), and objects of the
classes of :data:`CLASSES` only, filled field by field; beside the matcher's state, the
reference tables a query reads (:data:`TABLES`: the country tables, the romanisation groups,
common names and legal-form phrases), which a loading process takes instead of
building them.  Its fingerprint covers the
package's code and data files, the list's sha256, the curated "known as" names, the
exhaustive flag and the digest of the scoring weights (the index and the bounds depend on
them; the weights themselves are not stored but attached again from the configuration on
loading): a file that is missing, corrupt, foreign or written by other code or for
another list is ignored and rebuilt, never trusted.  A loaded matcher is the one
:meth:`Matcher.from_list` builds (same forms, weights, index and bounds, so the same hits);
its caches start empty.
"""

from __future__ import annotations

import array
import dataclasses
import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sanctions_check.files.lazy import lazy_logger, lazy_module
from sanctions_check.files.packedarrays import DTYPES, PackedArray, PackedArrays
from sanctions_check.files.packfile import (
    PackedMap,
    PackedRows,
    build_records,
    read_pack,
    write_pack,
)
from sanctions_check.lists.cache import INDEX_SUFFIX, file_cache_dir
from sanctions_check.lists.entries import Name, SanctionsList
from sanctions_check.lists.provenance import ListOrigin
from sanctions_check.matching import knownas
from sanctions_check.matching.codeprint import code_fingerprint, fingerprinted_files
from sanctions_check.matching.config import DEFAULT_CONFIG, MatchConfig
from sanctions_check.matching.forms import AcronymTable, NameForm
from sanctions_check.matching.matcher import Matcher
from sanctions_check.names import countries, lexicontables
from sanctions_check.scoring.tokenweights import TokenWeights
from sanctions_check.search.bounds import FormBounds
from sanctions_check.search.index import NameIndex
from sanctions_check.search.postings import Postings
from sanctions_check.search.vocab import PrefixVocabs, Vocab

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")  # writing a built matcher's arrays; loading one needs none

log = lazy_logger(__name__)

INDEX_KIND = "index cache"
# the only classes an index file may hold, by code (a new class gets a new code)
CLASSES: dict[int, type] = {
    1: NameIndex, 2: Postings, 3: Vocab, 4: FormBounds, 5: TokenWeights, 6: NameForm, 7: Name,
    8: PrefixVocabs, 9: AcronymTable,
}  # fmt: skip
_CODES = {cls: code for code, cls in CLASSES.items()}
# attributes that are caches: not stored, empty when loaded
_FRESH: dict[type, tuple[str, ...]] = {
    TokenWeights: ("_cache",), PrefixVocabs: ("_built",), FormBounds: ("_facts", "_pool_facts"),
}  # fmt: skip
# str-keyed tables a query looks keys up in (by_canon is iterated only to build the table of a
# vowel-less query word): stored as PackedMaps, so a one-off query unpacks the few buckets it
# reads, not the thousands of keys of each
PACKED_MAPS: dict[type, frozenset[str]] = {
    Vocab: frozenset({"by_canon", "by_key", "by_skeleton", "by_typo", "by_delete"}),
    Postings: frozenset({"_unit_ids"}),
}
# per-form sequences a query reads a few hundred rows of by position: stored as PackedRows
# (the bounds' words and weights of every distinct name: 42,000 objects when unpacked whole)
PACKED_ROWS: dict[type, frozenset[str]] = {FormBounds: frozenset({"tokens", "form_weights"})}
# besides the matcher's state, the reference tables a query reads that are built from the
# package's data (not from the list), stored built ({"countries": names.countries.built_tables,
# "lexicon": names.lexicontables.built_tables}): a loaded matcher's process takes them instead of
# building them
TABLES = "_tables"
# the configuration's scoring weights: not stored (their digest is in the fingerprint);
# Matcher.restored attaches the configuration's own
_CONFIGURED = "scoring"
(EXT_ARRAY, EXT_FROZENSET, EXT_OBJECT, EXT_PAIRS, EXT_FORMS, EXT_PYARRAY, EXT_MAP,
 EXT_ROWS) = range(1, 9)  # fmt: skip
# a value of one of those types is stored as a tagged map, ``{TAG: code, VALUE: value}``, built
# by the unpacker's object hook as it goes (not as a msgpack extension type, whose payload the
# unpacker copies into a bytes object to hand to its hook: a nested value was copied once per
# level, some 10 MB of fresh memory for a 5 MB file); a stored str-keyed dict that holds TAG
# is stored as pairs, so a plain map is never taken for a tagged one
TAG, VALUE = "\0", "v"
_TYPECODES = frozenset({"q", "d"})  # the stdlib arrays stored: 64-bit integers and floats
_NAME_FIELDS = tuple(f.name for f in dataclasses.fields(Name))
_FORM_FIELDS = tuple(f.name for f in dataclasses.fields(NameForm))
_AT_NAME, _AT_SAME = _FORM_FIELDS.index("name"), _FORM_FIELDS.index("same_as")


def fingerprint(
    sanctions_list: SanctionsList,
    known_as: knownas.KnownNames,
    exhaustive: bool,
    config: MatchConfig = DEFAULT_CONFIG,
) -> str:
    """What an index file must have been built from to be used."""
    parts = (code_fingerprint(), sanctions_list.sha256, repr(known_as), exhaustive,
             config.weights.digest())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def index_path(sanctions_list: SanctionsList, data_dir: Path | None = None) -> Path | None:
    """Where the index of a list is cached: beside its parse cache for an installed version
    of the list store; for a list file named with --list or the bundled snapshot, by the
    list's sha256 in ``<data_dir>/cache`` (beside their parse caches:
    :func:`~sanctions_check.lists.cache.parse_file_cached`); None without a place."""
    provenance = sanctions_list.provenance
    if provenance is None or not sanctions_list.sha256:
        return None
    if provenance.origin == ListOrigin.INSTALLED:
        return Path(provenance.source).with_suffix(INDEX_SUFFIX) if provenance.source else None
    if data_dir is None:
        return None
    return file_cache_dir(data_dir) / f"{sanctions_list.sha256}{INDEX_SUFFIX}"


def cached_matcher(
    sanctions_list: SanctionsList,
    path: Path | None,
    *,
    threshold: float | None = None,
    exhaustive: bool = False,
    known_as: knownas.KnownNames | None = None,
    config: MatchConfig | None = None,
) -> Matcher:
    """The matcher over ``sanctions_list`` (see the module docstring); ``path`` None: built,
    no file.  A list without a sha256 (entries given directly) is never cached."""
    known = known_as if known_as is not None else knownas.default_known_as()
    config = config or DEFAULT_CONFIG
    if path is None or not sanctions_list.sha256:
        return Matcher(sanctions_list, threshold, exhaustive, known_as=known, config=config)
    stamp = fingerprint(sanctions_list, known, exhaustive, config)
    started = time.perf_counter()
    state = read_pack(path, INDEX_KIND, stamp, ext_hook=_no_ext, object_hook=_decode_map)
    if state is not None:
        try:
            if not isinstance(state, dict):
                raise ValueError("not a matcher's state")
            tables = state.pop(TABLES)
            matcher = Matcher.restored(sanctions_list, state, threshold, exhaustive, known,
                                       config)
            countries.use_tables(tables["countries"])
            lexicontables.use_tables(tables["lexicon"])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            log.warning("%s: index cache does not load (%s); rebuilding it", path, exc)
        else:
            log.debug("index cache %s loaded in %.3f s", path, time.perf_counter() - started)
            return matcher
    matcher = Matcher(sanctions_list, threshold, exhaustive, known_as=known, config=config)
    try:
        write_pack(path, INDEX_KIND, stamp,
                   _encode({**matcher.built_state(), TABLES: {
                       "countries": countries.built_tables(),
                       "lexicon": lexicontables.built_tables()}}))
    except OSError as exc:  # a read-only store still works, only slower
        log.warning("cannot write index cache %s (%s)", path, exc)
    return matcher


# --------------------------------------------------------------------------- encoding


def _encode(value: Any, array_field: bool = False) -> Any:
    """``value`` as msgpack's plain types, with extension types for the rest; an array only
    as a field of a :class:`PackedArrays` object (``array_field``: loaded packed)."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, tuple | list):  # loaded as tuples: the built state is only read
        if value and all(type(v) is NameForm for v in value):
            return _ext(EXT_FORMS, _form_table(value))
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(type(k) is str for k in value) and TAG not in value:
            return {k: _encode(v) for k, v in value.items()}
        return _ext(EXT_PAIRS, [[_encode(k), _encode(v)] for k, v in value.items()])
    if isinstance(value, frozenset):
        return _ext(EXT_FROZENSET, [_encode(v) for v in value])
    if isinstance(value, PackedArray) and array_field:  # a loaded matcher's, not read yet
        return _ext(EXT_ARRAY, [value.dtype, list(value.shape), value.raw])
    if type(value).__module__ == "numpy":  # (numpy is loaded if such a value exists)
        if isinstance(value, np.ndarray) and array_field:
            if value.dtype.name not in DTYPES:
                raise TypeError(f"cannot store an array of {value.dtype}")
            data = np.ascontiguousarray(value)
            return _ext(EXT_ARRAY, [data.dtype.name, list(data.shape), data.tobytes()])
        if isinstance(value, np.integer | np.floating):
            return value.item()
    if isinstance(value, array.array):
        if value.typecode not in _TYPECODES:
            raise TypeError(f"cannot store an array of {value.typecode!r}")
        return _ext(EXT_PYARRAY, [value.typecode, value.tobytes()])
    code = _CODES.get(type(value))
    if code is None:
        raise TypeError(f"cannot store a {type(value).__name__}")
    if type(value) is Vocab:
        value.vowelless_units()  # stored built: every query of Latin words reads it
    fields = value.__getstate__() if isinstance(value, NameIndex) else dict(vars(value))
    fields.update(fields.pop("_packed", None) or {})  # a loaded object's arrays not read yet
    fields.pop("_plain_reads", None)  # (how often they were read packed: not stored)
    for name in _FRESH.get(type(value), ()):
        fields.pop(name, None)
    fields.pop(_CONFIGURED, None)
    packed = PACKED_MAPS.get(type(value), frozenset())
    rows = PACKED_ROWS.get(type(value), frozenset())
    arrays = isinstance(value, PackedArrays)
    return _ext(EXT_OBJECT, [code, {
        k: _ext(EXT_MAP, PackedMap.pack(v, _encode)) if k in packed
        else _ext(EXT_ROWS, PackedRows.pack(v, _encode)) if k in rows
        else _encode(v, arrays)
        for k, v in fields.items()
    }])  # fmt: skip


def _form_table(forms: Sequence[NameForm]) -> list[Any]:
    """The name forms as packed rows (:class:`~sanctions_check.files.packfile.PackedRows`),
    one per name and one per form (its name and ``same_as`` as name rows), loaded as a
    :class:`LoadedForms`: a query reads a few hundred of the thousands of forms, each built
    when first read."""
    rows: dict[int, int] = {}
    names: list[list[Any]] = []

    def row(name: Name) -> int:
        if id(name) not in rows:
            rows[id(name)] = len(names)
            names.append([getattr(name, f) for f in _NAME_FIELDS])
        return rows[id(name)]

    packed = []
    for form in forms:
        values = {f: getattr(form, f) for f in _FORM_FIELDS}
        values["name"] = row(form.name)
        values["same_as"] = [row(n) for n in form.same_as]
        packed.append([_encode(values[f]) for f in _FORM_FIELDS])
    return [list(_NAME_FIELDS), *PackedRows.pack(names), list(_FORM_FIELDS),
            *PackedRows.pack(packed)]


def _forms(value: Any) -> LoadedForms:
    name_fields, names_blob, names_ends, form_fields, forms_blob, forms_ends = value
    if tuple(name_fields) != _NAME_FIELDS or tuple(form_fields) != _FORM_FIELDS:
        raise ValueError("name forms of another shape")
    names = PackedRows(names_blob, names_ends, ext_hook=_no_ext, object_hook=_decode_map,
                       build=_name)  # fmt: skip
    return LoadedForms(names, forms_blob, forms_ends)


def _name(row: Any) -> Name:
    (name,) = build_records(Name, _NAME_FIELDS, [row])
    return name


class LoadedForms(PackedRows):
    """The name forms of a matcher loaded from its index file, read like the tuple the
    matcher builds: packed rows whose build step makes each form (and the names it holds,
    packed rows of their own) when first read, then kept, so a one-off query pays for the
    few it reads, not for every form of the list; :meth:`unpack` builds them all."""

    def __init__(self, names: PackedRows, blob: bytes, ends: bytes) -> None:
        super().__init__(blob, ends, ext_hook=_no_ext, object_hook=_decode_map,
                         build=self._form)  # fmt: skip
        self._names = names

    def _form(self, packed: Any) -> NameForm:
        row = list(packed)
        row[_AT_NAME] = self._names[row[_AT_NAME]]
        row[_AT_SAME] = tuple(map(self._names.__getitem__, row[_AT_SAME]))
        (form,) = build_records(NameForm, _FORM_FIELDS, [row])
        return form


def _ext(code: int, value: Any) -> dict[str, Any]:
    """``value`` (already encoded) tagged as a stored value of type ``code``."""
    return {TAG: code, VALUE: value}


def _decode_map(mapping: dict[str, Any]) -> Any:
    """A decoded map as the unpacker's object hook sees it (innermost first): a tagged one
    built as its value, only the types :func:`_encode` writes (anything else fails); a plain
    one as itself."""
    if TAG not in mapping:
        return mapping
    if len(mapping) != 2:
        raise ValueError("a tagged value with other keys")
    return _BUILDERS[mapping[TAG]](mapping[VALUE])


def _no_ext(code: int, _data: bytes) -> Any:
    """An index file holds no msgpack extension types (since the tagged maps): one is
    foreign, refused."""
    raise ValueError(f"an extension type ({code}) in an index file")


def _array(value: Any) -> PackedArray:
    """A stored array, kept packed: a field of a :class:`PackedArrays` object is built when
    first read (a one-off query reads the rows it needs without numpy), any other when its
    object is (:func:`_object`)."""
    dtype, shape, raw = value
    return PackedArray(dtype, shape, raw)


def _pyarray(value: Any) -> array.array:
    typecode, raw = value
    if typecode not in _TYPECODES or not isinstance(raw, bytes):
        raise ValueError(f"not a stored array ({typecode!r})")
    out = array.array(typecode)
    out.frombytes(raw)  # ValueError unless a whole number of items
    return out


def _object(value: Any) -> Any:
    code, fields = value
    cls = CLASSES[code]
    if not isinstance(fields, dict):
        raise TypeError("object fields are not a mapping")
    obj = object.__new__(cls)
    for name in _FRESH.get(cls, ()):
        fields = {**fields, name: {}}
    packed = {k: v for k, v in fields.items() if type(v) is PackedArray}
    if packed:
        if not issubclass(cls, PackedArrays):
            raise TypeError(f"a {cls.__name__} with packed arrays")
        fields = {k: v for k, v in fields.items() if k not in packed}
        obj.set_packed(packed)
    if cls is NameIndex:
        obj.__setstate__(dict(fields))
    else:
        obj.__dict__.update(fields)
    return obj


_BUILDERS: dict[int, Callable[[Any], Any]] = {
    EXT_ARRAY: _array,
    EXT_FROZENSET: frozenset,
    EXT_OBJECT: _object,
    EXT_PAIRS: lambda pairs: {k: v for k, v in pairs},
    EXT_FORMS: _forms,
    EXT_PYARRAY: _pyarray,
    EXT_MAP: lambda value: PackedMap(*value, ext_hook=_no_ext, object_hook=_decode_map),
    EXT_ROWS: lambda value: PackedRows(*value, ext_hook=_no_ext, object_hook=_decode_map),
}


__all__ = [
    "CLASSES", "INDEX_KIND", "cached_matcher", "code_fingerprint", "fingerprint",
    "fingerprinted_files", "index_path",
]  # fmt: skip
