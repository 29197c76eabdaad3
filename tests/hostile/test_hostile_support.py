"""The hostile suite's own helpers do what the cases rely on."""

from __future__ import annotations

from pathlib import Path

from hostile_support import GIB, run_cli, tree_digest


def test_run_cli_reports_code_and_lines(tmp_path: Path) -> None:
    # --version needs no list: exit 0, version on stdout
    run = run_cli("--version", data_dir=tmp_path / "data", memory_bytes=4 * GIB)
    assert run.code == 0 and "sanctions-check" in run.stdout


def test_tree_digest_sees_every_byte(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"x")
    before = tree_digest(tmp_path)
    (tmp_path / "a").write_bytes(b"y")
    assert tree_digest(tmp_path) != before and tree_digest(tmp_path / "missing") == {}
