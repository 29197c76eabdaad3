"""Atomic writes: all or nothing under the final name, and the usual file mode."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sanctions_check.files.atomic import atomic_path, atomic_write_text


def test_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    atomic_write_text(target, "old\n")
    atomic_write_text(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_failure_keeps_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "review.xlsx"
    target.write_text("previous")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half-writ")
        raise RuntimeError("interrupted")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["review.xlsx"]


def test_new_file_gets_umask_mode_not_owner_only(tmp_path: Path) -> None:
    # mkstemp creates 0600 files; reviewers sharing a folder must be able to read reports
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "b.txt"
    target.write_text("x")
    target.chmod(0o640)
    atomic_write_text(target, "y")
    assert target.stat().st_mode & 0o777 == 0o640
