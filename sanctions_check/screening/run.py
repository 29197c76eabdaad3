"""Screen a batch of queries with a matcher: per-row outcome, run metadata, output rows.

Contract:

* :func:`screen` takes a matcher (``.match(...)``, ``.threshold``, ``.describe()``)
  and :class:`~sanctions_check.matching.hits.Query` objects and returns a frozen
  :class:`ScreeningResult`: one :class:`RowResult` per query, in input order, with
  status ``hit`` / ``clear`` / ``unusable`` (and the reason), the best candidate
  score (also below the threshold, for the audit record) and the hits at or above
  the threshold (``min_score``, default the matcher's threshold), strongest first.
  Queries that are the same after normalisation (and have the same secondary data)
  are screened once and the outcome is reported on every row that has them.
* ``ScreeningResult.meta`` is a :class:`~sanctions_check.screening.runmeta.RunMeta`: tool
  version, algorithm and version, threshold and bands, list ``dateGenerated`` +
  sha256, input file + sha256, run time.  Every output carries it (JSON ``meta``,
  workbook Summary).
* The CSV/JSON row layout shared by screen, news, watch and the batch engines is in
  :mod:`sanctions_check.screening.rows`.

The library never prints; unusable names are outcomes, not exceptions.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from sanctions_check.errors import UnusableNameError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.matching.hits import Hit, NameMatcher, Query
from sanctions_check.screening.runmeta import RunMeta, make_meta
from sanctions_check.screening.runmeta import band_order as band_order  # re-exported
from sanctions_check.screening.runmeta import sha256_file as sha256_file  # re-exported
from sanctions_check.screening.runmeta import strongest_band as strongest_band  # re-exported
from sanctions_check.screening.secondarytally import SecondaryTally

log = lazy_logger(__name__)

class RowStatus(StrEnum):
    """The outcome of one input row."""

    HIT = "hit"
    CLEAR = "clear"
    UNUSABLE = "unusable"


HIT, CLEAR, UNUSABLE = RowStatus.HIT, RowStatus.CLEAR, RowStatus.UNUSABLE
STATUSES = tuple(s.value for s in RowStatus)  # plain strings: column names, count keys

DEFAULT_LIMIT = 10
#: A clear row's nearest candidate (the best one below the threshold) is looked for down to
#: this score, so a reviewer can sort clear rows by near misses: a 58 is not a 5.  Below the
#: threshold the matcher keeps only the best candidate (``best_only_below``), which prunes
#: the rest as it goes; the index must still offer every name that could reach 50 (about
#: 1.6x the matching time of the threshold alone on mixed names: benchmarks/speed.py).
#: Rows whose best candidate scores less show none.
BEST_SCORE_FLOOR = 50.0

# --------------------------------------------------------------------------- keys


def _fallback_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’ʼ`´‘]", "", text.casefold())
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


def name_normaliser(matcher: NameMatcher | None = None) -> Callable[[str], str]:
    """The function that turns a query name into its dedupe / decision key.

    Uses the matcher's normaliser when it has one (``normalise`` or
    ``normalise_name`` returning text or tokens), else the package normaliser
    (:func:`sanctions_check.names.normalise.normalise_name`: case, diacritics,
    apostrophes, punctuation, transliteration, leading titles), else a plain
    Unicode normalisation.
    """
    for attr in ("normalise", "normalise_name", "normalize"):
        fn = getattr(matcher, attr, None) if matcher is not None else None
        if callable(fn):

            def key(name: str, fn: Callable[[str], Any] = fn) -> str:
                try:
                    value = fn(name)
                except Exception:  # unusable names still need a key
                    return _fallback_key(name)
                if hasattr(value, "tokens"):
                    value = value.tokens
                if isinstance(value, list | tuple):
                    value = " ".join(str(v) for v in value)
                return str(value) if value else _fallback_key(name)

            return key
    try:
        from sanctions_check.names.normalise import normalise_name
    except ImportError:  # pragma: no cover - the normaliser is part of the package
        return _fallback_key

    def shared_key(name: str) -> str:
        try:
            return normalise_name(name).text or _fallback_key(name)
        except Exception:
            return _fallback_key(name)

    return shared_key


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RowResult:
    """The outcome for one input row."""

    query: Query
    status: RowStatus
    hits: tuple[Hit, ...] = ()
    best_score: float | None = None  # best candidate, also below the threshold
    reason: str = ""  # why unusable
    key: str = ""  # normalised name (dedupe / decision key)
    nearest: Hit | None = None  # a clear row's best candidate below the threshold, if any
    duplicate_of: int | None = None  # row of the first query with the same key

    @property
    def row(self) -> int | None:
        return self.query.row


@dataclass(frozen=True)
class ScreeningResult:
    """Every row's outcome plus the run metadata."""

    rows: tuple[RowResult, ...]
    meta: RunMeta

    @property
    def passthrough(self) -> tuple[str, ...]:
        """The headers of the input columns carried with every row (those of its queries)."""
        return tuple(h for h, _v in self.rows[0].query.passthrough) if self.rows else ()

    def hit_pairs(self) -> Iterator[tuple[RowResult, Hit]]:
        """(row, hit) for every hit, strongest first (then input order)."""
        pairs = [(r, h) for r in self.rows for h in r.hits]
        pairs.sort(key=lambda p: (-p[1].score, p[0].row or 0, p[1].reference_number))
        return iter(pairs)

    @property
    def hit_count(self) -> int:
        return sum(len(r.hits) for r in self.rows)

    @property
    def has_hits(self) -> bool:
        return any(r.status == HIT for r in self.rows)

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for r in self.rows:
            counts[r.status] += 1
        return counts

    def band_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _row, hit in self.hit_pairs():
            counts[hit.band] = counts.get(hit.band, 0) + 1
        return counts

    def secondary_tally(self) -> SecondaryTally:
        """The rows whose date of birth or nationality was not understood, and whose date
        of birth gave only its year (day and month order unknown): counts and first rows."""
        tally = SecondaryTally()
        tally.add(r.query for r in self.rows)
        return tally

    def unusable_reasons(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.rows:
            if r.status == UNUSABLE:
                counts[r.reason] = counts.get(r.reason, 0) + 1
        return counts


def dedupe_key(key: str, q: Query) -> tuple[str, str, str, str]:
    """Queries with equal keys get the same outcome: normalised name + secondary data."""
    return (key, q.kind or "", (q.dob or "").strip(), (q.nationality or "").strip().casefold())


class Screened(NamedTuple):
    """One query's outcome (:func:`screen_query`)."""

    status: str
    hits: tuple[Hit, ...]  # at or above the threshold, strongest first
    best: float | None  # the best candidate's score, also below the threshold
    reason: str  # why unusable
    nearest: Hit | None  # the best candidate below the threshold when there is no hit


def screen_query(
    matcher: NameMatcher, q: Query, limit: int, min_score: float,
    best_floor: float = BEST_SCORE_FLOOR,
) -> Screened:
    """Screen one query: status, hits at or above ``min_score``, best score, reason and, for
    a row without hits, its nearest candidate if that reaches ``best_floor``."""
    if not q.name or not q.name.strip():
        return Screened(UNUSABLE, (), None, "empty name", None)
    try:
        found = matcher.match(
            q.name,
            kind=q.kind,
            dob=q.dob,
            nationality=q.nationality,
            limit=limit,
            min_score=min(best_floor, min_score),
            best_only_below=min_score,  # the hits below it are not reported, only the best score
            date_order=q.date_order,
        )
    except UnusableNameError as exc:
        return Screened(UNUSABLE, (), None, str(exc) or "unusable name", None)
    best = max((h.score for h in found), default=None)
    hits = tuple(
        sorted(
            (h for h in found if h.score >= min_score),
            key=lambda h: (-h.score, h.reference_number),
        )
    )
    nearest = None
    if not hits and found:
        nearest = min(found, key=lambda h: (-h.score, h.reference_number))
    return Screened(HIT if hits else CLEAR, hits, best, "", nearest)


def screen_one(
    matcher: NameMatcher, q: Query, limit: int, min_score: float, best_floor: float = BEST_SCORE_FLOOR
) -> tuple[str, tuple[Hit, ...], float | None, str]:
    """:func:`screen_query` without the nearest candidate: (status, hits, best score, reason)."""
    return screen_query(matcher, q, limit, min_score, best_floor)[:4]  # type: ignore[return-value]


_dedupe_key = dedupe_key  # old private names, used by the scale engine
_screen_one = screen_one


def screen(
    matcher: NameMatcher,
    queries: Iterable[Query],
    min_score: float | None = None,
    limit: int = DEFAULT_LIMIT,
    *,
    sanctions_list: SanctionsList | None = None,
    input_file: str | Path | None = None,
    input_sha256: str | None = None,
    extra_meta: Mapping[str, Any] | None = None,
    best_floor: float = BEST_SCORE_FLOOR,
) -> ScreeningResult:
    """Screen every query; duplicates (same normalised name and data) are matched once.

    ``best_floor``: the best score of a clear row is looked for down to this score.
    """
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    threshold = float(min_score if min_score is not None else getattr(matcher, "threshold", 0))
    normalise = name_normaliser(matcher)
    cache: dict[tuple[str, str, str, str], RowResult] = {}
    rows: list[RowResult] = []
    for q in queries:
        key = normalise(q.name or "")
        dkey = dedupe_key(key, q)
        first = cache.get(dkey) if key else None
        if first is not None:
            rows.append(
                RowResult(
                    query=q,
                    status=first.status,
                    hits=tuple(_rebind(h, q) for h in first.hits),
                    best_score=first.best_score,
                    reason=first.reason,
                    key=key,
                    duplicate_of=first.row,
                    nearest=_rebind(first.nearest, q) if first.nearest else None,
                )
            )
            continue
        status, hits, best, reason, nearest = screen_query(
            matcher, q, limit, threshold, best_floor
        )
        result = RowResult(q, status, hits, best, reason, key, nearest=nearest)
        if key:
            cache[dkey] = result
        rows.append(result)
    meta = make_meta(
        matcher,
        sanctions_list,
        input_file=input_file,
        input_sha256=input_sha256,
        input_rows=len(rows),
        names_screened=len(cache),
        min_score=threshold,
        now=started,
        extra=extra_meta,
        duration_seconds=time.perf_counter() - clock,
    )
    log.info("screened %d rows (%d distinct names)", len(rows), len(cache))
    return ScreeningResult(tuple(rows), meta)


def _rebind(hit: Hit, q: Query) -> Hit:
    if hit.query == q.name:
        return hit
    from dataclasses import replace

    return replace(hit, query=q.name)
