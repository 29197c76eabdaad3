"""Helpers for the hostile-input suite: run the real command in a subprocess, under limits.

Each hostile case builds its input in a temporary directory, runs ``python -m sanctions_check``
as a separate process (optionally with an address-space limit, so a runaway read is killed
instead of swapping the machine) and asserts the exit code, the one-line message on stderr,
and that stored state is byte-identical afterwards (:func:`tree_digest`).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GIB = 1024**3


@dataclass(frozen=True)
class Run:
    """What one command run gave: exit code, stdout, stderr."""

    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


_PR_CAPBSET_DROP = 24
_FILE_PERMISSION_CAPS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def respect_permissions() -> None:
    """In the child (``preexec``): drop root's power to ignore file permissions, so a
    read-only data directory is read-only also when the suite runs as root."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _FILE_PERMISSION_CAPS:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _limit(
    memory_bytes: int | None, file_bytes: int | None, preexec: Callable[[], None] | None = None
) -> Callable[[], None] | None:
    if memory_bytes is None and file_bytes is None and preexec is None:
        return None

    def apply() -> None:
        if preexec is not None:
            preexec()
        if memory_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        if file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))

    return apply


def run_cli(
    *args: str | Path,
    data_dir: Path,
    cwd: Path | None = None,
    memory_bytes: int | None = None,
    file_bytes: int | None = None,
    stdin: bytes | None = None,
    timeout: float = 300,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
) -> Run:
    """Run ``sanctions-check ARGS`` as a subprocess with the data dir and optional limits."""
    full_env = {**os.environ, **(env or {}), "SANCTIONS_CHECK_DATA_DIR": str(data_dir)}
    full_env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
    )
    done = subprocess.run(
        [sys.executable, "-m", "sanctions_check", *map(str, args)],
        cwd=cwd or data_dir.parent,
        env=full_env,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limit(memory_bytes, file_bytes, preexec),
        check=False,
    )
    return Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` by relative path: compare before and after a run."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
