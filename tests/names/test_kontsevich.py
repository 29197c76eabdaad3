"""Korean names in Cyrillic letters (the Kontsevich system) read as the list romanises them
(sanctions_check.names.kontsevich, algorithm 1.17)."""

from __future__ import annotations

import pytest

from sanctions_check.names.kontsevich import korean_reading, syllable_reading
from sanctions_check.names.normalise import normalise_name


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("ким", "kim"),
        ("чхве", "choe"),  # чх is ㅊ (MR ch'), ве the ㅚ of 최
        ("рён", "ryong"),  # a final н after yo: ㅇ, as the list's names mostly have it
        ("ын", "un"),  # after u: ㄴ (은)
        ("чен", "chong"),  # the older е for ㅓ before a final н: 정
        ("бён", "byong"),  # voiced inside a name: the voicing rule meets the list's p
        ("чхоль", "chol"),  # ль a final ㄹ
        ("ир", "il"),  # р a final ㄹ in older spellings (Ким Ир Сен)
        ("тхэк", "thaek"),
        ("хви", "hwi"),
        ("владимир", None),  # not one syllable
        ("лев", None),  # в ends no Korean syllable
    ],
)
def test_syllable_reading(word: str, reading: str | None) -> None:
    assert syllable_reading(word) == reading


def test_a_name_needs_two_syllable_words() -> None:
    assert korean_reading(["ким"]) is None  # one word: no evidence it is Korean
    assert korean_reading(["ким", "владимир"]) is None
    assert korean_reading(["ким", "чен", "ын"]) == ["kim", "chong", "un"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Ким Чен Ын", ("kim", "chong", "un")),
        ("Чхве Рён Хэ", ("choe", "ryong", "hae")),
        # other Cyrillic names are transliterated as before (anyascii)
        ("Владимир Путин", ("vladimir", "putin")),
        ("Ян Гус", ("yan", "gus")),  # с ends no Korean syllable
    ],
)
def test_normaliser_reads_korean_names_only(text: str, tokens: tuple[str, ...]) -> None:
    assert normalise_name(text).tokens == tokens


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        # listed KPi entries as Russian-language lists write them; 1.16 scored each below 80
        ("Ли Бён Чхоль", "KPi.076"),  # RI PYONG CHUL (20.0 with 1.16)
        ("Ким Сок Чхоль", "KPi.036"),  # KIM SOK CHOL
        ("Чхве Чхун Сик", "KPi.013"),  # CHOE CHUN-SIK
        ("Пэк Се Бон", "KPi.048"),  # PAEK SE BONG
        ("Чо Ён Вон", "KPi.043"),  # JO YONG-WON
        ("Ким Ён Чхоль", "KPi.024"),  # KIM YONG CHOL
    ],
)
def test_listed_korean_names_in_cyrillic_are_found(matcher2024, query: str, ref: str) -> None:
    hits = matcher2024.match(query, kind="person")
    assert ref in {h.reference_number for h in hits}


def test_another_listed_name_of_the_same_family_is_not_found(matcher2024) -> None:
    # Ким Сок Чхоль is KIM SOK CHOL (KPi.036), not KIM SONG CHOL (KPi.030): one syllable differs
    refs = {h.reference_number for h in matcher2024.match("Ким Сок Чхоль", kind="person")}
    assert "KPi.030" not in refs


def test_the_delegation_sample_in_russian_gives_its_three_members(matcher2024) -> None:
    # samples/delegation.csv's DPRK delegates as a Russian-language list writes them: the
    # three listed ones (Ri Pyong Chol KPi.076, Jo Chun Ryong KPi.038, Kim Jong Sik KPi.066)
    # strong, nobody else (1.16 found none of them)
    delegates = ["Ким Чен Ын", "Чхве Сон Хи", "Пак Чон Чхон", "Ли Бён Чхоль", "Чо Чхун Рён",
                 "Ким Чен Сик", "Пак Тхэ Сон", "Ким Сон Нам", "Хён Сон Воль"]
    hits = {(h.reference_number, str(h.band)) for name in delegates
            for h in matcher2024.match(name)}
    assert hits == {("KPi.076", "strong"), ("KPi.038", "strong"), ("KPi.066", "strong")}
