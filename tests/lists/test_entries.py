"""Typed list records: date-of-birth ranges, name labels and list counts on real entries."""

from __future__ import annotations

import datetime as dt

import pytest

from sanctions_check.lists.entries import (
    ALIAS,
    ORIGINAL_SCRIPT,
    PRIMARY,
    DateOfBirth,
    Name,
    SanctionsList,
)


@pytest.mark.parametrize(
    ("dob", "years", "text"),
    [
        (DateOfBirth("EXACT", date=dt.date(1960, 4, 4)), (1960, 1960), "1960-04-04"),
        (DateOfBirth("APPROXIMATELY", year=1961), (1961, 1961), "approximately 1961"),
        # BETWEEN given backwards still reads as a range, lowest first
        (DateOfBirth("BETWEEN", from_year=1968, to_year=1963), (1963, 1968), "1968-1963"),
        (DateOfBirth("BETWEEN", from_year=1958), (1958, 1958), "1958-?"),
        (DateOfBirth(note="unknown"), None, "?"),
    ],
)
def test_date_of_birth_year_range(dob: DateOfBirth, years: tuple[int, int] | None, text: str) -> None:
    assert dob.year_range() == years
    assert str(dob) == text


def test_name_labels() -> None:
    assert Name("X", ALIAS, quality="Low").label == "alias (Low)"
    assert Name("X", PRIMARY).label == "primary"
    assert Name("X", ORIGINAL_SCRIPT).label == "original script"


def test_names_of_a_real_entry(un2024: SanctionsList) -> None:
    # TAi.005: primary name, four aliases, then the Arabic original last
    entry = un2024.get("TAi.005")
    assert entry is not None
    names = entry.names()
    assert names[0] == Name("MUHAMMAD TAHER ANWARI", PRIMARY)
    assert [n.name_type for n in names[1:-1]] == [ALIAS] * len(entry.aliases)
    assert names[-1].name_type == ORIGINAL_SCRIPT


def test_list_counts_and_lookup(un2024: SanctionsList) -> None:
    assert un2024.counts() == {"persons": 682, "organisations": 193, "aliases": 2703}
    assert un2024.get("KPi.066") is not None and un2024.get("XXi.000") is None
    assert un2024.generated_at == dt.datetime(2024, 9, 26, 0, 0, 7, 514000, tzinfo=dt.UTC)
