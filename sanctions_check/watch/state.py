"""The ``watch`` state: what the watch runs recorded, in a SQLite database in the data directory.

Contract: :class:`State` records runs, the list versions they used, the watched
names, the news items already seen, every hit with its first-seen / last-seen
run and status, and reviewer decisions imported from review workbooks.

Statuses of a hit: ``new`` (found, never reported as new), ``open`` (still found,
already reported), ``resolved`` (entry removed from the list, watched name
removed, or no longer matching), ``reopened`` (found again after a False positive
decision because the list entry was amended since), ``cleared`` (a False positive
decision stands: not reported again).

Crash safety: every change a run makes is one transaction
(:meth:`~sanctions_check.watch.statedb.StateDB.transaction`; the file, schema and migrations
are :mod:`sanctions_check.watch.statedb`'s), so a run killed at any point (SIGKILL) leaves the
database as it was after the last commit.  Status changes that need telling the user
are stored with ``reported_run IS NULL`` ("pending report"); :meth:`State.mark_reported`
sets it only after the report was written and shown.  The next run therefore reports
everything an interrupted run did not get to report, and nothing twice.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from sanctions_check.watch.statedb import StateDB
from sanctions_check.watch.staterecords import (  # noqa: F401 (re-exported: the state's vocabulary)
    CLEARED,
    FALSE_POSITIVE,
    NAMES,
    NEW,
    NEWS,
    OPEN,
    REOPENED,
    RESOLVED,
    Changes,
    HitRecord,
    NewsItemRecord,
    RunRecord,
    StoredHit,
    WatchedName,
    hit_record_key,
    norm_query,
    now_iso,
)

# what a stored decision holds besides its keys and where it was read (a re-import of the
# same values changes nothing); the extras are the Decision's reason, date and list version
_DECISION_EXTRAS = ("reason", "decision_date", "list_sha256")
_DECISION_FIELDS = ("decision", "reviewer", "notes", "entry_version", "entry_last_updated",
                    "entry_names", *_DECISION_EXTRAS)
# the latest decision for a (record key, reference number) replaces the one stored before
_UPSERT_DECISION = (
    f"INSERT INTO decisions (query_norm, query, reference_number, "
    f"{', '.join(_DECISION_FIELDS)}, source_file, sheet, row, imported_at) "
    f"VALUES ({', '.join('?' * (len(_DECISION_FIELDS) + 7))}) "
    "ON CONFLICT(query_norm, reference_number) DO UPDATE SET query=excluded.query, "
    + "".join(f"{f}=excluded.{f}, " for f in _DECISION_FIELDS)
    + "source_file=excluded.source_file, sheet=excluded.sheet, row=excluded.row, "
    "imported_at=excluded.imported_at, superseded_run=NULL"
)


class State(StateDB):
    """The watch database; use as a context manager or call :meth:`close`."""

    # -- runs ---------------------------------------------------------------------------

    def begin_run(self, pid: int | None = None) -> tuple[int, list[RunRecord]]:
        """Start a run; returns its id and the earlier runs found unfinished (killed)."""
        with self.transaction() as c:
            stale = [self._run(r) for r in c.execute(
                "SELECT * FROM runs WHERE status='running' ORDER BY id")]
            c.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
            cur = c.execute(
                "INSERT INTO runs (started_at, status, pid) VALUES (?, 'running', ?)",
                (now_iso(), pid if pid is not None else os.getpid()),
            )
            return int(cur.lastrowid or 0), stale

    def finish_run(self, run_id: int, status: str, summary: Mapping[str, Any] | None = None,
                   report_path: str | None = None, list_refreshed: str | None = None) -> None:
        with self.transaction() as c:
            self._finish(c, run_id, status, summary, report_path, list_refreshed)

    def _finish(self, c: sqlite3.Connection, run_id: int, status: str,
                summary: Mapping[str, Any] | None, report_path: str | None,
                list_refreshed: str | None) -> None:
        c.execute(
            "UPDATE runs SET status=?, finished_at=?, summary=?, "
            "report_path=COALESCE(?, report_path), list_refreshed=COALESCE(?, list_refreshed) "
            "WHERE id=?",
            (status, now_iso(), json.dumps(dict(summary or {})), report_path,
             list_refreshed, run_id),
        )

    def note_refresh(self, run_id: int, text: str) -> None:
        """Record what the list refresh of ``run_id`` did (``failed: ...`` when it failed)."""
        with self.transaction() as c:
            c.execute("UPDATE runs SET list_refreshed=? WHERE id=?", (text, run_id))

    def refresh_note(self, run_id: int) -> str | None:
        row = self.conn.execute("SELECT list_refreshed FROM runs WHERE id=?",
                                (run_id,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _run(row: sqlite3.Row) -> RunRecord:
        return RunRecord(row["id"], row["started_at"], row["finished_at"], row["status"],
                         row["pid"], row["list_sha256"], row["report_path"])

    def runs(self) -> list[RunRecord]:
        return [self._run(r) for r in self.conn.execute("SELECT * FROM runs ORDER BY id")]

    def last_done_run(self, with_report: bool = False) -> RunRecord | None:
        sql = "SELECT * FROM runs WHERE status='done'"
        if with_report:
            sql += " AND report_path IS NOT NULL"
        row = self.conn.execute(sql + " ORDER BY id DESC LIMIT 1").fetchone()
        return self._run(row) if row else None

    # -- list versions ------------------------------------------------------------------

    def record_list(self, run_id: int, sha256: str, date_generated: str, source: str,
                    entries: int) -> None:
        """Note the list version ``run_id`` uses (committed at once: cheap and idempotent)."""
        with self.transaction() as c:
            c.execute(
                "INSERT INTO list_versions VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) "
                "DO UPDATE SET last_run=excluded.last_run",
                (sha256, date_generated, source, entries, run_id, run_id),
            )
            c.execute("UPDATE runs SET list_sha256=? WHERE id=?", (sha256, run_id))

    def list_versions(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM list_versions ORDER BY first_run")]

    # -- news -----------------------------------------------------------------------------

    def seen_news(self, hashes: Iterable[str]) -> set[str]:
        """Which of ``hashes`` were processed (and committed) by earlier runs."""
        wanted = list(dict.fromkeys(hashes))
        seen: set[str] = set()
        for i in range(0, len(wanted), 500):
            part = wanted[i:i + 500]
            q = ",".join("?" * len(part))
            seen.update(r[0] for r in self.conn.execute(
                f"SELECT hash FROM news_items WHERE hash IN ({q})", part))
        return seen

    # -- decisions ------------------------------------------------------------------------

    def import_decisions(self, decisions: Iterable[Any]) -> int:
        """Store reviewer decisions (:class:`sanctions_check.screening.decisions.Decision` records);
        the latest for a (record key, reference number) wins.  A False positive applies
        at once to hits already recorded.  Returns the number stored or changed."""
        n = 0
        with self.transaction() as c:
            for d in decisions:
                key = hit_record_key(d.input_name, getattr(d, "record_key", ""))
                old = c.execute("SELECT * FROM decisions WHERE query_norm=? AND "
                                "reference_number=?", (key, d.reference_number)).fetchone()
                values = (d.decision, d.reviewer or None, d.notes or None, d.entry_version,
                          json.dumps(list(d.entry_last_updated)),
                          json.dumps(list(d.entry_names)),
                          *(getattr(d, f, "") or None for f in _DECISION_EXTRAS))
                if old is not None and tuple(old[f] for f in _DECISION_FIELDS) == values:
                    continue  # the same decision imported again (e.g. every run)
                c.execute(_UPSERT_DECISION, (key, d.input_name, d.reference_number, *values,
                                             str(d.source), d.sheet, d.row, now_iso()))
                n += 1
            c.execute(
                "UPDATE hits SET status='cleared', reported_run=COALESCE(reported_run, last_run) "
                "WHERE status IN ('new','open','reopened') AND EXISTS (SELECT 1 FROM decisions d "
                "WHERE d.query_norm=hits.query_norm AND d.reference_number=hits.reference_number "
                "AND d.decision=? AND d.superseded_run IS NULL)", (FALSE_POSITIVE,))
            c.execute(
                "UPDATE hits SET status='open' WHERE status='cleared' AND NOT EXISTS (SELECT 1 "
                "FROM decisions d WHERE d.query_norm=hits.query_norm AND "
                "d.reference_number=hits.reference_number AND d.decision=? AND "
                "d.superseded_run IS NULL)", (FALSE_POSITIVE,))
        return n

    def standing_decisions(self) -> dict[tuple[str, str], dict[str, Any]]:
        """Decisions in force, keyed by (record key, reference number)."""
        out = {}
        for r in self.conn.execute("SELECT * FROM decisions WHERE superseded_run IS NULL"):
            d = dict(r)
            d["entry_last_updated"] = tuple(json.loads(d["entry_last_updated"] or "[]"))
            d["entry_names"] = tuple(json.loads(d["entry_names"] or "[]"))
            out[(d["query_norm"], d["reference_number"])] = d
        return out

    def decisions(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM decisions ORDER BY id")]

    # -- applying a run's findings -------------------------------------------------------

    def apply_run(
        self,
        run_id: int,
        *,
        watched: Iterable[WatchedName] | None,
        name_hits: Iterable[HitRecord],
        list_refs: set[str],
        news_items: Iterable[NewsItemRecord] = (),
        news_hits: Iterable[HitRecord] = (),
    ) -> Changes:
        """Record one run's findings and classify every hit, in one transaction.

        ``watched`` is the complete set of watched names screened in this run (None:
        names were not screened, leave name hits alone); ``name_hits`` are all hits
        for them; ``list_refs`` the reference numbers of the list screened against.
        ``news_items`` are the items processed for the first time, ``news_hits``
        their hits.
        """
        ch = Changes()
        with self.transaction() as c:
            if watched is not None:
                keys = self._apply_watched(c, run_id, watched)
                found: set[str] = set()
                for h in name_hits:
                    found.add(h.hit_key)
                    self._apply_hit(c, run_id, h, ch)
                self._resolve_missing(c, run_id, found, keys, list_refs, ch)
            for item in news_items:
                c.execute(
                    "INSERT OR IGNORE INTO news_items (hash, source, title, url, first_run, hits) "
                    "VALUES (?,?,?,?,?,?)",
                    (item.hash, item.source, item.title, item.url, run_id, item.hits))
                ch.news_items += 1
            for h in news_hits:
                self._apply_hit(c, run_id, h, ch)
        return ch

    def _apply_watched(self, c: sqlite3.Connection, run_id: int,
                       watched: Iterable[WatchedName]) -> set[str]:
        keys: set[str] = set()
        for w in watched:
            keys.add(w.key)
            c.execute(
                "INSERT INTO watched_names (key, name, kind, dob, nationality, source, "
                "first_run, last_run, active) VALUES (?,?,?,?,?,?,?,?,1) ON CONFLICT(key) DO "
                "UPDATE SET name=excluded.name, source=excluded.source, "
                "last_run=excluded.last_run, active=1",
                (w.key, w.name, w.kind, w.dob, w.nationality, w.source, run_id, run_id),
            )
        c.execute("UPDATE watched_names SET active=0 WHERE last_run<>?", (run_id,))
        return keys

    def _apply_hit(self, c: sqlite3.Connection, run_id: int, h: HitRecord,
                   ch: Changes) -> None:
        qn = hit_record_key(h.query, h.record_key)
        old = c.execute("SELECT * FROM hits WHERE hit_key=?", (h.hit_key,)).fetchone()
        status, reason, reported = NEW, None, None
        if h.decision == REOPENED:
            status, reason = REOPENED, h.decision_note
            c.execute("UPDATE decisions SET superseded_run=? WHERE query_norm=? AND "
                      "reference_number=? AND superseded_run IS NULL",
                      (run_id, qn, h.reference_number))
        elif h.decision == CLEARED:
            status, reported = CLEARED, run_id
        elif old is not None:
            if old["status"] in (NEW, REOPENED) and old["reported_run"] is None:
                status, reason = old["status"], old["reason"]  # still pending report
            elif old["status"] in (NEW, OPEN, REOPENED):
                status, reported = OPEN, old["reported_run"]
            elif old["status"] == RESOLVED and old["reported_run"] is None:
                # the resolution was never reported: as if it had not happened
                if old["active_reported"] is not None:
                    status, reported = OPEN, old["active_reported"]
            elif old["status"] == RESOLVED:
                status, reason = NEW, "found again after it was resolved"
            # CLEARED whose decision was withdrawn: reported as new
        detail = json.dumps(dict(h.detail), ensure_ascii=False, default=str)
        if old is None:
            c.execute(
                "INSERT INTO hits (hit_key, origin, subject_key, query, query_norm, source, "
                "reference_number, primary_name, matched_name, score, band, fingerprint, "
                "detail, status, reason, first_run, last_run, status_run, reported_run) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (h.hit_key, h.origin, h.subject_key, h.query, qn, h.source, h.reference_number,
                 h.primary_name, h.matched_name, h.score, h.band, h.fingerprint, detail,
                 status, reason, run_id, run_id, run_id, reported),
            )
        else:
            same = status == old["status"]
            c.execute(
                "UPDATE hits SET query=?, query_norm=?, source=?, primary_name=?, "
                "matched_name=?, score=?, band=?, fingerprint=?, detail=?, status=?, reason=?, "
                "last_run=?, status_run=?, reported_run=? WHERE id=?",
                (h.query, qn, h.source, h.primary_name, h.matched_name, h.score, h.band,
                 h.fingerprint, detail, status, reason, run_id,
                 old["status_run"] if same else run_id, reported, old["id"]),
            )
        setattr(ch, status, getattr(ch, status) + 1)

    def _resolve_missing(self, c: sqlite3.Connection, run_id: int, found: set[str],
                         watched_keys: set[str], list_refs: set[str], ch: Changes) -> None:
        rows = c.execute(
            "SELECT id, hit_key, subject_key, reference_number, status, reported_run, "
            "active_reported FROM hits "
            "WHERE origin='names' AND status IN ('new','open','reopened','cleared')").fetchall()
        for r in rows:
            if r["hit_key"] in found:
                continue
            if r["reference_number"] not in list_refs:
                reason = "entry removed from the list"
            elif r["subject_key"] not in watched_keys:
                reason = "watched name removed"
            else:
                reason = "no longer matches at the threshold"
            # nothing to tell: a cleared false positive, or a hit the user never heard of
            # (found by a run killed before its report, gone again since)
            silent = r["status"] == CLEARED or (
                r["status"] == NEW and r["reported_run"] is None
                and r["active_reported"] is None)
            c.execute(
                "UPDATE hits SET status='resolved', reason=?, status_run=?, reported_run=? "
                "WHERE id=?", (reason, run_id, run_id if silent else None, r["id"]))
            if not silent:
                ch.resolved += 1

    # -- reading back ---------------------------------------------------------------------

    @staticmethod
    def _hit(row: sqlite3.Row) -> StoredHit:
        return StoredHit(
            row["id"], row["hit_key"], row["origin"], row["query"], row["source"] or "",
            row["reference_number"], row["primary_name"] or "", row["matched_name"] or "",
            row["score"] or 0.0, row["band"] or "", row["status"], row["reason"],
            row["first_run"], row["last_run"], row["status_run"], row["reported_run"],
            json.loads(row["detail"] or "{}"),
        )

    def pending(self) -> list[StoredHit]:
        """Hits whose current status (new, re-opened, resolved) was not reported yet."""
        return [self._hit(r) for r in self.conn.execute(
            "SELECT * FROM hits WHERE reported_run IS NULL AND status IN "
            "('new','reopened','resolved') ORDER BY status, score DESC, id")]

    def open_hits(self) -> list[StoredHit]:
        """Watched-name hits still found and already reported."""
        return [self._hit(r) for r in self.conn.execute(
            "SELECT * FROM hits WHERE origin='names' AND status IN ('open','new','reopened') "
            "AND reported_run IS NOT NULL ORDER BY score DESC, id")]

    def hits(self, status: str | None = None) -> list[StoredHit]:
        sql, args = "SELECT * FROM hits", ()
        if status:
            sql, args = sql + " WHERE status=?", (status,)
        return [self._hit(r) for r in self.conn.execute(sql + " ORDER BY id", args)]

    def mark_reported(self, run_id: int, hit_ids: Iterable[int],
                      summary: Mapping[str, Any] | None = None,
                      report_path: str | None = None) -> None:
        """After the report is written (and shown): mark its hits reported and the run
        done, in one transaction."""
        with self.transaction() as c:
            c.executemany(
                "UPDATE hits SET reported_run=?1, active_reported=CASE WHEN status='resolved' "
                "THEN NULL ELSE ?1 END WHERE id=?2 AND reported_run IS NULL",
                [(run_id, i) for i in hit_ids])
            self._finish(c, run_id, "done", summary, report_path, None)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in (NEW, OPEN, RESOLVED, REOPENED, CLEARED)}
        for status, n in self.conn.execute("SELECT status, count(*) FROM hits GROUP BY status"):
            out[status] = n
        return out


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None
