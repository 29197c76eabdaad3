"""Tests for :mod:`sanctions_check.scoring.typos`: which short words are one typo apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctions_check.scoring.typos import is_typo, typo_deletes, typo_key, undoubled

_WORD = st.text(alphabet="abckos", min_size=0, max_size=7)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("sko", "sok", True),  # KIM SKO CHOL for KIM SOK CHOL: neighbours swapped
        ("isk", "sik", True),  # swapped at the start
        ("yyu", "yu", True),  # HAN YYU-RO: a letter doubled
        ("sok", "sok", False),  # the same word is no typo
        ("sok", "sak", False),  # one letter replaced: compared strictly, not a typo here
        ("sok", "kos", False),  # the outer letters swapped are not neighbours
        ("chol", "chlo", True),  # the last two letters swapped
        ("kim", "kimm", True),  # a doubled last letter
        ("kim", "ki", False),  # a letter dropped is not a swap or a doubling
    ],
)
def test_is_typo(a: str, b: str, expected: bool) -> None:
    assert is_typo(a, b) is expected
    assert is_typo(b, a) is expected


@given(_WORD, _WORD)
def test_is_typo_symmetric_and_never_equal(a: str, b: str) -> None:
    assert is_typo(a, b) == is_typo(b, a)
    assert not is_typo(a, a)


@given(_WORD, st.integers(min_value=0, max_value=6))
def test_neighbours_swapped_is_a_typo(word: str, i: int) -> None:
    if i + 1 >= len(word) or word[i] == word[i + 1]:
        return
    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    assert is_typo(word, swapped)
    if undoubled(word) == word and undoubled(swapped) == swapped:
        # the index finds the pair by lookup (a swap that makes or breaks a doubled letter,
        # "aba" / "aab", changes the key: features.token_similarity does not call it a typo)
        assert typo_key(word) == typo_key(swapped)


@given(_WORD, st.integers(min_value=0, max_value=6))
def test_doubled_letter_is_a_typo_found_by_key(word: str, i: int) -> None:
    if i >= len(word):
        return
    doubled = word[: i + 1] + word[i] + word[i + 1:]
    if undoubled(doubled) == undoubled(word) and doubled != word:
        assert is_typo(word, doubled)
        assert typo_key(word) == typo_key(doubled)


def test_typo_deletes() -> None:
    # "aim" / "kim": one letter replaced, found through the shared "im"
    assert typo_deletes("kim") & typo_deletes("aim") == {"im"}
    assert typo_deletes("yu") == frozenset({"yu", "u", "y"})
