"""``sanctions-check watch`` / ``decisions import`` as cron runs them: output, exit codes,
log file, a run killed with SIGKILL, and two runs started at the same moment."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_watch import NEW_IN_2024, REMOVED, make_config

from sanctions_check.cli import cli
from sanctions_check.lists.store import ListStore
from sanctions_check.watch.config import load_config
from sanctions_check.watch.run import PAUSE_ENV, PAUSE_FILE_ENV, PAUSE_SECONDS_ENV


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def spawn(config: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sanctions_check", "watch", "--config", str(config)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **env},
    )


@pytest.fixture
def config(tmp_path: Path, un2020_path: Path) -> Path:
    """The 2020 list installed by `lists update` from a file:// mirror: confirmed now."""
    path = make_config(tmp_path)
    ListStore(load_config(path).data_dir).update(un2020_path.as_uri())
    return path


def test_prints_only_when_something_is_new(config: Path, un2024_path: Path) -> None:
    code, out, err = invoke("watch", "--config", str(config))
    assert code == 1 and "3 new hits" in out.splitlines()[0] and err == ""
    assert "Report: " in out
    ListStore(load_config(config).data_dir).update(un2024_path.as_uri())
    code, out, err = invoke("watch", "--config", str(config))
    assert code == 1 and "1 new hit, 2 resolved" in out and err == ""
    assert out.count("NEW ") == 1 and NEW_IN_2024 in out
    assert all(ref in out for ref in REMOVED)
    code, out, err = invoke("watch", "--config", str(config))
    assert (code, out, err) == (0, "", "")  # nothing changed: silence, so no cron mail
    log = (config.parent / "state" / "watch.log").read_text()
    assert log.count("watch run starting") == 3 and "exit 0" in log
    code, out, _ = invoke("watch", "--config", str(config), "--verbose")
    assert code == 0 and "0 new hits" in out  # interactive: always a summary


def test_exit_codes_for_configuration_and_list_problems(tmp_path: Path, config: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('data_dir = "s"\nthreshhold = 3\n[[names]]\npath = "w.csv"\n')
    code, out, err = invoke("watch", "--config", str(bad))
    assert code == 2 and out == "" and "threshhold" in err and str(bad) in err
    code, _, err = invoke("watch", "--config", str(tmp_path / "none.toml"))
    assert code == 2 and "not found" in err
    # --data-dir overrides data_dir: an empty one has no list -> exit 3, never the snapshot
    code, out, err = invoke("--data-dir", str(tmp_path / "empty"), "watch", "--config",
                            str(config))
    assert code == 3 and out == "" and "lists update" in err and "snapshot" not in err
    assert "exit 3" in (tmp_path / "empty" / "watch.log").read_text()
    # the environment variable does not override the config (only the command line does)
    result = CliRunner().invoke(cli, ["watch", "--config", str(config)],
                                env={"SANCTIONS_CHECK_DATA_DIR": str(tmp_path / "empty")})
    assert result.exit_code == 1 and "3 new hits" in result.stdout
    (config.parent / "watched.csv").write_bytes(b"\x00\x01binary\x00" * 50)
    code, _, err = invoke("watch", "--config", str(config))
    assert code == 2 and "watched.csv" in err


def test_decisions_import_command(config: Path) -> None:
    invoke("watch", "--config", str(config))
    report = next((config.parent / "reports").glob("watch-*.xlsx"))
    wb = load_workbook(report)
    ws = wb["New hits"]
    col = [c.value for c in ws[1]].index("Decision")
    ws.cell(row=2, column=col + 1).value = "False positive"
    wb.save(report)
    code, out, _ = invoke("decisions", "import", str(report), "--config", str(config))
    assert code == 0 and "1 decision imported" in out
    code, out, _ = invoke("--data-dir", str(config.parent / "state"), "decisions", "import",
                          str(report))
    assert code == 0 and "0 decisions imported" in out  # the same decision again
    junk = config.parent / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    code, _, err = invoke("decisions", "import", str(junk), "--config", str(config))
    assert code == 2 and "junk.xlsx" in err


def wait_for(path: Path, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"run ended early: {proc.communicate()}")
        if time.monotonic() > end:
            proc.kill()
            raise AssertionError("the run never reached the pause")
        time.sleep(0.05)


@pytest.mark.parametrize("stage", ["screening", "recorded", "reported"])
def test_killed_run_then_normal_run_reports_new_hits_exactly_once(
        config: Path, un2024_path: Path, stage: str) -> None:
    invoke("watch", "--config", str(config))  # the 2020 baseline
    ListStore(load_config(config).data_dir).update(un2024_path.as_uri())
    marker = config.parent / f"paused-{stage}"
    proc = spawn(config, **{PAUSE_ENV: stage, PAUSE_FILE_ENV: str(marker),
                            PAUSE_SECONDS_ENV: "60"})
    wait_for(marker, proc)
    proc.send_signal(signal.SIGKILL)  # killed in the middle: no cleanup at all
    out, _ = proc.communicate()
    assert proc.returncode == -signal.SIGKILL and out == ""
    db = sqlite3.connect(config.parent / "state" / "watch.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    code, out, err = invoke("watch", "--config", str(config))
    assert code == 1 and err == ""
    assert out.count(NEW_IN_2024) == 1 and out.count("NEW ") == 1
    assert sum(out.count(ref) for ref in REMOVED) == 2
    code, out, _ = invoke("watch", "--config", str(config))
    assert (code, out) == (0, "")  # and never again
    log = (config.parent / "state" / "watch.log").read_text()
    assert "took over the lock" in log and "did not finish" in log


def test_two_runs_started_together_one_runs_the_other_exits_4(config: Path) -> None:
    env = {PAUSE_ENV: "locked", PAUSE_SECONDS_ENV: "5"}  # hold the lock a moment
    procs = [spawn(config, **env), spawn(config, **env)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    codes = sorted(r[0] for r in results)
    assert codes == [1, 4], results
    winner = next(p for p, r in zip(procs, results, strict=True) if r[0] == 1)
    _, out, err = next(r for r in results if r[0] == 4)
    assert out == "" and f"PID {winner.pid}" in err and "lock" in err


@pytest.mark.parametrize(
    ("mode", "first_prints", "resolved_only_prints"),
    [
        ("new", True, False),  # only new / re-opened hits are worth a mail
        ("changes", True, True),  # the default: resolved hits too
        ("never", False, False),  # rely on the exit code and the report files
    ],
)
def test_print_modes(tmp_path: Path, un2020_path: Path, mode: str, first_prints: bool,
                     resolved_only_prints: bool) -> None:
    config = make_config(tmp_path, f'print = "{mode}"')
    ListStore(load_config(config).data_dir).update(un2020_path.as_uri())
    code, out, _ = invoke("watch", "--config", str(config))
    assert code == 1 and bool(out) == first_prints
    csv = tmp_path / "watched.csv"
    csv.write_text("".join(line for line in csv.read_text().splitlines(keepends=True)
                           if "Safavi" not in line))
    code, out, _ = invoke("watch", "--config", str(config))
    assert code == 0 and bool(out) == resolved_only_prints
    reports = list((tmp_path / "reports").glob("watch-*.xlsx"))
    assert len(reports) == 2  # the report is written whatever is printed


def test_global_list_option_is_refused_and_bad_news_source_is_only_a_warning(
        config: Path) -> None:
    code, _, err = invoke("--list", "x.xml", "watch", "--config", str(config))
    assert code == 2 and "--list" in err
    text = config.read_text() + '[[news]]\nsource = "missing-folder"\n'
    config.write_text(text)
    code, out, err = invoke("watch", "--config", str(config))
    assert code == 1 and err == ""  # the names were still screened and reported
    assert "WARNING: news source" in out and "missing-folder" in out
    assert "missing-folder" in (config.parent / "state" / "watch.log").read_text()


def test_screening_review_workbook_decisions_clear_watch_hits(config: Path) -> None:
    # a reviewer who cleared a name in a `screen` review workbook need not clear it again
    state = config.parent / "state"
    review = config.parent / "review.xlsx"
    code, _, _ = invoke("--data-dir", str(state), "screen", str(config.parent / "watched.csv"),
                        "-o", str(review))
    assert code == 1
    wb = load_workbook(review)
    ws = wb["Hits"]
    header = [c.value for c in ws[1]]
    cleared = set()
    for row in ws.iter_rows(min_row=2):
        row[header.index("Decision")].value = "False positive"
        cleared.add(row[header.index("Reference number")].value)
    wb.save(review)
    code, out, _ = invoke("decisions", "import", str(review), "--config", str(config))
    assert code == 0 and f"{len(cleared)} decisions imported" in out
    code, out, _ = invoke("watch", "--config", str(config))
    assert (code, out) == (0, "")  # every hit cleared by the reviewer: nothing new


def test_report_write_failure_keeps_hits_pending(config: Path, monkeypatch) -> None:
    import sanctions_check.watch.report as wr

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(wr, "write_report", broken)
    code, out, err = invoke("watch", "--config", str(config))
    assert code == 2 and "No space left" in err and out == ""
    monkeypatch.undo()
    code, out, _ = invoke("watch", "--config", str(config))
    assert code == 1 and "3 new hits" in out  # nothing lost


def test_imported_old_list_is_refused(tmp_path: Path, un2020_path: Path) -> None:
    # imported, never confirmed: the 2020-03-20 list is over six years old, not 0 minutes
    config = make_config(tmp_path, list_section="url = false\nmax_age_days = 30")
    ListStore(load_config(config).data_dir).import_file(un2020_path)
    code, out, err = invoke("watch", "--config", str(config))
    assert code == 3 and out == ""
    assert "since its dateGenerated 2020-03-20" in err and "more than the allowed 30" in err
