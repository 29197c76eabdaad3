"""The list store: validated installs, manifests, ages, repairs of damaged files, locking."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from pathlib import Path

import pytest
from listserver import BILLION_LAUGHS, HTML_PAGE

from sanctions_check.errors import ListError, LockedError
from sanctions_check.lists.store import (
    INSTALLED,
    REINSTATED,
    UNCHANGED,
    ListStore,
)


class Clock:
    """A settable clock so that ages can be tested without waiting."""

    def __init__(self) -> None:
        self.now = dt.datetime(2024, 9, 27, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


def cut_entries(real: bytes, keep: int) -> bytes:
    """The real file with only its first ``keep`` individuals (entities untouched)."""
    text = real.decode("utf-8")
    start, end = text.index("<INDIVIDUAL>"), text.index("</INDIVIDUALS>")
    blocks = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text[start:end], re.S)
    return (text[:start] + "".join(blocks[:keep]) + text[end:]).encode("utf-8")


def snapshot(store: ListStore) -> dict[str, bytes]:
    """Every file of the store and its bytes (the lock file is only a lock)."""
    return {
        str(p.relative_to(store.data_dir)): p.read_bytes()
        for p in sorted(store.data_dir.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def store(tmp_path: Path, clock: Clock) -> ListStore:
    return ListStore(tmp_path / "data", clock=clock)


@pytest.fixture()
def installed(store: ListStore, un2024_path: Path) -> ListStore:
    """The 2024 list installed by `lists update` from a file:// mirror, so confirmed now."""
    assert store.update(un2024_path.as_uri()).status == INSTALLED
    return store


def test_import_installs_with_manifest(store: ListStore, un2024_path: Path) -> None:
    assert store.import_file(un2024_path).status == INSTALLED
    installed = store
    data = un2024_path.read_bytes()
    current = installed.current()
    assert current is not None and current.current
    assert current.sha256 == hashlib.sha256(data).hexdigest()
    assert current.id == f"20240926T000007Z-{current.sha256[:12]}"
    assert current.path == installed.lists_dir / "versions" / f"{current.id}.xml"
    assert current.path.read_bytes() == data  # stored exactly as received
    manifest = json.loads(current.path.with_suffix(".json").read_text())
    assert manifest["date_generated"] == "2024-09-26T00:00:07.514Z"
    assert manifest["counts"] == {
        "persons": 682, "organisations": 193, "aliases": 2703, "entries": 875,
    }
    assert manifest["source_url"] == str(un2024_path.resolve())
    assert manifest["retrieved_at"] == "2024-09-27T08:00:00Z"
    assert manifest["confirmed_at"] is None  # a file is not its source's confirmation
    pointer = json.loads((installed.lists_dir / "current.json").read_text())
    assert pointer["version"] == current.id
    loaded = installed.load()
    assert loaded.counts()["persons"] == 682 and loaded.sha256 == current.sha256
    assert loaded.get("KPi.038").primary_name == "CHO CHUN RYONG"  # type: ignore[union-attr]


def test_same_content_is_confirmed_not_stored_twice(
    installed: ListStore, un2024_path: Path, clock: Clock
) -> None:
    first = installed.current()
    assert first is not None
    clock.advance(days=3)
    assert installed.age() == dt.timedelta(days=3)
    result = installed.update(un2024_path.as_uri())
    assert result.status == UNCHANGED and not result.changed
    assert result.version.confirmed_at == clock.now
    assert result.version.retrieved_at == first.retrieved_at  # the first retrieval stays
    assert installed.age() == dt.timedelta(0)  # confirmed unchanged: fresh again
    assert len(list(installed.versions_dir.glob("*.xml"))) == 1


def test_a_confirmation_records_the_source_that_gave_it(
    store: ListStore, un2024_path: Path, tmp_path: Path
) -> None:
    # imported from a file, then confirmed current by a mirror: `lists info` shows the
    # confirmation beside its source, so the source is the mirror, not the imported file
    store.import_file(un2024_path)
    mirror = tmp_path / "mirror" / "consolidated.xml"
    mirror.parent.mkdir()
    mirror.write_bytes(un2024_path.read_bytes())
    result = store.update(mirror.as_uri())
    assert result.status == UNCHANGED and result.version.confirmed_at is not None
    assert store.current().source_url == mirror.as_uri()  # type: ignore[union-attr]
    store.import_file(un2024_path)  # an import confirms nothing: the source stays the mirror
    assert store.current().source_url == mirror.as_uri()  # type: ignore[union-attr]


def test_import_never_confirms(installed: ListStore, un2024_path: Path, clock: Clock) -> None:
    # the same content imported again 3 days after the update: the update's confirmation
    # stands and the list stays 3 days old
    clock.advance(days=3)
    result = installed.import_file(un2024_path)
    assert result.status == UNCHANGED
    assert result.version.confirmed_at == dt.datetime(2024, 9, 27, 8, 0, tzinfo=dt.UTC)
    assert installed.age() == dt.timedelta(days=3)


def test_imported_list_is_as_old_as_its_date_generated(
    store: ListStore, un2020_path: Path, clock: Clock
) -> None:
    store.import_file(un2020_path)
    current = store.current()
    assert current is not None and current.confirmed_at is None
    # dateGenerated 2020-03-20T19:09:21.822-04:00, the clock 2024-09-27 08:00 UTC
    generated = dt.datetime(2020, 3, 20, 23, 9, 21, 822000, tzinfo=dt.UTC)
    assert store.age() == clock.now - generated
    with pytest.raises(ListError, match=r"is 1651.4 days old \(since its dateGenerated 2020-03-20"):
        store.load(max_age_days=30)


def test_newer_version_is_installed_and_older_needs_force(
    store: ListStore, un2020_path: Path, un2024_path: Path
) -> None:
    first = store.import_file(un2020_path)
    second = store.import_file(un2024_path)  # 875 entries vs 1014: 86 %, above the 80 % floor
    assert second.status == INSTALLED and second.changed
    assert second.previous is not None and second.previous.id == first.version.id
    assert [v.id for v in store.versions()] == [first.version.id, second.version.id]
    assert [v.current for v in store.versions()] == [False, True]
    before = snapshot(store)
    # the clock is 2024-09-27 08:00 UTC: the 2020-03-20 list was generated 1651 days before
    with pytest.raises(ListError, match=r"\(1651 days ago\), older than the installed list.*--force"):
        store.import_file(un2020_path)
    assert snapshot(store) == before
    back = store.import_file(un2020_path, force=True)
    assert back.status == REINSTATED and back.version.id == first.version.id
    assert store.load().counts()["persons"] == 709
    assert len(store.versions()) == 2


def test_implausibly_small_list_needs_force(
    installed: ListStore, un2024_path: Path, tmp_path: Path
) -> None:
    small = tmp_path / "small.xml"
    small.write_bytes(cut_entries(un2024_path.read_bytes(), 400))  # 593 of 875 entries: 68 %
    before = snapshot(installed)
    with pytest.raises(ListError, match=r"has 593 entries, fewer than 80% of the 875"):
        installed.import_file(small)
    assert snapshot(installed) == before
    assert installed.import_file(small, force=True).status == INSTALLED
    assert installed.load().counts()["persons"] == 400


def test_slightly_smaller_list_is_accepted(
    installed: ListStore, un2024_path: Path, tmp_path: Path
) -> None:
    # 1 fewer than 80 % needs force; 80 % exactly is fine: 682 - 175 = 507 persons -> 700 entries
    ok = tmp_path / "ok.xml"
    ok.write_bytes(cut_entries(un2024_path.read_bytes(), 507))
    assert installed.import_file(ok).status == INSTALLED


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 50, "not well-formed XML"),
        (BILLION_LAUGHS, "refused unsafe XML"),
        (HTML_PAGE, "this is an HTML page"),  # a maintenance page, called so
        (b"<feed><entry/></feed>", "not a UN consolidated list"),
        (None, "not well-formed XML"),  # the real file cut in half: a partial download
    ],
)
def test_invalid_files_leave_the_store_byte_identical(
    installed: ListStore, un2024_path: Path, tmp_path: Path, content: bytes | None, expect: str
) -> None:
    bad = tmp_path / "bad.xml"
    real = un2024_path.read_bytes()
    bad.write_bytes(real[: len(real) // 2] if content is None else content)
    before = snapshot(installed)
    with pytest.raises(ListError, match=expect) as info:
        installed.import_file(bad)
    assert "\n" not in str(info.value)
    assert snapshot(installed) == before


def test_import_missing_file(store: ListStore, tmp_path: Path) -> None:
    with pytest.raises(ListError, match="no such list file"):
        store.import_file(tmp_path / "nope.xml")
    assert not store.data_dir.exists()  # nothing created for a failed import


def test_max_age(installed: ListStore, clock: Clock) -> None:
    clock.advance(days=8)
    with pytest.raises(ListError, match=r"is 8 days old \(since its source confirmed it current"):
        installed.load(max_age_days=7)
    assert installed.load(max_age_days=30).counts()["persons"] == 682
    assert installed.load().counts()["persons"] == 682  # no limit asked


def test_refresh_if_older(installed: ListStore, un2024_path: Path, clock: Clock) -> None:
    url = un2024_path.as_uri()
    clock.advance(hours=5)
    assert installed.refresh_if_older(6, url=url) is None  # fresh enough: no download
    clock.advance(hours=2)
    result = installed.refresh_if_older(6, url=url)
    assert result is not None and result.status == UNCHANGED
    assert installed.age() == dt.timedelta(0)


def test_refresh_installs_when_empty(store: ListStore, un2024_path: Path) -> None:
    result = store.refresh_if_older(24, url=un2024_path.as_uri())
    assert result is not None and result.status == INSTALLED
    assert result.version.source_url == un2024_path.as_uri()


def test_damaged_stored_list_is_reported_and_repaired(
    installed: ListStore, un2024_path: Path
) -> None:
    current = installed.current()
    assert current is not None
    installed.cache_path(current).unlink()
    current.path.write_bytes(current.path.read_bytes().replace(b">JONG SIK<", b">JONG SIX<"))
    with pytest.raises(ListError, match="damaged.*sha256.*lists update"):
        installed.load()
    assert installed.import_file(un2024_path).status == UNCHANGED  # same content: rewritten
    assert installed.load().get("KPi.066").primary_name == "KIM JONG SIK"  # type: ignore[union-attr]


def test_damaged_pointer_is_reported_and_repaired(installed: ListStore, un2024_path: Path) -> None:
    (installed.lists_dir / "current.json").write_text("{not json")
    with pytest.raises(ListError, match="damaged current-version pointer"):
        installed.load()
    assert installed.import_file(un2024_path).status == REINSTATED
    assert installed.load().counts()["organisations"] == 193


# -- locking and concurrency --------------------------------------------------------------


def test_locked_store(installed: ListStore, un2024_path: Path, clock: Clock) -> None:
    other = ListStore(installed.data_dir, clock=clock)
    other.lock_timeout = 0.2
    with installed.lock(), pytest.raises(LockedError, match="another process is updating"):
        other.import_file(un2024_path)


def test_deleting_the_lock_file_lets_no_second_install_in(
    installed: ListStore, un2020_path: Path, tmp_path: Path
) -> None:
    # another process holds the store's lock; a clean-up job deletes lists/.lock meanwhile:
    # the lock is held on the open lists/ directory, so a second install still waits
    import os
    import subprocess
    import sys
    import time

    from conftest import REPO

    marker = tmp_path / "holding"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom pathlib import Path\n"
         "from sanctions_check.lists.store import ListStore\n"
         "with ListStore(sys.argv[1]).lock():\n"
         "    Path(sys.argv[2]).write_text('held')\n"
         "    time.sleep(60)\n", str(installed.data_dir), str(marker)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        while not marker.exists():  # waits for the holder, asserts nothing about time
            assert holder.poll() is None, "the holder ended before taking the lock"
            time.sleep(0.05)
        (installed.lists_dir / ".lock").unlink()
        before = snapshot(installed)
        other = ListStore(installed.data_dir)
        other.lock_timeout = 0.3
        with pytest.raises(LockedError, match="another process is updating"):
            other.import_file(un2020_path, force=True)
        assert snapshot(installed) == before
    finally:
        holder.kill()
        holder.wait()
    # the kernel released the killed holder's lock: the install goes ahead now
    assert ListStore(installed.data_dir).import_file(un2020_path, force=True).status == INSTALLED


def test_concurrent_imports_leave_a_consistent_store(
    store: ListStore, un2020_path: Path, un2024_path: Path, clock: Clock
) -> None:
    errors: list[BaseException] = []

    def run(path: Path) -> None:
        try:
            ListStore(store.data_dir, clock=clock).import_file(path, force=True)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in (un2020_path, un2024_path) * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.versions()) == 2
    assert store.load().sha256 in {v.sha256 for v in store.versions()}


# -- pruning -------------------------------------------------------------------------


@pytest.fixture()
def two_stored(store: ListStore, un2020_path: Path, un2024_path: Path) -> ListStore:
    store.import_file(un2020_path)
    store.import_file(un2024_path)  # current
    return store


def test_prune_keeps_the_current_and_the_newest(two_stored: ListStore) -> None:
    old, new = two_stored.versions()
    before = snapshot(two_stored)
    dry = two_stored.prune(keep=0, dry_run=True)
    assert [v.id for v in dry.removed] == [old.id] and [v.id for v in dry.kept] == [new.id]
    assert dry.freed > old.size  # the XML, its manifest and its parse cache
    assert snapshot(two_stored) == before  # a dry run removes nothing
    assert two_stored.prune(keep=1).removed == ()  # one version besides the current: kept
    done = two_stored.prune(keep=0)
    assert [v.id for v in done.removed] == [old.id] and done.freed == dry.freed
    assert [v.id for v in two_stored.versions()] == [new.id]
    assert sorted(p.name for p in two_stored.versions_dir.iterdir()) == sorted(
        f"{new.id}{suffix}" for suffix in (".json", ".cache", ".xml")
    )
    assert two_stored.load().sha256 == new.sha256
    with pytest.raises(ListError, match="no stored list version"):
        two_stored.resolve(old.id)


def test_prune_never_removes_the_current_version(
    two_stored: ListStore, un2020_path: Path
) -> None:
    # back to the older list (with --force): it stays although it is not the newest
    assert two_stored.import_file(un2020_path, force=True).status == REINSTATED
    old, new = two_stored.versions()
    assert two_stored.prune(keep=1).removed == ()  # the newer one is the one other kept
    result = two_stored.prune(keep=0)
    assert [v.id for v in result.removed] == [new.id]
    assert [v.id for v in two_stored.versions()] == [old.id]
    assert two_stored.current().id == old.id  # type: ignore[union-attr]


def test_prune_with_a_damaged_pointer_removes_nothing(two_stored: ListStore) -> None:
    (two_stored.lists_dir / "current.json").write_text("{not json", encoding="utf-8")
    before = snapshot(two_stored)
    with pytest.raises(ListError, match="current-version pointer"):
        two_stored.prune(keep=0)
    assert snapshot(two_stored) == before


def test_prune_keeps_the_newest_others(
    store: ListStore, un2020_path: Path, un2024_path: Path, clock: Clock, tmp_path: Path
) -> None:
    small = tmp_path / "small.xml"
    small.write_bytes(cut_entries(un2024_path.read_bytes(), 600))  # same date, other content
    store.import_file(un2020_path)
    clock.advance(days=1)
    store.import_file(small, force=True)
    clock.advance(days=1)
    store.import_file(un2024_path)  # current
    oldest, middle, current = store.versions()
    assert current.current and middle.counts["persons"] == 600
    result = store.prune(keep=1)
    assert [v.id for v in result.removed] == [oldest.id]
    assert [v.id for v in result.kept] == [middle.id, current.id]


def test_a_list_generated_in_the_future_is_refused_even_forced(
    installed: ListStore, tmp_path: Path, un2024_path: Path, clock: Clock
) -> None:
    text = un2024_path.read_bytes().replace(b"2024-09-26T00:00:07.514Z", b"2024-09-29T00:00:00Z")
    future = tmp_path / "future.xml"
    future.write_bytes(text)
    before = snapshot(installed)
    for force in (False, True):  # the clock says 2024-09-27 08:00: two days ahead is too far
        with pytest.raises(ListError, match=r"generated 2024-09-29T00:00:00Z, which is in the "
                                            r"future \(more than 1 day, 0:00:00 ahead"):
            installed.import_file(future, force=force)
    assert snapshot(installed) == before
    clock.advance(days=1)  # now within a day (the clock-skew allowance): a normal install
    assert installed.import_file(future).status == INSTALLED


def test_an_installed_list_from_the_future_does_not_block_updates(
    store: ListStore, tmp_path: Path, un2024_path: Path, un2020_path: Path, clock: Clock
) -> None:
    future = tmp_path / "future.xml"
    future.write_bytes(un2024_path.read_bytes().replace(b"2024-09-26T00:00:07.514Z",
                                                        b"2099-01-01T00:00:00Z"))
    clock.now = dt.datetime(2099, 1, 1, tzinfo=dt.UTC)  # installed while the clock was wrong
    store.import_file(future)
    clock.now = dt.datetime(2024, 9, 27, 8, 0, tzinfo=dt.UTC)
    assert store.import_file(un2020_path).status == INSTALLED  # no --force needed


def test_prune_removes_stale_temporary_files_only(two_stored: ListStore) -> None:
    import os
    import time

    stale = two_stored.versions_dir / ".x.xml.abc.tmp"
    fresh = two_stored.lists_dir / ".current.json.def.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    dry = two_stored.prune(keep=5, dry_run=True)
    assert dry.temporary == (stale,) and stale.exists()
    done = two_stored.prune(keep=5)
    assert done.temporary == (stale,) and not stale.exists() and fresh.exists()


def test_prune_never_removes_outside_the_store(two_stored: ListStore, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("x")
    assert two_stored._remove(two_stored.versions_dir / ".." / ".." / ".." / "victim.txt",
                              dry_run=False) == 0
    assert victim.exists()
    link = two_stored.versions_dir / "link.xml"  # a link inside the store: only it goes
    link.symlink_to(victim)
    assert two_stored._remove(link, dry_run=False) > 0
    assert victim.exists() and not link.exists()


def test_prune_leaves_a_folder_in_place_of_a_version_file(
    two_stored: ListStore, package_log: pytest.LogCaptureFixture
) -> None:
    # a folder where the old version's XML was (made by hand): pruning removes the version's
    # files and leaves the folder with a warning, instead of stopping half-way with an error
    old, new = two_stored.versions()
    old.path.unlink()
    old.path.mkdir()
    (old.path / "keep.txt").write_text("someone's file")
    result = two_stored.prune(keep=0)
    assert [v.id for v in result.removed] == [old.id]
    assert [v.id for v in two_stored.versions()] == [new.id]
    assert (old.path / "keep.txt").read_text() == "someone's file"
    assert "a folder, not a file of the list store; not removed" in package_log.text


def test_an_old_pickle_cache_is_removed_not_read(installed: ListStore) -> None:
    current = installed.current()
    assert current is not None
    legacy = current.path.with_suffix(".pickle")  # left by versions before pack caches
    legacy.write_bytes(b"\x80\x04anything")
    installed.cache_path(current).unlink()
    assert installed.load().sha256 == current.sha256  # re-parsed, cache rewritten
    assert not legacy.exists() and installed.cache_path(current).is_file()
