"""Pack files give back exactly what was written for their kind and fingerprint, or None;
nothing in a planted file can run code."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import msgpack
import pytest

from sanctions_check.files.packfile import PACK_MAGIC, read_pack, write_pack

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


class Payload:
    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch {self.proof}",))


def test_a_planted_pickle_with_a_valid_header_never_runs(tmp_path: Path) -> None:
    # whoever can write the data directory writes a pickle where the pack should be, with a
    # header that matches: the bytes are decoded as msgpack (or refused), never unpickled
    import hashlib
    import json

    proof = tmp_path / "code-ran"
    payload = pickle.dumps(Payload(proof))
    head = {"kind": "test", "fingerprint": "fp1", "size": len(payload),
            "sha256": hashlib.sha256(payload).hexdigest()}
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
