"""Find the persons and organisations named in a news text (built-in, rule-based extractor).

Contract: :func:`extract` takes plain text and returns :class:`Entity` objects, one per
person or organisation named in it, each with every :class:`Mention` (character
offsets into the text, surface form as written, the sentence around it).  ``Entity.name``
is the fullest form written in the text ("Sergei Shoigu" for "Russian Defense Minister
Sergei Shoigu ... Shoigu"); ``context`` keeps the stripped titles and roles; ``aliases``
holds acronyms defined in the text ("(KOMID)") and names given with "known as" / "alias".
No model is downloaded; the optional spaCy backend (:func:`extract_spacy`) is used only
when spaCy and an English model are installed.

Rules (reference words live in ``sanctions_check/data/news_*.txt``):

* A name is a run of capitalised words, with lower-case particles (al, bin, ibn, de, van,
  von ...) and ``al-``/``wal-`` prefixed words inside; hyphenated given names (Kim
  Jong-un) and apostrophes (Vitel'Homme) stay in one word; possessives are stripped.
* Organisations: a capitalised cue word (Bank, Ministry, Council, Front, Army...), a
  following "network"/"movement"/"mission", a marker word after the name ("gang",
  "militia", "fighters"), "the X" for a one-word name, an acronym (ECOWAS, M23), a
  name defined with an acronym in brackets, or a photo credit after "©".  Connectors
  "of", "for", "in", "and" join organisation names ("Ministry of Foreign Affairs").
* Not names: sentence-initial common words, days, months, places used as places
  (gazetteer, "in X", "X region", "Yellow Sea", compass + place), datelines
  ("MOGADISHU, Oct 14 -"), bylines ("By ..."), title-case headline lines (only names
  already known from the body are taken from them).
* A later one-word or shorter mention (surname "Shoigu", Korean family name "Kim",
  "Abu Ubaidah", a defined acronym, an alias) is linked to the full name.
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


def _data_file(name: str) -> list[str]:
    text = resources.files("sanctions_check").joinpath("data", name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@functools.cache
def _words(name: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _data_file(name))


@functools.cache
def _places() -> frozenset[str]:
    """Every place and demonym, as whole names and as single words."""
    return frozenset(w.casefold() for w in _data_file("news_places.txt")) | _words(
        "news_demonyms.txt"
    )


@functools.cache
def _place_tokens() -> frozenset[str]:
    out: set[str] = set()
    for name in _places():
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
    r"|\d+(?:[.,]\d+)*"  # numbers
    r"|[^\W\d_](?:\w|['’\-](?=\w))*"  # words with inner hyphens and apostrophes
    r"|[^\w\s]",  # punctuation, one character at a time
)
ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9]|[A-Z]{2,}[a-z]")
SENT_END = re.compile(r"[.!?][\"”’')\]]*$")
MONTH_RE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d", re.IGNORECASE
)


@dataclass(frozen=True)
class Mention:
    """One occurrence of a name: surface text as written, offsets, and its sentence."""

    text: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Entity:
    """A person or organisation named in a text, with every mention of it."""

    name: str  # fullest form as written
    kind: str  # "person" | "org"
    mentions: tuple[Mention, ...]
    aliases: tuple[str, ...] = ()
    context: str = ""  # titles / roles stripped from the name
    origin: str = "builtin"  # builtin | spacy | listscan | merged
    #: forms found by the list-driven pass, each with the only references it may confirm
    list_forms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def first(self) -> Mention:
        full = [m for m in self.mentions if " ".join(m.text.split()) == self.name]
        return (full or list(self.mentions))[0]

    @property
    def start(self) -> int:
        return self.first.start

    @property
    def end(self) -> int:
        return self.first.end

    @property
    def sentence(self) -> str:
        return self.first.sentence


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


def _is_acronym(text: str) -> bool:
    t = text.replace(".", "") if re.fullmatch(r"(?:[A-Z]\.){2,}", text) else text
    if not ACRONYM_RE.fullmatch(t):
        return False
    caps = sum(ch.isupper() for ch in t)
    if caps < 2 and not (caps == 1 and any(ch.isdigit() for ch in t)):  # "M23"
        return False
    return t.casefold() not in _words("news_not_names.txt")


@dataclass
class _Sent:
    start: int
    end: int
    para: int


def _paragraphs(text: str) -> list[tuple[int, int]]:
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


def _sentences(text: str) -> list[_Sent]:
    """Sentence spans: paragraphs (lines) split after . ! ? unless an abbreviation precedes."""
    out: list[_Sent] = []
    for para, (p_start, p_end) in enumerate(_paragraphs(text)):
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
                out.append(_Sent(line_start + pos, line_start + end, para))
            pos = sm.end()
        if line[pos:].strip():
            out.append(_Sent(line_start + pos, line_start + len(line), para))
    return out


def _is_headline(line: str) -> bool:
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
    for p_start, p_end in _paragraphs(text):
        line = text[p_start:p_end]
        if re.match(r"\s*by\b", line, re.IGNORECASE) and len(line) < 120:
            out.append((p_start, p_end))
        dm = re.match(r"\s*[A-Z][A-Z\-'. ]{2,}(?:\([^)]*\))?,?[^\n]{0,80}?\s[-–—]\s", line)
        if dm and (MONTH_RE.search(dm.group()) or "(" in dm.group()):
            out.append((p_start, p_start + dm.end()))
    return out


def _tokenise(text: str) -> tuple[list[Tok], list[_Sent], set[int]]:
    sents = _sentences(text)
    toks: list[Tok] = []
    headline_paras: set[int] = set()
    for para, (p_start, p_end) in enumerate(_paragraphs(text)):
        if _is_headline(text[p_start:p_end].split("©")[0]):
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
class _Span:
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


def _has_cue(toks: Iterable[Tok]) -> bool:
    cues = _words("news_org_cues.txt")
    return any(t.is_cap and t.low in cues for t in toks)


def _build_spans(toks: list[Tok], headline_paras: set[int]) -> list[_Span]:
    spans: list[_Span] = []
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
            if nxt.text.isdigit() and _has_cue(cur) and len(nxt.text) <= 4:
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
            if nxt.low in CONNECTORS and _has_cue(cur):
                m = k + 1
                if m < n and toks[m].low == "the" and nxt.low != "and":
                    m += 1
                if (
                    m < n
                    and toks[m].is_cap
                    and toks[m].sent == t.sent
                    and toks[m].low not in _words("news_not_names.txt")
                    and (nxt.low != "in" or cur[-1].low in _words("news_org_in_heads.txt"))
                ):
                    left_complete = cur[-1].low in _words("news_org_cues.txt")
                    if nxt.low == "and" and left_complete:
                        break  # "Korea Ryonbong General Corporation and ..."
                    rest = [toks[m]]
                    q = m + 1
                    while q < n and toks[q].is_cap and toks[q].sent == t.sent:
                        rest.append(toks[q])
                        if toks[q].possessive:
                            break
                        q += 1
                    if nxt.low == "and" and not _has_cue(rest):
                        break
                    cur.extend(toks[k:m])
                    j = m - 1
                    continue
            break
        before = i - 1
        span = _Span(cur, j + 1, before)
        spans.append(span)
        i = j + 1
    return spans


def _clean_span(span: _Span, toks: list[Tok]) -> _Span | None:
    """Strip leading function words and connectors; decide sentence-initial; None if empty."""
    not_names = _words("news_not_names.txt")
    words = span.toks
    first = span.before + 1
    while toks[first] is not words[0]:
        first += 1
    sent_first = _first_word_index(toks, words[0], first)
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


def _first_word_index(toks: list[Tok], tok: Tok, idx: int) -> bool:
    """True when ``tok`` (``toks[idx]``) is the first word of its sentence (after quotes)."""
    k = idx - 1
    while k >= 0 and toks[k].sent == tok.sent:
        if toks[k].is_word:
            return False
        k -= 1
    return True


def _next_word(toks: list[Tok], idx: int) -> Tok | None:
    return toks[idx] if 0 <= idx < len(toks) else None


def _is_place_span(span: _Span, toks: list[Tok]) -> bool:
    words = span.words()
    low = " ".join(w.casefold() for w in words)
    place_tokens = _place_tokens()
    compass = _words("news_compass.txt")
    if low in _places():
        return True
    if all(w.casefold() in place_tokens or w.casefold() in compass for w in words):
        return True
    if _has_cue(span.toks):
        return False
    if words[-1].casefold() in _words("news_place_suffixes.txt") and len(words) > 1:
        return True
    nxt = _next_word(toks, span.after)
    if nxt is not None and nxt.low in _words("news_place_markers.txt") and nxt.sent == span.toks[0].sent:
        return True
    if len(words) == 2 and words[0].casefold() in compass:
        return True
    prev = _next_word(toks, span.before)
    if prev is not None and prev.low in _words("news_place_prepositions.txt") and not span.context:
        return True
    if prev is not None and prev.low == "of" and span.before >= 1:
        if toks[span.before - 1].low in compass:
            return True  # "north of Adale"
    return False


def _strip_titles(span: _Span) -> None:
    """Remove leading titles/roles (and nationality words before them) from a person span."""
    titles = _words("news_titles.txt")
    place_tokens = _place_tokens()
    words = span.toks
    last_title = -1
    for k, w in enumerate(words[:-1]):
        if w.low in titles:
            last_title = k
        elif w.low in place_tokens or w.low in _words("news_compass.txt"):
            continue
        else:
            break
    if last_title >= 0:
        span.context = " ".join(t.text for t in words[: last_title + 1])
        span.toks = words[last_title + 1 :]


def _classify(span: _Span, toks: list[Tok]) -> None:
    """Set span.kind to person / org / None (not a name) / 'single' (decide later)."""
    nxt = _next_word(toks, span.after)
    same = nxt is not None and nxt.sent == span.toks[0].sent and not span.toks[-1].possessive
    if span.credit:
        span.kind = ORG
        return
    if same and nxt is not None and nxt.low in _words("news_org_suffixes.txt"):
        span.suffix_words = [nxt]
        span.kind = ORG
        return
    if len(span.toks) == 1 and _is_acronym(span.toks[0].text):
        span.kind = ORG
        return
    # a name defined by an acronym in brackets: "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"
    if (
        same
        and nxt is not None
        and nxt.text == "("
        and span.after + 2 < len(toks)
        and toks[span.after + 2].text == ")"
        and _is_acronym(toks[span.after + 1].text)
        and len(span.toks) > 1
        and not _is_place_span(span, toks)
    ):
        span.kind = ORG
        return
    if len(span.toks) == 1 and span.toks[0].low in _words("news_org_cues.txt"):
        span.kind = None  # "Ministry", "the Council": a generic word alone
        return
    if _has_cue(span.toks):
        span.kind = ORG
        return
    if _is_place_span(span, toks):
        span.kind = None
        return
    if same and nxt is not None and nxt.low in _words("news_org_markers.txt"):
        span.kind = ORG
        if span.before >= 0 and toks[span.before].text.isdigit():
            span.toks.insert(0, toks[span.before])  # "the 5 Segonn gang", "400 Mawozo gang"
        return
    if span.toks[-1].adjectival and span.toks[-1].low not in _place_tokens():
        span.kind = ORG  # "an al Qaeda-linked group"
        return
    if span.has_the:
        span.kind = ORG
        return
    titles = _words("news_titles.txt")
    if all(t.low in titles or t.low in _place_tokens() for t in span.toks):
        span.kind = None  # "Russian President"
        return
    _strip_titles(span)
    if len(span.toks) == 1:
        span.kind = PERSON if span.context else "single"
        return
    not_names = _words("news_not_names.txt")
    if any(t.low in not_names for t in span.toks) or len(span.toks) > 6:
        span.kind = None
        return
    span.kind = PERSON


# --------------------------------------------------------------------------- linking


def _key(text: str) -> str:
    text = text.casefold().replace("’", "'")
    text = re.sub(r"[\-‐‑]", " ", text)
    return " ".join(text.split())


@dataclass
class _Ent:
    kind: str
    spans: list[tuple[int, int]]
    name: str
    context: str = ""
    aliases: list[str] = field(default_factory=list)


def extract(text: str) -> list[Entity]:
    """Every person and organisation named in ``text``, with mentions, in order of appearance."""
    if not text.strip():
        return []
    toks, sents, headline_paras = _tokenise(text)
    if not toks:
        return []
    raw = _build_spans(toks, headline_paras)
    spans: list[_Span] = []
    for span in raw:
        cleaned = _clean_span(span, toks)
        if cleaned is None:
            continue
        _classify(cleaned, toks)
        if cleaned.kind is not None:
            spans.append(cleaned)

    ents: list[_Ent] = []
    by_key: dict[str, _Ent] = {}
    alias_spans: set[tuple[int, int]] = set()
    index = _Index()

    def add(kind: str, start: int, end: int, context: str = "") -> _Ent:
        surface = text[start:end]
        key = _key(surface)
        ent = by_key.get(key)
        if ent is None:
            ent = _Ent(kind, [], surface, context)
            ents.append(ent)
            by_key[key] = ent
            index.add(ent)
        if (start, end) not in ent.spans:
            ent.spans.append((start, end))
        if context and not ent.context:
            ent.context = context
        return ent

    # aliases and acronyms: mark them before building entities
    alias_of: dict[tuple[int, int], tuple[int, int]] = {}
    for k, span in enumerate(spans):
        if span.kind not in (PERSON, ORG):
            continue
        a = span.after
        if a + 2 < len(toks) and toks[a].text == "(" and toks[a + 2].text == ")":
            acr = toks[a + 1]
            if _is_acronym(acr.text):
                alias_of[(acr.start, acr.end)] = (span.start, span.end)
        tail = text[span.end : span.end + 40]
        am = re.match(
            r"\s*,?\s*(?:who is |also )?(?:" + "|".join(re.escape(c) for c in ALIAS_CUES) + r")\s+[\"“']?",
            tail,
            re.IGNORECASE,
        )
        if am:
            pos = span.end + am.end()
            for other in spans[k + 1 : k + 3]:
                if other.start == pos or (other.toks and other.toks[0].start == pos):
                    alias_of[(other.start, other.end)] = (span.start, span.end)
                    other.kind = "alias"
                    break
            else:
                # a one-word alias the span builder left as "single"
                m2 = re.match(r"[^\W\d_][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*", text[pos : pos + 60])
                if m2:
                    alias_of[(pos, pos + m2.end())] = (span.start, span.end)
    for span in spans:
        if (span.start, span.end) in alias_of:
            span.kind = "alias"

    # 1. full names: organisations of 2+ words, then persons of 2+ words (longest first,
    # so "Abu Ubaidah" is seen as part of "Ahmad Umar Abu Ubaidah")
    orgs_full = [
        s for s in spans if s.kind == ORG and (len(s.toks) > 1 or s.credit or s.suffix_words)
    ]
    for span in sorted(orgs_full, key=lambda s: -len(s.toks)):
        target = index.org_ending_with(span.words())
        if target is not None:  # "the Security Council" after "the U.N. Security Council"
            target.spans.append((span.start, span.end))
        else:
            add(span.kind, span.start, span.end, span.context)
    persons_full = [s for s in spans if s.kind == PERSON and len(s.toks) > 1]
    persons_full.sort(key=lambda s: -len(s.toks))
    for span in persons_full:
        target = index.longer_person(span.words())
        if target is not None:
            target.spans.append((span.start, span.end))
        else:
            add(PERSON, span.start, span.end, span.context)
    # aliases and acronyms
    owners = {span: ent for ent in ents for span in ent.spans}
    for (a_start, a_end), (f_start, f_end) in alias_of.items():
        ent = owners.get((f_start, f_end)) or _owner(ents, f_start, f_end)
        if ent is None:
            continue
        alias = text[a_start:a_end].strip("\"“”' ")
        if alias and alias not in ent.aliases:
            ent.aliases.append(alias)
        by_key.setdefault(_key(alias), ent)
        alias_spans.add((a_start, a_end))
        ent.spans.append((a_start, a_end))  # "known as Bija": a mention of the same person

    # 2. one-word mentions: organisations and titled persons first (they define names),
    # then the others are linked to a known entity or decided alone
    for definite in (True, False):
        for span in spans:
            if span.kind not in ("single", PERSON, ORG) or len(span.toks) != 1:
                continue
            if span.kind == ORG and (span.credit or span.suffix_words):
                continue
            if (span.kind != "single") != definite:
                continue
            tok = span.toks[0]
            key = _key(tok.text)
            ent = by_key.get(key) or index.link(key)
            if ent is not None:
                if (tok.start, tok.end) not in ent.spans:
                    ent.spans.append((tok.start, tok.end))
                continue
            if (tok.start, tok.end) in alias_spans:
                continue
            kind = span.kind if definite else _single_kind(span, toks, text)
            if kind is not None:
                add(kind, tok.start, tok.end)

    # 3. headline lines: only names already known from the body (and acronyms)
    if headline_paras:
        _headline_mentions(text, toks, headline_paras, ents, by_key)

    return _finish(ents, text, sents)


def _owner(ents: list[_Ent], start: int, end: int) -> _Ent | None:
    """The entity with a mention containing ``start:end`` (a name whose titles were cut)."""
    for ent in ents:
        if any(s <= start and end <= e for s, e in ent.spans):
            return ent
    return None


class _Index:
    """Word indexes over the entities found so far (kept up to date as they are added)."""

    def __init__(self) -> None:
        self.links: dict[str, _Ent] = {}  # one-word key -> entity it refers to
        self.ambiguous: set[str] = set()
        self.person_runs: dict[tuple[str, ...], _Ent] = {}  # runs of words of a person's name
        self.org_suffixes: dict[tuple[str, ...], list[_Ent]] = {}  # proper suffixes of orgs

    def _link(self, form: str, ent: _Ent) -> None:
        other = self.links.get(form)
        if other is not None and other is not ent:
            self.ambiguous.add(form)
        self.links.setdefault(form, ent)

    def add(self, ent: _Ent) -> None:
        words = _key(ent.name).split()
        if ent.kind == PERSON:
            for a in range(len(words)):
                for b in range(a + 1, min(len(words), a + 8) + 1):
                    self.person_runs.setdefault(tuple(words[a:b]), ent)
            for w in words:
                if w in PARTICLES or len(w) < 2:
                    continue
                self._link(w, ent)
            # "al-Ghamari" -> "al ghamari" key also as one word
            for w in re.findall(r"(?:al|el)[\-‐]\w+", ent.name.casefold()):
                self.links.setdefault(_key(w), ent)
        else:
            for k in range(1, len(words)):
                self.org_suffixes.setdefault(tuple(words[k:]), []).append(ent)
            first = words[0] if len(words) > 1 else ""
            if first and first not in _words("news_org_cues.txt"):
                if first not in _place_tokens() and first not in ("u.n.", "u.s."):
                    self.links.setdefault(first, ent)
                    self.links.setdefault(first + "s", ent)  # "the Houthis" -> Houthi movement

    def link(self, key: str) -> _Ent | None:
        return None if key in self.ambiguous else self.links.get(key)

    def longer_person(self, words: list[str]) -> _Ent | None:
        """A person whose name contains ``words`` as a contiguous run (or equals it)."""
        return self.person_runs.get(tuple(_key(" ".join(words)).split()))

    def org_ending_with(self, words: list[str]) -> _Ent | None:
        """The one longer organisation whose name ends with ``words`` (None if 0 or 2+)."""
        found = self.org_suffixes.get(tuple(_key(" ".join(words)).split()), [])
        return found[0] if len(found) == 1 else None


def _single_kind(span: _Span, toks: list[Tok], text: str) -> str | None:
    """Kind of an unlinked one-word name, or None when it is not a name."""
    tok = span.toks[0]
    if tok.low in _words("news_not_names.txt") or tok.low in _place_tokens():
        return None
    # "Ansarullah, as the group ...", "Farah, a spokesperson ..."
    after = text[tok.end : tok.end + 60]
    am = re.match(r"\s*,\s*(?:a|an|the|as|who|which)\b([^,.;]*)", after)
    if am:
        rest = am.group(1).casefold()
        if re.search(r"\b(group|organi[sz]ation|movement|network|militia|company|agency)\b", rest):
            return ORG
        if span.sentence_initial or re.search(r"\b(who|spokes\w*|leader|minister|analyst)\b", rest):
            return PERSON if "which" not in am.group(0) else ORG
    return None


def _headline_mentions(
    text: str, toks: list[Tok], headline_paras: set[int], ents: list[_Ent], by_key: dict[str, _Ent]
) -> None:
    """Mentions in title-case lines: names known from the body, acronyms, photo credits."""
    forms: dict[str, _Ent] = {}  # normalised form -> entity
    for ent in ents:
        for n in _forms_of(ent):
            forms.setdefault(_form_key(n), ent)
    patterns = []
    for flags, keep in ((re.IGNORECASE, lambda f: len(f) > 3), (0, lambda f: len(f) <= 3)):
        chosen = sorted({n for ent in ents for n in _forms_of(ent) if keep(n)}, key=len, reverse=True)
        if chosen:
            body = "|".join(re.sub(r"(\\-|\\ )+", r"[\\s\\-]+", re.escape(f)) for f in chosen)
            patterns.append(re.compile(r"(?<![\w'’-])(?:" + body + r")(?![\w-])", flags))
    by_para: dict[int, list[Tok]] = {}
    for tok in toks:
        if tok.para in headline_paras and not tok.skip:
            by_para.setdefault(tok.para, []).append(tok)
    paragraphs = _paragraphs(text)
    for para in sorted(headline_paras):
        p_start, p_end = paragraphs[para]
        line = text[p_start:p_end]
        taken: list[tuple[int, int]] = []
        for pattern in patterns:
            for hm in pattern.finditer(line):
                s, e = p_start + hm.start(), p_start + hm.end()
                ent = forms.get(_form_key(hm.group()))
                if ent is None or any(a < e and s < b for a, b in taken):
                    continue
                taken.append((s, e))
                ent.spans.append((s, e))
        for tok in by_para.get(para, ()):
            if _is_acronym(tok.text) and not any(a <= tok.start < b for a, b in taken):
                _credit_or_acronym(ents, by_key, tok.text, tok.start, tok.end)
        # photo credits in a headline line: "... © Getty Images News/Pool"
        cm = re.search(r"©\s*(?:\d{4}\s*)?([A-Z][\w&.'’\-]*(?:\s+[A-Z][\w&.'’\-]*)*)", line)
        if cm:
            s, e = p_start + cm.start(1), p_start + cm.end(1)
            _credit_or_acronym(ents, by_key, text[s:e], s, e)


def _forms_of(ent: _Ent) -> set[str]:
    names = {ent.name, *ent.aliases}
    if ent.kind == PERSON:
        names |= {w for w in re.split(r"\s+", ent.name) if len(w) > 2 and w.casefold() not in PARTICLES}
    return names


def _form_key(text: str) -> str:
    return " ".join(re.split(r"[\s\-]+", text.casefold()))


def _credit_or_acronym(
    ents: list[_Ent], by_key: dict[str, _Ent], surface: str, start: int, end: int
) -> None:
    key = _key(surface)
    ent = by_key.get(key)
    if ent is None:
        ent = _Ent(ORG, [], surface)
        ents.append(ent)
        by_key[key] = ent
    ent.spans.append((start, end))


def _finish(ents: list[_Ent], text: str, sents: list[_Sent]) -> list[Entity]:
    out = []
    starts = [s.start for s in sents]
    for ent in ents:
        if not ent.spans:
            continue
        spans = sorted(set(ent.spans))
        mentions = tuple(
            Mention(text[s:e], s, e, _sentence_at(text, sents, s, starts)) for s, e in spans
        )
        out.append(
            Entity(
                name=" ".join(ent.name.split()),
                kind=ent.kind,
                mentions=mentions,
                aliases=tuple(ent.aliases),
                context=ent.context,
            )
        )
    out.sort(key=lambda e: e.mentions[0].start)
    return out


def sentence_finder(text: str) -> Callable[[int], str]:
    """A function giving the sentence of ``text`` around a character position (for
    mentions found by other passes); the sentences are split once."""
    sents = _sentences(text)
    starts = [s.start for s in sents]
    return lambda pos: _sentence_at(text, sents, pos, starts)


MAX_SENTENCE_CHARS = 600  # longer "sentences" (lists, run-on text) are cut around the name


def _sentence_at(
    text: str, sents: list[_Sent], pos: int, starts: list[int] | None = None
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


# --------------------------------------------------------------------------- spaCy


def spacy_available() -> bool:
    """True when spaCy and an English model can be loaded."""
    try:
        _spacy_nlp()
    except Exception:
        return False
    return True


@functools.cache
def _spacy_nlp():  # type: ignore[no-untyped-def]
    import spacy  # optional dependency

    for model in ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf"):
        try:
            return spacy.load(model, disable=["lemmatizer"])
        except OSError:
            continue
    raise RuntimeError("no English spaCy model installed (pip install en_core_web_sm)")


def extract_spacy(text: str) -> list[Entity]:
    """Persons and organisations found by spaCy's NER (PERSON, ORG), grouped by surface key."""
    nlp = _spacy_nlp()
    doc = nlp(text)
    groups: dict[tuple[str, str], list[Mention]] = {}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        kind = PERSON if ent.label_ == "PERSON" else ORG
        start, end = ent.start_char, ent.end_char
        surface = text[start:end]
        if surface.endswith(("'s", "’s")):
            end -= 2
            surface = surface[:-2]
        if surface.casefold().startswith("the "):
            start += 4
            surface = surface[4:]
        groups.setdefault((kind, _key(surface)), []).append(
            Mention(surface, start, end, " ".join(ent.sent.text.split()))
        )
    # a one-word person mention ("Putin") joins the longer name it is part of
    for kind, k in list(groups):
        if kind != PERSON or " " in k:
            continue
        longer = [g for g in groups if g[0] == PERSON and k in g[1].split() and g[1] != k]
        if len(longer) == 1:
            groups[longer[0]].extend(groups.pop((kind, k)))
    out = [
        Entity(
            max((m.text for m in ms), key=len),
            kind,
            tuple(sorted(ms, key=lambda m: m.start)),
            origin="spacy",
        )
        for (kind, _k), ms in groups.items()
    ]
    out.sort(key=lambda e: e.mentions[0].start)
    return out


BACKENDS = ("builtin", "spacy")


def extract_with(text: str, backend: str = "builtin") -> list[Entity]:
    """Run the named backend (``builtin`` or ``spacy``)."""
    if backend == "spacy":
        return extract_spacy(text)
    return extract(text)
