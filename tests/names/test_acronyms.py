"""Organisation acronyms: initials and syllable acronyms of listed names."""

from __future__ import annotations

from sanctions_check.names.acronyms import (
    acronym_of,
    prefix_acronyms,
    query_acronym,
    written_as_acronym,
)
from sanctions_check.names.normalise import tokens


def test_acronyms() -> None:
    assert acronym_of(tokens("OCEAN MARITIME MANAGEMENT COMPANY, LIMITED", "org")) == "omm"
    assert acronym_of(tokens("Korea Bank", "org")) is None  # too short to make an acronym
    assert query_acronym(("komid",)) == "komid"
    assert query_acronym(tuple("lra")) == "lra"  # "L.R.A."
    assert query_acronym(("kim", "jong")) is None


def test_syllable_acronyms() -> None:
    # KPe.001: "KOMID" = KOrea MIning Development (trading, corporation are weak words)
    name = tokens("KOREA MINING DEVELOPMENT TRADING CORPORATION", "org")
    assert "komid" in prefix_acronyms(name)
    assert "kmd" not in prefix_acronyms(name)  # plain initials are acronym_of's job
    assert prefix_acronyms(tokens("Korea Zinc", "org")) == frozenset()
    # ordinary words are syllable acronyms by accident: only tried for capitals
    assert written_as_acronym("KOMID") and written_as_acronym("I.S.I.L.")
    assert not written_as_acronym("Andes") and not written_as_acronym("KIM JONG")
