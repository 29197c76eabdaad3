"""News for ``watch``: read the configured sources, keep only items no earlier run processed,
and turn their screened mentions into :class:`~sanctions_check.watch.state.HitRecord` s.

Contract: :func:`scan` returns (new items, their hits, number of items skipped as seen).
An item is identified by :attr:`sanctions_check.news.item.NewsItem.content_hash` (the same
article from another feed or file is the same item).  Items are recorded as seen by the
state in the same transaction as their hits, so an item whose run was killed is processed
again by the next run.  A source that cannot be read is logged and skipped (the run goes
on; its items are processed when it can be read again).

Screening of an item's text is the news pipeline's (:class:`sanctions_check.news.run.
NewsScreener`: extractor, list-driven pass, matcher); watch keeps the best hit per list
entry and item.  A news hit is keyed by the item's URL (else its content hash) and the
reference number, so an article edited in place does not repeat what was reported.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.matching.hits import Hit, NameMatcher, Query
from sanctions_check.watch.config import WatchConfig
from sanctions_check.watch.state import NEWS, HitRecord, NewsItemRecord

log = lazy_logger(__name__)


def _local(source: str) -> str:
    """``file://`` URLs as paths (the sources reader takes paths and http(s) URLs)."""
    parts = urllib.parse.urlsplit(source)
    if parts.scheme.lower() == "file":
        return urllib.request.url2pathname(parts.path)
    return source


def item_hits(items: Sequence[Any], matcher: NameMatcher, lst: SanctionsList,
              threshold: float | None) -> list[list[tuple[str, Hit]]]:
    """Per item, its hits at or above the threshold, one per list entry, with the name as
    written in the item (the news pipeline: extractor + list-driven pass + matcher)."""
    from sanctions_check.news.run import NewsScreener

    screener = NewsScreener(matcher, lst, min_score=threshold)
    out: list[list[tuple[str, Hit]]] = []
    for item in items:
        result = screener.process(item)
        best: dict[str, tuple[str, Hit]] = {}
        for m in result.mentions:
            for h in m.hits:
                cur = best.get(h.reference_number)
                if cur is None or h.score > cur[1].score:
                    best[h.reference_number] = (m.entity.name, h)
        out.append(sorted(best.values(), key=lambda p: (-p[1].score, p[1].reference_number)))
    return out


def scan(
    config: WatchConfig,
    matcher: NameMatcher,
    lst: SanctionsList,
    seen: Callable[[Iterable[str]], set[str]],
    threshold: float | None,
    standing: dict[tuple[str, str], dict[str, Any]],
    warnings: list[str] | None = None,
) -> tuple[list[NewsItemRecord], list[HitRecord], int]:
    """(items processed for the first time, their hits, number skipped as seen before);
    unreadable sources are logged and added to ``warnings``."""
    from sanctions_check.news.sources import read_sources
    from sanctions_check.watch.hits import hit_record

    result = read_sources([_local(s.source) for s in config.news])
    for err in result.errors:
        log.warning("news source: %s", err)
        if warnings is not None:
            warnings.append(f"news source: {err}")
    unique: dict[str, Any] = {}
    for item in result.items:
        unique.setdefault(item.content_hash, item)
    already = seen(unique)
    fresh = [item for h, item in unique.items() if h not in already]
    log.info("news: %d items read, %d new, %d seen in earlier runs",
             len(unique), len(fresh), len(already))
    per_item = item_hits(fresh, matcher, lst, threshold) if fresh else []
    records: list[NewsItemRecord] = []
    hits: list[HitRecord] = []
    for item, found in zip(fresh, per_item, strict=True):
        title = item.title or item.url or item.source
        records.append(NewsItemRecord(item.content_hash, item.source, item.title, item.url,
                                      len(found)))
        where = f"news: {title}" + (f" <{item.url}>" if item.url and item.url != title else "")
        # an article edited at the same URL is processed again, but what it said before
        # is not reported again: its hits are keyed by URL (content hash without one)
        subject = f"url:{item.url}" if item.url else item.content_hash
        for name, h in found:
            q = Query(name=name, kind=h.entry.kind)
            hits.append(hit_record(NEWS, subject, q, where, _Row(q), h, standing))
    return records, hits, len(already)


class _Row:
    """The bit of a screening row the review-row builder reads (the query)."""

    def __init__(self, query: Query) -> None:
        self.query = query
