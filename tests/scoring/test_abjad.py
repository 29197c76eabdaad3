"""Names written without vowels (Arabic / Persian script) against their Latin spellings.

anyascii writes منير as "mnyr": the script leaves short vowels (and alef, ain) out, so a
Latin spelling can only be compared on its consonants (``features.abjad_similarity``).
The pairs are the list's own: a listed person's original-script name and Latin name.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.matching.compare import compare_names
from sanctions_check.names.normalise import tokens
from sanctions_check.scoring.abjad import abjad_similarity
from sanctions_check.scoring.features import token_similarity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("mhmd", "mohammed"),  # محمد: short vowels unwritten
        ("lmtsdq", "motassadeq"),  # المتصدق: the article, and a doubled consonant
        ("brhym", "ibrahim"),  # ابراهيم: alef unwritten, y a long i
        ("hmzh", "hamza"),  # حمزة: ta marbuta written h, not said
        ("shynwry", "shinwari"),  # شینواری: w a consonant here, y a long i
        ("lshr", "shaer"),  # الشاعر: alef and ain both unwritten
        ("mhmwd", "mahmoud"),  # محمود: w a long u
        # since 1.12: the alif maqsura ى (anyascii's final a) is a long a in Arabic and the
        # final ی (i) of Persian and Pashto names typed in Afghanistan
        ("mstfa", "mustafa"),  # مصطفى
        ("nmna", "nomani"),  # نعمانى, TAi.044
        ("hja", "haji"),  # حاجى, TAi.154
        # ض ظ ذ (dh: the normaliser reads ض so) are z in Persian names, th or d in Arabic
        ("fdhl", "fazal"),  # فضل, QDi.303
        ("mdhhry", "mazhari"),  # مظهری, TAi.135
        ("kdhm", "kathim"),  # كاظم, IQi.049
        ("syd", "sayyid"),  # سيد: the doubled ya (shadda) is not written
        ("gh", "agha"),  # آغا: the alif madda is an alif, unwritten like the others
    ],
)
def test_consonants_that_agree_match(a: str, b: str) -> None:
    sim, method = token_similarity(a, b)
    assert method == "abjad" and sim >= 0.9
    assert token_similarity(b, a) == (sim, method)  # the order does not matter


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("mhmd", "mahmoud"),  # محمد is Muhammad: Mahmoud's long u would be written (mhmwd)
        ("mhmwd", "muhammad"),  # ... and Muhammad has none
        ("hsyn", "hassan"),  # حسين is Husayn: Hasan has no long i
        ("llc", "lilac"),  # a legal form is no word of a name
        ("mnyr", "mansur"),  # other consonants
        ("mnyr", "mnr"),  # two vowel-less words: plain edit similarity decides
        ("hmdy", "hamada"),  # احمدی (Ahmadi): a Persian ی is no alif maqsura, no long a
        ("lsndy", "senussi"),  # السندي (al-Sindi): د is d, never z (only dh is)
        ("hwa", "hawa"),  # a Korean syllable with a final a is no word without vowels
        ("lmjyd", "majidi"),  # المجيد: a final i after the last consonant is a letter more
        ("bw", "abou"),  # ابو: a kunya word alone names nobody (one consonant key)
    ],
)
def test_consonants_that_differ_do_not(a: str, b: str) -> None:
    assert abjad_similarity(a, b) == 0.0
    assert token_similarity(a, b)[1] != "abjad"


@pytest.mark.parametrize(
    ("script", "latin"),
    [
        # the 2024 list's original-script and Latin names of one person; each scored below
        # 60 before (no word in common once transliterated)
        ("عبدالحی سالک", "ABDULHAI SALEK"),  # TAi.108
        ("محمد حمزة زبيدي", "MUHAMMAD HAMZA ZUBAIDI"),  # IQi.009
        ("نور الله نوری", "NURULLAH NURI"),  # TAi.089: نور الله is one name, as nurullah
        ("هاني عبد اللطيف طلفاح التكريتي", "HANI ABD-AL-LATIF TILFAH AL-TIKRITI"),  # IQi.007
        # since 1.12, each below 60 before: a final ی typed ى (37.8, 48.0), ض ظ read z or
        # th (29.2, 37.8, 48.6), an unwritten ya doubled (59.6), آ an alif (55.6)
        ("حمد الله نعمانى", "HAMDULLAH NOMANI"),  # TAi.044
        ("گل احمد حكيمى", "GUL AHMAD HAKIMI"),  # TAi.140
        ("فضل رحيم", "FAZAL RAHIM"),  # QDi.303
        ("عبد القدوس مظهری", "ABDUL QUDDUS MAZHARI"),  # TAi.135
        ("رشيد طعان كاظم", "Rashid Taan Kathim"),  # IQi.049
        ("سيد محمد حقانی", "SAYYED MOHAMMED HAQQANI"),  # TAi.006
        ("جانان آغا", "JANAN AGHA"),  # TAi.091
    ],
)
def test_original_script_meets_latin_name(script: str, latin: str) -> None:
    assert compare_names(script, latin, "person").match
    assert compare_names(latin, script, "person").match


def test_arabic_compounds_are_one_word() -> None:
    # عبد اللطيف and نور الله are written as two words or one: one word, like abdullatif
    assert tokens("هاني عبد اللطيف", "person") == ("hny", "bdlltyf")
    assert tokens("نور الله نوری", "person") == ("nwrllh", "nwry")


def test_arabic_letters_read_before_transliteration() -> None:
    # since 1.12: آ is an alif (unwritten), ض is dh like ظ and ذ, ى stays anyascii's a
    assert tokens("جانان آغا", "person") == ("jnn", "gh")
    assert tokens("فضل رحيم", "person") == ("fdhl", "rhym")
    assert tokens("حمد الله نعمانى", "person") == ("hmdllh", "nmna")


def test_matcher_finds_a_latin_query_through_the_original_script(matcher2024) -> None:
    # "Mahmoud Abbas" is not MOHAMMAD ABBAS AKHUND (TAi.066, محمد عباس آخوند): his محمد
    # is no Mahmoud, so the original-script name gives no hit
    hits = matcher2024.match("Mahmoud Abbas", kind="person", limit=None)
    assert "TAi.066" not in {h.reference_number for h in hits}
    # an Arabic-script query of a listed person finds him on his Latin names too
    hits = matcher2024.match("عبد الحي سالك", kind="person")
    assert hits and hits[0].reference_number == "TAi.108"


def _as_regex(steps: tuple) -> str:  # type: ignore[type-arg]
    """The regular expression the steps stand for (what the matcher compiled before)."""
    import re

    out = []
    for choices, optional in steps:
        if optional is None:
            out.append(re.escape(choices) + "+")
        else:
            out.append("(?:" + "|".join(map(re.escape, choices)) + ")" + ("?" if optional else ""))
    return "".join(out)


def test_the_spelling_steps_accept_exactly_what_their_regular_expression_does(un2024) -> None:
    # the steps are matched by hand (compiling a regular expression per new word cost more
    # than all its matching): on the list's own vowel-less words against every Latin word of
    # the list sharing a consonant key, the hand matcher and the regular expression agree
    import re

    from sanctions_check.scoring.abjad import (
        _abjad_fold,
        _abjad_patterns,
        _spells,
        abjad_form,
        abjad_keys,
        is_vowelless,
    )

    words = {t for e in un2024.entries for n in e.names() for t in tokens(n.text, e.kind)}
    abjad = sorted(w for w in words if is_vowelless(w) and len(w) >= 3)
    latin: dict[str, list[str]] = {}
    for w in words:
        if w.isascii() and w.isalpha() and not is_vowelless(w):
            latin.setdefault(abjad_form(w), []).append(w)
    checked = accepted = 0
    for a in abjad:
        for steps in _abjad_patterns(a):
            pattern = re.compile(_as_regex(steps))
            for key in abjad_keys(a):
                for b in latin.get(key, ()):
                    folded = b.translate(_abjad_fold())
                    expect = pattern.fullmatch(folded) is not None
                    assert _spells(steps, folded) == expect, (a, b)
                    checked += 1
                    accepted += expect
    assert checked > 500 and 0 < accepted < checked  # both answers are exercised


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["mhmd", "lshr", "hmzh", "brhym", "mhmwd", "shynwry", "lmtsdq", "nmna",
                        "mdhhry", "kdhm"]),
       st.text(alphabet="abdehikmorsuwy", max_size=12))
def test_the_spelling_steps_agree_with_the_regular_expression_on_any_word(
    token: str, word: str
) -> None:
    import re

    from sanctions_check.scoring.abjad import _abjad_patterns, _spells

    for steps in _abjad_patterns(token):
        assert _spells(steps, word) == (re.fullmatch(_as_regex(steps), word) is not None)
