"""Reference data: romanisation equivalences and synonyms (sanctions_check.names.lexicon)."""

from __future__ import annotations

import pytest

from sanctions_check.names.lexicon import canonical_token, synonym_token


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("rhee", "ri"), ("lee", "ri"), ("yi", "ri"),  # Korean 리
        ("park", "pak"), ("cho", "jo"), ("choi", "choe"),
        ("chul", "chol"), ("cheol", "chol"), ("byong", "pyong"),
        ("mohammed", "muhammad"), ("mohamad", "muhammad"),
        ("gaddafi", "qadhafi"), ("kadhafi", "qadhafi"),
        ("abdul", "abd"), ("abdel", "abd"),
        ("sergey", "sergei"),  # Russian -ey / -ei
        ("podolskiy", "podolskii"),  # Russian -iy / -ii
        ("douri", "duri"),  # spelling rule ou -> u
        ("hassan", "hasan"),  # doubled letters
        ("noorullah", "nurullah"),  # oo -> u
    ],
)
def test_canonical_token_equivalences(a: str, b: str) -> None:
    assert canonical_token(a) == canonical_token(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("pak", "paek"),  # different Korean surnames (박 / 백)
        ("jong", "jang"),  # different syllables
        ("son", "song"),
        ("hussein", "hassan"),  # different Arabic names
    ],
)
def test_canonical_token_keeps_different_names_apart(a: str, b: str) -> None:
    assert canonical_token(a) != canonical_token(b)


def test_synonyms_are_reviewable_translations() -> None:
    assert synonym_token("room") == synonym_token("office") is not None
    assert synonym_token("kavkaz") == synonym_token("caucasus") is not None
    assert synonym_token("ali") is None
