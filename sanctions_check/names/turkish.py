"""Names written in Turkish orthography read as the list's English romanisation writes them.

Contract: :func:`turkish_reading` takes a person's cleaned name text (step 1 of
:mod:`sanctions_check.names.normalise`, before case folding and diacritics) and, when the name
shows Turkish orthography, returns it with each letter read as ``data/turkish.csv`` says
(Turkish c is Arabic ج, jīm: "Ebu Muhammed el-Culani" -> "Ebu Muhammed el-Julani", ~ AL-JAWLANI;
"Celaleddin Hakkani" -> "Jelaleddin Hakkani", ~ JALALUDDIN HAQQANI; ç ch, ş sh, ı i, ğ gh);
otherwise the text itself.  Evidence (``mark_*`` rows) is a letter only Turkish and Azerbaijani
write (ş ğ ı İ), the Turkish spelling of the kunya (Ebu) or the ending of an ad-Din compound
spelled -eddin / -ettin: without it a c stays a c (Carlos, Youcef, the Somali c of Cali).  The
c of ch, ck and sc is never a Turkish c.  Used by :mod:`sanctions_check.names.normalise` for
persons and names of unknown kind, so list names and queries are read alike.
"""

from __future__ import annotations

import functools
import re

from sanctions_check.names.datafiles import data_csv


@functools.cache
def _table() -> tuple[frozenset[str], re.Pattern[str], dict[str, str], re.Pattern[str]]:
    """(evidence letters, evidence words and endings, letter readings, letters to read)."""
    rows = data_csv("turkish.csv")
    letters = frozenset(r["written"] for r in rows if r["type"] == "mark_letter")
    words = [re.escape(r["written"]) for r in rows if r["type"] == "mark_word"]
    endings = [re.escape(r["written"]) for r in rows if r["type"] == "mark_ending"]
    marks = re.compile(
        rf"(?<![^\W\d_])(?:{'|'.join(words)})(?![^\W\d_])|\w(?:{'|'.join(endings)})(?![^\W\d_])",
        re.IGNORECASE,
    )
    read = {r["written"]: r["read"] for r in rows if r["type"] == "letter"}
    # capitals: Ş Ç Ğ and C (the capital of ı is the ASCII I, which reads as itself)
    read.update({k.upper(): v.capitalize() for k, v in list(read.items())
                 if k.upper() != "I"})
    # c is Turkish c unless part of ch / ck (c before h or k) or sc (s before c)
    letters_re = "|".join(re.escape(k) for k in sorted(read, key=len, reverse=True)
                          if k.lower() != "c")
    pattern = re.compile(rf"(?<![sS])[cC](?![hHkK])|{letters_re}")
    return letters, marks, read, pattern


@functools.cache
def _mark_strings() -> tuple[str, ...]:
    """The evidence words and endings as plain lower-case strings: a name holding none of
    them (most names) needs no search for them as words."""
    return tuple(r["written"] for r in data_csv("turkish.csv")
                 if r["type"] in ("mark_word", "mark_ending"))


def is_turkish(text: str) -> bool:
    """Whether a name shows Turkish orthography (a ``mark_*`` row of ``data/turkish.csv``)."""
    letters, marks, _, _ = _table()
    if not text.isascii() and not letters.isdisjoint(text):
        return True
    low = text.lower()
    if not any(m in low for m in _mark_strings()):
        return False
    return marks.search(text) is not None


def turkish_reading(text: str) -> str:
    """The name read as the list's romanisation writes it when it shows Turkish orthography
    (see the module docstring), else ``text`` itself."""
    if not is_turkish(text):
        return text
    _, _, read, pattern = _table()
    return pattern.sub(lambda m: read[m.group()], text)


__all__ = ["is_turkish", "turkish_reading"]
