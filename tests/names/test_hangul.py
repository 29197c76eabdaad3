"""Hangul names read as the list romanises Korean names (sanctions_check.names.hangul,
algorithm 1.20): McCune-Reischauer in the DPRK's spelling, not anyascii's Revised
Romanization."""

from __future__ import annotations

import pytest

from sanctions_check.names.hangul import hangul_reading
from sanctions_check.names.normalise import normalise_name


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        # ㅕ is the list's yo (KIM YO JONG); anyascii wrote "gim yeo jeong"
        ("김여정", ["kim", "yo", "jong"]),
        # ㅌ is th, a final ㄱ k (JANG SONG THAEK; anyascii "taeg")
        ("장성택", ["jang", "song", "thaek"]),
        # ㅂ voiced after a vowel inside the word: PAEK SE BONG (anyascii "baeg")
        ("백세봉", ["paek", "se", "bong"]),
        # ... not at the start of a word, nor after a final k (anyascii "bag geun hye")
        ("박근혜", ["pak", "kun", "hye"]),
        # ㅡ and ㅓ are u and o (anyascii "geum", "eun"), a final ㅇ ng
        ("김정은", ["kim", "jong", "un"]),
        ("현송월", ["hyon", "song", "wol"]),
        # a cluster final reads as the consonant said (닭 dak, 값 kap)
        ("닭", ["tak"]),
        ("값", ["kap"]),
        # not Hangul syllables only: anyascii reads it
        ("김A", None),
        ("ㄱ", None),  # a lone jamo
        ("", None),
    ],
)
def test_hangul_reading(word: str, reading: list[str] | None) -> None:
    assert hangul_reading(word) == reading


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("김여정", ("kim", "yo", "jong")),
        ("금운산 3", ("kum", "un", "san", "3")),  # a vessel's number kept
        ("김 정은", ("kim", "jong", "un")),  # voicing is per word: 정 starts one
        ("김정은 Kim", ("kim", "jong", "un", "kim")),
    ],
)
def test_normaliser_reads_hangul_names(text: str, tokens: tuple[str, ...]) -> None:
    assert normalise_name(text).tokens == tokens
