"""Country names, demonyms and codes: nationality evidence and country qualifiers.

Contract: the table is ``data/countries.csv``, read once.  Names are compared on their
:func:`~sanctions_check.names.scripts.plain_words`, the normaliser's own words, so the list's
"Democratic People's Republic of Korea" and a query's "democratic peoples republic korea" agree.
:func:`country_code` gives the ISO 3166 alpha-2 code of a country name, demonym or alpha-2 /
alpha-3 code; :func:`is_country_word` tells a one-word country name or demonym;
:func:`country_name_codes` the countries a word of a country name points to.
:func:`built_tables` gives the two tables a query reads (one-word country names, the
name -> code table) as plain values, and :func:`use_tables` takes them back in another
process instead of building them (the index cache stores them: building them reads every
name of the file, transliterating some, a tenth of a one-off ``match``; its fingerprint covers
this code and the data file, so what it stored is what would be built).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from sanctions_check.names.lexicon import data_csv
from sanctions_check.names.lexicontables import built_table
from sanctions_check.names.scripts import plain_words

COUNTRY_KEY_DROPS = frozenset({"the", "of"})


def _country_key(text: str) -> str:
    return " ".join(t for t in plain_words(text) if t not in COUNTRY_KEY_DROPS)


_TABLES: dict[str, Any] = {}  # "countries", "words": each built (or taken) once


def _table(key: str, build: Callable[[], Any]) -> Any:
    """The table ``key`` of :data:`_TABLES`, built by ``build`` if not yet built or taken."""
    return built_table(_TABLES, key, build)


def _countries() -> dict[str, str]:
    return _table("countries", _build_countries)


def _country_words() -> frozenset[str]:
    return _table("words", _build_country_words)


def built_tables() -> dict[str, Any]:
    """The tables a query reads, built if not yet: what :func:`use_tables` takes."""
    return {"countries": _countries(), "words": _country_words()}


def use_tables(tables: Any) -> None:
    """Take the tables :func:`built_tables` gave in another process (of the same code and
    data) instead of building them; tables of another shape: ValueError."""
    countries, words = tables["countries"], tables["words"]
    if not (isinstance(countries, dict) and isinstance(words, frozenset)) or not all(
        type(k) is str and type(v) is str for k, v in countries.items()
    ) or not all(type(w) is str for w in words):
        raise ValueError("country tables of another shape")
    _TABLES.update(countries=countries, words=words)


def _country_names() -> Iterator[tuple[str, str]]:
    """(alpha-2 code, name) for every name and alias (demonyms too) of ``countries.csv``, in
    file order."""
    for row in data_csv("countries.csv"):
        code = row["alpha2"].upper()
        for field in ("names", "aliases"):
            for name in (row.get(field) or "").split(";"):
                yield code, name


def _build_countries() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in data_csv("countries.csv"):
        code = row["alpha2"].upper()
        table[row["alpha2"].lower()] = code
        table[row["alpha3"].lower()] = code
    for code, name in _country_names():
        key = _country_key(name)
        if key:
            table.setdefault(key, code)
    return table


def _build_country_words() -> frozenset[str]:
    words = set()
    for _code, name in _country_names():
        toks = plain_words(name)
        if len(toks) == 1 and len(toks[0]) > 3:
            words.add(toks[0])
    return frozenset(words)


MAX_NAME_WORD_COUNTRIES = 2  # "korea" (KP, KR), "congo" (CD, CG); not "republic", "democratic"


@functools.cache
def _name_word_codes() -> dict[str, frozenset[str]]:
    codes: dict[str, set[str]] = {}
    for code, name in _country_names():
        for t in plain_words(name):
            if len(t) > 3:
                codes.setdefault(t, set()).add(code)
    return {t: frozenset(c) for t, c in codes.items() if len(c) <= MAX_NAME_WORD_COUNTRIES}


def country_name_codes(token: str) -> frozenset[str]:
    """The countries whose names hold a word ("korea": KP and KR, from "North Korea" and "Republic
    of Korea"), for words of at most :data:`MAX_NAME_WORD_COUNTRIES` countries' names (generic
    ones, "republic", "democratic", "united", name many)."""
    return _name_word_codes().get(token, frozenset())


def is_country_word(token: str) -> bool:
    """A one-word country name or demonym ("dprk", "libya", "afghan")."""
    return token in _country_words()


def country_code(text: str) -> str | None:
    """ISO 3166 alpha-2 code for a country name, demonym or alpha-2/alpha-3 code, else None.

    ``Afghan``, ``afghanistan``, ``AF`` and ``AFG`` all give ``AF`` (``data/countries.csv``).
    """
    if not text or not text.strip():
        return None
    table = _countries()
    raw = text.strip().lower()
    if raw in table and len(raw) <= 3:
        return table[raw]
    return table.get(_country_key(text))
