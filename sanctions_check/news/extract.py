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
  "Abu Ubaidah", a defined acronym, an alias) is linked to the full name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.news.spans import Span, build_spans, classify, clean_span, owner_place
from sanctions_check.news.text import (
    ALIAS_CUES,
    PARTICLES,
    Sent,
    Tok,
    is_acronym,
    name_key,
    paragraphs,
    place_tokens,
    sentence_at,
    tokenise,
    word_list,
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


# --------------------------------------------------------------------------- linking


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

    ents: list[_Ent] = []
    by_key: dict[str, _Ent] = {}
    alias_spans: set[tuple[int, int]] = set()
    index = _Index()

    def add(kind: str, start: int, end: int, context: str = "", name: str | None = None) -> _Ent:
        surface = name or text[start:end]
        key = name_key(surface)
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
            if is_acronym(acr.text):
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
        ent = owners.get((f_start, f_end)) or _owner(ents, f_start, f_end)
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
            if span.kind not in ("single", PERSON, ORG) or len(span.toks) != 1:
                continue
            if span.kind == ORG and (span.credit or span.suffix_words):
                continue
            if (span.kind != "single") != definite:
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
        words = name_key(ent.name).split()
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
                self.links.setdefault(name_key(w), ent)
        else:
            for k in range(1, len(words)):
                self.org_suffixes.setdefault(tuple(words[k:]), []).append(ent)
            first = words[0] if len(words) > 1 else ""
            if first and first not in word_list("news_org_cues.txt"):
                if first not in place_tokens() and first not in ("u.n.", "u.s."):
                    self.links.setdefault(first, ent)
                    self.links.setdefault(first + "s", ent)  # "the Houthis" -> Houthi movement

    def link(self, key: str) -> _Ent | None:
        return None if key in self.ambiguous else self.links.get(key)

    def longer_person(self, words: list[str]) -> _Ent | None:
        """A person whose name contains ``words`` as a contiguous run (or equals it)."""
        return self.person_runs.get(tuple(name_key(" ".join(words)).split()))

    def org_ending_with(self, words: list[str]) -> _Ent | None:
        """The one longer organisation whose name ends with ``words`` (None if 0 or 2+)."""
        found = self.org_suffixes.get(tuple(name_key(" ".join(words)).split()), [])
        return found[0] if len(found) == 1 else None


def _single_kind(span: Span, toks: list[Tok], text: str) -> str | None:
    """Kind of an unlinked one-word name, or None when it is not a name."""
    tok = span.toks[0]
    if tok.low in word_list("news_not_names.txt") or tok.low in place_tokens():
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
    para_ranges = paragraphs(text)
    for para in sorted(headline_paras):
        p_start, p_end = para_ranges[para]
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
            if (
                is_acronym(tok.text)
                and tok.low not in place_tokens()
                and not any(a <= tok.start < b for a, b in taken)
            ):
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
    key = name_key(surface)
    ent = by_key.get(key)
    if ent is None:
        ent = _Ent(ORG, [], surface)
        ents.append(ent)
        by_key[key] = ent
    ent.spans.append((start, end))


def _finish(ents: list[_Ent], text: str, sents: list[Sent]) -> list[Entity]:
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
