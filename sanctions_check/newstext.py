"""Tokens, sentences and capitalised spans of news text: the first stage of the extractor.

Contract: :func:`tokenise` splits a text into :class:`Tok` tokens (character offsets kept,
possessives and "-linked"-style suffixes cut off, datelines / bylines marked) and
:class:`Sent` sentences; :func:`build_spans` finds runs of capitalised words (with
particles and organisation connectors) and :func:`classify` decides what each run is:
a person, an organisation, a one-word name to be linked later ("single") or no name.
:mod:`sanctions_check.extract` turns the spans into entities.  Reference words come from
``sanctions_check/data/news_*.txt`` (:func:`word_list`).  Helpers for other passes:
:func:`furniture_spans` (datelines, bylines), :func:`sentence_finder`, :func:`name_key`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources

from sanctions_check.entries import ORG, PERSON

# --------------------------------------------------------------------------- data


def data_file(name: str) -> list[str]:
    text = resources.files("sanctions_check").joinpath("data", name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@functools.cache
def word_list(name: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in data_file(name))


@functools.cache
def places() -> frozenset[str]:
    """Every place and demonym, as whole names and as single words."""
    return frozenset(w.casefold() for w in data_file("news_places.txt")) | word_list(
        "news_demonyms.txt"
    )


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
    r"|[^\W\d_](?:\w|['’\-](?=\w))*"  # words with inner hyphens and apostrophes
    r"|[^\w\s]",  # punctuation, one character at a time
)
ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9]|[A-Z]{2,}[a-z]")
SENT_END = re.compile(r"[.!?][\"”’')\]]*$")
MONTH_RE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d", re.IGNORECASE
)



# --------------------------------------------------------------------------- tokens


@dataclass(eq=False)
class Tok:
    text: str
    start: int
    end: int
    sent: int  # sentence index
    para: int
    skip: bool = False  # dateline, byline, headline
    possessive: bool = False
    adjectival: bool = False  # "Qaeda-linked": the stem ends a name

    @property
    def low(self) -> str:
        return self.text.casefold()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_cap(self) -> bool:
        t = self.text
        if not t[:1].isalpha():
            return False
        if t[0].isupper():
            return True
        if "-" not in t:
            return False
        low = t.casefold()
        return any(low.startswith(p) and len(t) > len(p) and t[len(p)].isupper() for p in PREFIXES)


def is_acronym(text: str) -> bool:
    t = text.replace(".", "") if re.fullmatch(r"(?:[A-Z]\.){2,}", text) else text
    if not ACRONYM_RE.fullmatch(t):
        return False
    caps = sum(ch.isupper() for ch in t)
    if caps < 2 and not (caps == 1 and any(ch.isdigit() for ch in t)):  # "M23"
        return False
    low = t.casefold()
    return low not in word_list("news_not_names.txt") and low not in word_list(
        "news_not_acronyms.txt"
    )


@dataclass
class Sent:
    start: int
    end: int
    para: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Line ranges; a long line cut after an abbreviation ("... against U.N.") continues on
    the next line (scraped pages break paragraphs there)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text):
        if not m.group().strip():
            continue
        if out:
            s, e = out[-1]
            prev = text[s:e].rstrip()
            if len(prev) > 80 and re.search(r"\s(?:[A-Z]\.){2,}$", prev) and m.group()[:1].isupper():
                out[-1] = (s, m.end())
                continue
        out.append((m.start(), m.end()))
    return out


def sentences(text: str) -> list[Sent]:
    """Sentence spans: paragraphs (lines) split after . ! ? unless an abbreviation precedes."""
    out: list[Sent] = []
    for para, (p_start, p_end) in enumerate(paragraphs(text)):
        line_start = p_start
        line = text[p_start:p_end]
        pos = 0
        for sm in re.finditer(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(]?[A-Z0-9])", line):
            last = re.search(r"\S+$", line[max(0, sm.start() - 40) : sm.start() + 1])
            before = last.group() if last else ""
            if re.fullmatch(r"(?:[A-Za-z]\.){2,}|[A-Z][a-z]{0,3}\.|[A-Z]\.", before):
                continue  # U.N. Security Council, Mr. Smith, Gen. X, J. Smith
            end = sm.start() + len(sm.group().rstrip())
            if line[pos:end].strip():
                out.append(Sent(line_start + pos, line_start + end, para))
            pos = sm.end()
        if line[pos:].strip():
            out.append(Sent(line_start + pos, line_start + len(line), para))
    return out


def is_headline(line: str) -> bool:
    """A title-case line (headline, related-story link, section heading)."""
    stripped = line.strip()
    if len(stripped) > 200 or SENT_END.search(stripped) and not stripped.endswith("..."):
        return False
    small = {"a", "an", "the", "of", "in", "on", "at", "for", "to", "and", "or", "with", "over",
             "from", "by", "as", "vs", "amid", "after", "is", "are"}  # fmt: skip
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", stripped) if w.casefold() not in small]
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.8 and caps >= 2 + (len(words) > 3)


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of bylines ("By ...") and datelines ("MOGADISHU, Oct 14 - "): no
    names are taken from them."""
    out: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        line = text[p_start:p_end]
        if re.match(r"\s*by\b", line, re.IGNORECASE) and len(line) < 120:
            out.append((p_start, p_end))
        dm = re.match(r"\s*[A-Z][A-Z\-'. ]{2,}(?:\([^)]*\))?,?[^\n]{0,80}?\s[-–—]\s", line)
        if dm and (MONTH_RE.search(dm.group()) or "(" in dm.group()):
            out.append((p_start, p_start + dm.end()))
    return out


def tokenise(text: str) -> tuple[list[Tok], list[Sent], set[int]]:
    sents = sentences(text)
    toks: list[Tok] = []
    headline_paras: set[int] = set()
    for para, (p_start, p_end) in enumerate(paragraphs(text)):
        if is_headline(text[p_start:p_end].split("©")[0]):
            headline_paras.add(para)
    skip_ranges = furniture_spans(text)
    si = 0
    for tm in TOKEN_RE.finditer(text):
        while si < len(sents) - 1 and tm.start() >= sents[si].end:
            si += 1
        if not sents:
            break
        sent = sents[si]
        tok = Tok(tm.group(), tm.start(), tm.end(), si, sent.para)
        if any(a <= tok.start < b for a, b in skip_ranges):
            tok.skip = True
        if re.search(r"['’]s$", tok.text) and len(tok.text) > 2:
            tok.text = tok.text[:-2]
            tok.end -= 2
            tok.possessive = True
        adj = ADJ_SUFFIX.match(tok.text)
        if adj and not tok.possessive:
            tok.text = adj.group(1)
            tok.end = tok.start + len(tok.text)
            tok.adjectival = True
        toks.append(tok)
    return toks, sents, headline_paras


# --------------------------------------------------------------------------- spans


@dataclass
class Span:
    toks: list[Tok]
    after: int  # index of the first token after the span
    before: int  # index of the token before the span (-1 if none)
    has_the: bool = False
    kind: str | None = None
    context: str = ""
    sentence_initial: bool = False
    credit: bool = False
    suffix_words: list[Tok] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return (self.suffix_words or self.toks)[-1].end

    def words(self) -> list[str]:
        return [t.text for t in self.toks]


def has_cue(toks: Iterable[Tok]) -> bool:
    cues = word_list("news_org_cues.txt")
    return any(t.is_cap and t.low in cues for t in toks)


def build_spans(toks: list[Tok], headline_paras: set[int]) -> list[Span]:
    spans: list[Span] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if t.skip or t.para in headline_paras or not (
            t.is_cap or (t.low in ("al", "el") and i + 1 < n and toks[i + 1].is_cap)
        ):
            i += 1
            continue
        j = i
        cur = [t]
        while not (cur[-1].possessive or cur[-1].adjectival):
            k = j + 1
            if k >= n or toks[k].skip or toks[k].sent != t.sent:
                break
            nxt = toks[k]
            if nxt.is_cap:
                cur.append(nxt)
                j = k
                continue
            if nxt.text.isdigit() and has_cue(cur) and len(nxt.text) <= 4:
                cur.append(nxt)  # "Detachment 88"
                j = k
                break
            if nxt.low in PARTICLES:  # "bin Laden", "von der Leyen": particles then a name
                m = k
                while m < n and m - k < 3 and toks[m].low in PARTICLES and toks[m].sent == t.sent:
                    m += 1
                if m < n and m - k <= 2 and toks[m].is_cap and toks[m].sent == t.sent:
                    cur.extend(toks[k : m + 1])
                    j = m
                    continue
            # "of"/"for"/"in" join after a cue word ("Ministry of Foreign Affairs"); "and"
            # also after one cue-less word ("Propaganda and Agitation Department")
            if nxt.low in CONNECTORS and (
                has_cue(cur) or (nxt.low in ("and", "&") and len(cur) == 1)
            ):
                m = k + 1
                if m < n and toks[m].low == "the" and nxt.low != "and":
                    m += 1
                if (
                    m < n
                    and toks[m].is_cap
                    and toks[m].sent == t.sent
                    and toks[m].low not in word_list("news_not_names.txt")
                    and (nxt.low != "in" or cur[-1].low in word_list("news_org_in_heads.txt"))
                ):
                    left_complete = cur[-1].low in word_list("news_org_cues.txt")
                    if nxt.low == "and" and left_complete:
                        break  # "Korea Ryonbong General Corporation and ..."
                    rest = [toks[m]]
                    q = m + 1
                    while q < n and toks[q].is_cap and toks[q].sent == t.sent:
                        rest.append(toks[q])
                        if toks[q].possessive:
                            break
                        q += 1
                    if nxt.low == "and" and not has_cue(rest):
                        break
                    cur.extend(toks[k:m])
                    j = m - 1
                    continue
            break
        before = i - 1
        span = Span(cur, j + 1, before)
        spans.append(span)
        i = j + 1
    return spans


def clean_span(span: Span, toks: list[Tok]) -> Span | None:
    """Strip leading function words and connectors; decide sentence-initial; None if empty."""
    not_names = word_list("news_not_names.txt")
    words = span.toks
    first = span.before + 1
    while toks[first] is not words[0]:
        first += 1
    sent_first = first_word_index(toks, words[0], first)
    span.sentence_initial = sent_first
    while words and (words[0].low in not_names or words[0].low in CONNECTORS):
        if "." in words[0].text and len(words) > 1 and words[1].is_cap:
            break  # "U.N. Security Council", "U.S. State Department"
        if words[0].low == "the":
            span.has_the = True
        words = words[1:]
        span.sentence_initial = False
    while words and (words[-1].low in CONNECTORS or words[-1].low in PARTICLES):
        words = words[:-1]
    if not words:
        return None
    span.toks = words
    b = span.before
    while b >= 0 and toks[b].text in ("“", '"', "‘"):
        b -= 1
    if b >= 0 and toks[b].low == "the":
        span.has_the = True
    if b >= 0 and toks[b].text == "©" or (b >= 1 and toks[b].text.isdigit() and toks[b - 1].text == "©"):
        span.credit = True
    return span


def first_word_index(toks: list[Tok], tok: Tok, idx: int) -> bool:
    """True when ``tok`` (``toks[idx]``) is the first word of its sentence (after quotes)."""
    k = idx - 1
    while k >= 0 and toks[k].sent == tok.sent:
        if toks[k].is_word:
            return False
        k -= 1
    return True


def next_word(toks: list[Tok], idx: int) -> Tok | None:
    return toks[idx] if 0 <= idx < len(toks) else None


def is_place_span(span: Span, toks: list[Tok]) -> bool:
    words = span.words()
    low = " ".join(w.casefold() for w in words)
    place_set = place_tokens()
    compass = word_list("news_compass.txt")
    if low in places():
        return True
    if all(w.casefold() in place_set or w.casefold() in compass for w in words):
        return True
    if has_cue(span.toks):
        return False
    if words[-1].casefold() in word_list("news_place_suffixes.txt") and len(words) > 1:
        return True
    nxt = next_word(toks, span.after)
    if nxt is not None and nxt.low in word_list("news_place_markers.txt") and nxt.sent == span.toks[0].sent:
        return True
    if len(words) == 2 and words[0].casefold() in compass:
        return True
    prev = next_word(toks, span.before)
    if prev is not None and prev.low in word_list("news_place_prepositions.txt") and not span.context:
        return True
    if prev is not None and prev.low == "of" and span.before >= 1:
        if toks[span.before - 1].low in compass:
            return True  # "north of Adale"
    return False


def strip_titles(span: Span) -> None:
    """Remove leading titles/roles (and nationality words before them) from a person span."""
    titles = word_list("news_titles.txt")
    place_set = place_tokens()
    words = span.toks
    last_title = -1
    for k, w in enumerate(words[:-1]):
        if w.low in titles:
            last_title = k
        elif w.low in place_set or w.low in word_list("news_compass.txt"):
            continue
        else:
            break
    if last_title >= 0:
        span.context = " ".join(t.text for t in words[: last_title + 1])
        span.toks = words[last_title + 1 :]


def classify(span: Span, toks: list[Tok]) -> None:
    """Set span.kind to person / org / None (not a name) / 'single' (decide later)."""
    nxt = next_word(toks, span.after)
    same = nxt is not None and nxt.sent == span.toks[0].sent and not span.toks[-1].possessive
    if span.credit:
        span.kind = ORG
        return
    if same and nxt is not None and nxt.low in word_list("news_org_suffixes.txt"):
        span.suffix_words = [nxt]
        span.kind = ORG
        return
    if len(span.toks) == 1 and is_acronym(span.toks[0].text):
        span.kind = None if span.toks[0].low in place_tokens() else ORG  # "UAE" is a place
        return
    # a name defined by an acronym in brackets: "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"
    if (
        same
        and nxt is not None
        and nxt.text == "("
        and span.after + 2 < len(toks)
        and toks[span.after + 2].text == ")"
        and is_acronym(toks[span.after + 1].text)
        and len(span.toks) > 1
        and not is_place_span(span, toks)
    ):
        span.kind = ORG
        return
    if any(t.text == "&" for t in span.toks):
        span.kind = ORG  # "Johnson & Johnson", "Ernst & Young"
        return
    if len(span.toks) == 1 and span.toks[0].low in word_list("news_org_cues.txt"):
        span.kind = None  # "Ministry", "the Council": a generic word alone
        return
    if has_cue(span.toks):
        span.kind = ORG
        return
    if is_place_span(span, toks):
        span.kind = None
        return
    if same and nxt is not None and nxt.low in word_list("news_org_markers.txt"):
        span.kind = ORG
        if span.before >= 0 and toks[span.before].text.isdigit():
            span.toks.insert(0, toks[span.before])  # "the 5 Segonn gang", "400 Mawozo gang"
        return
    if span.toks[-1].adjectival and span.toks[-1].low not in place_tokens():
        span.kind = ORG  # "an al Qaeda-linked group"
        return
    if span.has_the:
        span.kind = ORG
        return
    titles = word_list("news_titles.txt")
    if all(t.low in titles or t.low in place_tokens() for t in span.toks):
        span.kind = None  # "Russian President"
        return
    strip_titles(span)
    if len(span.toks) == 1:
        span.kind = PERSON if span.context else "single"
        return
    not_names = word_list("news_not_names.txt")
    not_acronyms = word_list("news_not_acronyms.txt")
    if (
        any(t.low in not_names for t in span.toks)
        or any(t.text.isupper() and t.low in not_acronyms for t in span.toks)  # "10 AM GMT"
        or len(span.toks) > 6
    ):
        span.kind = None
        return
    span.kind = PERSON



# --------------------------------------------------------------------------- helpers


def name_key(text: str) -> str:
    text = text.casefold().replace("’", "'")
    text = re.sub(r"[\-‐‑]", " ", text)
    return " ".join(text.split())



def sentence_finder(text: str) -> Callable[[int], str]:
    """A function giving the sentence of ``text`` around a character position (for
    mentions found by other passes); the sentences are split once."""
    sents = sentences(text)
    starts = [s.start for s in sents]
    return lambda pos: sentence_at(text, sents, pos, starts)


MAX_SENTENCE_CHARS = 600  # longer "sentences" (lists, run-on text) are cut around the name


def sentence_at(
    text: str, sents: list[Sent], pos: int, starts: list[int] | None = None
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


