"""Find the persons and organisations named in a news text (built-in, rule-based extractor).

Contract: :func:`extract` takes plain text and returns :class:`Entity` objects, one per
person or organisation named in it, each with every :class:`Mention` (character
offsets into the text, surface form as written, the sentence around it).  ``Entity.name``
is the fullest form written in the text ("Sergei Shoigu" for "Russian Defense Minister
Sergei Shoigu ... Shoigu"); ``context`` keeps the stripped titles and roles; ``aliases``
holds acronyms defined in the text ("(KOMID)") and names given with "known as" / "alias".
No model is downloaded.  :mod:`sanctions_check.news.ner` chooses between this
extractor and the optional spaCy backend (``extract_with``).

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
  "Abu Ubaidah", a defined acronym, an alias) is linked to the full name
  (:mod:`sanctions_check.news.linking`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.news.linking import (
    Ent,
    NameIndex,
    headline_mentions,
    owner_of,
)
from sanctions_check.news.spankinds import classify
from sanctions_check.news.spans import SINGLE, Span, build_spans, clean_span, owner_place
from sanctions_check.news.text import (
    ALIAS_CUES,
    Sent,
    Tok,
    is_acronym,
    name_key,
    place_tokens,
    sentence_at,
    tokenise,
    word_list,
)

ALIAS_CUE_RE = re.compile(  # after a name: ", also known as ..."
    r"\s*,?\s*(?:who is |also )?(?:" + "|".join(re.escape(c) for c in ALIAS_CUES) + r")\s+[\"“']?",
    re.IGNORECASE,
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
    def screened_forms(self) -> list[tuple[str, tuple[str, ...] | None]]:
        """The forms the name is screened by, each with the references it may only confirm
        (a list form's) or None: its full form and aliases (not for a list-driven find
        alone), then the list forms found at its place."""
        forms: list[tuple[str, tuple[str, ...] | None]] = []
        if self.origin != "listscan":
            forms.append((self.name, None))
            forms.extend((a, None) for a in self.aliases)
        forms.extend(self.list_forms)
        return forms

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


def extract(text: str) -> list[Entity]:
    """Every person and organisation named in ``text``, with mentions, in order of appearance."""
    if not text.strip():
        return []
    toks, sents, headline_paras = tokenise(text)
    if not toks:
        return []
    raw = build_spans(toks, headline_paras)
    lower = frozenset(
        t.low for t in toks if t.text.islower() and not t.skip and t.para not in headline_paras
    )
    spans: list[Span] = []
    for span in raw:
        cleaned = clean_span(span, toks)
        if cleaned is None:
            continue
        classify(cleaned, toks, lower)
        if cleaned.kind is not None:
            spans.append(cleaned)

    ents: list[Ent] = []
    by_key: dict[str, Ent] = {}
    alias_spans: set[tuple[int, int]] = set()
    index = NameIndex()

    def add(kind: str, start: int, end: int, context: str = "", name: str | None = None) -> Ent:
        surface = name or text[start:end]
        key = name_key(surface)
        ent = by_key.get(key)
        if ent is None:
            ent = Ent(kind, [], surface, context)
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
            if is_acronym(acr.text):
                alias_of[(acr.start, acr.end)] = (span.start, span.end)
        tail = text[span.end : span.end + 40]
        am = ALIAS_CUE_RE.match(tail)
        if am:
            pos = span.end + am.end()
            for other in spans[k + 1 : k + 3]:
                if other.start == pos or (other.toks and other.toks[0].start == pos):
                    alias_of[(other.start, other.end)] = (span.start, span.end)
                    other.kind = "alias"
                    break
            else:
                # a one-word alias the span builder left as "single"
                m2 = _ALIAS_WORDS.match(text[pos : pos + 60])
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
            add(span.kind, span.start, span.end, span.context or owner_place(span, toks))
    persons_full = [s for s in spans if s.kind == PERSON and len(s.toks) > 1]
    persons_full.sort(key=lambda s: -len(s.toks))
    for span in persons_full:
        target = index.longer_person(span.words())
        if target is None:
            target = add(PERSON, span.start, span.end, span.context, span.name)
        elif (span.start, span.end) not in target.spans:
            target.spans.append((span.start, span.end))
        nickname = " ".join(t.text for t in span.nickname)
        if nickname and nickname not in target.aliases:
            target.aliases.append(nickname)  # screened too
    # aliases and acronyms
    owners = {span: ent for ent in ents for span in ent.spans}
    for (a_start, a_end), (f_start, f_end) in alias_of.items():
        ent = owners.get((f_start, f_end)) or owner_of(ents, f_start, f_end)
        if ent is None:
            continue
        alias = text[a_start:a_end].strip("\"“”' ")
        if alias and alias not in ent.aliases:
            ent.aliases.append(alias)
        by_key.setdefault(name_key(alias), ent)
        alias_spans.add((a_start, a_end))
        ent.spans.append((a_start, a_end))  # "known as Bija": a mention of the same person

    # 2. one-word mentions: organisations and titled persons first (they define names),
    # then the others are linked to a known entity or decided alone
    for definite in (True, False):
        for span in spans:
            if span.kind not in (SINGLE, PERSON, ORG) or len(span.toks) != 1:
                continue
            if span.kind == ORG and (span.credit or span.suffix_words):
                continue
            if (span.kind != SINGLE) != definite:
                continue
            tok = span.toks[0]
            key = name_key(tok.text)
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
        headline_mentions(text, toks, headline_paras, ents, by_key)

    return _finish(ents, text, sents)


# patterns compiled once (re's own cache is shared with the patterns a feed's names make)
_ALIAS_WORDS = re.compile(r"[^\W\d_][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*")
_APPOSITION = re.compile(r"\s*,\s*(?:a|an|the|as|who|which)\b([^,.;]*)")
_ORG_NOUN = re.compile(r"\b(group|organi[sz]ation|movement|network|militia|company|agency)\b")
_PERSON_NOUN = re.compile(r"\b(who|spokes\w*|leader|minister|analyst)\b")


def _single_kind(span: Span, toks: list[Tok], text: str) -> str | None:
    """Kind of an unlinked one-word name, or None when it is not a name."""
    tok = span.toks[0]
    if tok.low in word_list("news_not_names.txt") or tok.low in place_tokens():
        return None
    # "Ansarullah, as the group ...", "Farah, a spokesperson ..."
    after = text[tok.end : tok.end + 60]
    am = _APPOSITION.match(after)
    if am:
        rest = am.group(1).casefold()
        if _ORG_NOUN.search(rest):
            return ORG
        if span.sentence_initial or _PERSON_NOUN.search(rest):
            return PERSON if "which" not in am.group(0) else ORG
    return None


def _finish(ents: list[Ent], text: str, sents: Sequence[Sent]) -> list[Entity]:
    out = []
    starts = [s.start for s in sents]
    for ent in ents:
        if not ent.spans:
            continue
        spans = sorted(set(ent.spans))
        mentions = tuple(
            Mention(text[s:e], s, e, sentence_at(text, sents, s, starts)) for s, e in spans
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
