"""MatchConfig: one value for the matcher's thresholds, recorded in reports and used by compare."""

from __future__ import annotations

import json

import pytest

from sanctions_check.lists.entries import ORG, PERSON, Kind
from sanctions_check.matching.compare import compare_names
from sanctions_check.matching.config import DEFAULT_CONFIG, Band, MatchConfig
from sanctions_check.matching.matcher import Matcher


def test_the_default_config_describes_all_it_holds() -> None:
    # what reports recorded before (algorithm, version, threshold, bands), then the pool
    # limits and the scoring weights: their digest and every value
    from sanctions_check.scoring.weights import DEFAULT_SCORING

    assert DEFAULT_CONFIG.describe() == {
        "algorithm": "sanctions-check-tokenalign",
        "version": DEFAULT_CONFIG.version,
        "threshold": 80.0,
        "bands": {"strong": 90.0, "possible": 80.0, "weak": 0.0},
        "pool_factor": 0.88,
        "pool_min_evidence": 1.8,
        "weights_digest": DEFAULT_SCORING.digest(),
        "weights": DEFAULT_SCORING.values(),
    }
    json.dumps(DEFAULT_CONFIG.describe())  # plain values: written as JSON metadata


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (90.0, Band.STRONG),  # the strong limit itself is strong
        (89.99, Band.POSSIBLE),  # just below it, at or above the alert threshold
        (80.0, Band.POSSIBLE),  # the alert threshold itself alerts
        (79.99, Band.WEAK),  # below the threshold
    ],
)
def test_bands_of_the_default_config(score: float, band: Band) -> None:
    assert DEFAULT_CONFIG.band(score) is band


def test_the_strong_limit_never_starts_below_the_threshold() -> None:
    assert MatchConfig(threshold=95).strong == 95.0


def test_a_matcher_reports_and_uses_its_config(un2024) -> None:  # type: ignore[no-untyped-def]
    config = MatchConfig(threshold=85.0, strong=99.0)
    matcher = Matcher.from_list(un2024, config=config)
    assert matcher.config is config
    assert matcher.describe()["threshold"] == 85.0
    assert matcher.describe()["bands"] == {"strong": 99.0, "possible": 85.0, "weak": 0.0}
    # QDi.006's alias scores 100: strong under any limit up to 100
    hit = matcher.match("Ayman al-Zawahiri", kind="person")[0]
    assert hit.band is Band.STRONG
    # a threshold given to the constructor overrides the config's
    assert Matcher.from_list(un2024, threshold=70.0, config=config).threshold == 70.0


def test_compare_takes_band_and_threshold_from_the_matchers_config(un2024) -> None:  # type: ignore[no-untyped-def]
    # the pair scores about 98 with the list's word weights: strong and a match by default,
    # neither under a configuration that alerts at 99
    plain = compare_names("Muammar Gaddafi", "QADHAFI, Muammar", matcher=Matcher.from_list(un2024))
    strict = Matcher.from_list(un2024, config=MatchConfig(threshold=99.0))
    got = compare_names("Muammar Gaddafi", "QADHAFI, Muammar", matcher=strict)
    assert 90.0 <= plain.score < 99.0
    assert (plain.band, plain.match) == (Band.STRONG, True)
    assert (got.score, got.band, got.match) == (plain.score, Band.WEAK, False)


def test_kinds_are_a_strenum_written_as_their_strings() -> None:
    assert (PERSON, ORG) == (Kind.PERSON, Kind.ORG) == ("person", "org")
    assert json.dumps({"kind": Kind.ORG, Band.STRONG: 1}) == '{"kind": "org", "strong": 1}'
    assert f"{Kind.PERSON}" == "person"


def test_the_config_is_frozen_and_holds_the_scoring_weights() -> None:
    import dataclasses

    from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights

    assert DEFAULT_CONFIG.weights is DEFAULT_SCORING
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_CONFIG.weights = ScoringWeights()  # type: ignore[misc]
    other = MatchConfig(weights=dataclasses.replace(DEFAULT_SCORING, min_evidence=2.0))
    assert other != DEFAULT_CONFIG and other.with_limits(70.0).weights is other.weights
