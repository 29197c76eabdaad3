"""The local list store: validated, versioned copies of the UN list and a fast parse cache.

Contract: :class:`ListStore` owns ``<data_dir>/lists/``.  :meth:`ListStore.update`
(download) and :meth:`ListStore.import_file` (local file) validate a list and only
then install it as the current version; anything that fails (download error,
timeout, truncated or hostile or non-UN XML, implausibly small or older list
without ``force``) raises :class:`~sanctions_check.errors.ListError` and leaves the
store byte-identical.  :meth:`ListStore.load` returns the current (or a named)
version as a :class:`~sanctions_check.lists.entries.SanctionsList`, or raises ListError
saying how to get one.  Concurrent installs are serialised by a file lock
(:class:`~sanctions_check.errors.LockedError` if it cannot be taken).

The data directory, the files of ``lists/`` and reading, resolving and loading
versions (through the parse cache) are :class:`~sanctions_check.lists.versions.ListVersions`'s,
which :class:`ListStore` extends with installs: a valid list is stored as a new
version, or reinstated when its content is already stored, and made current.
Identical content (same sha256) is stored once.  Only :meth:`ListStore.update` confirms
a list: it records ``confirmed_at`` (the source said this list is current) on the
version it installs or finds unchanged.  :meth:`ListStore.import_file` never does: an
imported version keeps the confirmation it had (none, for new content), so its age
(:func:`sanctions_check.lists.manifest.list_age`, what ``max_age_days`` checks) runs from
its ``dateGenerated`` or its last real confirmation, never from the import.

:meth:`ListStore.prune` removes stored versions but the current one and the ``keep``
newest others, under the same lock: each version's manifest first (a version exists as
long as its manifest does), then its parse cache and XML; and temporary files of atomic
writes older than an hour (left by a killed import).  It only ever removes entries of
``lists/`` and ``lists/versions/``, checked by resolved folder (a manifest naming a file
elsewhere is damaged and skipped).  A list generated in the future (beyond
:data:`~sanctions_check.lists.manifest.CLOCK_SKEW`) is never installed, even with ``force``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from sanctions_check.errors import InputError, ListError
from sanctions_check.files.atomic import atomic_write_bytes
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.cache import INDEX_SUFFIX, LEGACY_SUFFIX, write_cache
from sanctions_check.lists.entries import SanctionsList, version_id
from sanctions_check.lists.fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    OFFICIAL_URL,
    fetch,
    read_local,
)
from sanctions_check.lists.manifest import CLOCK_SKEW, VersionInfo, in_future, iso_time
from sanctions_check.lists.unxml import parse_bytes
from sanctions_check.lists.versions import ListVersions, default_data_dir

log = lazy_logger(__name__)

DEFAULT_MAX_AGE_DAYS = 7.0
DEFAULT_KEEP = 10  # versions `prune` keeps besides the current one (months of UN amendments)
STALE_TEMP_SECONDS = 3600  # a temporary file this old belongs to no running install or load
MIN_COUNT_RATIO = 0.8  # a new list with fewer entries than this share of the current needs force

INSTALLED = "installed"  # new content, stored and made current
REINSTATED = "reinstated"  # content already stored as an earlier version, made current again
UNCHANGED = "unchanged"  # same content as the current version: confirmed, nothing stored


@dataclass(frozen=True)
class UpdateResult:
    """What an update or import did: ``status`` is INSTALLED, REINSTATED or UNCHANGED."""

    status: str
    version: VersionInfo
    previous: VersionInfo | None = None

    @property
    def changed(self) -> bool:
        """True when the current version is now a different list than before."""
        return self.status != UNCHANGED


@dataclass(frozen=True)
class PruneResult:
    """What :meth:`ListStore.prune` removed (or would remove, ``dry_run``) and kept, oldest
    first; ``freed``: bytes of the removed versions' files and stale temporary files."""

    removed: tuple[VersionInfo, ...]
    kept: tuple[VersionInfo, ...]
    freed: int
    dry_run: bool
    temporary: tuple[Path, ...] = ()  # stale temporary files removed with them


class ListStore(ListVersions):
    """Versioned copies of the UN list in ``<data_dir>/lists``."""

    @classmethod
    def default(cls) -> ListStore:
        return cls(default_data_dir())

    def __repr__(self) -> str:
        return f"ListStore({str(self.data_dir)!r})"

    # -- installing --------------------------------------------------------------

    def _validate(
        self, new: SanctionsList, current: VersionInfo | None, force: bool, now: dt.datetime
    ) -> None:
        if new.generated_at is None:
            raise ListError(f"{new.source}: dateGenerated {new.date_generated!r} is not a date")
        if in_future(new.generated_at, now):  # never right: it would block every later update
            raise ListError(
                f"{new.source}: generated {new.date_generated}, which is in the future (more "
                f"than {CLOCK_SKEW} ahead of this computer's clock, {iso_time(now)}); refused "
                "even with --force: check the list's source and the system clock"
            )
        if current is None or force:
            return
        total = len(new.entries)
        current_total = current.counts.get("persons", 0) + current.counts.get("organisations", 0)
        if total < MIN_COUNT_RATIO * current_total:
            raise ListError(
                f"{new.source}: has {total} entries, fewer than {MIN_COUNT_RATIO:.0%} of the "
                f"{current_total} in the installed list {current.id}; it looks truncated or "
                "wrong (use --force to install it anyway)"
            )
        current_generated = current.generated_at
        if current_generated and in_future(current_generated, now):
            log.warning("the installed list %s claims to be generated %s, in the future: "
                        "not comparing dates with it", current.id, current.date_generated)
        elif current_generated and new.generated_at < current_generated:
            days = (now - new.generated_at).total_seconds() / 86400
            ago = (f"{days:.0f} days ago" if days >= 0  # else ahead, within the clock skew
                   else "less than a day ahead of this computer's clock")
            raise ListError(
                f"{new.source}: generated {new.date_generated} ({ago}), older "
                f"than the installed list ({current.date_generated}); use --force to go back "
                "to it"
            )

    def _obtained_again(
        self, info: VersionInfo, data: bytes, now: dt.datetime, confirm: bool, source_url: str
    ) -> VersionInfo:
        """``info``'s content was obtained again: repair its XML if damaged and, when its
        source confirmed it (``confirm``), record ``confirmed_at`` and that source (which
        may be a mirror, or the official URL of a list first imported from a file)."""
        try:
            intact = hashlib.sha256(info.path.read_bytes()).hexdigest() == info.sha256
        except OSError:
            intact = False
        if not intact:
            log.warning("%s: stored list was damaged; rewriting it", info.path)
            atomic_write_bytes(info.path, data)
        if not confirm:
            return info
        confirmed = dataclasses.replace(info, confirmed_at=now, source_url=source_url)
        self._write_manifest(confirmed)
        return confirmed

    def install_bytes(
        self,
        data: bytes,
        source_url: str,
        force: bool = False,
        retrieved_at: dt.datetime | None = None,
        confirm: bool = True,
    ) -> UpdateResult:
        """Validate ``data`` as a UN list and make it the current version; ``confirm``: the
        data comes from the list's source (update), so it is confirmed current now."""
        parsed = parse_bytes(data, source_url)
        now = self.now()
        with self.lock():
            try:
                previous = self.current()
            except ListError as exc:  # a damaged pointer is repaired by installing
                log.warning("%s", exc)
                previous = None
            try:
                if previous is not None and previous.sha256 == parsed.sha256:
                    confirmed = self._obtained_again(previous, data, now, confirm, source_url)
                    return UpdateResult(UNCHANGED, confirmed, previous)
                self._validate(parsed, previous, force, now)
                stored = [v for v in self.versions() if v.sha256 == parsed.sha256]
                if stored:
                    info = self._obtained_again(stored[0], data, now, confirm, source_url)
                    status = REINSTATED
                else:
                    confirmed_at = now if confirm else None
                    info = self._store_new(
                        parsed, data, source_url, retrieved_at or now, confirmed_at
                    )
                    status = INSTALLED
                self._set_current(info, now)
            except OSError as exc:
                raise ListError(f"{self.lists_dir}: cannot write the list store ({exc})") from None
        log.info("list %s %s (previous: %s)", info.id, status, previous.id if previous else None)
        return UpdateResult(status, dataclasses.replace(info, current=True), previous)

    def _store_new(
        self,
        parsed: SanctionsList,
        data: bytes,
        source_url: str,
        retrieved_at: dt.datetime,
        confirmed_at: dt.datetime | None,
    ) -> VersionInfo:
        vid = version_id(parsed)
        counts = {**parsed.counts(), "entries": len(parsed.entries)}
        info = VersionInfo(
            id=vid,
            sha256=parsed.sha256,
            size=len(data),
            date_generated=parsed.date_generated,
            retrieved_at=retrieved_at,
            confirmed_at=confirmed_at,
            source_url=source_url,
            counts=counts,
            path=self.versions_dir / f"{vid}.xml",
        )
        atomic_write_bytes(info.path, data)
        write_cache(self.cache_path(info), dataclasses.replace(parsed, source=str(info.path)))
        self._write_manifest(info)  # last: a version exists once its manifest does
        return info

    def update(
        self,
        url: str = OFFICIAL_URL,
        force: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> UpdateResult:
        """Download the list from ``url`` (http, https, file) and install it if valid."""
        download = fetch(url, timeout=timeout, max_bytes=max_bytes)
        return self.install_bytes(download.data, url, force, download.retrieved_at)

    def import_file(self, path: str | Path, force: bool = False) -> UpdateResult:
        """Install a list file from disk (for sites without internet access).  A file is
        not its source's confirmation: the version's ``confirmed_at`` is left as it was."""
        path = Path(path).expanduser()
        data = read_local(path, DEFAULT_MAX_BYTES)
        return self.install_bytes(data, str(path.resolve()), force, self.now(), confirm=False)

    # -- pruning -----------------------------------------------------------------

    def prune(self, keep: int = DEFAULT_KEEP, dry_run: bool = False) -> PruneResult:
        """Remove every stored version but the current one and the ``keep`` newest others (by
        dateGenerated); with ``dry_run``, only say which.  A damaged current-version
        pointer raises ListError and removes nothing."""
        if keep < 0:
            raise InputError(f"keep must be 0 or more, not {keep}")
        with self.lock():
            current = self.current()
            stored = self.versions()
            others = [v.id for v in stored if current is None or v.id != current.id]
            kept_ids = set(others[len(others) - keep :] if keep else [])
            if current is not None:
                kept_ids.add(current.id)
            removed = tuple(v for v in stored if v.id not in kept_ids)
            kept = tuple(v for v in stored if v.id in kept_ids)
            freed = 0
            for v in removed:
                files = [v.path.with_suffix(".json"), self.cache_path(v),
                         v.path.with_suffix(INDEX_SUFFIX), v.path.with_suffix(LEGACY_SUFFIX),
                         v.path]
                for path in files:  # the manifest first: then the version is gone
                    freed += self._remove(path, dry_run)
                if not dry_run:
                    log.info("removed list version %s", v.id)
            temporary = self._stale_temporary_files()
            for path in temporary:
                freed += self._remove(path, dry_run)
        return PruneResult(removed, kept, freed, dry_run, tuple(temporary))

    def _remove(self, path: Path, dry_run: bool) -> int:
        """Remove one file of the store (never anything outside it); its size, 0 if none."""
        folder = path.parent.resolve()
        if path.name in ("", ".", "..") or folder not in (
            self.versions_dir.resolve(), self.lists_dir.resolve()
        ):
            log.warning("%s: outside the list store; not removed", path)
            return 0
        try:
            info = path.lstat()
            if stat.S_ISDIR(info.st_mode):  # not a file the store wrote: left to its owner
                log.warning("%s: a folder, not a file of the list store; not removed", path)
                return 0
            size = info.st_size
            if not dry_run:
                path.unlink()  # a symlink: only the link inside the store goes
            return size
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise ListError(f"{path}: cannot remove ({exc.strerror or exc})") from None

    def _stale_temporary_files(self) -> list[Path]:
        """Temporary files of atomic writes (``.<name>.<random>.tmp``) older than
        :data:`STALE_TEMP_SECONDS`: left by a killed import or load."""
        limit = time.time() - STALE_TEMP_SECONDS
        stale = []
        for folder in (self.lists_dir, self.versions_dir):
            for path in sorted(folder.glob(".*.tmp")):
                with contextlib.suppress(OSError):
                    if path.is_file() and path.lstat().st_mtime < limit:
                        stale.append(path)
        return stale

    def refresh_if_older(
        self, max_age_hours: float, url: str = OFFICIAL_URL, timeout: float = DEFAULT_TIMEOUT
    ) -> UpdateResult | None:
        """Update when no list is installed or it is older than ``max_age_hours``; else None."""
        age = self.age()
        if age is not None and age <= dt.timedelta(hours=max_age_hours):
            return None
        return self.update(url, timeout=timeout)


__all__ = [
    "DEFAULT_KEEP",
    "DEFAULT_MAX_AGE_DAYS",
    "INSTALLED",
    "MIN_COUNT_RATIO",
    "REINSTATED",
    "UNCHANGED",
    "ListStore",
    "PruneResult",
    "UpdateResult",
    "VersionInfo",
    "version_id",
]
