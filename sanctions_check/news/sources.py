"""Turn news SOURCES (files, folders, feeds, URLs, standard input) into :class:`NewsItem` s.

Contract:

* A SOURCE is a ``.txt`` file (first line = title), an ``.html`` page (only the main
  article text is kept), an RSS 2.0 / Atom feed file or ``http(s)://`` URL (one item
  per entry: title, link, date, summary or content with the HTML stripped), a
  JSON-lines file (``title``, ``text`` or ``body``, ``url``, ``published``), a
  directory of such files (read in name order, hidden files skipped) or ``-`` for
  standard input.  Unknown suffixes are sniffed from the content.
* :func:`read_source` returns the items of one source or raises
  :class:`~sanctions_check.errors.InputError` with one line naming the source.
  :func:`read_sources` never raises for a bad source: it collects a
  :class:`SourceError` and goes on with the others.
* Limits (binary data, empty input, enormous lines, huge files, feeds with thousands
  of items) give a clear message, never a traceback.  A feed with more than
  ``max_items`` entries yields its first ``max_items`` items *and* an error.
* ``NewsItem.content_hash`` is the sha256 of the whitespace-collapsed text, so the
  same article read twice (another file, another feed) is recognised.
* Text decoding and :class:`~sanctions_check.news.item.NewsItem` live in
  :mod:`sanctions_check.news.item`, HTML main text in :mod:`sanctions_check.news.htmltext`,
  RSS / Atom and JSON lines in :mod:`sanctions_check.news.feeds`; this module picks the
  reader for each document and reads files, folders, URLs and standard input.
"""

from __future__ import annotations

import codecs
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from sanctions_check.errors import InputError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.files.reading import read_user_file
from sanctions_check.news.feeds import MAX_ITEMS, parse_feed, parse_jsonl
from sanctions_check.news.htmltext import html_main_text
from sanctions_check.news.item import (
    NewsItem,
    SourceError,
    SourceResult,
    decode_text,
    make_item,
)
from sanctions_check.version import __version__

log = lazy_logger(__name__)

MAX_BYTES = 16 * 1024 * 1024  # one file, page or feed
MAX_ITEM_CHARS = 1_000_000  # text screened per item (a book is not a news item)
FETCH_TIMEOUT = 30.0

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
#: suffixes read from a directory (``.json`` only when named explicitly: it is often not news)
DIR_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | {".jsonl", ".ndjson"}


# --------------------------------------------------------------------------- plain text


def parse_text(text: str, label: str) -> NewsItem:
    """A plain-text article: the first non-empty line is its title."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0][:300] if lines else ""
    return make_item(label, title, "", "", text)


def parse_html(data: bytes, label: str) -> NewsItem:
    body, meta = html_main_text(data, label)
    return make_item(label, meta["title"], meta["url"], meta["published"], body)


# --------------------------------------------------------------------------- dispatch


def sniff(data: bytes) -> str:
    """``feed``, ``html``, ``jsonl`` or ``text`` from the first bytes of a document."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf")):
        if b"<html" in head and b"<rss" not in head and b"<feed" not in head:
            return "html"
        return "feed"
    if head.startswith((b"{", b"[")):
        return "jsonl"
    return "text"


def kind_of(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed" if sniff(data) != "html" else "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return sniff(data)


def parse_bytes(
    data: bytes, label: str, kind: str | None = None, max_items: int = MAX_ITEMS
) -> tuple[list[NewsItem], str]:
    """Items from the bytes of one document of ``kind`` (sniffed when None), and a warning."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{label}: {len(data):,} bytes, larger than the {MAX_BYTES:,} byte limit")
    if not data.strip():
        raise InputError(f"{label}: empty")
    items, warning = _parse_kind(data, label, kind or sniff(data), max_items)
    long = [i for i, item in enumerate(items) if len(item.text) > MAX_ITEM_CHARS]
    for i in long:
        item = items[i]
        items[i] = make_item(
            item.source, item.title, item.url, item.published, item.text[:MAX_ITEM_CHARS]
        )
    if long:
        extra = (
            f"{label}: {len(long)} item(s) longer than {MAX_ITEM_CHARS:,} characters; "
            "only their start was screened"
        )
        warning = f"{warning}; {extra}" if warning else extra
    return items, warning


def _parse_kind(
    data: bytes, label: str, kind: str, max_items: int
) -> tuple[list[NewsItem], str]:
    if kind == "feed":
        if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise InputError(f"{label}: binary data (NUL bytes), not a feed")
        return parse_feed(data, label, max_items)
    if kind == "html":
        decode_text(data, label)  # binary / line-length checks
        return [parse_html(data, label)], ""
    text = decode_text(data, label)
    if kind == "jsonl":
        return parse_jsonl(text, label, max_items)
    return [parse_text(text, label)], ""


def _read_file(path: Path, label: str) -> bytes:
    return read_user_file(path, max_bytes=MAX_BYTES, label=label)


def fetch_url(url: str, timeout: float = FETCH_TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """GET ``url`` with a timeout and size limit; InputError naming the URL on failure."""
    request = urllib.request.Request(
        url, headers={"User-Agent": f"sanctions-check/{__version__} (+news)"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310
            data = resp.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(f"{url}: cannot connect ({exc.reason})") from None
    except (TimeoutError, OSError) as exc:
        raise InputError(f"{url}: download failed ({exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"{url}: larger than the {max_bytes:,} byte limit")
    return data


def is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme.lower() in ("http", "https")


def read_source(
    source: str,
    stdin: BinaryIO | None = None,
    fetch: Callable[[str], bytes] = fetch_url,
    max_items: int = MAX_ITEMS,
    warn: Callable[[str], None] | None = None,
) -> list[NewsItem]:
    """The items of one SOURCE; InputError (one line naming it) if it cannot be read.

    Warnings about partly-read sources (items skipped, feed truncated) go to ``warn``.
    """
    items, errors = _read_one(source, stdin, fetch, max_items)
    for err in errors:
        if warn is not None:
            warn(str(err))
    if not items and errors:
        raise InputError(str(errors[0]))
    return items


def _read_one(
    source: str, stdin: BinaryIO | None, fetch: Callable[[str], bytes], max_items: int
) -> tuple[list[NewsItem], list[SourceError]]:
    errors: list[SourceError] = []
    items: list[NewsItem] = []

    def run(data_fn: Callable[[], bytes], label: str, path: Path | None) -> None:
        try:
            data = data_fn()
            kind = kind_of(path, data) if path is not None else None
            found, warning = parse_bytes(data, label, kind, max_items)
            items.extend(found)
            if warning:
                errors.append(SourceError(label, warning))
        except InputError as exc:
            errors.append(SourceError(label, str(exc)))
        except Exception as exc:  # a library failing on hostile input: still one line
            log.debug("reading %s failed", label, exc_info=True)
            errors.append(SourceError(label, f"{label}: unreadable ({type(exc).__name__}: {exc})"))

    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        run(lambda: stream.read(MAX_BYTES + 1), "<stdin>", None)
    elif is_url(source):
        run(lambda: fetch(source), source, None)
        for i, item in enumerate(items):  # a page's URL is the URL asked for
            if not item.url:
                items[i] = make_item(item.source, item.title, source, item.published, item.text)
    else:
        path = Path(source)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.suffix.lower() in DIR_SUFFIXES
            )
            if not files:
                errors.append(SourceError(source, f"{source}: no news files in the directory"))
            for p in files:
                run(lambda p=p: _read_file(p, str(p)), str(p), p)
        else:
            run(lambda: _read_file(path, source), source, path)
    return items, errors


def read_sources(
    sources: Iterable[str],
    stdin: BinaryIO | None = None,
    fetch: Callable[[str], bytes] = fetch_url,
    max_items: int = MAX_ITEMS,
) -> SourceResult:
    """Read every source; failures are collected in ``errors``, never raised."""
    result = SourceResult()
    for source in sources:
        items, errors = _read_one(source, stdin, fetch, max_items)
        result.items.extend(items)
        result.errors.extend(errors)
        for err in errors:
            log.info("%s", err)
    return result


__all__: Sequence[str] = (
    "parse_bytes",
    "read_source",
    "read_sources",
)
