"""Merging the list-driven finds into the extractor's names: what a news item screens.

Contract: :func:`merge` returns the extractor's entities plus the
:class:`~sanctions_check.news.listscan.ListFind` s found in the same text, ordered by first
mention.  A find that covers a whole mention adds ``(form, references)`` to that
entity's ``list_forms`` (screened too, its hits limited to those references; the
entity's origin becomes ``merged``).  When the mention is a short form linked to a
longer name ("Kashlaf" for "Mohammed Kashlaf"), only the references whose list names
share another word with the full name are kept (given the scanner).  A find inside a
longer mention is ignored (the full name is screened).  A find overlapping no mention
becomes a new entity of origin ``listscan``: one per list form, with every place it
was found as a mention, and so does a find that extends a short mention linked to another name ("Muammar
Gaddafi" over "Gaddafi" of "Aisha Gaddafi").  Nothing is scored here; the matcher scores
every form later.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sanctions_check.lists.entries import ORG, PERSON, Entry
from sanctions_check.news.extract import Entity, Mention
from sanctions_check.news.listscan import WORD_RE, ListFind, ListScanner, weak_words, word_key
from sanctions_check.news.text import sentence_finder


def _shares_word(entries: Iterable[Entry], name: str, found: str) -> bool:
    """True when a list entry's names share a word (other than those of ``found``) with
    ``name``."""
    want = {word_key(w) for w in WORD_RE.findall(name)} - weak_words()
    want -= {word_key(w) for w in WORD_RE.findall(found)}
    for entry in entries:
        for n in entry.names():
            if want & {word_key(w) for w in WORD_RE.findall(n.text)}:
                return True
    return False


def merge(
    entities: Sequence[Entity],
    finds: Sequence[ListFind],
    text: str,
    scanner: ListScanner | None = None,
) -> list[Entity]:
    """The extractor's entities plus the list finds.

    A find that covers a whole mention adds ``(form, references)`` to that entity's
    ``list_forms`` (screened too, its hits limited to those references).  When the mention
    is a short form linked to a longer name ("Kashlaf" for "Mohammed Kashlaf"), only the
    references whose list names share another word with the full name are kept.  A find of
    two or more words inside a longer mention is kept (a list form, or its own entity when
    the kinds differ); a one-word find inside a longer mention is ignored; a find
    overlapping no mention becomes a new entity.
    """
    out = list(entities)
    by_ref = scanner.by_reference if scanner is not None else {}
    # the extractor's mentions, by start, for overlap look-ups
    spans = sorted((m.start, m.end, k, m) for k, ent in enumerate(out) for m in ent.mentions)
    starts = [sp[0] for sp in spans]
    longest = max((sp[1] - sp[0] for sp in spans), default=0)
    sentence = sentence_finder(text)
    new: dict[str, tuple[ListFind, list[Mention], list[str]]] = {}
    for find in finds:
        hit = None
        k = bisect.bisect_left(starts, find.end) - 1
        while k >= 0 and spans[k][0] > find.start - longest - 1:
            if spans[k][0] < find.end and find.start < spans[k][1]:
                hit = spans[k]
                break
            k -= 1
        if hit is None:  # a name the extractor missed: one new entity per list form
            _add_new(new, find, sentence)
            continue
        _start, _end, index, mention = hit
        ent = out[index]
        inside = mention.start < find.start or find.end < mention.end
        if inside and (not _multiword(find) or find.kind == ent.kind == PERSON):
            # "Musa" inside "Seka Musa Baluku", "Kim Myong" inside "Kim Myong Chol": part of
            # a longer person's name is not a name
            continue
        if inside and find.kind and find.kind != ent.kind:
            # "Jamaatud Dawa" at the start of the person span "Jamaatud Dawa Hafiz Saeed"
            if find.start == mention.start and find.kind == ORG and ent.kind == PERSON:
                out[index] = _cut_front(ent, mention, find, text)
            _add_new(new, find, sentence)
            continue
        short = _key(mention.text) != _key(ent.name)
        if short and (find.start < mention.start or mention.end < find.end):
            # "Muammar Gaddafi" over the surname "Gaddafi" linked to "Aisha Gaddafi": a
            # fuller name at that place is another name
            _add_new(new, find, sentence)
            continue
        refs = find.references
        if not inside and short and by_ref:
            refs = tuple(
                r for r in refs if r in by_ref and _shares_word([by_ref[r]], ent.name, find.text)
            )
        if not refs:
            continue
        known = dict(out[index].list_forms)
        if find.screen_as in known:
            refs = tuple(dict.fromkeys(known[find.screen_as] + refs))
        known[find.screen_as] = refs
        out[index] = replace(
            out[index],
            list_forms=tuple(known.items()),
            origin="merged" if ent.origin != "listscan" else ent.origin,
        )
    for find, mentions, refs in new.values():
        out.append(
            Entity(
                name=find.screen_as,
                kind=find.kind or PERSON,
                mentions=tuple(mentions),
                origin="listscan",
                list_forms=((find.screen_as, tuple(dict.fromkeys(refs))),),
            )
        )
    out.sort(key=lambda e: e.mentions[0].start)
    return out


def _multiword(find: ListFind) -> bool:
    return len(WORD_RE.findall(find.text)) > 1 or find.text.isupper()


def _add_new(new: dict, find: ListFind, sentence) -> None:  # type: ignore[type-arg, no-untyped-def]
    key = _key(find.screen_as)
    mention = Mention(find.text, find.start, find.end, sentence(find.start))
    if key in new:
        new[key][1].append(mention)
        new[key][2].extend(find.references)
    else:
        new[key] = (find, [mention], list(find.references))


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # (compiled once: see news.text)


def _cut_front(ent: Entity, mention: Mention, find: ListFind, text: str) -> Entity:
    """The person entity without the organisation's name at the front of ``mention``."""
    m = _LETTER_OR_DIGIT.search(text[find.end : mention.end])
    if m is None:
        return ent
    start = find.end + m.start()
    rest = text[start : mention.end]
    if len(WORD_RE.findall(rest)) < 2:
        return ent
    cut = Mention(rest, start, mention.end, mention.sentence)
    mentions = tuple(cut if mm == mention else mm for mm in ent.mentions)
    name = " ".join(rest.split()) if _key(mention.text) == _key(ent.name) else ent.name
    return replace(ent, name=name, mentions=mentions)


def _key(text: str) -> str:
    return " ".join(word_key(w) for w in WORD_RE.findall(text))


__all__ = ["merge"]
