"""Screen news items: items -> named persons and organisations -> matcher -> rows and workbook.

Contract:

* :class:`NewsScreener` holds a matcher (and optionally the list, for the list-driven
  pass of :mod:`sanctions_check.listscan`).  :meth:`NewsScreener.process` screens one
  :class:`~sanctions_check.newsitem.NewsItem`: names are extracted
  (:mod:`sanctions_check.extract`, ``ner="builtin"`` or ``"spacy"``), merged with the
  list-driven finds, and every name (its full form, aliases defined in the text and list
  forms found at its place) is screened; hits at or above ``min_score`` (default the
  matcher's threshold) are kept, one per reference number, strongest first.
* An item already processed — same URL or same content hash — is recognised and not
  screened again (``ItemResult.duplicate_of``).  ``seen_hashes`` (content hashes) and
  ``seen_urls`` hold what this screener has processed; pass ``seen=`` (a set of content
  hashes, e.g. from the watch state) to recognise items from earlier runs too.
* :func:`news_rows` gives CSV / JSON rows, one per (mention, hit): :data:`NEWS_COLUMNS`
  then screening's :data:`~sanctions_check.screening.HIT_COLUMNS`; ``include_clear``
  adds one row per mention without a hit.  :func:`write_news_workbook` writes the review
  workbook: Summary, Hits (reviewer columns, same layout as ``screen``'s plus the news
  columns), Mentions (every extracted name with its best score).
* The library never prints; unusable names are outcomes, not exceptions.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctions_check.entries import SanctionsList
from sanctions_check.errors import InputError, UnusableNameError
from sanctions_check.extract import Entity, extract_with
from sanctions_check.hits import Hit, Query
from sanctions_check.newsitem import NewsItem, SourceError
from sanctions_check.screening import (
    CLEAR,
    HIT,
    HIT_COLUMNS,
    UNUSABLE,
    RowResult,
    RunMeta,
    ScreeningResult,
    band_order,
    clear_row,
    hit_row,
    make_meta,
    name_normaliser,
)

log = logging.getLogger(__name__)

DUPLICATE = "duplicate"
BEST_SCORE_FLOOR = 70.0  # best candidate scores below this are not reported (and not computed)
MATCH_LIMIT = 10

#: News columns of CSV / JSON output, followed by screening's HIT_COLUMNS.
NEWS_COLUMNS: tuple[str, ...] = (
    "source",
    "item_title",
    "item_url",
    "published",
    "mention",
    "mention_kind",
    "start",
    "end",
    "sentence",
    "mention_forms",
    "mention_origin",
)
COLUMNS: tuple[str, ...] = NEWS_COLUMNS + tuple(c for c in HIT_COLUMNS if c not in NEWS_COLUMNS)


@dataclass(frozen=True)
class ScreenedMention:
    """One extracted name of an item and its screening outcome."""

    entity: Entity
    status: str  # hit | clear | unusable
    hits: tuple[Hit, ...] = ()
    best_score: float | None = None
    screened: tuple[str, ...] = ()  # the forms that were screened
    row: int = 0  # running number of the mention in the run (the "input row")

    @property
    def query(self) -> Query:
        return Query(self.entity.name, self.entity.kind, row=self.row)


@dataclass(frozen=True)
class ItemResult:
    """The outcome for one news item."""

    item: NewsItem
    mentions: tuple[ScreenedMention, ...] = ()
    duplicate_of: str | None = None  # where the same item was seen first

    @property
    def has_hits(self) -> bool:
        return any(m.hits for m in self.mentions)


@dataclass(frozen=True)
class NewsResult:
    """Every item's outcome, the sources that failed, and the run metadata."""

    items: tuple[ItemResult, ...]
    errors: tuple[SourceError, ...]
    meta: RunMeta

    @property
    def has_hits(self) -> bool:
        return any(r.has_hits for r in self.items)

    @property
    def hit_count(self) -> int:
        return sum(len(m.hits) for r in self.items for m in r.mentions)

    def mentions(self) -> Iterable[tuple[ItemResult, ScreenedMention]]:
        for r in self.items:
            for m in r.mentions:
                yield r, m

    def screening_result(self) -> ScreeningResult:
        """The mentions as a :class:`ScreeningResult` (one row per mention), for reports."""
        rows = tuple(
            RowResult(m.query, m.status, m.hits, m.best_score, "" if m.hits else _reason(m))
            for _r, m in self.mentions()
        )
        return ScreeningResult(rows, self.meta)


def _reason(m: ScreenedMention) -> str:
    return "no screenable form" if m.status == UNUSABLE else ""


@dataclass
class NewsScreener:
    """Screens news items with one matcher; remembers the items it has processed."""

    matcher: Any
    sanctions_list: SanctionsList | None = None
    min_score: float | None = None
    ner: str = "builtin"
    listscan: bool = True
    seen: set[str] | None = None  # content hashes processed by earlier runs
    seen_hashes: dict[str, str] = field(default_factory=dict)  # hash -> where first seen
    seen_urls: dict[str, str] = field(default_factory=dict)
    _scanner: Any = None
    _cache: dict[tuple[str, str], tuple[tuple[Hit, ...], float | None] | None] = field(
        default_factory=dict
    )
    _rows: int = 0

    def __post_init__(self) -> None:
        if self.ner not in ("builtin", "spacy"):
            raise InputError(f"unknown --ner {self.ner!r} (use builtin or spacy)")
        if self.ner == "spacy":
            from sanctions_check.extract import spacy_available

            if not spacy_available():
                raise InputError(
                    "--ner spacy: spaCy or an English model is not installed "
                    "(pip install spacy en_core_web_sm), or use --ner builtin"
                )
        if self.listscan:
            from sanctions_check.listscan import scanner_for

            source = self.sanctions_list or getattr(self.matcher, "entries", None)
            if source is not None:
                self._scanner = scanner_for(source)  # built once per list
        self._normalise: Callable[[str], str] = name_normaliser(self.matcher)

    @property
    def threshold(self) -> float:
        if self.min_score is not None:
            return float(self.min_score)
        return float(getattr(self.matcher, "threshold", 0) or 0)

    # ------------------------------------------------------------------ items
    def already_seen(self, item: NewsItem) -> str | None:
        """Where this item was processed before (URL or content hash), else None."""
        if item.url and item.url in self.seen_urls:
            return self.seen_urls[item.url]
        if item.content_hash in self.seen_hashes:
            return self.seen_hashes[item.content_hash]
        if self.seen is not None and item.content_hash in self.seen:
            return "an earlier run"
        return None

    def entities(self, item: NewsItem) -> list[Entity]:
        """The names of an item: extractor mentions merged with list-driven finds."""
        found = extract_with(item.text, self.ner)
        if self._scanner is not None:
            from sanctions_check.listscan import merge

            found = merge(found, self._scanner.scan(item.text), item.text, self._scanner)
        return found

    def process(self, item: NewsItem) -> ItemResult:
        """Screen one item (or recognise it as already processed)."""
        where = self.already_seen(item)
        label = item.url or item.source
        if where is not None:
            log.info("%s: already processed (%s)", label, where)
            return ItemResult(item, (), where)
        self.seen_hashes[item.content_hash] = label
        if item.url:
            self.seen_urls[item.url] = label
        mentions = []
        for ent in self.entities(item):
            self._rows += 1
            mentions.append(self._screen_entity(ent, self._rows))
        return ItemResult(item, tuple(mentions))

    # ------------------------------------------------------------------ screening
    def _match(self, form: str, kind: str | None) -> tuple[tuple[Hit, ...], float | None] | None:
        """Candidates for one form (cached per normalised form and kind); None if unusable."""
        key = (self._normalise(form), kind or "")
        if key in self._cache:
            return self._cache[key]
        floor = min(BEST_SCORE_FLOOR, self.threshold)
        try:
            found = self.matcher.match(form, kind=kind, limit=MATCH_LIMIT, min_score=floor)
        except UnusableNameError:
            self._cache[key] = None
            return None
        result = (tuple(found), max((h.score for h in found), default=None))
        self._cache[key] = result
        return result

    def _screen_entity(self, ent: Entity, row: int) -> ScreenedMention:
        forms: list[tuple[str, tuple[str, ...] | None]] = []
        if ent.origin != "listscan":
            forms.append((ent.name, None))
            forms.extend((a, None) for a in ent.aliases)
        forms.extend((f, refs) for f, refs in ent.list_forms)
        best: dict[str, Hit] = {}
        best_score: float | None = None
        screened: list[str] = []
        usable = False
        kind = ent.kind if ent.kind in ("person", "org") else None
        for form, refs in forms:
            if form in screened:
                continue
            screened.append(form)
            matched = self._match(form, kind)
            if matched is None:
                continue
            usable = True
            hits, _top = matched
            for h in hits:
                if refs is not None and h.reference_number not in refs:
                    continue
                if best_score is None or h.score > best_score:
                    best_score = h.score
                if h.score < self.threshold:
                    continue
                cur = best.get(h.reference_number)
                if cur is None or h.score > cur.score:
                    best[h.reference_number] = h
        if kind == "org":
            best = {r: h for r, h in best.items() if not _country_conflict(ent.name, h)}
        hits = tuple(sorted(best.values(), key=lambda h: (-h.score, h.reference_number)))
        status = HIT if hits else (CLEAR if usable else UNUSABLE)
        return ScreenedMention(ent, status, hits, best_score, tuple(screened), row)

    # ------------------------------------------------------------------ runs
    def run(
        self,
        items: Iterable[NewsItem],
        errors: Sequence[SourceError] = (),
        sources: Sequence[str] = (),
        extra_meta: Mapping[str, Any] | None = None,
    ) -> NewsResult:
        """Process every item; the result carries the source errors and run metadata."""
        started = dt.datetime.now(dt.UTC)
        results = tuple(self.process(item) for item in items)
        processed = [r for r in results if r.duplicate_of is None]
        extra = {
            "sources": "; ".join(sources),
            "news_items": len(results),
            "news_items_already_seen": len(results) - len(processed),
            "sources_failed": len(errors),
            "extractor": self.ner + (" + list scan" if self._scanner is not None else ""),
            **(extra_meta or {}),
        }
        meta = make_meta(
            self.matcher,
            self.sanctions_list,
            input_rows=sum(len(r.mentions) for r in results),
            names_screened=len(self._cache),
            min_score=self.threshold,
            now=started,
            extra=extra,
        )
        return NewsResult(results, tuple(errors), meta)


def _country_conflict(name: str, hit: Hit) -> bool:
    """True when an organisation's name names a country (word or demonym) that the matched
    list name lacks and the entry's addresses / nationalities contradict ("Somali Ministry of
    Defence" is not the DPRK's "MINISTRY OF DEFENCE")."""
    from sanctions_check.normalise import country_code, tokens

    listed = set(tokens(hit.matched_name.text, "org"))
    named = {
        code
        for word in name.replace("-", " ").split()
        if (word.casefold() not in listed) and (code := country_code(word.strip(".,'’")))
    }
    if not named:
        return False
    entry = hit.entry
    places = [a.country for a in entry.addresses if a.country] + list(entry.nationalities)
    known = {code for p in places if (code := country_code(p))}
    if known and not (named & known):
        log.info("%r: %s dropped, %s conflicts with %s", name, hit.reference_number, named, known)
        return True
    return False


# --------------------------------------------------------------------------- rows


def _news_fields(result: ItemResult, m: ScreenedMention) -> dict[str, Any]:
    ent = m.entity
    return {
        "source": result.item.source,
        "item_title": result.item.title,
        "item_url": result.item.url,
        "published": result.item.published,
        "mention": ent.name,
        "mention_kind": ent.kind,
        "start": ent.start,
        "end": ent.end,
        "sentence": ent.sentence,
        "mention_forms": "; ".join(m.screened),
        "mention_origin": ent.origin,
    }


def news_rows(result: NewsResult, include_clear: bool = False) -> list[dict[str, Any]]:
    """CSV / JSON rows (keys :data:`COLUMNS`): one per (mention, hit), in item order;
    with ``include_clear`` one more per mention without a hit."""
    rows: list[dict[str, Any]] = []
    for r, m in result.mentions():
        news = _news_fields(r, m)
        if m.hits:
            for h in m.hits:
                rows.append({**hit_row(Query(h.query, m.entity.kind, row=m.row), h), **news})
        elif include_clear:
            rr = RowResult(m.query, m.status, (), m.best_score, _reason(m))
            rows.append({**clear_row(rr), **news})
    return rows


# --------------------------------------------------------------------------- workbook


def _news_columns() -> list[Any]:
    from sanctions_check.workbook import Column

    return [
        Column("item_title", "Item title", 30, wrap=True),
        Column("source", "Source", 22, wrap=True),
        Column("item_url", "URL", 28, wrap=True),
        Column("published", "Published", 18),
        Column("mention_kind", "Mention kind", 9),
        Column("sentence", "Sentence", 60, wrap=True),
        Column("mention_forms", "Forms screened", 24, wrap=True),
        Column("start", "Start", 7),
        Column("end", "End", 7),
    ]


def mention_columns() -> list[Any]:
    from sanctions_check.workbook import Column

    return [
        Column("mention", "Name", 28, wrap=True),
        Column("mention_kind", "Type", 8),
        Column("status", "Status", 10),
        Column("best_score", "Best score", 10, number_format="0.0", score=True),
        Column("hits", "Hits", 6),
        Column("best_match", "Best match", 32, wrap=True),
        Column("item_title", "Item title", 30, wrap=True),
        Column("source", "Source", 22, wrap=True),
        Column("item_url", "URL", 28, wrap=True),
        Column("published", "Published", 18),
        Column("sentence", "Sentence", 60, wrap=True),
        Column("mention_forms", "Forms screened", 24, wrap=True),
        Column("mention_origin", "Found by", 10),
        Column("mentions_in_item", "Mentions in item", 9),
        Column("context", "Title / role", 18, wrap=True),
    ]


def mention_rows(result: NewsResult) -> list[dict[str, Any]]:
    rows = []
    for r, m in result.mentions():
        best = m.hits[0] if m.hits else None
        rows.append(
            {
                **_news_fields(r, m),
                "status": m.status,
                "best_score": round(m.best_score, 1) if m.best_score is not None else None,
                "hits": len(m.hits),
                "best_match": f"{best.reference_number} {best.matched_name.text}" if best else None,
                "mentions_in_item": len(m.entity.mentions),
                "context": m.entity.context or None,
            }
        )
    return rows


def write_news_workbook(path: str | Path, result: NewsResult) -> Path:
    """Summary, Hits (review columns + news columns), Mentions, and Sources (if any failed)."""
    from sanctions_check.workbook import (
        HITS_SHEET,
        Column,
        Sheet,
        hit_columns,
        review_hit_row,
        summary_items,
        write_workbook,
    )

    screening = result.screening_result()
    rows: list[dict[str, Any]] = []
    pairs = [(r, m, h) for r, m in result.mentions() for h in m.hits]
    pairs.sort(key=lambda p: (-p[2].score, p[1].row, p[2].reference_number))
    for r, m, h in pairs:
        rr = RowResult(m.query, m.status, m.hits, m.best_score)
        rows.append({**review_hit_row(rr, h), **_news_fields(r, m)})
    base = hit_columns()
    cut = next(i for i, c in enumerate(base) if c.key == "query") + 1
    columns = [c for c in base[:cut] if c.key not in ("input_dob", "input_nationality")]
    columns += _news_columns()
    columns += [c for c in base[cut:] if c.key not in ("input_dob", "input_nationality")]
    # the mention keeps the "Input name" header: decisions are read back by that header
    bands = band_order(result.meta.bands)
    score_min = min(BEST_SCORE_FLOOR, result.meta.min_score)
    summary = [
        (k.replace("Input rows", "Mentions").replace("Rows ", "Mentions "), v)
        for k, v in summary_items(screening)
        if k not in ("Input file", "Input sha256")
    ]
    summary[0] = ("Report", "sanctions-check news review")
    sheets = [
        Sheet(HITS_SHEET, columns, rows, bands, score_min),
        Sheet("Mentions", mention_columns(), mention_rows(result), bands, score_min),
    ]
    if result.errors:
        sheets.append(
            Sheet(
                "Sources",
                [Column("source", "Source", 40, wrap=True), Column("message", "Problem", 80, wrap=True)],
                [{"source": e.source, "message": str(e)} for e in result.errors],
            )
        )
    return write_workbook(path, sheets, summary)


def write_news_output(
    path: str | Path, result: NewsResult, include_clear: bool = False, fmt: str | None = None
) -> int:
    """Write ``path`` as .xlsx (workbook) or .csv / .json / .jsonl rows; returns rows written."""
    from sanctions_check.tabular import table_format, write_table

    kind = table_format(path, fmt)
    if kind == "xlsx":
        write_news_workbook(path, result)
        return result.hit_count
    return write_table(
        path, COLUMNS, news_rows(result, include_clear), meta=result.meta.as_dict(), fmt=kind
    )


__all__ = [
    "COLUMNS",
    "DUPLICATE",
    "NEWS_COLUMNS",
    "ItemResult",
    "NewsResult",
    "NewsScreener",
    "ScreenedMention",
    "mention_rows",
    "news_rows",
    "write_news_output",
    "write_news_workbook",
]
