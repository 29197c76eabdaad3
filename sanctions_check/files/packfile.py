"""Checked pack files: derived data (parse caches, built indexes) stored in a format that
cannot run code when it is loaded.

Contract: :func:`write_pack` stores one value made of msgpack's plain types (None, bool,
int, float, str, bytes, lists/tuples, dicts with str keys, and
:class:`msgpack.ExtType` for whatever the caller encodes itself) atomically as::

    SANCTIONS-CHECK-PACK 2\\n
    {"kind": ..., "fingerprint": ..., "crc32": ..., "size": ...}\\n   (one JSON line)
    <msgpack payload>

:func:`read_pack` returns the value only when the magic line, the ``kind``, the
``fingerprint`` (what the writer says the payload's shape depends on: package version,
class fields...) and the payload's CRC-32 and size all match; anything else (missing,
corrupt, foreign, stale, written in another pack format, a pickle) returns None and the
caller rebuilds the data.  The checksum finds damage (a disk error, a copy cut short):
CRC-32 finds any burst of up to 32 flipped bits and misses other damage once in 4 billion,
as in zip and PNG files.  It never authenticated the file (whoever can write the file
writes its header): format 1's sha256 cost a one-off ``match`` 3-15 ms for its 6 MB
(with and without the CPU's SHA instructions), the CRC-32 1-2 ms.  Unlike
pickle, decoding msgpack only ever builds plain values (arrays come back as tuples), and
``ext_hook`` and ``object_hook`` (given each decoded map) are the caller's own functions: a
planted file can make a load fail, never run code.  The file is read mapped (checked and
decoded in place, not copied).  Writing failures are the caller's (``OSError``).  :func:`build_records` turns
rows of field values back into objects of a class the caller names (as unpickling does,
without ``__init__``), in one pass that runs in C.  :class:`PackedMap` is a large
str-keyed mapping stored as buckets of packed rows (:meth:`PackedMap.pack`), read like the
dict it was packed from but unpacking only the buckets of the keys looked up, so a one-off
query does not pay for decoding every key of a table it reads a few of; :class:`PackedRows`
is the same for a long sequence of rows read by position (one blob and its offsets, a row
unpacked when first read).
"""

from __future__ import annotations

import array
import gc
import json
import mmap
import os
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import accumulate, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

import msgpack

from sanctions_check.files.atomic import atomic_write_bytes
from sanctions_check.files.lazy import lazy_logger

log = lazy_logger(__name__)

PACK_MAGIC = b"SANCTIONS-CHECK-PACK 2\n"
_MAGIC_STEM = b"SANCTIONS-CHECK-PACK "  # every format's (format 1: a sha256 checksum)
_MAX_HEADER = 4096


def write_pack(
    path: Path, kind: str, fingerprint: str, value: Any,
    default: Callable[[Any], Any] | None = None,
) -> None:
    """Write ``value`` as a pack file atomically (``default`` encodes other types)."""
    payload = msgpack.packb(value, use_bin_type=True, default=default)
    header = {"kind": kind, "fingerprint": fingerprint, "size": len(payload),
              "crc32": zlib.crc32(payload)}
    head = json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
    atomic_write_bytes(path, PACK_MAGIC + head + payload)


def read_pack(
    path: Path, kind: str, fingerprint: str,
    ext_hook: Callable[[int, bytes], Any] | None = None,
    object_hook: Callable[[dict[str, Any]], Any] | None = None,
) -> Any | None:
    """The value stored in the pack file ``path``, or None if it is not a good one
    (``ext_hook`` builds extension types, ``object_hook`` may build a decoded map into
    another value)."""
    try:
        blob = _mapped(path)
    except (OSError, ValueError):  # missing, unreadable, or empty (nothing to map)
        return None
    try:
        with memoryview(blob) as payload:  # (released before the map closes)
            return _unpack(path, kind, fingerprint, payload, ext_hook, object_hook)
    finally:
        if not isinstance(blob, bytes):  # the map
            blob.close()


def _mapped(path: Path) -> mmap.mmap | bytes:
    """The file's bytes mapped read-only: checked and decoded in place.  Reading them
    instead copied 5 MB (an index file) into fresh memory, about 1,250 page faults; a
    process on this project's virtual machines pays some 5 us for each.  A pack file is
    only ever replaced whole (:func:`~sanctions_check.files.atomic.atomic_write_bytes`), never
    rewritten in place, so the mapped bytes cannot change under the reader.  A file system
    that cannot map files: the bytes read."""
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            raise ValueError("an empty file")
        try:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError:
            return fh.read()


def _unpack(
    path: Path, kind: str, fingerprint: str, blob: memoryview,
    ext_hook: Callable[[int, bytes], Any] | None,
    object_hook: Callable[[dict[str, Any]], Any] | None,
) -> Any | None:
    head = bytes(blob[: len(PACK_MAGIC) + _MAX_HEADER])
    end = head.find(b"\n", len(PACK_MAGIC))
    if head.startswith(_MAGIC_STEM) and not head.startswith(PACK_MAGIC):
        log.info("%s: %s written in another pack format; rebuilding it", path, kind)
        return None
    if not head.startswith(PACK_MAGIC) or end < 0:
        log.warning("%s: not a %s file; rebuilding it", path, kind)
        return None
    try:
        header = json.loads(head[len(PACK_MAGIC) : end])
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("kind") != kind:
        log.warning("%s: not a %s file; rebuilding it", path, kind)
        return None
    if header.get("fingerprint") != fingerprint:
        log.info("%s: %s written by another version; rebuilding it", path, kind)
        return None
    with blob[end + 1 :] as payload:
        if header.get("size") != len(payload) or header.get("crc32") != zlib.crc32(payload):
            log.warning("%s: %s is corrupt; rebuilding it", path, kind)
            return None
        collecting = gc.isenabled()
        gc.disable()  # many small containers: the collector would traverse them again and again
        try:
            return msgpack.unpackb(payload, raw=False, use_list=False, ext_hook=ext_hook or
                                   msgpack.ExtType, object_hook=object_hook,
                                   strict_map_key=True)  # fmt: skip
        except (ValueError, TypeError, IndexError, KeyError, msgpack.UnpackException) as exc:
            log.warning("%s: %s does not load (%s); rebuilding it", path, kind, exc)
            return None
        finally:
            if collecting:
                gc.enable()


def build_records(cls: type, fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[Any]:
    """One ``cls`` per row of field values, filled without ``__init__`` (as unpickling does):
    the hot loop of a cache load, run by ``map`` in C.  A row of another length: ValueError."""
    rows = rows if isinstance(rows, list | tuple) else list(rows)
    if any(len(row) != len(fields) for row in rows):
        raise ValueError(f"{cls.__name__}: a record without {len(fields)} fields")
    records = list(map(object.__new__, repeat(cls, len(rows))))
    deque(map(dict.update, map(attrgetter("__dict__"), records), map(zip, repeat(fields), rows)),
          maxlen=0)  # fmt: skip
    return records


_ABSENT = object()
PER_BUCKET = 8  # keys per bucket of a PackedMap (on average): a lookup unpacks a few rows


class PackedMap(Mapping[str, Any]):
    """A read-only mapping of str keys, stored as buckets of packed ``[position, key, value]``
    rows (:meth:`pack`; a key's bucket by the CRC-32 of its UTF-8, the same in every
    process): a bucket is unpacked (``ext_hook`` building the values) when a key of it is
    first looked up, and kept.  Iterating reads like the dict packed, in its order; after
    :data:`FULL_AFTER` lookups the buckets unpacked so far do not answer (a screen of many
    names, not a one-off query) the whole table is unpacked once and read as a dict.  Threads
    may read it at once: a bucket's rows are in place before it counts as unpacked."""

    FULL_AFTER = 4096

    def __init__(
        self, size: int, buckets: Sequence[bytes],
        ext_hook: Callable[[int, bytes], Any] | None = None,
        object_hook: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:  # fmt: skip
        if type(size) is not int or not buckets or not all(type(b) is bytes for b in buckets):
            raise ValueError("a packed map without its size and buckets")
        self._size = size
        self._buckets = tuple(buckets)
        self._ext_hook = ext_hook or msgpack.ExtType
        self._object_hook = object_hook
        self._got: dict[str, Any] = {}  # the rows of the buckets unpacked so far
        self._opened: set[int] = set()
        self._lookups = 0
        self._full: dict[str, Any] | None = None

    @staticmethod
    def pack(mapping: Mapping[str, Any], encode: Callable[[Any], Any] = lambda v: v) -> list[Any]:
        """``[size, buckets]`` of ``mapping`` (its values through ``encode``)."""
        buckets: list[list[Any]] = [[] for _ in range(max(1, len(mapping) // PER_BUCKET))]
        for pos, (key, value) in enumerate(mapping.items()):
            buckets[_bucket(key, len(buckets))].append([pos, key, encode(value)])
        return [len(mapping), [msgpack.packb(b, use_bin_type=True) for b in buckets]]

    def _rows(self, bucket: int) -> tuple[Any, ...]:
        rows = msgpack.unpackb(self._buckets[bucket], raw=False, use_list=False,
                               ext_hook=self._ext_hook, object_hook=self._object_hook,
                               strict_map_key=True)  # fmt: skip
        if not all(len(row) == 3 and type(row[1]) is str for row in rows):
            raise ValueError("a packed map's bucket of other rows")
        return rows

    def unpack(self) -> None:
        """Unpack the whole table now, to be read as a dict from then on (before worker
        processes fork: they then share it instead of each unpacking its own)."""
        self._unpack_all()

    def _unpack_all(self) -> dict[str, Any]:
        if self._full is None:
            rows = sorted(row for b in range(len(self._buckets)) for row in self._rows(b))
            self._full = {k: v for _pos, k, v in rows}
            if len(self._full) != self._size:
                raise ValueError("a packed map of another size")
        return self._full

    def get(self, key: Any, default: Any = None) -> Any:
        if self._full is not None:
            return self._full.get(key, default)
        value = self._got.get(key, _ABSENT)
        if value is not _ABSENT:
            return value
        self._lookups += 1
        if self._lookups > self.FULL_AFTER:
            return self._unpack_all().get(key, default)
        if type(key) is not str:
            return default
        bucket = _bucket(key, len(self._buckets))
        if bucket not in self._opened:
            self._got.update((k, v) for _pos, k, v in self._rows(bucket))
            self._opened.add(bucket)  # after its rows: another thread that sees it open finds them
        return self._got.get(key, default)

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _ABSENT) is not _ABSENT

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        return iter(self._unpack_all())


class PackedRows(Sequence[Any]):
    """A read-only sequence stored as one blob of packed rows and the offset where each row
    ends (:meth:`pack`): read like the tuple it was packed from, each row unpacked
    (``ext_hook`` and ``object_hook`` as for :func:`read_pack`, arrays as tuples) and given
    to ``build`` if any (the row as an object of the caller's) when first read, then kept.
    So loading it makes two objects, not one per row and per value in it (the score bounds'
    words and weights of 4,406 name forms: 42,000 objects, of which a one-off query reads a
    few hundred).  A row that does not unpack: ValueError when read."""

    def __init__(
        self, blob: bytes, ends: bytes,
        ext_hook: Callable[[int, bytes], Any] | None = None,
        object_hook: Callable[[dict[str, Any]], Any] | None = None,
        build: Callable[[Any], Any] | None = None,
    ) -> None:  # fmt: skip
        if type(blob) is not bytes or type(ends) is not bytes or len(ends) % 8:
            raise ValueError("packed rows without their blob and offsets")
        self._blob = blob
        self._ends = array.array("q")
        self._ends.frombytes(ends)
        if (self._ends[-1] if self._ends else 0) != len(blob):
            raise ValueError("packed rows of another length")
        self._ext_hook = ext_hook or msgpack.ExtType
        self._object_hook = object_hook
        self._build = build
        self._rows: dict[int, Any] = {}  # the rows unpacked (and built) so far

    @staticmethod
    def pack(rows: Iterable[Any], encode: Callable[[Any], Any] = lambda v: v) -> list[bytes]:
        """``[blob, ends]`` of ``rows`` (each through ``encode``): the rows packed one after
        the other, and where each ends (64-bit integers, this machine's byte order)."""
        packed = [msgpack.packb(encode(row), use_bin_type=True) for row in rows]
        return [b"".join(packed), array.array("q", accumulate(map(len, packed))).tobytes()]

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return tuple(self[i] for i in range(*at.indices(len(self))))
        i = at + len(self._ends) if at < 0 else at
        row = self._rows.get(i, _ABSENT)
        if row is _ABSENT:
            if not 0 <= i < len(self._ends):
                raise IndexError(at)
            start = self._ends[i - 1] if i else 0
            with memoryview(self._blob)[start : self._ends[i]] as packed:
                row = msgpack.unpackb(packed, raw=False, use_list=False,
                                      ext_hook=self._ext_hook, object_hook=self._object_hook,
                                      strict_map_key=True)  # fmt: skip
            if self._build is not None:
                row = self._build(row)
            self._rows[i] = row
        return row

    def unpack(self) -> None:
        """Unpack (and build) every row now (before worker processes fork: they then share
        the rows instead of each unpacking its own)."""
        for i in range(len(self)):
            self[i]


def _bucket(key: str, count: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % count


__all__ = ["PACK_MAGIC", "PackedMap", "PackedRows", "build_records", "read_pack", "write_pack"]
