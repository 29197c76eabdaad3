"""Chinese names written in Cyrillic letters (the Palladius system) read as Hanyu Pinyin.

Contract: :func:`chinese_reading` takes the folded words of one segment and, when each word
splits into Palladius syllables (``data/palladius.csv``: every pinyin initial and final and
the Cyrillic letters Palladius writes them with) and one syllable holds letters only a Chinese
syllable has (``mark`` rows: цз, чж, the q / x syllables, эй, энь...), returns each word's
pinyin, its syllables joined (``["си", "цзиньпин"]`` -> ``["xi", "jinping"]``,
``["мао", "цзэдун"]`` -> ``["mao", "zedong"]``); otherwise ``None``.  A word splits into the
fewest syllables ("сяопин" is xiao ping, not xi ao ping); where a spelling stands for two
pinyin syllables (цз: j or z, ц: q or c, с: x or s) the table's first row wins, which is the
only one before the final the word has (ji, zi; qi, ci...).  Used by
:mod:`sanctions_check.names.scripts` (step 4).
"""

from __future__ import annotations

import functools

from sanctions_check.names.lexicon import data_csv
from sanctions_check.names.syllables import split_words

_PALATAL = ("j", "q", "x")  # pinyin initials only ever before i / ü
_RETROFLEX = ("zh", "ch", "sh", "r")  # before any final (zhi, zhuo, zhong)
_ANY = ("b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h")  # likewise


@functools.cache
def _table() -> tuple[dict[str, str], tuple[str, ...]]:
    """Cyrillic syllable -> pinyin, and the mark letters."""
    rows = data_csv("palladius.csv")
    initials = [(r["pinyin"], r["cyrillic"]) for r in rows if r["part"] == "initial"]
    finals = [(r["pinyin"], r["cyrillic"]) for r in rows if r["part"] == "final"]
    after = {(r["pinyin"], i): r["cyrillic"] for r in rows if r["part"] == "after"
             for i in r["note"].split(";")}
    syllables: dict[str, str] = {}
    for r in rows:
        if r["part"] == "alone":
            syllables.setdefault(r["cyrillic"], r["pinyin"])
    for ip, ic in initials:
        for fp, fc in finals:
            if (ip in _PALATAL) != fp.startswith(("i", "ü")) and ip not in _RETROFLEX + _ANY:
                continue  # j q x only before i / ü, z c s never (the same Cyrillic letters)
            spelled = after.get((fp, ip), fc)
            pinyin = ip + ("u" if fp == "ü" and ip in "jqx" else fp.replace("ü", "v"))
            syllables.setdefault(ic + spelled, pinyin.replace("v", "u"))
        for (fp, i), fc in after.items():
            if i == ip:
                syllables.setdefault(ic + fc, ip + fp)
    marks = tuple(r["cyrillic"] for r in rows if r["part"] == "mark")
    return syllables, marks


def chinese_reading(words: list[str]) -> list[str] | None:
    """The pinyin of a segment's words when they are a Chinese name in Palladius letters,
    else ``None``."""
    syllables, marks = _table()
    split = split_words([w.replace("ъ", "") for w in words], syllables, 6)
    if split is None:
        return None
    if not any(m in p for parts in split for p in parts for m in marks):
        return None
    return ["".join(syllables.get(p, p) for p in parts) for parts in split]
