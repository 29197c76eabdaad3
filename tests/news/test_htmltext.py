"""HTML main text: only the article of a page is kept, with its metadata."""

from __future__ import annotations

from pathlib import Path

from sanctions_check.news.htmltext import html_main_text

REPO = Path(__file__).resolve().parents[2]
NEWS_EVAL = REPO / "benchmarks" / "data" / "eval" / "news"


def test_eval_html_keeps_only_the_article() -> None:
    text, meta = html_main_text((NEWS_EVAL / "07.html").read_bytes(), "07.html")
    assert "Johnson Andre" in text and "Vitel'Homme Innocent" in text
    # navigation, ticker, related / most-read lists, footer: boilerplate with names
    for furniture in ("Luis Abinader", "Bank of Jamaica", "Newsletters", "Most read",
                      "Abinader opens new port", "Privacy policy", "Related coverage"):
        assert furniture not in text, furniture
    assert meta["title"].startswith("U.N. extends Haiti sanctions")
    assert meta["published"] == "2024-10-18"
    assert "\n\n" in text  # paragraphs kept apart (sentences never run together)
