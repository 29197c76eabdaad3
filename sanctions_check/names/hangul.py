"""Hangul names read as the list writes them (McCune-Reischauer, the DPRK's spelling).

Contract: :func:`hangul_reading` takes one word and, when it is Hangul syllables only, returns
one reading per syllable in the romanisation of the list's Korean names (``"김여정"`` ->
``["kim", "yo", "jong"]``, ``"장성택"`` -> ``["jang", "song", "thaek"]``, ``"백세봉"`` ->
``["paek", "se", "bong"]``); otherwise ``None`` (anyascii reads the word).  Each syllable is
taken apart by the Unicode Standard's arithmetic into its initial, vowel and final (none)
and read from ``data/hangul.csv``: an initial ㄱ ㄷ ㅂ is voiced (g d b) after a vowel or a
voiced final inside the word, as McCune-Reischauer writes it.  anyascii reads Hangul letter
by letter in Revised Romanization ("gim yeo jeong"): the list's KIM YO JONG is one reading
away, ``yeo`` / ``yo`` a whole syllable apart.  Used by
:mod:`sanctions_check.names.scripts` (step 4).
"""

from __future__ import annotations

import functools

from sanctions_check.names.datafiles import data_csv

_FIRST, _LAST = 0xAC00, 0xD7A3  # the precomposed Hangul syllables
_VOWELS, _FINALS = 21, 28  # jamo per syllable block (finals: 27 and none)
_VOICED_AFTER = frozenset({"", "n", "l", "m", "ng"})  # a vowel, or a voiced final


@functools.cache
def _table() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], tuple[str, ...]]:
    """(plain, voiced) per initial, vowels and finals, in Unicode order."""
    rows = data_csv("hangul.csv")
    initials = tuple((r["latin"], r["voiced"]) for r in rows if r["part"] == "initial")
    vowels = tuple(r["latin"] for r in rows if r["part"] == "vowel")
    finals = ("", *(r["latin"] for r in rows if r["part"] == "final"))
    if (len(initials), len(vowels), len(finals)) != (19, _VOWELS, _FINALS):
        raise ValueError("hangul.csv: 19 initials, 21 vowels and 27 finals expected")
    return initials, vowels, finals


def is_hangul_word(word: str) -> bool:
    """Whether a word is precomposed Hangul syllables only."""
    return bool(word) and all(_FIRST <= ord(ch) <= _LAST for ch in word)


def hangul_reading(word: str) -> list[str] | None:
    """One reading per syllable of a Hangul word, the list's way; ``None`` for a word that is
    not Hangul syllables only."""
    if not is_hangul_word(word):
        return None
    initials, vowels, finals = _table()
    out: list[str] = []
    before = None  # the final of the syllable before, inside the word
    for ch in word:
        index = ord(ch) - _FIRST
        initial, rest = divmod(index, _VOWELS * _FINALS)
        vowel, final = divmod(rest, _FINALS)
        plain, voiced = initials[initial]
        head = voiced if before in _VOICED_AFTER else plain
        out.append(head + vowels[vowel] + finals[final])
        before = finals[final]
    return out
