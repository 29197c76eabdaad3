"""Capitalised spans of news text: the second stage of the extractor.

Contract: :func:`build_spans` finds runs of capitalised :class:`~sanctions_check.news.text.Tok`
tokens (with particles such as "bin", "von der" and organisation connectors such as
"of", "and" after a cue word) as :class:`Span` s; :func:`clean_span` strips leading
function words and records a leading "the" and sentence-initial position;
:func:`owner_place` reads a possessive country before an organisation's name.
:mod:`sanctions_check.news.spankinds` then says what each span names (``Span.kind``),
and :mod:`sanctions_check.news.extract` turns the classified spans into entities.  Rules
use the reference words of ``sanctions_check/data/news_*.txt`` through
:mod:`sanctions_check.news.text`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sanctions_check.news.text import (
    CONNECTORS,
    PARTICLES,
    Tok,
    place_tokens,
    word_list,
)

# --------------------------------------------------------------------------- spans


SINGLE = "single"  # Span.kind of a one-word name whose kind is decided once it is linked


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
    nickname: list[Tok] = field(default_factory=list)  # Jimmy "Barbecue" Cherizier

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return (self.suffix_words or self.toks)[-1].end

    def words(self) -> list[str]:
        return [t.text for t in self.toks]

    @property
    def name(self) -> str | None:
        """The name without a quoted nickname inside it (None when there is none)."""
        return " ".join(self.words()) if self.nickname else None


OPEN_QUOTES = ('"', "“", "‘")
CLOSE_QUOTES = ('"', "”", "’")
MAX_NICKNAME_WORDS = 3


def plural_possessive_org(toks: list[Tok], k: int, cur: list[Tok]) -> int | None:
    """After a plural possessive ("Workers'" then ``toks[k]`` = the apostrophe), the end of the
    organisation name that continues it (index after its last capitalised word), when that
    name has a cue word; else None."""
    n = len(toks)
    if not (toks[k].text in ("'", "’") and toks[k].start == cur[-1].end):
        return None
    if not cur[-1].text.endswith("s") or k + 1 >= n or not toks[k + 1].is_cap:
        return None
    q = k + 1
    while q < n and toks[q].is_cap and toks[q].sent == toks[k].sent and not toks[q].skip:
        q += 1
        if toks[q - 1].possessive:
            break
    return q if has_cue(toks[k + 1 : q]) else None


def nickname_at(toks: list[Tok], k: int, sent: int) -> tuple[list[Tok], int] | None:
    """A quoted nickname starting at ``toks[k]`` (an opening quote) and the index of the
    capitalised word after it: ``"Barbecue" Cherizier`` -> ([Barbecue], index of Cherizier)."""
    n = len(toks)
    if k >= n or toks[k].text not in OPEN_QUOTES:
        return None
    m = k + 1
    words: list[Tok] = []
    while m < n and toks[m].sent == sent and toks[m].text not in CLOSE_QUOTES:
        if not (toks[m].is_cap or toks[m].low in PARTICLES) or len(words) >= MAX_NICKNAME_WORDS:
            return None
        words.append(toks[m])
        m += 1
    if not words or m + 1 >= n or toks[m].text not in CLOSE_QUOTES:
        return None
    after = toks[m + 1]
    if after.sent != sent or not after.is_cap or after.skip:
        return None
    return words, m + 1


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
        nickname: list[Tok] = []
        while not (cur[-1].possessive or cur[-1].adjectival):
            k = j + 1
            if k >= n or toks[k].skip or toks[k].sent != t.sent:
                break
            nxt = toks[k]
            if nxt.is_cap:
                cur.append(nxt)
                j = k
                continue
            q = plural_possessive_org(toks, k, cur)
            if q is not None:  # "the Workers' Party Munitions Industry Department"
                cur.extend(toks[k + 1 : q])
                j = q - 1
                continue
            nick = nickname_at(toks, k, t.sent) if not nickname else None
            if nick is not None:  # Jimmy "Barbecue" Cherizier: the nickname is an alias
                nickname, q = nick
                cur.append(toks[q])
                j = q
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
        span = Span(cur, j + 1, before, nickname=nickname)
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


def owner_place(span: Span, toks: list[Tok]) -> str:
    """The country owning an organisation's name, written as a possessive before it
    ("South Korea's Defence Ministry" -> "South Korea"), or ""."""
    b = span.before
    if b < 0 or not toks[b].possessive or toks[b].low not in place_tokens():
        return ""
    a = b
    while a > 0 and toks[a - 1].is_cap and toks[a - 1].low in place_tokens() | word_list(
        "news_compass.txt"
    ):
        a -= 1
    return " ".join(t.text for t in toks[a : b + 1])


def first_word_index(toks: list[Tok], tok: Tok, idx: int) -> bool:
    """True when ``tok`` (``toks[idx]``) is the first word of its sentence (after quotes)."""
    k = idx - 1
    while k >= 0 and toks[k].sent == tok.sent:
        if toks[k].is_word:
            return False
        k -= 1
    return True
