"""Readings a date of birth vouches for (sanctions_check.names.vouchedforms): titles with a
typo, split or joined; an "Abd" head with a typo; words split or run together.  ``known`` and
``words`` stand for the list's and the entry's words."""

from __future__ import annotations

import pytest

from sanctions_check.names.normalise import normalise_name, reread_person
from sanctions_check.names.vouchedforms import one_typo, vouched_segments

_LIST_WORDS = frozenset({"hadi", "naimullah", "omar", "sahib", "hassan", "dawood", "abu"})


def _read(text: str, entry: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return reread_person(text, lambda segs: vouched_segments(
        segs, _LIST_WORDS.__contains__, lambda w: w in entry or w in _LIST_WORDS))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("mulolah", "mullah", True),  # a letter added
        ("mullha", "mullah", True),  # two neighbours swapped
        ("hullah", "mullah", True),  # a letter replaced
        ("haj", "haji", True),  # a letter dropped
        ("mullah", "mullah", False),  # the same word is no typo
        ("bca", "abc", False),  # two letters moved is not one typo
        ("abd", "abdul", False),
    ],
)
def test_one_typo(a: str, b: str, expected: bool) -> None:
    assert one_typo(a, b) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mulolah Naimullah", ("naimullah",)),  # a title with a typo, removed
        ("Mu llah Naimullah", ("naimullah",)),  # a title split by a space
        ("MullahNaimullah", ("naimullah",)),  # a title joined to the name
        ("SheikhDawood Hassan", ("dawood", "hassan")),
        ("Hadi Sahib", ("hadi", "sahib")),  # a word the list uses is no typo of "Haji"
        ("Abhd Al-Hadi", ("abdulhadi",)),  # a head with a typo before its article
        ("Abu Al-Hadi", ("abu", "al", "hadi")),  # a kunya is no "Abd"
        ("HassanDawood", ("hassan", "dawood")),  # two list words run together
        ("Omar Hassan", ("omar", "hassan")),  # nothing to read: as normalised
    ],
)
def test_vouched_readings(text: str, expected: tuple[str, ...]) -> None:
    assert _read(text) == expected


def test_a_word_split_by_a_space_is_joined_into_the_entrys_word() -> None:
    # "ra" and "hman" are no words of the entry, "rahman" is (inside its abdulrahman)
    assert _read("Abd al-Ra hman", frozenset({"rahman"})) == ("abdulrahman",)
    # not the entry's words: left as written
    assert _read("Abd al-Ra hman") == ("abd", "al", "ra", "hman")


def test_reread_without_a_rule_is_the_normaliser() -> None:
    for text in ("Mullah Omar", "ABD AL-RAHMAN, Sheikh", "Kim Jong Un", "Bin Laden (Usama)"):
        assert reread_person(text, lambda segs: segs) == normalise_name(text, "person").tokens
