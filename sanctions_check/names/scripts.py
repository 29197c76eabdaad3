"""Steps 1, 3 and 4 of the normaliser: clean a text, fold it and read each word in its script.

Contract: :func:`segment_tokens` turns a segment of a name into ``(token, script)`` pairs:
lower-case ASCII words, apostrophes dropped inside words, ``&`` read as ``and``, punctuation
splitting words; a non-Latin word is transliterated with ``anyascii`` (Hangul one syllable per
token, read as the list's McCune-Reischauer by :mod:`~sanctions_check.names.hangul`; a Han or kana character's token is its reading followed by the character, ``高`` ->
``gao高``; a Korean syllable read from Cyrillic keeps a final н after its reading, ``hyongн``,
and such a token is read as itself again); a segment that is a Chinese or Korean name in Cyrillic letters is read as a whole,
as pinyin (Palladius, :mod:`~sanctions_check.names.palladius`), as the list's
McCune-Reischauer (Kontsevich, :mod:`~sanctions_check.names.kontsevich`) or a Japanese one in
Hepburn (Polivanov, :mod:`~sanctions_check.names.polivanov`).  :func:`clean`
applies NFKC and turns control and format characters into spaces.  Each function has an ASCII fast path that gives what its general path (``any_...``) gives; the
tests check that.  :func:`plain_words` is the two together, the words reference tables such as
:mod:`sanctions_check.names.countries` key their names on.  The rest of the normaliser (titles,
bound forms, legal forms, brackets) is :mod:`sanctions_check.names.normalise`.
"""

from __future__ import annotations

import unicodedata

from sanctions_check.files.lazy import lazy_pattern
from sanctions_check.names.hangul import hangul_reading
from sanctions_check.names.kontsevich import korean_reading
from sanctions_check.names.lexicon import (
    APOS_RE,
    FINAL_N,
    WORD_RE,
    is_korean_syllable,
    to_ascii,
)
from sanctions_check.names.palladius import chinese_reading
from sanctions_check.names.polivanov import japanese_reading


def char_script(ch: str) -> str:
    """The script of one character: latin, greek, cyrillic, hebrew, arabic, hangul, cjk, common
    (digits) or other."""
    cp = ord(ch)
    if ch.isdigit():
        return "common"
    if cp < 0x250 or 0x1E00 <= cp <= 0x1EFF:
        return "latin"
    if 0x370 <= cp < 0x400:
        return "greek"
    if 0x400 <= cp < 0x530:
        return "cyrillic"
    if 0x590 <= cp < 0x600:
        return "hebrew"
    if 0x600 <= cp < 0x780 or 0x8A0 <= cp < 0x900 or 0xFB50 <= cp < 0xFE00 or 0xFE70 <= cp < 0xFF00:
        return "arabic"
    if 0xAC00 <= cp < 0xD7B0 or 0x1100 <= cp < 0x1200 or 0x3130 <= cp < 0x3190:
        return "hangul"
    if 0x4E00 <= cp < 0xA000 or 0x3400 <= cp < 0x4DC0 or 0x3040 <= cp < 0x3100:
        return "cjk"
    return "other"


def word_tokens(word: str) -> list[tuple[str, str]]:
    """Transliterate one raw word into (token, script) pairs."""
    if word.isascii():  # the usual case: what any_word_tokens gives, faster
        script = "common" if word.isdigit() else "latin"
        return [(t, script) for t in WORD_RE.findall(word.casefold())]
    return any_word_tokens(word)


def any_word_tokens(word: str) -> list[tuple[str, str]]:
    """:func:`word_tokens` of any word (the general path)."""
    if word.endswith(FINAL_N) and word[:-1].isascii() and is_korean_syllable(word[:-1].lower()):
        return [(word.lower(), "cyrillic")]  # a Korean syllable's reading, its final н marked
    scripts = {char_script(c) for c in word} - {"common"}
    if "cjk" in scripts:
        return cjk_tokens(word, "cjk" if scripts == {"cjk"} else "mixed")
    if not scripts or scripts == {"latin"}:
        script = "latin" if scripts else "common"
        out = to_ascii(word).casefold()
        return [(t, script) for t in WORD_RE.findall(out)]
    script = scripts.pop() if len(scripts) == 1 else "mixed"
    if script == "hangul":
        # one syllable per token: Korean names are syllable-based (a reading is one syllable),
        # read as the list's McCune-Reischauer (since 1.20: hangul.py; anyascii reads Revised
        # Romanization, "gim yeo jeong" for KIM YO JONG)
        read = hangul_reading(word)
        if read is not None:
            return [(t, script) for t in read]
        return [
            (t, script)
            for ch in word
            for t in WORD_RE.findall(APOS_RE.sub("", to_ascii(ch)).casefold())
        ]
    if "arabic" in scripts or script == "arabic":
        word = word.translate(_ARABIC_LETTERS)
    out = APOS_RE.sub("", to_ascii(word)).casefold()
    return [(t, script) for t in WORD_RE.findall(out)]


# Arabic-script letters read before anyascii (since 1.12): the alif madda آ is an alif, which
# anyascii does not write ("آغا" Agha -> "gh", as "اغا"); the emphatic ض, d to anyascii, is
# dh as ذ and ظ are (Persian z: "فضل" Fazal -> "fdhl"; Arabic dh or d: Ramadhan, Ramadan).
# The alif maqsura ى stays anyascii's "a": a long a in Arabic ("مصطفى" Mustafa) and the
# final ی of Persian, Pashto and Urdu names as typed in Afghanistan ("نعمانى" Nomani), which
# the abjad comparison allows both (scoring.abjad)
_ARABIC_LETTERS = str.maketrans({"\u0622": "\u0627", "\u0636": "\u0630"})


def cjk_tokens(word: str, script: str) -> list[tuple[str, str]]:
    """One token per Han or kana character, its reading followed by the character itself
    (``高`` -> ``gao高``): many characters share a reading (高石 / 高市 are "gao shi" both), so
    the character decides against a name in the same script and the reading against a
    romanised one.  A reading written before its character is that token (idempotence)."""
    out: list[tuple[str, str]] = []
    pending = ""  # the text before the next Han / kana character
    for ch in word:
        if char_script(ch) != "cjk":
            pending += ch
            continue
        said = WORD_RE.findall(APOS_RE.sub("", to_ascii(ch)).casefold())
        before = WORD_RE.findall(APOS_RE.sub("", to_ascii(pending)).casefold())
        pending = ""
        if said and before and before[-1] == said[-1] and len(said) == 1:
            before.pop()  # "gao高" normalised again
        out.extend((t, script) for t in before)
        out.extend((t + ch if i == len(said) - 1 else t, script) for i, t in enumerate(said))
    out.extend((t, script) for t in WORD_RE.findall(APOS_RE.sub("", to_ascii(pending)).casefold()))
    return out


def clean(text: str) -> str:
    """Step 1: NFKC; control, separator and format characters become spaces."""
    if text.isascii() and text.isprintable():
        return text  # what any_clean gives: no control or separator character but " "
    return any_clean(text)


def any_clean(text: str) -> str:
    """:func:`clean` of any text (the general path)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        " " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in text
    )



def segment_tokens(segment: str) -> list[tuple[str, str]]:
    """Steps 3 and 4 for one cleaned segment: ``(token, script)`` pairs."""
    segment = APOS_RE.sub("", segment.casefold()).replace("&", " and ")
    if segment.isascii():  # the usual case: what word_tokens gives each word, at once
        return [(t, "common" if t.isdigit() else "latin") for t in WORD_RE.findall(segment)]
    return any_segment_tokens(segment)


def any_segment_tokens(segment: str) -> list[tuple[str, str]]:
    """:func:`segment_tokens` of a folded segment, word by word (any text); a Chinese or
    Korean name in Cyrillic letters as a whole (:func:`cyrillic_name_tokens`)."""
    words = WORD_RE.findall(segment)
    out = cyrillic_name_tokens(words)
    if out is not None:
        return out
    out = []
    for word in words:
        out.extend(word_tokens(word))
    return out


def cyrillic_name_tokens(words: list[str]) -> list[tuple[str, str]] | None:
    """A segment of Cyrillic words that is a Chinese name in the Palladius system (Си
    Цзиньпин -> xi jinping), a Korean name in the Kontsevich system (Ким Чен Ын -> kim chong
    un) or a Japanese name in the Polivanov system (Синдзо Абэ -> shinzo abe, since 1.20),
    read as pinyin, as the list's McCune-Reischauer or in Hepburn (since 1.18: anyascii reads
    them as Russian, "si czinpin", "kim chen yn", "sindzo abe"); ``None`` for any other
    segment."""
    if not all(_CYRILLIC_WORD.fullmatch(w) for w in words):
        return None
    read = chinese_reading(words) or korean_reading(words) or japanese_reading(words)
    return None if read is None else [(t, "cyrillic") for t in read]


_CYRILLIC_WORD = lazy_pattern(r"[\u0400-\u04ff]+|[0-9]+")


def plain_words(text: str) -> list[str]:
    """The words of a text after steps 1, 3 and 4 only (no titles, bound forms, legal forms)."""
    return [t for t, _ in segment_tokens(clean(text))]
