"""Korean names in Cyrillic letters (the Kontsevich system) read as the list romanises them
(sanctions_check.names.kontsevich, algorithm 1.17; a final н read as n or ng alike: 1.22)."""

from __future__ import annotations

import pytest

from sanctions_check.matching.compare import compare_names
from sanctions_check.names.kontsevich import (
    final_readings,
    korean_reading,
    shown,
    syllable_reading,
)
from sanctions_check.names.lexicon import FINAL_N
from sanctions_check.names.normalise import normalise_name


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("ким", "kim"),
        ("чхве", "choe"),  # чх is ㅊ (MR ch'), ве the ㅚ of 최
        # a final н after yo: ㅇ, as the list's names mostly have it, marked as either (1.22)
        ("рён", "ryong" + FINAL_N),
        ("ын", "un" + FINAL_N),  # after u: ㄴ (은) mostly
        ("чен", "chong"),  # the older е for ㅓ before a final н: 정
        ("бён", "byong" + FINAL_N),  # voiced inside a name: the voicing rule meets the list's p
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
    assert korean_reading(["ким", "чен", "ын"]) == ["kim", "chong", "unн"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Ким Чен Ын", ("kim", "chong", "unн")),  # (чен: the older е for ㅓ + ㅇ, unmarked)
        ("Чхве Рён Хэ", ("choe", "ryongн", "hae")),
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


@pytest.mark.parametrize(
    ("token", "readings"),
    [
        ("hyongн", ("hyong", "hyon")),  # Хён: 형 or 현
        ("unн", ("un", "ung")),  # Ын: 은 or 응
        ("hyong", ("hyong",)),  # written in Latin letters: itself alone
        ("gao高", ("gao高",)),
    ],
)
def test_final_readings(token: str, readings: tuple[str, ...]) -> None:
    assert final_readings(token) == readings


@pytest.mark.parametrize(
    ("token", "text"),
    [
        ("hyongн", "hyon(g)"),  # Хён: n or ng, as the reviewer reads it (not the scorer's mark)
        ("unн", "un(g)"),  # Ын
        ("hyong", "hyong"),  # written in Latin letters: as it is
        ("gao高", "gao高"),  # a Han token keeps its character
    ],
)
def test_shown(token: str, text: str) -> None:
    assert shown(token) == text


def test_explanations_never_show_the_mark() -> None:
    # HYON KWANG IL (KPi.015) written in Kontsevich's Cyrillic: the explanation names the
    # syllable read either way as hyon(g), never as the internal token hyongн
    detail = compare_names("Хён Гван Ир", "HYON KWANG IL").explanation
    assert "hyon(g)~hyon (reading 1.00)" in detail
    assert "н" not in detail


@pytest.mark.parametrize(
    "text", ["Хён Сон Воль", "Ли Ман Гон", "Ким Нам Ын", "Хан Ю Ро"],
)
def test_marked_readings_normalise_to_themselves(text: str) -> None:
    # idempotence: the normalised text, normalised again, keeps its marks
    norm = normalise_name(text).tokens
    assert normalise_name(" ".join(norm)).tokens == norm


@pytest.mark.parametrize(
    ("query", "ref"),
    [
        # listed KPi entries whose syllables' final is the other one than the vowel's likelier
        # reading (the nasal rows): 1.21 found none of them at the threshold; 1.22 compares a
        # final н as n and as ng alike, and finds each (strong)
        ("Ли Ман Гон", "KPi.026"),  # RI MAN GON: man, gon (read "mang", "gong")
        ("Сон Мун Сан", "KPi.039"),  # SON MUN SAN
        ("Хён Кван Ир", "KPi.015"),  # HYON KWANG IL
        ("Хан Ю Ро", "KPi.005"),  # HAN YU-RO
        ("Ли Чже Сон", "KPi.002"),  # RI JE-SON
        ("Ли Чхун Хван", "KPi.074"),  # RI CHUN HWAN: hwan (read "hwang")
        ("Ким Нам Ын", "KPi.061"),  # KIM NAM UNG: ung after u (read "un")
        ("Чжан Сын Нам", "KPi.057"),  # JANG SUNG NAM: sung (read "sun")
    ],
)
def test_a_final_n_is_read_both_ways(matcher2024, query: str, ref: str) -> None:
    hits = {h.reference_number: str(h.band) for h in matcher2024.match(query, kind="person")}
    assert hits.get(ref) == "strong"


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
