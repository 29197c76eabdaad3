"""The lexicon's costliest tables as plain values: stored built in the index cache and taken
back in another process instead of built from the data files.

Contract: :func:`built_table` gives a table of a module's table store, built once (or taken);
:data:`TABLES` is the lexicon's store and :data:`BUILDERS` its builders (:mod:`.lexicon`
registers them); :func:`union_groups` merges groups
of equivalent forms (the romanisation and synonym groups) into form -> canonical form.  :func:`built_tables` gives the
tables that cost a query the most to build (the romanisation groups, the common names in
canonical form, the legal-form phrases: some 20 million instructions, a tenth of a one-off
``match``'s own work), and :func:`use_tables` takes them back in another process instead of
building them (tables of another shape: ValueError): the index cache stores them (as
:mod:`.countries` its tables), its fingerprint covering the code and the data files, so what
it stored is what would be built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# the lexicon's tables that built_tables() gives: each built once, or taken built (use_tables)
TABLES: dict[str, Any] = {}
# how each is built (the lexicon registers its builders: this module imports no other)
BUILDERS: dict[str, Callable[[], Any]] = {}
_KEYS = frozenset({"romanisation", "common_names", "legal_form_phrases"})


def built_table(tables: dict[str, Any], key: str, build: Callable[[], Any]) -> Any:
    """The table ``key`` of ``tables``, built by ``build`` if not yet built or taken."""
    table = tables.get(key)
    if table is None:
        table = tables[key] = build()
    return table


def union_groups(groups: list[list[str]]) -> dict[str, str]:
    """Map every form to one canonical form; groups sharing a form are merged."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in groups:
        for form in group:
            parent.setdefault(form, form)
        root = find(group[0])
        for form in group[1:]:
            other = find(form)
            if other != root:
                parent[other] = root
    return {form: find(form) for form in parent}


def built_tables() -> dict[str, Any]:
    """The costly tables a query reads, built if not yet: what :func:`use_tables` takes."""
    if set(BUILDERS) != _KEYS:
        raise RuntimeError("the lexicon has not registered its table builders")
    return {key: built_table(TABLES, key, build) for key, build in BUILDERS.items()}


def use_tables(tables: Any) -> None:
    """Take the tables :func:`built_tables` gave in another process (of the same code and
    data) instead of building them; tables of another shape: ValueError."""
    (words, suffixes), common = tables["romanisation"], tables["common_names"]
    phrases, longest = tables["legal_form_phrases"]
    if not (
        _str_map(words)
        and _str_pairs(suffixes)
        and isinstance(common, frozenset) and all(type(w) is str for w in common)
        and isinstance(phrases, dict) and type(longest) is int
        and all(type(k) is tuple and all(type(t) is str for t in k) for k in phrases)
        and all(type(v) is tuple and len(v) == 2 and type(v[0]) is str and type(v[1]) is bool
                for v in phrases.values())
    ):  # fmt: skip
        raise ValueError("lexicon tables of another shape")
    TABLES.update(romanisation=(words, suffixes), common_names=common,
                  legal_form_phrases=(phrases, longest))  # fmt: skip


def _str_map(value: Any) -> bool:
    return isinstance(value, dict) and all(type(k) is str and type(v) is str
                                           for k, v in value.items())  # fmt: skip


def _str_pairs(value: Any) -> bool:
    return isinstance(value, tuple) and all(
        type(p) is tuple and len(p) == 2 and type(p[0]) is str and type(p[1]) is str
        for p in value
    )


__all__ = ["BUILDERS", "TABLES", "built_table", "built_tables", "union_groups", "use_tables"]
