"""The watch database file: a newer schema or a file that is not a database is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sanctions_check.errors import ConfigError
from sanctions_check.state import State


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
    with pytest.raises(ConfigError, match="not a usable watch database"):
        State(junk)
