"""Scheduled checks (``sanctions-check watch``): refresh, re-screen, scan new news, report change.

Contract: :func:`run_watch` performs one run for a :class:`~sanctions_check.watch.config.
WatchConfig` and returns a frozen :class:`WatchResult`; it never prints.

One run, in order:

1. takes the data directory's lock without waiting (:class:`WatchLock`; another
   live run -> :class:`~sanctions_check.errors.LockedError` naming its PID; a lock
   left by a killed run is taken over, and its unfinished run noted);
2. imports reviewer decisions from the workbooks named in the config;
3. refreshes the UN list through the :class:`~sanctions_check.lists.store.ListStore` when it
   is older than ``refresh_hours`` (a failed refresh keeps the current list and is
   reported; a list older than ``max_age_days`` is a
   :class:`~sanctions_check.errors.ListError`).  Age is
   :func:`sanctions_check.lists.manifest.list_age`: since its source last confirmed the list
   current, else (only imported) since its ``dateGenerated``.  No installed list is a
   ListError: a scheduled run never falls back to the bundled snapshot;
4. re-screens every watched name against the current list and scans only the news
   items not processed by an earlier run;
5. records everything and classifies every hit (new / open / resolved / re-opened /
   cleared) in one database transaction (:mod:`sanctions_check.watch.state`);
6. when something is pending report (also left over from a killed run) or
   ``always_report``: writes ``<output_dir>/<prefix>-YYYYMMDD-HHMMSS.xlsx``
   atomically, calls ``on_report(result)`` (the CLI prints its summary there), and
   only then marks those hits reported, in one transaction with the end of the run;
7. backs the database up to ``watch.sqlite.bak`` (:meth:`StateDB.backup`; a failed
   backup is only logged).

A missing (after the first run), empty or damaged database stops the run before it
changes anything (:class:`~sanctions_check.errors.StateError`, exit 3, pointing to the
backup); SQLite finding damage during the run does the same.

So a run killed at any point loses nothing: whatever was not marked reported is
reported by the next run, exactly once (the only window for a repeat is between
``on_report`` returning and the final commit).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sanctions_check.errors import ConfigError, ListError, LockedError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.provenance import days
from sanctions_check.matching.hits import NameMatcher
from sanctions_check.watch.config import WatchConfig
from sanctions_check.watch.hits import (  # noqa: F401 (re-exported for the CLI and tests)
    entry_fingerprint,
    hit_record,
    import_decisions_file,
    load_decisions,
    read_review_decisions,
    read_watched,
    screen_watched,
    watched_key,
)
from sanctions_check.watch.lock import (  # noqa: F401 (re-exported for tests)
    PAUSE_ENV,
    PAUSE_FILE_ENV,
    PAUSE_SECONDS_ENV,
    WatchLock,
    pause_point,
)
from sanctions_check.watch.state import Changes, HitRecord, NewsItemRecord, State, StoredHit
from sanctions_check.watch.staterecords import HitStatus

log = lazy_logger(__name__)


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class WatchResult:
    """What one run found and did."""

    run_id: int
    new: tuple[StoredHit, ...]  # new and re-opened hits reported by this run
    resolved: tuple[StoredHit, ...]
    open: tuple[StoredHit, ...]
    list_info: dict[str, Any]
    list_changes: dict[str, int]  # counts of the List changes sheet (empty: no report)
    names_screened: int
    news_items_processed: int
    news_items_skipped: int
    report_path: Path | None
    notices: tuple[str, ...] = ()  # need attention: printed (print = "changes")
    warnings: tuple[str, ...] = ()  # logged and shown in the report, never printed alone
    interrupted_runs: tuple[int, ...] = ()
    decisions_imported: int = 0
    seconds: float = 0.0
    changes: dict[str, int] = field(default_factory=dict)
    matcher: dict[str, Any] = field(default_factory=dict)  # its describe(): the report records it

    @property
    def reopened(self) -> tuple[StoredHit, ...]:
        return tuple(h for h in self.new if h.status == HitStatus.REOPENED)

    @property
    def has_new(self) -> bool:
        """New or re-opened hits: exit code 1."""
        return bool(self.new)

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.resolved or self.notices)

    @property
    def exit_code(self) -> int:
        return 1 if self.has_new else 0

    def should_print(self, mode: str) -> bool:
        """Whether the CLI prints the summary for the config's ``print`` mode."""
        return {"new": self.has_new, "changes": self.has_changes, "always": True,
                "never": False}.get(mode, self.has_changes)

    def summary_lines(self, limit: int = 20) -> list[str]:
        """A short plain-text summary (what cron mails)."""
        n_new = sum(1 for h in self.new if h.status == HitStatus.NEW)
        parts = [f"{n_new} new hit{'s' if n_new != 1 else ''}"]
        if self.reopened:
            parts.append(f"{len(self.reopened)} re-opened")
        parts.append(f"{len(self.resolved)} resolved")
        parts.append(f"{len(self.open)} still open")
        li = self.list_info
        lines = [f"sanctions-check watch: {', '.join(parts)} "
                 f"(list of {li.get('date_generated', '?')}, {li.get('entries', 0)} entries)"]
        shown = 0
        for h in list(self.new) + list(self.resolved):
            if shown >= limit:
                lines.append(f"  ... and {len(self.new) + len(self.resolved) - shown} more "
                             "in the report")
                break
            label = {HitStatus.NEW: "NEW", HitStatus.REOPENED: "RE-OPENED",
                     HitStatus.RESOLVED: "RESOLVED"}[h.status]
            where = h.source if len(h.source) <= 60 else h.source[:59] + "…"
            line = (f"  {label:<9} {h.score:5.1f}  {h.query!r} ({where}) -> "
                    f"{h.reference_number} {h.primary_name}")
            if h.reason:
                line += f": {h.reason}"
            lines.append(line)
            shown += 1
        lines.extend(f"  NOTE: {n}" for n in self.notices)
        lines.extend(f"  WARNING: {n}" for n in self.warnings)
        if self.report_path:
            lines.append(f"Report: {self.report_path}")
        return lines


# --------------------------------------------------------------------------- helpers


def refresh_list(config: WatchConfig, store: Any, now: dt.datetime) -> tuple[SanctionsList,
                                                                               dict[str, Any]]:
    """Refresh per policy and load the current list; returns it and what happened."""
    policy = config.list
    info: dict[str, Any] = {"refresh": "not due"}
    current = store.current()
    due = current is None or current.age(now) > dt.timedelta(hours=policy.refresh_hours)
    failure = None
    if policy.url is None:
        info["refresh"] = "disabled (url = false)"
    elif due:
        try:
            res = store.update(policy.url)
            info["refresh"] = f"{res.status} {res.version.id}"
            log.info("list refresh from %s: %s %s", policy.url, res.status, res.version.id)
        except (ListError, LockedError) as exc:
            failure = str(exc)
            info["refresh"] = f"failed: {failure}"
            log.warning("list refresh failed, keeping the current list: %s", failure)
    try:
        lst = store.load(max_age_days=policy.max_age_days)
    except ListError as exc:
        msg = str(exc)
        if failure:
            msg = f"{msg} (refresh failed: {failure})"
        raise ListError(msg) from None
    p = lst.provenance
    info.update(
        id=p.version if p else "", sha256=lst.sha256, date_generated=lst.date_generated,
        entries=len(lst.entries),
        confirmed_at=p.confirmed_text() if p else None,
        age_days=days(p.age(now)) if p else None,
        age_basis=p.age_basis() if p else None,
        refresh_failed=failure,
    )
    return lst, info


def scan_news(config: WatchConfig, matcher: NameMatcher, lst: SanctionsList, state: State,
              threshold: float | None, standing: dict[tuple[str, str], dict[str, Any]],
              warnings: list[str]) -> tuple[list[NewsItemRecord], list[HitRecord], int]:
    """Process the news items no earlier run has seen; returns items, hits, skipped count."""
    if not config.news:
        return [], [], 0
    from sanctions_check.watch import news as watchnews

    return watchnews.scan(config, matcher, lst, state.seen_news, threshold, standing,
                          warnings)


# --------------------------------------------------------------------------- report


def report_path(config: WatchConfig, now: dt.datetime) -> Path:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = config.output_dir / f"{config.report_prefix}-{stamp}.xlsx"
    n = 2
    while path.exists():
        path = config.output_dir / f"{config.report_prefix}-{stamp}-{n}.xlsx"
        n += 1
    return path


def list_changes(store: Any, state: State, lst: SanctionsList) -> tuple[list[dict[str, Any]],
                                                                        dict[str, int], str]:
    """Rows and counts of the list diff since the list of the last reported run."""
    prev = state.last_done_run(with_report=True) or state.last_done_run()
    if prev is None or not prev.list_sha256:
        return [], {}, "first run: no earlier list to compare with"
    if prev.list_sha256 == lst.sha256:
        return [], {}, f"unchanged since run {prev.id}"
    try:
        old = store.load(prev.list_sha256)
    except ListError as exc:
        return [], {}, f"earlier list not available: {exc}"
    from sanctions_check.watch.report import diff_rows

    rows, counts = diff_rows(old, lst)
    return rows, counts, f"since run {prev.id} (list of {old.date_generated})"


# --------------------------------------------------------------------------- the run


def _write_report(path: Path, *args: Any) -> None:
    from sanctions_check.watch.report import write_report

    try:
        write_report(path, *args)
    except OSError as exc:  # hits stay pending: the next run reports them
        raise ConfigError(f"{path}: cannot write the report ({exc.strerror or exc}); "
                          "check output_dir") from None


def run_watch(
    config: WatchConfig,
    *,
    always_report: bool | None = None,
    store: Any = None,
    matcher_factory: Callable[[SanctionsList], Any] | None = None,
    on_report: Callable[[WatchResult], None] | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> WatchResult:
    """One scheduled run (see the module docstring)."""
    t0 = time.monotonic()
    clock = clock or (lambda: dt.datetime.now(dt.UTC))
    try:
        config.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{config.data_dir}: cannot create the data directory "
                          f"({exc.strerror or exc})") from None
    always = config.always_report if always_report is None else always_report
    lock = WatchLock(config.lock_path)
    with lock, State(config.db_path) as state:
        pause_point("locked")
        run_id, stale = state.begin_run()
        notices: list[str] = []
        for r in stale:
            log.warning("run %d (PID %s, started %s) did not finish; what it did not report "
                        "is reported now", r.id, r.pid, r.started_at)
        try:
            result = _run(config, state, run_id, always, stale, notices, store,
                          matcher_factory, on_report, clock, t0)
        except BaseException as exc:
            if not isinstance(exc, KeyboardInterrupt | SystemExit):
                with contextlib.suppress(Exception):  # keep the original error
                    state.finish_run(run_id, "failed", {"error": str(exc)})
            if isinstance(exc, sqlite3.DatabaseError):  # damaged while the run used it
                raise state.damaged(f"failed ({exc})") from None
            raise
        try:
            state.backup()
        except (OSError, sqlite3.Error) as exc:  # the run itself is complete and committed
            log.warning("could not back up the watch database to %s (%s)",
                        state.backup_path, exc)
        return result


def _run(config: WatchConfig, state: State, run_id: int, always: bool,
         stale: Iterable[Any], notices: list[str], store: Any,
         matcher_factory: Callable[[SanctionsList], Any] | None,
         on_report: Callable[[WatchResult], None] | None,
         clock: Callable[[], dt.datetime], t0: float) -> WatchResult:
    from sanctions_check.lists.store import ListStore

    now = clock()
    n_dec = load_decisions(config, state, notices)
    store = store or ListStore(config.data_dir)
    lst, list_info = refresh_list(config, store, now)
    if list_info.get("refresh_failed"):
        prev = state.last_done_run()
        if prev is None or not (state.refresh_note(prev.id) or "").startswith("failed"):
            notices.append(f"list refresh failed (using the list of {lst.date_generated}): "
                           f"{list_info['refresh_failed']}")
    state.record_list(run_id, lst.sha256, lst.date_generated, str(lst.source), len(lst.entries))
    state.note_refresh(run_id, list_info["refresh"])
    if matcher_factory is None:
        from sanctions_check.matching.knownas import known_as_with
        from sanctions_check.matching.matcher import Matcher

        matcher = Matcher.from_list(
            lst, threshold=config.threshold, known_as=known_as_with(config.aliases)
        )
    else:
        matcher = matcher_factory(lst)
    threshold = config.threshold

    watched = read_watched(config) if config.names else []
    standing = state.standing_decisions()
    names, name_hits = (screen_watched(matcher, watched, threshold, standing) if watched
                        else ([], []))
    warnings: list[str] = []
    news_items, news_hits, skipped = scan_news(config, matcher, lst, state, threshold, standing,
                                               warnings)
    refs = {e.reference_number for e in lst.entries}
    ch: Changes = state.apply_run(run_id, watched=names if config.names else None,
                                  name_hits=name_hits, list_refs=refs, news_items=news_items,
                                  news_hits=news_hits)
    log.info("run %d: %d names, %d name hits, %d news items (%d seen before), %d news hits; %s",
             run_id, len(names), len(name_hits), len(news_items), skipped, len(news_hits),
             dataclasses.asdict(ch))
    pause_point("recorded")

    pending = state.pending()
    new = tuple(h for h in pending if h.status in (HitStatus.NEW, HitStatus.REOPENED))
    resolved = tuple(h for h in pending if h.status == HitStatus.RESOLVED)
    open_ = tuple(state.open_hits())
    result = WatchResult(
        run_id=run_id, new=new, resolved=resolved, open=open_, list_info=list_info,
        list_changes={}, names_screened=len(names), news_items_processed=len(news_items),
        news_items_skipped=skipped, report_path=None, notices=tuple(notices),
        warnings=tuple(warnings),
        interrupted_runs=tuple(r.id for r in stale), decisions_imported=n_dec,
        seconds=round(time.monotonic() - t0, 2), changes=dataclasses.asdict(ch),
        matcher=dict(matcher.describe()) if hasattr(matcher, "describe") else {},
    )
    path = None
    if always or result.has_changes:
        path = report_path(config, now)
        rows, counts, diff_note = list_changes(store, state, lst)  # only for a report
        result = dataclasses.replace(result, list_changes=counts)
        _write_report(path, result, rows, diff_note, config, clock(),
                      state.standing_decisions(), {r.id: r.started_at for r in state.runs()})
        result = dataclasses.replace(result, report_path=path,
                                     seconds=round(time.monotonic() - t0, 2))
        log.info("report written: %s", path)
        pause_point("reported")
    if on_report is not None:
        on_report(result)
    summary = {"new": len(new), "resolved": len(resolved), "open": len(open_),
               "news_items": len(news_items), "names": len(names)}
    state.mark_reported(run_id, [h.id for h in pending], summary,
                        str(path) if path else None)
    return result
