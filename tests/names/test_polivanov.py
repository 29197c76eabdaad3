"""Japanese names in Cyrillic letters (the Polivanov system) read in Hepburn
(sanctions_check.names.polivanov, algorithm 1.20)."""

from __future__ import annotations

import pytest

from sanctions_check.names.normalise import normalise_name
from sanctions_check.names.polivanov import japanese_reading


@pytest.mark.parametrize(
    ("words", "reading"),
    [
        # си shi, дз z (a mark), э e (after a consonant: a mark); anyascii "sindzo abe"
        (["синдзо", "абэ"], ["shinzo", "abe"]),
        # ё at a word's start (a mark) is yo, х h; anyascii "esimasa khayasi"
        (["ёсимаса", "хаяси"], ["yoshimasa", "hayashi"]),
        # дзю ju, нъ the syllabic n before a vowel, ти chi
        (["дзюнъитиро", "коидзуми"], ["junichiro", "koizumi"]),
        (["мицубиси"], ["mitsubishi"]),  # цу tsu
        (["синдзо", "абэ", "2"], ["shinzo", "abe", "2"]),  # a number kept
        # Russian names that split into morae hold no mark: read as Russian
        (["мария", "иванова"], None),
        (["ирина", "сорокина"], None),
        # most Russian names do not split (е, л, в, a consonant before a consonant)
        (["сергей", "лавров"], None),
        (["владимир", "путин"], None),
        (["путин"], None),  # splits (пу ти н), but holds no mark
        (["синдзо", "лавров"], None),  # every word must split
    ],
)
def test_japanese_reading(words: list[str], reading: list[str] | None) -> None:
    assert japanese_reading(words) == reading


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Синдзо Абэ", ("shinzo", "abe")),
        ("Ёсихидэ Суга", ("yoshihide", "suga")),
        # Korean and Chinese names keep their readings (read first)
        ("Ким Чен Ын", ("kim", "chong", "unн")),
        ("Дэн Сяопин", ("deng", "xiaoping")),
        ("Мария Иванова", ("mariya", "ivanova")),
    ],
)
def test_normaliser_reads_japanese_names(text: str, tokens: tuple[str, ...]) -> None:
    assert normalise_name(text).tokens == tokens
