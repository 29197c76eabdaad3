"""The ``watch`` database itself: SQLite file, schema, migrations and transactions.

Contract: :class:`StateDB` opens (or creates) the database file in WAL mode with
``synchronous=FULL`` (stdlib ``sqlite3``), creates the tables of :data:`_SCHEMA` if they
are missing and records :data:`SCHEMA_VERSION`; a file written by a newer version, or
one that is not a SQLite database, raises :class:`~sanctions_check.errors.ConfigError`
with one line naming it.  :meth:`StateDB.transaction` is one atomic unit
(``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any exception), so a process killed
at any point (SIGKILL) leaves the database as it was after the last commit.
:class:`sanctions_check.state.State` adds the queries on top of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from sanctions_check.errors import ConfigError

SCHEMA_VERSION = 1

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
    superseded_run INTEGER,          -- set when the entry was amended (hit re-opened)
    UNIQUE (query_norm, reference_number)
);
"""


class StateDB:
    """The watch database connection; use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{self.path}: not a usable watch database: {exc}") from None

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
            if int(row[0]) > SCHEMA_VERSION:
                raise ConfigError(
                    f"{self.path}: written by a newer sanctions-check (schema {row[0]}, "
                    f"this version knows {SCHEMA_VERSION})"
                )

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0])
