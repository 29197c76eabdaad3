"""Each entry's best form, what the search may skip, the hit it makes (ranking.py)."""

from __future__ import annotations

import dataclasses

from sanctions_check.lists.entries import ALIAS, ORG, PERSON, PRIMARY, Entry, Name
from sanctions_check.matching.compare import compare_names
from sanctions_check.matching.forms import NameForm
from sanctions_check.matching.hits import Query
from sanctions_check.matching.ranking import (
    Best,
    Prune,
    alignment_evidence,
    make_hit,
    replaces,
    requery,
    written_like,
)
from sanctions_check.scoring.namescore import name_score


def _form(text: str, kind: str = PERSON, same_as: tuple[Name, ...] = ()) -> NameForm:
    toks = tuple(text.lower().split())
    return NameForm(0, Name(text, PRIMARY), toks, (1.0,) * len(toks), kind, "name", same_as)


def _band(score: float) -> str:
    return "possible" if score >= 80 else "weak"


def test_prune_keeps_the_limit_best_and_below_the_alert_only_the_best() -> None:
    assert not Prune().needless(0.0)  # nothing to go by yet
    prune = Prune(keep=2, alert=80.0)
    best: dict[int, Best] = {}
    for ei, score in enumerate((70.0, 90.0)):
        best[ei] = Best(score, _form("Ali Hassan"), None)
        prune.scored(best, score)
    assert (prune.kth, prune.top) == (70.0, 90.0)
    assert prune.needless(69.0)  # cannot enter the two best
    assert prune.needless(75.0)  # below the alert, and not above the best so far
    assert not prune.needless(85.0)


def test_a_tie_goes_to_the_name_written_like_the_query_then_to_the_earlier_candidate() -> None:
    assert written_like("Cho'ng Sik", Name("CHO’NG SIK", ALIAS)) == 100.0
    cur = Best(90.0, _form("RI PYONG CHOL"), None, rank=3)
    other = _form("Ri Pyo’ng-ch’o’l")
    assert replaces("Ri Pyong Chol", 91.0, other, 5, cur)  # a higher score wins
    assert not replaces("Ri Pyo'ng-ch'o'l", 89.0, other, 0, cur)
    assert replaces("Ri Pyo'ng-ch'o'l", 90.0, other, 5, cur)  # written like the query
    assert not replaces("Ri Pyong Chol", 90.0, other, 1, cur)
    same = _form("Ri Pyong Chol")  # written as alike as cur: the earlier candidate wins
    assert replaces("Ri Pyong Chol", 90.0, same, 1, cur)
    assert not replaces("Ri Pyong Chol", 90.0, same, 5, cur)


def test_hit_shows_the_name_written_like_the_query_with_its_evidence() -> None:
    alias = Name("Ri Pyo’ng-ch’o’l", ALIAS)
    form = _form("RI PYONG CHOL", same_as=(alias,))
    entry = Entry("TSi.001", "1", PERSON, "RI PYONG CHOL", aliases=(alias,))
    detail = name_score(form.tokens, form.tokens, form.weights, form.weights)
    hit = make_hit(Query("Ri Pyo'ng-ch'o'l"), entry, Best(100.0, form, detail), _band)
    assert hit.matched_name == alias and hit.score == 100.0 and hit.band == "possible"
    assert [e.feature for e in hit.evidence] == ["name", "tokens", "coverage"]
    assert hit.explanation == "alias 'Ri Pyo’ng-ch’o’l': ri; pyong; chol"
    again = requery(hit, "RI PYONG-CHOL")
    assert again.query == "RI PYONG-CHOL" and dataclasses.replace(again, query=hit.query) == hit


def test_acronym_hit_and_a_date_of_birth_given_for_an_organisation() -> None:
    entry = Entry("TSe.001", "2", ORG, "Ocean Maritime Management Company")
    best = Best(86.0, _form(entry.primary_name, ORG), None, acronym="omm")
    hit = make_hit(Query("OMM", ORG, dob="1970"), entry, best, _band)
    assert [(e.feature, e.score) for e in hit.evidence] == [
        ("name", 86.0), ("acronym", 86.0), ("dob", 0.0),
    ]  # fmt: skip
    assert hit.score == 86.0 and hit.band == "possible"
    assert hit.explanation == (
        "primary 'Ocean Maritime Management Company': acronym 'omm'; "
        "date of birth given: an organisation has none"
    )


def test_alignment_evidence_names_both_sides() -> None:
    # hits call the two names "the query" / "the list name", compare "one name" / "the other"
    ns = name_score(("kim", "jong", "sik"), ("kim", "jong", "sik", "pak"), [1.0] * 3, [1.0] * 4)
    tokens, coverage = alignment_evidence(ns, "how", ("the query", "the list name"))
    assert (tokens.feature, tokens.score, tokens.detail) == ("tokens", 100.0, "how")
    assert coverage.feature == "coverage" and coverage.detail == (
        f"100% of the query and {ns.list_coverage:.0%} of the list name matched "
        "(weighted by how informative each word is)"
    )
    got = compare_names("Kim Jong Sik", "Kim Jong Sik")
    assert any(e.detail.startswith("100% of one name and 100% of the other") for e in got.evidence)


def test_entries_sharing_a_name_share_its_explanation(monkeypatch) -> None:  # noqa: ANN001
    # "Robert Smith" is the name of two entries: aligned once, explained once, and each hit
    # still explains its own list name (the same hits as explaining every hit on its own)
    from sanctions_check.matching import matcher as matcher_mod

    names = ["Robert Smith", "ROBERT SMITH", "Roberta Smith", "Robert Smyth", "Robert J. Smith"]
    entries = [
        Entry(
            reference_number=f"TSi.{i:03d}", dataid=str(i), kind=PERSON, primary_name=name,
            name_parts=tuple(name.split()), aliases=(),
        )
        for i, name in enumerate(names)
    ]  # fmt: skip
    m = matcher_mod.Matcher.from_list(entries)
    calls: list[int] = []

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        return explain(*args, **kwargs)

    from sanctions_check.matching import ranking
    from sanctions_check.scoring.namescore import explain

    monkeypatch.setattr(ranking, "explain", counted)
    shared = m.match("Robert Smith", kind=PERSON, min_score=20)
    assert len(shared) == len(names) and len(calls) < len(names)
    monkeypatch.setattr(
        matcher_mod, "make_hit", lambda q, e, b, band, _explained=None, _scoring=None: make_hit(q, e, b, band)
    )
    alone = m.match("Robert Smith", kind=PERSON, min_score=20)
    assert shared == alone
    assert {h.matched_name.text for h in shared} == set(names)
