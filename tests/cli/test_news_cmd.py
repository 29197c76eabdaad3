"""``sanctions-check news`` end to end: sources, outputs, exit codes, a local feed URL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from listserver import serve
from openpyxl import load_workbook

from sanctions_check.cli import cli
from sanctions_check.news.output import COLUMNS

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "news"
SEED = REPO / "benchmarks" / "data" / "eval" / "news" / "seed-article.txt"


def run(list_path: Path | str, *args: Any, stdin: bytes | None = None) -> Any:
    return CliRunner().invoke(
        cli, ["--list", str(list_path), "news", *map(str, args)], input=stdin
    )


@pytest.fixture()
def feed_url() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving samples/news/feed.xml as /feed.xml."""
    with serve({"/feed.xml": SAMPLES / "feed.xml"}) as url:
        yield url


def test_samples_to_workbook_exit_1(un2024_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "news.xlsx"
    result = run(un2024_path, SAMPLES, "-o", out)
    assert result.exit_code == 1, result.output
    assert "5 news item(s)" in result.stderr and f"wrote {out}" in result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["Summary", "Hits", "Mentions"]
    headers = [c.value for c in wb["Hits"][1]]
    ref_col = headers.index("Reference number")
    refs = {row[ref_col].value for row in wb["Hits"].iter_rows(min_row=2)}
    assert {"KPi.038", "KPi.066", "KPi.076", "CDi.008", "TAi.082"} <= refs
    summary = dict(wb["Summary"].iter_rows(values_only=True))
    assert summary["Report"] == "sanctions-check news review"
    assert summary["News items"] == 5 and summary["Sources failed"] == 0


def test_list_scan_finds_lower_case_names(un2024_path: Path) -> None:
    shipping = SAMPLES / "shipping-deal.txt"
    with_scan = run(un2024_path, shipping)
    without = run(un2024_path, shipping, "--no-list-scan")
    # "korea kwangson banking corporation" is written in lower case in the article
    assert "KPe.025" in with_scan.stdout and "KPe.025" not in without.stdout
    assert "KPe.001" in without.stdout  # the capitalised names are found either way


def test_seed_article_has_no_hit_exit_0(un2024_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.csv"
    result = run(un2024_path, SEED, "-o", out, "--include-clear")
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(COLUMNS)
    mentions = {r["mention"] for r in rows}
    assert {"Kim Jong-un", "Vladimir Putin", "Lim Soo-suk", "Sergei Shoigu"} <= mentions
    assert {r["status"] for r in rows} == {"clear"}


def test_local_feed_url(un2024_path: Path, feed_url: str, tmp_path: Path) -> None:
    out = tmp_path / "feed.json"
    result = run(un2024_path, f"{feed_url}/feed.xml", "-o", out)
    assert result.exit_code == 1, result.output
    doc = json.loads(out.read_text("utf-8"))
    assert {r["item_url"] for r in doc["rows"]} == {
        "https://news.example.org/africa/congo-talks",
        "https://news.example.org/africa/libya-fund",
    }
    assert {"CDi.008", "CDe.006", "LYe.001"} <= {r["reference_number"] for r in doc["rows"]}
    assert doc["meta"]["news_items"] == 2


def test_failed_source_exits_2_but_others_are_screened(
    un2024_path: Path, feed_url: str, tmp_path: Path
) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    out = tmp_path / "hits.csv"
    result = run(un2024_path, binary, f"{feed_url}/missing.xml", SAMPLES / "feed.xml", "-o", out)
    assert result.exit_code == 2, result.output  # a failed source wins over hits (README)
    assert f"{binary}: binary data" in result.stderr
    assert f"{feed_url}/missing.xml: HTTP 404" in result.stderr
    assert "Traceback" not in result.output
    with out.open(newline="", encoding="utf-8") as fh:
        assert any(r["reference_number"] == "CDi.008" for r in csv.DictReader(fh))


def test_stdin_and_stdout_listing(un2024_path: Path) -> None:
    result = run(un2024_path, "-", stdin=b"Talks\n\nThe envoy met Ali Dheere in Doha.")
    assert result.exit_code == 1, result.output
    assert "SOi.021" in result.stdout and "Ali Dheere" in result.stdout


def test_same_item_twice_is_screened_once(un2024_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes((SAMPLES / "summit-delegation.txt").read_bytes())
    result = run(un2024_path, SAMPLES / "summit-delegation.txt", copy)
    assert result.exit_code == 1
    assert "2 news item(s) (1 already processed)" in result.stderr


def test_list_problem_exits_3(tmp_path: Path) -> None:
    result = run(tmp_path / "missing.xml", SEED)
    assert result.exit_code == 3, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.pdf"], "unknown output format"),  # output format checked before work
        (["--ner", "spacy"], "spaCy"),  # optional backend not installed: clear message
    ],
)
def test_usage_errors_exit_2(un2024_path: Path, tmp_path: Path, args: list[str], message: str) -> None:
    if args[0] == "--ner":
        from sanctions_check.news.ner import spacy_available

        if spacy_available():
            pytest.skip("spaCy is installed here")
    args = [str(tmp_path / a) if a.endswith(".pdf") else a for a in args]
    result = run(un2024_path, SEED, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_help_documents_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["news", "--help"])
    assert result.exit_code == 0
    for text in ("--include-clear", "--ner", "--min-score", "3 list problem"):
        assert text in result.output
