"""Fuzzy word lookup (sanctions_check.search.vocab)."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import OSA

from sanctions_check.search.vocab import Vocab, by_prefix

WORDS = ["murwanashyaka", "mohammed", "muhammad", "ryong", "rhee", "saif", "seif", "kim"]


@pytest.mark.parametrize(
    ("text", "cutoff", "expected"),
    [
        ("murwanashyaka", 0.9, "murwanashyaka"),  # exact
        ("murwanashyka", 0.9, "murwanashyaka"),  # one letter dropped: 12/13 alike
        ("mohamed", 0.8, "mohammed"),  # one letter dropped
        ("ryoung", 0.8, "ryong"),  # one letter added
    ],
)
def test_fuzzy_finds_words_within_the_cutoff(text: str, cutoff: float, expected: str) -> None:
    assert expected in Vocab(WORDS).fuzzy(text, cutoff)


def test_fuzzy_finds_nothing_beyond_the_cutoff() -> None:
    vocab = Vocab(WORDS)
    for word in vocab.fuzzy("mohamed", 0.8):
        # what it returns is alike enough, by the same measure (with its rounding margin)
        assert OSA.normalized_similarity("mohamed", word) >= 0.78
    assert "kim" not in vocab.fuzzy("mohamed", 0.8)  # length alone rules it out


def test_by_prefix_groups_by_the_first_two_canonical_letters() -> None:
    groups = by_prefix(["mohammed", "muhammad", "saif", "seif"])
    # romanisation variants share a canonical form, so a group; saif / seif do not
    assert [set(v.keys) >= {"mohammed", "muhammad"} for v in groups.values()].count(True) == 1
    assert len(groups) == 3
