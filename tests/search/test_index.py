"""Candidate retrieval (sanctions_check.search.index): finds every name the scorer could credit."""

from __future__ import annotations

import csv
import pickle

import pytest
from conftest import EVAL_DIR
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from sanctions_check.names.normalise import normalise_name, tokens
from sanctions_check.scoring.alignment import LOOSE_METHODS, is_particles, join_compatible
from sanctions_check.scoring.features import token_similarity
from sanctions_check.scoring.namescore import name_score
from sanctions_check.scoring.weights import DEFAULT_SCORING
from sanctions_check.search.index import NameIndex

SIM_FLOOR = DEFAULT_SCORING.sim_floor

FORMS = [
    tokens("CHO CHUN RYONG"),
    tokens("KIM JONG SIK"),
    tokens("RI PYONG CHUL"),
    tokens("Shams ur-Rahman"),
    tokens("ABDUL MALIK"),
    tokens("OFFICE 39"),
    tokens("AL-QAIDA"),
]


@pytest.fixture(scope="module")
def small() -> NameIndex:
    return NameIndex(FORMS)


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("Jo Chun-ryong", 0),  # romanisation key (jo ~ cho)
        ("Kim Cho'ng-sik", 1),  # romanisation key (chong ~ jong)
        ("Rhee Byong Chol", 2),  # three romanisation keys
        ("Shamsurrahman", 3),  # joined query vs split list name
        ("Abdulmalik", 4),  # joined query vs split list name
        ("Room 39", 5),  # synonym key and the number
        ("Kim Jong Sikk", 1),  # typo: fuzzy scan
        ("Al Qaeda", 6),  # spelling variant of the content word
    ],
)
def test_index_finds(small: NameIndex, query: str, form: int) -> None:
    assert form in small.candidates(tokens(query))


def test_particles_alone_find_nothing(small: NameIndex) -> None:
    # "al" is on half the list; a match on it alone never makes a candidate
    assert small.candidates(("al",)) == {}


def test_candidates_report_positions(small: NameIndex) -> None:
    q_mask, l_mask = small.candidates(tokens("Kim Jong Un"))[1]
    assert q_mask == 0b011  # kim and jong found the form, un did not
    assert l_mask == 0b011


def test_unit_matches_are_cached(small: NameIndex) -> None:
    first = small.unit_matches("chun", False)
    assert small.unit_matches("chun", False) is first


def _eval_queries() -> list[tuple[str, str | None]]:
    with (EVAL_DIR / "names.csv").open(encoding="utf-8", newline="") as fh:
        return [(r["query"], r["kind"] or None) for r in csv.DictReader(fh)]


def test_index_never_misses_a_scoring_name(matcher2024) -> None:
    """Every list name form the exhaustive scorer gives a score above 0 is a candidate.

    This is the recall guarantee of the index, checked on every 4th eval query (all
    categories) against every list name form.
    """
    forms = matcher2024.forms
    for query, kind in _eval_queries()[::4]:
        for k in (kind,) if kind else ("person", "org"):
            qt = normalise_name(query, k).tokens
            qw = [matcher2024.weights.weight(t, k) for t in qt]
            found = matcher2024.index.candidates(qt, k)
            for fid, form in enumerate(forms):
                if form.kind != k:
                    continue
                ns = name_score(qt, form.tokens, qw, form.weights, k, form.source != "pool")
                if ns.score > 0:  # the index holds each distinct name once
                    assert matcher2024.name_of[fid] in found, (query, form.name.text)


_tok = st.text(alphabet="abdehiklmnorsuy", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_tok, min_size=1, max_size=4), min_size=1, max_size=6),
    st.lists(_tok, min_size=1, max_size=4),
)
def test_index_complete_on_random_names(forms: list[list[str]], query: list[str]) -> None:
    """Property: whatever the names, the index returns every form the scorer credits."""
    index = NameIndex(forms)
    found = index.candidates(query)
    weights = [1.0] * len(query)
    for fid, form in enumerate(forms):
        if name_score(query, form, weights, [1.0] * len(form)).score > 0:
            assert fid in found, (query, form)


_ALPHABET = "abcdehijklmnorstuwyz"
_word = st.text(alphabet=_ALPHABET, min_size=1, max_size=11)


@st.composite
def _near_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A word and the same word after a few random edits: pairs near the similarity gate."""
    word = draw(_word)
    edited = list(word)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(edited)))
        op = draw(st.sampled_from(("sub", "ins", "del")))
        letter = draw(st.sampled_from(_ALPHABET))
        if op == "ins" or not edited:
            edited.insert(at, letter)
        elif op == "sub":
            edited[min(at, len(edited) - 1)] = letter
        elif len(edited) > 1:
            del edited[min(at, len(edited) - 1)]
    return word, "".join(edited)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.tuples(_word, _word), _near_pair()))
def test_unit_matches_find_every_credited_word(pair: tuple[str, str]) -> None:
    """Property: a list word the scorer credits against a query word is found by the index
    (dictionary keys or the fuzzy scan above ``gate_cutoff``), and a joined pair only when
    align() could make it."""
    query, listed = pair
    index = NameIndex([[listed]])
    sim, method = token_similarity(query, listed)
    found = listed in index.unit_matches(query, False)
    initial = len(listed) == 1 < len(query) and query[0] == listed  # "kim j un" ~ "jong"
    assert found == (sim >= SIM_FLOOR or initial), (query, listed, sim, method)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.tuples(_word, _word), _near_pair()), st.integers(0, 10))
# found once by chance: alike consonants capped by the ending rule were credited joined by
# align() (method "ending") though the index never pairs alike consonants joined
@example(("abcwi", "abch"), 0)
@example(("abch", "abcwi"), 1)
def test_unit_matches_find_every_credited_joined_pair(pair: tuple[str, str], cut: int) -> None:
    """Property: joined pairs, both ways -- a list span ("abdul malik") against a query
    word, a joined query span against a list word -- are found exactly when align() would
    credit them: alike enough, spelled alike (not only sounding alike), lengths and first
    letters compatible."""
    word, other = pair
    assume(len(other) >= 2)
    cut = 1 + cut % (len(other) - 1)

    def credited(a: str, b: str) -> bool:
        sim, method = token_similarity(a, b)
        return sim >= SIM_FLOOR and method not in LOOSE_METHODS and join_compatible(a, b)

    listed = NameIndex([[other[:cut], other[cut:]]])  # the list name's words joined
    assert (other in listed.unit_matches(word, False)) == credited(word, other), (word, other)
    # a query's words joined ("abdul malik" written apart) against a list word
    assert (word in NameIndex([[word]]).unit_matches(other, True)) == credited(other, word)


def test_joined_pairs_that_only_sound_alike_find_nothing() -> None:
    # "jean paul" joined and "jeanpol" share a vowel skeleton, but align() never pairs a
    # joined span on a sound-alike, so the scorer gives 0: the index must not find the form
    # (nor, the other way round, a joined list span for the single word)
    assert token_similarity("jeanpaul", "jeanpol")[1] == "vowels"
    assert name_score(("jean", "paul"), ("jeanpol",), [1.0, 1.0], [1.0]).score == 0
    assert NameIndex([["jeanpol"]]).candidates(("jean", "paul")) == {}
    assert NameIndex([["jean", "paul"]]).candidates(("jeanpol",)) == {}
    # spelled alike, the joined pair is made and found
    assert NameIndex([["jeanpaul"]]).candidates(("jean", "paul")) == {0: [0b11, 0b1]}


def test_index_pickles_without_caches(small: NameIndex) -> None:
    # the batch and dask engines ship the matcher (and its index) to worker processes
    small.candidates(tokens("Jo Chun-ryong"))
    clone = pickle.loads(pickle.dumps(small))
    assert clone.words.matches == {} and clone.words.tables == {}
    assert clone.candidates(tokens("Jo Chun-ryong")) == small.candidates(tokens("Jo Chun-ryong"))


# with a need, the merge runs as a compiled loop where numba is installed, else as array
# operations: both must hold
@pytest.mark.parametrize("compiled", [False, True])
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_tok, min_size=1, max_size=4), min_size=1, max_size=8),
    st.lists(_tok, min_size=1, max_size=5),
    st.lists(st.sampled_from([0.0, 0.2, 0.5, 1.0]), min_size=5, max_size=5),
    st.sampled_from([0.1, 0.6, 1.0, 1.4, 2.0]),
)
def test_gather_with_need_keeps_the_forms_found_by_enough_weight(
    compiled: bool, forms: list[list[str]], query: list[str], weights: list[float], need: float
) -> None:
    """Property: with MaxScore's ``need``, exactly the forms found by query words weighing
    ``need`` together are gathered (through a word's own table or a joined span's), with
    the same credits, list positions and joined flags as without it (sorted)."""
    assume(not any(is_particles((t,)) for t in query))
    weights = weights[: len(query)]
    index = NameIndex(forms)
    index.compiled = compiled
    full = index.gather(query)
    rows = {
        fid: (row, lmask, joined)
        for fid, row, lmask, joined in zip(
            full.fids.tolist(), full.credits.tolist(), full.lmasks.tolist(),
            full.joined.tolist(), strict=True,
        )
    }  # fmt: skip
    expected = {
        fid
        for fid, (row, _m, _j) in rows.items()
        if sum(w for w, c in zip(weights, row, strict=True) if c > 0) >= need
    }
    got = index.gather(query, None, weights, need)
    assert got.fids.tolist() == sorted(expected)
    assert got.credits.shape == (len(expected), len(query))
    for fid, row, lmask, joined in zip(
        got.fids.tolist(), got.credits.tolist(), got.lmasks.tolist(), got.joined.tolist(),
        strict=True,
    ):  # fmt: skip
        assert (row, lmask, joined) == rows[fid]


def test_the_compiled_merge_equals_the_array_merge(matcher2024) -> None:
    """On the real list, with the matcher's own weights and needs: the same arrays."""
    pytest.importorskip("numba")
    index = matcher2024.index
    with (EVAL_DIR / "names.csv").open(encoding="utf-8", newline="") as fh:
        queries = [r["query"] for r in csv.DictReader(fh)]
    compared = 0
    before = index.compiled  # the fixture is shared: leave it as found
    for query in queries[::2]:
        qt, qw, _places = matcher2024.query_terms(query, "person")
        if not qt or not any(qw):
            continue
        for need in (0.3 * sum(qw), 0.6 * sum(qw)):
            plan = index.plan(qt, "person", qw, need)
            got = {}
            for compiled in (False, True):
                index.compiled = compiled
                try:
                    got[compiled] = index.merge(plan, len(qt), qw, need)
                finally:
                    index.compiled = before
            a, b = got[False], got[True]
            assert a.fids.tolist() == b.fids.tolist(), query
            assert a.credits.tolist() == b.credits.tolist(), query
            assert a.lmasks.tolist() == b.lmasks.tolist(), query
            assert a.joined.tolist() == b.joined.tolist(), query
            compared += len(a.fids)
    assert compared > 1000  # the real list gives many forms to compare
