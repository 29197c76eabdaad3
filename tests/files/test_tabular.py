"""Plain tables: every format written atomically, formula-like text never a formula."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sanctions_check.errors import InputError
from sanctions_check.files.tabular import csv_safe, is_formula_like, write_table

COLUMNS = ["name", "score", "listed_on"]
ROWS = [
    {"name": '=HYPERLINK("http://evil","x")', "score": 91.5, "listed_on": dt.date(2016, 11, 30)},
    {"name": "+Jo Chun Ryong", "score": 100.0, "listed_on": None},
    {"name": "Kim Jong Sik", "score": 99, "listed_on": dt.date(2017, 6, 2)},
]


@pytest.mark.parametrize(
    ("value", "formula"),
    [
        ("=1+1", True),  # the classic CSV injection
        ("+Jo", True),
        ("-2", True),
        ("@SUM(A1)", True),
        ("\tx", True),
        ("\rx", True),
        ("Kim", False),
        ("a=b", False),  # only a leading character makes a formula
        (12, False),  # numbers stay numbers
    ],
)
def test_formula_like(value: object, formula: bool) -> None:
    assert is_formula_like(value) is formula
    assert (csv_safe(value) != value) is formula


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    assert write_table(out, COLUMNS, ROWS) == 3
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["name"].startswith("'=") and rows[1]["name"] == "'+Jo Chun Ryong"
    assert rows[0]["listed_on"] == "2016-11-30" and rows[1]["listed_on"] == ""


def test_xlsx_stores_formula_like_text_as_text(tmp_path: Path) -> None:
    out = tmp_path / "hits.xlsx"
    write_table(out, COLUMNS, ROWS, meta={"list_sha256": "abc"})
    wb = load_workbook(out)
    cell = wb["Rows"]["A2"]
    assert cell.value == ROWS[0]["name"] and cell.data_type == "s"  # text, not a formula
    assert wb["Rows"]["B2"].value == 91.5  # numbers stay numbers
    assert wb["Run"]["A1"].value == "list_sha256" and wb["Run"]["B1"].value == "abc"


def test_json_with_meta_and_jsonl(tmp_path: Path) -> None:
    write_table(tmp_path / "a.json", COLUMNS, ROWS, meta={"algorithm": "x"})
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert doc["meta"] == {"algorithm": "x"} and doc["rows"][2]["name"] == "Kim Jong Sik"
    write_table(tmp_path / "a.jsonl", COLUMNS, ROWS)
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and json.loads(lines[0])["listed_on"] == "2016-11-30"


def test_unknown_format_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown output format"):
        write_table(tmp_path / "out.pdf", COLUMNS, ROWS)
    assert list(tmp_path.iterdir()) == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_text_round_trips_through_csv_as_data(text: str) -> None:
    # whatever a name contains, the CSV cell reads back as that text (apostrophe-prefixed
    # when it would run as a formula), never splitting rows or columns
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t.csv"
        write_table(out, ["name"], [{"name": text}])
        with out.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    assert len(rows) == 2
    assert rows[1][0] == ("'" + text if is_formula_like(text) else text)


def test_aborted_xlsx_row_writer_closes_its_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the batch engine's writer, aborted mid-run (an error, Ctrl-C): the target is not
    # written and the write-only sheet is closed now, not reported "Exception ignored" later
    import gc
    import sys

    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    from sanctions_check.batch.writer import RowWriter

    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    before = set(ALL_TEMP_FILES)
    writer = RowWriter(tmp_path / "hits.xlsx", ("name", "score"))
    writer.write([{"name": "Kim Jong Sik", "score": 100.0}] * 3)
    writer.abort()
    del writer
    gc.collect()
    assert unraisable == [] and set(ALL_TEMP_FILES) == before
    assert list(tmp_path.iterdir()) == []
