"""Tokens, sentences and reference word lists of news text: the first stage of the extractor.

Contract: :func:`tokenise` splits a text into :class:`Tok` tokens (character offsets kept,
possessives and "-linked"-style suffixes cut off, datelines / bylines marked) and
:class:`Sent` sentences (:func:`paragraphs`, :func:`sentences`); :func:`is_acronym` tells
acronyms from capitalised words.  Reference words come from
``sanctions_check/data/news_*.txt`` (:func:`word_list`, :func:`places`,
:func:`place_tokens`).  :mod:`sanctions_check.news.spans` finds and classifies the
capitalised spans; :mod:`sanctions_check.news.extract` turns them into entities.  Helpers for
other passes: :func:`furniture_spans` (datelines, bylines), :func:`sentence_finder`,
:func:`sentence_at`, :func:`name_key`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sanctions_check.names.datafiles import data_lines

# --------------------------------------------------------------------------- data


@functools.cache
def word_list(name: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in data_lines(name))


@functools.cache
def places() -> frozenset[str]:
    """Every place and demonym, as whole names and as single words."""
    return word_list("news_places.txt") | word_list("news_demonyms.txt")


@functools.cache
def place_tokens() -> frozenset[str]:
    out: set[str] = set()
    for name in places():
        out.update(name.replace("-", " ").split())
    return frozenset(out - {"of", "the", "and"})


PARTICLES = frozenset(
    "al el ul ad as ash an ar at az ibn bin bint ben wa wal ag ould de da das dos du des del "
    "della di la le van von der den ter ten zu y e".split()
)
PREFIXES = ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-", "wal-", "bin-", "ibn-")
CONNECTORS = frozenset({"of", "for", "and", "in", "on", "de", "du", "des", "&"})
ALIAS_CUES = ("known as", "alias", "a.k.a.", "aka", "nicknamed", "also called")
ADJ_SUFFIX = re.compile(
    r"^(.+?)-(linked|based|led|backed|held|run|owned|affiliated|aligned|allied|occupied|"
    r"controlled|funded|sponsored|born|style|inspired|designated|dominated)$",
    re.IGNORECASE,
)
TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.N., U.S., a.k.a.
    r"|[A-Z]\.(?=[ \t]+[A-Z])"  # a middle initial: "Sergei V. Lavrov"
    r"|\d+(?:[.,]\d+)*"  # numbers
    r"|[^\W\d_](?:\w|['’‘`\-](?=\w))*"  # words with inner hyphens and apostrophes (‘ ` for ayn)
    r"|[^\w\s]",  # punctuation, one character at a time
)
ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9]|[A-Z]{2,}[a-z]")
SENT_END = re.compile(r"[.!?][\"”’')\]]*$")
MONTH_RE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d", re.IGNORECASE
)
# patterns of the functions below, compiled once (re's own cache of 512 patterns is shared
# with the patterns a feed's names make, which push these out of it)
DOTTED_RE = re.compile(r"(?:[A-Z]\.){2,}")
LINE_RE = re.compile(r"[^\n]+")
ENDS_DOTTED_RE = re.compile(r"\s(?:[A-Z]\.){2,}$")
SENT_BREAK_RE = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
LAST_WORD_RE = re.compile(r"\S+$")
ABBREVIATION_RE = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Z][a-z]{0,3}\.|[A-Z]\.")
INNER_END_RE = re.compile(r"[a-z]{2}[.!?]\s+[A-Z]")
HEAD_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
BYLINE_RE = re.compile(r"\s*by\b", re.IGNORECASE)
DATELINE_RE = re.compile(r"\s*[A-Z][A-Z\-'. ]{2,}(?:\([^)]*\))?,?[^\n]{0,80}?\s[-–—]\s")
QUOTES_RE = re.compile("[’‘`]")
HYPHENS_RE = re.compile(r"[\-‐‑]")
HEADLINE_SMALL = frozenset({"a", "an", "the", "of", "in", "on", "at", "for", "to", "and", "or",
                            "with", "over", "from", "by", "as", "vs", "amid", "after", "is",
                            "are"})  # fmt: skip



# --------------------------------------------------------------------------- tokens


@dataclass(eq=False, slots=True)
class Tok:
    """A token (made by :func:`tokenise` with its final text, its case-folded form and
    whether it counts as capitalised, :func:`cap_word`)."""

    text: str
    start: int
    end: int
    sent: int  # sentence index
    para: int
    skip: bool = False  # dateline, byline, headline
    possessive: bool = False
    adjectival: bool = False  # "Qaeda-linked": the stem ends a name
    low: str = ""  # the text case-folded
    is_cap: bool = False

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


@functools.lru_cache(maxsize=100_000)
def cap_word(t: str) -> bool:
    """A capitalised word, or a particle-prefixed one ("al-Shabaab")."""
    if not t[:1].isalpha():
        return False
    if t[0].isupper():
        return True
    if "-" not in t:
        return False
    low = t.casefold()
    return any(low.startswith(p) and len(t) > len(p) and t[len(p)].isupper() for p in PREFIXES)


@functools.lru_cache(maxsize=100_000)
def token_facts(word: str) -> tuple[str, bool, bool, str, bool]:
    """What a token's spelling alone decides (cached per spelling: news repeats its words):
    its text with a possessive ("Kashlaf's") or an "-linked"-style suffix ("Qaeda-linked")
    cut off, whether either was, the text case-folded and :func:`cap_word` of it."""
    possessive = adjectival = False
    if word.endswith(("'s", "’s")) and len(word) > 2:  # (tokens hold no newline)
        word = word[:-2]
        possessive = True
    adj = ADJ_SUFFIX.match(word) if "-" in word and not possessive else None
    if adj:  # "Qaeda-linked"
        word = adj.group(1)
        adjectival = True
    return word, possessive, adjectival, word.casefold(), cap_word(word)


def is_acronym(text: str) -> bool:
    t = text.replace(".", "") if DOTTED_RE.fullmatch(text) else text
    if not ACRONYM_RE.fullmatch(t):
        return False
    caps = sum(ch.isupper() for ch in t)
    if caps < 2 and not (caps == 1 and any(ch.isdigit() for ch in t)):  # "M23"
        return False
    low = t.casefold()
    return low not in word_list("news_not_names.txt") and low not in word_list(
        "news_not_acronyms.txt"
    )


@dataclass(frozen=True)
class Sent:
    start: int
    end: int
    para: int


@functools.lru_cache(maxsize=4)
def paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    """Line ranges; a long line cut after an abbreviation ("... against U.N.") continues on
    the next line (scraped pages break paragraphs there).  Cached for the last few texts
    (with :func:`sentences` and :func:`furniture_spans`): the extractor, the list-driven
    pass and the merge of one item all ask."""
    out: list[tuple[int, int]] = []
    for m in LINE_RE.finditer(text):
        if not m.group().strip():
            continue
        if out:
            s, e = out[-1]
            prev = text[s:e].rstrip()
            if len(prev) > 80 and ENDS_DOTTED_RE.search(prev) and m.group()[:1].isupper():
                out[-1] = (s, m.end())
                continue
        out.append((m.start(), m.end()))
    return tuple(out)


@functools.lru_cache(maxsize=4)
def sentences(text: str) -> tuple[Sent, ...]:
    """Sentence spans: paragraphs (lines) split after . ! ? unless an abbreviation precedes
    (cached for the last few texts, see :func:`paragraphs`)."""
    out: list[Sent] = []
    for para, (p_start, p_end) in enumerate(paragraphs(text)):
        line_start = p_start
        line = text[p_start:p_end]
        pos = 0
        for sm in SENT_BREAK_RE.finditer(line):
            last = LAST_WORD_RE.search(line[max(0, sm.start() - 40) : sm.start() + 1])
            before = last.group() if last else ""
            if ABBREVIATION_RE.fullmatch(before):
                continue  # U.N. Security Council, Mr. Smith, Gen. X, J. Smith
            end = sm.start() + len(sm.group().rstrip())
            if line[pos:end].strip():
                out.append(Sent(line_start + pos, line_start + end, para))
            pos = sm.end()
        if line[pos:].strip():
            out.append(Sent(line_start + pos, line_start + len(line), para))
    return tuple(out)


def is_headline(line: str) -> bool:
    """A title-case line (headline, related-story link, section heading)."""
    stripped = line.strip()
    if len(stripped) > 200 or SENT_END.search(stripped) and not stripped.endswith("..."):
        return False
    if INNER_END_RE.search(stripped):
        return False  # a sentence ends inside: a caption or a paragraph, not a headline
    words = [w for w in HEAD_WORD_RE.findall(stripped) if w.casefold() not in HEADLINE_SMALL]
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.8 and caps >= 2 + (len(words) > 3)


@functools.lru_cache(maxsize=4)
def furniture_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character ranges of bylines ("By ...") and datelines ("MOGADISHU, Oct 14 - "): no
    names are taken from them (cached for the last few texts, see :func:`paragraphs`)."""
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        line = text[p_start:p_end]
        if BYLINE_RE.match(line) and len(line) < 120:
            out.append((p_start, p_end))
        dm = DATELINE_RE.match(line)
        if dm and (MONTH_RE.search(dm.group()) or "(" in dm.group()):
            out.append((p_start, p_start + dm.end()))
    return tuple(out)


def tokenise(text: str) -> tuple[list[Tok], tuple[Sent, ...], set[int]]:
    sents = sentences(text)
    toks: list[Tok] = []
    if not sents:
        return toks, sents, set()
    headline_paras: set[int] = set()
    for para, (p_start, p_end) in enumerate(paragraphs(text)):
        if is_headline(text[p_start:p_end].split("©")[0]):
            headline_paras.add(para)
    skipped = bytearray(len(text) + 1)  # 1 inside a dateline or byline
    for a, b in furniture_spans(text):
        skipped[a:b] = b"\x01" * (b - a)
    si, last = 0, len(sents) - 1
    sent_end, para = sents[0].end, sents[0].para
    for tm in TOKEN_RE.finditer(text):
        start = tm.start()
        while si < last and start >= sent_end:
            si += 1
            sent_end, para = sents[si].end, sents[si].para
        word, possessive, adjectival, low, cap = token_facts(tm.group())
        toks.append(Tok(word, start, start + len(word), si, para, skipped[start] == 1, possessive,
                        adjectival, low, cap))  # fmt: skip
    return toks, sents, headline_paras


# --------------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=100_000)
def name_key(text: str) -> str:
    """A name's key: case-folded, apostrophes one kind, hyphens as spaces (cached)."""
    text = QUOTES_RE.sub("'", text.casefold())
    text = HYPHENS_RE.sub(" ", text)
    return " ".join(text.split())



def sentence_finder(text: str) -> Callable[[int], str]:
    """A function giving the sentence of ``text`` around a character position (for
    mentions found by other passes); the sentences are split once."""
    sents = sentences(text)
    starts = [s.start for s in sents]
    return lambda pos: sentence_at(text, sents, pos, starts)


MAX_SENTENCE_CHARS = 600  # longer "sentences" (lists, run-on text) are cut around the name


def sentence_at(
    text: str, sents: Sequence[Sent], pos: int, starts: list[int] | None = None
) -> str:
    """The sentence containing ``pos``, whitespace collapsed (a window of it if very long)."""
    starts = starts if starts is not None else [s.start for s in sents]
    k = bisect.bisect_right(starts, pos) - 1
    if k < 0 or pos >= sents[k].end:
        return ""
    start, end = sents[k].start, sents[k].end
    if end - start > MAX_SENTENCE_CHARS:
        half = MAX_SENTENCE_CHARS // 2
        lo, hi = max(start, pos - half), min(end, pos + half)
        return ("… " if lo > start else "") + " ".join(text[lo:hi].split()) + (
            " …" if hi < end else ""
        )
    return " ".join(text[start:end].split())


