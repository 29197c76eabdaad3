"""Issue 16, property: no input makes ``screen`` crash or silently screen fewer rows.

Random byte strings and random CSV structures (delimiters, quoting, line ends, encodings,
line breaks inside cells, a stray quote in a name cell) go through the reader ``screen``
uses and the screening itself, in process for speed (the CLI maps
:class:`~sanctions_check.errors.InputError` to exit 2, anything else to exit 70).  The
properties: only InputError may be raised (never a traceback), and a file that is read
yields at least as many rows as it has name cells (never exit 0 with rows unscreened).
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctions_check.errors import InputError
from sanctions_check.files.csvrecords import cell_text
from sanctions_check.screening.inputs import read_queries
from sanctions_check.screening.run import screen

LISTED = ["Kim Jong Sik", "Jo Chun Ryong", "Ri Pyong Chol", "محمد طاهر أنوري"]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def read_or_refuse(data: bytes, suffix: str, matcher, **options):  # type: ignore[no-untyped-def]
    """The queries ``screen`` would screen, or None when it refuses the input (exit 2)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        try:
            got = read_queries(path, **options)
        except InputError as exc:
            assert "\n" not in str(exc) and str(path) in str(exc)  # one line naming the file
            return None
    screen(matcher, got.queries)  # screening what was read never fails either
    return got.queries


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".txt", ".tsv", ".xlsx"]))
def test_random_bytes_are_read_or_refused_in_one_line(matcher2024, data: bytes,
                                                      suffix: str) -> None:
    read_or_refuse(data, suffix, matcher2024)


cell = st.one_of(
    st.sampled_from(LISTED),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
    st.text(alphabet='ab ,;|\t"\n\r', max_size=8),
)


@SETTINGS
@given(
    rows=st.lists(st.lists(cell, min_size=1, max_size=3), min_size=1, max_size=25),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    terminator=st.sampled_from(["\n", "\r\n"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    stray=st.one_of(st.none(), st.integers(min_value=0, max_value=24)),
)
def test_csv_structures_never_lose_name_cells(matcher2024, rows: list[list[str]],
                                              delimiter: str, terminator: str, encoding: str,
                                              stray: int | None) -> None:
    width = max(len(r) for r in rows)
    header = ["name"] + [f"extra{i}" for i in range(1, width)]
    body = [r + [""] * (width - len(r)) for r in rows]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=terminator)
    writer.writerow(header)
    for i, r in enumerate(body):
        if stray is not None and i == stray:  # a stray quote opening the name cell
            buf.write('"')
        writer.writerow(r)
    # a name cell counts when it holds a letter or digit (a cell of only delimiters and
    # spaces is a blank row to a reader that splits at that delimiter)
    names = sum(1 for r in body if any(ch.isalnum() for ch in cell_text(r[0])))
    queries = read_or_refuse(buf.getvalue().encode(encoding), ".csv", matcher2024,
                             column="name")
    if queries is not None:
        # "screened N rows" counts every row read, an unusable one (reported per row, e.g.
        # a name a stray quote emptied) included: a row missing from it is never reported
        assert len(queries) >= names, (len(queries), names)
