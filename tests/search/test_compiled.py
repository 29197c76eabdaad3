"""The compiled loops (sanctions_check.search.compiled, numba): loaded once, compiled for the
types the matcher passes, and numpy when they cannot load.  That they give the same
results as the array operations is checked where those live (test_index, test_bounds)."""

from __future__ import annotations

import pytest

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.matching.matcher import Matcher
from sanctions_check.search.index import compiled_loops


def test_warm_up_compiles_what_the_matcher_calls(matcher2024: Matcher) -> None:
    """Every query reuses the loops compiled by the warm-up: a call with other argument types
    would compile again in the middle of a query (seconds), or fail there."""
    pytest.importorskip("numba")
    loops = compiled_loops()
    assert loops is not None
    saved = matcher2024._bounds.small
    matcher2024._bounds.small = 0  # the merge and the bounds for every query, even short ones
    try:
        for name, kind in [
            ("Kim Jong Sik", PERSON),  # plain words
            ("K Jong Sik", PERSON),  # an initial
            ("Abu Bakr al-Baghdadi", PERSON),  # particles
            ("Bank of the DPRK", ORG),  # a country word: every table read
            ("Shamsurrahman", PERSON),  # a joined word
        ]:
            matcher2024.match(name, kind=kind)
    finally:
        matcher2024._bounds.small = saved
    assert len(loops.merge_kernel.signatures) == 1
    assert len(loops.bounds_kernel.signatures) == 1
    assert len(loops.search_kernel.signatures) == 1  # (the two in one call: search.fused)


def test_loops_that_cannot_compile_leave_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A numba that imports but fails to compile (or to load its cache) is not used."""
    pytest.importorskip("numba")
    from sanctions_check.search import compiled

    def broken() -> None:
        raise RuntimeError("cannot compile")

    monkeypatch.setattr(compiled, "warm_up", broken)
    assert compiled_loops.__wrapped__() is None


def test_without_numba_the_loops_are_not_available(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import sanctions_check.search

    monkeypatch.setitem(sys.modules, "numba", None)  # import numba raises ImportError
    monkeypatch.delitem(sys.modules, "sanctions_check.search.compiled", raising=False)
    monkeypatch.delattr(sanctions_check.search, "compiled", raising=False)
    assert compiled_loops.__wrapped__() is None


def test_a_one_off_matcher_does_not_load_numba_a_batch_does(un2024) -> None:  # type: ignore[no-untyped-def]
    """Loading numba costs a one-off query ~0.5 s: only long runs (the batch engines, through
    Matcher.prepare_batch) turn the compiled loops on."""
    from sanctions_check.matching.matcher import Matcher

    matcher = Matcher.from_list(un2024)
    assert not matcher.index.compiled and not matcher._bounds.compiled
    matcher.prepare_batch()
    assert matcher.index.compiled and matcher._bounds.compiled  # numba: the test extra
    assert matcher.use_compiled_loops(False) is False and not matcher.index.compiled
