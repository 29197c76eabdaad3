"""Issue 16 item 9: reviewer decisions are never dropped without a word.

A renamed Hits sheet, a Decision typed as a formula, a reference number in another case
or with spaces, two Decision columns: each was silently ignored (a False positive the
reviewer cleared came back, or a True match was never carried).  Each is now either read
correctly or an input error naming the file, sheet, row and column, and a refused
workbook changes nothing in the state.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from hostile_support import run_cli, tree_digest
from openpyxl import load_workbook

from sanctions_check.screening.inputs import read_queries
from sanctions_check.screening.run import screen
from sanctions_check.screening.sheetrows import H_REFERENCE
from sanctions_check.screening.workbook import H_DECISION, write_review_workbook

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "delegation.csv"
CLEARED = "KPi.066"  # Kim Jong Sik: the hit the reviewer marks False positive


@pytest.fixture
def review(tmp_path: Path, matcher2024, un2024) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "review.xlsx"
    result = screen(matcher2024, read_queries(SAMPLE).queries, sanctions_list=un2024)
    write_review_workbook(path, result)
    return path


def decide(path: Path, decision: str = "False positive", **edits: str) -> tuple[int, int]:
    """Mark the CLEARED hit on the Hits sheet; returns its (row, Decision column)."""
    wb = load_workbook(path)
    ws = wb["Hits"]
    header = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(header)}
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, col[H_REFERENCE]).value == CLEARED)
    ws.cell(row, col[H_DECISION]).value = decision
    if "reference" in edits:
        ws.cell(row, col[H_REFERENCE]).value = edits["reference"]
    if "second_decision" in edits:
        ws.cell(1, len(header) + 1).value = H_DECISION
        ws.cell(row, len(header) + 1).value = edits["second_decision"]
    if "title" in edits:
        ws.title = edits["title"]
    wb.save(path)
    return row, col[H_DECISION]


def import_(path: Path, data: Path):  # type: ignore[no-untyped-def]
    return run_cli("decisions", "import", path, data_dir=data)  # the data dir from the env


def carried(tmp_path: Path, un2024_path: Path, review: Path) -> dict[str, str]:
    out = tmp_path / "next.json"
    run = run_cli("--list", un2024_path, "screen", SAMPLE, "--decisions", review, "-o", out,
                  data_dir=tmp_path / "data")
    assert run.code == 1, run.stderr
    return {r["reference_number"]: r["decision"] for r in json.loads(out.read_text())["rows"]}


def test_renamed_hits_sheet_is_an_input_error(tmp_path: Path, review: Path) -> None:
    # the README promises exit 2 for a workbook without its Hits sheet; it said "0 imported"
    decide(review, title="Hits reviewed")
    data = tmp_path / "data"
    run = import_(review, data)
    assert run.code == 2, run.stdout + run.stderr
    assert len(run.error_lines) == 1 and "review.xlsx" in run.stderr
    assert "Hits reviewed" in run.stderr
    assert not (data / "watch.sqlite").exists()


def test_refused_workbook_leaves_earlier_decisions_byte_identical(tmp_path: Path,
                                                                  review: Path) -> None:
    data = tmp_path / "data"
    good = tmp_path / "good.xlsx"
    good.write_bytes(review.read_bytes())
    decide(good)
    assert import_(good, data).code == 0
    before = tree_digest(data)
    decide(review, second_decision="True match")
    run = import_(review, data)
    assert run.code == 2 and len(run.error_lines) == 1
    assert tree_digest(data) == before


def test_formula_without_a_value_names_the_cell(tmp_path: Path, review: Path) -> None:
    # openpyxl (and other tools) write formulas without a computed value: data_only read None
    row, col = decide(review, decision='="False positive"')
    run = import_(review, tmp_path / "data")
    assert run.code == 2, run.stdout + run.stderr
    line = run.error_lines[0]
    assert "review.xlsx" in line and "'Hits'" in line and f"row {row}" in line
    assert "Decision" in line and "formula" in line


def test_formula_with_its_computed_value_is_read(tmp_path: Path, un2024_path: Path,
                                                 review: Path) -> None:
    # what Excel saves: the formula and its value; the value is the decision
    decide(review, decision='="False positive"')
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(review) as src, zipfile.ZipFile(patched, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<c r="([A-Z]+\d+)"([^>]*)><f>"False positive"</f><v\s*/?>(</v>)?',
                              rb'<c r="\1"\2 t="str"><f>"False positive"</f><v>False positive</v>',
                              data)
            dst.writestr(info, data)
    assert carried(tmp_path, un2024_path, patched)[CLEARED] == "False positive"


@pytest.mark.parametrize("typed", ["kpi.066", " KPi. 066 ", "KPI.066"])  # case and spaces only
def test_reference_number_in_another_case_or_with_spaces_matches(
    tmp_path: Path, un2024_path: Path, review: Path, typed: str
) -> None:
    decide(review, reference=typed)
    assert carried(tmp_path, un2024_path, review)[CLEARED] == "False positive"


def test_two_decision_columns_are_an_input_error(tmp_path: Path, un2024_path: Path,
                                                 review: Path) -> None:
    decide(review, second_decision="True match")
    run = run_cli("--list", un2024_path, "screen", SAMPLE, "--decisions", review,
                  data_dir=tmp_path / "data")
    assert run.code == 2, run.stderr
    line = run.error_lines[-1]
    assert "review.xlsx" in line and "'Hits'" in line and "Decision" in line and "columns" in line
