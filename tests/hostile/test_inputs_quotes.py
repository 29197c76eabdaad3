"""Issue 16 item 1: an unclosed quote in a CSV must not swallow the rows after it.

Each case runs the real command in a subprocess and checks the exit code, the one error
line (naming the file and the line where the quote opened) and that nothing was written.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hostile_support import GIB, run_cli, tree_digest

from sanctions_check.lists.store import ListStore

LISTED = ["Kim Jong Sik", "Jo Chun Ryong", "Ri Pyong Chol"]  # KPi.066, KPi.038, KPi.076
UNCLOSED = 'name\nJohn Smith\n"Maria Lopez\n' + "".join(n + "\n" for n in LISTED)


def findings(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a watch run found and was told (a failed run itself is logged in ``runs``)."""
    with closing(sqlite3.connect(db)) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()  # noqa: S608
                for t in ("hits", "watched_names", "decisions", "news_items")}


def screen(tmp_path: Path, un2024_path: Path, *args: str | Path):  # type: ignore[no-untyped-def]
    return run_cli("--list", un2024_path, "screen", *args, data_dir=tmp_path / "data",
                   memory_bytes=2 * GIB)


def test_unclosed_quote_is_an_input_error_naming_its_line(tmp_path: Path,
                                                          un2024_path: Path) -> None:
    # the file: today 2 rows, no hits, exit 0 although three listed people follow
    path = tmp_path / "u.csv"
    path.write_text(UNCLOSED)
    run = screen(tmp_path, un2024_path, path)
    assert run.code == 2, run.stderr
    assert len(run.error_lines) == 1
    line = run.error_lines[0]
    assert "u.csv" in line and "line 3" in line and "quote" in line and "end of the file" in line


def test_quote_closed_far_below_is_an_input_error(tmp_path: Path, un2024_path: Path) -> None:
    # 1,002 rows: a quote opened on line 3 and closed by a stray quote 999 lines later
    # swallowed 1,000 rows into one "unusable" row
    rows = ["name", "John Smith", '"Maria Lopez'] + [f"Person {i}" for i in range(998)]
    rows += ['Tail" Name', *LISTED]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(rows) + "\n")
    out = tmp_path / "out.csv"
    run = screen(tmp_path, un2024_path, path, "-o", out)
    assert run.code == 2, run.stderr
    assert len(run.error_lines) == 1 and "long.csv" in run.stderr and "line 3" in run.stderr
    assert not out.exists()


@pytest.mark.parametrize("engine", ["batch", "dask"])
def test_large_input_engines_refuse_it_too(tmp_path: Path, un2024_path: Path,
                                           engine: str) -> None:
    pytest.importorskip("pyarrow")
    if engine == "dask":
        pytest.importorskip("dask.distributed")
    path = tmp_path / "u.csv"
    path.write_text(UNCLOSED)
    out = tmp_path / ("out.csv" if engine == "batch" else "outdir")
    run = run_cli("--list", un2024_path, "screen", path, "--engine", engine, "-o", out,
                  "--workers", "1", data_dir=tmp_path / "data", timeout=600)
    assert run.code == 2, run.stderr
    assert "u.csv" in run.error_lines[-1] and "line 3" in run.error_lines[-1]
    assert not out.exists()


def test_closed_multi_line_fields_still_work(tmp_path: Path, un2024_path: Path) -> None:
    # a quoted address over three lines is legitimate CSV: both rows are screened
    path = tmp_path / "addr.csv"
    path.write_text('name,address\n"Kim Jong Sik","Street 1\nPyongyang\nDPRK"\n'
                    "Jo Chun Ryong,Moscow\n")
    run = screen(tmp_path, un2024_path, path)
    assert run.code == 1, run.stderr
    assert "2 rows" in run.stderr and "KPi.066" in run.stdout and "KPi.038" in run.stdout


def test_watch_refuses_it_and_keeps_its_state(tmp_path: Path, un2024_path: Path) -> None:
    watched = tmp_path / "watched.csv"
    watched.write_text("name\n" + "".join(n + "\n" for n in LISTED))
    config = tmp_path / "watch.toml"
    config.write_text('data_dir = "state"\n[list]\nurl = false\nmax_age_days = 0\n[[names]]\npath = "watched.csv"\n')
    ListStore(tmp_path / "state").import_file(un2024_path)
    first = run_cli("watch", "--config", config, data_dir=tmp_path / "state")
    assert first.code == 1, first.stderr  # three new hits
    db = tmp_path / "state" / "watch.sqlite"
    before = tree_digest(tmp_path / "state" / "lists"), findings(db)
    watched.write_text(UNCLOSED)
    run = run_cli("watch", "--config", config, data_dir=tmp_path / "state")
    assert run.code == 2, run.stderr  # not exit 1 with the three hits "resolved"
    assert len(run.error_lines) == 1 and "watched.csv" in run.stderr and "line 3" in run.stderr
    assert (tree_digest(tmp_path / "state" / "lists"), findings(db)) == before


def test_compare_pairs_refuses_it(tmp_path: Path) -> None:
    # the pairs after an unclosed quote would not be scored (and not be reported)
    path = tmp_path / "pairs.csv"
    path.write_text('name1,name2\n"Kim Jong Sik,KIM JONG SIK\n' + "a,b\n" * 20)
    run = run_cli("compare", "--pairs", path, data_dir=tmp_path / "data")
    assert run.code == 2 and len(run.error_lines) == 1, run.stderr
    assert "pairs.csv" in run.stderr and "line 2" in run.stderr


@pytest.mark.parametrize(
    "text",
    [
        # a stray quote closed three lines below: under the 10-line limit, but the name cell
        # takes in rows that hold the delimiter (rows of their own)
        'name,nationality\nJohn Smith,UK\n"Maria Lopez,ES\nKim Jong Sik,KP\n'
        'Jo Chun Ryong,KP\nRi Pyong Chol",KP\n',
        # one column: a name cell over more than two lines
        'name\nJohn Smith\n"Maria Lopez\nKim Jong Sik\nJo Chun Ryong\nRi Pyong Chol"\n',
    ],
)
def test_short_swallow_in_the_name_column_is_refused(tmp_path: Path, un2024_path: Path,
                                                      text: str) -> None:
    path = tmp_path / "short.csv"
    path.write_text(text)
    run = screen(tmp_path, un2024_path, path)
    assert run.code == 2, run.stderr
    assert len(run.error_lines) == 1 and "short.csv" in run.stderr and "line 3" in run.stderr


def test_one_line_break_in_a_name_is_read_as_a_space(tmp_path: Path, un2024_path: Path) -> None:
    # Alt+Enter in an Excel cell: "Kim\nJong Sik" is one name, screened as "Kim Jong Sik"
    path = tmp_path / "altenter.csv"
    path.write_text('name,nationality\n"Kim\nJong Sik",KP\nJo Chun Ryong,KP\n')
    run = screen(tmp_path, un2024_path, path)
    assert run.code == 1 and "KPi.066" in run.stdout and "KPi.038" in run.stdout, run.stderr


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # an unquoted comma cuts the name: "Kim" would be screened instead of "Kim, Jong Sik"
        ("name\nJohn Smith\nKim, Jong Sik\n", 3),
        # a stray quote closed by the opening quote of a later field: text after the quote
        ('name\n"Maria Lopez\n"Kim, Jong Sik"\n', 2),
    ],
)
def test_rows_that_do_not_fit_the_header_are_refused(tmp_path: Path, un2024_path: Path,
                                                      text: str, line: int) -> None:
    path = tmp_path / "fit.csv"
    path.write_text(text)
    run = screen(tmp_path, un2024_path, path)
    assert run.code == 2, run.stderr
    assert len(run.error_lines) == 1 and f"fit.csv: line {line}" in run.stderr
