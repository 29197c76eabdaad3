"""Chinese names in Cyrillic letters (the Palladius system) read as pinyin
(sanctions_check.names.palladius, algorithm 1.17)."""

from __future__ import annotations

import pytest

from sanctions_check.matching.compare import compare_names
from sanctions_check.names.normalise import normalise_name
from sanctions_check.names.palladius import chinese_reading


@pytest.mark.parametrize(
    ("words", "reading"),
    [
        (["си", "цзиньпин"], ["xi", "jinping"]),
        (["мао", "цзэдун"], ["mao", "zedong"]),  # цз before э is z, before и / я j
        (["дэн", "сяопин"], ["deng", "xiaoping"]),  # the fewest syllables: xiao, not xi ao
        (["цай", "ци"], ["cai", "qi"]),  # ц before ай is c, before и q
        (["ваньхэн", "11"], ["wanheng", "11"]),  # a vessel's number stays
        # Russian names that split into Palladius syllables hold no mark of a Chinese one
        (["анна", "ли"], None),
        (["ли", "путин"], None),
        (["владимир", "путин"], None),
    ],
)
def test_chinese_reading(words: list[str], reading: list[str] | None) -> None:
    assert chinese_reading(words) == reading


def test_normaliser_reads_palladius() -> None:
    assert normalise_name("Си Цзиньпин").tokens == ("xi", "jinping")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # 0.0 with 1.16 ("si czinpin" shares nothing with the pinyin)
        ("Си Цзиньпин", "Xi Jinping"),
        ("Ли Кэцян", "Li Keqiang"),
    ],
)
def test_palladius_names_match_their_pinyin(a: str, b: str) -> None:
    assert compare_names(a, b, "person").band == "strong"


def test_another_given_name_stays_apart() -> None:
    # Li Qiang and Li Keqiang are two premiers: one family name, other given names
    assert not compare_names("Ли Цян", "Li Keqiang", "person").match


def test_listed_alias_in_palladius_is_found(matcher2024) -> None:
    # KIM CHOL SAM (KPi.035) has the alias Jin Tiesan (金铁三): Palladius Цзинь Тесань
    hits = matcher2024.match("Цзинь Тесань", kind="person")
    assert "KPi.035" in {h.reference_number for h in hits}
