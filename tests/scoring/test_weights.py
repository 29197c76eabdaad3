"""The scoring weights (sanctions_check.scoring.weights): one frozen value, read by every scorer."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from sanctions_check.names.normalise import tokens
from sanctions_check.scoring.features import DEFAULT_WEIGHTS, TokenWeights, credit, token_similarity
from sanctions_check.scoring.namescore import name_score
from sanctions_check.scoring.secondary import nationality_evidence
from sanctions_check.scoring.weights import DEFAULT_SCORING, ScoringWeights


def test_weights_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_SCORING.sim_floor = 0.5  # type: ignore[misc]


def test_defaults_are_the_algorithm_of_version_1_4() -> None:
    # spot checks of the documented values (README "How names are matched")
    w = ScoringWeights()
    assert (w.sim_floor, w.min_evidence, w.list_exponent("person"), w.list_exponent("org")) == (
        0.70, 1.0, 0.25, 0.7)
    assert (w.acronym_score, w.prefix_acronym_score, w.known_as_score) == (86.0, 84.0, 100.0)
    assert (w.extra_query_cost("person"), w.extra_query_cost("org"), w.middle_name_cost("org")) == (
        0.5, 0.3, 1.0)


def test_values_and_digest() -> None:
    values = DEFAULT_SCORING.values()
    assert set(values) == {f.name for f in dataclasses.fields(ScoringWeights)}
    assert values["credit_short"][0] == [0.70, 0.10]  # tables as plain lists (JSON)
    assert ScoringWeights().digest() == DEFAULT_SCORING.digest()  # equal values, equal digest
    assert len(DEFAULT_SCORING.digest()) == 16
    changed = dataclasses.replace(DEFAULT_SCORING, stopword_weight=0.06)
    assert changed.digest() != DEFAULT_SCORING.digest()
    assert pickle.loads(pickle.dumps(changed)) == changed


def test_a_weight_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(TypeError, match="sim_floor"):
        ScoringWeights(sim_floor="high")  # type: ignore[arg-type]


def _score(q: str, lst: str, scoring: ScoringWeights, kind: str = "person") -> float:
    qt, lt = tokens(q, kind), tokens(lst, kind)
    weights = TokenWeights(scoring=scoring)
    qw, lw = weights.name_weights(qt, kind), weights.name_weights(lt, kind)
    return name_score(qt, lt, qw, lw, kind, scoring=scoring).score


@pytest.mark.parametrize(
    ("change", "query", "listed"),
    [
        # a dropped middle name costs list_exponent_person (0.25)
        ({"list_exponent_person": 1.0}, "Aisha Gaddafi", "Aisha Muammar Gaddafi"),
        # one matched word is too little evidence below min_evidence
        ({"min_evidence": 3.0}, "Omar", "Omar Ahmed"),
        # the words' weight when the list never uses them
        ({"unknown_weight": 0.5}, "Kim Jong Un", "Kim Jong Un Al"),
        # a typo in a long word earns the credit table's share
        ({"credit_long": ((0.70, 0.0), (1.00, 1.00))}, "Murwanashyaka", "Murwanashyaka"[:-1] + "o"),
    ],
)
def test_a_changed_weight_changes_the_score(change: dict, query: str, listed: str) -> None:
    changed = dataclasses.replace(DEFAULT_SCORING, **change)
    assert _score(query, listed, changed) != _score(query, listed, DEFAULT_SCORING)


def test_token_functions_read_the_weights_given() -> None:
    # the floor below which a pair earns nothing, and the similarity cache per weights
    high = dataclasses.replace(DEFAULT_SCORING, sim_floor=0.95)
    assert credit(0.9) > 0 and credit(0.9, scoring=high) == 0.0
    strict = dataclasses.replace(DEFAULT_SCORING, typo_sim=0.8)
    assert token_similarity("sko", "sok") == (0.85, "typo")
    assert token_similarity("sko", "sok", strict) == (0.8, "typo")
    assert nationality_evidence("Afghan", ["Afghanistan"], dataclasses.replace(
        DEFAULT_SCORING, nationality_agree=5.0))[0] == 5.0
    assert TokenWeights(scoring=dataclasses.replace(DEFAULT_SCORING, stopword_weight=0.01)).weight(
        "al") == 0.01 != DEFAULT_WEIGHTS.weight("al")


@pytest.mark.parametrize(
    ("field", "a", "b", "method"),
    [
        ("romanisation_sim", "jo", "cho", "romanisation"),  # one Korean syllable, two spellings
        ("synonym_sim", "room", "office", "synonym"),  # "Room 39" / "Office 39"
        ("vowels_sim", "jawlani", "golani", "vowels"),  # jim as g, aw / o
        ("phonetic_sim", "steven", "stephen", "phonetic"),  # one Metaphone code
    ],
)
def test_the_similarity_of_each_kind_of_match_is_a_weight(
    field: str, a: str, b: str, method: str
) -> None:
    # the fixed similarities of romanisation, synonyms, vowels and phonetics are fields of
    # the weights too: another value changes what the pair scores, by the same method
    assert token_similarity(a, b) == (getattr(DEFAULT_SCORING, field), method)
    other = dataclasses.replace(DEFAULT_SCORING, **{field: 0.88})
    assert token_similarity(a, b, other) == (0.88, method)
