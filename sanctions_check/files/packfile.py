"""Checked pack files: derived data (parse caches, built indexes) stored in a format that
cannot run code when it is loaded.

Contract: :func:`write_pack` stores one value made of msgpack's plain types (None, bool,
int, float, str, bytes, lists/tuples, dicts with str keys, and
:class:`msgpack.ExtType` for whatever the caller encodes itself) atomically as::

    SANCTIONS-CHECK-PACK 1\\n
    {"kind": ..., "fingerprint": ..., "sha256": ..., "size": ...}\\n   (one JSON line)
    <msgpack payload>

:func:`read_pack` returns the value only when the magic line, the ``kind``, the
``fingerprint`` (what the writer says the payload's shape depends on: package version,
class fields...) and the payload's sha256 and size all match; anything else (missing,
corrupt, foreign, stale, a pickle) returns None and the caller rebuilds the data.  Unlike
pickle, decoding msgpack only ever builds plain values (arrays come back as tuples), and
``ext_hook`` is the caller's own function: a planted file can make a load fail, never
run code.  Writing failures are the caller's (``OSError``).  :func:`build_records` turns
rows of field values back into objects of a class the caller names (as unpickling does,
without ``__init__``), in one pass that runs in C.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

import msgpack

from sanctions_check.files.atomic import atomic_write_bytes

log = logging.getLogger(__name__)

PACK_MAGIC = b"SANCTIONS-CHECK-PACK 1\n"
_MAX_HEADER = 4096


def write_pack(
    path: Path, kind: str, fingerprint: str, value: Any,
    default: Callable[[Any], Any] | None = None,
) -> None:
    """Write ``value`` as a pack file atomically (``default`` encodes other types)."""
    payload = msgpack.packb(value, use_bin_type=True, default=default)
    header = {"kind": kind, "fingerprint": fingerprint, "size": len(payload),
              "sha256": hashlib.sha256(payload).hexdigest()}
    head = json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
    atomic_write_bytes(path, PACK_MAGIC + head + payload)


def read_pack(
    path: Path, kind: str, fingerprint: str,
    ext_hook: Callable[[int, bytes], Any] | None = None,
) -> Any | None:
    """The value stored in the pack file ``path``, or None if it is not a good one."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    end = blob.find(b"\n", len(PACK_MAGIC), len(PACK_MAGIC) + _MAX_HEADER)
    if not blob.startswith(PACK_MAGIC) or end < 0:
        log.warning("%s: not a %s file; rebuilding it", path, kind)
        return None
    try:
        header = json.loads(blob[len(PACK_MAGIC) : end])
    except ValueError:
        header = None
    payload = memoryview(blob)[end + 1 :]
    if not isinstance(header, dict) or header.get("kind") != kind:
        log.warning("%s: not a %s file; rebuilding it", path, kind)
        return None
    if header.get("fingerprint") != fingerprint:
        log.info("%s: %s written by another version; rebuilding it", path, kind)
        return None
    if header.get("size") != len(payload) or header.get("sha256") != hashlib.sha256(
        payload
    ).hexdigest():
        log.warning("%s: %s is corrupt; rebuilding it", path, kind)
        return None
    collecting = gc.isenabled()
    gc.disable()  # many small containers: the collector would traverse them again and again
    try:
        return msgpack.unpackb(payload, raw=False, use_list=False, ext_hook=ext_hook or
                               msgpack.ExtType, strict_map_key=True)
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


__all__ = ["PACK_MAGIC", "build_records", "read_pack", "write_pack"]
