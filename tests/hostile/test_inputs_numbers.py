"""Issue 16 item 2: every numeric option and configuration value is finite and in range.

``nan`` compares false with everything, so it passed every range check: ``--min-score nan``
reported no hits at all and ``threshold = nan`` in watch.toml resolved every open hit.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_support import run_cli

from sanctions_check.cli import cli
from sanctions_check.lists.store import ListStore

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "delegation.csv"


def invoke(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400"])  # 1e400 parses as inf
@pytest.mark.parametrize(
    "command",
    [
        ["screen", SAMPLE, "--min-score"],
        ["match", "Kim Jong Sik", "--min-score"],
        ["news", SAMPLE, "--min-score"],
        ["screen", SAMPLE, "--max-list-age"],
        ["news", SAMPLE, "--max-list-age"],
        ["lists", "info", "--max-age-days"],
        ["lists", "update", "--url", "file:///nonexistent", "--timeout"],
        ["serve", "--max-age-days"],
    ],
)
def test_non_finite_numbers_are_usage_errors(tmp_path: Path, un2024_path: Path,
                                             command: list[str | Path], value: str) -> None:
    code, err = invoke("--data-dir", tmp_path, "--list", un2024_path, *command, value)
    assert code == 2, err
    option = str(command[-1])
    lines = [line for line in err.splitlines() if line.strip()]
    assert any(option in line and "finite" in line for line in lines), err


@pytest.mark.parametrize(
    ("command", "value"),
    [
        # days beyond what a date can hold overflowed inside the library (exit 70)
        (["screen", SAMPLE, "--max-list-age"], "1e300"),
        (["lists", "info", "--max-age-days"], "1e300"),
        # a timer of 1e300 s overflowed inside threading (exit 70)
        (["lists", "update", "--url", "file:///nonexistent", "--timeout"], "1e300"),
    ],
)
def test_numbers_beyond_their_range_are_usage_errors(tmp_path: Path, un2024_path: Path,
                                                     command: list[str | Path],
                                                     value: str) -> None:
    code, err = invoke("--data-dir", tmp_path, "--list", un2024_path, *command, value)
    assert code == 2 and str(command[-1]) in err, err


def config(tmp_path: Path, top: str = "",
           list_section: str = "url = false\nmax_age_days = 0") -> Path:  # the snapshot is old
    (tmp_path / "watched.csv").write_text("name\nKim Jong Sik\nJo Chun Ryong\n")
    path = tmp_path / "watch.toml"
    path.write_text(f'data_dir = "state"\n{top}\n[list]\n{list_section}\n'
                    '[[names]]\npath = "watched.csv"\n')
    return path


@pytest.mark.parametrize(
    ("top", "list_section", "key"),
    [
        ("threshold = nan", "url = false", "threshold"),
        ("threshold = inf", "url = false", "threshold"),
        ("", "url = false\nmax_age_days = nan", "list.max_age_days"),
        ("", "url = false\nmax_age_days = inf", "list.max_age_days"),
        ("", "url = false\nmax_age_days = 1e300", "list.max_age_days"),  # overflowed: exit 70
        ("", "url = false\nrefresh_hours = nan", "list.refresh_hours"),
        ("", "url = false\nrefresh_hours = -inf", "list.refresh_hours"),
    ],
)
def test_watch_config_numbers_must_be_finite(tmp_path: Path, top: str, list_section: str,
                                             key: str) -> None:
    path = config(tmp_path, top, list_section)
    code, err = invoke("watch", "--config", path)
    assert code == 2 and key in err and str(path) in err, err


def test_watch_threshold_nan_does_not_resolve_open_hits(tmp_path: Path,
                                                        un2024_path: Path) -> None:
    path = config(tmp_path)
    ListStore(tmp_path / "state").import_file(un2024_path)
    first = run_cli("watch", "--config", path, data_dir=tmp_path / "state")
    assert first.code == 1, first.stderr
    db = tmp_path / "state" / "watch.sqlite"
    with closing(sqlite3.connect(db)) as con:
        before = con.execute("SELECT * FROM hits ORDER BY 1").fetchall()
    path.write_text(path.read_text().replace('data_dir = "state"\n',
                                             'data_dir = "state"\nthreshold = nan\n'))
    run = run_cli("watch", "--config", path, data_dir=tmp_path / "state")
    assert run.code == 2 and len(run.error_lines) == 1 and "threshold" in run.stderr
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT * FROM hits ORDER BY 1").fetchall() == before
