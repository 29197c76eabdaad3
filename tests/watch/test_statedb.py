"""The watch database file: a newer schema, a file that is not an intact watch database, or
a database lost after its first creation is refused; backups restore it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sanctions_check.errors import ConfigError, StateError
from sanctions_check.watch.state import State


def test_newer_schema_and_garbage_files_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "w.sqlite"
    State(db).close()
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(ConfigError, match="newer"):
        State(db)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match="damaged or not a SQLite database"):
        State(junk)
    assert junk.read_bytes() == b"this is not a database" * 100


def test_a_schema_1_database_gains_the_decision_columns_and_keeps_its_rows(
        tmp_path: Path) -> None:
    # a database written before decisions kept their reason, date and list version: opening
    # it adds the columns (empty for the decisions already there) and records schema 2
    db = tmp_path / "w.sqlite"
    State(db).close()
    con = sqlite3.connect(db)
    for column in ("reason", "decision_date", "list_sha256"):
        con.execute(f"ALTER TABLE decisions DROP COLUMN {column}")
    con.execute("INSERT INTO decisions (query_norm, query, reference_number, decision, "
                "imported_at) VALUES ('ann', 'Ann', 'QDi.001', 'False positive', 'then')")
    con.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    con.commit()
    con.close()
    with State(db) as state:
        assert state.schema_version == 2
        (row,) = state.decisions()
        assert (row["query"], row["decision"], row["reason"], row["list_sha256"]) == (
            "Ann", "False positive", None, None)
    with State(db) as state:  # opening again changes nothing
        assert state.schema_version == 2 and len(state.decisions()) == 1


def test_first_creation_writes_the_marker_and_a_lost_database_is_an_error(
        tmp_path: Path) -> None:
    db = tmp_path / "watch.sqlite"
    with State(db) as state:
        state.begin_run()
    assert (tmp_path / "watch.sqlite.created").is_file()
    db.unlink()
    with pytest.raises(StateError, match=r"is missing, but it was created before \(on 20"):
        State(db)
    assert not db.exists()  # not re-created behind the user's back


def test_an_existing_database_of_an_earlier_version_gets_its_marker(tmp_path: Path) -> None:
    db = tmp_path / "watch.sqlite"
    State(db).close()
    (tmp_path / "watch.sqlite.created").unlink()  # as if written before markers existed
    State(db).close()
    assert (tmp_path / "watch.sqlite.created").is_file()


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b"", "is empty"),  # a disk-full or truncating copy: would start a new history
        (None, "holds no watch history"),  # a SQLite file, but not ours
    ],
)
def test_empty_or_foreign_databases_are_refused(tmp_path: Path, content: bytes | None,
                                                expect: str) -> None:
    db = tmp_path / "watch.sqlite"
    if content is None:
        with sqlite3.connect(db) as con:
            con.execute("CREATE TABLE other (x)")
        con.close()
    else:
        db.write_bytes(content)
    before = db.read_bytes()
    with pytest.raises(StateError, match=expect):
        State(db)
    assert db.read_bytes() == before


def test_backup_is_a_complete_single_file_copy_and_restores(tmp_path: Path) -> None:
    db = tmp_path / "watch.sqlite"
    with State(db) as state:
        run_id, _ = state.begin_run()
        state.finish_run(run_id, "done")
        backup = state.backup()
    assert backup == tmp_path / "watch.sqlite.bak"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "watch.sqlite", "watch.sqlite.bak", "watch.sqlite.created"]
    db.write_bytes(b"")
    with pytest.raises(StateError, match=r"last good copy is .*watch\.sqlite\.bak"):
        State(db)
    db.write_bytes(backup.read_bytes())
    with State(db) as state:
        assert [r.status for r in state.runs()] == ["done"]
