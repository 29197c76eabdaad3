"""Downloads from a real HTTP server on 127.0.0.1: the list, and every way it can go wrong."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from listserver import HTML_PAGE, serve

from sanctions_check.errors import ListError
from sanctions_check.lists.fetch import fetch, looks_like_html


@pytest.fixture(scope="module")
def base(un2024_path: Path) -> Iterator[str]:
    with serve({"/list.xml": un2024_path}) as url:
        yield url


def test_downloads_the_real_list(base: str, un2024_path: Path) -> None:
    download = fetch(base + "/list.xml", timeout=10)
    assert download.data == un2024_path.read_bytes()
    assert download.status == 200
    assert download.content_type == "application/xml"


def test_follows_redirects(base: str, un2024_path: Path) -> None:
    download = fetch(base + "/redirect", timeout=10)
    assert download.data == un2024_path.read_bytes()
    assert download.final_url.endswith("/list.xml")


def test_file_url(un2024_path: Path) -> None:
    assert fetch(un2024_path.as_uri()).data == un2024_path.read_bytes()


@pytest.mark.parametrize(
    ("path", "expect"),
    [
        # the server announces the full Content-Length and closes after half of it
        ("/truncated", "download truncated: got 1102617 of 2205234 bytes"),
        ("/html", "HTML page instead of the list XML (page title: '503 Service Unavailable')"),
        ("/error500", "server answered HTTP 500"),
        ("/notfound", "server answered HTTP 404"),
        ("/empty", "the download is empty"),
        # headers, then silence: the per-read (connect) timeout of 0.5 s fires first
        ("/stall", "download stalled: no data for 0.5 s"),
    ],
)
def test_bad_downloads_raise_one_line(base: str, path: str, expect: str) -> None:
    with pytest.raises(ListError) as info:
        fetch(base + path, timeout=3, connect_timeout=0.5)
    message = str(info.value)
    assert message.startswith(base + path) and "\n" not in message
    assert expect in message


def test_slow_drip_hits_the_total_timeout(base: str) -> None:
    # a byte every 0.1 s never trips a per-read timeout; only the total deadline stops it
    with pytest.raises(ListError, match=r"download timed out after 0.8 s"):
        fetch(base + "/drip", timeout=0.8, connect_timeout=5)


def test_stall_hits_total_timeout_when_shorter(base: str) -> None:
    with pytest.raises(ListError, match=r"timed out after 0.5 s"):
        fetch(base + "/stall", timeout=0.5, connect_timeout=5)


@pytest.mark.parametrize(
    ("timeout", "connect_timeout", "expect"),
    [
        # the total deadline is the shorter one: it names the deadline, not the time measured
        # by a busy machine after it (which made the message vary with the load)
        (0.5, 5, r"/silent: timed out after 0\.5 s \(no answer\)"),
        # the connect (per-read) timeout is the shorter one: it is named as such
        (5, 0.5, r"/silent: no answer within 0\.5 s \(connect timeout\)"),
    ],
)
def test_no_answer_names_the_limit_that_fired(
    base: str, timeout: float, connect_timeout: float, expect: str
) -> None:
    with pytest.raises(ListError, match=expect):
        fetch(base + "/silent", timeout=timeout, connect_timeout=connect_timeout)


def test_size_limit(base: str) -> None:
    with pytest.raises(ListError, match="more than the limit of 1000"):
        fetch(base + "/list.xml", max_bytes=1000)


def test_file_url_size_limit(un2024_path: Path) -> None:
    with pytest.raises(ListError, match="more than the limit of 10"):
        fetch(un2024_path.as_uri(), max_bytes=10)


@pytest.mark.parametrize(
    ("url", "expect"),
    [
        ("http://127.0.0.1:1/list.xml", "cannot download (Connection refused)"),
        ("ftp://example.org/list.xml", "unsupported URL"),
        ("file:///nonexistent/consolidated.xml", "no such list file"),
    ],
)
def test_unreachable(url: str, expect: str) -> None:
    with pytest.raises(ListError) as info:
        fetch(url, timeout=3)
    assert expect in str(info.value)


@pytest.mark.parametrize(
    ("data", "ctype", "html"),
    [
        (HTML_PAGE, None, True),
        (b"\xef\xbb\xbf  <html><body>x</body></html>", None, True),  # BOM and blanks first
        (b"<p>maintenance</p>", "text/html", True),  # declared HTML, not XML
        (b"<?xml version='1.0'?><CONSOLIDATED_LIST/>", "text/html", False),  # mislabelled XML
        (b"<?xml version='1.0'?><CONSOLIDATED_LIST/>", "application/xml", False),
    ],
)
def test_looks_like_html(data: bytes, ctype: str | None, html: bool) -> None:
    assert looks_like_html(data, ctype) is html
