"""Exclusive locks held on an open descriptor of a directory (POSIX ``flock``).

Contract: :func:`lock_directory` opens ``folder`` and takes an exclusive ``flock`` on that
descriptor, waiting up to ``timeout`` seconds for another holder (0: not at all); it
returns the descriptor, and :func:`unlock` (closing it) releases the lock.  The lock lives
on the open descriptor of the directory itself, not on a lock file's existence, so
deleting or replacing files beside it (a clean-up job, a user) lets no second holder in,
and the kernel releases it when its process dies, even by SIGKILL.  Two descriptors
exclude each other even within one process (one per :class:`ListStore` or thread).
Raises :class:`DirectoryBusy` when another holder keeps the lock past the timeout and
``OSError`` when the folder cannot be opened.  Used by the list store
(:meth:`sanctions_check.lists.versions.ListVersions.lock`) and ``watch``
(:class:`sanctions_check.watch.lock.WatchLock`).
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

POLL_SECONDS = 0.05


class DirectoryBusy(Exception):
    """Another holder keeps the directory's lock."""


def lock_directory(folder: Path, timeout: float = 0.0) -> int:
    """An open descriptor of ``folder`` holding its exclusive lock (see the module doc)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    deadline = time.monotonic() + max(timeout, 0.0)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise DirectoryBusy(str(folder)) from None
            time.sleep(POLL_SECONDS)
        except BaseException:
            os.close(fd)
            raise


def unlock(fd: int) -> None:
    """Release the lock taken by :func:`lock_directory` (closing its descriptor)."""
    os.close(fd)


__all__ = ["DirectoryBusy", "lock_directory", "unlock"]
