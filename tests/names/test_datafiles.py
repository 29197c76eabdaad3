"""The package's reference data files (sanctions_check.names.datafiles)."""

from __future__ import annotations

from sanctions_check.names.datafiles import DATA_DIR, data_csv, data_lines


def test_lines_skip_blanks_and_comments() -> None:
    # countries.csv opens with "#" comment lines (where its rows came from)
    with open(f"{DATA_DIR}/countries.csv", encoding="utf-8") as fh:
        raw = fh.read().splitlines()
    assert raw[0].startswith("#")
    lines = data_lines("countries.csv")
    assert lines == [ln.strip() for ln in raw if ln.strip() and not ln.startswith("#")]


def test_csv_rows_are_fresh_copies() -> None:
    # the file is parsed once; each caller gets its own dicts (one may change them)
    rows = data_csv("countries.csv")
    assert {"alpha2", "alpha3", "names"} <= set(rows[0])
    rows[0]["alpha2"] = "changed"
    assert data_csv("countries.csv")[0]["alpha2"] != "changed"
