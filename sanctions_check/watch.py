"""Scheduled checks (``sanctions-check watch``): refresh, re-screen, scan new news, report change.

Contract: :func:`run_watch` performs one run for a :class:`~sanctions_check.watchconfig.
WatchConfig` and returns a frozen :class:`WatchResult`; it never prints.

One run, in order:

1. takes the data directory's lock without waiting (:class:`WatchLock`; another
   live run -> :class:`~sanctions_check.errors.LockedError` naming its PID; a lock
   left by a killed run is taken over, and its unfinished run noted);
2. imports reviewer decisions from the workbooks named in the config;
3. refreshes the UN list through the :class:`~sanctions_check.store.ListStore` when it
   was installed or confirmed longer ago than ``refresh_hours`` (a failed refresh
   keeps the current list and is reported; a list older than ``max_age_days`` is a
   :class:`~sanctions_check.errors.ListError`);
4. re-screens every watched name against the current list and scans only the news
   items not processed by an earlier run;
5. records everything and classifies every hit (new / open / resolved / re-opened /
   cleared) in one database transaction (:mod:`sanctions_check.state`);
6. when something is pending report (also left over from a killed run) or
   ``always_report``: writes ``<output_dir>/<prefix>-YYYYMMDD-HHMMSS.xlsx``
   atomically, calls ``on_report(result)`` (the CLI prints its summary there), and
   only then marks those hits reported, in one transaction with the end of the run.

So a run killed at any point loses nothing: whatever was not marked reported is
reported by the next run, exactly once (the only window for a repeat is between
``on_report`` returning and the final commit).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filelock

from sanctions_check.entries import Entry, SanctionsList
from sanctions_check.errors import ConfigError, InputError, ListError, LockedError
from sanctions_check.hits import Query
from sanctions_check.state import (
    NAMES,
    Changes,
    HitRecord,
    NewsItemRecord,
    State,
    StoredHit,
    WatchedName,
    norm_query,
)
from sanctions_check.watchconfig import WatchConfig

log = logging.getLogger(__name__)

PAUSE_ENV = "SANCTIONS_CHECK_WATCH_PAUSE"  # test hook: "<stage>" to pause at
PAUSE_FILE_ENV = "SANCTIONS_CHECK_WATCH_PAUSE_FILE"  # touched when the pause starts
PAUSE_SECONDS_ENV = "SANCTIONS_CHECK_WATCH_PAUSE_SECONDS"  # default 30
STAGES = ("locked", "screening", "recorded", "reported")


def _test_hook(stage: str) -> None:
    """Pause at ``stage`` when the test environment asks (crash and overlap tests)."""
    if os.environ.get(PAUSE_ENV) != stage:
        return
    marker = os.environ.get(PAUSE_FILE_ENV)
    if marker:
        Path(marker).write_text(str(os.getpid()))
    log.info("test hook: pausing at %s", stage)
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV, "30")))


# --------------------------------------------------------------------------- lock


class WatchLock:
    """A non-blocking lock on the data directory with the holder's PID in a sidecar file.

    The lock is an OS file lock (``filelock``), so the kernel releases it when its
    process dies, even by SIGKILL; the sidecar ``watch.lock.pid`` then still names
    the dead holder, which is how a taken-over stale lock is recognised.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pid_path = path.with_name(path.name + ".pid")
        self._lock = filelock.FileLock(str(path), timeout=0)
        self.stale_pid: int | None = None

    def _holder(self) -> str:
        for _ in range(10):  # the holder writes its PID just after locking
            try:
                text = self.pid_path.read_text().split()
                if text:
                    return text[0]
            except OSError:
                pass
            time.sleep(0.05)
        return "unknown"

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            raise LockedError(
                f"another watch run (PID {self._holder()}) holds the lock {self.path}"
            ) from None
        try:
            previous = self.pid_path.read_text().split()
            if previous and previous[0] != str(os.getpid()):
                self.stale_pid = int(previous[0])
                log.warning("took over the lock of run PID %s, which ended without "
                            "releasing it (killed?)", self.stale_pid)
        except (OSError, ValueError):
            pass
        started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        tmp = self.pid_path.with_name(self.pid_path.name + ".tmp")
        tmp.write_text(f"{os.getpid()}\n{started}\n")
        os.replace(tmp, self.pid_path)

    def release(self) -> None:
        try:
            self.pid_path.unlink(missing_ok=True)
        finally:
            self._lock.release()

    def __enter__(self) -> WatchLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class WatchResult:
    """What one run found and did."""

    run_id: int
    new: tuple[StoredHit, ...]  # new and re-opened hits reported by this run
    resolved: tuple[StoredHit, ...]
    open: tuple[StoredHit, ...]
    list_info: dict[str, Any]
    list_changes: dict[str, int]
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

    @property
    def reopened(self) -> tuple[StoredHit, ...]:
        return tuple(h for h in self.new if h.status == "reopened")

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
        n_new = sum(1 for h in self.new if h.status == "new")
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
            label = {"new": "NEW", "reopened": "RE-OPENED", "resolved": "RESOLVED"}[h.status]
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
    current = store.current()
    info.update(
        id=current.id if current else "", sha256=lst.sha256, date_generated=lst.date_generated,
        entries=len(lst.entries),
        age_hours=round(current.age(now).total_seconds() / 3600, 1) if current else None,
        refresh_failed=failure,
    )
    return lst, info


def _load_decisions(config: WatchConfig, state: State, notices: list[str]) -> int:
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
    from sanctions_check import decisions as dec

    return list(dec.read_workbook_decisions(Path(path)))


def import_decisions_file(state: State, path: str | Path) -> int:
    """Import a review workbook's decisions into the state; returns how many changed."""
    n = state.import_decisions(read_review_decisions(path))
    log.info("%s: %d decisions imported", path, n)
    return n


def decision_outcome(standing: dict[tuple[str, str], dict[str, Any]], key: str,
                     entry: Entry) -> tuple[str | None, str | None, dict[str, Any] | None]:
    """(None | "cleared" | "reopened", why, decision) for a hit under standing decisions."""
    from sanctions_check import decisions as dec

    d = standing.get((key, entry.reference_number))
    if d is None:
        return None, None, None
    if d["decision"] != "False positive":
        return None, None, d
    probe = dec.Decision(
        input_name=d["query"], name_key=key, reference_number=entry.reference_number,
        decision=d["decision"], reviewer=d["reviewer"] or "", notes=d["notes"] or "",
        entry_version=d["entry_version"], entry_last_updated=d["entry_last_updated"],
        entry_names=d["entry_names"], source=d["source_file"] or "", sheet=d["sheet"] or "",
        row=d["row"] or 0,
    )
    reasons = dec.amendments(probe, entry)
    if reasons:
        return ("reopened", "list entry amended after the False positive decision"
                f" ({'; '.join(reasons)}); was: {probe.describe()}", d)
    return "cleared", None, d


# --------------------------------------------------------------------------- screening


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
            _test_hook("screening")
        return self._inner.match(*args, **kwargs)


def read_watched(config: WatchConfig) -> list[tuple[Query, str]]:
    """Every watched name with where it came from (``file row N``)."""
    from sanctions_check.inputs import read_queries

    out: list[tuple[Query, str]] = []
    for nf in config.names:
        got = read_queries(nf.path, column=nf.column, kind_column=nf.kind_column,
                           dob_column=nf.dob_column, nationality_column=nf.nationality_column,
                           default_kind=nf.kind)
        log.info("%s", got.describe())
        out.extend((q, f"{nf.path.name} row {q.row}") for q in got.queries)
    return out


def screen_watched(matcher: Any, watched: Sequence[tuple[Query, str]], threshold: float | None,
                   standing: dict[tuple[str, str], dict[str, Any]]
                   ) -> tuple[list[WatchedName], list[HitRecord]]:
    """Screen every watched name; one :class:`HitRecord` per (watched name, entry)."""
    from sanctions_check.screening import screen

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
    from sanctions_check.workbook import review_hit_row

    detail = review_hit_row(row, h)
    detail.pop("decision", None)
    outcome, note, d = decision_outcome(standing, norm_query(q.name), h.entry)
    return HitRecord(
        origin=origin, subject_key=subject_key, query=q.name, source=source,
        reference_number=h.reference_number, primary_name=h.primary_name,
        matched_name=h.matched_name.text, score=round(float(h.score), 1), band=h.band,
        fingerprint=entry_fingerprint(h.entry), detail=detail, decision=outcome,
        decision_note=note,
    )


def scan_news(config: WatchConfig, matcher: Any, lst: SanctionsList, state: State,
              threshold: float | None, standing: dict[tuple[str, str], dict[str, Any]],
              warnings: list[str]) -> tuple[list[NewsItemRecord], list[HitRecord], int]:
    """Process the news items no earlier run has seen; returns items, hits, skipped count."""
    if not config.news:
        return [], [], 0
    from sanctions_check import watchnews

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
    from sanctions_check.watchreport import diff_rows

    rows, counts = diff_rows(old, lst)
    return rows, counts, f"since run {prev.id} (list of {old.date_generated})"


# --------------------------------------------------------------------------- the run


def _write_report(path: Path, *args: Any) -> None:
    from sanctions_check.watchreport import write_report

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
        _test_hook("locked")
        run_id, stale = state.begin_run()
        notices: list[str] = []
        for r in stale:
            log.warning("run %d (PID %s, started %s) did not finish; what it did not report "
                        "is reported now", r.id, r.pid, r.started_at)
        try:
            return _run(config, state, run_id, always, stale, notices, store,
                        matcher_factory, on_report, clock, t0)
        except BaseException as exc:
            if not isinstance(exc, KeyboardInterrupt | SystemExit):
                with contextlib.suppress(Exception):  # keep the original error
                    state.finish_run(run_id, "failed", {"error": str(exc)})
            raise


def _run(config: WatchConfig, state: State, run_id: int, always: bool,
         stale: Iterable[Any], notices: list[str], store: Any,
         matcher_factory: Callable[[SanctionsList], Any] | None,
         on_report: Callable[[WatchResult], None] | None,
         clock: Callable[[], dt.datetime], t0: float) -> WatchResult:
    from sanctions_check.store import ListStore

    now = clock()
    n_dec = _load_decisions(config, state, notices)
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
        from sanctions_check.matcher import Matcher

        matcher = Matcher.from_list(lst, threshold=config.threshold)
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
    _test_hook("recorded")

    pending = state.pending()
    new = tuple(h for h in pending if h.status in ("new", "reopened"))
    resolved = tuple(h for h in pending if h.status == "resolved")
    open_ = tuple(state.open_hits())
    rows, counts, diff_note = list_changes(store, state, lst)
    result = WatchResult(
        run_id=run_id, new=new, resolved=resolved, open=open_, list_info=list_info,
        list_changes=counts, names_screened=len(names), news_items_processed=len(news_items),
        news_items_skipped=skipped, report_path=None, notices=tuple(notices),
        warnings=tuple(warnings),
        interrupted_runs=tuple(r.id for r in stale), decisions_imported=n_dec,
        seconds=round(time.monotonic() - t0, 2), changes=dataclasses.asdict(ch),
    )
    path = None
    if always or result.has_changes:
        path = report_path(config, now)
        _write_report(path, result, rows, diff_note, config, clock(),
                      state.standing_decisions(), {r.id: r.started_at for r in state.runs()})
        result = dataclasses.replace(result, report_path=path,
                                     seconds=round(time.monotonic() - t0, 2))
        log.info("report written: %s", path)
        _test_hook("reported")
    if on_report is not None:
        on_report(result)
    summary = {"new": len(new), "resolved": len(resolved), "open": len(open_),
               "news_items": len(news_items), "names": len(names)}
    state.mark_reported(run_id, [h.id for h in pending], summary,
                        str(path) if path else None)
    return result
