"""The words of a news text as the list-driven pass sees them (:mod:`sanctions_check.news.listscan`).

Contract: :func:`scan_words` splits a text into :class:`ScanWord` s in order: every word of
:data:`~sanctions_check.news.listforms.WORD_RE` with a non-empty word key
(:func:`~sanctions_check.news.listforms.word_key`), a possessive cut off ("Kashlaf's" ->
Kashlaf), weak words (particles, "the": :func:`~sanctions_check.news.listforms.weak_words`)
dropped; ``brk`` says that punctuation, a blank line, a dropped "and" / "or" between words
not both capitalised, or a possessive separates the word from the one before (a name never
runs across it).

What a word's spelling alone decides (its key, letters, capitals, phonetic key:
:func:`phonetic_key`) is worked out once per distinct spelling and cached
(:func:`word_facts`), like the normaliser's word caches: news repeats its words, and a
text's words are then looked up, not normalised again.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import jellyfish

from sanctions_check.news.listforms import WORD_RE, plain, weak_words, word_key

BREAK_RE = re.compile(r"[.,;:!?()\[\]\"“”|/•·–—]")


class ScanWord(NamedTuple):
    """One word (a named tuple: a text has hundreds, made quickly)."""

    key: str
    start: int
    end: int
    cap: bool
    acronym: bool
    brk: bool  # a break (punctuation) before this word
    squashed: str  # plain letters of the word
    phon: str  # its phonetic key (phonetic_key)


@functools.lru_cache(maxsize=100_000)
def phonetic_key(key: str) -> str:
    """A word key's Metaphone key ("~" + Metaphone) for words of 4+ letters, else the key."""
    if len(key) < 4 or not key.isalpha():
        return key
    return "~" + jellyfish.metaphone(key)


@functools.lru_cache(maxsize=100_000)
def word_facts(word: str) -> tuple[str, bool, bool, str, bool, str]:
    """(word key, capitalised, written in capitals, plain letters, weak, phonetic key) of one
    spelling."""
    key = word_key(word)
    return (key, word[:1].isupper(), len(word) >= 2 and word.isupper(), plain(word),
            key in weak_words(), phonetic_key(key))  # fmt: skip


@functools.lru_cache(maxsize=100_000)
def written_facts(word: str) -> tuple[str, bool, bool, str, bool, str, int]:
    """:func:`word_facts` of a word as written, a possessive cut off ("Kashlaf's" ->
    Kashlaf), and how many characters were cut (0 or 2)."""
    if len(word) > 3 and word[-2] in "'’ʼ" and word[-1] in "sS":
        return (*word_facts(word[:-2]), 2)
    return (*word_facts(word), 0)


def scan_words(text: str) -> list[ScanWord]:
    """The words of ``text`` for the list-driven pass (see the module docstring)."""
    out: list[ScanWord] = []
    last_end = 0
    pending_break = False
    for m in WORD_RE.finditer(text):
        start, end = m.span()
        key, cap, acronym, squashed, weak, phon, cut = written_facts(m.group())
        end -= cut
        if not key:
            continue
        gap = text[last_end:start]
        # a one-space gap, by far the most common, is no break
        brk_here = gap != " " and (bool(BREAK_RE.search(gap)) or "\n\n" in gap)
        if weak:
            # "al-shaer and SALEH": "and" / "or" between words not both capitalised
            # separates two names
            joiner = key in ("and", "or") and not (out and out[-1].cap and
                                                    text[end:end + 2].strip()[:1].isupper())
            pending_break = pending_break or brk_here or joiner
            last_end = end
            continue
        out.append(
            ScanWord(key, start, end, cap, acronym, pending_break or brk_here, squashed, phon)
        )
        # a possessive ends a name: "Gaddafi's Daughter Aisha" is not one name
        pending_break = cut > 0
        last_end = end
    return out


__all__ = ["BREAK_RE", "ScanWord", "phonetic_key", "scan_words", "word_facts", "written_facts"]
