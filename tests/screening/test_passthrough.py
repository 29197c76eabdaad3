"""The input's own columns travel with every row: workbook, CSV / JSON / JSONL, batch, Dask, watch.

Real list data (the 2024 snapshot): the listed names below are hits, the others are clear.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sanctions_check.cli import cli
from sanctions_check.errors import InputError
from sanctions_check.screening.columns import ColumnSpec, choose_columns, unique_headers
from sanctions_check.screening.inputs import read_queries
from sanctions_check.screening.rows import HIT_COLUMNS
from sanctions_check.screening.sheetrows import HITS_SHEET, SCREENED_SHEET

HEADER = ["Visitor ID", "Full name", "Role", "Delegation"]
VISITORS = [
    ["V-101", "Ri Pyong Chol", "Vice Chairman of the Central Military Commission", "DPRK"],
    ["V-102", "Anna Schmidt", "Interpreter", "DE"],
    ["V-103", "Jo Chun Ryong", "Secretary of the WPK Central Committee (munitions)", "DPRK"],
    ["V-104", "Kim Jong Sik", "=HYPERLINK(\"http://evil.example\",\"x\")", "DPRK"],
    ["V-105", "Carlos Mendes", "Driver", "BR"],
    ["V-106", "Ri Pyong Chol", "Protocol officer (same name, another person)", "DPRK"],
]
BY_ID = {row[0]: row for row in VISITORS}


@pytest.fixture
def visitors(tmp_path: Path) -> Path:
    path = tmp_path / "visitors.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(VISITORS)
    return path


def run(list_path: Path, *args: Any) -> Any:
    return CliRunner().invoke(cli, ["--list", str(list_path), "screen", *map(str, args)])


def _sheet_rows(ws: Any) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("id", "id"),  # the plain word
        ("Customer ID", "Customer ID"),  # customer_id, spaced and capitalised
        ("visitor_id", "visitor_id"),  # the delegation files of issue 20
        ("Badge number", "Badge number"),  # badgenumber
        ("Passport", None),  # not in data/input_headers.csv: not taken for a record key
    ],
)
def test_id_column_auto_detected(header: str, expected: str | None) -> None:
    choice = choose_columns("x.csv", ["Name", header, "Role"])
    assert choice.roles.get("id") == expected
    if expected is None:
        assert choice.query(["Kim", "K-1", "Role"], 2).record_id is None
        return
    q = choice.query(["Kim", "K-1", "Role"], 2)
    assert q.record_id == "K-1"


def test_every_column_passes_through_under_unique_headers() -> None:
    choice = choose_columns("x.csv", ["Name", "Note", "Note", "ID"])
    q = choice.query(["Kim", "a", "b", "7"], 2)
    # every column, the name's too, in input order; a repeated header is numbered
    assert q.passthrough == (("Name", "Kim"), ("Note", "a"), ("Note (2)", "b"), ("ID", "7"))
    assert q.record_id == "7"
    assert unique_headers(["a", "a", "a (2)", "b"]) == ["a", "a (2)", "a (2) (2)", "b"]


def test_keep_columns_narrow_and_unknown_one_is_an_error(visitors: Path) -> None:
    got = read_queries(visitors, ColumnSpec(keep_columns=("role", "Visitor ID")))
    assert got.passthrough == ("Visitor ID", "Role")  # input order, matched like --column
    assert read_queries(visitors, ColumnSpec(keep_columns=())).queries[0].passthrough == ()
    with pytest.raises(InputError, match="no --keep-columns column 'Title'"):
        read_queries(visitors, ColumnSpec(keep_columns=("Title",)))


def test_a_bare_list_of_names_has_nothing_to_pass(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("Kim Jong Sik\nAnna Schmidt\n", encoding="utf-8")
    got = read_queries(path)
    assert got.passthrough == () and got.queries[0].record_id is None


# --------------------------------------------------------------------------- workbook


def test_hits_sheet_sorted_every_row_keeps_its_own_id(
    visitors: Path, tmp_path: Path, un2024_path: Path
) -> None:
    out = tmp_path / "review.xlsx"
    result = run(un2024_path, visitors, "-o", out)
    assert result.exit_code == 1, result.output
    assert "id = 'Visitor ID'" in result.stderr
    wb = load_workbook(out)
    ws = wb[HITS_SHEET]
    headers = [c.value for c in ws[1]]
    # the input's columns come after the tool's own, under their original headers
    assert headers[-4:] == HEADER
    assert headers.index("Record ID") < headers.index("Decision") < headers.index("Visitor ID")
    # sort the sheet as a reviewer would (by Role, then descending by Visitor ID), save, reload
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    role, vid = headers.index("Role"), headers.index("Visitor ID")
    body.sort(key=lambda r: (str(r[role]), str(r[vid])), reverse=True)
    for i, values in enumerate(body, start=2):
        for j, value in enumerate(values, start=1):
            ws.cell(i, j).value = value
    wb.save(out)
    rows = _sheet_rows(load_workbook(out)[HITS_SHEET])
    assert {r["Visitor ID"] for r in rows} >= {"V-101", "V-103", "V-104", "V-106"}
    for r in rows:
        own = BY_ID[r["Visitor ID"]]
        assert r["Record ID"] == r["Visitor ID"]
        assert (r["Input name"], r["Role"], r["Delegation"]) == (own[1], own[2], own[3])
    # the two visitors named Ri Pyong Chol stay apart: each hit row carries its own ID
    ri = {r["Visitor ID"] for r in rows if r["Input name"] == "Ri Pyong Chol"}
    assert ri == {"V-101", "V-106"}


def test_screened_sheet_carries_columns_and_formula_text_stays_text(
    visitors: Path, tmp_path: Path, un2024_path: Path
) -> None:
    out = tmp_path / "review.xlsx"
    assert run(un2024_path, visitors, "-o", out).exit_code == 1
    wb = load_workbook(out)
    rows = _sheet_rows(wb[SCREENED_SHEET])
    assert [r["Visitor ID"] for r in rows] == [v[0] for v in VISITORS]
    assert [r["Record ID"] for r in rows] == [v[0] for v in VISITORS]
    assert rows[1]["Role"] == "Interpreter" and rows[1]["Status"] == "clear"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)  # the HYPERLINK role is text


def test_input_header_equal_to_a_tool_header_gets_marked(
    tmp_path: Path, un2024_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("name,Score,Decision\nKim Jong Sik,3,yes\n", encoding="utf-8")
    out = tmp_path / "review.xlsx"
    assert run(un2024_path, path, "-o", out).exit_code == 1
    headers = [c.value for c in load_workbook(out)[HITS_SHEET][1]]
    assert headers.count("Score") == 1 and headers.count("Decision") == 1
    assert headers[-3:] == ["name", "Score (input)", "Decision (input)"]


# --------------------------------------------------------------------------- CSV / JSON


def test_csv_json_jsonl_prefix_input_columns(
    visitors: Path, tmp_path: Path, un2024_path: Path
) -> None:
    keys = [f"input.{h}" for h in HEADER]
    out = tmp_path / "hits.csv"
    assert run(un2024_path, visitors, "-o", out, "--include-clear").exit_code == 1
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    columns = list(rows[0])
    assert columns[: len(HIT_COLUMNS)] == list(HIT_COLUMNS)
    assert columns[-4:] == keys  # after the tool's columns, the list facts included
    assert {r["status"] for r in rows} == {"hit", "clear"}  # hits, then the clear rows
    assert {r["input.Visitor ID"] for r in rows} == set(BY_ID)
    for r in rows:
        assert r["input.Full name"] == r["query"]
    evil = next(r for r in rows if r["input.Visitor ID"] == "V-104")
    assert evil["input.Role"].startswith("'=")  # formula-like text neutralised in CSV
    for fmt in ("json", "jsonl"):
        out = tmp_path / f"hits.{fmt}"
        assert run(un2024_path, visitors, "-o", out, "--keep-columns", "Visitor ID,role"
                   ).exit_code == 1
        text = out.read_text(encoding="utf-8")
        data = json.loads(text)["rows"] if fmt == "json" else [
            json.loads(line) for line in text.splitlines()]
        assert data and all(list(r)[-2:] == ["input.Visitor ID", "input.Role"] for r in data)
        assert all(BY_ID[r["input.Visitor ID"]][1] == r["query"] for r in data)


def test_id_column_option_names_the_record_key(
    visitors: Path, tmp_path: Path, un2024_path: Path
) -> None:
    out = tmp_path / "review.xlsx"
    assert run(un2024_path, visitors, "-o", out, "--id-column", "Delegation").exit_code == 1
    rows = _sheet_rows(load_workbook(out)[SCREENED_SHEET])
    assert [r["Record ID"] for r in rows] == [v[3] for v in VISITORS]
    bad = run(un2024_path, visitors, "-o", out, "--id-column", "Passport")
    assert bad.exit_code == 2
    assert "no id column 'Passport'" in bad.stderr


# --------------------------------------------------------------------------- engines


@pytest.mark.parametrize("engine", ["batch", "dask"])
def test_large_input_engines_carry_the_columns(
    visitors: Path, tmp_path: Path, un2024_path: Path, engine: str
) -> None:
    if engine == "dask":
        pytest.importorskip("distributed")
    out = tmp_path / ("out.csv" if engine == "batch" else "outdir.csv")
    args = ["--engine", engine, "--workers", "1", "--include-clear"]
    result = run(un2024_path, visitors, "-o", out, *args)
    assert result.exit_code == 1, result.output
    files = [out] if engine == "batch" else sorted(out.glob("part.*.csv"))
    rows = []
    for f in files:
        with f.open(encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    assert list(rows[0])[-4:] == [f"input.{h}" for h in HEADER]
    assert {r["input.Visitor ID"] for r in rows} == set(BY_ID)
    for r in rows:
        own = BY_ID[r["input.Visitor ID"]]
        assert (r["query"], r["input.Delegation"]) == (own[1], own[3])


def test_watch_report_carries_the_watched_files_columns(
    tmp_path: Path, un2024_path: Path
) -> None:
    from sanctions_check.lists.store import ListStore
    from sanctions_check.watch.config import load_config
    from sanctions_check.watch.run import run_watch

    (tmp_path / "watched.csv").write_text(
        "Case,name,Team\nC-7,Kim Jong Sik,north\nC-8,Anna Schmidt,south\n", encoding="utf-8")
    cfg_path = tmp_path / "watch.toml"
    cfg_path.write_text('data_dir = "state"\noutput_dir = "reports"\n[list]\nurl = false\n'
                        '[[names]]\npath = "watched.csv"\nid_column = "Case"\n'
                        'keep_columns = ["Case", "Team"]\n', encoding="utf-8")
    cfg = load_config(cfg_path)
    assert cfg.names[0].spec.keep_columns == ("Case", "Team")
    ListStore(cfg.data_dir).update(un2024_path.as_uri())
    done = run_watch(cfg)
    assert done.report_path is not None
    rows = _sheet_rows(load_workbook(done.report_path)["New hits"])
    assert rows and all((r["Record ID"], r["Case"], r["Team"]) == ("C-7", "C-7", "north")
                        for r in rows)
