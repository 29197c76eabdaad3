"""Pack files give back exactly what was written for their kind and fingerprint, or None;
nothing in a planted file can run code."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import msgpack
import pytest

from sanctions_check.files import packfile
from sanctions_check.files.packfile import (
    PACK_MAGIC,
    PackedMap,
    PackedRows,
    read_pack,
    write_pack,
)

VALUE = {"rows": [(1, "a", None), (2, "b", 1.5)], "blob": b"\x00\xff", "text": "Ri Won Ho"}


def test_round_trip_gives_tuples_for_arrays(tmp_path: Path) -> None:
    write_pack(tmp_path / "p", "test", "fp1", VALUE)
    back = read_pack(tmp_path / "p", "test", "fp1")
    assert back == {**VALUE, "rows": ((1, "a", None), (2, "b", 1.5))}


@pytest.mark.parametrize(
    ("kind", "fingerprint"),
    [
        ("index", "fp1"),  # a pack of another kind (e.g. a built index) is not a parse cache
        ("test", "fp2"),  # written by another version: its shape may differ
    ],
)
def test_another_kind_or_fingerprint_is_a_miss(tmp_path: Path, kind: str,
                                               fingerprint: str) -> None:
    write_pack(tmp_path / "p", "test", "fp1", VALUE)
    assert read_pack(tmp_path / "p", kind, fingerprint) is None


def damaged(blob: bytes, how: str) -> bytes:
    if how == "flipped":
        return blob[:-5] + bytes([blob[-5] ^ 1]) + blob[-4:]
    if how == "truncated":
        return blob[:-10]
    if how == "no header":
        return PACK_MAGIC + b"\n" + blob
    if how == "header not json":
        return PACK_MAGIC + b"{not json\n" + b"x" * 10
    return b"\x80\x04junk"  # not a pack at all


@pytest.mark.parametrize("how", ["flipped", "truncated", "no header", "header not json",
                                 "junk"])
def test_damaged_files_are_a_miss(tmp_path: Path, how: str) -> None:
    path = tmp_path / "p"
    write_pack(path, "test", "fp1", VALUE)
    path.write_bytes(damaged(path.read_bytes(), how))
    assert read_pack(path, "test", "fp1") is None
    assert read_pack(tmp_path / "missing", "test", "fp1") is None


def test_a_file_of_the_sha256_format_is_rebuilt_quietly(
    tmp_path: Path, package_log: pytest.LogCaptureFixture
) -> None:
    # format 1 (a sha256 checksum; before the CRC-32): the first run after an upgrade
    # rebuilds the caches, with an info message, not a warning about a foreign file
    import hashlib
    import json

    payload = msgpack.packb(VALUE, use_bin_type=True)
    head = {"kind": "test", "fingerprint": "fp1", "size": len(payload),
            "sha256": hashlib.sha256(payload).hexdigest()}
    path = tmp_path / "p"
    path.write_bytes(b"SANCTIONS-CHECK-PACK 1\n" + json.dumps(head).encode() + b"\n" + payload)
    assert read_pack(path, "test", "fp1") is None
    assert [r.levelname for r in package_log.records] == ["INFO"]
    assert "another pack format" in package_log.text


class Payload:
    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.proof}",))


def test_a_planted_pickle_with_a_valid_header_never_runs(tmp_path: Path) -> None:
    # whoever can write the data directory writes a pickle where the pack should be, with a
    # header that matches: the bytes are decoded as msgpack (or refused), never unpickled
    import json
    import zlib

    proof = tmp_path / "code-ran"
    payload = pickle.dumps(Payload(proof))
    head = {"kind": "test", "fingerprint": "fp1", "size": len(payload),
            "crc32": zlib.crc32(payload)}
    path = tmp_path / "p"
    path.write_bytes(PACK_MAGIC + json.dumps(head).encode() + b"\n" + payload)
    value = read_pack(path, "test", "fp1")
    assert not proof.exists()
    assert value is None or not isinstance(value, dict)  # at most plain msgpack values


def test_ext_types_are_only_decoded_by_the_callers_hook(tmp_path: Path) -> None:
    write_pack(tmp_path / "p", "test", "fp1", [msgpack.ExtType(5, b"42")])
    assert read_pack(tmp_path / "p", "test", "fp1") == (msgpack.ExtType(5, b"42"),)
    hooked = read_pack(tmp_path / "p", "test", "fp1", ext_hook=lambda code, data: int(data))
    assert hooked == (42,)


def _packed(table: dict[str, object]) -> PackedMap:
    """``table`` packed and loaded back as an index file holds it (tuples for lists)."""
    size, buckets = msgpack.unpackb(msgpack.packb(PackedMap.pack(table)), use_list=False)
    return PackedMap(size, buckets)


def test_a_packed_map_reads_like_the_dict_it_was_packed_from() -> None:
    table = {f"w{i:04d}": [f"u{i}", f"v{i}"] for i in range(1000)} | {"": [], "é": ["x"]}
    packed = _packed(table)
    assert len(packed) == len(table)
    assert packed["w0042"] == ("u42", "v42") and packed.get("é") == ("x",)
    assert packed.get("missing") is None and packed.get("missing", ()) == ()
    assert "w0999" in packed and "" in packed and "nope" not in packed
    assert 42 not in packed and packed.get(42) is None  # not a str key: never stored
    with pytest.raises(KeyError):
        packed["nope"]
    assert list(packed) == list(table)  # the dict's order
    assert packed == {k: tuple(v) for k, v in table.items()}


def test_a_lookup_unpacks_only_its_bucket_until_many_are_read() -> None:
    # a one-off query reads a few keys of a large table: only their buckets are unpacked;
    # a screen looks up many (most of them absent: typo keys), and after FULL_AFTER lookups
    # the buckets read so far do not answer, the table is unpacked once
    table = {f"k{i}": i for i in range(4000)}
    packed = _packed(table)
    assert packed["k7"] == 7 and packed.get("k8") == 8
    assert 1 <= len(packed._opened) <= 2
    assert len(packed._got) < 50
    for i in range(PackedMap.FULL_AFTER - packed._lookups):
        assert packed.get(f"absent{i}") is None
    assert packed._full is None
    assert packed.get("absent") is None and packed._full == table
    assert packed["k3999"] == 3999


def test_a_packed_map_refuses_foreign_buckets() -> None:
    with pytest.raises(ValueError):
        PackedMap(1, ())
    with pytest.raises(ValueError):
        PackedMap("1", (msgpack.packb([]),))  # type: ignore[arg-type]
    packed = PackedMap(1, (msgpack.packb([[0, 1, 2]]),))  # a key that is not a str
    with pytest.raises(ValueError):
        packed.get("a")


def test_a_lookup_racing_the_bucket_opened_by_another_thread_finds_its_key() -> None:
    # a service answers queries in threads: between one thread's miss among the unpacked rows
    # and its check of the bucket, another may unpack the bucket; the key is then found
    packed = _packed({f"k{i}": i for i in range(100)})

    class Racing(dict):  # the other thread runs right after this thread's first miss
        raced = False

        def get(self, key: object, default: object = None) -> object:
            value = super().get(key, default)
            if not Racing.raced:
                Racing.raced = True
                assert packed.get("k42") == 42  # the other thread opens the bucket
            return value

    packed._got = Racing()
    assert packed.get("k42") == 42


def test_a_file_system_that_cannot_map_files_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # read_pack maps the file (decoded in place); where mapping fails, the bytes are read
    write_pack(tmp_path / "p", "test", "fp1", {"a": [1, 2]})

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(19, "No such device")

    monkeypatch.setattr(packfile.mmap, "mmap", refuse)
    assert read_pack(tmp_path / "p", "test", "fp1") == {"a": (1, 2)}


def _rows(rows: list[object]) -> PackedRows:
    """``rows`` packed and loaded back as an index file holds them."""
    blob, ends = msgpack.unpackb(msgpack.packb(PackedRows.pack(rows)), use_list=False)
    return PackedRows(blob, ends)


def test_packed_rows_read_like_the_tuple_they_were_packed_from() -> None:
    rows = [("muhammad", "taher", "anwari"), (0.25, 0.75), (), ("é",), {"k": [1, 2]}]
    packed = _rows(rows)
    as_loaded = msgpack.unpackb(msgpack.packb(rows), use_list=False)  # lists as tuples
    assert len(packed) == len(rows)
    assert list(packed) == list(as_loaded)
    assert packed[-1] == as_loaded[-1] and packed[1:3] == as_loaded[1:3]
    assert packed[0] is packed[0]  # unpacked once, then kept
    with pytest.raises(IndexError):
        packed[len(rows)]
    assert len(_rows([])) == 0


def test_packed_rows_unpack_only_the_rows_read() -> None:
    packed = _rows([(f"w{i}", i) for i in range(100)])
    packed[7], packed[-1]
    assert sorted(packed._rows) == [7, 99]
    packed.unpack()
    assert len(packed._rows) == 100


def test_packed_rows_build_a_row_once_when_first_read() -> None:
    # the build step (the index file's name forms: a NameForm from its packed fields) runs
    # on the unpacked row the first time it is read, and what it returns is what is kept
    blob, ends = PackedRows.pack([("kim", 1), ("ri", 2), ("jo", 3)])
    seen: list[object] = []

    def build(row: object) -> object:
        seen.append(row)
        return {"built": row}

    packed = PackedRows(blob, ends, build=build)
    assert packed[1] == {"built": ("ri", 2)}
    assert packed[1] is packed[-2]
    assert seen == [("ri", 2)]
    packed.unpack()
    assert seen == [("ri", 2), ("kim", 1), ("jo", 3)]


@pytest.mark.parametrize(
    ("blob", "ends"),
    [
        (b"\x91\x01", b"\x01" + bytes(7)),  # the offsets end before the blob does
        (b"\x91\x01", b"\x02" + bytes(6)),  # offsets that are not 64-bit numbers
        ("text", bytes(8)),  # not bytes
    ],
)
def test_packed_rows_refuse_a_blob_and_offsets_that_do_not_fit(blob: object,
                                                               ends: bytes) -> None:
    with pytest.raises(ValueError):
        PackedRows(blob, ends)  # type: ignore[arg-type]
