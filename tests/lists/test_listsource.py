"""The list in force: --list FILE, else the installed list, else the bundled snapshot (never
for watch); its provenance, its age and the snapshot notice every command repeats."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from sanctions_check.cli import cli
from sanctions_check.errors import ListError
from sanctions_check.lists.provenance import ListOrigin
from sanctions_check.lists.source import load_list_in_force, snapshot_path
from sanctions_check.lists.store import ListStore

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
NOTICE = "run `sanctions-check lists update` for the current list"


def test_snapshot_is_the_one_copy_in_lists(un2024_path: Path) -> None:
    # package data is a link to lists/, so git holds the file once; lists/README.md
    # records its sha256 and dateGenerated
    assert snapshot_path().resolve() == un2024_path.resolve()
    sha = hashlib.sha256(snapshot_path().read_bytes()).hexdigest()
    readme = (REPO / "lists" / "README.md").read_text(encoding="utf-8")
    assert sha in readme and "2024-09-26T00:00:07.514Z" in readme


def test_nothing_installed_uses_the_snapshot(tmp_path: Path) -> None:
    store = ListStore(tmp_path / "data", clock=lambda: NOW)
    loaded = load_list_in_force(store)
    p = loaded.provenance
    assert p is not None and p.origin is ListOrigin.SNAPSHOT and p.confirmed_at is None
    assert loaded.date_generated == "2024-09-26T00:00:07.514Z" and len(loaded.entries) == 875
    # 2024-09-26 00:00:07 to 2026-12-06 12:00: 801 whole days
    assert p.notice(NOW) == f"bundled snapshot generated 2024-09-26, 801 days old: {NOTICE}"
    assert p.reason == f"no list is installed in {store.lists_dir}"
    with pytest.raises(ListError, match=r"the bundled snapshot generated 2024-09-26 is 801.5 "
                                         r"days old .* more than the allowed 30"):
        load_list_in_force(store, max_age_days=30)
    assert not store.lists_dir.exists()  # using the snapshot installs nothing


def test_installed_list_is_never_replaced_by_the_snapshot(tmp_path: Path,
                                                          un2020_path: Path) -> None:
    store = ListStore(tmp_path / "data", clock=lambda: NOW)
    store.import_file(un2020_path)  # older than the snapshot, and never confirmed
    loaded = load_list_in_force(store)
    p = loaded.provenance
    assert p is not None and p.origin is ListOrigin.INSTALLED and p.notice(NOW) is None
    assert loaded.date_generated.startswith("2020-03-20")
    with pytest.raises(ListError, match="installed list 20200320T230921Z-"):
        load_list_in_force(store, max_age_days=30)  # refused, not swapped for the snapshot


def test_watch_never_gets_the_snapshot(tmp_path: Path) -> None:
    store = ListStore(tmp_path / "data")
    with pytest.raises(ListError, match="no sanctions list is installed"):
        load_list_in_force(store, allow_snapshot=False)


def test_a_named_file_wins_and_is_as_old_as_its_date_generated(
    tmp_path: Path, un2020_path: Path, un2024_path: Path
) -> None:
    store = ListStore(tmp_path / "data", clock=lambda: NOW)
    store.import_file(un2024_path)
    loaded = load_list_in_force(store, un2020_path)
    p = loaded.provenance
    assert p is not None and p.origin is ListOrigin.FILE and p.confirmed_at is None
    generated = dt.datetime(2020, 3, 20, 23, 9, 21, 822000, tzinfo=dt.UTC)
    assert p.age(NOW) == NOW - generated


@pytest.mark.parametrize(
    "args",
    [
        ["match", "Kim Jong Sik"],  # exit 1: a hit, on the snapshot
        ["news", str(REPO / "samples" / "news" / "summit-delegation.txt")],
        ["screen", str(REPO / "samples" / "delegation.csv")],
    ],
)
def test_every_screening_command_announces_the_snapshot(tmp_path: Path,
                                                        args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "-q", *args])
    assert result.exit_code == 1, result.output
    # said every time, even with --quiet
    assert re.search(r"warning: bundled snapshot generated 2024-09-26, \d+ days old: "
                     + re.escape(NOTICE), result.stderr)
