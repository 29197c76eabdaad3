"""The merge and bounds in one compiled call (sanctions_check.search.fused): the candidates
the two compiled loops give one after the other, to the last bit of every bound, so the
matcher scores the same forms in the same order and its outcomes are the same."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_bounds import _queries  # names.csv's queries, and with initials

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.matching.matcher import Matcher
from sanctions_check.search import bounds, fused
from sanctions_check.search.postings import Candidate

numba = pytest.importorskip("numba")


@pytest.fixture
def compiled(matcher2024: Matcher) -> Iterator[Matcher]:
    """The matcher with the compiled loops on for every query, even those with short tables
    (which plain Python bounds otherwise)."""
    fb, index = matcher2024._bounds, matcher2024.index
    saved = fb.small, fb.compiled, index.compiled
    fb.small, fb.compiled, index.compiled = 0, True, True
    try:
        yield matcher2024
    finally:
        fb.small, fb.compiled, index.compiled = saved


def _both(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch, query: str, kind: str, floor: float
) -> tuple[list[Candidate], list[Candidate], int]:
    """(candidates with the fused call, with the two loops, how often the fused call ran)."""
    qt, qw, places = matcher.query_terms(query, kind)
    calls = []
    real = fused.fused_candidates

    def counted(*args: object) -> list[Candidate]:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(bounds, "fused_candidates", counted)
    one = matcher.candidates(qt, qw, places, kind, floor)
    monkeypatch.setattr(bounds, "fits", lambda *_a: False)
    two = matcher.candidates(qt, qw, places, kind, floor)
    monkeypatch.undo()
    return one, two, len(calls)


# a low floor (many candidates) and the threshold less the rounding margin (the matcher's)
@pytest.mark.parametrize("floor", [40.0, 80.0 - 0.01])
def test_one_call_gives_the_two_loops_candidates_on_the_un_list(
    compiled: Matcher, monkeypatch: pytest.MonkeyPatch, floor: float
) -> None:
    used = 0
    for query, kind in _queries():
        one, two, calls = _both(compiled, monkeypatch, query, kind, floor)
        assert one == two, query  # the same bounds (floats compared exactly), same order
        used += calls
    assert used > 100  # (the fused call did run: most of these queries fit it)


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("K Jong Sik", PERSON),  # a query initial: its letter's bit and code
        ("Abu Bakr al-Baghdadi", PERSON),  # particles: assumed matched, in the query mask
        ("Lashkar e Taiba", ORG),  # a one-letter particle: initial and particle at once
        ("Shamsurrahman", PERSON),  # a joined query word
        ("Muhammad Muhammad al-Saleh", PERSON),  # a repeated word
    ],
)
def test_one_call_for_tricky_queries(
    compiled: Matcher, monkeypatch: pytest.MonkeyPatch, query: str, kind: str
) -> None:
    one, two, _calls = _both(compiled, monkeypatch, query, kind, 40.0)
    assert one == two


def test_queries_the_loops_do_not_both_take_are_not_fused(compiled: Matcher) -> None:
    """A country word (no ``need``: every table read) or more words than the compiled bounds
    take go the old way."""
    fb, index = compiled._bounds, compiled.index
    assert fused.fits(fb, index, 3, [1.0, 1.0, 1.0], 0.5)
    assert not fused.fits(fb, index, 3, [1.0, 1.0, 1.0], 0.0)
    assert not fused.fits(fb, index, fused.FUSED_WORDS + 1, [1.0] * 7, 0.5)
    assert not fused.fits(fb, index, 2, [0.0, 0.0], 0.5)


def test_forms_are_packed_once_per_bounds(compiled: Matcher) -> None:
    fb = compiled._bounds
    floats, ints, consts = fused.pack_forms(fb)
    assert fused.pack_forms(fb)[0] is floats
    assert floats.shape == (len(fb.cap), 4 + fb.width)
    assert ints.shape == (len(fb.cap), 4 + 2 * fb.width)
    assert floats[:, 4:].tolist() == fb.weights.tolist()
    assert ints[:, 4 + fb.width :].tolist() == fb.initial.tolist()
    assert consts[4] == fb.width
