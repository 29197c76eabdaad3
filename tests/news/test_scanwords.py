"""The words of a text for the list-driven pass: keys, capitals, breaks, cached facts."""

from __future__ import annotations

import pytest

from sanctions_check.news.scanwords import scan_words, word_facts, written_facts


def test_words_keys_and_breaks() -> None:
    words = scan_words("Kashlaf's Daughter met al-shaer and SALEH, then Bank of Kim.")
    assert [(w.key, w.cap, w.acronym, w.brk) for w in words] == [
        ("kashlaf", True, False, False),  # possessive cut off
        ("daughter", True, False, True),  # a possessive ends a name
        ("met", False, False, False),
        ("shaer", False, False, False),  # "al" is a weak word: dropped
        ("salih", True, True, True),  # "and" after a lower-case word separates; canonical key
        ("then", False, False, True),  # a comma
        ("bank", True, False, False),
        ("kim", True, False, False),  # "of" dropped, no break
    ]
    assert words[0].start == 0 and words[0].end == len("Kashlaf")


def test_a_blank_line_breaks() -> None:
    words = scan_words("Ri Pyong\n\nChol said")
    assert [w.brk for w in words] == [False, False, True, False]


def test_word_facts_are_the_same_cached() -> None:
    word_facts.cache_clear()
    cold = [word_facts(w) for w in ("Jamaat", "KOMID", "bin", "Qaeda")]
    assert word_facts.cache_info().misses == 4
    assert [word_facts(w) for w in ("Jamaat", "KOMID", "bin", "Qaeda")] == cold
    assert word_facts.cache_info().hits == 4
    assert cold[1] == ("komid", True, True, "komid", False, "~KMT")
    assert cold[2][4] is True  # a particle is weak


@pytest.mark.parametrize(
    ("written", "word", "cut"),
    [
        ("Kashlaf's", "Kashlaf", 2),  # a possessive is cut off
        ("KASHLAF’S", "KASHLAF", 2),  # in capitals, with a typographic apostrophe
        ("A's", "A's", 0),  # too short to be read as a possessive
        ("Kashlaf", "Kashlaf", 0),  # nothing to cut
    ],
)
def test_written_facts_are_the_facts_of_the_word_without_a_possessive(
    written: str, word: str, cut: int
) -> None:
    assert written_facts(written) == (*word_facts(word), cut)
