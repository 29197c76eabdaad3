"""The news pipeline: items -> names -> matcher -> rows / workbook; duplicates recognised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.news.item import make_item
from sanctions_check.news.run import NewsScreener
from sanctions_check.news.sources import read_source
from sanctions_check.screening.run import strongest_band

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "news"
SEED = REPO / "benchmarks" / "data" / "eval" / "news" / "seed-article.txt"


@pytest.fixture()
def screener(matcher2024: Any, un2024: SanctionsList) -> NewsScreener:
    return NewsScreener(matcher2024, un2024)


def hits_by_name(result: Any) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for _r, m in result.mentions():
        out.setdefault(m.entity.name, set()).update(h.reference_number for h in m.hits)
    return out


def test_summit_delegation_sample(screener: NewsScreener) -> None:
    items = read_source(str(SAMPLES / "summit-delegation.txt"))
    result = screener.run(items)
    found = hits_by_name(result)
    # the sanctioned members of the delegation are flagged...
    assert "KPi.038" in found["Jo Chun Ryong"]
    assert "KPi.066" in found["Kim Jong Sik"]
    assert "KPi.076" in found["Ri Pyong Chol"]
    # ...the two leaders are extracted but not listed
    assert found["Kim Jong-un"] == set() and found["Vladimir Putin"] == set()
    assert result.has_hits


def test_seed_article_extracted_and_not_strongly_flagged(
    screener: NewsScreener, matcher2024: Any
) -> None:
    result = screener.run(read_source(str(SEED)))
    persons = {m.entity.name: m for _r, m in result.mentions() if m.entity.kind == "person"}
    strongest = strongest_band(matcher2024)
    for name in ("Kim Jong-un", "Vladimir Putin", "Lim Soo-suk", "Sergei Shoigu"):
        assert name in persons, persons.keys()
        assert all(h.band != strongest for h in persons[name].hits), name


def test_same_url_or_same_text_is_recognised(screener: NewsScreener) -> None:
    a = make_item("a.txt", "T", "https://x.example/1", "", "Ali Dheere spoke in Mogadishu.")
    same_text = make_item("b.txt", "T", "", "", "Ali  Dheere spoke in\nMogadishu.")
    same_url = make_item("feed", "T2", "https://x.example/1", "", "Updated text.")
    result = screener.run([a, same_text, same_url])
    assert [r.duplicate_of for r in result.items] == [None, "https://x.example/1",
                                                      "https://x.example/1"]
    assert result.items[1].mentions == () and a.content_hash in screener.seen_hashes
    assert result.meta.extra["news_items_already_seen"] == 2


def test_seen_hashes_from_an_earlier_run(matcher2024: Any, un2024: SanctionsList) -> None:
    item = make_item("a.txt", "T", "", "", "Ali Dheere spoke.")
    screener = NewsScreener(matcher2024, un2024, seen={item.content_hash})
    assert screener.process(item).duplicate_of == "an earlier run"


def test_min_score_is_respected(matcher2024: Any, un2024: SanctionsList) -> None:
    item = make_item("x.txt", "T", "", "", "Officials named Ali Dheere and Mohammed Kashlaf.")
    strict = NewsScreener(matcher2024, un2024, min_score=99.9).run([item])
    assert all(h.score >= 99.9 for _r, m in strict.mentions() for h in m.hits)


def test_country_in_org_name_conflicting_with_listed_address(screener: NewsScreener) -> None:
    # "MINISTRY OF DEFENCE" is a DPRK ministry's alias; a Somali ministry is not it
    item = make_item("x.txt", "T", "", "", "The Somali Ministry of Defence said troops advanced.")
    result = screener.run([item])
    assert "KPe.054" not in hits_by_name(result).get("Somali Ministry of Defence", set())


def test_unknown_ner_backend(matcher2024: Any) -> None:
    from sanctions_check.errors import InputError

    with pytest.raises(InputError, match="unknown --ner"):
        NewsScreener(matcher2024, ner="bert")


def test_no_pattern_of_the_code_is_compiled_per_item(
    screener: NewsScreener, labelled_texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # re's cache (512 patterns) is shared with the patterns an item's names make (headline
    # forms, words): a feed pushes the code's own patterns out of it, and they were compiled
    # again; the news modules now compile theirs once, at import
    import re
    import re._compiler

    sources = "".join(p.read_text("utf-8") for p in (REPO / "sanctions_check" / "news").glob("*.py"))
    screener.process(make_item("warm-up", "", "", "", labelled_texts[0]))
    compiled: list[str] = []
    real = re._compiler.compile
    monkeypatch.setattr(
        re._compiler, "compile", lambda p, flags=0: compiled.append(p) or real(p, flags)
    )
    for k, text in enumerate(labelled_texts[1:12]):
        re.purge()  # as when a feed's names have pushed everything out
        screener.process(make_item(str(k), "", "", "", "\n\n".join([text, *labelled_texts[-k - 1 :]])))
    # (a pattern of the code holds syntax; a name's word, escaped, is itself)
    ours = [p for p in compiled if any(c in p for c in "\\[(*+?") and p in sources]
    assert compiled and ours == []
