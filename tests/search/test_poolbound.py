"""The pooled forms' own bound (sanctions_check.search.poolbound): never below a pool score.

``FormBounds.candidates`` drops a pooled candidate whose reach (``candidate_reach``:
:func:`pool_reach` of :func:`most_matched`) is below the floor.  The invariant: every pooled
form scoring above 0 against a query is a candidate whose reach is at least its score less
the rounding margin, by every way of bounding (plain Python, numpy, the compiled loop).  Checked on real list entries: the UN
list's names (``names.csv``) and, as a property, queries made of a real entry's own words.
"""

from __future__ import annotations

import csv

import pytest
from conftest import EVAL_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.matching.matcher import Matcher
from sanctions_check.matching.scorer import ROUNDING
from sanctions_check.search import bounds, poolbound
from sanctions_check.search.poolbound import exempt_positions, most_matched, pool_reach

# postings at most which the plain-Python way is taken, whether the compiled loops are used
PATHS = {"python": (10**9, False), "numpy": (0, False), "compiled": (0, True)}


def _reaches(matcher: Matcher, query: str, kind: str, path: str) -> dict[int, float]:
    """Form id -> reach of every pooled candidate of a query at floor 0 (where every pooled
    candidate is checked and none dropped), bounded by ``path``."""
    qt, qw, places = matcher.query_terms(query, kind)
    fb, index = matcher._bounds, matcher.index
    got: dict[int, float] = {}
    reach = poolbound.candidate_reach

    def spy(fb_, cand, *args):  # type: ignore[no-untyped-def]
        got[cand.fid] = out = reach(fb_, cand, *args)
        return out

    saved = fb.small, fb.compiled, index.compiled, poolbound.candidate_reach
    fb.small, fb.compiled = PATHS[path]
    index.compiled, poolbound.candidate_reach = fb.compiled, spy
    try:
        matcher.candidates(qt, qw, places, kind, 0.0)
    finally:
        fb.small, fb.compiled, index.compiled, poolbound.candidate_reach = saved
    # (the bounds index distinct names; each stands for the forms of its entries)
    return {fid: got[nid] for nid in got for fid in matcher.name_forms[nid]}


def _short(matcher: Matcher, query: str, kind: str) -> list[tuple[str, str, float, float]]:
    """(way, list name, score, reach) of every pooled candidate scoring above 0 whose reach
    is below its score less the rounding margin, by each way of bounding.  (That every form
    scoring above 0 is a candidate: tests/search/test_bounds.py.)"""
    qt, qw, places = matcher.query_terms(query, kind)
    if not qt:
        return []
    reaches = {path: _reaches(matcher, query, kind, path) for path in PATHS}
    out = []
    for fid in sorted({fid for got in reaches.values() for fid in got}):
        score = matcher.form_score(qt, qw, places, kind, fid)[0]
        for path, got in reaches.items():
            if score > 0 and got.get(fid, -1.0) + ROUNDING < score:
                out.append((path, matcher.forms[fid].name.text, score, got.get(fid, -1.0)))
    return out


def _queries() -> list[tuple[str, str]]:
    with (EVAL_DIR / "names.csv").open(encoding="utf-8", newline="") as fh:
        return [(r["query"], r["kind"] or PERSON) for r in csv.DictReader(fh)][::3]


def test_pool_reach_is_never_below_the_pool_score_on_the_un_list(matcher2024: Matcher) -> None:
    bad = {}
    for query, kind in _queries():
        found = _short(matcher2024, query, kind)
        if found:
            bad[query] = found[:3]
    assert bad == {}


def _pooled_entries(matcher: Matcher) -> list[int]:
    """Entry indexes of the list's entries with a pooled form."""
    return sorted({f.entry_index for f in matcher.forms if f.source == "pool"})


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_pool_reach_is_never_below_the_pool_score_on_queries_of_list_words(
    matcher2024: Matcher, data: st.DataObject
) -> None:
    """Property: a query of two to four words drawn from a real entry's names (any of them,
    repeated, reordered, an initial, a common word of another entry), against every pooled
    form of that kind: each scoring above 0 is a candidate reaching its score."""
    entries = _pooled_entries(matcher2024)
    entry = matcher2024.entries[data.draw(st.sampled_from(entries))]
    words = sorted({w for n in entry.names() for w in n.text.replace(",", " ").split()})
    other = matcher2024.entries[data.draw(st.sampled_from(entries))]
    extra = sorted({w for n in other.names() for w in n.text.split()})
    word = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(lambda w: w[0]),  # an initial
        st.sampled_from(extra),
    )
    query = " ".join(data.draw(st.lists(word, min_size=2, max_size=4)))
    kind = data.draw(st.sampled_from([entry.kind, PERSON, ORG]))
    assert _short(matcher2024, query, kind) == []


def test_common_words_alone_no_longer_make_a_pool_a_candidate(
    matcher2024: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Ibrahim Hassan": both words are in many entries' pools (7-34 words each), so the
    # general bound (every alignable list word's weight as matched) lets those pools reach
    # 80; matched, the two common words weigh about 0.9 of the 1.8 the pool needs (61.5)
    query = "Ibrahim Hassan"
    qt, qw, places = matcher2024.query_terms(query, PERSON)
    with_cut = {c.fid for c in matcher2024.candidates(qt, qw, places, PERSON, 80 - ROUNDING)}
    monkeypatch.setattr(bounds, "pool_cut", lambda _fb, found, *_a: found)
    without = {c.fid for c in matcher2024.candidates(qt, qw, places, PERSON, 80 - ROUNDING)}
    dropped = without - with_cut
    assert dropped and all(matcher2024.forms[fid].source == "pool" for fid in dropped)
    assert max(matcher2024.form_score(qt, qw, places, PERSON, fid)[0] for fid in dropped) < 80


def test_a_one_word_query_reaches_nothing_in_a_pool() -> None:
    # the matcher scores a one-word query 0 against a pooled form
    assert pool_reach(1, [0.9], [0.9], 0.5, 2.0, 0.88, 1.8) == 0.0
    assert pool_reach(0b11, [0.9, 0.9], [0.9, 0.9], 0.5, 2.0, 0.88, 1.8) == pytest.approx(88.0)


def test_matched_weight_is_the_heaviest_word_each_query_word_finds() -> None:
    # no tables (initials, particles, words without a table): the form's heaviest word each,
    # and never more than the k heaviest alignable words; a list initial ("b") is alignable
    # whatever the masks say
    weights = (0.2, 0.9, 0.05, 0.4)
    exempt = exempt_positions(("ali", "hassan", "b", "omar"))
    assert exempt == 0b0100
    assert most_matched(0, 0b11, -1, weights, exempt, [None, None]) == pytest.approx(1.3)
    assert most_matched(0, 0b11, 0b0001, weights, exempt, [None, None]) == pytest.approx(0.25)
