"""Korean names written in Cyrillic letters (the Kontsevich system) read as the list writes them.

Contract: :func:`korean_reading` takes the folded words of one segment and, when they are a
Korean name written syllable by syllable in Cyrillic letters -- two words or more, every one
of them one Korean syllable in the spellings of ``data/kontsevich.csv`` (an optional initial,
a vowel, an optional final) -- returns each word's McCune-Reischauer reading, the
romanisation of the list's Korean names (``["ким", "чен", "ын"]`` -> ``["kim", "chong",
"un"]``, ``["чхве", "рён", "хэ"]`` -> ``["choe", "ryong", "hae"]``); otherwise ``None``, and the
words are transliterated as any Cyrillic (anyascii: "Владимир Путин" -> "vladimir putin").
Russian, Ukrainian or Bulgarian names are not such names: their words are longer than a
syllable ("Иван", "Лавров") or end in letters no Korean syllable ends in ("Лев").  A final н
is ㄴ or ㅇ alike in Cyrillic: it is read as the list's Korean names more often end after that
vowel (``nasal`` rows), and since 1.22 the word keeps the letter as a mark after its reading
(``"хён"`` -> ``"hyongн"``, :data:`~sanctions_check.names.lexicon.FINAL_N`), as a Han token
keeps its character: :func:`final_readings` gives both readings (``("hyong", "hyon")``), which
the scorer compares it on (``Хён Сон Воль`` is the list's HYON SONG WOL, ``Ли Ман Гон`` its RI
MAN GON) and the index looks it up by; a name written in Latin letters has no such mark, so its
"son" and "song" stay two syllables.  Used by :mod:`sanctions_check.names.scripts` (step 4).
"""

from __future__ import annotations

import functools
import re

from sanctions_check.names.lexicon import FINAL_N, data_csv


@functools.cache
def _table() -> tuple[re.Pattern[str], dict[str, dict[str, str]]]:
    parts: dict[str, dict[str, str]] = {}
    for row in data_csv("kontsevich.csv"):
        parts.setdefault(row["part"], {})[row["cyrillic"]] = row["latin"]

    def alternatives(part: str) -> str:
        return "|".join(sorted(parts[part], key=lambda s: (-len(s), s)))

    pattern = re.compile(
        f"({alternatives('initial')})?({alternatives('vowel')})({alternatives('final')})?"
    )
    return pattern, parts


def syllable_reading(word: str) -> str | None:
    """The reading of one Cyrillic word that is one Korean syllable (``"рён"`` -> ``"ryong"``),
    else ``None``."""
    pattern, parts = _table()
    found = pattern.fullmatch(word)
    if found is None:
        return None
    initial, vowel, final = found.groups(default="")
    head = parts["initial"].get(initial, "")
    rhyme = parts["rhyme"].get(vowel + final)
    if rhyme is not None:
        return head + rhyme
    sound = parts["vowel"][vowel]
    if final == "н":  # ㄴ or ㅇ: the likelier reading, marked as either (final_readings)
        return head + sound + parts["nasal"].get(sound, "ng") + FINAL_N
    return head + sound + parts["final"].get(final, "")


def korean_reading(words: list[str]) -> list[str] | None:
    """The readings of a segment's words when they are a Korean name in Cyrillic letters
    (two or more words, each one syllable), else ``None``."""
    if len(words) < 2:
        return None
    out = []
    for word in words:
        reading = syllable_reading(word)
        if reading is None:
            return None
        out.append(reading)
    return out


def shown(token: str) -> str:
    """A token as an explanation shows it: a final н read from Cyrillic as n or ng alike
    written ``n(g)`` (``"hyongн"`` -> ``"hyon(g)"``, ``"unн"`` -> ``"un(g)"``), not with
    the mark the scorer reads; any other token as itself."""
    readings = final_readings(token)
    return token if len(readings) == 1 else f"{min(readings, key=len)}(g)"


def final_readings(token: str) -> tuple[str, ...]:
    """The readings a token stands for: a Korean syllable read from Cyrillic with its final н
    marked (:func:`syllable_reading`) ends in n or ng alike (``"hyongн"`` -> ``("hyong",
    "hyon")``, ``"unн"`` -> ``("un", "ung")``); any other token is itself alone."""
    if not token.endswith(FINAL_N):
        return (token,)
    read = token[:-1]
    return read, read[:-1] if read.endswith("ng") else read + "g"
