"""The ``watch`` database itself: SQLite file, schema, migrations, transactions and backups.

Contract: :class:`StateDB` opens the database file in WAL mode with ``synchronous=FULL``
(stdlib ``sqlite3``), creates the tables of :data:`_SCHEMA` if they are missing and
records :data:`SCHEMA_VERSION` (an older schema is brought up to it in one transaction:
columns added since, empty for the rows already there).  It never silently starts a new
history:

* a missing file is created only when no database was ever created beside it: the first
  creation writes the marker ``<db>.created`` (JSON, atomically); once it exists, a
  missing database is an error;
* an existing file that is empty, truncated, damaged (``PRAGMA quick_check``), not a
  SQLite database or without the watch schema is an error;

both raise :class:`~sanctions_check.errors.StateError` (exit 3) with one line pointing to
the last good copy, ``<db>.bak``, which :meth:`StateDB.backup` writes (SQLite's online
backup API into a temporary file, then renamed: one copy, replaced after each successful
``watch`` run).  A file written by a newer version raises
:class:`~sanctions_check.errors.ConfigError`.  :meth:`StateDB.transaction` is one atomic
unit (``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any exception), so a process
killed at any point (SIGKILL) leaves the database as it was after the last commit.
:class:`sanctions_check.watch.state.State` adds the queries on top of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from sanctions_check.errors import ConfigError, StateError
from sanctions_check.files.atomic import atomic_path, atomic_write_text

SCHEMA_VERSION = 2
# columns added after schema 1, by table: a schema-1 database gains them (empty) on opening
_ADDED_COLUMNS = {2: (("decisions", "reason", "TEXT"), ("decisions", "decision_date", "TEXT"),
                      ("decisions", "list_sha256", "TEXT"))}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,            -- running | done | failed | interrupted
    pid INTEGER,
    list_sha256 TEXT,
    list_refreshed TEXT,             -- what the refresh did (installed / unchanged / failed: ...)
    report_path TEXT,
    summary TEXT                     -- JSON counts
);
CREATE TABLE IF NOT EXISTS list_versions (
    sha256 TEXT PRIMARY KEY,
    date_generated TEXT,
    source TEXT,
    entries INTEGER,
    first_run INTEGER,
    last_run INTEGER
);
CREATE TABLE IF NOT EXISTS watched_names (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT, dob TEXT, nationality TEXT,
    source TEXT,
    first_run INTEGER NOT NULL,
    last_run INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS news_items (
    hash TEXT PRIMARY KEY,
    source TEXT, title TEXT, url TEXT,
    first_run INTEGER NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS hits (
    id INTEGER PRIMARY KEY,
    hit_key TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,            -- names | news
    subject_key TEXT NOT NULL,       -- watched_names.key or news_items.hash
    query TEXT NOT NULL,
    query_norm TEXT NOT NULL,
    source TEXT,
    reference_number TEXT NOT NULL,
    primary_name TEXT,
    matched_name TEXT,
    score REAL,
    band TEXT,
    fingerprint TEXT,                -- of the list entry when last seen
    detail TEXT,                     -- JSON: report columns
    status TEXT NOT NULL,
    reason TEXT,
    first_run INTEGER NOT NULL,
    last_run INTEGER NOT NULL,
    status_run INTEGER NOT NULL,     -- run that set the current status
    reported_run INTEGER,            -- NULL: the current status is pending report
    active_reported INTEGER          -- run whose report told the user the hit is active
);
CREATE INDEX IF NOT EXISTS hits_pending ON hits (reported_run, status);
CREATE INDEX IF NOT EXISTS hits_decision ON hits (query_norm, reference_number);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    query_norm TEXT NOT NULL,
    query TEXT NOT NULL,
    reference_number TEXT NOT NULL,
    decision TEXT NOT NULL,          -- False positive | True match | Escalated
    reviewer TEXT, notes TEXT,
    entry_version INTEGER,           -- the list entry as the reviewer saw it
    entry_last_updated TEXT,         -- JSON list of ISO dates
    entry_names TEXT,                -- JSON list
    source_file TEXT, sheet TEXT, row INTEGER,
    imported_at TEXT NOT NULL,
    reason TEXT,                     -- the reviewer's reason (schema 2)
    decision_date TEXT,              -- as the reviewer gave it (schema 2)
    list_sha256 TEXT,                -- the list version the decision was taken on (schema 2)
    superseded_run INTEGER,          -- set when the entry was amended (hit re-opened)
    UNIQUE (query_norm, reference_number)
);
"""


class StateDB:
    """The watch database connection; use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.marker_path = self.path.with_name(self.path.name + ".created")
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"{self.path.parent}: cannot create the data directory "
                              f"({exc.strerror or exc})") from None
        new = not self.path.exists()
        if new and self.marker_path.exists():
            raise self.damaged(f"is missing, but it was created before ({self._created()})")
        if not new and self.path.stat().st_size == 0:
            raise self.damaged("is empty (0 bytes)")
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise ConfigError(f"{self.path}: cannot open the watch database ({exc})") from None
        try:
            self.conn.row_factory = sqlite3.Row
            if not new:
                self._check()
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except BaseException as exc:
            self.conn.close()
            if isinstance(exc, sqlite3.OperationalError) and _is_access_error(exc):
                raise ConfigError(f"{self.path}: cannot write the watch database ({exc}); "
                                  "check the data directory's permissions") from None
            if isinstance(exc, sqlite3.DatabaseError):
                raise self.damaged(f"is damaged or not a SQLite database ({exc})") from None
            raise
        if not self.marker_path.exists():
            self._write_marker(new)

    def _check(self) -> None:
        """Refuse a file that is not an intact watch database (before anything writes)."""
        problem = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            raise self.damaged(f"is damaged ({' '.join(str(problem).split())})")
        has_meta = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        version = has_meta and self.conn.execute(
            "SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if not version:
            raise self.damaged("holds no watch history (no schema version)")

    def _created(self) -> str:
        try:
            return "on " + str(json.loads(self.marker_path.read_text("utf-8"))["created_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return f"see {self.marker_path}"

    def _write_marker(self, created: bool) -> None:
        doc = {
            "database": self.path.name,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "note": "the watch database was created here: if it goes missing, that is an "
                    "error (restore " + self.backup_path.name + "), never a new history",
            "existing": not created,
        }
        try:
            atomic_write_text(self.marker_path, json.dumps(doc, indent=2) + "\n")
        except OSError as exc:
            self.conn.close()
            raise ConfigError(f"{self.marker_path}: cannot write ({exc.strerror or exc}); "
                              "check the data directory's permissions") from None

    def damaged(self, problem: str) -> StateError:
        """The one-line error for a database that cannot be trusted, pointing to the backup."""
        if self.backup_path.is_file():
            hint = (f"the last good copy is {self.backup_path} (made after the last "
                    f"successful run): restore it with `cp {self.backup_path} {self.path}`")
        else:
            hint = f"there is no backup yet ({self.backup_path})"
        return StateError(f"{self.path}: the watch database {problem}; nothing was changed; "
                          f"{hint} (see the README: Recovering the watch database)")

    def backup(self) -> Path:
        """Copy the database to :attr:`backup_path` (consistent, atomic); returns it."""
        with atomic_path(self.backup_path) as tmp:
            copy = sqlite3.connect(tmp)
            try:
                self.conn.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                copy.close()
            for suffix in ("-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        return self.backup_path

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit: all of it is committed, or none of it (also on SIGKILL)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:  # SQLite may have rolled back already
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _migrate(self) -> None:
        self.conn.executescript(_SCHEMA)  # idempotent (IF NOT EXISTS)
        with self.transaction() as c:
            c.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                      (str(SCHEMA_VERSION),))
            row = c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            found = int(row[0])
            if found > SCHEMA_VERSION:
                raise ConfigError(
                    f"{self.path}: written by a newer sanctions-check (schema {row[0]}, "
                    f"this version knows {SCHEMA_VERSION})"
                )
            for version in range(found + 1, SCHEMA_VERSION + 1):  # in the same transaction
                for table, column, kind in _ADDED_COLUMNS.get(version, ()):
                    have = {r[1] for r in c.execute(f"PRAGMA table_info({table})")}
                    if column not in have:
                        c.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            if found < SCHEMA_VERSION:
                c.execute("UPDATE meta SET value=? WHERE key='schema_version'",
                          (str(SCHEMA_VERSION),))

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0])


def _is_access_error(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text
