"""The Entities sheet: each listed entity hit in the run once, with every row that hit it.

Real list data (2024 snapshot): Ri Pyong Chol is listed as RI PYONG CHUL (KPi.076, born 1948),
Jo Chun Ryong as CHO CHUN RYONG (KPi.038).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import load_workbook

from sanctions_check.cli import cli
from sanctions_check.screening.sheetrows import HITS_SHEET

VISITORS = """Visitor ID,name,role
V-1,Ri Pyong Chol,Vice Chairman of the Central Military Commission
V-2,Anna Schmidt,Interpreter
V-3,Jo Chun Ryong,Secretary of the WPK Central Committee
V-4,Ri Pyong-chol,Protocol officer
V-5,RI PYONG CHUL,Driver
"""


def _rows(ws: Any) -> list[dict[str, Any]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_each_entity_once_with_every_row_that_hit_it(tmp_path: Path, un2024_path: Path) -> None:
    src = tmp_path / "visitors.csv"
    src.write_text(VISITORS, encoding="utf-8")
    out = tmp_path / "review.xlsx"
    result = CliRunner().invoke(cli, ["--list", str(un2024_path), "screen", str(src), "-o",
                                      str(out)])
    assert result.exit_code == 1, result.output
    wb = load_workbook(out)
    entities = _rows(wb["Entities"])
    refs = [e["Reference number"] for e in entities]
    assert len(refs) == len(set(refs))  # each entity once
    ri = next(e for e in entities if e["Reference number"] == "KPi.076")
    assert ri["Rows hit"] == 3
    assert ri["Input rows"] == "2, 5, 6"
    assert ri["Record IDs"] == "V-1; V-4; V-5"
    assert ri["Input names"] == "Ri Pyong Chol; Ri Pyong-chol; RI PYONG CHUL"
    assert ri["Primary name"] == "RI PYONG CHUL" and ri["List dates of birth"] == "1948"
    assert "Korea" in ri["List nationality"]
    assert ri["Best score"] == max(h["Score"] for h in _rows(wb[HITS_SHEET])
                                   if h["Reference number"] == "KPi.076")
    scores = [e["Best score"] for e in entities]
    assert scores == sorted(scores, reverse=True)  # strongest first
    # Hits stay one row per (record, entity)
    hits = [(h["Record ID"], h["Reference number"]) for h in _rows(wb[HITS_SHEET])]
    assert sorted(h for h in hits if h[1] == "KPi.076") == [
        ("V-1", "KPi.076"), ("V-4", "KPi.076"), ("V-5", "KPi.076")]
    assert len(hits) == len(set(hits))
