"""The generic review-sheet writer (reused by news and watch): specs, safety, atomicity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sanctions_check.files.sheets import Column, Sheet, review_columns, safe_title, write_workbook


def test_generic_writer_for_other_reports(tmp_path: Path) -> None:
    """News and watch reuse the writer: tuples or Sheet specs, choices, safe titles."""
    path = tmp_path / "news.xlsx"
    mentions = Sheet(
        "Mentions",
        [
            Column("score", "Score", score=True),
            Column("text", "Text", 60, wrap=True),
            Column("when", "Published"),
            *review_columns(),
        ],
        [{"score": 91.5, "text": "=cmd|' /C calc'!A0", "when": dt.date(2024, 9, 1)}],
    )
    write_workbook(
        path,
        [
            mentions,
            ("New hits", ["ref", "name"], [{"ref": "KPi.038", "name": "CHO CHUN RYONG"}]),
            ("List changes: [a/b]?", ["what"], []),  # invalid characters in the title
            ("New hits", ["x"], [{"x": 1}]),  # duplicate title gets a suffix
        ],
        summary=[("Run at", dt.datetime(2024, 9, 26, 12, 0)), ("Bands", {"strong": 90})],
    )
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Summary",
        "Mentions",
        "New hits",
        "List changes- -a-b--",
        "New hits (2)",
    ]
    ws = wb["Mentions"]
    assert ws["B2"].data_type == "s" and ws["B2"].value.startswith("=")
    assert ws["C2"].is_date
    assert ws.data_validations.dataValidation[0].formula1.startswith('"Pending')
    assert wb["Summary"]["B2"].value == "strong: 90"
    assert wb["List changes- -a-b--"].max_row == 1  # header only


def test_safe_title() -> None:
    assert safe_title("a" * 40) == "a" * 31
    assert safe_title("x/y:z") == "x-y-z"
    assert safe_title("") == "Sheet"


def test_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import Workbook

    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous report")

    def broken_save(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_workbook(target, [("Hits", ["a"], [{"a": 1}])])
    assert target.read_bytes() == b"previous report"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]  # no temp file left


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=5))
def test_any_text_is_stored_as_text(texts: list[str]) -> None:
    """Whatever the text (formula-like, control characters, emoji), it is written as a
    string cell and read back unchanged apart from characters XLSX cannot hold."""
    import re
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.xlsx"
        write_workbook(path, [("T", ["text"], [{"text": t} for t in texts])])
        ws = load_workbook(path)["T"]
        cells = [row[0] for row in ws.iter_rows(min_row=2, max_row=len(texts) + 1)]
    illegal = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    for text, cell in zip(texts, cells, strict=True):
        expected = illegal.sub("\ufffd", text)
        if expected == "":
            assert cell.value in (None, "")
            continue
        assert cell.data_type == "s"
        # XML normalises a lone CR / CRLF to LF when read back
        got = cell.value
        assert got.replace("\r\n", "\n").replace("\r", "\n") == expected.replace(
            "\r\n", "\n"
        ).replace("\r", "\n")


def test_a_failed_write_closes_its_sheets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a write that fails leaves no open write-only sheet behind: collected later, their
    # generators raised "Exception ignored" errors and their temporary files stayed until exit
    import gc
    import sys

    from openpyxl import Workbook
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    def broken_save(self: Workbook, filename: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken_save)
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    before = set(ALL_TEMP_FILES)
    with pytest.raises(OSError, match="No space left"):
        write_workbook(tmp_path / "t.xlsx", [("T", ["text"], [{"text": "x"}] * 3)])
    gc.collect()
    assert unraisable == [] and set(ALL_TEMP_FILES) == before
    assert list(tmp_path.iterdir()) == []
