"""The news pipeline: items -> names -> matcher -> rows / workbook; duplicates recognised."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from sanctions_check.entries import SanctionsList
from sanctions_check.news import (
    COLUMNS,
    NEWS_COLUMNS,
    NewsScreener,
    news_rows,
    write_news_output,
)
from sanctions_check.newsitem import make_item
from sanctions_check.screening import HIT_COLUMNS, strongest_band
from sanctions_check.sources import read_source

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "news"
SEED = REPO.parent / "shared" / "eval" / "news" / "seed-article.txt"


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


def test_rows_have_news_then_hit_columns(screener: NewsScreener) -> None:
    item = make_item("x.txt", "Title", "https://x.example/a", "2024-10-01",
                     "Officials said Ali Dheere and Hodan Warsame spoke on Monday.")
    result = screener.run([item])
    assert list(COLUMNS[: len(NEWS_COLUMNS)]) == list(NEWS_COLUMNS)
    assert set(HIT_COLUMNS) <= set(COLUMNS)
    rows = news_rows(result)
    [row] = [r for r in rows if r["reference_number"] == "SOi.021"]
    assert row["mention"] == "Ali Dheere" and row["mention_kind"] == "person"
    assert item.text[row["start"] : row["end"]] == "Ali Dheere"
    assert row["sentence"] == item.text and row["item_url"] == "https://x.example/a"
    assert row["status"] == "hit" and row["score"] >= screener.threshold
    with_clear = news_rows(result, include_clear=True)
    clear = [r for r in with_clear if r["mention"] == "Hodan Warsame"]
    assert len(clear) == 1 and clear[0]["status"] == "clear" and clear[0]["reference_number"] is None


def test_min_score_is_respected(matcher2024: Any, un2024: SanctionsList) -> None:
    item = make_item("x.txt", "T", "", "", "Officials named Ali Dheere and Mohammed Kashlaf.")
    strict = NewsScreener(matcher2024, un2024, min_score=99.9).run([item])
    assert all(h.score >= 99.9 for _r, m in strict.mentions() for h in m.hits)


def test_country_in_org_name_conflicting_with_listed_address(screener: NewsScreener) -> None:
    # "MINISTRY OF DEFENCE" is a DPRK ministry's alias; a Somali ministry is not it
    item = make_item("x.txt", "T", "", "", "The Somali Ministry of Defence said troops advanced.")
    result = screener.run([item])
    assert "KPe.054" not in hits_by_name(result).get("Somali Ministry of Defence", set())


def test_outputs_csv_json_and_workbook(screener: NewsScreener, tmp_path: Path) -> None:
    evil = make_item("evil.txt", "=HYPERLINK(\"http://x\")", "", "",
                     "=cmd| Ali Dheere met officials on Monday.")
    result = screener.run([*read_source(str(SAMPLES / "feed.xml")), evil])
    out_csv = tmp_path / "hits.csv"
    n = write_news_output(out_csv, result)
    with out_csv.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert n == len(rows) > 0 and list(rows[0]) == list(COLUMNS)
    titles = {r["item_title"] for r in rows}
    assert "'=HYPERLINK(\"http://x\")" in titles  # formula neutralised
    write_news_output(tmp_path / "hits.json", result, include_clear=True)
    assert '"meta"' in (tmp_path / "hits.json").read_text("utf-8")
    xlsx = tmp_path / "review.xlsx"
    write_news_output(xlsx, result)
    wb = load_workbook(xlsx)
    assert wb.sheetnames[:3] == ["Summary", "Hits", "Mentions"]
    hits = wb["Hits"]
    headers = [c.value for c in hits[1]]
    for header in ("Input name", "Reference number", "Decision", "Reviewer", "Notes",
                   "Item title", "Sentence", "URL", "Published"):
        assert header in headers, header
    mentions = wb["Mentions"]
    mheaders = [c.value for c in mentions[1]]
    assert {"Name", "Type", "Item title", "Source", "URL", "Published", "Sentence",
            "Best score"} <= set(mheaders)
    names = [row[0].value for row in mentions.iter_rows(min_row=2)]
    assert "Sultani Makenga" in names and "Amina Example" in names  # every name, hit or not
    cell = next(c for row in hits.iter_rows(min_row=2) for c in row
                if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # stored as text, never a formula


def test_unknown_ner_backend(matcher2024: Any) -> None:
    from sanctions_check.errors import InputError

    with pytest.raises(InputError, match="unknown --ner"):
        NewsScreener(matcher2024, ner="bert")
