"""The parse cache gives back exactly the list it was written for, or nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sanctions_check.lists import cache as listcache
from sanctions_check.lists.cache import read_cache, write_cache
from sanctions_check.lists.entries import SanctionsList


def test_round_trip_returns_an_equal_list(tmp_path: Path, un2024: SanctionsList) -> None:
    path = tmp_path / "v.cache"
    write_cache(path, un2024)
    cached = read_cache(path, un2024.sha256)
    assert cached is not None
    assert cached.entries == un2024.entries and cached.date_generated == un2024.date_generated


def test_cache_for_another_sha256_is_not_used(tmp_path: Path, un2024: SanctionsList) -> None:
    # the cache sits next to one stored version; asking for another version's hash must miss
    path = tmp_path / "v.cache"
    write_cache(path, un2024)
    assert read_cache(path, "0" * 64) is None


def test_cache_from_another_parser_version_is_rebuilt(
    tmp_path: Path, un2024: SanctionsList, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # a parser fix changes what entries hold: caches written before it must not be trusted
    path = tmp_path / "v.cache"
    write_cache(path, un2024)
    monkeypatch.setattr(listcache.unxml, "PARSER_VERSION", listcache.unxml.PARSER_VERSION + 1)
    assert read_cache(path, un2024.sha256) is None


def test_foreign_pickle_with_valid_checksum_is_refused(
    tmp_path: Path, un2024: SanctionsList
) -> None:
    # a well-formed cache file whose list does not carry the asked sha256 is rejected
    other = dataclasses.replace(un2024, sha256="f" * 64)
    path = tmp_path / "v.cache"
    write_cache(path, other)
    assert read_cache(path, un2024.sha256) is None


def test_missing_or_garbage_file_is_a_miss(tmp_path: Path) -> None:
    assert read_cache(tmp_path / "none.cache", "0" * 64) is None
    junk = tmp_path / "junk.cache"
    junk.write_bytes(b"\x80\x04not a cache at all")
    assert read_cache(junk, "0" * 64) is None


def test_every_record_comes_back_equal(tmp_path: Path, un2020: SanctionsList) -> None:
    # dates (as ordinals) and nested records (flat tables) are rebuilt field by field
    path = tmp_path / "v.cache"
    write_cache(path, un2020)
    cached = read_cache(path, un2020.sha256)
    assert cached == un2020 and cached.by_reference == un2020.by_reference
    assert [repr(e) for e in cached.entries] == [repr(e) for e in un2020.entries]


def test_an_old_pickle_cache_is_never_loaded(tmp_path: Path, un2024: SanctionsList) -> None:
    import hashlib
    import os
    import pickle

    proof = tmp_path / "code-ran"

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {proof}",))

    blob = pickle.dumps(Payload())
    path = tmp_path / "v.cache"  # the format of caches before packs, checksum and all
    path.write_bytes(b"SANCTIONS-CHECK-CACHE 1\n" + hashlib.sha256(blob).hexdigest().encode()
                     + b"\n" + blob)
    assert read_cache(path, un2024.sha256) is None and not proof.exists()


def test_a_pack_whose_tables_do_not_add_up_is_a_miss(tmp_path: Path,
                                                     un2024: SanctionsList) -> None:
    from sanctions_check.files.packfile import read_pack, write_pack

    path = tmp_path / "v.cache"
    write_cache(path, un2024)
    doc = read_pack(path, listcache.CACHE_KIND, listcache.cache_fingerprint())
    tables = dict(doc["tables"])
    tables["Name"] = tables["Name"][:-1]  # one alias short
    write_pack(path, listcache.CACHE_KIND, listcache.cache_fingerprint(),
               {**doc, "tables": tables})
    assert read_cache(path, un2024.sha256) is None
    tables["Name"] = (("only", "two"),)  # a record with the wrong number of fields
    write_pack(path, listcache.CACHE_KIND, listcache.cache_fingerprint(),
               {**doc, "tables": tables})
    assert read_cache(path, un2024.sha256) is None


def test_a_pack_with_an_unknown_vocabulary_value_is_a_miss(tmp_path: Path,
                                                           un2024: SanctionsList) -> None:
    # kinds and name types are read back through a lookup of their values: a value neither
    # vocabulary has makes the cache a miss (rebuilt), as Kind(...) / NameType(...) did
    from sanctions_check.files.packfile import read_pack, write_pack
    from sanctions_check.lists.entries import Entry, Name

    path = tmp_path / "v.cache"
    write_cache(path, un2024)
    doc = read_pack(path, listcache.CACHE_KIND, listcache.cache_fingerprint())
    for cls, field in ((Name, "name_type"), (Entry, "kind")):
        at = [f.name for f in dataclasses.fields(cls)].index(field)
        rows = list(doc["tables"][cls.__name__])
        rows[0] = (*rows[0][:at], "neither", *rows[0][at + 1 :])
        tables = {**doc["tables"], cls.__name__: tuple(rows)}
        write_pack(path, listcache.CACHE_KIND, listcache.cache_fingerprint(),
                   {**doc, "tables": tables})
        assert read_cache(path, un2024.sha256) is None
    write_pack(path, listcache.CACHE_KIND, listcache.cache_fingerprint(), doc)
    assert read_cache(path, un2024.sha256) == dataclasses.replace(un2024, provenance=None)
