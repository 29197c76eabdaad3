"""News items: the content hash that recognises the same article read twice."""

from __future__ import annotations

from sanctions_check.news.item import content_hash


def test_content_hash_ignores_whitespace_layout() -> None:
    assert content_hash("Ali  Dheere\nspoke.") == content_hash("Ali Dheere spoke.")
    assert content_hash("Ali Dheere spoke.") != content_hash("Ali Dheere spoke!")


def test_news_text_goes_through_the_shared_decoder() -> None:
    import pytest

    from sanctions_check.errors import InputError
    from sanctions_check.news.item import decode_text

    # UTF-8 except one line: named, not re-read whole in a code page that garbles every name
    data = "Vitel’Homme Innocent and Ali Dheere\n".encode() * 3 + "Pétion-Ville\n".encode("cp1252")
    with pytest.raises(InputError, match=r"story\.txt: line 4 not UTF-8 although the rest"):
        decode_text(data, "story.txt")
    # a whole Windows-1252 text reads plausibly in it, as for every other input
    text = "Médecins Sans Frontières said Pétion-Ville was quiet.\n" * 3
    assert decode_text(text.encode("cp1252"), "story.txt") == text
    # binary data keeps the news wording
    with pytest.raises(InputError, match="binary data \\(NUL bytes\\), not a news text"):
        decode_text(b"\x89PNG\x00\x00\x01\x02" * 40, "photo.txt")
