"""Steps 1, 3 and 4 of the normaliser: cleaning and reading words by script
(sanctions_check.names.scripts)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.names.lexicon import APOS_RE
from sanctions_check.names.scripts import (
    any_clean,
    any_segment_tokens,
    any_word_tokens,
    char_script,
    clean,
    plain_words,
    segment_tokens,
    word_tokens,
)


@pytest.mark.parametrize(
    ("ch", "script"),
    [
        ("a", "latin"), ("é", "latin"), ("7", "common"), ("Ж", "cyrillic"), ("م", "arabic"),
        ("김", "hangul"), ("高", "cjk"), ("α", "greek"), ("א", "hebrew"), ("☃", "other"),
    ],
)
def test_char_script(ch: str, script: str) -> None:
    assert char_script(ch) == script


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # apostrophes dropped inside words, hyphens split, "&" read as "and"
        ("Kim Cho’ng-sik & Sons", ["kim", "chong", "sik", "and", "sons"]),
        # Hangul one syllable per word, read as the list's McCune-Reischauer (names.hangul;
        # anyascii read 식 as "sig"); a Han character keeps itself after its reading
        ("김정식", ["kim", "jong", "sik"]),
        ("高石", ["gao高", "shi石"]),
        # a control character is a space, not glue
        ("Ri\u0000Pyong", ["ri", "pyong"]),
        # titles and legal forms are not this step's business: kept as written
        ("Dr. Bank Ltd", ["dr", "bank", "ltd"]),
    ],
)
def test_plain_words(text: str, words: list[str]) -> None:
    assert plain_words(text) == words


# the ASCII fast paths give what the general (Unicode) paths give
_ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_ASCII)
def test_clean_fast_path_equals_general_path(text: str) -> None:
    assert clean(text) == any_clean(text)


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9]{1,12}", fullmatch=True))
def test_ascii_word_fast_path_equals_general_path(word: str) -> None:
    assert word_tokens(word) == any_word_tokens(word)



@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="abcXYZ019 -'`&.,_/;()\u00e9\u00df\u2019", max_size=24))
def test_an_ascii_segment_gives_what_its_words_give(text: str) -> None:
    """Property: a segment read at once when it is ASCII (the usual case) gives the tokens
    and scripts that reading it word by word gives (the way for any text)."""
    folded = APOS_RE.sub("", text.casefold()).replace("&", " and ")
    assert segment_tokens(text) == any_segment_tokens(folded)
