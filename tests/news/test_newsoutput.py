"""News output: CSV / JSON rows (news columns then hit columns) and the review workbook."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.news.item import make_item
from sanctions_check.news.output import COLUMNS, NEWS_COLUMNS, news_rows, write_news_output
from sanctions_check.news.run import NewsScreener
from sanctions_check.news.sources import read_source
from sanctions_check.screening.rows import HIT_COLUMNS

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "news"


@pytest.fixture()
def screener(matcher2024: Any, un2024: SanctionsList) -> NewsScreener:
    return NewsScreener(matcher2024, un2024)


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
    # every row, hit or clear, says which algorithm, threshold and list produced it (a CSV
    # has no metadata block)
    for r in with_clear:
        assert r["algorithm_version"] == result.meta.algorithm_version
        assert r["min_score"] == result.meta.min_score
        assert r["list_sha256"] == result.meta.list_sha256 and r["list_sha256"]
        assert r["weights_digest"] == result.meta.match_config["weights_digest"]


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


def test_workbook_hits_record_the_list_and_leave_out_input_only_columns(
    screener: NewsScreener, un2024: SanctionsList, tmp_path: Path
) -> None:
    # a mention has no record ID, date of birth or nationality: columns for them read
    # "unknown" / "absent" on every news row and only cost the reviewer width; the hidden
    # List sha256 column says which list version each hit (and its decision) was made on
    result = screener.run(read_source(str(SAMPLES / "feed.xml")))
    xlsx = tmp_path / "review.xlsx"
    write_news_output(xlsx, result)
    hits = load_workbook(xlsx)["Hits"]
    headers = [c.value for c in hits[1]]
    for header in ("Record ID", "DOB check", "Nationality check", "DOB read as", "DOB status",
                   "Nationality status", "Input DOB", "Input nationality"):
        assert header not in headers, header
    sha = headers.index("List sha256")
    values = {row[sha].value for row in hits.iter_rows(min_row=2)}
    assert values == {un2024.sha256}
