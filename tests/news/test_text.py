"""Tokens and the cached layout of a text (paragraphs, sentences, datelines and bylines)."""

from __future__ import annotations

import pytest

from sanctions_check.news import text as newstext
from sanctions_check.news.extract import extract

CACHED = (newstext.paragraphs, newstext.sentences, newstext.furniture_spans,
          newstext.name_key, newstext.cap_word, newstext.token_facts)  # fmt: skip


def clear_caches() -> None:
    for fn in CACHED:
        fn.cache_clear()


def test_the_cached_layout_is_the_computed_one(labelled_texts: list[str]) -> None:
    # the extractor, the list-driven pass and the merge of one item share the layout of its
    # text; each text's layout asked for after other texts' is still its own
    texts = labelled_texts
    for fn in (newstext.paragraphs, newstext.sentences, newstext.furniture_spans):
        clear_caches()
        fresh = [fn.__wrapped__(t) for t in texts]
        assert [fn(t) for t in texts] == fresh
        assert [fn(t) for t in reversed(texts)] == fresh[::-1]
        assert all(isinstance(v, tuple) for v in fresh)  # a caller cannot change a cached one


def test_furniture_spans_are_found() -> None:
    text = "By Jane Doe\nMOGADISHU, Oct 14 - Troops moved."
    assert newstext.furniture_spans(text) == ((0, 11), (12, 32))


def test_tokens_carry_their_case_folded_text_and_capitals() -> None:
    toks, _sents, _heads = newstext.tokenise("The al-Shabaab's fighters met ECOWAS in Qaeda-linked camps.")
    got = [(t.text, t.low, t.is_cap, t.possessive, t.adjectival) for t in toks]
    assert got == [
        ("The", "the", True, False, False),
        ("al-Shabaab", "al-shabaab", True, True, False),  # particle-prefixed: capitalised
        ("fighters", "fighters", False, False, False),
        ("met", "met", False, False, False),
        ("ECOWAS", "ecowas", True, False, False),
        ("in", "in", False, False, False),
        ("Qaeda", "qaeda", True, False, True),  # "-linked" cut off
        ("camps", "camps", False, False, False),
        (".", ".", False, False, False),
    ]


@pytest.mark.parametrize(
    ("word", "cap"),
    [
        ("Kim", True),  # an initial capital
        ("al-Shabaab", True),  # a particle and a capital after it
        ("al-qaeda", False),  # no capital after the particle
        ("well-Known", False),  # not a particle prefix
        ("2024", False),  # not a word
    ],
)
def test_cap_word(word: str, cap: bool) -> None:
    assert newstext.cap_word(word) is cap


def test_extraction_with_warm_caches_is_the_same(labelled_texts: list[str]) -> None:
    texts = labelled_texts
    long = ["\n\n".join(texts[k : k + 5]) for k in range(0, len(texts), 5)]
    cold = []
    for t in texts + long:
        clear_caches()
        cold.append(extract(t))
    assert [extract(t) for t in texts + long] == cold
