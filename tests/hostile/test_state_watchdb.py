"""Hostile state of ``watch`` (issue 16, items 8, 10 and 11): a damaged or missing
``watch.sqlite``, its backup, the lock and a read-only data directory.

Each case runs the real ``watch`` in a subprocess and asserts the exit code, the one-line
message and that the refused run left the database (and so the decisions in it)
byte-identical.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_support import GIB, REPO, run_cli, tree_digest

from sanctions_check.lists.store import ListStore

UN2020 = REPO / "tests" / "data" / "un-consolidated-2020-03-20.xml"
MEMORY = 4 * GIB
WATCHED = "name\nRI WON HO\nKim Jong Sik\nJohn Smith\n"  # KPi.033 is on the 2020 list


def setup_watch(tmp_path: Path) -> tuple[Path, Path]:
    """A watch config with its data directory (the 2020 list installed); no run yet."""
    data = tmp_path / "data"
    ListStore(data).import_file(UN2020)
    (tmp_path / "watched.csv").write_text(WATCHED)
    config = tmp_path / "watch.toml"
    config.write_text('data_dir = "data"\noutput_dir = "reports"\n[list]\nurl = false\n'
                      'max_age_days = 30000\n[[names]]\npath = "watched.csv"\n')
    return config, data


def watch(config: Path, data: Path, **kwargs) -> object:  # type: ignore[no-untyped-def]
    return run_cli("watch", "--config", config, data_dir=data, memory_bytes=MEMORY, **kwargs)


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    return lines[0]


@pytest.fixture
def after_first_run(tmp_path: Path) -> tuple[Path, Path]:
    config, data = setup_watch(tmp_path)
    run = watch(config, data)
    assert run.code == 1 and "NEW" in run.stdout, run.stderr  # the first run: new hits
    return config, data


def test_the_first_run_creates_the_database_and_keeps_a_backup(after_first_run) -> None:
    config, data = after_first_run
    assert (data / "watch.sqlite").is_file()
    backup = data / "watch.sqlite.bak"
    db = sqlite3.connect(backup)
    assert db.execute("SELECT count(*) FROM hits").fetchone()[0] > 0
    db.close()
    assert watch(config, data).code == 0  # nothing new: the hits are known


def damage(db: Path, how: str) -> None:
    if how == "empty":
        db.write_bytes(b"")
    elif how == "truncated":
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    elif how == "schema-less":
        db.unlink()
        sqlite3.connect(db).close()
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE unrelated (x)")
    elif how == "bit-flipped":
        blob = bytearray(db.read_bytes())
        for i in range(4096, len(blob), 4096):  # every page but the header's
            blob[i : i + 64] = bytes(b ^ 0x5A for b in blob[i : i + 64])
        db.write_bytes(bytes(blob))
    elif how == "missing":
        db.unlink()


@pytest.mark.parametrize("how", ["empty", "truncated", "schema-less", "bit-flipped", "missing"])
def test_a_damaged_or_lost_database_is_an_error_pointing_to_the_backup(
        after_first_run, how: str) -> None:
    # each would silently start a new history: every hit reported NEW again, decisions lost
    config, data = after_first_run
    db = data / "watch.sqlite"
    damage(db, how)
    before = tree_digest(data / "lists"), db.read_bytes() if db.exists() else None
    report = next((config.parent / "reports").glob("watch-*.xlsx"))  # the first run's
    for args in (("watch", "--config", config), ("decisions", "import", "--config", config,
                                                 report)):
        run = run_cli(*args, data_dir=data, memory_bytes=MEMORY)
        assert run.code == 3, (args, run.stdout, run.stderr)
        line = one_error_line(run.stderr)
        assert "watch.sqlite" in line and str(data / "watch.sqlite.bak") in line
        assert (tree_digest(data / "lists"), db.read_bytes() if db.exists() else None) == before
    # the documented recovery: put the backup in place; the history is back, nothing is new
    shutil.copyfile(data / "watch.sqlite.bak", db)
    run = watch(config, data)
    assert run.code == 0 and "NEW" not in run.stdout, run.stderr


def test_a_deleted_lock_file_does_not_let_a_second_run_in(after_first_run,
                                                          tmp_path: Path) -> None:
    config, data = after_first_run
    marker = tmp_path / "paused"
    env = {"SANCTIONS_CHECK_WATCH_PAUSE": "screening",
           "SANCTIONS_CHECK_WATCH_PAUSE_FILE": str(marker),
           "SANCTIONS_CHECK_WATCH_PAUSE_SECONDS": "60",
           "SANCTIONS_CHECK_DATA_DIR": str(data),
           "PYTHONPATH": str(REPO)}
    import os

    first = subprocess.Popen([sys.executable, "-m", "sanctions_check", "watch", "--config",
                              str(config)], env={**os.environ, **env},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + 120
        while not marker.exists():
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < end, "the first run never reached its pause"
            time.sleep(0.05)
        # e.g. a clean-up job removing "stale" files: the lock file of earlier versions...
        (data / "watch.lock").unlink(missing_ok=True)
        second = watch(config, data)
        assert second.code == 4, second.stderr
        assert f"PID {first.pid}" in one_error_line(second.stderr)
        (data / "watch.lock.pid").unlink()  # ... and the PID file: still no second run
        third = watch(config, data)
        assert third.code == 4, third.stderr
        assert "PID unknown" in one_error_line(third.stderr)
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate()


def test_planted_lock_symlink_loops_do_not_break_the_run(tmp_path: Path) -> None:
    # earlier versions opened watch.lock: a symlink loop there was an internal error (70)
    config, data = setup_watch(tmp_path)
    (data / "watch.lock").symlink_to("watch.lock")
    (data / "watch.lock.pid").symlink_to("watch.lock.pid")
    run = watch(config, data)
    assert run.code == 1 and "NEW" in run.stdout, run.stderr
    assert run.stderr == ""


def test_a_read_only_data_directory_is_one_line(after_first_run) -> None:
    from hostile_support import respect_permissions

    config, data = after_first_run
    for path in [data, *data.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    (data / "watch.log").chmod(0o666)  # the log stays writable (e.g. kept by logrotate)
    before = tree_digest(data / "lists"), (data / "watch.sqlite").read_bytes()
    try:
        run = watch(config, data, preexec=respect_permissions)
        assert run.code in (2, 3), run.stderr
        line = one_error_line(run.stderr)
        assert str(data) in line and "Permission denied" in line
        assert (tree_digest(data / "lists"), (data / "watch.sqlite").read_bytes()) == before
    finally:
        for path in [data, *data.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
