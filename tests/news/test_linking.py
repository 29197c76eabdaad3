"""Headline mentions (sanctions_check.news.linking): which name forms the headline pattern is
built from."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.news.linking import can_occur, form_pattern

# letters with special case-insensitive matches ("ſ" ~ "s", KELVIN SIGN ~ "k"), separators
ALPHABET = "aksSKſ\u212a .-'’\n\t\\"


@given(st.text(ALPHABET, min_size=1, max_size=8), st.text(ALPHABET, max_size=30),
       st.sampled_from([0, re.IGNORECASE]))  # fmt: skip
@settings(max_examples=400, deadline=None)
def test_a_form_whose_pattern_matches_is_never_left_out(form: str, lines: str, flags: int) -> None:
    # can_occur may only drop a form its pattern cannot find in the lines
    if re.search(form_pattern(form), lines, flags):
        assert can_occur(form, lines, flags)


@pytest.mark.parametrize(
    ("form", "lines", "flags", "expected"),
    [
        # the words in other case and with other separators: the pattern matches
        ("Kim Jong-un", "KIM JONG UN VISITS MOSCOW", re.IGNORECASE, True),
        # KELVIN SIGN matches "k" without case (lower() would not see it)
        ("Kashlaf", "\u212aASHLAF HELD", re.IGNORECASE, True),
        # one word missing: the pattern cannot match
        ("Sergei Shoigu", "Sergei Lavrov Visits Pyongyang", re.IGNORECASE, False),
        # short forms are matched in their case
        ("IOM", "Iom Says", 0, False),
        ("IOM", "IOM Says", 0, True),
    ],
)
def test_can_occur(form: str, lines: str, flags: int, expected: bool) -> None:
    assert can_occur(form, lines, flags) is expected
    if not expected:
        assert not re.search(form_pattern(form), lines, flags)


@given(st.text("abkisKIS .-'", min_size=1, max_size=8), st.text("abkisKIS .-'\n", max_size=30))
@settings(max_examples=400, deadline=None)
def test_ascii_lines_are_read_without_compiling_the_same_way(form: str, lines: str) -> None:
    # ASCII form and lines: compared lower-cased, no pattern compiled per word; the same
    # answer as each word's case-insensitive pattern (what non-ASCII lines still take)
    words = [w for w in re.split(r"[ \-]+", form) if w]
    expected = all(re.search(re.escape(w), lines, re.IGNORECASE) for w in words)
    assert can_occur(form, lines, re.IGNORECASE) is expected


def test_ascii_lines_compile_no_pattern() -> None:
    # a feed's new names would otherwise compile a pattern per new word (re's compiler is
    # Python: the costliest part of a new article's headline pass)
    from sanctions_check.news import linking

    linking._word_pattern.cache_clear()
    assert can_occur("Kim Jong-un", "KIM JONG UN VISITS MOSCOW", re.IGNORECASE)
    assert not can_occur("Sergei Shoigu", "Sergei Lavrov Visits", re.IGNORECASE)
    assert linking._word_pattern.cache_info().currsize == 0
    assert can_occur("Kashlaf", "\u212aASHLAF HELD", re.IGNORECASE)  # (not ASCII: a pattern)
    assert linking._word_pattern.cache_info().currsize == 1
