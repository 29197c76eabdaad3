"""Column detection from header cells: name, first + last, kind values."""

from __future__ import annotations

import pytest

from sanctions_check.columns import choose_columns, kind_value


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
