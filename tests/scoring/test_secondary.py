"""Secondary evidence: date of birth and nationality agreement, conflict or neutral."""

from __future__ import annotations

import datetime as dt

import pytest

from sanctions_check.lists.entries import DateOfBirth
from sanctions_check.scoring.birthdates import DobReading, read_dob
from sanctions_check.scoring.secondary import (
    dob_evidence,
    nationality_evidence,
)
from sanctions_check.scoring.weights import DEFAULT_SCORING

CONFLICT_CAP = DEFAULT_SCORING.conflict_cap
DOB_AGREE = DEFAULT_SCORING.dob_agree
DOB_CONFLICT = DEFAULT_SCORING.dob_conflict
DOB_EXACT_AGREE = DEFAULT_SCORING.dob_exact_agree
NATIONALITY_AGREE = DEFAULT_SCORING.nationality_agree
NATIONALITY_CONFLICT = DEFAULT_SCORING.nationality_conflict


@pytest.mark.parametrize(
    ("given", "dobs", "adjust"),
    [
        ("1960", [DateOfBirth(date=None, year=1960)], DOB_AGREE),
        ("1960-04-04", [DateOfBirth(year=1960)], DOB_AGREE),
        ("1975", [DateOfBirth(year=1960)], DOB_CONFLICT),
        # an exact full date is strong evidence (4 before, like a year)
        ("1960-04-04", [DateOfBirth(date=dt.date(1960, 4, 4), year=1960)], DOB_EXACT_AGREE),
        # within two years of a year-only date: neither (a conflict before)
        ("1962", [DateOfBirth(year=1960)], 0.0),
        ("1963", [DateOfBirth(year=1960)], DOB_CONFLICT),
        # two full dates a year apart: neither (a conflict before); three years: conflict
        ("1961-01-02", [DateOfBirth(date=dt.date(1960, 4, 4), year=1960)], 0.0),
        ("1963-04-04", [DateOfBirth(date=dt.date(1960, 4, 4), year=1960)], DOB_CONFLICT),
        # "approximately 1961" allows a year either side
        ("1962", [DateOfBirth(type_of_date="APPROXIMATELY", year=1961)], DOB_AGREE),
        ("1968", [DateOfBirth(type_of_date="BETWEEN", from_year=1967, to_year=1969)], DOB_AGREE),
        # unreadable input or no list date: neutral but reported
        ("sometime", [DateOfBirth(year=1960)], 0.0),
        ("1960", [], 0.0),
    ],
)
def test_dob_evidence(given: str, dobs: list[DateOfBirth], adjust: float) -> None:
    result = dob_evidence(given, dobs)
    assert result is not None
    assert result[0] == adjust and result[1]


def test_dob_not_given() -> None:
    assert dob_evidence(None, [DateOfBirth(year=1960)]) is None
    assert read_dob("1960-02-30") is None and read_dob("1960") == DobReading(1960, 1960)


@pytest.mark.parametrize(
    ("given", "listed", "adjust"),
    [
        ("Afghan", ["Afghanistan"], NATIONALITY_AGREE),
        ("af", ["Afghanistan"], NATIONALITY_AGREE),
        ("PRK", ["Democratic People's Republic of Korea"], NATIONALITY_AGREE),
        ("Iraqi", ["Afghanistan"], NATIONALITY_CONFLICT),
        ("Narnian", ["Afghanistan"], 0.0),  # not recognised: said so, no effect
        ("Afghan", [], 0.0),
        ("Afghan", ["na"], 0.0),  # the list's "na" is "not available", not Namibia
    ],
)
def test_nationality_evidence(given: str, listed: list[str], adjust: float) -> None:
    result = nationality_evidence(given, listed)
    assert result is not None and result[0] == adjust and result[1]


def test_secondary_evidence_decides_and_is_reported(matcher2024) -> None:
    # YEi.012 AHMAD AL-HAMZI, born 1985: a 1961 birth conflicts and keeps the hit out of
    # "strong" (88 before: possible, but nothing capped it); the hit says so in a field
    hit = next(h for h in matcher2024.match("Ahmad Al Hamzi", dob="1961")
               if h.reference_number == "YEi.012")
    assert hit.dob_match == "conflicts" and hit.nationality_match is None
    assert hit.score <= CONFLICT_CAP and hit.band != "strong"
    # KPi.036 KIM SOK CHOL, born 1955-05-08: "Kim Sko Chol" (a transposed syllable) is 60 on
    # the name alone; the exact date and nationality lift it to "possible" (66.4 before)
    hits = {h.reference_number: h for h in
            matcher2024.match("KIM SKO CHOL", dob="1955-05-08", nationality="KP")}
    assert "KPi.036" in hits, hits
    assert (hits["KPi.036"].dob_match, hits["KPi.036"].nationality_match) == ("agrees", "agrees")
