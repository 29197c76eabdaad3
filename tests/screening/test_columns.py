"""Column detection from header cells: name, first + last, kind values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.files.csvrecords import cell_text
from sanctions_check.screening.columns import ColumnSpec, choose_columns, kind_value


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["id", "Name", "country"], "Name"),
        (["id", "full_name"], "full_name"),
        (["Nom", "Date de naissance"], "Nom"),  # French export
        (["ID", "Visitor", "Host"], "Visitor"),
        (["First name", "Last name"], "First name + Last name"),  # joined
    ],
)
def test_name_column_is_detected(headers: list[str], expected: str) -> None:
    choice = choose_columns("x.csv", headers)
    assert choice.roles["name"] == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Individual", "person"), ("ENTITY", "org"), ("Organisation", "org"), ("vessel?", None)],
)
def test_kind_values(text: str, kind: str | None) -> None:
    assert kind_value(text) == kind


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Full Name", 1),  # exact header text
        ("full_name", 1),  # case and punctuation do not matter
        ("3", 2),  # a 1-based column number
    ],
)
def test_named_column(given: str, expected: int) -> None:
    choice = choose_columns("x.csv", ["id", "Full Name", "alias"], ColumnSpec(column=given))
    assert choice.name == expected
    assert choice.has_header


def test_secondary_columns_detected_and_not_reused() -> None:
    headers = ["Name", "Date of birth", "Citizenship", "Type", "Country"]
    choice = choose_columns("x.csv", headers)
    assert (choice.name, choice.dob, choice.nationality, choice.kind) == (0, 1, 2, 3)
    assert choice.roles == {
        "name": "Name",
        "dob": "Date of birth",
        "nationality": "Citizenship",
        "kind": "Type",
    }
    q = choice.query(["Ri Pyong Chol", "1948", "DPRK", "Individual", "KP"], row=7)
    assert (q.name, q.dob, q.nationality, q.kind, q.row) == (
        "Ri Pyong Chol",
        "1948",
        "DPRK",
        "person",
        7,
    )


@pytest.mark.parametrize(
    ("headers", "cells", "expected"),
    [
        # a short row: the columns it lacks read as empty, not as another column's cell
        (["Name", "Type", "DOB"], ["Kim Jong Un"], ("Kim Jong Un", None, None, None, ("Kim Jong Un", "", ""))),
        # a row longer than the header: the extra cell is no role's (roles without a column
        # read an empty cell, not the last one)
        (["Name"], ["Kim Jong Un", "extra"], ("Kim Jong Un", None, None, None, ("Kim Jong Un",))),
        # first and last name columns joined, an empty one left out
        (["First name", "Last name"], ["", "Kim"], ("Kim", None, None, None, ("", "Kim"))),
        # the ID column read, a nationality column the row is too short for
        (["ID", "Name", "Nationality"], ["7", "Kim Jong Un"],
         ("Kim Jong Un", None, None, "7", ("7", "Kim Jong Un", ""))),
    ],
)  # fmt: skip
def test_query_reads_each_role_from_its_own_cell(
    headers: list[str], cells: list[str], expected: tuple[object, ...]
) -> None:
    q = choose_columns("x.csv", headers).query(cells, row=2)
    got = (q.name, q.dob, q.nationality, q.record_id, tuple(v for _h, v in q.passthrough))
    assert got == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_cell_text_collapses_whitespace(text: str) -> None:
    """The fast path for clean strings gives what the full clean-up gives."""
    cleaned = text.replace("\x00", "")
    assert cell_text(text) == " ".join(cleaned.split())
