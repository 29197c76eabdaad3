"""Which list a screening uses: the installed list, a named file, or the bundled snapshot.

Contract: :func:`load_list_in_force` (and :func:`load_list`, the library's front door to it,
given a file or a data directory instead of a store) is the one place that decides which UN list a
command (or a service) screens against, and every caller that screens uses it:

1. a list file named by the caller (``--list FILE``) when given;
2. else the list store's current version, when one is installed (the bundled
   snapshot is then never used);
3. else, only when ``allow_snapshot`` (``watch`` passes False: a scheduled run
   refreshes or fails), the snapshot of the official list bundled with the package
   (:func:`snapshot_path`; ``lists/`` of the repository, package data when installed).

:func:`list_by_sha256` finds an earlier list version by its sha256 (the store's
versions, the bundled snapshot), for comparing an entry with the version a reviewer
decided on.

The returned :class:`~sanctions_check.lists.entries.SanctionsList` carries its
:class:`~sanctions_check.lists.provenance.ListProvenance` (why it is in force, its
``dateGenerated`` and confirmation, and for the snapshot the notice callers must
repeat on stderr and in every report).  A list older than ``max_age_days``
(:func:`sanctions_check.lists.manifest.list_age`), a damaged store or an unreadable file
raises :class:`~sanctions_check.errors.ListError`; nothing is written except parse
caches: the store's, and those of list files and of the snapshot, by content, in
``<data dir>/cache`` (:func:`~sanctions_check.lists.cache.parse_file_cached`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

from sanctions_check.errors import ListError, SanctionsCheckError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.cache import file_cache_dir, parse_file_cached
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.provenance import ListProvenance
from sanctions_check.lists.versions import HOW_TO_GET_A_LIST, ListVersions

# The newest official list the project holds, bundled as package data: one copy in git,
# lists/<name>, which sanctions_check/data/<name> links to (see lists/README.md).
SNAPSHOT_FILE = "un-consolidated-2024-09-26.xml"
log = lazy_logger(__name__)


def snapshot_path() -> Path:
    """The bundled snapshot of the UN list (package data)."""
    return Path(__file__).resolve().parents[1] / "data" / SNAPSHOT_FILE


def _parse_file(path: str | Path, cache_dir: Path | None) -> SanctionsList:
    """A list file outside the store, parsed through its parse cache in ``cache_dir``
    (:func:`~sanctions_check.lists.cache.parse_file_cached`; None: no cache)."""
    from sanctions_check.lists.unxml import read_local

    return parse_file_cached(read_local(path), str(path), cache_dir)


def load_snapshot(lists_dir: Path, cache_dir: Path | None = None) -> SanctionsList:
    """The bundled snapshot, with the provenance saying it is in force because
    ``lists_dir`` holds no list; parsed through a parse cache in ``cache_dir`` if given."""
    path = snapshot_path()
    if not path.is_file():
        raise ListError(f"no sanctions list is installed in {lists_dir} and the bundled "
                        f"snapshot {path} is missing: {HOW_TO_GET_A_LIST}")
    parsed = _parse_file(path, cache_dir)
    provenance = ListProvenance.of_snapshot(parsed.date_generated, parsed.generated_at, path,
                                            lists_dir)
    return dataclasses.replace(parsed, provenance=provenance)


def load_list_in_force(
    store: ListVersions,
    list_file: str | Path | None = None,
    *,
    max_age_days: float | None = None,
    allow_snapshot: bool = True,
    now: dt.datetime | None = None,
    cache: bool = True,
) -> SanctionsList:
    """The list to screen against, with its provenance (see the module docstring); a list
    file or the snapshot is parsed through a parse cache in the store's data directory
    (:func:`~sanctions_check.lists.cache.parse_file_cached`) unless ``cache`` is False."""
    now = now or store.now()
    cache_dir = file_cache_dir(store.data_dir) if cache else None
    if list_file is not None:
        parsed = _parse_file(list_file, cache_dir)
        provenance = ListProvenance.of_file(parsed.date_generated, parsed.generated_at,
                                            list_file)
        provenance.check_age(max_age_days, now)
        return dataclasses.replace(parsed, provenance=provenance)
    if store.current() is not None or not allow_snapshot:
        return store.load(max_age_days=max_age_days)
    snapshot = load_snapshot(store.lists_dir, cache_dir)
    assert snapshot.provenance is not None
    snapshot.provenance.check_age(max_age_days, now)
    return snapshot


def load_list(
    list_file: str | Path | None = None,
    *,
    data_dir: str | Path | None = None,
    max_age_days: float | None = None,
) -> SanctionsList:
    """The library's way to the list in force: ``list_file`` when given, else the current
    version of the store in ``data_dir`` (default: the user data directory), else the
    bundled snapshot (:func:`load_list_in_force`)."""
    from sanctions_check.lists.store import ListStore

    store = ListStore(Path(data_dir)) if data_dir is not None else ListStore.default()
    return load_list_in_force(store, list_file, max_age_days=max_age_days)


def list_by_sha256(
    store: ListVersions, current: SanctionsList
) -> Callable[[str], SanctionsList | None]:
    """A lookup of list versions by sha256: the store's versions and the bundled snapshot;
    None when neither has it.  ``current`` answers for its own sha256; each version is
    loaded once."""
    cache: dict[str, SanctionsList | None] = {current.sha256: current}

    def lookup(sha: str) -> SanctionsList | None:
        sha = sha.strip().lower()
        if sha not in cache:
            found = None
            try:
                if len(sha) == 64:
                    found = store.load(store.resolve(sha).id)
            except (SanctionsCheckError, OSError) as exc:
                log.info("list version %s not available: %s", sha[:12], exc)
            snapshot = snapshot_path()
            if found is None and snapshot.is_file() and (
                hashlib.sha256(snapshot.read_bytes()).hexdigest() == sha
            ):
                from sanctions_check.lists.unxml import parse_list

                found = parse_list(snapshot)
            cache[sha] = found
        return cache[sha]

    return lookup


__all__ = [
    "SNAPSHOT_FILE",
    "list_by_sha256",
    "load_list",
    "load_list_in_force",
    "load_snapshot",
    "snapshot_path",
]
