"""The batch engine's run cache: outcomes come back equal, bounded by names and by hits."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import pytest

from sanctions_check.batch import engine as batch
from sanctions_check.batch import match as batchmatch
from sanctions_check.batch.runcache import RunCache, compact_key
from sanctions_check.lists.entries import ORG, PERSON
from sanctions_check.screening import run as screening

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval" / "names.csv"


def _state(matcher: Any) -> dict[str, Any]:
    return batchmatch.prepare_state({
        "matcher": matcher, "limit": screening.DEFAULT_LIMIT, "min_score": matcher.threshold,
        "best_floor": matcher.threshold,
    })  # fmt: skip


@pytest.fixture(scope="module")
def outcomes(matcher2024: Any) -> list[tuple[Any, batchmatch.Outcome]]:
    """Real outcomes of the labelled eval names (with and without hits)."""
    with open(EVAL, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:120]
    keys = list(dict.fromkeys((r["query"], r["kind"] or None, None, None) for r in rows))
    return list(zip(keys, batchmatch.match_keys(_state(matcher2024), keys), strict=True))


def test_outcomes_come_back_equal_with_hits_in_the_same_order(outcomes: list[Any]) -> None:
    cache = RunCache(1_000, 10_000)
    for key, outcome in outcomes:
        cache.put(key, outcome)
    assert sum(1 for _k, o in outcomes if o.hits) >= 20  # the eval names have many hits
    for key, outcome in outcomes:
        got = cache.get(key)
        assert got == outcome
        assert [list(h) for h in got.hits] == [list(h) for h in outcome.hits]  # key order


def test_hit_rows_are_held_smaller_than_as_dicts(outcomes: list[Any]) -> None:
    # a hit is kept as a tuple of values sharing one tuple of field names, not as a dict
    with_hits = [(k, o) for k, o in outcomes if o.hits]
    cache = RunCache(1_000, 10_000)
    for key, outcome in with_hits:
        cache.put(key, outcome)
    stored = list(cache._store.values())
    assert sum(map(sys.getsizeof, (row for s in stored for row in s[4]))) < 0.5 * sum(
        sys.getsizeof(h) for _k, o in with_hits for h in o.hits
    )


def test_bounded_by_the_hits_it_holds(outcomes: list[Any]) -> None:
    cache = RunCache(1_000, 5)
    for key, outcome in outcomes:
        cache.put(key, outcome)
        assert cache.hits <= 5
    assert cache.hits == sum(len(o.hits) for k, o in outcomes if cache.get(k) is not None)
    # the least recently used go first: the last outcome with hits is still there
    last_key, last = next((k, o) for k, o in reversed(outcomes) if o.hits)
    assert cache.get(last_key) == last


def test_bounded_by_names_least_recently_used_out_first(outcomes: list[Any]) -> None:
    cache = RunCache(3, 10_000)
    (k1, o1), (k2, o2), (k3, o3), (k4, o4) = outcomes[:4]
    for k, o in ((k1, o1), (k2, o2), (k3, o3)):
        cache.put(k, o)
    assert cache.get(k1) == o1  # now the most recently used: k2 goes first
    cache.put(k4, o4)
    assert len(cache) == 3
    assert cache.get(k2) is None
    assert cache.get(k1) == o1 and cache.get(k3) == o3 and cache.get(k4) == o4


def test_a_cache_of_no_names_holds_nothing(outcomes: list[Any]) -> None:
    cache = RunCache(0, 10_000)
    key, outcome = outcomes[0]
    cache.put(key, outcome)
    assert len(cache) == 0 and cache.get(key) is None


# keys compared as the run's raw keys compare: equal compact keys only for equal keys
@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # a Kind equals its string value, so both keys find the same outcome
        (("Kim", PERSON, None, None), ("Kim", "person", None, None), True),
        # a missing kind is not an empty one, nor the text of the missing-value marker
        (("Kim", None, None, None), ("Kim", "", None, None), False),
        (("Kim", None, None, None), ("Kim", "\x00", None, None), False),
        # parts do not run into each other: a separator in the name stays in the name
        (("Kim\x1fperson", None, None, None), ("person\x1fKim", None, None, None), False),
        (("a", "b\x1fc", None, None), ("c", "a\x1fb", None, None), False),
        (("Kim", ORG, "1970", "KP"), ("Kim", ORG, "1970", "KP"), True),
        (("Kim", ORG, "1970", None), ("Kim", ORG, None, "1970"), False),
    ],
)
def test_compact_keys_are_equal_only_for_equal_keys(a: Any, b: Any, same: bool) -> None:
    assert (a == b) is same
    assert (compact_key(a) == compact_key(b)) is same


def test_compact_key_is_a_string_for_ordinary_keys() -> None:
    # one string (about 60 bytes) instead of a tuple and its name (about 150)
    assert isinstance(compact_key(("Kim Jong Sik", PERSON, "1970", None)), str)
    assert compact_key((None, None, None, None)) == (None, None, None, None)


def test_a_run_with_a_small_hit_budget_writes_the_same_rows(
    matcher2024: Any, tmp_path: Path
) -> None:
    # hit names evicted by the hit budget are matched again: the same rows in the end
    with open(EVAL, encoding="utf-8", newline="") as fh:
        names = [r["query"] for r in csv.DictReader(fh)][:40]
    src = tmp_path / "rep.csv"
    src.write_text("name\n" + "\n".join(names * 3) + "\n", encoding="utf-8")
    a = batch.screen_file(matcher2024, src, tmp_path / "a.csv", workers=1, chunk_size=10,
                          cache_hits=1)  # fmt: skip
    b = batch.screen_file(matcher2024, src, tmp_path / "b.csv", workers=1, chunk_size=10)
    assert a.distinct_names > b.distinct_names == len(set(names))
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
