"""The parse cache gives back exactly the list it was written for, or nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sanctions_check import listcache
from sanctions_check.entries import SanctionsList
from sanctions_check.listcache import read_cache, write_cache


def test_round_trip_returns_an_equal_list(tmp_path: Path, un2024: SanctionsList) -> None:
    path = tmp_path / "v.pickle"
    write_cache(path, un2024)
    cached = read_cache(path, un2024.sha256)
    assert cached is not None
    assert cached.entries == un2024.entries and cached.date_generated == un2024.date_generated


def test_cache_for_another_sha256_is_not_used(tmp_path: Path, un2024: SanctionsList) -> None:
    # the cache sits next to one stored version; asking for another version's hash must miss
    path = tmp_path / "v.pickle"
    write_cache(path, un2024)
    assert read_cache(path, "0" * 64) is None


def test_cache_from_another_parser_version_is_rebuilt(
    tmp_path: Path, un2024: SanctionsList, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # a parser fix changes what entries hold: caches written before it must not be trusted
    path = tmp_path / "v.pickle"
    write_cache(path, un2024)
    monkeypatch.setattr(listcache.unxml, "PARSER_VERSION", listcache.unxml.PARSER_VERSION + 1)
    assert read_cache(path, un2024.sha256) is None


def test_foreign_pickle_with_valid_checksum_is_refused(
    tmp_path: Path, un2024: SanctionsList
) -> None:
    # a well-formed cache file whose list does not carry the asked sha256 is rejected
    other = dataclasses.replace(un2024, sha256="f" * 64)
    path = tmp_path / "v.pickle"
    write_cache(path, other)
    assert read_cache(path, un2024.sha256) is None


def test_missing_or_garbage_file_is_a_miss(tmp_path: Path) -> None:
    assert read_cache(tmp_path / "none.pickle", "0" * 64) is None
    junk = tmp_path / "junk.pickle"
    junk.write_bytes(b"\x80\x04not a cache at all")
    assert read_cache(junk, "0" * 64) is None
