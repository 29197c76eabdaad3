"""Names written without vowels (Arabic / Persian script) against their Latin spellings.

anyascii writes منير as "mnyr": the script leaves short vowels (and alef, ain) out, so a
Latin spelling can only be compared on its consonants (``features.abjad_similarity``).
The pairs are the list's own: a listed person's original-script name and Latin name.
"""

from __future__ import annotations

import pytest

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
    ],
)
def test_original_script_meets_latin_name(script: str, latin: str) -> None:
    assert compare_names(script, latin, "person").match
    assert compare_names(latin, script, "person").match


def test_arabic_compounds_are_one_word() -> None:
    # عبد اللطيف and نور الله are written as two words or one: one word, like abdullatif
    assert tokens("هاني عبد اللطيف", "person") == ("hny", "bdlltyf")
    assert tokens("نور الله نوری", "person") == ("nwrllh", "nwry")


def test_matcher_finds_a_latin_query_through_the_original_script(matcher2024) -> None:
    # "Mahmoud Abbas" is not MOHAMMAD ABBAS AKHUND (TAi.066, محمد عباس آخوند): his محمد
    # is no Mahmoud, so the original-script name gives no hit
    hits = matcher2024.match("Mahmoud Abbas", kind="person", limit=None)
    assert "TAi.066" not in {h.reference_number for h in hits}
    # an Arabic-script query of a listed person finds him on his Latin names too
    hits = matcher2024.match("عبد الحي سالك", kind="person")
    assert hits and hits[0].reference_number == "TAi.108"
