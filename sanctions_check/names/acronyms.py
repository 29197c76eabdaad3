"""Organisation acronyms: "OMM" for Ocean Maritime Management, "KOMID" for KOrea MIning Development.

Contract: pure functions over normalised tokens (see :mod:`sanctions_check.names.normalise`).
:func:`acronym_of` gives a name's initials, :func:`prefix_acronyms` its syllable acronyms,
:func:`query_acronym` the acronym a query could be and :func:`written_as_acronym` whether it
is written like one.  The matcher scores an acronym match at its scoring weights'
``acronym_score`` (initials, 86) or ``prefix_acronym_score`` (syllables, 84, only for queries
written in capitals): :class:`sanctions_check.scoring.weights.ScoringWeights`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sanctions_check.names.lexicon import legal_forms, stopwords


def acronym_of(tokens: Sequence[str]) -> str | None:
    """The initials of an organisation name's content words, if it has 3 or more.

    Particles and legal-form words are skipped: "Ocean Maritime Management Company,
    Limited" -> "omm".
    """
    weak = stopwords() | legal_forms()
    content = [t for t in tokens if t not in weak and not t.isdigit()]
    if len(content) < 3:
        return None
    return "".join(t[0] for t in content)


def prefix_acronyms(tokens: Sequence[str], max_words: int = 6) -> frozenset[str]:
    """Syllable acronyms of an organisation name: 1-3 leading letters of every content word.

    "Korea Mining Development Trading Corporation" -> {..., "komid", ...} ("trading" and
    "corporation" are weak words, skipped).  Only acronyms of 5+ letters, from names of 3 to
    ``max_words`` content words, and not plain initials (see :func:`acronym_of`).  Many words
    are syllable acronyms by accident ("Andes"), so they are only tried for queries
    :func:`written_as_acronym`.
    """
    weak = stopwords() | legal_forms()
    content = [t for t in tokens if t not in weak and not t.isdigit()]
    if not 3 <= len(content) <= max_words:
        return frozenset()
    found: set[str] = {""}
    for word in content:
        found = {acc + word[:k] for acc in found for k in range(1, min(3, len(word)) + 1)}
    initials = "".join(t[0] for t in content)
    return frozenset(a for a in found if len(a) >= 5 and a != initials)


def written_as_acronym(text: str) -> bool:
    """Whether a query is written like an acronym: one word of capitals ("KOMID", "I.S.I.L.")."""
    letters = [c for c in text if c.isalpha()]
    return 2 <= len(letters) <= 10 and all(c.isupper() for c in letters) and " " not in text.strip()


def query_acronym(tokens: Sequence[str]) -> str | None:
    """The acronym a query could be: one token of 2-8 letters, or spelled-out initials."""
    if len(tokens) == 1 and 2 <= len(tokens[0]) <= 8 and tokens[0].isalpha():
        return tokens[0]
    if len(tokens) >= 2 and all(len(t) == 1 for t in tokens):
        return "".join(tokens)
    return None
