"""One normaliser for list names and queries alike.

Contract: :func:`normalise_name` turns any text into a frozen :class:`NormalisedName` whose
``tokens`` are lower-case ASCII words ready for comparison (a Han or kana character keeps the
character after its ASCII reading: ``高`` -> ``gao高``, and a Korean syllable read from Cyrillic its
final н: ``hyongн``, see step 4).  The same function is used to build
the matcher's index and to read queries, so both sides always agree.  Steps:

1. Unicode NFKC; control and format characters become spaces.
2. Bracketed parts are set aside: ``"KOREA ... CORPORATION (KOMID)"`` keeps ``komid`` in
   ``bracketed`` (the matcher indexes it as an extra name form); quotes are dropped.
   A person's name in Turkish orthography (:mod:`sanctions_check.names.turkish`: ş ğ ı, Ebu,
   -eddin) is read with its c as j, ç ch, ş sh ("el-Culani" -> "el-Julani"), since 1.21.
3. Case folding; apostrophe variants (' ’ ‘ ʼ ʻ ` ´) are dropped inside words
   (``Cho'ng`` -> ``chong``, ``Lord's`` -> ``lords``); ``&`` -> ``and``; hyphens, dots,
   commas and other punctuation split words.
4. Diacritics are removed and non-Latin scripts transliterated with ``anyascii``
   (Hangul and CJK one syllable per token), so an Arabic-script original and the same Arabic
   text in a query give the same tokens, and cross-script comparison can use the Latin form.
   A Han or kana character's token is its reading followed by the character (``gao高``):
   characters sharing a reading are different names in the same script (``高石`` / ``高市``),
   the reading alone is compared against other scripts
   (:func:`~sanctions_check.names.lexicon.reading`).  A Korean syllable read from Cyrillic
   keeps a final н, which is n or ng alike, as a mark after its reading (``Хён`` ->
   ``hyongн``: :func:`~sanctions_check.names.kontsevich.final_readings`).
5. For persons (and unknown kinds) leading titles and honorifics (``data/titles.txt``) are
   removed from the start of the name and of each comma-separated part, while a token remains.
6. For persons (and unknown kinds), Arabic bound forms become one word whatever their
   spacing and hyphenation (:func:`bound_forms`): theophoric compounds ``Abd al-Khaliq``,
   ``Abdel Khaleq``, ``Abdul-Khaliq``, ``Abdulkhaliq``, ``Abdur Rahman`` -> ``abdulkhaliq``,
   ``abdulkhaleq``, ``abdulrahman`` (the second part keeps its own spelling, compared as a
   word); ``Badr al-Din``, ``Badreddine``, ``Badruddin`` -> ``badruddin``; ``Nur Allah``,
   ``Nurollah`` -> ``nurullah``.
7. For organisations, a bracketed part naming a country (``"Bank of China (Hong Kong)"``)
   stays in the name (it tells entities apart, see :mod:`sanctions_check.names.qualifiers`), and
   written legal forms are read as their generic form (``data/legal_form_groups.csv``:
   "Joint Stock Company", "JSC", "OAO", "PAO" -> ``jsc``; "Limited", "Ltd", "OOO" -> ``llc``;
   "GmbH" -> ``gmbh``, a form of one country's law), the longest form first; short ambiguous ones ("SA", "AG") only as the first
   or last words.

Steps 1, 3 and 4 (cleaning, folding and reading each word in its script) are in
:mod:`sanctions_check.names.scripts`; country names and codes (``data/countries.csv``,
nationality evidence) in :mod:`sanctions_check.names.countries`.  The other reference data (``titles.txt``, ``stopwords.txt``,
``legal_forms.txt``, ``romanisation.csv``, ``synonyms.csv``...) and the spelling equivalences
(:func:`~sanctions_check.names.lexicon.canonical_token`) are in :mod:`sanctions_check.names.lexicon`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.names.boundforms import bound_forms
from sanctions_check.names.countries import country_code
from sanctions_check.names.lexicon import legal_form_phrases, legal_forms, stopwords, titles
from sanctions_check.names.scripts import clean, segment_tokens
from sanctions_check.names.turkish import turkish_reading

MAX_QUERY_CHARS = 400  # longer "names" are refused as unusable (they are not names)
MAX_TOKENS = 24  # tokens beyond this are dropped (keeps every comparison bounded)
_SPLIT_SEGMENTS_RE = re.compile(r"[,;/]")


# --------------------------------------------------------------------------- normalisation
@dataclass(frozen=True)
class NormalisedName:
    """A name ready for comparison."""

    original: str
    kind: str | None
    tokens: tuple[str, ...]
    scripts: tuple[str, ...]  # the script each token was written in: latin, arabic, hangul...
    titles: tuple[str, ...] = ()  # removed titles / honorifics
    bracketed: tuple[tuple[str, ...], ...] = ()  # token lists of bracketed parts, e.g. acronyms
    weak: tuple[str, ...] = ()  # tokens that prove little: particles, legal forms (orgs)
    main_text: str = ""  # the text outside brackets, as written
    bracketed_text: tuple[str, ...] = ()  # the text of each bracketed part, as written

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def script(self) -> str:
        """The name's script: one script name, ``mixed`` or ``none``."""
        found = {s for s in self.scripts if s != "common"}
        if not found:
            return "latin" if self.tokens else "none"
        return found.pop() if len(found) == 1 else "mixed"


Segments = list[list[tuple[str, str]]]


@functools.lru_cache(maxsize=100_000)
def normalise_name(text: str, kind: str | None = None) -> NormalisedName:
    """Normalise a list name or query (see the module docstring for the steps)."""
    return _normalise(text, kind)


def reread_person(text: str, reread: Callable[[Segments], Segments]) -> tuple[str, ...]:
    """A person's name tokens as :func:`normalise_name` gives them, with ``reread`` applied to
    its comma parts' (token, script) pairs before titles are removed and bound forms joined
    (the readings a date of birth vouches for: :mod:`sanctions_check.names.vouchedforms`)."""
    return _normalise(text, PERSON, reread).tokens


def _normalise(text: str, kind: str | None,
               reread: Callable[[Segments], Segments] | None = None) -> NormalisedName:
    if not isinstance(text, str):
        raise TypeError(f"name must be a string, not {type(text).__name__}")
    original = text
    text = clean(text[: MAX_QUERY_CHARS * 4])
    main, parts = split_brackets(text)
    if kind != ORG:
        main = turkish_reading(main)  # Turkish c as j... where the name shows the orthography
    bracketed: list[tuple[str, ...]] = []
    bracketed_text: list[str] = []
    places: list[list[tuple[str, str]]] = []
    for part in parts:
        for piece in part.split(";"):
            pairs = segment_tokens(piece)
            inner = tuple(t for t, _ in pairs)
            if inner and kind == ORG and country_code(" ".join(inner)) is not None:
                places.append(pairs)  # "(Hong Kong)": part of the organisation's name
            elif inner:
                bracketed.append(inner)
                bracketed_text.append(" ".join(piece.split()))
    segments = [segment_tokens(seg) for seg in _SPLIT_SEGMENTS_RE.split(main)] + places
    if reread is not None and any(segments):
        segments = reread(segments)
    main_text = " ".join(main.replace(" , ", " ").split()).strip(" ,;")
    if not any(segments) and bracketed:  # the name is only a bracketed part: use it
        segments = [[(t, "latin") for t in bracketed[0]]]
        bracketed, main_text = bracketed[1:], bracketed_text[0]
        bracketed_text = bracketed_text[1:]
    removed: list[str] = []
    if kind != ORG:
        segments = _person_parts(segments, removed)
    flat = [pair for seg in segments for pair in seg]
    if kind == ORG:
        flat = _generic_legal_forms(flat)
    flat = flat[:MAX_TOKENS]
    toks = tuple(t for t, _ in flat)
    weak_set = stopwords() | legal_forms() if kind == ORG else stopwords()
    return NormalisedName(
        original=original,
        kind=kind,
        tokens=toks,
        scripts=tuple(s for _, s in flat),
        titles=tuple(removed),
        bracketed=tuple(bracketed),
        main_text=main_text,
        bracketed_text=tuple(bracketed_text),
        weak=tuple(t for t in toks if t in weak_set),
    )


def _person_parts(segments: Segments, removed: list[str]) -> Segments:
    """Steps 5 and 6 of a person's comma parts: leading titles removed (into ``removed``)
    while a token remains, then bound forms joined."""
    title_set = titles()
    remaining = sum(len(s) for s in segments)
    for seg in segments:
        while seg and remaining > 1 and seg[0][0] in title_set:
            removed.append(seg.pop(0)[0])
            remaining -= 1
    return [bound_forms(seg) for seg in segments]


def _generic_legal_forms(flat: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Written legal forms read as their generic form, longest first (see step 6)."""
    table, longest = legal_form_phrases()
    out: list[tuple[str, str]] = []
    i, n = 0, len(flat)
    while i < n:
        for size in range(min(longest, n - i), 0, -1):
            got = table.get(tuple(t for t, _ in flat[i : i + size]))
            if got is not None and (not got[1] or i == 0 or i + size == n) and size < n:
                out.append((got[0], flat[i][1]))
                i += size
                break
        else:
            out.append(flat[i])
            i += 1
    return out


_BRACKETS = frozenset("([{)]}")


def split_brackets(text: str) -> tuple[str, list[str]]:
    """Split text into its unbracketed part and its top-level bracketed parts.

    Nested brackets inside a bracketed part are annotations and are dropped:
    ``"A (B; C (original script)) D"`` -> ``("A , D", ["B; C "])``.
    """
    if _BRACKETS.isdisjoint(text):
        return text, []
    main: list[str] = []
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            if depth == 1:
                current = []
                main.append(" , ")
            continue
        if ch in ")]}":
            if depth == 1:
                parts.append("".join(current))
            depth = max(0, depth - 1)
            continue
        if depth == 0:
            main.append(ch)
        elif depth == 1:
            current.append(ch)
    if depth >= 1:
        parts.append("".join(current))
    return "".join(main), parts


def tokens(text: str, kind: str | None = None) -> tuple[str, ...]:
    """The comparison tokens of a text (shortcut for ``normalise_name(text).tokens``)."""
    return normalise_name(text, kind).tokens


def unusable_reason(text: object, kind: str | None = None) -> str | None:
    """Why a query cannot be screened, or None when it can."""
    if not isinstance(text, str):
        return "not text"
    if not text.strip():
        return "empty name"
    if len(text) > MAX_QUERY_CHARS:
        return f"too long for a name ({len(text)} characters; at most {MAX_QUERY_CHARS})"
    norm = normalise_name(text, kind)
    if not norm.tokens:
        return "no letters or digits (only punctuation, symbols or emoji)"
    if all(t in titles() for t in norm.tokens):
        return "only titles or honorifics"
    if all(t in stopwords() for t in norm.tokens):
        return "only particles or connecting words"
    if sum(len(t) for t in norm.tokens) < 2:
        return "too short to screen (a single letter)"
    return None
