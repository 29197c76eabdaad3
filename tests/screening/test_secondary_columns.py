"""How each row's date of birth and nationality were read, and what they say against the list.

Real list data (2024 snapshot): Jo Chun Ryong (KPi.038) is listed born 1960-04-04, Kim Jong
Sik (KPi.066) 1967-1969, Ri Pyong Chol (RI PYONG CHUL, KPi.076) 1948; all three are
nationals of the Democratic People's Republic of Korea.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sanctions_check.cli import cli
from sanctions_check.screening.sheetrows import HITS_SHEET, SCREENED_SHEET
from sanctions_check.screening.workbook import SUMMARY_SHEET

ROWS = [
    ("Jo Chun Ryong", "04.04.1960", "North Korean"),  # the listed day, dotted; a demonym
    ("Kim Jong Sik", "01/02/1968", "PRK"),  # day and month order unknown; ISO alpha-3
    ("Ri Pyong Chol", "12 March 1984", "Narnia"),  # 36 years off; no such country
    ("Anna Schmidt", "sometime in spring", ""),  # not a date; no nationality
]


@pytest.fixture
def visitors(tmp_path: Path) -> Path:
    path = tmp_path / "visitors.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "date of birth", "nationality"])
        w.writerows(ROWS)
    return path


def run(list_path: Path, command: str, *args: Any) -> Any:
    return CliRunner().invoke(cli, ["--list", str(list_path), command, *map(str, args)])


def _rows(ws: Any) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_hits_show_checks_beside_the_score_and_how_each_field_was_read(
    visitors: Path, tmp_path: Path, un2024_path: Path
) -> None:
    out = tmp_path / "review.xlsx"
    result = run(un2024_path, "screen", visitors, "-o", out)
    assert result.exit_code == 1, result.output
    wb = load_workbook(out)
    hits = {r["Reference number"]: r for r in _rows(wb[HITS_SHEET])}
    headers = [c.value for c in wb[HITS_SHEET][1]]
    assert headers[:4] == ["Score", "Band", "DOB check", "Nationality check"]
    jo, kim, ri = hits["KPi.038"], hits["KPi.066"], hits["KPi.076"]
    assert (jo["DOB check"], jo["Nationality check"]) == ("agrees", "agrees")
    assert (jo["DOB read as"], jo["DOB status"], jo["Nationality status"]) == (
        "1960-04-04", "used", "used")
    assert kim["DOB check"] == "agrees"  # by its year, inside the listed 1967-1969
    assert kim["DOB read as"].startswith("1968, year only")
    assert (ri["DOB check"], ri["Nationality check"]) == ("conflicts", "unknown")
    assert ri["Nationality status"] == "not understood"
    screened = {r["Input name"]: r for r in _rows(wb[SCREENED_SHEET])}
    anna = screened["Anna Schmidt"]
    assert (anna["DOB status"], anna["Nationality status"]) == ("not understood", "absent")
    summary = {r[0]: r[1] for r in wb[SUMMARY_SHEET].iter_rows(values_only=True)}
    assert summary["Dates of birth not understood (ignored)"] == 1
    assert summary["Dates of birth read as year only (day/month order unknown)"] == 1
    assert summary["Nationalities not understood (ignored)"] == 1
    assert "1 date(s) of birth not understood, ignored (row 5)" in result.stderr
    assert "only the year used (row 3); give --date-order" in result.stderr
    assert "1 nationality not understood, ignored (row 4)" in result.stderr


def test_date_order_reads_the_ambiguous_date(
    visitors: Path, tmp_path: Path, un2024_path: Path
) -> None:
    out = tmp_path / "hits.csv"
    result = run(un2024_path, "screen", visitors, "-o", out, "--date-order", "dmy",
                 "--include-clear")
    assert result.exit_code == 1, result.output
    assert "only the year used" not in result.stderr
    with out.open(encoding="utf-8", newline="") as fh:
        rows = {r["query"]: r for r in csv.DictReader(fh)}
    assert rows["Kim Jong Sik"]["dob_read_as"] == "1968-02-01"  # 1 February
    assert rows["Kim Jong Sik"]["dob_match"] == "agrees"
    assert rows["Anna Schmidt"]["dob_status"] == "not understood"
    assert rows["Anna Schmidt"]["nationality_status"] == "absent"


def test_match_reads_dates_as_people_write_them(un2024_path: Path) -> None:
    got = run(un2024_path, "match", "Jo Chun Ryong", "--dob", "01/01/1977")
    assert got.exit_code == 1, got.output  # a hit; the date is read (its year), not refused
    assert "01/01/1977" in got.stdout and "conflicts" in got.stdout
    same = run(un2024_path, "match", "Jo Chun Ryong", "--dob", "04/04/1960")
    assert "agrees" in same.stdout
    mdy = run(un2024_path, "match", "Jo Chun Ryong", "--dob", "04/05/1960",
              "--date-order", "mdy")
    assert "same year, different day" in mdy.stdout
    bad = run(un2024_path, "match", "Jo Chun Ryong", "--dob", "31/13/1977")
    assert bad.exit_code == 2
    assert "not a date of birth" in bad.stderr


# --------------------------------------------------------------------------- nearest candidate


def test_clear_rows_show_their_nearest_candidate_down_to_50(
    tmp_path: Path, un2024_path: Path
) -> None:
    # Kim Jong Un shares two of three name parts with listed names and is not a hit: his
    # nearest candidate is KIM JUNG JONG (KPi.021) at 57, which a reviewer must be able to see
    path = tmp_path / "names.csv"
    path.write_text("name\nKim Jong Un\nJo Chun Ryong\nZxqv Wplk\n", encoding="utf-8")
    out = tmp_path / "review.xlsx"
    result = run(un2024_path, "screen", path, "-o", out)
    assert result.exit_code == 1, result.output
    rows = {r["Input name"]: r for r in _rows(load_workbook(out)[SCREENED_SHEET])}
    kim = rows["Kim Jong Un"]
    assert kim["Status"] == "clear"
    assert 50 <= kim["Best score"] < 80
    assert kim["Best match / nearest candidate"] == f"KPi.021 KIM JUNG JONG ({kim['Best score']:.1f})"
    assert rows["Jo Chun Ryong"]["Best match / nearest candidate"].startswith("KPi.038 ")
    assert rows["Zxqv Wplk"]["Best score"] is None  # nothing down to 50
    assert rows["Zxqv Wplk"]["Best match / nearest candidate"] is None
    csv_out = tmp_path / "all.csv"
    assert run(un2024_path, "screen", path, "-o", csv_out, "--include-clear").exit_code == 1
    with csv_out.open(encoding="utf-8", newline="") as fh:
        clear = {r["query"]: r for r in csv.DictReader(fh) if r["status"] == "clear"}
    assert clear["Kim Jong Un"]["explanation"].endswith(
        f"nearest: KPi.021 KIM JUNG JONG ({kim['Best score']:.1f})")
    assert clear["Kim Jong Un"]["score"] == f"{kim['Best score']:.1f}"
