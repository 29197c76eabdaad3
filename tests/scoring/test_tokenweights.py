"""Token weights (sanctions_check.scoring.tokenweights): round 7's organisation words, on the
2024 list and through compare (which weighs every other word alike)."""

from __future__ import annotations

import pytest

from sanctions_check.matching.compare import compare_names
from sanctions_check.names.normalise import normalise_name
from sanctions_check.scoring.features import DEFAULT_WEIGHTS
from sanctions_check.scoring.weights import DEFAULT_SCORING


def _weights(name: str, kind: str) -> dict[str, float]:
    toks = normalise_name(name, kind).tokens
    return dict(zip(toks, DEFAULT_WEIGHTS.name_weights(toks, kind), strict=True))


def test_a_number_word_before_a_series_number_weighs_as_a_particle() -> None:
    # KPe.030 OFFICE 39, alias "Office No. 39": "No." says "number" (weighed as an unknown
    # word, 0.9, before)
    assert _weights("Office No. 39", "org")["no"] == DEFAULT_SCORING.stopword_weight
    assert _weights("Office Nr 39", "org")["nr"] == DEFAULT_SCORING.stopword_weight
    # not elsewhere: "No" is a Korean family name, and a word, not before a number
    assert _weights("No Kwang Chol", "person")["no"] > 0.5
    assert _weights("No Limit Trading", "org")["no"] > 0.5


@pytest.mark.parametrize(
    ("query", "listed", "band"),
    [
        # KPe.030's aliases "Office No. 39" / OFFICE 39 (78.4 before) and KPe.031 KPA UNIT 586
        ("Office No. 39", "OFFICE 39", "strong"),
        ("KPA Unit No. 586", "KPA Unit 586", "strong"),
        # another number is another office (a guard: weak before too)
        ("Office No. 38", "OFFICE 39", "weak"),
        # generic words dropped or added (legal_forms.txt): QDe.015's "Al Wafa" / "Al Wafa
        # Organization" (61.1 before), QDe.167's "ISIL-Tunisia" / "ISIL-Tunisia Province"
        # (87.0), QDe.153's "Hanifah Currency Exchange" / "Hanifah Exchange Company" (72.1),
        # IQe.206's "Alfa Trading Company" / its primary name (59.6)
        ("Al Wafa", "Al Wafa Organization", "strong"),
        ("ISIL-Tunisia", "ISIL-Tunisia Province", "strong"),
        ("Hanifah Currency Exchange", "Hanifah Exchange Company", "strong"),
        ("ALFA TRADING COMPANY", "ALFA COMPANY LIMITED FOR INTERNATIONAL TRADING AND MARKETING",
         "possible"),
    ],
)
def test_organisation_words_that_prove_little(query: str, listed: str, band: str) -> None:
    got = compare_names(query, listed, "org")
    assert got.band == band, (got.score, got.explanation)
