"""News sources: text, HTML main text, feeds, JSON lines, directories, stdin and bad input."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.errors import InputError
from sanctions_check.news.item import MAX_LINE_CHARS, content_hash
from sanctions_check.news.sources import (
    MAX_ITEM_CHARS,
    parse_bytes,
    read_source,
    read_sources,
)

REPO = Path(__file__).resolve().parents[2]
NEWS_EVAL = REPO / "benchmarks" / "data" / "eval" / "news"
SAMPLES = REPO / "samples" / "news"


def test_sample_page_drops_scripts_ticker_figure_and_footer() -> None:
    [item] = read_source(str(SAMPLES / "page.html"))
    assert "Abdul Haq Wasiq" in item.text
    for furniture in ("window.analytics", "John Placeholder", "Amnesty International",
                      "Mary Example", "Example Photo Agency", "Sample Daily Media Ltd"):
        assert furniture not in item.text, furniture
    assert item.url == "https://news.example.org/asia/taliban-travel-waivers"
    assert item.published.startswith("2024-11-04")


def test_feed_items_have_title_link_date_and_plain_text() -> None:
    items = read_source(str(NEWS_EVAL / "feed.xml"))
    assert len(items) == 2
    first = items[0]
    assert first.title.startswith("Houthis say Red Sea attacks")
    assert first.url.endswith("yemen-houthis-red-sea-detainees")
    assert first.published == "2024-11-05T09:30:00+00:00"
    assert "<p>" not in first.text and "Mohammed Abdulkarim al-Ghamari" in first.text
    assert first.text.startswith(first.title)  # the headline is part of the screened text


def test_text_file_title_is_first_line() -> None:
    [item] = read_source(str(NEWS_EVAL / "01.txt"))
    assert item.title == "Somali forces retake villages as al-Shabaab threatens capital"
    assert item.url == "" and item.content_hash == content_hash(item.text)


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    lines = [
        json.dumps({"title": "One", "text": "Ali Dheere spoke.", "url": "u1", "published": "2024"}),
        "not json",
        json.dumps({"title": "Two", "body": "Body text here.", "link": "u2"}),
        json.dumps({"title": "No text"}),
    ]
    path.write_text("\n".join(lines), "utf-8")
    warnings: list[str] = []
    items = read_source(str(path), warn=warnings.append)
    assert [i.url for i in items] == ["u1", "u2"]
    assert items[1].text == "Two\n\nBody text here."  # title first, then the body
    assert warnings and "skipped 2 line(s)" in warnings[0] and "2, 4" in warnings[0]


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps([{"title": "T", "text": "Text."}]), "utf-8")
    assert [i.title for i in read_source(str(path))] == ["T"]


def test_directory_reads_news_files_only(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second\n\nMore text.", "utf-8")
    (tmp_path / "a.txt").write_text("First\n\nSome text.", "utf-8")
    (tmp_path / "labels.json").write_text("{}", "utf-8")  # .json in a folder: not news
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nx.", "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = read_sources([str(tmp_path)])
    assert [i.title for i in result.items] == ["First", "Second"]
    assert result.errors == []


def test_stdin_is_sniffed() -> None:
    feed = (NEWS_EVAL / "feed.xml").read_bytes()
    assert len(read_source("-", stdin=io.BytesIO(feed))) == 2
    [item] = read_source("-", stdin=io.BytesIO(b"Headline\n\nText of the story."))
    assert item.source == "<stdin>" and item.title == "Headline"


def test_encodings_are_detected(tmp_path: Path) -> None:
    cp = tmp_path / "cp1252.txt"
    cp.write_bytes("Caf\u00e9 talks\n\nJos\u00e9 M\u00fcller met the minister.".encode("cp1252"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + "Title\n\nRi Pyong-chol.".encode("utf-16-le"))
    assert "Jos\u00e9 M\u00fcller" in read_source(str(cp))[0].text
    assert "Ri Pyong-chol" in read_source(str(utf16))[0].text


BAD_INPUTS = [
    # (file name, content, words the message must contain) -- why it must fail
    ("binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),  # an image
    ("empty.txt", b"", "empty"),  # nothing to read
    ("blank.html", b"   \n\t\n", "empty"),  # only whitespace
    ("nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
    ("broken.xml", b"<?xml version='1.0'?><rss><channel><item><title>x", "feed"),  # no items
    ("junk.rss", b"this is {not} a feed at all", "not a readable RSS"),
    ("long.txt", b"a" * (MAX_LINE_CHARS + 5), "characters long"),  # one enormous line
    ("bad.jsonl", b"{not json}\n[1,2\n", "no JSON line"),
]


@pytest.mark.parametrize(("name", "data", "words"), BAD_INPUTS)
def test_bad_sources_give_one_line_naming_the_source(
    tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = read_sources([str(path), str(NEWS_EVAL / "01.txt")])
    assert len(result.errors) == 1
    message = str(result.errors[0])
    assert str(path) in message and words in message and "\n" not in message
    assert len(result.items) == 1  # the good source is still read


def test_missing_file_and_bad_url() -> None:
    def refuse(url: str) -> bytes:
        raise InputError(f"{url}: cannot connect (refused)")

    result = read_sources(["/no/such/file.txt", "http://127.0.0.1:9/feed"], fetch=refuse)
    assert [e.source for e in result.errors] == ["/no/such/file.txt", "http://127.0.0.1:9/feed"]
    assert "no such file" in str(result.errors[0])


def test_feed_with_thousands_of_items_is_capped(tmp_path: Path) -> None:
    entries = "".join(
        f"<item><title>Item {i}</title><link>https://x.example/{i}</link>"
        f"<description>Story {i}.</description></item>"
        for i in range(2500)
    )
    path = tmp_path / "big.xml"
    path.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel>{entries}</channel></rss>")
    result = read_sources([str(path)], max_items=100)
    assert len(result.items) == 100  # the first ones are still screened...
    assert "2,500 items" in str(result.errors[0])  # ...and the run says what was left out


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.sampled_from([None, "text", "html", "feed", "jsonl"]))
def test_any_bytes_give_items_or_input_error(data: bytes, kind: str | None) -> None:
    # invariant: hostile bytes never raise anything but InputError (one line for the user)
    try:
        items, _warning = parse_bytes(data, "x", kind)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(isinstance(i.text, str) for i in items)


def test_enormous_item_is_cut_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    line = "Ali Dheere spoke to officials in the capital on Monday. " * 1000
    path.write_text("Title\n" + (line + "\n") * (MAX_ITEM_CHARS // len(line) + 2), "utf-8")
    result = read_sources([str(path)])
    assert len(result.items[0].text) == MAX_ITEM_CHARS
    assert "longer than 1,000,000 characters" in str(result.errors[0])


def test_atom_feed_with_html_content(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wire</title><id>urn:x</id><updated>2024-11-05T09:30:00Z</updated>
  <entry>
    <title>Envoy meets rebels</title>
    <link href="https://x.example/atom/1"/>
    <id>urn:x:1</id><updated>2024-11-05T09:30:00Z</updated>
    <content type="html">&lt;p&gt;GOMA, Nov 5 - Sultani Makenga met the envoy.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</content>
  </entry>
</feed>""",
        "utf-8",
    )
    [item] = read_source(str(path))
    assert item.url == "https://x.example/atom/1" and item.published.startswith("2024-11-05")
    assert "Sultani Makenga met the envoy." in item.text and "x()" not in item.text
