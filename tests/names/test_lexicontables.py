"""The lexicon's costliest tables: built once, stored in the index cache and taken back."""

from __future__ import annotations

import pytest

from sanctions_check.names.lexicon import canonical_token, common_names
from sanctions_check.names.lexicontables import TABLES, built_tables, union_groups, use_tables


def test_tables_stored_in_the_index_come_back_as_built_and_are_checked() -> None:
    # the index cache stores built_tables() (romanisation groups, common names, legal-form
    # phrases) and a loading process takes them (use_tables) instead of building them: what
    # comes back through the index file's encoding is what the data files build, and is
    # read the same; tables of another shape are refused
    import msgpack

    from sanctions_check.matching import matchercache

    built = built_tables()
    stored = msgpack.unpackb(msgpack.packb(matchercache._encode(built)), use_list=False,
                             object_hook=matchercache._decode_map, strict_map_key=True)  # fmt: skip
    saved = dict(TABLES)
    try:
        TABLES.clear()
        use_tables(stored)
        assert TABLES["romanisation"][0] is stored["romanisation"][0]  # taken, not built
        assert built_tables() == built
        assert canonical_token("rhee") == "ri" and "sergey" not in common_names()
        good = dict(stored)
        for key, bad in (("romanisation", ({"x": 1}, ())), ("common_names", ("muhammad",)),
                         ("legal_form_phrases", ({("llc",): ("llc", "edge")}, 1))):  # fmt: skip
            with pytest.raises(ValueError, match="another shape"):
                use_tables({**good, key: bad})
        with pytest.raises(KeyError):
            use_tables({k: v for k, v in good.items() if k != "common_names"})
    finally:
        TABLES.clear()
        TABLES.update(saved)


def test_union_groups_merges_groups_sharing_a_form() -> None:
    # "jo" links the two groups: one canonical form for all (the first group's first form)
    merged = union_groups([["cho", "jo"], ["jo", "joh"], ["kim", "gim"]])
    assert merged == {"cho": "cho", "jo": "cho", "joh": "cho", "kim": "kim", "gim": "kim"}
