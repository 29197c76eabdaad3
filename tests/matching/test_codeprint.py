"""The code fingerprint (sanctions_check.matching.codeprint), which keys the index cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sanctions_check.matching import codeprint, matchercache


def test_the_fingerprint_hashes_each_file_by_its_place_and_bytes() -> None:
    # the version, then each file of fingerprinted_files() in order: its path in the package,
    # a NUL and its bytes (listed with os.scandir and plain strings, as Paths would list them)
    from sanctions_check.version import __version__

    files = codeprint.fingerprinted_files()
    package = Path(codeprint.__file__).resolve().parents[1]
    assert files == sorted(files) and len(files) > 50
    digest = hashlib.sha256(__version__.encode())
    for f in files:
        digest.update(str(f.relative_to(package)).encode() + b"\0" + f.read_bytes())
    assert codeprint.code_fingerprint() == digest.hexdigest()


def test_the_index_cache_is_keyed_by_it() -> None:
    # matchercache.fingerprint() hashes code_fingerprint() (tests monkeypatch it there)
    assert matchercache.code_fingerprint is codeprint.code_fingerprint
