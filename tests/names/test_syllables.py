"""Words cut into the syllables of a reading table (sanctions_check.names.syllables)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctions_check.names.syllables import fewest_pieces, split_words

PIECES = frozenset({"ся", "о", "пин", "сяо", "си", "цзинь", "ц", "зинь"})


@pytest.mark.parametrize(
    ("word", "cut"),
    [
        ("сяопин", ["сяо", "пин"]),  # the fewest pieces: not ся + о + пин
        ("сицзиньпин", ["си", "цзинь", "пин"]),  # цзинь whole, not ц + зинь
        ("пинсы", None),  # "сы" is no piece: the word does not cut
        ("", []),  # nothing to cut
    ],
)
def test_fewest_pieces(word: str, cut: list[str] | None) -> None:
    assert fewest_pieces(word, PIECES, 5) == cut


def test_pieces_longer_than_the_limit_are_not_used() -> None:
    # цзинь has five letters: with a limit of four it cuts into ц + зинь
    assert fewest_pieces("цзинь", PIECES, 4) == ["ц", "зинь"]


def test_split_words_keeps_numbers_and_fails_on_any_word() -> None:
    assert split_words(["сяопин", "2"], PIECES, 5) == [["сяо", "пин"], ["2"]]  # a vessel's number
    assert split_words(["сяопин", "пинсы"], PIECES, 5) is None


@given(st.lists(st.sampled_from(sorted(PIECES)), max_size=6))
def test_a_word_made_of_pieces_cuts_into_them_again(parts: list[str]) -> None:
    # whatever the pieces, the cut joins back to the word and needs no more pieces
    cut = fewest_pieces("".join(parts), PIECES, 5)
    assert cut is not None and "".join(cut) == "".join(parts) and len(cut) <= len(parts)
