"""Screen news items: items -> named persons and organisations -> matcher -> results.

Contract:

* :class:`NewsScreener` holds a matcher (and optionally the list, for the list-driven
  pass of :mod:`sanctions_check.news.listscan`).  :meth:`NewsScreener.process` screens one
  :class:`~sanctions_check.news.item.NewsItem`: names are extracted
  (:mod:`sanctions_check.news.ner`, ``ner="builtin"`` or ``"spacy"``), merged with the
  list-driven finds, and every name (its full form, aliases defined in the text and list
  forms found at its place) is screened; hits at or above ``min_score`` (default the
  matcher's threshold) are kept, one per reference number, strongest first.
* An item already processed — same URL or same content hash — is recognised and not
  screened again (``ItemResult.duplicate_of``).  ``seen_hashes`` (content hashes) and
  ``seen_urls`` hold what this screener has processed; pass ``seen=`` (a set of content
  hashes, e.g. from the watch state) to recognise items from earlier runs too.
* A long run turns the matcher's compiled loops on (numba, the ``fast`` extra) once the
  matcher has answered :data:`COMPILED_AFTER` queries: the same hits, each query cheaper,
  after a one-off load a short run does not pay.
* The words of an item's names are looked up in the list at once before its names are
  matched (:meth:`Matcher.prefetch <sanctions_check.matching.matcher.Matcher.prefetch>`):
  one fuzzy scan of the list's words for an item's new words, the same hits.
* Rows and the review workbook for a :class:`NewsResult` are written by
  :mod:`sanctions_check.news.output`.
* The library never prints; unusable names are outcomes, not exceptions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sanctions_check.errors import InputError, UnusableNameError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.entries import KINDS, ORG, SanctionsList
from sanctions_check.matching.hits import Hit, NameMatcher, Query
from sanctions_check.news.extract import Entity
from sanctions_check.news.item import NewsItem, SourceError
from sanctions_check.news.ner import extract_with
from sanctions_check.screening.run import (
    CLEAR,
    HIT,
    UNUSABLE,
    RowResult,
    RunMeta,
    ScreeningResult,
    make_meta,
    name_normaliser,
)

log = lazy_logger(__name__)

DUPLICATE = "duplicate"
BEST_SCORE_FLOOR = 70.0  # best candidate scores below this are not reported (and not computed)
MATCH_LIMIT = 10
# queries a matcher answers before news screening turns its compiled loops on (numba, the
# ``fast`` extra; Matcher.use_compiled_loops): loading them costs about 0.5-0.8 s of CPU once,
# and they save about 60 us per query on full-length articles (~40 queries each), so they
# repay the load after about 10,000 queries; a short run never loads them
COMPILED_AFTER = 10_000


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
            RowResult(m.query, m.status, m.hits, m.best_score, "" if m.hits else clear_reason(m))
            for _r, m in self.mentions()
        )
        return ScreeningResult(rows, self.meta)


def clear_reason(m: ScreenedMention) -> str:
    """The reason column of a mention without hits."""
    return "no screenable form" if m.status == UNUSABLE else ""


@dataclass
class NewsScreener:
    """Screens news items with one matcher; remembers the items it has processed."""

    matcher: NameMatcher
    sanctions_list: SanctionsList | None = None
    min_score: float | None = None
    ner: str = "builtin"
    listscan: bool = True
    seen: set[str] | None = None  # content hashes processed by earlier runs
    seen_hashes: dict[str, str] = field(default_factory=dict)  # hash -> where first seen
    seen_urls: dict[str, str] = field(default_factory=dict)
    _scanner: Any = None
    # (normalised form, kind) -> (hits, best score, pruned below the threshold) or None
    _cache: dict[tuple[str, str], tuple[tuple[Hit, ...], float | None, bool] | None] = field(
        default_factory=dict
    )
    _rows: int = 0

    def __post_init__(self) -> None:
        if self.ner not in ("builtin", "spacy"):
            raise InputError(f"unknown --ner {self.ner!r} (use builtin or spacy)")
        if self.ner == "spacy":
            from sanctions_check.news.ner import spacy_problem

            problem = spacy_problem()
            if problem is not None:
                raise InputError(f"--ner spacy: {problem}")
        if self.listscan:
            from sanctions_check.news.listscan import scanner_for

            source = self.sanctions_list or getattr(self.matcher, "entries", None)
            if source is not None:
                self._scanner = scanner_for(source, getattr(self.matcher, "known_as", None))
        self._normalise: Callable[[str], str] = name_normaliser(self.matcher)
        # an exhaustive matcher keeps every hit down to min_score (no best_only_below)
        self._exhaustive = bool(getattr(self.matcher, "exhaustive", False))

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
            from sanctions_check.news.merge import merge

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
        entities = self.entities(item)
        self._prefetch(entities)
        mentions = []
        for ent in entities:
            self._rows += 1
            mentions.append(self._screen_entity(ent, self._rows))
        long_run = getattr(self.matcher, "use_compiled_loops_after", None)
        if long_run is not None:  # (the same hits either way: the search's paths agree)
            long_run(COMPILED_AFTER)
        return ItemResult(item, tuple(mentions))

    # ------------------------------------------------------------------ screening
    def _prefetch(self, entities: Sequence[Entity]) -> None:
        """The words of every form the item's names screen looked up at once (see the
        module docstring); a matcher without ``prefetch``: nothing to do."""
        prefetch = getattr(self.matcher, "prefetch", None)
        if prefetch is None:
            return
        prefetch(
            (form, ent.kind if ent.kind in KINDS else None)
            for ent in entities
            for form, _refs in ent.screened_forms
        )

    def _match(
        self, form: str, kind: str | None, refs: tuple[str, ...] | None = None,
        likely: bool = False,
    ) -> tuple[tuple[Hit, ...], float | None] | None:
        """Candidates for one form (cached per normalised form and kind); None if unusable.

        Below the threshold a mention only reports its best score, so a form screened for
        any reference is matched with ``best_only_below`` (below the threshold only the best
        candidate is kept, and candidates that cannot beat it are not scored).  A form that
        may only confirm ``refs`` (a list form) needs the best of those references: the
        pruned result serves when it shows that best (no candidate at all, the best overall
        is one of them, or one of them reaches the threshold, where every hit is kept),
        else the form is matched again in full.

        A form that most likely scores the threshold (``likely``: the list-driven pass found
        a list name where it is written; and every list form) is first matched at the
        threshold, which leaves candidates that cannot reach it out of the search.  Hits
        there are the whole pruned answer (below the threshold it keeps only the best
        candidate, and only when none reaches it), and for a list form, when one of them is
        of its ``refs``, they show the best of those too; else the form is matched again
        down to the floor, as above."""
        key = (self._normalise(form), kind or "")
        cached = self._cache.get(key, _MISSING)
        if cached is not _MISSING and (refs is None or _serves(cached, refs, self.threshold)):
            return None if cached is None else cached[:2]
        floor = min(BEST_SCORE_FLOOR, self.threshold)
        # pruned below the threshold unless this form needs more than the best score
        pruned = refs is None
        try:
            found: list[Hit] = []
            if (
                (likely or refs is not None) and cached is _MISSING
                and floor < self.threshold and not self._exhaustive
            ):
                found = self.matcher.match(
                    form, kind=kind, limit=MATCH_LIMIT, min_score=self.threshold,
                    best_only_below=self.threshold,
                )
                if refs is not None and not any(h.reference_number in refs for h in found):
                    found = []
                pruned = pruned or bool(found)  # (the result of a pruned match)
            if not found:
                found = self.matcher.match(
                    form, kind=kind, limit=MATCH_LIMIT, min_score=floor,
                    best_only_below=self.threshold if pruned else None,
                )
        except UnusableNameError:
            self._cache[key] = None
            return None
        hits = tuple(found)
        result = (hits, max((h.score for h in hits), default=None), pruned)
        self._cache[key] = result
        return result[:2]

    def _screen_entity(self, ent: Entity, row: int) -> ScreenedMention:
        forms = ent.screened_forms
        likely = bool(ent.list_forms)  # the list-driven pass found a list name here
        best: dict[str, Hit] = {}
        best_score: float | None = None
        screened: list[str] = []
        usable = False
        kind = ent.kind if ent.kind in KINDS else None
        for form, refs in forms:
            if form in screened:
                continue
            screened.append(form)
            matched = self._match(form, kind, refs, likely)
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
        if kind == ORG:
            best = {
                r: h for r, h in best.items() if not _country_conflict(ent.name, h, ent.context)
            }
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


_MISSING = object()


def _serves(
    cached: tuple[tuple[Hit, ...], float | None, bool] | None, refs: tuple[str, ...],
    threshold: float,
) -> bool:
    """Whether a cached match shows everything a form that may only confirm ``refs`` needs:
    its hits at or above the threshold (always kept) and the best score among ``refs``."""
    if cached is None or not cached[2]:
        return True  # unusable, or matched in full
    hits = cached[0]
    return (
        not hits
        or hits[0].reference_number in refs
        or any(h.score >= threshold and h.reference_number in refs for h in hits)
    )


def _country_conflict(name: str, hit: Hit, owner: str = "") -> bool:
    """True when an organisation's name names a country (word or demonym) that the matched
    list name lacks and the entry's addresses / nationalities contradict ("Somali Ministry of
    Defence" is not the DPRK's "MINISTRY OF DEFENCE"); ``owner``: a country written before
    the name as its owner ("South Korea's Defence Ministry") counts too."""
    from sanctions_check.names.countries import country_code
    from sanctions_check.names.normalise import tokens

    listed = set(tokens(hit.matched_name.text, ORG))
    named = {
        code
        for word in name.replace("-", " ").split()
        if (word.casefold() not in listed) and (code := country_code(word.strip(".,'’")))
    }
    if owner and (code := country_code(owner)):
        named.add(code)
    if not named:
        return False
    entry = hit.entry
    places = [a.country for a in entry.addresses if a.country] + list(entry.nationalities)
    known = {code for p in places if (code := country_code(p))}
    if known and not (named & known):
        log.info("%r: %s dropped, %s conflicts with %s", name, hit.reference_number, named, known)
        return True
    return False


__all__ = [
    "DUPLICATE",
    "ItemResult",
    "NewsResult",
    "NewsScreener",
    "ScreenedMention",
    "clear_reason",
]
