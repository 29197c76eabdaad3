"""News items: the :class:`NewsItem` every reader produces, and the shared cleaning.

Contract:

* :class:`NewsItem` is frozen: source, title, url, published, plain text and
  ``content_hash`` (sha256 of the whitespace-collapsed text, so the same article read
  twice, from another file or feed, is recognised).  Build one with :func:`make_item`,
  which normalises line ends and whitespace and computes the hash.
* :class:`SourceError` is a source that could not be read (fully), with a one-line
  message; :class:`SourceResult` collects items and errors over many sources.
* :func:`decode_text` turns the bytes of a document into text through
  :mod:`sanctions_check.files.decoding` (the decoder of every input, with its messages) or raises
  :class:`~sanctions_check.errors.InputError` with one line naming the document for
  binary data, empty input and lines longer than :data:`MAX_LINE_CHARS`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sanctions_check.errors import InputError
from sanctions_check.files import decoding
from sanctions_check.files.lazy import lazy_logger

log = lazy_logger(__name__)
MAX_LINE_CHARS = 200_000  # a line longer than this is not news text
BINARY = "binary data (NUL bytes), not a news text, page or feed"


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



def decode_text(data: bytes, label: str) -> str:
    """Decode ``data`` with :func:`sanctions_check.files.decoding.decode_text`, the decoder of every
    other input (BOM, UTF-16 without BOM, strict UTF-8, else a legacy code page only when
    the whole text reads plausibly in it; the same messages); a weak guess is logged as a
    warning.  InputError if empty, binary or with an over-long line."""
    if not data.strip():
        raise InputError(f"{label}: empty")
    decoded = decoding.decode_text(data, label, refusal=BINARY)
    if decoded.warning:
        log.warning("%s", decoded.warning)
    return _check_text(decoded.text, label)


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
