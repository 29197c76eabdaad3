"""Reviewer decisions carried forward: round trip, amended entries, unreadable workbooks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from sanctions_check.errors import InputError
from sanctions_check.lists.unxml import parse_list
from sanctions_check.matching.hits import Query
from sanctions_check.screening.decisions import (
    assess,
    decision_book,
    read_decisions,
    read_workbook_decisions,
)
from sanctions_check.screening.recordkeys import record_key
from sanctions_check.screening.run import name_normaliser, screen
from sanctions_check.screening.sheetrows import CLEARED_SHEET, HITS_SHEET
from sanctions_check.screening.workbook import write_review_workbook

# Adem Yilmaz is a common Turkish name; the visitor's date of birth is not the listed one's,
# so a reviewer clears it.  Lionel Dumont is the listed man (same date of birth).
QUERIES = [
    Query("Adem Yilmaz", dob="1990-03-02", nationality="Turkish", row=2),
    Query("Lionel Dumont", dob="1971-01-29", nationality="French", row=3),
    Query("Anna Schmidt", row=4),
    Query("ADEM YILMAZ", dob="1990-03-02", nationality="Turkish", row=5),  # same person again
]


def _run(matcher: Any, sanctions_list: Any, out: Path, files: list[Path], hide: bool = False):
    normalise = name_normaliser(matcher)
    book = decision_book(read_decisions(files, normalise))
    result = screen(matcher, QUERIES, sanctions_list=sanctions_list)
    outcomes = assess(result, book)
    write_review_workbook(
        out, result, outcomes, hide_cleared=hide, decision_files=[p.name for p in files]
    )
    return result, outcomes


def _rows(path: Path, title: str) -> list[dict[str, Any]]:
    ws = load_workbook(path)[title]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _decide(path: Path, decisions: dict[tuple[str, str], tuple[str, str, str]]) -> None:
    """Play the reviewer: fill Decision / Reviewer / Notes in the Hits sheet and save."""
    wb = load_workbook(path)
    ws = wb[HITS_SHEET]
    headers = [c.value for c in ws[1]]
    col = {h: headers.index(h) for h in headers}
    for row in ws.iter_rows(min_row=2):
        key = (row[col["Input name"]].value, row[col["Reference number"]].value)
        if key in decisions:
            decision, reviewer, notes = decisions[key]
            row[col["Decision"]].value = decision
            row[col["Reviewer"]].value = reviewer
            row[col["Notes"]].value = notes
    wb.save(path)


@pytest.fixture(scope="module")
def first_review(tmp_path_factory: Any, matcher2024: Any, un2024: Any) -> Path:
    path = tmp_path_factory.mktemp("dec") / "review-1.xlsx"
    _run(matcher2024, un2024, path, [])
    refs = {(r["Input name"], r["Reference number"]) for r in _rows(path, HITS_SHEET)}
    assert ("Adem Yilmaz", "QDi.261") in refs and ("Lionel Dumont", "QDi.095") in refs
    _decide(
        path,
        {
            ("Adem Yilmaz", "QDi.261"): ("False positive", "A. Analyst", "DOB 1990 vs 1978"),
            ("ADEM YILMAZ", "QDi.261"): ("False positive", "A. Analyst", "same visitor"),
            ("Lionel Dumont", "QDi.095"): ("True match", "A. Analyst", "passport checked"),
        },
    )
    return path


def test_decisions_are_read_back(first_review: Path, matcher2024: Any) -> None:
    found = read_workbook_decisions(first_review, name_normaliser(matcher2024))
    by_ref = {(d.input_name, d.reference_number): d for d in found}
    fp = by_ref[("Adem Yilmaz", "QDi.261")]
    assert (fp.decision, fp.reviewer, fp.notes) == (
        "False positive",
        "A. Analyst",
        "DOB 1990 vs 1978",
    )
    assert fp.name_key == "adem yilmaz"
    assert fp.entry_version == 1
    assert "Talha" in fp.entry_names and "2023-12-14" in fp.entry_last_updated
    assert by_ref[("Lionel Dumont", "QDi.095")].decision == "True match"
    assert all(d.decision != "Pending" for d in found)  # undecided rows are not decisions


def test_false_positive_is_carried_forward(
    first_review: Path, tmp_path: Path, matcher2024: Any, un2024: Any
) -> None:
    out = tmp_path / "review-2.xlsx"
    _run(matcher2024, un2024, out, [first_review])
    hits = _rows(out, HITS_SHEET)
    cleared = _rows(out, CLEARED_SHEET)
    # both rows of the cleared visitor moved to Previously cleared, with the decision
    assert {(r["Input name"], r["Reference number"]) for r in cleared} == {
        ("Adem Yilmaz", "QDi.261"),
        ("ADEM YILMAZ", "QDi.261"),
    }
    assert all(r["Decision"] == "False positive" and r["Reviewer"] == "A. Analyst" for r in cleared)
    assert all("Carried forward" in r["Decision history"] for r in cleared)
    # the true match stays flagged in Hits, decision pre-filled
    dumont = next(r for r in hits if r["Reference number"] == "QDi.095")
    assert dumont["Decision"] == "True match" and dumont["Notes"] == "passport checked"
    assert not any(r["Reference number"] == "QDi.261" for r in hits)
    summary = {r[0]: r[1] for r in load_workbook(out)["Summary"].iter_rows(values_only=True)}
    assert summary["Previously cleared"] == 2
    assert summary["Decisions carried from"] == "review-1.xlsx"


def test_hide_cleared_keeps_decisions_for_the_next_run(
    first_review: Path, tmp_path: Path, matcher2024: Any, un2024: Any
) -> None:
    second = tmp_path / "review-2.xlsx"
    _run(matcher2024, un2024, second, [first_review], hide=True)
    wb = load_workbook(second)
    assert wb[CLEARED_SHEET].sheet_state == "hidden"  # out of view, still on record
    third = tmp_path / "review-3.xlsx"
    _, outcomes = _run(matcher2024, un2024, third, [second])
    assert sum(o.cleared for o in outcomes.values()) == 2  # carried through two runs


@pytest.fixture(scope="module")
def amended(tmp_path_factory: Any, un2024_path: Path) -> tuple[Any, Any]:
    """A copy of the 2024 list where QDi.261 got a new alias and VERSIONNUM 2."""
    text = un2024_path.read_text(encoding="utf-8")
    at = text.index("<REFERENCE_NUMBER>QDi.261</REFERENCE_NUMBER>")
    start = text.rindex("<INDIVIDUAL>", 0, at)
    end = text.index("</INDIVIDUAL>", at)
    block = text[start:end]
    new = block.replace("<VERSIONNUM>1</VERSIONNUM>", "<VERSIONNUM>2</VERSIONNUM>").replace(
        "<INDIVIDUAL_ALIAS>",
        "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Adam Yilmaz</ALIAS_NAME>"
        "</INDIVIDUAL_ALIAS><INDIVIDUAL_ALIAS>",
        1,
    )
    assert new != block
    path = tmp_path_factory.mktemp("amended") / "un-amended.xml"
    path.write_text(text[:start] + new + text[end:], encoding="utf-8")
    from sanctions_check.matching.matcher import Matcher

    sanctions_list = parse_list(path)
    return sanctions_list, Matcher.from_list(sanctions_list)


def test_amended_entry_is_reopened(
    first_review: Path, tmp_path: Path, amended: tuple[Any, Any]
) -> None:
    sanctions_list, matcher = amended
    assert sanctions_list.get("QDi.261").version == 2
    out = tmp_path / "review-amended.xlsx"
    _, outcomes = _run(matcher, sanctions_list, out, [first_review])
    hits = _rows(out, HITS_SHEET)
    yilmaz = [r for r in hits if r["Reference number"] == "QDi.261"]
    assert len(yilmaz) == 2  # back in Hits, not in Previously cleared
    for row in yilmaz:
        assert row["Decision"] == "Pending"
        assert "Re-opened" in row["Decision history"]
        assert "version 1 -> 2" in row["Decision history"]
        assert "new names: Adam Yilmaz" in row["Decision history"]
        assert "False positive by A. Analyst" in row["Decision history"]
    assert _rows(out, CLEARED_SHEET) == []
    assert sum(o.reopened for o in outcomes.values()) == 2
    # the unchanged true match is still carried
    dumont = next(r for r in hits if r["Reference number"] == "QDi.095")
    assert dumont["Decision"] == "True match"


def test_later_files_win(first_review: Path, tmp_path: Path, matcher2024: Any) -> None:
    later = tmp_path / "later.xlsx"
    later.write_bytes(first_review.read_bytes())
    _decide(later, {("Adem Yilmaz", "QDi.261"): ("Escalated", "B. Lead", "ask the embassy")})
    normalise = name_normaliser(matcher2024)
    yilmaz = (record_key("adem yilmaz", "1990-03-02", "Turkish"), "QDi.261")
    book = decision_book(read_decisions([first_review, later], normalise))
    assert book[yilmaz].decision == "Escalated"
    book = decision_book(read_decisions([later, first_review], normalise))
    assert book[yilmaz].decision == "False positive"
    # within one workbook the same record twice: the more cautious decision wins
    _decide(later, {("ADEM YILMAZ", "QDi.261"): ("True match", "C. Other", "")})
    book = decision_book(read_decisions([later], normalise))
    assert book[yilmaz].decision == "True match"


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_unreadable_workbooks_are_refused(first_review: Path, tmp_path: Path) -> None:
    headers = [c.value for c in load_workbook(first_review)[HITS_SHEET][1]]
    bad_value = [None] * len(headers)
    bad_value[headers.index("Input name")] = "X"
    bad_value[headers.index("Reference number")] = "QDi.001"
    bad_value[headers.index("Decision")] = "maybe"
    no_ref = list(bad_value)
    no_ref[headers.index("Decision")] = "True match"
    no_ref[headers.index("Reference number")] = None
    cases = {
        "not a zip": (tmp_path / "a.xlsx", None, "not a readable review workbook"),
        "no Hits sheet": (
            _workbook(tmp_path / "b.xlsx", {"Other": [["x"]]}),
            None,
            "no 'Hits' / 'Previously cleared' / 'New hits' / 'Open hits' sheet",
        ),
        "missing columns": (
            _workbook(
                tmp_path / "c.xlsx", {"Hits": [["Input name", "Decision"], ["X", "Pending"]]}
            ),
            None,
            "lacks the column(s)",
        ),
        "unknown decision": (
            _workbook(tmp_path / "d.xlsx", {"Hits": [headers, bad_value]}),
            None,
            "unknown decision 'maybe'",
        ),
        "decision without reference": (
            _workbook(tmp_path / "e.xlsx", {"Hits": [headers, no_ref]}),
            None,
            "without a reference number",
        ),
        "empty Hits sheet": (_workbook(tmp_path / "f.xlsx", {"Hits": []}), None, "empty"),
    }
    (tmp_path / "a.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    for label, (path, _, message) in cases.items():
        with pytest.raises(InputError, match=re.escape(message)) as info:
            read_decisions([first_review, path])  # one bad file spoils the whole read
        assert str(path) in str(info.value), label
    with pytest.raises(InputError, match="no such decisions workbook"):
        read_decisions([tmp_path / "missing.xlsx"])


def test_decision_values_are_case_insensitive(first_review: Path, tmp_path: Path) -> None:
    path = tmp_path / "lower.xlsx"
    path.write_bytes(first_review.read_bytes())
    _decide(path, {("Lionel Dumont", "QDi.095"): ("true MATCH", "", "")})
    found = {d.reference_number: d.decision for d in read_workbook_decisions(path)}
    assert found["QDi.095"] == "True match"


def test_watch_report_sheets_are_read(first_review: Path, tmp_path: Path) -> None:
    """A watch report has New hits / Open hits (same columns) instead of Hits."""
    from sanctions_check.screening.sheetrows import hit_columns
    from sanctions_check.screening.workbook import Sheet, write_workbook

    rows = _rows(first_review, HITS_SHEET)
    keys = {c.header: c.key for c in hit_columns()}
    as_keys = [{keys[h]: v for h, v in r.items() if h in keys} for r in rows]
    report = tmp_path / "watch-report.xlsx"
    write_workbook(
        report,
        [
            Sheet("New hits", hit_columns(), as_keys[:1]),
            Sheet("Open hits", hit_columns(), as_keys[1:]),
        ],
        summary=[("Report", "watch")],
    )
    found = {
        (d.input_name, d.reference_number, d.decision, d.sheet) for d in read_decisions([report])
    }
    assert ("Lionel Dumont", "QDi.095", "True match", "New hits") in found or (
        "Lionel Dumont",
        "QDi.095",
        "True match",
        "Open hits",
    ) in found
    assert {d for d in found if d[1] == "QDi.261"}  # the false positives too
