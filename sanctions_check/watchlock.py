"""The ``watch`` lock and its test pause points.

Contract: :class:`WatchLock` is a non-blocking lock on the data directory
(``watch.lock``) with the holder's PID in a sidecar file (``watch.lock.pid``): a
second run gets :class:`~sanctions_check.errors.LockedError` naming that PID at once.
The lock is an OS file lock (``filelock``), so the kernel releases it when its process
dies, even by SIGKILL; the sidecar then still names the dead holder, which is how a
taken-over stale lock is recognised (``stale_pid``, logged).

:func:`pause_point` is a test hook: with ``SANCTIONS_CHECK_WATCH_PAUSE=<stage>`` a run
touches ``SANCTIONS_CHECK_WATCH_PAUSE_FILE`` and sleeps at that stage (``locked``,
``screening``, ``recorded``, ``reported``), so tests can kill it there or start a second
run beside it.  Without the variable it does nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from pathlib import Path

import filelock

from sanctions_check.errors import LockedError

log = logging.getLogger(__name__)

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
    """A non-blocking lock on the data directory with the holder's PID in a sidecar file.

    The lock is an OS file lock (``filelock``), so the kernel releases it when its
    process dies, even by SIGKILL; the sidecar ``watch.lock.pid`` then still names
    the dead holder, which is how a taken-over stale lock is recognised.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pid_path = path.with_name(path.name + ".pid")
        self._lock = filelock.FileLock(str(path), timeout=0)
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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            raise LockedError(
                f"another watch run (PID {self._holder()}) holds the lock {self.path}"
            ) from None
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
        tmp.write_text(f"{os.getpid()}\n{started}\n")
        os.replace(tmp, self.pid_path)

    def release(self) -> None:
        try:
            self.pid_path.unlink(missing_ok=True)
        finally:
            self._lock.release()

    def __enter__(self) -> WatchLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
