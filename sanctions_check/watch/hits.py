"""Hits for ``watch``: watched names screened, decisions applied, as state records.

Contract: :func:`read_watched` reads the config's watched-name files; :func:`screen_watched`
screens them and returns the :class:`~sanctions_check.watch.state.WatchedName` set and one
:class:`~sanctions_check.watch.state.HitRecord` per (watched name, list entry);
:func:`hit_record` builds such a record (with the review-sheet row the report shows, and
the decision outcome: a standing False positive clears the hit unless the list entry was
amended since by its version number, names or last-updated dates, see
:func:`sanctions_check.screening.decisions.version_amendments`).
:func:`import_decisions_file` imports a review workbook's decisions into the state.
A watched name is identified by its normalised name, kind, date of birth and
nationality (:func:`watched_key`); decisions bind to its record key
(:func:`sanctions_check.screening.sheetrows.row_record_key`: record ID, else name, date of birth and
nationality), as in screening workbooks; an entry's content by :func:`entry_fingerprint`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.entries import Entry
from sanctions_check.matching.hits import NameMatcher, Query
from sanctions_check.watch.config import WatchConfig
from sanctions_check.watch.lock import PAUSE_ENV, pause_point
from sanctions_check.watch.state import NAMES, HitRecord, State, WatchedName, norm_query
from sanctions_check.watch.staterecords import HitStatus

log = lazy_logger(__name__)


def entry_fingerprint(entry: Entry) -> str:
    """A hash of an entry's listed facts (not its internal dataid): changes when amended."""
    doc = dataclasses.asdict(entry)
    doc.pop("dataid", None)
    blob = json.dumps(doc, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:20]


def watched_key(q: Query) -> str:
    raw = "\x1f".join([norm_query(q.name), q.kind or "", (q.dob or "").strip(),
                       norm_query(q.nationality or "")])
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def load_decisions(config: WatchConfig, state: State, notices: list[str]) -> int:
    """Import the config's decision workbooks; a bad one is a notice, never a stopped run
    (alerts for new designations must not wait for a spreadsheet to be fixed)."""
    total = 0
    for path in config.decisions:
        if not path.is_file():
            log.warning("%s: decisions workbook not found (config decisions); skipped", path)
            continue
        try:
            total += import_decisions_file(state, path)
        except InputError as exc:
            log.warning("decisions not imported: %s", exc)
            notices.append(f"decisions not imported (earlier ones still apply): {exc}")
    return total


def read_review_decisions(path: str | Path) -> list[Any]:
    """Decided rows of a watch report (New hits, Open hits) or a screening review workbook
    (Hits, Previously cleared); InputError if the file cannot be read fully."""
    from sanctions_check.screening import decisions as dec

    return list(dec.read_workbook_decisions(Path(path)))


def import_decisions_file(state: State, path: str | Path) -> int:
    """Import a review workbook's decisions into the state; returns how many changed."""
    n = state.import_decisions(read_review_decisions(path))
    log.info("%s: %d decisions imported", path, n)
    return n


def decision_outcome(standing: dict[tuple[str, str], dict[str, Any]], key: str,
                     entry: Entry) -> tuple[str | None, str | None, dict[str, Any] | None]:
    """(None | "cleared" | "reopened", why, decision) for a hit under standing decisions."""
    from sanctions_check.screening import decisions as dec

    d = standing.get((key, entry.reference_number))
    if d is None:
        return None, None, None
    if d["decision"] != "False positive":
        return None, None, d
    probe = dec.Decision(
        input_name=d["query"], name_key=norm_query(d["query"]), record_key=key,
        reference_number=entry.reference_number,
        decision=d["decision"], reviewer=d["reviewer"] or "", notes=d["notes"] or "",
        entry_version=d["entry_version"], entry_last_updated=d["entry_last_updated"],
        entry_names=d["entry_names"], source=d["source_file"] or "", sheet=d["sheet"] or "",
        row=d["row"] or 0,
    )
    reasons = dec.version_amendments(probe, entry)  # the state keeps no list version
    if reasons:
        return (HitStatus.REOPENED, "list entry amended after the False positive decision"
                f" ({'; '.join(reasons)}); was: {probe.describe()}", d)
    return HitStatus.CLEARED, None, d


class _PausingMatcher:
    """Wraps a matcher to run the ``screening`` test hook after the first name."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self._calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def match(self, *args: Any, **kwargs: Any) -> Any:
        self._calls += 1
        if self._calls == 2:
            pause_point("screening")
        return self._inner.match(*args, **kwargs)


def read_watched(config: WatchConfig) -> list[tuple[Query, str]]:
    """Every watched name with where it came from (``file row N``)."""
    from sanctions_check.screening.inputs import read_queries

    out: list[tuple[Query, str]] = []
    for nf in config.names:
        got = read_queries(nf.path, nf.spec)
        log.info("%s", got.describe())
        if got.encoding_warning:
            log.warning("%s", got.encoding_warning)
        out.extend((q, f"{nf.path.name} row {q.row}") for q in got.queries)
    return out


def screen_watched(matcher: NameMatcher, watched: Sequence[tuple[Query, str]], threshold: float | None,
                   standing: dict[tuple[str, str], dict[str, Any]]
                   ) -> tuple[list[WatchedName], list[HitRecord]]:
    """Screen every watched name; one :class:`HitRecord` per (watched name, entry)."""
    from sanctions_check.screening.run import screen

    names: dict[str, WatchedName] = {}
    for q, src in watched:
        key = watched_key(q)
        names.setdefault(key, WatchedName(key, q.name, q.kind, q.dob, q.nationality, src))
    if os.environ.get(PAUSE_ENV) == "screening":
        matcher = _PausingMatcher(matcher)
    result = screen(matcher, [q for q, _ in watched], min_score=threshold)
    hits: dict[str, HitRecord] = {}
    for (q, src), row in zip(watched, result.rows, strict=True):
        for h in row.hits:
            rec = hit_record(NAMES, watched_key(q), q, src, row, h, standing)
            hits.setdefault(rec.hit_key, rec)
    return list(names.values()), list(hits.values())


def hit_record(origin: str, subject_key: str, q: Query, source: str, row: Any, h: Any,
               standing: dict[tuple[str, str], dict[str, Any]]) -> HitRecord:
    """A hit as the state stores it: identity, classification inputs, report row."""
    from sanctions_check.screening.sheetrows import review_hit_row, row_record_key

    detail = review_hit_row(row, h)
    detail.pop("decision", None)
    key = row_record_key(row)
    outcome, note, d = decision_outcome(standing, key, h.entry)
    return HitRecord(
        origin=origin, subject_key=subject_key, query=q.name, source=source,
        reference_number=h.reference_number, primary_name=h.primary_name,
        matched_name=h.matched_name.text, score=round(float(h.score), 1), band=h.band,
        fingerprint=entry_fingerprint(h.entry), detail=detail, decision=outcome,
        decision_note=note, record_key=key,
    )
