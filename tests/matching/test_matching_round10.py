"""Matching round 10 (issue 18, algorithm 1.17): listed persons' own names with one typo and
their date of birth and nationality (rows of the tuning half of
``benchmarks/data/round10_dob.csv``), on the 2024 list (:mod:`sanctions_check.matching.samebirth`)."""

from __future__ import annotations

import pytest

from sanctions_check.lists.entries import PERSON
from sanctions_check.matching.matcher import Matcher

DPRK = "Democratic People's Republic of Korea"


def _hits(matcher: Matcher, query: str, **kw: str) -> dict[str, object]:
    return {h.reference_number: h for h in matcher.match(query, kind="person", min_score=0, **kw)}


@pytest.mark.parametrize(
    ("query", "ref", "dob", "nationality"),
    [
        # a letter dropped from a given name of four letters (edit 0.75, 77.4 before): AMIR
        # KHAN MUTTAQI, listed as born approximately 1968, Afghan
        ("Ami Khan Muttaqi", "TAi.026", "1968", "Afghanistan"),
        # ... from a family name, with the exact full date (78.9 before)
        ("ZAFA IQBAL", "QDi.308", "1953-10-04", "Pakistan"),
        # a letter replaced by a neighbouring key's (74.1 before)
        ("Fuan Isnilon", "QDi.204", "1966-03-18", "Philippines"),
        # a Korean family name of three letters less its first (63.9 before): two letters
        ("IM KYU", "KPi.022", "1968-07-30", DPRK),
        # the head of "Abdul Qadir" with a letter replaced: the compound is not formed, the
        # two words meet the list's abdulqadir joined (7.0 before: first letters differ)
        ("Agdul Qadir", "TAi.128", "1964", "Afghanistan"),
        # ... with two letters of the head swapped (44.7 before)
        ("ADBUL QUDDUS MAZHARI", "TAi.135", "1970", "Afghanistan"),
    ],
)
def test_a_typo_the_date_and_nationality_vouch_for_is_a_hit(
    matcher2024: Matcher, query: str, ref: str, dob: str, nationality: str
) -> None:
    hit = _hits(matcher2024, query, dob=dob, nationality=nationality)[ref]
    assert hit.score >= matcher2024.threshold


@pytest.mark.parametrize(
    ("dob", "nationality"),
    [
        (None, None),  # the name alone: "ami" is not "amir"
        ("1968", None),  # the year without the nationality is not enough
        (None, "Afghanistan"),
        ("1950", "Afghanistan"),  # another year: the typo is not vouched for
        ("1968", "Pakistan"),  # the nationality conflicts
    ],
)
def test_the_typo_needs_the_date_and_the_nationality(
    matcher2024: Matcher, dob: str | None, nationality: str | None
) -> None:
    kw = {k: v for k, v in (("dob", dob), ("nationality", nationality)) if v}
    hit = _hits(matcher2024, "Ami Khan Muttaqi", **kw).get("TAi.026")
    assert hit is None or (hit.score < 80 and "birth-typo" not in hit.explanation)


def test_a_year_is_not_enough_against_a_listed_full_date(matcher2024: Matcher) -> None:
    # ZAFAR IQBAL (QDi.308) is listed as born 1953-10-04: the year alone does not vouch
    hit = _hits(matcher2024, "ZAFA IQBAL", dob="1953", nationality="Pakistan")["QDi.308"]
    assert hit.score < 80 and "birth-typo" not in hit.explanation


@pytest.mark.parametrize(
    ("query", "ref", "dob", "nationality"),
    [
        # QDi.426's alias "Hajji Abdallah" is the one common name Abdallah once the title is
        # read (79.5 before with the exact date and nationality: too little evidence)
        ("Hajji Abdallah", "QDi.426", "1976-10-05", "Iraq"),
        ("Abdallah", "QDi.426", "1976-10-05", "Iraq"),
        # QDi.319's alias "Hassan", listed with the year 1978 only (73.8 before)
        ("Hassan", "QDi.319", "1978", "Mali"),
    ],
)
def test_a_listed_common_name_with_its_date_is_a_possible_hit(
    matcher2024: Matcher, query: str, ref: str, dob: str, nationality: str
) -> None:
    # the date and nationality are the evidence: "possible", never "strong"; the name alone
    # stays below the threshold
    hit = _hits(matcher2024, query, dob=dob, nationality=nationality)[ref]
    assert hit.score >= 80 and hit.band == "possible"
    alone = _hits(matcher2024, query).get(ref)
    assert alone is None or alone.score < 80


def test_a_lookalike_with_a_conflicting_date_stays_clear(matcher2024: Matcher) -> None:
    # the round's look-alike: another given name, a date 15 years off (none)
    hits = matcher2024.match("BERNARD TAHER ANWARI", kind="person", dob="1946",
                             nationality="Afghanistan")
    assert hits == []


def test_every_listed_name_with_its_own_date_and_nationality_is_found(
    un2024, matcher2024: Matcher
) -> None:
    # the listed name itself (primary and "Good" aliases in Latin letters) with the entry's
    # first date of birth (full, else the year) and nationality is always a hit: the exact
    # rows of the round-10 set, both halves ("Hajji Abdallah", QDi.426, failed before)
    missed = []
    for e in un2024.entries:
        dob = next((d.date.isoformat() if d.date else str(d.year)
                    for d in e.dates_of_birth if d.date or d.year), None)
        if e.kind != PERSON or not e.nationalities or not dob:
            continue
        names = [e.primary_name] + [a.text for a in e.aliases if a.quality == "Good"]
        for name in names:
            if not name.isascii():
                continue
            found = {h.reference_number for h in matcher2024.match(
                name, kind="person", dob=dob, nationality=e.nationalities[0], limit=None)}
            if e.reference_number not in found:
                missed.append((name, e.reference_number))
    assert missed == []
