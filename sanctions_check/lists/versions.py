"""The stored versions of the UN list: the list store's files on disk, read and loaded.

Contract: :class:`ListVersions` is the read side of ``<data_dir>/lists/`` and the format
of its files.  :meth:`~ListVersions.current` is the current version (None when no list
is installed), :meth:`~ListVersions.versions` every stored one (damaged manifests are
skipped with a warning), :meth:`~ListVersions.resolve` finds one by id, unique id
prefix, sha256 prefix or ``current``, and :meth:`~ListVersions.load` returns one as a
:class:`~sanctions_check.lists.entries.SanctionsList`, refusing a list older than
``max_age_days``.  A damaged pointer, a missing version or a stored XML whose sha256
is not its manifest's raises :class:`~sanctions_check.errors.ListError` saying how to
get a list (:data:`HOW_TO_GET_A_LIST`).  Nothing is written except the parse cache and,
for :class:`sanctions_check.lists.store.ListStore` (which adds validated installs on top),
manifests and the pointer under :meth:`~ListVersions.lock`, an ``flock`` held on an open
descriptor of ``lists/`` (:class:`~sanctions_check.errors.LockedError` if another process
keeps it; deleting ``lists/.lock`` does not release it).

Data directory: ``ListStore(dir)``; :meth:`ListStore.default` uses the environment
variable ``SANCTIONS_CHECK_DATA_DIR`` (:func:`default_data_dir`), else platformdirs'
user data directory for "sanctions-check" (``~/.local/share/sanctions-check`` on
Linux).  Layout::

    lists/current.json                 pointer to the current version (written atomically)
    lists/versions/<id>.xml            the list exactly as downloaded (never modified)
    lists/versions/<id>.json           manifest: sha256, dateGenerated, retrieved_at,
                                       confirmed_at, source_url, counts
    lists/versions/<id>.cache          parse cache (checked, rebuilt when wrong)
    lists/.lock                        lock file of earlier versions (still taken; the
                                       lock itself is held on lists/)

``<id>`` is ``<dateGenerated as UTC, compact>-<first 12 hex of sha256>``, e.g.
``20240926T000007Z-0123456789ab`` (:func:`sanctions_check.lists.entries.version_id`).

Parse cache: ``<id>.cache`` (see :mod:`sanctions_check.lists.cache`); a missing,
corrupt or mismatched cache is rebuilt from the XML, never trusted, and loading it
cannot run code.  A ``<id>.pickle`` left by older versions is never read; it is removed
when the cache is rebuilt and by ``prune``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sanctions_check.errors import ListError, LockedError
from sanctions_check.files.atomic import atomic_write_text
from sanctions_check.files.dirlock import DirectoryBusy, lock_directory, unlock
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.cache import CACHE_SUFFIX, LEGACY_SUFFIX, read_cache, write_cache
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.manifest import VersionInfo, iso_time
from sanctions_check.lists.provenance import ListProvenance

log = lazy_logger(__name__)

DATA_DIR_ENV = "SANCTIONS_CHECK_DATA_DIR"
APP_NAME = "sanctions-check"
LOCK_TIMEOUT = 120.0

HOW_TO_GET_A_LIST = (
    "run `sanctions-check lists update` to download the official UN list, "
    "or `sanctions-check lists import FILE` for a downloaded copy"
)


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


class ListVersions:
    """The stored versions of the UN list in ``<data_dir>/lists`` (read, loaded, locked)."""

    def __init__(
        self, data_dir: str | Path, clock: Callable[[], dt.datetime] | None = None
    ) -> None:
        self.data_dir = Path(data_dir).expanduser()
        self.lists_dir = self.data_dir / "lists"
        self.versions_dir = self.lists_dir / "versions"
        self.current_file = self.lists_dir / "current.json"
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.lock_timeout = LOCK_TIMEOUT
        self._warned_future: set[str] = set()

    def now(self) -> dt.datetime:
        return self._clock()

    # -- reading -------------------------------------------------------------

    def _read_manifest(self, path: Path) -> VersionInfo:
        """The version ``<id>.json`` describes; ListError when damaged.  Its id must be its
        own name and its file ``<id>.xml``: a manifest naming another version's files (a
        planted one) would let ``prune`` delete that version, even the current one."""
        try:
            info = VersionInfo.from_manifest(json.loads(path.read_text("utf-8")), path.parent)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ListError(f"{path}: damaged list manifest ({exc})") from None
        if info.id != path.stem or info.path.name != f"{path.stem}.xml":
            raise ListError(f"{path}: damaged list manifest (its id {info.id!r} and file "
                            f"{info.path.name!r} are not those of {path.name})")
        return info

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
        info = dataclasses.replace(self._read_manifest(manifest), current=True)
        if info.confirmed_in_future(self.now()) and info.id not in self._warned_future:
            self._warned_future.add(info.id)
            log.warning("%s: confirmed_at %s is in the future (this computer's clock says %s); "
                        "the list counts as unconfirmed", manifest, iso_time(info.confirmed_at),
                        iso_time(self.now()))
        return info

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
                raise ListError(
                    f"no sanctions list is installed in {self.lists_dir}: {HOW_TO_GET_A_LIST}"
                )
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
                raise ListError(
                    f"list version {ref!r} is ambiguous: " + ", ".join(v.id for v in found)
                )
        raise ListError(
            f"no stored list version {ref!r} in {self.lists_dir} "
            "(see `sanctions-check lists versions`)"
        )

    def age(self) -> dt.timedelta | None:
        """Age of the current list (:func:`~sanctions_check.lists.manifest.list_age`), None if none."""
        current = self.current()
        return current.age(self.now()) if current else None

    def info(self) -> StoreInfo:
        return StoreInfo(self.data_dir, self.lists_dir, self.current(), len(self.versions()))

    def load(self, version: str | None = None, max_age_days: float | None = None) -> SanctionsList:
        """The current (or named) version, parsed, with its provenance; ListError if none or
        older than ``max_age_days`` (:meth:`ListProvenance.check_age`)."""
        info = self.resolve(version) if version else self.current()
        if info is None:
            raise ListError(
                f"no sanctions list is installed in {self.lists_dir}: {HOW_TO_GET_A_LIST}"
            )
        provenance = ListProvenance.of_version(info, self.lists_dir, self.now())
        provenance.check_age(max_age_days, self.now())
        return dataclasses.replace(self._load_version(info), provenance=provenance)

    # -- parse cache -----------------------------------------------------------

    def cache_path(self, info: VersionInfo) -> Path:
        return info.path.with_suffix(CACHE_SUFFIX)

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
            from sanctions_check.lists.unxml import parse_bytes  # only when the cache is not good

            parsed = parse_bytes(data, str(info.path))
            write_cache(self.cache_path(info), parsed)
            with contextlib.suppress(OSError):  # a pickle cache of older versions: never read
                info.path.with_suffix(LEGACY_SUFFIX).unlink(missing_ok=True)
        if parsed.source != str(info.path):
            parsed = dataclasses.replace(parsed, source=str(info.path))
        return parsed

    # -- writing (under the lock) ---------------------------------------------------

    @contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the store's install lock (LockedError if another process keeps it): an
        ``flock`` on an open descriptor of ``lists/`` itself (:mod:`sanctions_check.files.dirlock`),
        so deleting ``lists/.lock`` mid-install lets no second install in; and the lock
        on ``lists/.lock`` that earlier versions take, so they wait for this one too."""
        timeout = self.lock_timeout if timeout is None else timeout
        try:
            self.lists_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ListError(f"{self.lists_dir}: cannot create the list store ({exc})") from None
        path = self.lists_dir / ".lock"
        busy = LockedError(f"{self.lists_dir}: another process is updating the list store "
                           f"(waited {timeout:g} s)")
        try:
            fd = lock_directory(self.lists_dir, timeout)
        except DirectoryBusy:
            raise busy from None
        except OSError as exc:
            raise ListError(
                f"{self.lists_dir}: cannot lock the list store ({exc.strerror or exc})"
            ) from None
        import filelock  # only installs and prunes lock: a screening never imports it

        try:
            lock = filelock.FileLock(str(path), timeout=timeout)
            try:
                lock.acquire()
            except filelock.Timeout:
                raise busy from None
            except OSError as exc:  # read-only store, a planted symlink loop...
                raise ListError(
                    f"{path}: cannot take the list store's lock ({exc.strerror or exc})"
                ) from None
            try:
                yield
            finally:
                lock.release()
        finally:
            unlock(fd)

    def _write_manifest(self, info: VersionInfo) -> None:
        text = json.dumps(info.to_manifest(), indent=2, ensure_ascii=False) + "\n"
        atomic_write_text(info.path.with_suffix(".json"), text)

    def _set_current(self, info: VersionInfo, now: dt.datetime) -> None:
        doc = {"version": info.id, "sha256": info.sha256, "installed_at": iso_time(now)}
        atomic_write_text(self.current_file, json.dumps(doc, indent=2) + "\n")


__all__ = [
    "APP_NAME",
    "DATA_DIR_ENV",
    "HOW_TO_GET_A_LIST",
    "LOCK_TIMEOUT",
    "ListVersions",
    "StoreInfo",
    "default_data_dir",
]
