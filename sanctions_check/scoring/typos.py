"""Typos in short words: which two words are one typo apart, and the keys that find them.

Contract: pure functions of tokens.  :func:`is_typo` says whether two words are two
neighbouring letters swapped or one letter doubled apart ("sko" / "sok", "yyu" / "yu");
:func:`typo_key` (sorted letters) and :func:`typo_deletes` (the word less one letter) are the
keys under which the candidate index (:mod:`sanctions_check.search.vocab`) files short words,
so that every pair :func:`sanctions_check.scoring.features.token_similarity` calls a typo is
found by lookup; :func:`undoubled` reads doubled letters once (also the vowel rule's).
"""

from __future__ import annotations

import functools

from rapidfuzz.distance import OSA, Hamming


@functools.lru_cache(maxsize=200_000)
def typo_key(token: str) -> str:
    """The letters of a token, doubled ones once, sorted: equal for a short word and its typo
    (:func:`is_typo`), so the index finds them by lookup (``sko`` / ``sok``, ``yyu`` / ``yu``)."""
    return "".join(sorted(undoubled(token)))


def typo_deletes(token: str) -> frozenset[str]:
    """A short word and the words it makes less one letter: two words one letter replaced,
    dropped or added apart share one ("aim" / "kim": "im"), so the index finds them by lookup
    (a three-letter word one letter replaced is below the edit scan's cutoff)."""
    return frozenset({token, *(token[:i] + token[i + 1:] for i in range(len(token)))})


def undoubled(token: str) -> str:
    """A token with doubled letters once ("mohammed" -> "mohamed", "yyu" -> "yu")."""
    for i in range(len(token) - 1):
        if token[i] == token[i + 1]:
            return "".join(ch for j, ch in enumerate(token) if j == 0 or ch != token[j - 1])
    return token


def is_typo(a: str, b: str) -> bool:
    """Two words one typo apart: two neighbouring letters swapped ("sko" / "sok", "isk" /
    "sik") or one letter doubled ("yyu" / "yu").  In a Korean syllable such a typo lost the
    whole word before: short words are otherwise compared strictly."""
    if undoubled(a) == undoubled(b):
        return a != b
    # a swap is the one edit that changes two letters in place
    return len(a) == len(b) and Hamming.distance(a, b) == 2 and OSA.distance(a, b) == 1


__all__ = ["is_typo", "typo_deletes", "typo_key"]
