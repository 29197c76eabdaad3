"""The stored versions: an empty store, resolving versions, the parse cache, the data directory."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sanctions_check.errors import ListError
from sanctions_check.lists.cache import read_cache
from sanctions_check.lists.store import INSTALLED, ListStore
from sanctions_check.lists.versions import DATA_DIR_ENV, default_data_dir

NOW = dt.datetime(2024, 9, 27, 8, 0, tzinfo=dt.UTC)  # whole seconds, as manifests keep times


@pytest.fixture()
def store(tmp_path: Path) -> ListStore:
    return ListStore(tmp_path / "data", clock=lambda: NOW)


@pytest.fixture()
def installed(store: ListStore, un2024_path: Path) -> ListStore:
    assert store.import_file(un2024_path).status == INSTALLED
    return store


def test_empty_store_says_how_to_get_a_list(store: ListStore) -> None:
    assert store.current() is None and store.versions() == [] and store.age() is None
    with pytest.raises(ListError) as info:
        store.load()
    message = str(info.value)
    assert "sanctions-check lists update" in message
    assert "sanctions-check lists import FILE" in message


def test_resolve(store: ListStore, un2020_path: Path, un2024_path: Path) -> None:
    old = store.import_file(un2020_path).version
    new = store.import_file(un2024_path).version
    assert store.resolve(new.id) == new
    assert store.resolve("2020").id == old.id  # unique prefix of the id
    assert store.resolve(new.sha256[:8]).id == new.id  # sha256 prefix
    assert store.resolve("current").id == new.id
    with pytest.raises(ListError, match="ambiguous"):
        store.resolve("20")
    with pytest.raises(ListError, match="no stored list version 'zzz'"):
        store.resolve("zzz")
    assert store.load(old.id).counts()["persons"] == 709


# -- the parse cache --------------------------------------------------------------------


def test_cache_is_written_on_install_and_used(installed: ListStore) -> None:
    current = installed.current()
    assert current is not None
    cache = installed.cache_path(current)
    assert cache.is_file()
    first = installed.load()
    # moving the XML away proves the cache alone served the load
    moved = current.path.rename(current.path.with_suffix(".away"))
    assert installed.load() == first
    moved.rename(current.path)


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"garbage",  # not a cache at all
        lambda blob: blob[: len(blob) // 2],  # truncated: checksum fails
        lambda blob: blob[:-10] + b"0123456789",  # flipped bytes: checksum fails
        lambda blob: b"",  # empty
    ],
)
def test_corrupt_cache_is_rebuilt(installed: ListStore, damage) -> None:  # type: ignore[no-untyped-def]
    current = installed.current()
    assert current is not None
    cache = installed.cache_path(current)
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    loaded = installed.load()
    assert loaded.counts()["persons"] == 682 and loaded.sha256 == current.sha256
    assert read_cache(cache, current.sha256) is not None  # rebuilt and valid again


def test_cache_of_another_version_is_not_trusted(
    store: ListStore, un2020_path: Path, un2024_path: Path
) -> None:
    old = store.import_file(un2020_path).version
    new = store.import_file(un2024_path).version
    # a valid cache, but for the 2020 list, sitting under the 2024 name
    shutil.copyfile(store.cache_path(old), store.cache_path(new))
    loaded = store.load()
    assert loaded.sha256 == new.sha256 and loaded.counts()["persons"] == 682


# -- the data directory -------------------------------------------------------------------


def test_default_data_dir_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "x"))
    assert default_data_dir() == tmp_path / "x"
    assert ListStore.default().data_dir == tmp_path / "x"


def test_default_data_dir_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert default_data_dir() == Path(
        platformdirs.user_data_dir("sanctions-check", appauthor=False)
    )
