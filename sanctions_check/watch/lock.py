"""The ``watch`` lock and its test pause points.

Contract: :class:`WatchLock` is a non-blocking lock on the data directory: an exclusive
``flock`` held on an open descriptor of the directory itself, for the whole run, with the
holder's PID in a sidecar file (``watch.lock.pid``).  A second run gets
:class:`~sanctions_check.errors.LockedError` naming that PID at once.  Because the lock
lives on the open descriptor, not on a file's existence, deleting ``watch.lock`` or the
sidecar while a run holds it (a clean-up job, a user) lets no second run in; the kernel
releases it when its process dies, even by SIGKILL, and the sidecar then still names the
dead holder, which is how a taken-over stale lock is recognised (``stale_pid``, logged).
A directory that cannot be opened or a sidecar that cannot be written is a
:class:`~sanctions_check.errors.ConfigError` with one line.  (POSIX ``flock`` through :mod:`sanctions_check.files.dirlock`;
``watch.lock`` itself, the lock file of earlier versions, is no longer used.)

:func:`pause_point` is a test hook: with ``SANCTIONS_CHECK_WATCH_PAUSE=<stage>`` a run
touches ``SANCTIONS_CHECK_WATCH_PAUSE_FILE`` and sleeps at that stage (``locked``,
``screening``, ``recorded``, ``reported``), so tests can kill it there or start a second
run beside it.  Without the variable it does nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from sanctions_check.errors import ConfigError, LockedError
from sanctions_check.files.dirlock import DirectoryBusy, lock_directory, unlock
from sanctions_check.files.lazy import lazy_logger

log = lazy_logger(__name__)

PAUSE_ENV = "SANCTIONS_CHECK_WATCH_PAUSE"  # test hook: "<stage>" to pause at
PAUSE_FILE_ENV = "SANCTIONS_CHECK_WATCH_PAUSE_FILE"  # touched when the pause starts
PAUSE_SECONDS_ENV = "SANCTIONS_CHECK_WATCH_PAUSE_SECONDS"  # default 30
STAGES = ("locked", "screening", "recorded", "reported")


def pause_point(stage: str) -> None:
    """Pause at ``stage`` when the test environment asks (crash and overlap tests)."""
    if os.environ.get(PAUSE_ENV) != stage:
        return
    marker = os.environ.get(PAUSE_FILE_ENV)
    if marker:
        Path(marker).write_text(str(os.getpid()))
    log.info("test hook: pausing at %s", stage)
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "30")))


class WatchLock:
    """A non-blocking lock on the data directory (``flock`` on an open descriptor of it)
    with the holder's PID in the sidecar ``<path>.pid``; ``path`` names the lock
    (``<data dir>/watch.lock``), its folder is what is locked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pid_path = path.with_name(path.name + ".pid")
        self._fd: int | None = None
        self.stale_pid: int | None = None

    def _holder(self) -> str:
        for _ in range(10):  # the holder writes its PID just after locking
            try:
                text = self.pid_path.read_text().split()
                if text:
                    return text[0]
            except OSError:
                pass
            time.sleep(0.05)
        return "unknown"

    def acquire(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = lock_directory(folder)
        except DirectoryBusy:
            raise LockedError(
                f"another watch run (PID {self._holder()}) holds the lock on {folder} "
                f"({self.path.name})"
            ) from None
        except OSError as exc:
            raise ConfigError(f"{folder}: cannot open the data directory to lock it "
                              f"({exc.strerror or exc}); check data_dir") from None
        self._fd = fd
        try:
            self._note_holder()
        except BaseException:
            self._unlock()
            raise

    def _note_holder(self) -> None:
        try:
            previous = self.pid_path.read_text().split()
            if previous and previous[0] != str(os.getpid()):
                self.stale_pid = int(previous[0])
                log.warning("took over the lock of run PID %s, which ended without "
                            "releasing it (killed?)", self.stale_pid)
        except (OSError, ValueError):
            pass
        started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        tmp = self.pid_path.with_name(self.pid_path.name + ".tmp")
        try:
            tmp.write_text(f"{os.getpid()}\n{started}\n")
            os.replace(tmp, self.pid_path)
        except OSError as exc:
            raise ConfigError(f"{self.pid_path}: cannot write the lock's PID file "
                              f"({exc.strerror or exc}); check data_dir") from None

    def _unlock(self) -> None:
        if self._fd is not None:
            unlock(self._fd)  # closing the descriptor releases the flock
            self._fd = None

    def release(self) -> None:
        try:
            self.pid_path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove %s (%s)", self.pid_path, exc)
        finally:
            self._unlock()

    def __enter__(self) -> WatchLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
