"""How NewsScreener asks the matcher: pruned below the threshold where only the best score is
reported, in full where a list form needs the best of its own references; the same mentions
either way."""

from __future__ import annotations

from typing import Any

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

    def __getattr__(self, name: str) -> Any:
        return getattr(self._matcher, name)

    def match(self, name: str, **kw: Any) -> Any:
        self.calls.append((name, kw.get("best_only_below")))
        if self.full:
            kw["best_only_below"] = None
        return self._matcher.match(name, **kw)


def outcome(screener: NewsScreener, text: str) -> list[tuple[object, ...]]:
    result = screener.process(make_item("t.txt", "", "", "", text))
    return [
        (m.entity, m.status, m.best_score, m.screened,
         [(h.reference_number, h.score, h.band, h.matched_name, h.explanation) for h in m.hits])
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
    # the pruned match of the name (the same normalised form) does not show the best of
    # `other`: matched again
    assert [b for _n, b in rec.calls] == [screener.threshold, None]
    assert mention.best_score == full[0].score
    # the best of `other` alone, when only the list form is screened
    listed = Entity("Mohamed bin Zayed", "person", (), origin="listscan",
                    list_forms=(("MOHAMED BIN ZAYED", (other,)),))  # fmt: skip
    alone = NewsScreener(matcher2024, un2024)._screen_entity(listed, 1)
    assert alone.best_score == full[1].score and not alone.hits
