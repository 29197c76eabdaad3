"""The matcher's per-kind search (sanctions_check.matching.scorer): the configuration's weights
reach the scorer, the index and the bounds, and a pair scores as a query against a list name."""

from __future__ import annotations

import dataclasses

import pytest

from sanctions_check.lists.entries import ORG, PERSON, Entry, SanctionsList
from sanctions_check.matching.compare import compare_names, pair_matcher
from sanctions_check.matching.config import MatchConfig
from sanctions_check.matching.knownas import KnownNames
from sanctions_check.matching.matcher import Matcher
from sanctions_check.scoring.weights import DEFAULT_SCORING


def _matcher(kind: str, name: str, **weights: object) -> Matcher:
    entry = Entry("TSi.001" if kind == PERSON else "TSe.001", "TSi.001", kind, name)
    config = MatchConfig(weights=dataclasses.replace(DEFAULT_SCORING, **weights))
    return Matcher.from_list([entry], known_as=KnownNames(), config=config)


@pytest.mark.parametrize(
    ("query", "listed", "kind"),
    [
        ("Kim Jong Un", "KIM JONG UN", PERSON),  # exact
        ("Aisha Gaddafi", "AISHA MUAMMAR GADDAFI", PERSON),  # a dropped middle name
        ("Murwanashyaka Ignace", "IGNACE MURWANASHYAKA", PERSON),  # order-free
        ("Ocean Maritime Management", "OCEAN MARITIME MANAGEMENT COMPANY, LIMITED", ORG),
    ],
)
def test_compare_and_the_matcher_agree_on_a_pair(query: str, listed: str, kind: str) -> None:
    # a one-entry list: the matcher's hit for the query is the pair's score one way; with the
    # list-independent weights of pair_matcher both are the same code path
    hits = _matcher(kind, listed).match(query, kind, min_score=0)
    way = pair_matcher().score_pair(query, listed, kind)
    one_entry = Matcher.from_list(
        [Entry("X", "X", kind, listed)], known_as=KnownNames()
    ).score_pair(query, listed, kind)
    assert hits and hits[0].score == round(one_entry.name.score, 2)
    got = compare_names(query, listed, kind)
    assert got.score == round(max(way.name.score, pair_matcher().score_pair(
        listed, query, kind).name.score), 2)


def test_compare_scores_acronyms_through_the_matcher() -> None:
    # the acronym scores are the configuration's (no copy of the rule in compare)
    listed = "Korea Mining Development Trading Corporation"
    assert compare_names("KOMID", listed).score == DEFAULT_SCORING.prefix_acronym_score
    config = MatchConfig(weights=dataclasses.replace(DEFAULT_SCORING, prefix_acronym_score=83.0))
    assert compare_names("KOMID", listed, matcher=pair_matcher(config)).score == 83.0
    assert compare_names("komid", listed).score < DEFAULT_SCORING.prefix_acronym_score
    hit = _matcher(ORG, listed, acronym_score=81.0).match("KMD", ORG)  # initials of the content words
    assert [h.score for h in hit] == [81.0]


def test_the_configuration_weights_reach_the_index_and_the_bounds() -> None:
    # "Kim Jong Unn": one letter doubled (a typo, 0.85: 82.2 by default); with a similarity
    # floor above that the index finds nothing for "unn" and the bounds charge it in full
    default = _matcher(PERSON, "KIM JONG UN")
    strict = _matcher(PERSON, "KIM JONG UN", sim_floor=0.9)
    assert [h.score for h in default.match("Kim Jong Unn")] == [82.2]
    assert not strict.match("Kim Jong Unn")
    assert strict.match("Kim Jong Unn", min_score=0)[0].score < 50  # two words of three
    assert strict.index.scoring is strict._bounds.scoring is strict.config.weights
    assert strict.weights.scoring is strict.config.weights


def test_secondary_weights_come_from_the_configuration(un2024: SanctionsList) -> None:
    cho = next(e for e in un2024.entries if e.dates_of_birth and e.kind == PERSON)
    plain = Matcher.from_list([cho], known_as=KnownNames())
    bolder = Matcher.from_list([cho], known_as=KnownNames(), config=MatchConfig(
        weights=dataclasses.replace(DEFAULT_SCORING, dob_agree=6.0)))
    year = str(cho.dates_of_birth[0].year_range()[0])  # type: ignore[index]
    a = plain.match(cho.primary_name, PERSON, dob=year, min_score=0)[0]
    b = bolder.match(cho.primary_name, PERSON, dob=year, min_score=0)[0]
    assert [e.score for e in a.evidence if e.feature == "dob"] == [4.0]
    assert [e.score for e in b.evidence if e.feature == "dob"] == [6.0]
