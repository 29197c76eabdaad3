"""Issue 16 item 4: reads from devices and pipes are bounded (``stat`` says 0 bytes for them).

Every reader of a user-named file reads through one bounded reader
(:func:`sanctions_check.files.reading.read_user_file`): ``/dev/zero`` is refused with one line
instead of being read until the process is killed.  Each run gets a 1 GiB address-space
limit, so a runaway read fails fast instead of swapping the machine.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hostile_support import GIB, run_cli, tree_digest

from sanctions_check.lists.store import ListStore

ZERO = Path("/dev/zero")
pytestmark = pytest.mark.skipif(not ZERO.exists(), reason="needs /dev/zero")


@pytest.fixture
def data_dir(tmp_path: Path, un2024_path: Path) -> Path:
    from sanctions_check.lists.source import load_list_in_force
    from sanctions_check.matching.matchercache import cached_matcher, index_path

    store = ListStore(tmp_path / "data")
    store.import_file(un2024_path)
    # the index cache, as the first command after an install writes it (README "Where data
    # is stored"): a refused run must then change nothing
    installed = load_list_in_force(store)
    cached_matcher(installed, index_path(installed))
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["screen", ZERO], 2),  # names to screen: input error
        (["compare", "--pairs", ZERO], 2),
        (["news", ZERO], 2),
        (["lists", "import", ZERO], 3),  # a list file: list problem
        (["lists", "update", "--url", "file:///dev/zero"], 3),
        (["watch", "--config", ZERO], 2),  # a configuration file: configuration error
    ],
)
def test_dev_zero_is_refused_with_one_line(data_dir: Path, args: list[str | Path],
                                           code: int) -> None:
    before = tree_digest(data_dir)
    run = run_cli(*args, data_dir=data_dir, memory_bytes=GIB, timeout=120)
    assert run.code == code, run.stderr
    errors = [line for line in run.error_lines if "error" in line]
    assert len(errors) == 1 and "/dev/zero" in errors[0], run.stderr
    assert "internal error" not in run.stderr
    assert tree_digest(data_dir) == before


def test_watched_dev_zero_is_refused_and_state_kept(tmp_path: Path, data_dir: Path) -> None:
    (tmp_path / "watched.csv").write_text("name\nKim Jong Sik\n")
    config = tmp_path / "watch.toml"
    config.write_text(f'data_dir = "{data_dir}"\n[list]\nurl = false\nmax_age_days = 0\n'
                      '[[names]]\npath = "watched.csv"\n[[names]]\npath = "/dev/zero"\n')
    run = run_cli("watch", "--config", config, data_dir=data_dir, memory_bytes=GIB, timeout=120)
    assert run.code == 2 and len(run.error_lines) == 1 and "/dev/zero" in run.stderr, run.stderr
    with closing(sqlite3.connect(data_dir / "watch.sqlite")) as con:
        assert con.execute("SELECT count(*) FROM hits").fetchone() == (0,)
