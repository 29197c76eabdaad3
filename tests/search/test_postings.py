"""Postings and unit tables (sanctions_check.search.postings): both ways of building a table agree."""

from __future__ import annotations

import numpy as np
import pytest

from sanctions_check.matching.matcher import Matcher
from sanctions_check.search import postings

UNITS = [
    # (query unit, joined query span?, kind, with particles?)
    ("muhammad", False, "person", True),  # a common word: long postings, romanisation variants
    ("kim", False, "person", True),  # a Korean syllable, many forms
    ("jong", False, None, True),  # any kind
    ("wal", False, "org", False),  # a query particle: list particles left out
    ("abdulmalik", True, "person", True),  # a joined query span: single list words only
    ("bank", False, "org", True),
]


@pytest.mark.parametrize(("unit", "multi", "kind", "particles"), UNITS)
def test_short_and_long_tables_agree(
    matcher2024: Matcher,
    monkeypatch: pytest.MonkeyPatch,
    unit: str,
    multi: bool,
    kind: str | None,
    particles: bool,
) -> None:
    index = matcher2024.index
    matches = index.unit_matches(unit, multi)
    tables = []
    for limit in (10**9, -1):  # every table in plain Python, then every one with numpy
        monkeypatch.setattr(postings, "SHORT_TABLE", limit)
        tables.append(index._postings.table(unit, matches, multi, kind, particles))
    short, long = tables
    assert np.array_equal(short.fids, long.fids)
    assert np.array_equal(short.lmasks, long.lmasks)
    assert np.allclose(short.credits, long.credits)
    assert short.rows == long.rows
    assert list(short.fids) == sorted(set(short.fids.tolist()))  # sorted, each form once


def test_tables_keep_to_the_kind(matcher2024: Matcher) -> None:
    index = matcher2024.index
    table = index.unit_table("bank", False, "org")
    assert len(table.fids) > 0
    forms = [fid for name in table.fids.tolist() for fid in matcher2024.name_forms[name]]
    assert all(matcher2024.forms[f].kind == "org" for f in forms)


def test_an_empty_index_holds_arrays_of_the_built_kinds(matcher2024: Matcher) -> None:
    # a matcher over no list (compare's) builds its postings and bounds without numpy: the
    # arrays it then gives are of the dtypes and dimensions a list's are, with no rows
    empty = Matcher.from_list(())
    for built, held in ((matcher2024.index._postings, empty.index._postings),
                        (matcher2024._bounds, empty._bounds)):  # fmt: skip
        names = [n for n, v in vars(built).items() if isinstance(v, np.ndarray)]
        assert len(names) >= 5 and all(held.is_packed(n) for n in names)
        for name in names:
            array = getattr(held, name)
            assert (array.dtype, array.ndim) == (getattr(built, name).dtype, getattr(built, name).ndim)
            if name not in ("_offsets", "_bits"):
                assert len(array) == 0, name
    assert empty._bounds._bits.tolist() == [1] and empty.index._postings._offsets.tolist() == [0]
    assert empty.match("Kim Jong Un") == []
