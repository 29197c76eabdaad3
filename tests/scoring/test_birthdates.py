"""Dates of birth as people write them: every form read to the part that is certain."""

from __future__ import annotations

import datetime as dt

import pytest

from sanctions_check.lists.entries import DateOfBirth
from sanctions_check.scoring.birthdates import DobReading, SecondaryStatus, dob_status, read_dob
from sanctions_check.scoring.secondary import (
    dob_evidence,
    nationality_status,
)
from sanctions_check.scoring.weights import DEFAULT_SCORING

DOB_AGREE = DEFAULT_SCORING.dob_agree
DOB_CONFLICT = DEFAULT_SCORING.dob_conflict
DOB_EXACT_AGREE = DEFAULT_SCORING.dob_exact_agree

D = dt.date


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("1977", None, DobReading(1977, 1977)),  # a year alone
        ("1977-01-31", None, DobReading(1977, 1977, D(1977, 1, 31))),  # ISO
        ("1977/01/31", None, DobReading(1977, 1977, D(1977, 1, 31))),  # year first, slashes
        ("1977-01", None, DobReading(1977, 1977)),  # year and month: the year is what counts
        ("25.07.1972", None, DobReading(1972, 1972, D(1972, 7, 25))),  # dotted: day first
        ("04.05.1972", None, DobReading(1972, 1972, D(1972, 5, 4))),  # dotted is never m.d.y
        ("31/01/1977", None, DobReading(1977, 1977, D(1977, 1, 31))),  # 31 > 12: day first
        ("01/31/1977", None, DobReading(1977, 1977, D(1977, 1, 31))),  # 31 > 12: month first
        ("05/05/1977", None, DobReading(1977, 1977, D(1977, 5, 5))),  # the same either way
        ("01/02/1977", "dmy", DobReading(1977, 1977, D(1977, 2, 1))),  # --date-order dmy
        ("01/02/1977", "mdy", DobReading(1977, 1977, D(1977, 1, 2))),  # --date-order mdy
        ("01-02-1977", "dmy", DobReading(1977, 1977, D(1977, 2, 1))),  # dashes like slashes
        ("1977/02/01", "ymd", DobReading(1977, 1977, D(1977, 2, 1))),  # --date-order ymd
        ("7 July 1955", None, DobReading(1955, 1955, D(1955, 7, 7))),  # English month name
        ("12 March 1984", None, DobReading(1984, 1984, D(1984, 3, 12))),  # from issue 20
        ("July 7, 1955", None, DobReading(1955, 1955, D(1955, 7, 7))),  # American word order
        ("Sept. 3, 1961", None, DobReading(1961, 1961, D(1961, 9, 3))),  # abbreviation, dot
        ("7th of July 1955", None, DobReading(1955, 1955, D(1955, 7, 7))),  # ordinal, "of"
        ("7-Jul-1955", None, DobReading(1955, 1955, D(1955, 7, 7))),  # Excel's text format
        ("7 juillet 1955", None, DobReading(1955, 1955, D(1955, 7, 7))),  # French month name
        ("1er janvier 1960", None, DobReading(1960, 1960, D(1960, 1, 1))),  # French "1er"
        ("3 FÉVR. 1950", None, DobReading(1950, 1950, D(1950, 2, 3))),  # case, accent, abbr.
        ("3 fevrier 1950", None, DobReading(1950, 1950, D(1950, 2, 3))),  # accent left out
        ("March 1984", None, DobReading(1984, 1984)),  # month and year: the year
        ("1960-1962", None, DobReading(1960, 1962)),  # a year range
        ("between 1960 and 1962", None, DobReading(1960, 1962)),  # a range in words
        ("1960 à 1962", None, DobReading(1960, 1962)),  # a range in French
        ("circa 1960", None, DobReading(1960, 1960, approximate=True)),  # approximate
        ("c. 1960", None, DobReading(1960, 1960, approximate=True)),  # abbreviated circa
        ("vers 1960", None, DobReading(1960, 1960, approximate=True)),  # French circa
        ("1977-01-31T00:00:00", None, DobReading(1977, 1977, D(1977, 1, 31))),  # Excel cell
        ("1977-01-31 10:20:00", None, DobReading(1977, 1977, D(1977, 1, 31))),  # with a time
    ],
)
def test_date_forms(text: str, order: str | None, expected: DobReading) -> None:
    assert read_dob(text, order) == expected
    assert dob_status(text, order) == SecondaryStatus.USED


def test_ambiguous_date_uses_only_its_year_and_says_so() -> None:
    got = read_dob("01/02/1977")  # 1 February or 2 January: the order is not known
    assert got == DobReading(1977, 1977, None, ambiguous=True)
    assert got is not None and "year only" in got.describe()
    assert "--date-order" in got.describe()


@pytest.mark.parametrize(
    "text",
    [
        "30/02/1977",  # no 30 February
        "13/13/1977",  # no month 13 either way
        "1977-13",  # no month 13
        "1700",  # outside 1850-2100: not a living person's birth year
        "1962-1960",  # a range running backwards
        "7 Juli 1955",  # German month names are not in data/month_names.csv
        "01/02/77",  # two-digit year: the century is not known
        "unknown",  # words
    ],
)
def test_not_understood(text: str) -> None:
    assert read_dob(text) is None
    assert dob_status(text) == SecondaryStatus.NOT_UNDERSTOOD


def test_status_absent_and_nationality_status() -> None:
    assert dob_status(None) == dob_status("  ") == SecondaryStatus.ABSENT
    assert nationality_status("North Korean") == SecondaryStatus.USED  # a demonym
    assert nationality_status("PRK") == SecondaryStatus.USED  # ISO alpha-3
    assert nationality_status("Kosovar") == SecondaryStatus.USED  # XK, beside ISO 3166
    assert nationality_status("Narnia") == SecondaryStatus.NOT_UNDERSTOOD
    assert nationality_status("") == SecondaryStatus.ABSENT


# Jo Chun Ryong (KPi.038) is listed born 1960-04-04, Kim Jong Sik (KPi.066) 1967-1969.
CHO = (DateOfBirth(date=D(1960, 4, 4), year=1960),)


@pytest.mark.parametrize(
    ("given", "order", "adjustment"),
    [
        ("04.04.1960", None, DOB_EXACT_AGREE),  # the listed day, dotted
        ("4 avril 1960", None, DOB_EXACT_AGREE),  # the listed day, in French
        ("April 4, 1960", None, DOB_EXACT_AGREE),  # the listed day, American order
        ("03/04/1960", None, DOB_AGREE),  # ambiguous: counted by its year, which agrees
        ("04/03/1960", "mdy", 0.0),  # 3 April: same year, another day
        ("1959-1961", None, DOB_AGREE),  # a range holding the listed year
        ("circa 1961", None, DOB_AGREE),  # approximately: a year either side
        ("1950", None, DOB_CONFLICT),  # ten years off
    ],
)
def test_dob_evidence_reads_every_form(given: str, order: str | None, adjustment: float) -> None:
    got = dob_evidence(given, CHO, order)
    assert got is not None and got[0] == adjustment, got


def test_dob_evidence_detail_names_how_the_date_was_read() -> None:
    got = dob_evidence("03/04/1960", CHO)
    assert got is not None and "03/04/1960 (read as 1960, year only" in got[1]
