"""Score bounds (sanctions_check.search.bounds): a form is pruned only when it cannot reach the floor.

The invariant behind every speed-up of the matcher: for every name form that scores above
0 against a query, the candidates list it, with a bound at least its score (less the
rounding margin).  Checked against the real UN list and on random names.
"""

from __future__ import annotations

import csv

import pytest
from conftest import EVAL_DIR
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sanctions_check.lists.entries import ALIAS, ORG, PERSON, Entry, Name
from sanctions_check.matching.matcher import Matcher
from sanctions_check.matching.scorer import ROUNDING
from sanctions_check.names.normalise import unusable_reason
from sanctions_check.search.bounds import TRACKED
from sanctions_check.search.coverage import MAX_SUBSET_WORDS
from sanctions_check.search.index import compiled_loops

# the bounds are computed form by form in plain Python for short tables (smallbounds.py),
# for long ones by the compiled loop (compiled.py, with numba) or else with numpy: every
# way must hold (and all agree).  (postings at most which the plain-Python way is taken,
# whether the compiled loop may be used)
PATHS = {"python": (10**9, False), "numpy": (0, False), "compiled": (0, True)}


def _candidates(
    matcher: Matcher, query: str, kind: str, floor: float, path: str
) -> list[tuple[float, int, int, int]]:
    """The matcher's candidates for a query, the bounds computed by ``path``."""
    qt, qw, places = matcher.query_terms(query, kind)
    fb, index = matcher._bounds, matcher.index
    saved = fb.small, fb.compiled, index.compiled
    fb.small, fb.compiled = PATHS[path]
    index.compiled = fb.compiled
    try:
        return matcher.candidates(qt, qw, places, kind, floor)
    finally:
        fb.small, fb.compiled, index.compiled = saved


def _unsound(
    matcher: Matcher, query: str, kind: str, path: str = "numpy"
) -> list[tuple[str, float, float]]:
    """(list name, score, bound) of every form scoring above 0 that the candidates miss or
    bound below its score."""
    scores = _scores(matcher, query, kind)
    if not scores:
        return []
    found = _candidates(matcher, query, kind, 0.0, path)
    bounds = {fid: b for b, fid, _q, _l in found}
    return [
        (matcher.forms[fid].name.text, score, bounds.get(fid, -1.0))
        for fid, score in scores
        if bounds.get(fid, -1.0) + ROUNDING < score
    ]


# the last matcher's (query, kind) -> every (form, score) above 0: each way of bounding is
# checked against the same scores, worked out once (scoring every form one by one is most of
# this module's time); a matcher of its own (the random lists) replaces the one kept
_SCORED: list[tuple[Matcher, dict[tuple[str, str], tuple[tuple[int, float], ...]]]] = []


def _scores(matcher: Matcher, query: str, kind: str) -> tuple[tuple[int, float], ...]:
    """Every form of ``kind`` scoring above 0 against ``query``, scored one by one."""
    if not _SCORED or _SCORED[0][0] is not matcher:
        _SCORED[:] = [(matcher, {})]
    known = _SCORED[0][1]
    if (query, kind) not in known:
        qt, qw, places = matcher.query_terms(query, kind)
        scored = []
        if qt:
            for fid, form in enumerate(matcher.forms):
                if form.kind == kind:
                    score, _parts = matcher.form_score(qt, qw, places, kind, fid)
                    if score > 0:
                        scored.append((fid, score))
        known[query, kind] = tuple(scored)
    return known[query, kind]


def _queries() -> list[tuple[str, str]]:
    with (EVAL_DIR / "names.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(r["query"], r["kind"] or PERSON) for r in csv.DictReader(fh)]
    # and with initials: a query initial aligns with any list word of its letter
    initials = [
        (" ".join(w[0] if i == 1 else w for i, w in enumerate(q.split())), k)
        for q, k in rows
        if k == PERSON and len(q.split()) >= 3
    ]
    return rows[::3] + initials[::3]


@pytest.mark.parametrize("path", sorted(PATHS))
def test_bound_is_never_below_the_score_on_the_un_list(matcher2024: Matcher, path: str) -> None:
    bad = {}
    for query, kind in _queries():
        found = _unsound(matcher2024, query, kind, path)
        if found:
            bad[query] = found[:3]
    assert bad == {}


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("K Jong Sik", PERSON),  # a query initial earns half against "kim", in full against "k"
        ("Kim J Un", PERSON),
        ("Muhammad Muhammad al-Saleh", PERSON),  # a repeated word competes for one list word
        ("Islamic State of Iraq and the Levant", ORG),  # particles and a country word
        ("Bank of the DPRK", ORG),  # a country word light for DPRK entries only
        ("Abdulmalik", PERSON),  # a joined query word against a split list name
    ],
)
def test_bound_holds_for_tricky_queries(matcher2024: Matcher, query: str, kind: str) -> None:
    for path in PATHS:
        assert _unsound(matcher2024, query, kind, path) == []


@pytest.mark.parametrize("other", ["numpy", "compiled"])
def test_every_way_gives_the_same_candidates(matcher2024: Matcher, other: str) -> None:
    for query, kind in _queries()[::4]:
        py, them = (
            sorted(_candidates(matcher2024, query, kind, 40.0, path), key=lambda c: c[1])
            for path in ("python", other)
        )
        assert [c[1:] for c in py] == [c[1:] for c in them], query
        assert all(abs(a[0] - b[0]) < 1e-6 for a, b in zip(py, them, strict=True)), query


def test_the_compiled_loop_is_used_where_numba_is_installed() -> None:
    """Where numba is installed (the ``fast`` extra, and the test extra) the "compiled" path
    above is the compiled loop, not the array operations again."""
    pytest.importorskip("numba")
    assert compiled_loops() is not None


_word = st.sampled_from(
    ["kim", "jong", "sik", "un", "ri", "pyong", "chol", "chul", "al", "bin", "abdul", "malik",
     "abdulmalik", "j", "k", "m", "muhammad", "mohammed", "saleh", "salih", "bank", "trade"]
)  # fmt: skip
_name = st.lists(_word, min_size=1, max_size=5).map(" ".join)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(_name, st.lists(_name, max_size=2), st.sampled_from([PERSON, ORG])),
        min_size=1,
        max_size=6,
    ),
    _name,
    st.sampled_from([PERSON, ORG]),
)
def test_bound_is_never_below_the_score_on_random_names(
    names: list[tuple[str, list[str], str]], query: str, kind: str
) -> None:
    """Property: random list names made of look-alike words, initials, particles and joined
    forms; every form scoring above 0 is a candidate with a bound at least its score."""
    entries = [
        Entry(
            reference_number=f"TSi.{i:03d}", dataid=str(i), kind=k, primary_name=primary,
            name_parts=tuple(primary.split()),
            aliases=tuple(Name(a, ALIAS, "Good") for a in aliases),
        )
        for i, (primary, aliases, k) in enumerate(names)
    ]  # fmt: skip
    assume(unusable_reason(query, kind) is None)
    matcher = Matcher.from_list(entries)
    for path in PATHS:
        assert _unsound(matcher, query, kind, path) == []
    exhaustive = Matcher.from_list(entries, exhaustive=True)
    for limit, low in ((10, None), (2, 40.0)):
        a = matcher.match(query, kind=kind, limit=limit, min_score=low)
        b = exhaustive.match(query, kind=kind, limit=limit, min_score=low)
        assert [(h.reference_number, h.score) for h in a] == [
            (h.reference_number, h.score) for h in b
        ]


def test_one_letter_particle_counts_once(matcher2024: Matcher) -> None:
    # "e" in "Lashkar-e-Taiba" is both an initial and a particle: assumed matched (its bit
    # set in every candidate's query mask), and its weight left out of `need` only once
    qt, qw, places = matcher2024.query_terms("Lashkar-e-Taiba", "org")
    assert qt[1] == "e"
    cands = matcher2024.candidates(qt, qw, places, "org", 40.0)
    assert cands and all(q & 0b010 for _b, _fid, q, _l in cands)
    assert all(q & 0b100 for _b, fid, q, _l in cands if "taiba" in matcher2024.forms[fid].tokens)


@pytest.mark.parametrize(
    ("weights", "source"),
    [
        ((0.3, 0.3), "name"),  # two common words: an exact match scores sqrt(0.6) of 100
        ((0.7, 0.9), "name"),  # informative enough: the evidence factor is 1
        ((0.9, 0.6, 0.5), "pool"),  # words from several names: the pool factor and evidence
    ],
)
def test_cap_is_the_best_score_a_form_can_get(weights: tuple[float, ...], source: str) -> None:
    """The per-form cap of the first stage is what an exact match of the form scores."""
    from sanctions_check.matching.config import POOL_FACTOR, POOL_MIN_EVIDENCE
    from sanctions_check.scoring.namescore import name_score
    from sanctions_check.search.bounds import FormBounds

    toks = tuple(("robert", "smith", "jones")[: len(weights)])
    fb = FormBounds([toks], [weights], [source], POOL_FACTOR, POOL_MIN_EVIDENCE)
    exact = name_score(toks, toks, list(weights), list(weights), PERSON).score
    if source == "pool":  # the matcher's pool score with full query coverage
        exact = round(100.0 * POOL_FACTOR * min(1.0, sum(weights) / POOL_MIN_EVIDENCE) ** 0.5, 2)
    assert abs(100.0 * fb.cap[0] - exact) < 0.01


def _entries(*names: str) -> list[Entry]:
    return [
        Entry(
            reference_number=f"TSi.{i:03d}", dataid=str(i), kind=PERSON, primary_name=name,
            name_parts=tuple(name.split()), aliases=(),
        )
        for i, name in enumerate(names)
    ]  # fmt: skip


def _bounds_by_name(matcher: Matcher, query: str, path: str) -> dict[str, float]:
    """List name -> bound of every candidate of a person query (floor 0), by ``path``."""
    found = _candidates(matcher, query, PERSON, 0.0, path)
    return {matcher.forms[fid].name.text: b for b, fid, _q, _l in found}


def test_a_query_initial_counts_in_a_long_form_only_with_a_word_of_its_letter() -> None:
    # words past the tracked ones are assumed alignable; a query initial is assumed matched
    # there only when the form holds a word of its letter ("tobias"), not in "jacobs"
    names = [f"Robert Aa Bb Cc Dd Ee Ff Gg Hh Smith {last}" for last in ("Tobias", "Jacobs")]
    matcher = Matcher.from_list(_entries(*names))
    assert all(len(f.tokens) > TRACKED for f in matcher.forms)
    for path in PATHS:
        assert _unsound(matcher, "Robert T Smith", PERSON, path) == []
    for path in PATHS:
        bound = _bounds_by_name(matcher, "Robert T Smith", path)
        assert bound[names[1]] < bound[names[0]], path


def test_a_list_initial_no_query_word_can_align_with_costs_as_an_unmatched_word() -> None:
    # "T" in "T James Baker" aligns only with a query word or initial of its letter (or in a
    # joined span: "tjames" cannot, its first letters differ from "james"), which the index
    # finds like any other pair: against "James Baker" it is an unmatched word before the
    # matched ones, so that form's bound is below the bound of "James Baker" itself
    matcher = Matcher.from_list(_entries("T James Baker", "James Baker", "Tom Baker"))
    for query in ("James Baker", "James T Baker", "Tom James Baker", "J T Baker"):
        for path in PATHS:
            assert _unsound(matcher, query, PERSON, path) == []
    for path in PATHS:
        bound = _bounds_by_name(matcher, "James Baker", path)
        assert bound["T James Baker"] < bound["James Baker"], path


def test_form_facts_are_the_sums_the_bound_took_per_query(matcher2024: Matcher) -> None:
    # the plain-Python bound reads each form's weight sums from form_facts, worked out once:
    # the same sum() of the same slice as per query before, so bit for bit the same bounds
    fb = matcher2024._bounds
    for fid in range(0, len(fb.tokens), 7):  # (the bounds index distinct names)
        toks, ws = fb.tokens[fid], fb.form_weights[fid]
        f = fb.form_facts(fid)
        assert f is fb.form_facts(fid)  # worked out once
        assert (f.total, f.tail) == (sum(ws), sum(ws[fb.width :]))
        assert f.before == tuple(sum(ws[:k]) for k in range(len(ws) + 1))
        assert f.after == tuple(sum(ws[k:]) for k in range(len(ws) + 1))
        assert f.cap == float(fb.cap[fid]) and f.pool == (fid in fb.pools)
        for letter, mask in f.lettered.items():
            assert mask == sum(
                1 << j for j, t in enumerate(toks[: fb.width]) if len(t) > 1 and t[0] == letter
            )


def test_with_the_compiled_loops_on_fewer_postings_stay_plain_python(
    matcher2024: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the compiled loops on, a query of at most MAX_SUBSET_WORDS words whose tables hold
    more than SMALL_COMPILED postings (but no more than SMALL) is bounded by them, not form by
    form in plain Python: the same hits as the plain-Python way (full-length news articles:
    -16 % instructions)."""
    pytest.importorskip("numba")
    from sanctions_check.search import bounds

    plain: list[tuple[int, int]] = []  # (postings, query words) of each plain-Python bound
    small = bounds.small_candidates

    def spy(fb, plan, n, *args, **kw):  # type: ignore[no-untyped-def]
        plain.append((sum(t.size for _qs, _qe, t, _ess in plan), n))
        return small(fb, plan, n, *args, **kw)

    monkeypatch.setattr(bounds, "small_candidates", spy)
    fb, index = matcher2024._bounds, matcher2024.index
    saved = fb.small, fb.compiled, index.compiled
    queries = [q for q, _k in _queries()[::4]]
    try:
        fb.small, fb.compiled, index.compiled = bounds.SMALL, False, False
        before = [matcher2024.match(q, min_score=60) for q in queries]
        sizes, plain[:] = list(plain), []
        assert any(bounds.SMALL_COMPILED < s <= bounds.SMALL for s, _n in sizes)  # (in play)
        fb.compiled = index.compiled = True
        after = [matcher2024.match(q, min_score=60) for q in queries]
    finally:
        fb.small, fb.compiled, index.compiled = saved
    # (longer queries: the compiled loop does not bound them, numpy calls cost more)
    assert plain and all(s <= bounds.SMALL_COMPILED or n > MAX_SUBSET_WORDS for s, n in plain)
    assert [[repr(h) for h in hits] for hits in after] == [[repr(h) for h in hits] for hits in before]
