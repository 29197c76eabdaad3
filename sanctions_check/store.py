"""The local list store: validated, versioned copies of the UN list and a fast parse cache.

Contract: :class:`ListStore` owns ``<data_dir>/lists/``.  :meth:`ListStore.update`
(download) and :meth:`ListStore.import_file` (local file) validate a list and only
then install it as the current version; anything that fails (download error,
timeout, truncated or hostile or non-UN XML, implausibly small or older list
without ``force``) raises :class:`~sanctions_check.errors.ListError` and leaves the
store byte-identical.  :meth:`ListStore.load` returns the current (or a named)
version as a :class:`~sanctions_check.entries.SanctionsList`, or raises ListError
saying how to get one.  Concurrent installs are serialised by a file lock
(:class:`~sanctions_check.errors.LockedError` if it cannot be taken).

Data directory: ``ListStore(dir)``; :meth:`ListStore.default` uses the environment
variable ``SANCTIONS_CHECK_DATA_DIR``, else platformdirs' user data directory for
"sanctions-check" (``~/.local/share/sanctions-check`` on Linux).  Layout::

    lists/current.json                 pointer to the current version (written atomically)
    lists/versions/<id>.xml            the list exactly as downloaded (never modified)
    lists/versions/<id>.json           manifest: sha256, dateGenerated, retrieved_at,
                                       confirmed_at, source_url, counts
    lists/versions/<id>.pickle         parse cache (checked, rebuilt when wrong)
    lists/.lock                        lock for installs

``<id>`` is ``<dateGenerated as UTC, compact>-<first 12 hex of sha256>``, e.g.
``20240926T000007Z-0123456789ab``.  Identical content (same sha256) is stored once;
fetching it again records ``confirmed_at``.  The *age* of a version is the time
since it was last installed or confirmed unchanged at its source; that is what
``max_age_days`` checks (``dateGenerated`` only changes when the UN amends the list).

Parse cache: ``<id>.pickle`` (see :mod:`sanctions_check.listcache`); a missing,
corrupt or mismatched cache is rebuilt from the XML, never trusted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import filelock

from sanctions_check.atomic import atomic_write_bytes, atomic_write_text
from sanctions_check.entries import SanctionsList
from sanctions_check.errors import ListError, LockedError
from sanctions_check.fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    OFFICIAL_URL,
    fetch,
    read_local,
)
from sanctions_check.listcache import read_cache, write_cache
from sanctions_check.manifest import VersionInfo, iso_time, version_id
from sanctions_check.unxml import parse_bytes

log = logging.getLogger(__name__)

DATA_DIR_ENV = "SANCTIONS_CHECK_DATA_DIR"
APP_NAME = "sanctions-check"
DEFAULT_MAX_AGE_DAYS = 7.0
MIN_COUNT_RATIO = 0.8  # a new list with fewer entries than this share of the current needs force
LOCK_TIMEOUT = 120.0

INSTALLED = "installed"  # new content, stored and made current
REINSTATED = "reinstated"  # content already stored as an earlier version, made current again
UNCHANGED = "unchanged"  # same content as the current version: confirmed, nothing stored

HOW_TO_GET_A_LIST = (
    "run `sanctions-check lists update` to download the official UN list, "
    "or `sanctions-check lists import FILE` for a downloaded copy"
)

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
class StoreInfo:
    """Where the store is and what it holds."""

    data_dir: Path
    lists_dir: Path
    current: VersionInfo | None
    versions: int


def default_data_dir() -> Path:
    """``$SANCTIONS_CHECK_DATA_DIR``, else the platform's user data dir for sanctions-check."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class ListStore:
    """Versioned copies of the UN list in ``<data_dir>/lists``."""

    def __init__(
        self, data_dir: str | Path, clock: Callable[[], dt.datetime] | None = None
    ) -> None:
        self.data_dir = Path(data_dir).expanduser()
        self.lists_dir = self.data_dir / "lists"
        self.versions_dir = self.lists_dir / "versions"
        self.current_file = self.lists_dir / "current.json"
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.lock_timeout = LOCK_TIMEOUT

    @classmethod
    def default(cls) -> ListStore:
        return cls(default_data_dir())

    def __repr__(self) -> str:
        return f"ListStore({str(self.data_dir)!r})"

    def now(self) -> dt.datetime:
        return self._clock()

    # -- reading -------------------------------------------------------------

    def _read_manifest(self, path: Path) -> VersionInfo:
        try:
            return VersionInfo.from_manifest(json.loads(path.read_text("utf-8")), path.parent)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ListError(f"{path}: damaged list manifest ({exc})") from None

    def _current_id(self) -> str | None:
        try:
            doc = json.loads(self.current_file.read_text("utf-8"))
            return str(doc["version"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ListError(
                f"{self.current_file}: damaged current-version pointer ({exc}); {HOW_TO_GET_A_LIST}"
            ) from None

    def current(self) -> VersionInfo | None:
        """The current version, or None when no list is installed."""
        vid = self._current_id()
        if vid is None:
            return None
        manifest = self.versions_dir / f"{vid}.json"
        if not manifest.is_file():
            raise ListError(
                f"{self.current_file}: points to missing version {vid}; {HOW_TO_GET_A_LIST}"
            )
        return dataclasses.replace(self._read_manifest(manifest), current=True)

    def versions(self) -> list[VersionInfo]:
        """Every stored version, oldest dateGenerated first; damaged manifests are skipped."""
        if not self.versions_dir.is_dir():
            return []
        try:
            current = self._current_id()
        except ListError:
            current = None
        out = []
        for manifest in self.versions_dir.glob("*.json"):
            try:
                info = self._read_manifest(manifest)
            except ListError as exc:
                log.warning("%s", exc)
                continue
            out.append(dataclasses.replace(info, current=info.id == current))
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(out, key=lambda v: (v.generated_at or epoch, v.retrieved_at, v.id))

    def resolve(self, ref: str) -> VersionInfo:
        """A stored version by id, unique id prefix, sha256 prefix, or ``current``."""
        if ref == "current":
            current = self.current()
            if current is None:
                raise ListError(f"no sanctions list is installed in {self.lists_dir}: "
                                f"{HOW_TO_GET_A_LIST}")
            return current
        stored = self.versions()
        for cond in (
            lambda v: v.id == ref,
            lambda v: v.id.startswith(ref),
            lambda v: len(ref) >= 6 and v.sha256.startswith(ref.lower()),
        ):
            found = [v for v in stored if cond(v)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise ListError(f"list version {ref!r} is ambiguous: "
                                + ", ".join(v.id for v in found))
        raise ListError(
            f"no stored list version {ref!r} in {self.lists_dir} "
            "(see `sanctions-check lists versions`)"
        )

    def age(self) -> dt.timedelta | None:
        """Age of the current list (since installed or last confirmed), None if none."""
        current = self.current()
        return current.age(self.now()) if current else None

    def info(self) -> StoreInfo:
        return StoreInfo(self.data_dir, self.lists_dir, self.current(), len(self.versions()))

    def load(
        self, version: str | None = None, max_age_days: float | None = None
    ) -> SanctionsList:
        """The current (or named) version, parsed; ListError if none or older than allowed."""
        info = self.resolve(version) if version else self.current()
        if info is None:
            raise ListError(f"no sanctions list is installed in {self.lists_dir}: "
                            f"{HOW_TO_GET_A_LIST}")
        if max_age_days is not None:
            age = info.age(self.now())
            if age > dt.timedelta(days=max_age_days):
                raise ListError(
                    f"the list {info.id} was last updated or confirmed "
                    f"{age.total_seconds() / 86400:.1f} days ago, more than the allowed "
                    f"{max_age_days:g}: run `sanctions-check lists update`"
                )
        return self._load_version(info)

    # -- parse cache -----------------------------------------------------------

    def cache_path(self, info: VersionInfo) -> Path:
        return info.path.with_suffix(".pickle")

    def _load_version(self, info: VersionInfo) -> SanctionsList:
        parsed = read_cache(self.cache_path(info), info.sha256)
        if parsed is None:
            try:
                data = info.path.read_bytes()
            except OSError as exc:
                raise ListError(
                    f"{info.path}: stored list is unreadable ({exc.strerror or exc}); "
                    f"{HOW_TO_GET_A_LIST}"
                ) from None
            if hashlib.sha256(data).hexdigest() != info.sha256:
                raise ListError(
                    f"{info.path}: stored list is damaged (sha256 differs from its manifest); "
                    f"{HOW_TO_GET_A_LIST}"
                )
            parsed = parse_bytes(data, str(info.path))
            write_cache(self.cache_path(info), parsed)
        if parsed.source != str(info.path):
            parsed = dataclasses.replace(parsed, source=str(info.path))
        return parsed

    # -- installing --------------------------------------------------------------

    @contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the store's install lock (LockedError if another process keeps it)."""
        timeout = self.lock_timeout if timeout is None else timeout
        try:
            self.lists_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ListError(f"{self.lists_dir}: cannot create the list store ({exc})") from None
        lock = filelock.FileLock(str(self.lists_dir / ".lock"), timeout=timeout)
        try:
            with lock:
                yield
        except filelock.Timeout:
            raise LockedError(
                f"{self.lists_dir}: another process is updating the list store "
                f"(waited {timeout:g} s)"
            ) from None

    def _validate(self, new: SanctionsList, current: VersionInfo | None, force: bool) -> None:
        if new.generated_at is None:
            raise ListError(f"{new.source}: dateGenerated {new.date_generated!r} is not a date")
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
        if current_generated and new.generated_at < current_generated:
            raise ListError(
                f"{new.source}: generated {new.date_generated}, older than the installed list "
                f"({current.date_generated}); use --force to go back to it"
            )

    def _confirm(self, info: VersionInfo, data: bytes, now: dt.datetime) -> VersionInfo:
        """Record that ``info``'s content was obtained again; repair its XML if damaged."""
        try:
            intact = hashlib.sha256(info.path.read_bytes()).hexdigest() == info.sha256
        except OSError:
            intact = False
        if not intact:
            log.warning("%s: stored list was damaged; rewriting it", info.path)
            atomic_write_bytes(info.path, data)
        confirmed = dataclasses.replace(info, confirmed_at=now)
        self._write_manifest(confirmed)
        return confirmed

    def _write_manifest(self, info: VersionInfo) -> None:
        text = json.dumps(info.to_manifest(), indent=2, ensure_ascii=False) + "\n"
        atomic_write_text(info.path.with_suffix(".json"), text)

    def _set_current(self, info: VersionInfo, now: dt.datetime) -> None:
        doc = {"version": info.id, "sha256": info.sha256, "installed_at": iso_time(now)}
        atomic_write_text(self.current_file, json.dumps(doc, indent=2) + "\n")

    def install_bytes(
        self,
        data: bytes,
        source_url: str,
        force: bool = False,
        retrieved_at: dt.datetime | None = None,
    ) -> UpdateResult:
        """Validate ``data`` as a UN list and make it the current version."""
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
                    confirmed = self._confirm(previous, data, now)
                    return UpdateResult(UNCHANGED, confirmed, previous)
                self._validate(parsed, previous, force)
                stored = [v for v in self.versions() if v.sha256 == parsed.sha256]
                if stored:
                    info = self._confirm(stored[0], data, now)
                    status = REINSTATED
                else:
                    info = self._store_new(parsed, data, source_url, retrieved_at or now, now)
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
        now: dt.datetime,
    ) -> VersionInfo:
        vid = version_id(parsed)
        counts = {**parsed.counts(), "entries": len(parsed.entries)}
        info = VersionInfo(
            id=vid,
            sha256=parsed.sha256,
            size=len(data),
            date_generated=parsed.date_generated,
            retrieved_at=retrieved_at,
            confirmed_at=now,
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
        """Install a list file from disk (for sites without internet access)."""
        path = Path(path).expanduser()
        data = read_local(path, DEFAULT_MAX_BYTES)
        return self.install_bytes(data, str(path.resolve()), force, self.now())

    def refresh_if_older(
        self, max_age_hours: float, url: str = OFFICIAL_URL, timeout: float = DEFAULT_TIMEOUT
    ) -> UpdateResult | None:
        """Update when no list is installed or it is older than ``max_age_hours``; else None."""
        age = self.age()
        if age is not None and age <= dt.timedelta(hours=max_age_hours):
            return None
        return self.update(url, timeout=timeout)


__all__ = [
    "DATA_DIR_ENV",
    "DEFAULT_MAX_AGE_DAYS",
    "HOW_TO_GET_A_LIST",
    "INSTALLED",
    "MIN_COUNT_RATIO",
    "REINSTATED",
    "UNCHANGED",
    "ListStore",
    "StoreInfo",
    "UpdateResult",
    "VersionInfo",
    "default_data_dir",
    "version_id",
]
