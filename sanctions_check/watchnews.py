"""News for ``watch``: read the configured sources, keep only items no earlier run processed,
and turn their screened mentions into :class:`~sanctions_check.state.HitRecord` s.

Contract: :func:`scan` returns (new items, their hits, number of items skipped as seen).
An item is identified by :attr:`sanctions_check.sources.NewsItem.content_hash` (the same
article from another feed or file is the same item).  Items are recorded as seen by the
state in the same transaction as their hits, so an item whose run was killed is processed
again by the next run.  A source that cannot be read is logged and skipped (the run goes
on; its items are processed when it can be read again).

Screening of an item's text is the news pipeline's (:mod:`sanctions_check.news`) when it
provides ``item_hits``; until then the built-in extractor plus the list-driven pass
(:mod:`sanctions_check.extract`, :mod:`sanctions_check.listscan`) name the candidates and
the matcher scores them.
"""

from __future__ import annotations

import logging
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sanctions_check.entries import SanctionsList
from sanctions_check.hits import Hit, Query
from sanctions_check.state import NEWS, HitRecord, NewsItemRecord
from sanctions_check.watchconfig import WatchConfig

log = logging.getLogger(__name__)


def _local(source: str) -> str:
    """``file://`` URLs as paths (the sources reader takes paths and http(s) URLs)."""
    parts = urllib.parse.urlsplit(source)
    if parts.scheme.lower() == "file":
        return urllib.request.url2pathname(parts.path)
    return source


def _builtin_item_hits(items: Sequence[Any], matcher: Any, lst: SanctionsList,
                       threshold: float | None) -> list[list[tuple[str, Hit]]]:
    from sanctions_check.errors import UnusableNameError
    from sanctions_check.extract import extract
    from sanctions_check.listscan import ListScanner, merge

    scanner = ListScanner.from_list(lst)
    out: list[list[tuple[str, Hit]]] = []
    for item in items:
        found: dict[str, tuple[str, Hit]] = {}
        entities = merge(extract(item.text), scanner.scan(item.text), item.text, scanner)
        for ent in entities:
            for name in (ent.name, *ent.aliases):
                try:
                    hits = matcher.match(name, kind=ent.kind, min_score=threshold)
                except UnusableNameError:
                    continue
                for h in hits:
                    best = found.get(h.reference_number)
                    if best is None or h.score > best[1].score:
                        found[h.reference_number] = (name, h)
        out.append(list(found.values()))
    return out


def item_hits_function() -> Callable[..., list[list[tuple[str, Hit]]]]:
    try:
        from sanctions_check import news
    except ImportError:
        return _builtin_item_hits
    return getattr(news, "item_hits", _builtin_item_hits)


def scan(
    config: WatchConfig,
    matcher: Any,
    lst: SanctionsList,
    seen: Callable[[Iterable[str]], set[str]],
    threshold: float | None,
    standing: dict[tuple[str, str], dict[str, Any]],
) -> tuple[list[NewsItemRecord], list[HitRecord], int]:
    from sanctions_check.sources import read_sources
    from sanctions_check.watch import hit_record

    result = read_sources([_local(s.source) for s in config.news])
    for err in result.errors:
        log.warning("news source: %s", err)
    unique: dict[str, Any] = {}
    for item in result.items:
        unique.setdefault(item.content_hash, item)
    already = seen(unique)
    fresh = [item for h, item in unique.items() if h not in already]
    log.info("news: %d items read, %d new, %d seen in earlier runs",
             len(unique), len(fresh), len(already))
    per_item = item_hits_function()(fresh, matcher, lst, threshold) if fresh else []
    records: list[NewsItemRecord] = []
    hits: list[HitRecord] = []
    for item, found in zip(fresh, per_item, strict=True):
        title = item.title or item.url or item.source
        records.append(NewsItemRecord(item.content_hash, item.source, item.title, item.url))
        where = f"news: {title}" + (f" <{item.url}>" if item.url and item.url != title else "")
        for name, h in found:
            q = Query(name=name, kind=h.entry.kind)
            row = _Row(q)
            rec = hit_record(NEWS, item.content_hash, q, where, row, h, standing)
            hits.append(rec)
    return records, hits, len(already)


class _Row:
    """The bit of a screening row the review-row builder reads (the query)."""

    def __init__(self, query: Query) -> None:
        self.query = query
