"""``sanctions-check screen`` end to end: outputs, exit codes, decisions, atomic writes."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sanctions_check.cli import cli
from sanctions_check.screening.rows import HIT_COLUMNS
from sanctions_check.screening.run import sha256_file

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
DELEGATION = SAMPLES / "delegation.csv"
VISITORS = SAMPLES / "visitors.xlsx"
LISTED = {"KPi.038", "KPi.066", "KPi.076"}


def run(list_path: Path, *args: Any, data_dir: Path | None = None) -> Any:
    argv = ["--list", str(list_path)] if list_path else []
    if data_dir is not None:
        argv = ["--data-dir", str(data_dir)] + argv
    return CliRunner().invoke(cli, [*argv, "screen", *map(str, args)])


def test_table_on_stdout_and_exit_1(un2024_path: Path) -> None:
    result = run(un2024_path, DELEGATION)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["row", "score", "band", "ref"]
    for ref in LISTED:
        assert ref in result.stdout
    assert "columns: name = 'name'" in result.stderr  # says which column it used
    assert "3 hits in 3 rows (3 strong)" in result.stderr


@pytest.mark.parametrize("engine", ["simple", "batch"])
def test_csv_rows_say_which_matching_and_list_made_them(
    tmp_path: Path, un2024_path: Path, engine: str
) -> None:
    # a CSV has no metadata block: every row carries the algorithm and its version, the run's
    # own threshold (--min-score, not the default) and the weights' digest beside the list
    # facts, so a row copied into another system still says how it was produced
    from sanctions_check.matching.config import ALGORITHM_VERSION

    out = tmp_path / "hits.csv"
    result = run(un2024_path, DELEGATION, "-o", out, "--min-score", "75", "--engine", engine)
    assert result.exit_code == 1, result.output
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 3
    for row in rows:
        assert row["algorithm_version"] == ALGORITHM_VERSION and row["algorithm"]
        assert float(row["min_score"]) == 75.0
        assert len(row["weights_digest"]) >= 8
        assert row["list_sha256"] == sha256_file(un2024_path)


def test_no_hits_exit_0(tmp_path: Path, un2024_path: Path) -> None:
    names = tmp_path / "clean.txt"
    names.write_text("Anna Schmidt\nCarlos Mendes\n", encoding="utf-8")
    result = run(un2024_path, names)
    assert result.exit_code == 0, result.output
    assert "No hits" in result.stdout


def test_csv_output_columns_and_include_clear(tmp_path: Path, un2024_path: Path) -> None:
    out = tmp_path / "hits.csv"
    assert run(un2024_path, DELEGATION, "-o", out).exit_code == 1
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0])[: len(HIT_COLUMNS)] == HIT_COLUMNS
    assert {r["reference_number"] for r in rows} == LISTED
    assert {r["band"] for r in rows} == {"strong"}
    assert all(r["list_sha256"] == sha256_file(un2024_path) for r in rows)
    assert run(un2024_path, DELEGATION, "-o", out, "--include-clear").exit_code == 1
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 11  # 3 hits + 8 clear delegates, one row each
    assert sum(r["status"] == "clear" for r in rows) == 8


def test_json_output_has_meta(tmp_path: Path, un2024_path: Path) -> None:
    out = tmp_path / "hits.json"
    assert run(un2024_path, VISITORS, "-o", out).exit_code == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    meta = doc["meta"]
    assert meta["list_sha256"] == sha256_file(un2024_path)
    assert meta["input_sha256"] == sha256_file(VISITORS)
    assert meta["input_rows"] == 40
    assert meta["algorithm"] and meta["bands"] and meta["threshold"]
    refs = {r["reference_number"] for r in doc["rows"]}
    assert {"QDi.095", "CDi.008", "TAi.040"} <= refs  # Dumont, Makenga, Haqqani
    assert all(r["dob"] for r in doc["rows"])  # the secondary data is carried


def test_xlsx_review_workbook(tmp_path: Path, un2024_path: Path) -> None:
    out = tmp_path / "review.xlsx"
    result = run(un2024_path, VISITORS, "-o", out)
    assert result.exit_code == 1, result.output
    wb = load_workbook(out)
    # Manual hits: empty, with its headers, for hits the reviewer adds
    assert wb.sheetnames == ["Summary", "Hits", "Entities", "Previously cleared", "Screened",
                             "Manual hits"]
    assert wb["Manual hits"].max_row == 1
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True)}
    assert summary["List sha256"] == sha256_file(un2024_path)
    assert summary["Input file"] == "visitors.xlsx"
    assert wb["Screened"].max_row == 41


def test_decisions_round_trip_through_the_cli(tmp_path: Path, un2024_path: Path) -> None:
    first = tmp_path / "review-1.xlsx"
    assert run(un2024_path, DELEGATION, "-o", first).exit_code == 1
    wb = load_workbook(first)
    ws = wb["Hits"]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        row[headers.index("Decision")].value = "False positive"  # a (wrong) reviewer clears all
        row[headers.index("Reviewer")].value = "tester"
    wb.save(first)
    second = tmp_path / "review-2.xlsx"
    result = run(un2024_path, DELEGATION, "-o", second, "--decisions", first)
    assert result.exit_code == 0, result.output  # nothing left to review
    assert "3 previously cleared" in result.stderr
    wb = load_workbook(second)
    assert wb["Hits"].max_row == 1
    cleared = list(wb["Previously cleared"].iter_rows(min_row=2, values_only=True))
    assert len(cleared) == 3
    hidden = run(un2024_path, DELEGATION, "--decisions", first, "--hide-cleared")
    assert hidden.exit_code == 0
    assert "No hits needing review" in hidden.stdout
    assert not any(ref in hidden.stdout for ref in LISTED)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "no such file"),
        ([DELEGATION, "--column", "nope"], "no name column 'nope'"),
        ([DELEGATION, "-o", "out.pdf"], "unknown output format"),
        ([DELEGATION, "--decisions", "missing.xlsx"], "no such decisions workbook"),
        ([DELEGATION, "--sheet", "x"], "--sheet only applies to XLSX"),
        ([VISITORS, "-o", VISITORS], "would overwrite the input file"),
    ],
)
def test_input_errors_exit_2(
    tmp_path: Path,
    un2024_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[Any],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(un2024_path, *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_binary_input_exit_2(tmp_path: Path, un2024_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_bytes(bytes(range(256)) * 4)
    result = run(un2024_path, path)
    assert result.exit_code == 2
    assert "binary" in result.stderr


def test_list_problems_exit_3(tmp_path: Path, un2024_path: Path) -> None:
    missing = run(tmp_path / "missing.xml", DELEGATION)
    assert missing.exit_code == 3, missing.output
    broken = tmp_path / "broken.xml"
    broken.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>", encoding="utf-8")
    assert run(broken, DELEGATION).exit_code == 3
    stale = run(un2024_path, DELEGATION, "--max-list-age", "30")
    assert stale.exit_code == 3
    assert "since its dateGenerated 2024-09-26" in stale.stderr  # a file is never confirmed
    assert "more than the allowed 30" in stale.stderr
    # nothing installed: the bundled snapshot is in force, and just as old
    empty_store = run(None, DELEGATION, "--max-list-age", "30",  # type: ignore[arg-type]
                      data_dir=tmp_path / "store")
    assert empty_store.exit_code == 3 and "bundled snapshot" in empty_store.stderr


def test_snapshot_when_nothing_is_installed(tmp_path: Path) -> None:
    # a plain clone, no list installed: the same three strong hits, on the bundled
    # snapshot, announced on stderr and in the report
    out = tmp_path / "review.xlsx"
    result = run(None, DELEGATION, "-o", out, data_dir=tmp_path / "data")  # type: ignore[arg-type]
    assert result.exit_code == 1, result.output
    assert "3 hits in 3 rows (3 strong)" in result.stderr
    notice = "warning: bundled snapshot generated 2024-09-26, "
    assert notice in result.stderr
    assert "days old: run `sanctions-check lists update` for the current list" in result.stderr
    summary = {r[0]: r[1] for r in load_workbook(out)["Summary"].iter_rows(values_only=True)}
    assert summary["WARNING"].startswith("bundled snapshot generated 2024-09-26, ")
    assert summary["List in force"] == "bundled snapshot generated 2024-09-26"
    assert summary["List confirmed current by its source"] == "never (bundled snapshot)"
    cells = {v for r in load_workbook(out)["Hits"].iter_rows(values_only=True) for v in r}
    assert LISTED <= cells
    csv_out = tmp_path / "hits.csv"
    assert run(None, DELEGATION, "-o", csv_out, data_dir=tmp_path / "data").exit_code == 1  # type: ignore[arg-type]
    with csv_out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["reference_number"] for r in rows} == LISTED
    assert all(r["list_notice"].startswith("bundled snapshot generated") for r in rows)
    assert not (tmp_path / "data" / "lists" / "current.json").exists()


def test_installed_list_replaces_the_snapshot(tmp_path: Path, un2024_path: Path) -> None:
    data = tmp_path / "data"
    imported = CliRunner().invoke(cli, ["--data-dir", str(data), "lists", "import",
                                        str(un2024_path)])
    assert imported.exit_code == 0
    out = tmp_path / "hits.json"
    result = run(None, DELEGATION, "-o", out, data_dir=data)  # type: ignore[arg-type]
    assert result.exit_code == 1 and "snapshot" not in result.stderr
    meta = json.loads(out.read_text())["meta"]
    assert meta["list_in_force"].startswith("installed list 20240926T000007Z-")
    assert meta["list_notice"] == "" and meta["list_confirmed_at"] == "never (imported from a file)"
    assert meta["list_age_days"] > 365  # imported, so as old as its dateGenerated


def test_warns_when_the_name_column_holds_identifiers(tmp_path: Path, un2024_path: Path) -> None:
    visitors = tmp_path / "visitors.csv"
    rows = [f"{1000 + i},Visitor {i}" for i in range(30)] + ["ABC-7,Kim Jong Sik"]
    visitors.write_text("Visitor ID,Full name\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = run(un2024_path, visitors, "--column", "Visitor ID")
    assert "warning: visitors.csv: column 'Visitor ID' holds no letters in 30 of 31 rows" in (
        result.stderr
    )
    named = run(un2024_path, visitors)  # the detected name column holds names: no warning
    assert "holds no letters" not in named.stderr
    batch = run(un2024_path, visitors, "--column", "Visitor ID", "--engine", "batch",
                "-o", tmp_path / "out.csv")  # the batch engine checks its first rows
    assert "column 'Visitor ID' holds no letters in 30 of 31 rows" in batch.stderr


def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, un2024_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    out = tmp_path / "review.xlsx"

    def broken_save(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half written")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken_save)
    result = run(un2024_path, DELEGATION, "-o", out)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "No space left" in result.stderr
    assert list(tmp_path.iterdir()) == []  # neither the final name nor a temporary file


def test_output_into_missing_directory_is_created(tmp_path: Path, un2024_path: Path) -> None:
    out = tmp_path / "reports" / "2024" / "hits.json"
    assert run(un2024_path, DELEGATION, "-o", out).exit_code == 1
    assert out.is_file()


def test_help_documents_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["screen", "--help"])
    assert result.exit_code == 0
    for option in (
        "--column",
        "--decisions",
        "--hide-cleared",
        "--max-list-age",
        "--include-clear",
    ):
        assert option in result.output
    assert "Exit codes: 0 no hit needing review, 1 hits" in " ".join(result.output.split())
