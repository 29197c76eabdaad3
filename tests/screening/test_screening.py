"""Screening a batch: statuses, dedupe, run metadata and the CSV/JSON row layout."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctions_check.matching.config import DEFAULT_CONFIG, MatchConfig
from sanctions_check.matching.hits import Query
from sanctions_check.matching.matcher import Matcher
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights
from sanctions_check.screening.inputs import read_queries
from sanctions_check.screening.rows import HIT_COLUMNS, clear_row, hit_row, result_rows
from sanctions_check.screening.run import (
    CLEAR,
    HIT,
    UNUSABLE,
    band_order,
    screen,
    sha256_file,
    strongest_band,
)
from sanctions_check.screening.runmeta import weights_text

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
LISTED_DELEGATES = {"KPi.038", "KPi.066", "KPi.076"}  # Jo Chun Ryong, Kim Jong Sik, Ri Pyong Chol


class CountingMatcher:
    """The real matcher, counting how often a name is really matched."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[str] = []
        self.threshold = inner.threshold

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def normalise(self, name: str) -> str:
        return self.inner.normalise(name)

    def match(self, name: str, **kwargs: Any) -> Any:
        self.calls.append(name)
        return self.inner.match(name, **kwargs)


def test_delegation_sample_top_hits(matcher2024: Any, un2024: Any) -> None:
    """README's main job: the three listed delegates are the strong hits, nobody else is."""
    source = read_queries(SAMPLES / "delegation.csv")
    result = screen(matcher2024, source.queries, sanctions_list=un2024)
    strongest = strongest_band(matcher2024)
    pairs = list(result.hit_pairs())
    top = {h.reference_number for _r, h in pairs[:3]}
    assert top == LISTED_DELEGATES
    strong = {(r.query.name, h.reference_number) for r, h in pairs if h.band == strongest}
    assert strong == {
        ("Jo Chun Ryong", "KPi.038"),
        ("Kim Jong Sik", "KPi.066"),
        ("Ri Pyong Chol", "KPi.076"),
    }
    # Kim Jong Un shares two of three tokens with KIM JONG SIK: not a strong hit
    kim = next(r for r in result.rows if r.query.name == "Kim Jong Un")
    assert all(h.band != strongest for h in kim.hits)
    assert result.status_counts()[UNUSABLE] == 0


def test_duplicates_are_screened_once_and_reported_on_every_row(matcher2024: Any) -> None:
    counting = CountingMatcher(matcher2024)
    queries = [
        Query("Ri Pyong Chol", row=2),
        Query("RI PYONG-CHOL", row=3),  # same after normalisation
        Query("General Ri Pyong Chol", row=4),  # title removed by the normaliser
        Query("Ri Pyong Chol", dob="1948", row=5),  # other evidence: screened again
        Query("Anna Schmidt", row=6),
        Query("anna  schmidt", row=7),
    ]
    result = screen(counting, queries)
    assert counting.calls == ["Ri Pyong Chol", "Ri Pyong Chol", "Anna Schmidt"]
    rows = result.rows
    assert [r.status for r in rows] == [HIT, HIT, HIT, HIT, CLEAR, CLEAR]
    assert rows[1].duplicate_of == 2 and rows[2].duplicate_of == 2
    assert rows[3].duplicate_of is None
    assert rows[1].hits[0].query == "RI PYONG-CHOL"  # each row reports its own spelling
    assert rows[1].hits[0].score == rows[0].hits[0].score
    assert result.meta.names_screened == 3
    assert result.meta.input_rows == 6


@pytest.mark.parametrize(
    "name",
    ["", "   ", "!!!", "Mr", "🙂🙂", "x" * 10_000, "\x00\x01"],
)
def test_unusable_names_are_outcomes_not_errors(matcher2024: Any, name: str) -> None:
    result = screen(matcher2024, [Query(name, row=9)])
    (row,) = result.rows
    assert row.status == UNUSABLE
    assert row.reason  # always says why
    assert clear_row(row)["explanation"] == row.reason
    assert not result.has_hits


def test_clear_rows_keep_best_score_and_min_score_filters(matcher2024: Any) -> None:
    # a typo (doubled letter) in CHO CHUN RYONG scores in the 90s: clear at --min-score 99.5, but the
    # Screened sheet still shows how close the best candidate came
    strict = screen(matcher2024, [Query("Cho Chunn Ryong", row=2)], min_score=99.5)
    (row,) = strict.rows
    assert row.status == CLEAR and not row.hits
    best = row.best_score
    assert best is not None and 90 <= best < 99.5
    low = screen(matcher2024, [Query("Cho Chunn Ryong", row=2)], min_score=best)
    assert low.rows[0].status == HIT
    assert low.meta.min_score == best
    assert low.rows[0].hits[0].reference_number == "KPi.038"
    # a name nowhere near any list name has no best score at all (below the floor)
    far = screen(matcher2024, [Query("Anna Schmidt", row=3)])
    assert far.rows[0].status == CLEAR and far.rows[0].best_score is None


def test_hit_rows_have_the_documented_columns(matcher2024: Any, un2024: Any) -> None:
    queries = [Query("Jo Chun-ryong", row=2), Query("Anna Schmidt", row=3), Query("", row=4)]
    result = screen(matcher2024, queries, sanctions_list=un2024)
    rows = result_rows(result, include_clear=True)
    assert all(tuple(r) == HIT_COLUMNS for r in rows)
    first = rows[0]
    assert first["reference_number"] == "KPi.038"
    assert first["primary_name"] == "CHO CHUN RYONG"
    assert first["matched_name_type"] in ("primary", "alias")
    assert first["listed_on"] == "2016-11-30"
    assert first["explanation"]
    statuses = [r["status"] for r in rows]
    assert statuses == ["hit", "clear", "unusable"]
    assert len(result_rows(result)) == 1  # without include_clear only hits
    hit = result.rows[0].hits[0]
    assert hit_row(result.rows[0].query, hit)["input_row"] == 2


def test_meta_records_list_and_input(matcher2024: Any, un2024: Any, un2024_path: Path) -> None:
    sample = SAMPLES / "delegation.csv"
    result = screen(
        matcher2024, read_queries(sample).queries, sanctions_list=un2024, input_file=sample
    )
    meta = result.meta.as_dict()
    assert meta["list_sha256"] == sha256_file(un2024_path)
    assert meta["list_date_generated"].startswith("2024-09-26")
    assert meta["input_sha256"] == sha256_file(sample)
    assert meta["algorithm"] == matcher2024.describe()["algorithm"]
    assert meta["threshold"] == matcher2024.threshold
    assert meta["bands"] == matcher2024.describe()["bands"]
    assert meta["run_at"].endswith("+00:00")
    assert meta["match_config"]["weights"] == DEFAULT_SCORING.values()
    assert meta["match_config"]["weights_digest"] == DEFAULT_SCORING.digest()


def test_meta_records_the_weights_the_matcher_used(un2024: Any) -> None:
    # a matcher built with other weights: the report says which, readable and reproducible
    weights = dataclasses.replace(DEFAULT_SCORING, min_evidence=1.2)
    matcher = Matcher.from_list(un2024, config=MatchConfig(weights=weights))
    result = screen(matcher, [Query("Kim Jong Un")], sanctions_list=un2024)
    facts = result.meta.as_dict()["match_config"]
    assert facts["weights"]["min_evidence"] == 1.2
    assert facts["weights_digest"] == weights.digest() != DEFAULT_SCORING.digest()
    assert ScoringWeights(**{k: tuple(map(tuple, v)) if isinstance(v, list) else v
                             for k, v in facts["weights"].items()}) == weights
    assert weights_text(result.meta.match_config) == (
        f"{weights.digest()} (not the defaults: min_evidence=1.2)")
    assert weights_text(DEFAULT_CONFIG.describe()) == f"{DEFAULT_SCORING.digest()} (the defaults)"


@pytest.mark.parametrize(
    ("bands", "order"),
    [
        ({"strong": 90, "possible": 80, "weak": 0}, ["strong", "possible", "weak"]),
        ({"possible": {"min": 80}, "strong": {"min": 90}}, ["strong", "possible"]),
        ([("low", 50), ("high", 85)], ["high", "low"]),
        (None, []),
    ],
)
def test_band_order_shapes(bands: Any, order: list[str]) -> None:
    assert band_order(bands) == order


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=6))
def test_screen_invariants(matcher2024: Any, names: list[str]) -> None:
    """Any text: one row per query, in order; hits at or above the threshold, sorted."""
    queries = [Query(n, row=i) for i, n in enumerate(names, start=2)]
    result = screen(matcher2024, queries)
    assert [r.query for r in result.rows] == queries
    for r in result.rows:
        assert (r.status == HIT) == bool(r.hits)
        assert all(h.score >= matcher2024.threshold for h in r.hits)
        assert [h.score for h in r.hits] == sorted((h.score for h in r.hits), reverse=True)
        if r.status == UNUSABLE:
            assert r.reason
