"""What a capitalised span of news text names: the classifying step of the extractor.

Contract: :func:`classify` sets ``Span.kind`` of a :class:`~sanctions_check.news.spans.Span`
built by :func:`sanctions_check.news.spans.build_spans`: ``person``, ``org``,
:data:`~sanctions_check.news.spans.SINGLE` (a one-word name to be linked later) or None
(not a name: places (:func:`is_place_span`), titles alone, common words), and moves stripped titles and roles into ``Span.context``
(:func:`strip_titles`, :func:`strip_common_words`).  Rules use the reference words of
``sanctions_check/data/news_*.txt`` through :mod:`sanctions_check.news.text`; the span is
changed in place.
"""

from __future__ import annotations

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.news.spans import SINGLE, Span, has_cue
from sanctions_check.news.text import PARTICLES, Tok, is_acronym, place_tokens, places, word_list

__all__ = ["classify", "is_place_span", "next_word", "strip_common_words", "strip_titles"]

MAX_ROLE_QUALIFIERS = 2  # words qualifying a title before its head ("Commerce Minister")


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
        elif (
            k < MAX_ROLE_QUALIFIERS
            and k + 1 < len(words) - 1
            and words[k + 1].low in word_list("news_role_heads.txt")
        ):
            continue  # "Commerce Minister Nooruddin Azizi": a word qualifying the title
        else:
            break
    if last_title >= 0:
        span.context = " ".join(t.text for t in words[: last_title + 1])
        span.toks = words[last_title + 1 :]


def strip_common_words(span: Span, lower: frozenset[str]) -> None:
    """Cut from a person span the words the text writes in lower case elsewhere (the body's
    casing decides): leading ones while two words stay ("Dictator", "Supply"), trailing
    ones while one stays ("Madrasa", "Rebels").  Particles and words in capitals are exempt."""
    words = span.toks

    def common(t: Tok) -> bool:  # a word in capitals tells nothing by its casing
        return t.low in lower and t.low not in PARTICLES and not t.text.isupper()

    lead = 0
    while len(words) - lead > 2 and common(words[lead]):
        lead += 1
    trail = len(words)
    while trail - lead > 1 and common(words[trail - 1]):
        trail -= 1
    if lead or trail < len(words):
        cut = " ".join(t.text for t in words[:lead])
        span.context = " ".join(x for x in (span.context, cut) if x)
        span.toks = words[lead:trail]
        span.nickname = span.nickname if len(span.toks) > 1 else []


def classify(span: Span, toks: list[Tok], lower: frozenset[str] = frozenset()) -> None:
    """Set span.kind to person / org / None (not a name) / 'single' (decide later);
    ``lower``: the words the text writes in lower case (see :func:`strip_common_words`)."""
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
        attributive = same and nxt is not None and nxt.low in word_list("news_name_attributes.txt")
        span.kind = SINGLE if attributive and len(span.toks) == 1 else ORG  # "the Gaddafi regime"
        return
    titles = word_list("news_titles.txt")
    if all(t.low in titles or t.low in place_tokens() for t in span.toks):
        span.kind = None  # "Russian President"
        return
    if len(span.toks) <= 3 and span.toks[-1].low in titles:
        span.kind = None  # "Information Minister", "Refugees Minister"
        return
    strip_titles(span)
    strip_common_words(span, lower)
    if all(t.low in place_tokens() for t in span.toks):
        span.kind = None  # "Yemen" once "Rebels" is cut
        return
    if len(span.toks) == 1:
        span.kind = PERSON if span.context else SINGLE
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
