"""Japanese names written in Cyrillic letters (the Polivanov system) read in Hepburn.

Contract: :func:`japanese_reading` takes the folded words of one segment and, when every word
splits into Polivanov morae (``data/polivanov.csv``: a vowel, a consonant and a vowel, the
syllabic н, the й of a diphthong) and one mora is a mark (letters a Russian name does not
hold: a consonant before э, дз, цу, нъ; ё at the start of a word), returns each word's Hepburn
reading, its morae joined (``["синдзо", "абэ"]`` -> ``["shinzo", "abe"]``,
``["ёсимаса", "хаяси"]`` -> ``["yoshimasa", "hayashi"]``); otherwise ``None`` (anyascii reads
the words as Russian: "sindzo abe").  A word splits into the fewest morae.  Russian names are
not read so: most do not split (е, л, в, ж, ш, ы and a consonant before a consonant are no
mora: "Путин", "Сергей"), and those that do ("Мария Иванова") hold no mark.  Used by
:mod:`sanctions_check.names.scripts` (step 4), after the Chinese and Korean readings.
"""

from __future__ import annotations

import functools

from sanctions_check.names.datafiles import data_csv
from sanctions_check.names.syllables import split_words

_LONGEST = 3  # letters in the longest mora (дзю)


@functools.cache
def _table() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """Mora -> Hepburn, the marks anywhere and the marks at a word's start."""
    rows = data_csv("polivanov.csv")
    morae = {r["cyrillic"]: r["hepburn"] for r in rows}
    anywhere = frozenset(r["cyrillic"] for r in rows if r["mark"] == "any")
    start = frozenset(r["cyrillic"] for r in rows if r["mark"] == "start")
    return morae, anywhere, start


def japanese_reading(words: list[str]) -> list[str] | None:
    """The Hepburn of a segment's words when they are a Japanese name in Polivanov letters,
    else ``None``."""
    morae, anywhere, start = _table()
    split = split_words(words, morae, _LONGEST)
    if split is None:
        return None
    if not any(parts[0] in start or not anywhere.isdisjoint(parts) for parts in split):
        return None
    return ["".join(morae.get(p, p) for p in parts) for parts in split]
