"""The code fingerprint: a hash of the code and the data files everything built depends on.

Contract: :func:`code_fingerprint` hashes, with the package version, each file of
:func:`fingerprinted_files` (its path in the package, a NUL, its bytes) in a fixed order:
the modules of the package root and of the stages a matcher is built by, and the data
files but the bundled list snapshot.  The index cache (:mod:`.matchercache`) is keyed by
it, so an index written by other code or from other reference data is never loaded.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from sanctions_check.version import __version__

# the code a matcher is built by: the stages up to this one (imports run one way:
# tests/test_layout.py), the modules of the package root and the reference data
BUILT_BY = ("files", "lists", "names", "scoring", "search", "matching")


def fingerprinted_files() -> list[Path]:
    """The files :func:`code_fingerprint` hashes, sorted: every module of :data:`BUILT_BY`
    and of the package root, and the data files but the bundled list snapshot (XML: the list
    is fingerprinted by its sha256)."""
    return [Path(path) for _rel, path in _fingerprinted()]


def _fingerprinted() -> list[tuple[str, str]]:
    """(path in the package, path) of each of :func:`fingerprinted_files`, sorted by the
    parts of the first: plain strings and ``os.scandir`` (Path objects cost a one-off
    ``match`` a few milliseconds here)."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    found: list[tuple[str, str]] = []

    def scan(rel: str, suffix: str, into: bool) -> None:
        with os.scandir(os.path.join(package, rel)) as entries:
            for entry in entries:
                if entry.is_dir():
                    if into and entry.name != "__pycache__" and not entry.is_symlink():
                        scan(os.path.join(rel, entry.name), suffix, into)
                elif entry.name.endswith(suffix) and not entry.name.endswith(".xml") and (
                    entry.is_file()
                ):
                    found.append((os.path.join(rel, entry.name), entry.path))

    scan("", ".py", False)
    for top, suffix in (("data", ""), *((s, ".py") for s in BUILT_BY)):
        scan(top, suffix, True)
    return sorted(found, key=lambda f: f[0].split(os.sep))


@functools.cache
def code_fingerprint() -> str:
    """A hash of the code and data files that shape everything built
    (:func:`fingerprinted_files`), with the version."""
    digest = hashlib.sha256(__version__.encode())
    for rel, path in _fingerprinted():
        with open(path, "rb") as fh:
            digest.update(rel.encode() + b"\0" + fh.read())
    return digest.hexdigest()


__all__ = ["BUILT_BY", "code_fingerprint", "fingerprinted_files"]
