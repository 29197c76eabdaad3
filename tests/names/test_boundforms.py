"""Arabic bound forms as one word (sanctions_check.names.boundforms): the quick way out.

:func:`bound_forms` returns the pairs as they are when no word is one its rules read
(:func:`_joined` does the work otherwise); both must give the same on any name, checked on
names mixing the words the rules read (heads, links, "din" and "allah" forms, their
typos, Arabic-script words) with ordinary words.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.matching.compare import compare_names
from sanctions_check.names import boundforms
from sanctions_check.names.boundforms import _joined, bound_forms
from sanctions_check.names.lexicon import bound_head_typos
from sanctions_check.names.normalise import tokens

_RULE_WORDS = sorted(
    boundforms._BOUND_WORDS | bound_head_typos()
    | {"abdulkarim", "abdallah", "abdurahman", "badruddin", "nurullah", "nasrallah",
       "salahuddeen", "bd", "llh", "ghlm", "lltyf", "nwr", "din", "deen", "dine"}
)  # fmt: skip
_OTHER_WORDS = ["kim", "jong", "al", "bin", "mohammed", "rahman", "karim", "malik", "ali",
                "dinah", "abby", "allan", "sadiq", "nabi", "j", "s", "x"]  # fmt: skip
_word = st.one_of(
    st.sampled_from(_RULE_WORDS),
    st.sampled_from(_OTHER_WORDS),
    st.text(alphabet="abdeilnoruh", min_size=1, max_size=9),
)
_pair = st.tuples(_word, st.sampled_from(["latin", "arabic", "common", "mixed"]))


@settings(max_examples=1500, deadline=None)
@given(st.lists(_pair, max_size=6))
def test_the_quick_way_out_gives_what_the_rules_give(pairs: list[tuple[str, str]]) -> None:
    """Property: the same pairs as the rules' own pass, on any name."""
    assert bound_forms(list(pairs)) == _joined(list(pairs))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # no word a rule reads: the same words (the quick way out)
        (["kim", "jong", "un"], ["kim", "jong", "un"]),
        # each kind of word the rules read still takes them (the rules' way)
        (["abd", "al", "karim"], ["abdulkarim"]),
        (["badr", "al", "din"], ["badruddin"]),
        (["nur", "allah"], ["nurullah"]),
        (["gholam", "nabi"], ["ghulamnabi"]),
        (["abdelkarim"], ["abdulkarim"]),
    ],
)
def test_words_the_rules_read_are_still_joined(words: list[str], expected: list[str]) -> None:
    assert [t for t, _s in bound_forms([(w, "latin") for w in words])] == expected


@pytest.mark.parametrize(
    ("script", "latin", "joined"),
    [
        # X الدين (al-din) in Arabic script, apart or joined, is one word X-dyn: the article's
        # l is assimilated to the d, as in the Latin X-uddin (since 1.13; below 60 before:
        # "ldyn" met nothing, "nwrldyn" kept an l that "nooruddin" lacks)
        ("شمس الدین", "SHAMSUDDIN", ("shmsdyn",)),  # TAi.103, 9.6 before
        ("نورالدین ترابی محمد قاسم", "NOORUDDIN TURABI MUHAMMAD QASIM",  # TAi.058, 62.3
         ("nwrdyn", "trby", "mhmd", "qsm")),
        ("سعد الدين سيد", "Sadudin Sayed", ("sddyn", "syd")),  # TAi.087, 17.8
    ],
)
def test_arabic_script_din_compounds_are_one_word(
    script: str, latin: str, joined: tuple[str, ...]
) -> None:
    assert tokens(script, "person") == joined
    assert compare_names(script, latin, "person").match
