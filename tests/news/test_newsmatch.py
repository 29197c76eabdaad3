"""How NewsScreener asks the matcher: pruned below the threshold where only the best score is
reported, in full where a list form needs the best of its own references; the same mentions
either way."""

from __future__ import annotations

from typing import Any

import pytest

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.news.extract import Entity
from sanctions_check.news.item import make_item
from sanctions_check.news.run import NewsScreener


class Recording:
    """The matcher, recording each call's ``best_only_below``; ``full`` drops it (the
    unpruned results the screener must give the same mentions with)."""

    def __init__(self, matcher: Any, full: bool = False) -> None:
        self._matcher = matcher
        self.full = full
        self.calls: list[tuple[str, float | None]] = []
        self.floors: list[float | None] = []  # each call's min_score

    def __getattr__(self, name: str) -> Any:
        return getattr(self._matcher, name)

    def match(self, name: str, **kw: Any) -> Any:
        self.calls.append((name, kw.get("best_only_below")))
        self.floors.append(kw.get("min_score"))
        if self.full:
            kw["best_only_below"] = None
        return self._matcher.match(name, **kw)


def outcome(screener: NewsScreener, text: str) -> list[tuple[object, ...]]:
    result = screener.process(make_item("t.txt", "", "", "", text))
    return [
        (m.entity, m.status, m.best_score, m.screened,
         [(h.reference_number, h.score, h.band, h.matched_name, h.explanation, h.evidence)
          for h in m.hits])
        for m in result.mentions
    ]  # fmt: skip


def test_extracted_names_are_matched_pruned_below_the_threshold(
    matcher2024: Any, un2024: SanctionsList
) -> None:
    rec = Recording(matcher2024)
    screener = NewsScreener(rec, un2024, listscan=False)
    screener.process(make_item("t.txt", "", "", "", "Hafiz Saeed spoke in Lahore on Monday."))
    # only the best score below the threshold is reported: the matcher prunes the rest
    assert rec.calls == [("Hafiz Saeed", screener.threshold)]


def test_same_mentions_as_unpruned_matching(
    matcher2024: Any, un2024: SanctionsList, labelled_texts: list[str]
) -> None:
    for text in labelled_texts:
        pruned = outcome(NewsScreener(Recording(matcher2024), un2024), text)
        assert pruned == outcome(NewsScreener(Recording(matcher2024, full=True), un2024), text)


def test_a_list_form_whose_references_are_not_the_best_is_matched_in_full(
    matcher2024: Any, un2024: SanctionsList
) -> None:
    rec = Recording(matcher2024)
    screener = NewsScreener(rec, un2024, listscan=False)
    pruned = matcher2024.match("Mohamed bin Zayed", kind="person", limit=10, min_score=70,
                               best_only_below=screener.threshold)  # fmt: skip
    full = matcher2024.match("Mohamed bin Zayed", kind="person", limit=10, min_score=70)
    # a name whose best candidate is below the threshold, with other candidates under it
    assert len(pruned) == 1 < len(full) and full[0].score < screener.threshold
    other = full[1].reference_number
    name = Entity("Mohamed bin Zayed", "person", (), list_forms=(("MOHAMED BIN ZAYED", (other,)),))
    mention = screener._screen_entity(name, 1)
    # the name (a list form found at its place: likely a hit) is matched at the threshold
    # first, finds nothing there and is matched pruned down to the floor; that does not show
    # the best of `other`: the list form is matched again, in full
    assert [b for _n, b in rec.calls] == [screener.threshold, screener.threshold, None]
    assert rec.floors == [screener.threshold, 70.0, 70.0]
    assert mention.best_score == full[0].score
    # the best of `other` alone, when only the list form is screened
    listed = Entity("Mohamed bin Zayed", "person", (), origin="listscan",
                    list_forms=(("MOHAMED BIN ZAYED", (other,)),))  # fmt: skip
    alone = NewsScreener(matcher2024, un2024)._screen_entity(listed, 1)
    assert alone.best_score == full[1].score and not alone.hits


def test_names_the_list_pass_found_are_matched_at_the_threshold_first(
    matcher2024: Any, un2024: SanctionsList
) -> None:
    rec = Recording(matcher2024)
    screener = NewsScreener(rec, un2024)
    screener.process(make_item("t.txt", "", "", "", "Hafiz Saeed spoke in Lahore on Monday."))
    # the list pass finds HAFIZ SAEED there: the name is likely a hit, and its hits at the
    # threshold (found) are all the pruned match down to the floor would give; the list
    # form reuses them (one of its references is among them)
    assert list(zip(rec.calls, rec.floors, strict=True)) == [
        (("Hafiz Saeed", screener.threshold), screener.threshold)
    ]


def test_same_mentions_as_without_matching_at_the_threshold_first(
    matcher2024: Any, un2024: SanctionsList, labelled_texts: list[str]
) -> None:
    # (an exhaustive matcher keeps every hit down to min_score: the screener never
    # matches at the threshold first for one; marked so here, the matcher is not)
    floors = []
    for text in labelled_texts:
        rec = Recording(matcher2024)
        first = outcome(NewsScreener(rec, un2024), text)
        plain = NewsScreener(Recording(matcher2024), un2024)
        plain._exhaustive = True
        assert first == outcome(plain, text)
        floors += rec.floors
    assert floors.count(80.0) > 50  # (matched at the threshold first: the rule is in play)


def test_a_long_run_turns_the_compiled_loops_on_with_the_same_mentions(
    un2024: SanctionsList, labelled_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After COMPILED_AFTER queries of its matcher (any screener's) a news run turns the
    matcher's compiled loops on: every later mention, hit, score and evidence is what the
    plain way gives."""
    pytest.importorskip("numba")
    from sanctions_check.matching.matcher import Matcher
    from sanctions_check.news import run

    monkeypatch.setattr(run, "COMPILED_AFTER", 30)
    long_run, plain = Matcher.from_list(un2024), Matcher.from_list(un2024)
    plain.use_compiled_loops(False)
    switched = 0
    for text in labelled_texts:
        switched += long_run.index.compiled
        assert outcome(NewsScreener(long_run, un2024), text) == outcome(
            NewsScreener(plain, un2024), text
        )
        assert long_run.index.compiled == (long_run.queries >= 30)
    assert not plain.index.compiled and plain.queries == long_run.queries
    assert switched > len(labelled_texts) // 2  # (most texts screened with the loops on)


class NoPrefetch(Recording):
    """The matcher without :meth:`prefetch`: each form's words looked up one by one."""

    def __getattr__(self, name: str) -> Any:
        if name == "prefetch":
            raise AttributeError(name)
        return super().__getattr__(name)


class CheckingLookups(Recording):
    """The matcher, noting the forms matched whose words had not been looked up before."""

    def __init__(self, matcher: Any) -> None:
        super().__init__(matcher)
        self.unfetched: list[str] = []

    def match(self, name: str, **kw: Any) -> Any:
        from sanctions_check.names.normalise import normalise_name

        words = self._matcher.index.words.matches
        kinds = {"person": (None,), "org": ("org",)}.get(kw.get("kind") or "", (None, "org"))
        if any((t, False) not in words for k in kinds for t in normalise_name(name, k).tokens):
            self.unfetched.append(name)
        return super().match(name, **kw)


def test_an_items_words_are_looked_up_at_once_with_the_same_mentions(
    matcher2024: Any, un2024: SanctionsList, labelled_texts: list[str]
) -> None:
    # the words of every form an item screens are looked up in the list before its first
    # match (one fuzzy scan for the item's new words); every mention, hit, score and
    # evidence is what looking them up one by one gives
    import pickle

    fetched = CheckingLookups(pickle.loads(pickle.dumps(matcher2024)))  # (empty word caches)
    one_by_one = NoPrefetch(pickle.loads(pickle.dumps(matcher2024)))
    for text in labelled_texts:
        assert outcome(NewsScreener(fetched, un2024), text) == outcome(
            NewsScreener(one_by_one, un2024), text
        )
    assert len(fetched.calls) > 100 and fetched.unfetched == []
    assert len(one_by_one.calls) == len(fetched.calls)
