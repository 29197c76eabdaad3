"""Linking the names found in a news text: entities in the making and their word indexes.

Contract: :class:`Ent` is an entity while :func:`sanctions_check.news.extract.extract`
builds it (kind, mention offsets, fullest name, context, aliases); :class:`NameIndex`
keeps word indexes over the entities found so far, so a later one-word or shorter
mention (surname "Shoigu", Korean family name "Kim", a defined acronym) links to the
full name (:meth:`NameIndex.link`, :meth:`NameIndex.longer_person`,
:meth:`NameIndex.org_ending_with`), an ambiguous word to none; :func:`owner_of` finds the
entity whose mention contains an offset range; :func:`headline_mentions` adds the
mentions in title-case headline lines (names known from the body, acronyms, photo
credits) and :func:`credit_or_acronym` one such organisation mention.  Entities are
mutated in place; nothing is read or written.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.news.text import (
    PARTICLES,
    Tok,
    is_acronym,
    name_key,
    paragraphs,
    place_tokens,
    word_list,
)

__all__ = [
    "Ent",
    "NameIndex",
    "can_occur",
    "credit_or_acronym",
    "form_pattern",
    "headline_mentions",
    "owner_of",
]


@dataclass
class Ent:
    kind: str
    spans: list[tuple[int, int]]
    name: str
    context: str = ""
    aliases: list[str] = field(default_factory=list)


def owner_of(ents: list[Ent], start: int, end: int) -> Ent | None:
    """The entity with a mention containing ``start:end`` (a name whose titles were cut)."""
    for ent in ents:
        if any(s <= start and end <= e for s, e in ent.spans):
            return ent
    return None


class NameIndex:
    """Word indexes over the entities found so far (kept up to date as they are added)."""

    def __init__(self) -> None:
        self.links: dict[str, Ent] = {}  # one-word key -> entity it refers to
        self.ambiguous: set[str] = set()
        self.person_runs: dict[tuple[str, ...], Ent] = {}  # runs of words of a person's name
        self.org_suffixes: dict[tuple[str, ...], list[Ent]] = {}  # proper suffixes of orgs

    def _link(self, form: str, ent: Ent) -> None:
        other = self.links.get(form)
        if other is not None and other is not ent:
            self.ambiguous.add(form)
        self.links.setdefault(form, ent)

    def add(self, ent: Ent) -> None:
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
            for w in _AL_WORD.findall(ent.name.casefold()):
                self.links.setdefault(name_key(w), ent)
        else:
            for k in range(1, len(words)):
                self.org_suffixes.setdefault(tuple(words[k:]), []).append(ent)
            first = words[0] if len(words) > 1 else ""
            if first and first not in word_list("news_org_cues.txt"):
                if first not in place_tokens() and first not in ("u.n.", "u.s."):
                    self.links.setdefault(first, ent)
                    self.links.setdefault(first + "s", ent)  # "the Houthis" -> Houthi movement

    def link(self, key: str) -> Ent | None:
        return None if key in self.ambiguous else self.links.get(key)

    def longer_person(self, words: list[str]) -> Ent | None:
        """A person whose name contains ``words`` as a contiguous run (or equals it)."""
        return self.person_runs.get(tuple(name_key(" ".join(words)).split()))

    def org_ending_with(self, words: list[str]) -> Ent | None:
        """The one longer organisation whose name ends with ``words`` (None if 0 or 2+)."""
        found = self.org_suffixes.get(tuple(name_key(" ".join(words)).split()), [])
        return found[0] if len(found) == 1 else None


def headline_mentions(
    text: str, toks: list[Tok], headline_paras: set[int], ents: list[Ent], by_key: dict[str, Ent]
) -> None:
    """Mentions in title-case lines: names known from the body, acronyms, photo credits."""
    forms: dict[str, Ent] = {}  # normalised form -> entity
    for ent in ents:
        for n in _forms_of(ent):
            forms.setdefault(_form_key(n), ent)
    patterns = []
    para_ranges = paragraphs(text)
    lines = "\n".join(text[slice(*para_ranges[p])] for p in sorted(headline_paras))
    for flags, keep in ((re.IGNORECASE, lambda f: len(f) > 3), (0, lambda f: len(f) <= 3)):
        chosen = sorted({n for ent in ents for n in _forms_of(ent) if keep(n)}, key=len, reverse=True)
        # only the forms that can occur in the headline lines: the others never match, so
        # the alternation finds the same (and is not compiled from every form of the text)
        chosen = [f for f in chosen if can_occur(f, lines, flags)]
        if chosen:
            body = "|".join(form_pattern(f) for f in chosen)
            patterns.append(re.compile(r"(?<![\w'’-])(?:" + body + r")(?![\w-])", flags))
    by_para: dict[int, list[Tok]] = {}
    for tok in toks:
        if tok.para in headline_paras and not tok.skip:
            by_para.setdefault(tok.para, []).append(tok)
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
                credit_or_acronym(ents, by_key, tok.text, tok.start, tok.end)
        # photo credits in a headline line: "... © Getty Images News/Pool"
        cm = _CREDIT.search(line)
        if cm:
            s, e = p_start + cm.start(1), p_start + cm.end(1)
            credit_or_acronym(ents, by_key, text[s:e], s, e)


def _forms_of(ent: Ent) -> set[str]:
    names = {ent.name, *ent.aliases}
    if ent.kind == PERSON:
        names |= {w for w in _SPACES.split(ent.name) if len(w) > 2 and w.casefold() not in PARTICLES}
    return names


def form_pattern(form: str) -> str:
    """A name form as a pattern: its characters literally, any run of spaces and hyphens
    between its words matching any run of whitespace and hyphens ("Kim Jong-un" ~ "KIM JONG
    UN")."""
    return _ESCAPED_SEPARATORS.sub(r"[\\s\\-]+", re.escape(form))


def can_occur(form: str, lines: str, flags: int) -> bool:
    """False only when :func:`form_pattern` of ``form`` (its words, split at
    spaces and hyphens, with any run of spaces and hyphens between them) cannot match in
    ``lines``: some word of it is not in them (compared with the same ``flags``)."""
    if "\\" in form:
        return True  # (an escaped backslash could run into a separator: not worth reading)
    words = [w for w in _SEPARATORS.split(form) if w]
    if not flags:
        return all(w in lines for w in words)
    if lines.isascii() and form.isascii():
        # ASCII against ASCII, IGNORECASE folds letters only to each other (the other
        # characters it folds to them, like K for K, are not ASCII): no pattern to compile
        low = lines.lower()
        return all(w.lower() in low for w in words)
    return all(_word_pattern(w, flags).search(lines) for w in words)


_SEPARATORS = re.compile(r"[ \-]+")  # what re.escape turns into the runs replaced above
# patterns compiled once (re's own cache is shared with the patterns a feed's names make)
_AL_WORD = re.compile(r"(?:al|el)[\-‐]\w+")
_CREDIT = re.compile(r"©\s*(?:\d{4}\s*)?([A-Z][\w&.'’\-]*(?:\s+[A-Z][\w&.'’\-]*)*)")
_SPACES = re.compile(r"\s+")
_SPACES_HYPHENS = re.compile(r"[\s\-]+")
_ESCAPED_SEPARATORS = re.compile(r"(\\-|\\ )+")  # escaped hyphens and spaces (form_pattern)


@functools.lru_cache(maxsize=20_000)
def _word_pattern(word: str, flags: int) -> re.Pattern[str]:
    """One word of a name as a pattern (cached per word: names recur across a feed)."""
    return re.compile(re.escape(word), flags)


def _form_key(text: str) -> str:
    return " ".join(_SPACES_HYPHENS.split(text.casefold()))


def credit_or_acronym(
    ents: list[Ent], by_key: dict[str, Ent], surface: str, start: int, end: int
) -> None:
    key = name_key(surface)
    ent = by_key.get(key)
    if ent is None:
        ent = Ent(ORG, [], surface)
        ents.append(ent)
        by_key[key] = ent
    ent.spans.append((start, end))
