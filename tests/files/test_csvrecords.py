"""CSV records (sanctions_check.files.csvrecords): the per-record fast path keeps every cell as
``cell_text`` gives it and notes the same broken cells as checking each cell would."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.files.csvrecords import _SEP, _clean, cell_text, csv_records

# cells made of the characters the fast path's tests are about: spaces at the edges and
# running, its separator next to spaces, line breaks, a tab and a non-printable character
CELL = st.text(alphabet=st.sampled_from(["a", "B", " ", _SEP, "\n", "\r", "\t", "\x00", "é"]),
               max_size=6)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=5))
def test_clean_only_when_every_cell_is_kept_as_it_is(cells: list[str]) -> None:
    if _clean(_SEP.join(cells)):
        assert [cell_text(c) for c in cells] == cells


@pytest.mark.parametrize(
    "cells",
    [
        ["Kim Jong Un", "person"],  # the common record: clean, kept as it is
        ["Kim ", "person"],  # a space at the end of a cell other than the last
        ["Kim", " person"],  # a space at the start of a cell other than the first
        ["a|", " b"],  # the separator inside a cell, next to an edge space: not clean
        ["Kim  Jong", ""],  # two spaces running
        ["Kim\nJong", "x"],  # a line break inside a quoted cell: broken and collapsed
    ],
)
def test_records_are_what_checking_each_cell_gives(cells: list[str]) -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerow(cells)
    (record,) = csv_records(io.StringIO(buf.getvalue(), newline=""), ",", "in.csv")
    assert record.cells == [cell_text(c) for c in cells]
    assert record.broken == tuple((i, c) for i, c in enumerate(cells) if "\n" in c or "\r" in c)
