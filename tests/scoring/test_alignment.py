"""The alignment of two names (sanctions_check.scoring.alignment)."""

from __future__ import annotations

import dataclasses

import pytest

from sanctions_check.names.normalise import tokens
from sanctions_check.scoring.alignment import align, join_compatible
from sanctions_check.scoring.features import DEFAULT_WEIGHTS
from sanctions_check.scoring.namescore import name_score
from sanctions_check.scoring.weights import DEFAULT_SCORING


def _pairs(q: str, lst: str) -> list[tuple[str, str, str]]:
    qt, lt = tokens(q), tokens(lst)
    return [
        (" ".join(qt[qs:qe]), " ".join(lt[ls:le]), method)
        for qs, qe, ls, le, _, method in align(qt, lt)
    ]


def test_align_is_order_free() -> None:
    # surname first with a comma vs given name first
    got = _pairs("Gaye, Haroun", "HAROUN GAYE")
    assert ("gaye", "gaye", "exact") in got and ("haroun", "haroun", "exact") in got


@pytest.mark.parametrize(
    ("query", "listed", "pair"),
    [
        # joined vs split forms, both directions (Arabic "Abd al-X" compounds are one word
        # already after normalisation, see test_normalise.test_bound_forms)
        ("Shamsurrahman", "Shams ur-Rahman", ("shamsurrahman", "shams ur rahman")),
        ("Ri Jeson", "RI JE SON", ("jeson", "je son")),
        ("Kimjong Sik", "KIM JONG SIK", ("kimjong", "kim jong")),
    ],
)
def test_align_joined_forms(query: str, listed: str, pair: tuple[str, str]) -> None:
    assert pair in [(q, lt) for q, lt, _ in _pairs(query, listed)]


def test_align_initials() -> None:
    # an initial matches a word of its letter
    assert ("m", "mohammed", "initial") in _pairs("M. Omar", "Mohammed Omar")


@pytest.mark.parametrize(
    ("query", "listed", "joined"),
    [
        # "abdul malik" joins to "abdulmalik": the two words stand side by side
        (["abdul", "malik"], ["abdulmalik"], True),
        # the same words apart (another word between them) do not join
        (["abdul", "hassan", "malik"], ["abdulmalik"], False),
        # nor in the other order: "malik abdul" is not "abdulmalik"
        (["malik", "abdul"], ["abdulmalik"], False),
    ],
)
def test_joins_need_adjacent_words(query: list[str], listed: list[str], joined: bool) -> None:
    qw = [DEFAULT_WEIGHTS.weight(t) for t in query]
    lw = [DEFAULT_WEIGHTS.weight(t) for t in listed]
    spans = {(qs, qe) for qs, qe, *_ in align(query, listed)}
    assert any(qe - qs > 1 for qs, qe in spans) is joined
    assert (name_score(query, listed, qw, lw).score > 0) is joined


def test_alignment_reads_its_weights() -> None:
    # an initial pairs at the scoring weights' initial_sim, a join needs join_ratio: both
    # read from the weights given, not from module constants
    lower = dataclasses.replace(DEFAULT_SCORING, initial_sim=0.75)
    qt, lt = tokens("M. Omar"), tokens("Mohammed Omar")
    sims = {method: sim for *_, sim, method in align(qt, lt, scoring=lower)}
    assert sims["initial"] == 0.75
    assert {method: sim for *_, sim, method in align(qt, lt)}["initial"] == 0.85
    strict = dataclasses.replace(DEFAULT_SCORING, join_ratio=0.95)
    assert join_compatible("shamsurrahman", "shamsrahman")  # 11 of 13 letters: >= 0.6
    assert not join_compatible("shamsurrahman", "shamsrahman", strict)  # < 0.95



def test_three_korean_syllables_join() -> None:
    # KPe.004's alias NAM CHON GANG CORPORATION / NAMCHONGANG TRADING CORPORATION: three
    # Korean syllables join into one place name (since 1.11; 0.2 in compare before: only a
    # particle or a syllable of three letters could join three words)
    pairs = _pairs("NAM CHON GANG CORPORATION", "NAMCHONGANG TRADING CORPORATION")
    assert ("nam chon gang", "namchongang") in [(q, lt) for q, lt, _ in pairs]
    # ... spelled alike only: a letter off is another syllable, another place (KPe.022
    # CHONGCHONGANG SHIPPING COMPANY; "chong hong ang" is 0.93 alike joined)
    pairs = _pairs("CHONG HONG ANG SHIPPING COMPANY", "CHONGCHONGANG SHIPPING COMPANY")
    assert ("chong hong ang", "chongchongang") not in [(q, lt) for q, lt, _ in pairs]


def test_two_words_without_vowels_join_only_spelled_alike() -> None:
    # Arabic script (anyascii, no vowels): "شهاب عباسین" (Shahab Abbasin) joined is one
    # letter off "shhbdyn" (شهاب الدين, TAi.113's Shahabuddin, one word since 1.13): another
    # name, not a spelling (edit 0.87 paired them); written alike, the words still join
    assert not any(s.q_end - s.q_start == 2 for s in align(("shhb", "bsyn"), ("shhbdyn",)))
    assert [s[:4] for s in align(("shhb", "dyn"), ("shhbdyn",))] == [(0, 2, 0, 1)]
