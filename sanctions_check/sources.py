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

HTML main text uses lxml with explicit rules (see :func:`html_main_text`): the
largest ``<article>`` (else ``<main>``, ``[itemprop=articleBody]``, ``role=main``,
else the body) with ``nav``, ``header``, ``footer``, ``aside``, ``form``, ``script``,
``style``, figures, boilerplate classes (menus, tickers, related links, share bars)
and link-dense blocks dropped.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import logging
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sanctions_check import __version__
from sanctions_check.errors import InputError

log = logging.getLogger(__name__)

MAX_BYTES = 16 * 1024 * 1024  # one file, page or feed
MAX_LINE_CHARS = 200_000  # a line longer than this is not news text
MAX_ITEMS = 1000  # entries read from one feed / JSON-lines file
MAX_ITEM_CHARS = 1_000_000  # text screened per item (a book is not a news item)
MIN_ARTICLE_CHARS = 40  # an HTML page with less main text has no article body
FETCH_TIMEOUT = 30.0

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
#: suffixes read from a directory (``.json`` only when named explicitly: it is often not news)
DIR_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class NewsItem:
    """One news item: where it came from, its title, link, date and plain text."""

    source: str
    title: str
    url: str
    published: str
    text: str
    content_hash: str


@dataclass(frozen=True)
class SourceError:
    """A source that could not be read (fully): the source and a one-line message."""

    source: str
    message: str

    def __str__(self) -> str:
        return self.message if self.message.startswith(self.source) else (
            f"{self.source}: {self.message}"
        )


@dataclass
class SourceResult:
    """Items read from every source, and the sources that failed."""

    items: list[NewsItem] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)


def content_hash(text: str) -> str:
    """sha256 of the whitespace-collapsed text (the identity of an article's content)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def make_item(source: str, title: str, url: str, published: str, text: str) -> NewsItem:
    """A :class:`NewsItem` with cleaned fields and its content hash."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    title = " ".join((title or "").split())
    return NewsItem(
        source=source,
        title=title,
        url=(url or "").strip(),
        published=(published or "").strip(),
        text=text,
        content_hash=content_hash(text),
    )


# --------------------------------------------------------------------------- decoding


def decode_text(data: bytes, label: str) -> str:
    """Decode ``data`` (UTF-8/16/32 with or without BOM, else detected); InputError if binary."""
    if not data.strip():
        raise InputError(f"{label}: empty")
    encoding = None
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            encoding = name
            break
    head = data[:8192]
    if encoding is None and b"\x00" in head:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            encoding = "utf-16-le"
        elif even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            encoding = "utf-16-be"
        else:
            raise InputError(f"{label}: binary data (NUL bytes), not a news text, page or feed")
    if encoding is None:
        try:
            return _check_text(data.decode("utf-8"), label)
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:65536]).best()
            encoding = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(
            f"{label}: cannot decode the text (not UTF-8, UTF-16 or a known encoding); "
            "save it as UTF-8"
        ) from None
    return _check_text(text, label)


def _check_text(text: str, label: str) -> str:
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise InputError(f"{label}: binary data (NUL characters), not a news text, page or feed")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError(f"{label}: binary data (control characters), not a news text")
    if not text.strip():
        raise InputError(f"{label}: empty")
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > MAX_LINE_CHARS:
        raise InputError(
            f"{label}: a line is {longest:,} characters long (limit {MAX_LINE_CHARS:,}); "
            "not a news text"
        )
    return text


# --------------------------------------------------------------------------- HTML

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe",
    "svg", "button", "select", "input", "figure", "figcaption", "menu", "dialog", "object",
)
_BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|sidebar|side-bar|related|ticker|breaking|share|sharing|"
    r"social|comments?|promo|advert|ads?|cookie|newsletter|subscribe|breadcrumbs?|most-read|"
    r"mostread|popular|trending|recommended|outbrain|taboola|banner|masthead|site-header|"
    r"toolbar|pagination|tags|author-bio|skip)([\s_-]|$)",
    re.IGNORECASE,
)
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "td")


def _text_of(el: Any) -> str:
    return " ".join(el.text_content().split())


def _link_density(el: Any) -> float:
    text = len(_text_of(el)) or 1
    links = sum(len(_text_of(a)) for a in el.iter("a"))
    return links / text


def html_main_text(data: bytes | str, label: str = "page") -> tuple[str, dict[str, str]]:
    """The main article text of an HTML page (paragraphs separated by blank lines) and
    metadata (``title``, ``url``, ``published``); InputError if there is no article body."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{label}: not a readable HTML page ({exc})") from None
    meta = _html_meta(doc)
    for bad in list(doc.iter(etree.Comment, etree.ProcessingInstruction)):
        if bad.getparent() is not None:
            bad.drop_tree()
    for el in list(doc.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    articles = [el for el in doc.iter("article")]
    root = max(articles, key=lambda el: len(_text_of(el)), default=None)
    if root is None:
        found = doc.xpath("//main|//*[@itemprop='articleBody']|//*[@role='main']")
        root = found[0] if found else doc.find("body")
    if root is None:
        root = doc
    # site headers outside the article; boilerplate containers inside the chosen root
    for el in list(doc.iter("header")):
        if el.getparent() is not None and not any(a is root for a in el.iterancestors()):
            el.drop_tree()
    for el in list(root.iter()):
        if el is root or el.getparent() is None or not isinstance(el.tag, str):
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if marker.strip() and _BOILERPLATE.search(marker):
            el.drop_tree()
    paragraphs: list[str] = []
    for el in root.iter(*_BLOCK_TAGS):
        if any(anc.tag in _BLOCK_TAGS for anc in el.iterancestors()):
            continue  # text already taken with its block ancestor
        text = _text_of(el)
        if not text:
            continue
        if _link_density(el) > 0.5 and len(text) < 300:
            continue  # lists of links: menus, related stories
        paragraphs.append(text)
    if not paragraphs:  # pages without <p>: the root's own text lines
        paragraphs = [" ".join(t.split()) for t in root.itertext() if t.strip()]
    text = "\n\n".join(paragraphs)
    if len(text) < MIN_ARTICLE_CHARS or not re.search(r"[.!?]", text):
        raise InputError(f"{label}: no article text found in the HTML page")
    return text, meta


def _html_meta(doc: Any) -> dict[str, str]:
    def first(xpath: str) -> str:
        found = doc.xpath(xpath)
        return " ".join(str(found[0]).split()) if found else ""

    title = (
        first("//meta[@property='og:title']/@content")
        or first("//h1[1]//text()")
        or first("//title/text()")
    )
    url = first("//link[@rel='canonical']/@href") or first("//meta[@property='og:url']/@content")
    published = (
        first("//meta[@property='article:published_time']/@content")
        or first("//time/@datetime")
        or first("//meta[@name='date']/@content")
    )
    return {"title": title, "url": url, "published": published}


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries): block elements become paragraphs."""
    if "<" not in fragment:
        return _unescape(fragment).strip()
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for el in list(root.iter("script", "style")):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter(*_BLOCK_TAGS, "div", "br"):
        el.tail = "\n\n" + (el.tail or "") if el.tag != "br" else "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n\n" + (el.text or "")
    text = root.text_content()
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


# --------------------------------------------------------------------------- feeds


def _feed_date(entry: Any) -> str:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.datetime(*value[:6], tzinfo=dt.UTC).isoformat()
            except (TypeError, ValueError):
                pass
    return str(entry.get("published") or entry.get("updated") or "")


def parse_feed(data: bytes, label: str, max_items: int = MAX_ITEMS) -> tuple[list[NewsItem], str]:
    """Items of an RSS / Atom feed and a warning ('' if none); InputError if not a feed."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0][:120]})" if reason else ""
        raise InputError(f"{label}: not a readable RSS or Atom feed{detail}")
    if not entries:
        raise InputError(f"{label}: the feed has no items")
    warning = ""
    if len(entries) > max_items:
        warning = (
            f"{label}: the feed has {len(entries):,} items; only the first {max_items:,} "
            "were read"
        )
        entries = entries[:max_items]
    items = []
    for entry in entries:
        title = html_fragment_text(str(entry.get("title") or ""))
        body = ""
        contents = entry.get("content") or []
        if contents:
            body = max((str(c.get("value") or "") for c in contents), key=len)
        summary = str(entry.get("summary") or entry.get("description") or "")
        if len(summary) > len(body):
            body = summary
        text = html_fragment_text(body)
        if not text.strip() and not title.strip():
            continue
        if title and not text.startswith(title):
            text = f"{title}\n\n{text}" if text else title
        items.append(make_item(label, title, str(entry.get("link") or ""), _feed_date(entry), text))
    if not items:
        raise InputError(f"{label}: the feed's items have no title or text")
    return items, warning


# --------------------------------------------------------------------------- JSON lines


def parse_jsonl(text: str, label: str, max_items: int = MAX_ITEMS) -> tuple[list[NewsItem], str]:
    """Items of a JSON-lines file (or a JSON array); bad lines are skipped and reported."""
    stripped = text.lstrip()
    records: list[tuple[int, Any]] = []
    bad: list[int] = []
    if stripped.startswith("["):
        try:
            records = list(enumerate(json.loads(stripped), start=1))
        except json.JSONDecodeError as exc:
            raise InputError(f"{label}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError:
                bad.append(number)
    items: list[NewsItem] = []
    for number, rec in records:
        if not isinstance(rec, dict):
            bad.append(number)
            continue
        body = rec.get("text") or rec.get("body") or rec.get("content") or rec.get("summary")
        title = rec.get("title") or rec.get("headline") or ""
        if not isinstance(body, str) or not body.strip():
            bad.append(number)
            continue
        body = html_fragment_text(body) if re.search(r"</?(p|div|br|span|a)\b", body) else body
        title = str(title)
        text = body if not title or body.lstrip().startswith(title) else f"{title}\n\n{body}"
        published = rec.get("published") or rec.get("date") or rec.get("published_at") or ""
        url = rec.get("url") or rec.get("link") or ""
        items.append(make_item(label, title, str(url), str(published), text))
    if not items:
        if not records and not bad:
            raise InputError(f"{label}: empty")
        raise InputError(f"{label}: no JSON line with a title and text (or body)")
    warning = ""
    if bad:
        shown = ", ".join(str(n) for n in bad[:5]) + (" ..." if len(bad) > 5 else "")
        warning = f"{label}: skipped {len(bad)} line(s) that are not JSON objects with text: {shown}"
    if len(items) > max_items:
        extra = f"{label}: {len(items):,} items; only the first {max_items:,} were read"
        warning = f"{warning}; {extra}" if warning else extra
        items = items[:max_items]
    return items, warning


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
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{label}: {size:,} bytes, larger than the {MAX_BYTES:,} byte limit")
        return path.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{label}: no such file or directory") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None


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
    "NewsItem",
    "SourceError",
    "SourceResult",
    "content_hash",
    "html_main_text",
    "make_item",
    "read_source",
    "read_sources",
)
