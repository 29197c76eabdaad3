"""News items: the content hash that recognises the same article read twice."""

from __future__ import annotations

from sanctions_check.newsitem import content_hash


def test_content_hash_ignores_whitespace_layout() -> None:
    assert content_hash("Ali  Dheere\nspoke.") == content_hash("Ali Dheere spoke.")
    assert content_hash("Ali Dheere spoke.") != content_hash("Ali Dheere spoke!")
