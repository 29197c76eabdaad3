"""Decide how the bytes of a text input are decoded, and say how sure that is.

Contract: :func:`decode_text` returns a frozen :class:`Decoded` (text, encoding, and a
warning when the encoding is a weak guess) or raises
:class:`~sanctions_check.errors.InputError` with one line naming the file:

1. ``forced`` (``--encoding``): that codec, strictly; a line it cannot decode is an
   error naming the line.
2. A byte-order mark: UTF-8 / UTF-16 / UTF-32.  NUL bytes: UTF-16 without BOM when
   obvious, else the file is binary.
3. UTF-8, decoded strictly.  A file that is UTF-8 except for some lines is *not*
   re-decoded as a whole in another code page (that garbled every name in it): the
   error names the lines that are not UTF-8.
4. Otherwise a legacy code page, only when the whole file reads plausibly in it: each
   candidate of :data:`CANDIDATES` decodes the file strictly and every word holding
   non-ASCII letters is judged (one script, ASCII letters only beside Latin ones,
   all-lower / all-upper / capitalised, no stray symbols).  The candidate with the
   fewest implausible words wins (a tie is broken by charset-normalizer's language
   model, asked only among the tied ones); none plausible is an error.  The guess is
   *weak* (a warning) when fewer than :data:`MIN_EVIDENCE_LINES` lines decide it or a
   tie stays unbroken.

:func:`detect_encoding` is the same decision returning only the codec name (for
readers that decode in a stream, e.g. the batch engine's first block).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sanctions_check.errors import InputError

SNIFF_BYTES = 64 * 1024
#: Legacy code pages tried for a file that is not UTF-8, in order of preference on a tie.
CANDIDATES = {
    "cp1252": "Windows-1252, Western European",
    "cp1251": "Windows-1251, Cyrillic",
    "cp1256": "Windows-1256, Arabic",
    "cp1253": "Windows-1253, Greek",
    "koi8_r": "KOI8-R, Cyrillic",
}
MIN_EVIDENCE_LINES = 3  # fewer lines with non-ASCII letters: the guess is weak
MAX_IMPLAUSIBLE = 0.2  # more implausible words than this share: no code page fits
SHOWN_LINES = 10
_WORD = re.compile(r"[^\W\d_]+")
_FINE_SYMBOLS = set("\u00a0«»‘’‚“”„–—…·°•€£¥§©®´¨")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    """A decoded text input and how it was decoded."""

    text: str
    encoding: str
    warning: str | None = None  # set when the encoding is a weak guess


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, or None."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def nul_encoding(
    head: bytes, path: Path | str,
    refusal: str = "binary file (contains NUL bytes), not a name list",
) -> str:
    """UTF-16 without BOM when the NUL bytes of ``head`` say so, else InputError
    ``"{path}: {refusal}"`` (binary data)."""
    even, odd = head[0::2], head[1::2]
    if head and odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if head and even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    raise InputError(f"{path}: {refusal}")


def _script(ch: str) -> str:
    return unicodedata.name(ch, "?").split(" ")[0]


def _implausible(word: str) -> bool:
    """A word with non-ASCII letters that no real name list would hold."""
    scripts = {_script(c) for c in word if not c.isascii()}
    has_ascii = any(c.isascii() for c in word)
    if len(scripts) > 1 or (has_ascii and scripts != {"LATIN"}):
        return True
    if scripts == {"LATIN"} and not has_ascii and len(word) > 2:
        return True  # Latin text mixes accented and plain letters: "Èâàí" is Cyrillic misread
    cased = word.replace("ß", "")  # lower case only, also in upper-case words
    if len(cased) < 2 or not any(c.isupper() or c.islower() for c in cased):
        return False  # one letter, or an uncased script (Arabic)
    capitalised = cased[0].isupper() and cased[1:].islower()
    return not (cased.islower() or cased.isupper() or capitalised)


def _judge(text: str) -> tuple[int, int, int]:
    """(implausible words + stray symbols, words and lines with non-ASCII letters)."""
    bad = words = lines = 0
    for line in text.splitlines():
        found = [w for w in _WORD.findall(line) if not w.isascii()]
        bad += sum(1 for w in found if _implausible(w))
        words += len(found)
        lines += bool(found)
    strays = sum(
        1 for c in text
        if not c.isascii() and not c.isalpha() and c not in _FINE_SYMBOLS
        and not unicodedata.category(c).startswith("M")
    )
    return bad + strays, words, lines


def _tie_break(data: bytes, names: list[str]) -> str | None:
    """charset-normalizer's language model, asked only among code pages that read alike."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * SNIFF_BYTES], cp_isolation=names).best()
    return best.encoding if best is not None and best.encoding in names else None


def _not_utf8_lines(data: bytes) -> tuple[list[int], bool]:
    """Line numbers that are not UTF-8, and whether another line holds real UTF-8 text."""
    bad, utf8_text = [], False
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
        else:
            utf8_text = utf8_text or not line.isascii()
    return bad, utf8_text


def _legacy(data: bytes, path: Path | str) -> tuple[str, str | None]:
    verdicts = []
    for rank, name in enumerate(CANDIDATES):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        verdicts.append((*_judge(text), rank, name))
    verdicts.sort(key=lambda v: (v[0], v[3]))
    if not verdicts or verdicts[0][0] > MAX_IMPLAUSIBLE * max(verdicts[0][1], 1):
        raise InputError(
            f"{path}: cannot decode the text: not UTF-8, and no code page "
            f"({', '.join(CANDIDATES)}) reads it plausibly; save it as UTF-8 or give --encoding"
        )
    bad, _words, lines, _rank, name = verdicts[0]
    tied = [v[4] for v in verdicts if v[0] == bad]
    reasons = []
    if len(tied) > 1:
        broken = _tie_break(data, tied)
        if broken is None:
            reasons.append(f"{', '.join(t for t in tied if t != name)} would read it as well")
        name = broken or name
    if lines < MIN_EVIDENCE_LINES:
        reasons.append(f"only {lines} line(s) with non-ASCII letters to judge by")
    warning = None
    if reasons:
        warning = (
            f"{path}: not UTF-8; read as {name} ({CANDIDATES[name]}), a weak guess "
            f"({'; '.join(reasons)}): check the names, or give --encoding"
        )
    return name, warning


def guess_encoding(
    data: bytes, path: Path | str = "input", refusal: str | None = None
) -> tuple[str, str | None]:
    """(encoding, warning or None) of ``data`` (see the module docstring, steps 2-4);
    ``refusal``: what binary data (NUL bytes) is said not to be (default: a name list)."""
    encoding = bom_encoding(data)
    if encoding is not None:
        return encoding, None
    head = data[:SNIFF_BYTES]
    if head.startswith(b"PK\x03\x04"):
        raise InputError(f"{path}: looks like a ZIP / XLSX file, not text (name it .xlsx)")
    if b"\x00" in head:
        return (nul_encoding(head, path, refusal) if refusal else nul_encoding(head, path)), None
    try:
        data.decode("utf-8")
        return "utf-8", None
    except UnicodeDecodeError:
        pass
    bad, utf8_text = _not_utf8_lines(data)
    if utf8_text:
        shown = ", ".join(map(str, bad[:SHOWN_LINES]))
        more = f" and {len(bad) - SHOWN_LINES} more" if len(bad) > SHOWN_LINES else ""
        raise InputError(
            f"{path}: line{'s' if len(bad) > 1 else ''} {shown}{more} not UTF-8 although the "
            "rest of the file is; fix them (save the file as UTF-8) or give --encoding"
        )
    return _legacy(data, path)


def detect_encoding(data: bytes, path: Path | str = "input") -> str:
    """The codec name :func:`guess_encoding` chooses for ``data``."""
    return guess_encoding(data, path)[0]


def check_codec(name: str) -> str:
    """The codec's canonical name, or InputError for an unknown ``--encoding``."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(f"--encoding: unknown encoding {name!r}") from None


def decode_text(
    data: bytes, path: Path | str, forced: str | None = None, refusal: str | None = None
) -> Decoded:
    """Decode a whole text input (see the module docstring); ``refusal`` as for
    :func:`guess_encoding`."""
    if forced is not None:
        encoding, warning = check_codec(forced), None
    else:
        encoding, warning = guess_encoding(data, path, refusal)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}: line {line} is not valid {encoding} ({exc.reason})") from None
    return Decoded(text, encoding, warning)


__all__ = [
    "CANDIDATES",
    "Decoded",
    "bom_encoding",
    "check_codec",
    "decode_text",
    "detect_encoding",
    "guess_encoding",
    "nul_encoding",
]
