"""Words cut into the syllables of a reading table: shared by the readers of names written in
Cyrillic letters that go syllable by syllable (:mod:`~sanctions_check.names.palladius`:
Chinese syllables; :mod:`~sanctions_check.names.polivanov`: Japanese morae).

Contract: :func:`fewest_pieces` cuts one word into the fewest pieces of a table (``None``
when it cannot be cut so); :func:`split_words` cuts every word of a segment, a number (a
vessel's) kept whole, or returns ``None`` when any word cannot be cut.  Pure functions of
their arguments; the tables are the callers'.
"""

from __future__ import annotations

from collections.abc import Container


def fewest_pieces(word: str, pieces: Container[str], longest: int) -> list[str] | None:
    """The word cut into the fewest ``pieces`` of ``longest`` letters at most ("сяопин" is
    сяо пин, not ся о пин), or ``None``."""
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - longest), end):
            prev = best[start]
            piece = word[start:end]
            if prev is not None and piece in pieces:
                if best[end] is None or len(prev) + 1 < len(best[end] or ()):
                    best[end] = [*prev, piece]
    return best[len(word)]


def split_words(words: list[str], pieces: Container[str], longest: int) -> list[list[str]] | None:
    """Each word cut by :func:`fewest_pieces` (a number as itself), or ``None`` when a word
    cannot be cut."""
    split: list[list[str]] = []
    for word in words:
        if word.isdigit():  # a vessel's number
            split.append([word])
            continue
        parts = fewest_pieces(word, pieces, longest)
        if parts is None:
            return None
        split.append(parts)
    return split
