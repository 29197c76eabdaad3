"""The review workbook, read back with openpyxl: sheets, headers, validation, formats, safety."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sanctions_check.matching.hits import Query
from sanctions_check.scoring.weights import DEFAULT_SCORING
from sanctions_check.screening.run import screen, sha256_file
from sanctions_check.screening.sheetrows import (
    CLEARED_SHEET,
    HITS_SHEET,
    SCREENED_SHEET,
    hit_columns,
)
from sanctions_check.screening.workbook import (
    DECISION_CHOICES,
    SUMMARY_SHEET,
    Reason,
    review_columns,
    write_review_workbook,
)

# Formula-like spellings of listed names: they must reach the sheet as text, never formulas.
HOSTILE = [
    "=Ri Pyong Chol",
    "+Kim Jong Sik",
    "-Jo Chun Ryong",
    "@Lionel Dumont",
    '=HYPERLINK("http://evil.example","click")',
]


@pytest.fixture(scope="module")
def review(tmp_path_factory: Any, matcher2024: Any, un2024: Any) -> tuple[Path, Any]:
    queries = [
        Query("Anna Schmidt", dob="1984-03-12", nationality="German", row=2),
        Query("Ri Pyong-chol", dob="1948", nationality="DPRK", row=3),
        Query("Jo Chun Ryong", row=4),
        Query("!!!", row=5),
        *[Query(name, row=6 + i) for i, name in enumerate(HOSTILE)],
    ]
    result = screen(matcher2024, queries, sanctions_list=un2024)
    path = tmp_path_factory.mktemp("wb") / "review.xlsx"
    write_review_workbook(path, result)
    return path, result


def _headers(ws: Any) -> list[str]:
    return [c.value for c in ws[1]]


def test_sheets_and_headers(review: tuple[Path, Any]) -> None:
    path, _ = review
    wb = load_workbook(path)
    assert wb.sheetnames == [SUMMARY_SHEET, HITS_SHEET, "Entities", CLEARED_SHEET,
                             SCREENED_SHEET]
    hits = wb[HITS_SHEET]
    assert _headers(hits) == [c.header for c in hit_columns()]
    # the date of birth and nationality checks sit beside the score, filterable
    assert _headers(hits)[:7] == ["Score", "Band", "DOB check", "Nationality check",
                                  "Input row", "Input name", "Record ID"]
    reviewer = [c.header for c in review_columns()]
    assert reviewer == ["Decision", "Reason", "Reviewer", "Decision date", "Notes"]
    assert _headers(hits)[-11:-6] == reviewer
    assert _headers(wb[SCREENED_SHEET])[:3] == ["Input row", "Input name", "Record ID"]
    for title in (HITS_SHEET, CLEARED_SHEET, SCREENED_SHEET):
        ws = wb[title]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.bold for c in ws[1])


def test_hits_are_ranked_with_real_numbers_and_dates(review: tuple[Path, Any]) -> None:
    path, result = review
    ws = load_workbook(path)[HITS_SHEET]
    headers = _headers(ws)
    rows = [dict(zip(headers, (c for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    assert len(rows) == result.hit_count
    scores = [r["Score"].value for r in rows]
    assert all(isinstance(s, int | float) for s in scores)
    assert scores == sorted(scores, reverse=True)
    listed = [r["Listed on"] for r in rows if r["Listed on"].value is not None]
    assert listed and all(c.is_date and c.number_format == "yyyy-mm-dd" for c in listed)
    assert all(r["Decision"].value == "Pending" for r in rows)
    refs = {r["Reference number"].value for r in rows}
    assert {"KPi.076", "KPi.038"} <= refs
    ri = next(r for r in rows if r["Reference number"].value == "KPi.076")
    assert ri["List dates of birth"].value == "1948"
    assert "Korea" in ri["List nationality"].value
    assert "Military Commission" in ri["Designation / title"].value
    assert ri["Name type"].value.startswith(("primary", "alias"))
    assert ri["Explanation"].alignment.wrap_text
    assert ri["Input DOB"].value == 1948  # a year is a number
    anna = load_workbook(path)[SCREENED_SHEET]["E2"]  # the DOB column
    assert anna.is_date and anna.value.date() == dt.date(1984, 3, 12)  # a date is a date


def test_decision_and_reason_drop_downs(review: tuple[Path, Any]) -> None:
    path, _ = review
    ws = load_workbook(path)[HITS_SHEET]
    letter = get_column_letter(_headers(ws).index("Decision") + 1)
    validations = ws.data_validations.dataValidation
    assert len(validations) == 2  # Decision and Reason
    dv = validations[0]
    assert dv.type == "list"
    assert dv.formula1 == '"' + ",".join(DECISION_CHOICES) + '"'
    assert set(DECISION_CHOICES) == {"Pending", "True match", "False positive", "Escalated"}
    assert f"{letter}2" in str(dv.sqref)
    assert dv.showErrorMessage
    reason = validations[1]
    assert f"{get_column_letter(_headers(ws).index('Reason') + 1)}2" in str(reason.sqref)
    # the documented reason codes (README, "Reviewing in Excel")
    assert reason.formula1 == (
        '"Different DOB,Different nationality,Different person per role,'
        'Name only partly matches,Confirmed true match,Other"'
    )
    assert reason.formula1 == '"' + ",".join(Reason) + '"' and reason.showErrorMessage


def test_conditional_formatting_on_score_and_band(review: tuple[Path, Any]) -> None:
    path, _ = review
    ws = load_workbook(path)[HITS_SHEET]
    rules = {str(rng.sqref): [r.type for r in rng.rules] for rng in ws.conditional_formatting}
    assert any(rng.startswith("A2:A") and "colorScale" in t for rng, t in rules.items())
    assert any(rng.startswith("B2:B") and "expression" in t for rng, t in rules.items())


def test_formula_like_names_are_stored_as_text(review: tuple[Path, Any]) -> None:
    path, _ = review
    wb = load_workbook(path)
    screened = wb[SCREENED_SHEET]
    names = {c.value: c for c in screened["B"][1:]}
    for hostile in HOSTILE:
        cell = names[hostile]
        assert cell.data_type == "s"  # a string cell, not a formula ("f")
    hits = wb[HITS_SHEET]
    col = _headers(hits).index("Input name")
    hostile_hits = [row[col] for row in hits.iter_rows(min_row=2) if row[col].value in HOSTILE]
    assert len(hostile_hits) >= 3  # "=Ri Pyong Chol" etc. still match their entries
    assert all(c.data_type == "s" for c in hostile_hits)
    # and nothing anywhere in the workbook is a formula
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_summary_is_an_audit_record(review: tuple[Path, Any], un2024_path: Path) -> None:
    path, result = review
    ws = load_workbook(path)[SUMMARY_SHEET]
    summary = {row[0]: row[1] for row in ws.iter_rows(values_only=True)}
    assert summary["List sha256"] == sha256_file(un2024_path)
    assert summary["List dateGenerated"].startswith("2024-09-26")
    assert summary["Input rows"] == len(result.rows)
    assert summary["Rows not screened (unusable)"] == 1
    assert summary["Hits in band strong"] >= 2
    assert summary["Threshold (min score)"] == result.meta.min_score
    assert summary["Algorithm"].startswith(result.meta.algorithm)
    # the scoring weights: their digest, and that they are the documented defaults
    assert summary["Scoring weights"] == f"{DEFAULT_SCORING.digest()} (the defaults)"
    assert summary["Tool version"].startswith("sanctions-check ")
    assert any(str(k).startswith("  unusable:") for k in summary)


def test_screened_sheet_has_every_row(review: tuple[Path, Any]) -> None:
    path, result = review
    ws = load_workbook(path)[SCREENED_SHEET]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [r.row for r in result.rows]
    status = {r[1]: r[9] for r in rows}  # Input name: Status
    assert status["Anna Schmidt"] == "clear"
    assert status["!!!"] == "unusable"
    assert status["Jo Chun Ryong"] == "hit"


def test_hidden_decision_support_columns(review: tuple[Path, Any]) -> None:
    path, _ = review
    ws = load_workbook(path)[HITS_SHEET]
    headers = _headers(ws)
    for name in ("Entry version", "Entry last updated", "Entry names", "Record key",
                 "List sha256"):
        letter = get_column_letter(headers.index(name) + 1)
        assert ws.column_dimensions[letter].hidden
    assert not ws.column_dimensions["A"].hidden
