"""The parse cache of a stored list version: load a parsed list in milliseconds, never trust a bad one.

Contract: :func:`write_cache` pickles a parsed :class:`~sanctions_check.entries.SanctionsList`
next to its stored XML with a magic header, a sha256 checksum of the payload and a
fingerprint (package version, parser version, shape of the entry classes).
:func:`read_cache` returns the list only when every check passes and the list's sha256
is the one asked for; anything else (missing, corrupt, foreign, stale) returns None
so the caller re-parses the XML and rewrites the cache.  (Pickle runs code when
loaded: the cache is only as trusted as the data directory itself.)
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import pickle
from pathlib import Path

from sanctions_check import __version__, entries, unxml
from sanctions_check.atomic import atomic_write_bytes
from sanctions_check.entries import SanctionsList

log = logging.getLogger(__name__)

CACHE_MAGIC = b"SANCTIONS-CHECK-CACHE 1\n"
_HEAD = len(CACHE_MAGIC) + 65  # magic, 64 hex digits of sha256, newline


def cache_fingerprint() -> str:
    """Changes with the shape of the cached classes, the parser version or the package version."""
    classes = (
        entries.SanctionsList, entries.Entry, entries.Name, entries.DateOfBirth,
        entries.Place, entries.Document,
    )
    shape = [(c.__name__, [f.name for f in dataclasses.fields(c)]) for c in classes]
    return hashlib.sha256(repr((__version__, unxml.PARSER_VERSION, shape)).encode()).hexdigest()


def read_cache(path: Path, sha256: str) -> SanctionsList | None:
    """The cached parse of the list with this sha256, or None if the cache is not good."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    if not blob.startswith(CACHE_MAGIC) or len(blob) <= _HEAD:
        log.warning("%s: not a parse cache; rebuilding it", path)
        return None
    checksum, payload = blob[len(CACHE_MAGIC) : _HEAD - 1], blob[_HEAD:]
    if hashlib.sha256(payload).hexdigest().encode() != checksum:
        log.warning("%s: parse cache is corrupt; rebuilding it", path)
        return None
    try:
        doc = pickle.loads(payload)
    except Exception:  # a damaged or foreign pickle: never trust it
        log.warning("%s: parse cache does not load; rebuilding it", path)
        return None
    if not (
        isinstance(doc, dict)
        and doc.get("fingerprint") == cache_fingerprint()
        and doc.get("sha256") == sha256
        and isinstance(doc.get("list"), SanctionsList)
        and doc["list"].sha256 == sha256
    ):
        log.info("%s: parse cache is for another version; rebuilding it", path)
        return None
    return doc["list"]


def write_cache(path: Path, parsed: SanctionsList) -> None:
    """Write the parse cache atomically; a failure only costs speed, so it is logged."""
    doc = {"fingerprint": cache_fingerprint(), "sha256": parsed.sha256, "list": parsed}
    payload = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
    checksum = hashlib.sha256(payload).hexdigest().encode()
    try:
        atomic_write_bytes(path, CACHE_MAGIC + checksum + b"\n" + payload)
    except OSError as exc:  # a read-only store still works, only slower
        log.warning("cannot write parse cache %s (%s)", path, exc)
