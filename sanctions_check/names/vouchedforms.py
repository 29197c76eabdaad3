"""Readings of a person's name that only a date of birth and nationality make worth trying:
a title written with a typo, split or joined to the name, the head of an "Abd al-X" compound
written with a typo, and a word split by a space or two words run together.

Contract: :func:`vouched_segments` takes the comma parts of a name as (token, script) pairs
(before titles are removed: :func:`sanctions_check.names.normalise.reread_person` applies it)
and ``known``, whether the list uses a word (its token weights' vocabulary), and returns the
parts read so, or the same list when no rule applies.  The rules (since 1.19):

* a part's opening word one typo (a letter replaced, dropped, added, doubled or swapped with
  its neighbour) away from a title of ``data/titles.txt`` of four letters or more, and no
  word the list uses, is that title ("Mulolah Naimullah", "Shayhk Sahib"); two opening words
  that make a title together are that title ("Mu llah", "Sh eik"); an opening word that
  starts with such a title and goes on with three letters or more, and no word the list
  uses, is the title and the rest ("MullahNaeem", "SheikhDawood", "QariSaifullah");
* a word one typo away from "abd" (not a word the list uses, nor a kunya's "abu"), followed
  by a linking article ("al", "el", "ul"...) and a name, is "abd" ("Abhd Al-Hadi", "Adb-al-Latif",
  "Xbd El Illah");
* two neighbouring words that make a word the list uses, one of them not one ("Abd Al-Ha di",
  "Lavi lla"), are that word; a word the list does not use that is two words it uses run
  together, each of three letters or more, is those two ("EddineFarraj", "RukanAbdal").

The normaliser then removes the titles and joins the bound forms as always
(:mod:`sanctions_check.names.boundforms`).  None of this is read without the date of birth and
nationality: without them, "Hadi" is not a typo of "Haji" (:mod:`sanctions_check.matching.samebirth`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from rapidfuzz.distance import OSA

from sanctions_check.names.boundforms import ABD_HEADS, ABD_LINKS
from sanctions_check.names.lexicon import canonical_token, kunya_words, titles

Pairs = list[tuple[str, str]]
_ABD = "abd"
_LONG_TITLE = 4  # titles this long or longer are read with a typo or joined to the name
_REST = 3  # the least letters of a word split off a joined title or run-together word


def one_typo(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with one letter replaced, dropped, added or swapped with its
    neighbour (a doubled letter is one added): an optimal-string-alignment distance of 1."""
    return a != b and OSA.distance(a, b, score_cutoff=1) <= 1


@functools.cache
def _long_titles() -> tuple[str, ...]:
    """Titles of four letters or more, the longest first (a joined "Hajji" before "Hajj")."""
    return tuple(sorted((t for t in titles() if len(t) >= _LONG_TITLE), key=len, reverse=True))


def _title_of(word: str, known: Callable[[str], bool]) -> list[str] | None:
    """The words an opening word stands for when it is a title with a typo or joined to the
    name, or None."""
    if not word.isalpha() or word in titles():
        return None
    canon = canonical_token(word)
    if known(word):  # a name of the list's, unless only a spelling of the title
        if not any(canon == canonical_token(t) for t in _long_titles()):
            return None
    for title in _long_titles():
        if word.startswith(title) and len(word) - len(title) >= _REST:
            return [title, word[len(title):]]
    for title in _long_titles():
        if one_typo(word, title):
            return [title]
    return None


def _titles(seg: Pairs, known: Callable[[str], bool]) -> Pairs:
    """A comma part with its opening titles read through typos, splits and joins."""
    out = list(seg)
    k = 0
    while k < len(out):
        word, script = out[k]
        if word not in titles():
            if k + 1 < len(out) and word + out[k + 1][0] in _long_titles():
                out[k: k + 2] = [(word + out[k + 1][0], script)]
            else:
                got = _title_of(word, known)
                if got is None:
                    break
                out[k: k + 1] = [(w, script) for w in got]
        k += 1
    return out


def _abd_heads(seg: Pairs, known: Callable[[str], bool]) -> Pairs:
    """Words one typo from "abd" before a linking article and a name read as "abd"."""
    out = list(seg)
    for i in range(len(out) - 2):
        word = out[i][0]
        if (word not in ABD_HEADS and out[i + 1][0] in ABD_LINKS and len(out[i + 2][0]) >= _REST
                and word not in kunya_words() and one_typo(word, _ABD)
                and (not known(word) or canonical_token(word) == canonical_token(_ABD))):
            out[i] = (_ABD, out[i][1])
    return out


def _spaces(seg: Pairs, words: Callable[[str], bool], known: Callable[[str], bool]) -> Pairs:
    """Words split by a space joined again, and words run together split (see the module
    docstring)."""
    out: Pairs = []
    i = 0
    while i < len(seg):
        word, script = seg[i]
        if i + 1 < len(seg):
            nxt = seg[i + 1][0]
            joined = word + nxt
            if joined.isalpha() and words(joined) and not (words(word) and words(nxt)):
                out.append((joined, script))
                i += 2
                continue
        out.extend((w, script) for w in _run_together(
            word, lambda w: words(w) or known(w)))
        i += 1
    return out


def _run_together(word: str, known: Callable[[str], bool]) -> list[str]:
    """A word the list does not use that is two words it uses (or a compound head and a
    word), each of three letters or more, as those two; else the word."""
    if len(word) < 2 * _REST or not word.isalpha() or known(word):
        return [word]
    for cut in range(_REST, len(word) - _REST + 1):
        left, right = word[:cut], word[cut:]
        if known(left) and (known(right) or right in ABD_HEADS):
            return [left, right]
    return [word]


def vouched_segments(segments: list[Pairs], known: Callable[[str], bool],
                     words: Callable[[str], bool]) -> list[Pairs]:
    """The comma parts read by the rules of the module docstring: ``known`` says whether the
    list uses a word, ``words`` whether the entry compared does (the words split by a space
    or run together are the entry's)."""
    return [_titles(_abd_heads(_spaces(seg, words, known), known), known) for seg in segments]


__all__ = ["one_typo", "vouched_segments"]
