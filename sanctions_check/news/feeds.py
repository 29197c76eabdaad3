"""Feeds and JSON lines: RSS 2.0 / Atom feeds and JSON-lines files -> :class:`NewsItem` s.

Contract:

* :func:`parse_feed` reads an RSS / Atom feed (bytes): one item per entry with title,
  link, date (ISO 8601 in UTC when the feed gives one) and the longer of content and
  summary with the HTML stripped; the title leads the text.
* :func:`parse_jsonl` reads a JSON-lines file or a JSON array (text): ``title`` (or
  ``headline``), ``text`` / ``body`` / ``content`` / ``summary``, ``url`` (or ``link``),
  ``published`` (or ``date``, ``published_at``).  Lines that are not JSON objects with
  text are skipped and reported.
* Both return ``(items, warning)``: ``warning`` is '' or one line saying what was left
  out (skipped lines, more than ``max_items`` entries: the first ``max_items`` are
  kept).  A document with no usable item raises
  :class:`~sanctions_check.errors.InputError` with one line naming it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.news.htmltext import html_fragment_text
from sanctions_check.news.item import NewsItem, make_item

MAX_ITEMS = 1000  # entries read from one feed / JSON-lines file



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
