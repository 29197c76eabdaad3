"""Decisions per record with an audit trail (issue 20 item 4), through the CLI and openpyxl.

A decision binds to (record key, reference number); it re-opens when the entry's
reviewed facts change between list versions, naming the field; Manual hits and every
earlier decision (Decision history) carry forward.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from sanctions_check.cli import cli
from sanctions_check.errors import InputError
from sanctions_check.screening.decisions import read_workbook_decisions
from sanctions_check.screening.recordkeys import describe_record, record_difference, record_key

# Adem Yilmaz (QDi.261) is listed with date of birth 1978-11-04; a visitor of that name
# born 1990 is cleared by the reviewer; another visitor of that name born 1978 is not
# the same record and must not be cleared by that decision.
HEADER = "name,dob,nationality\n"
VISITOR = "Adem Yilmaz,1990-03-02,Turkish\n"
NAMESAKE = "Adem Yilmaz,1978,Turkish\n"
CHO = "Jo Chun Ryong,1960,North Korean\n"  # KPi.038, designated Chairman of the SEC
CLEAR = "Anna Schmidt,1984-03-12,German\n"


def screen(tmp: Path, list_path: Path, rows: str, out: str, *args: Any,
           data_dir: Path | None = None) -> Any:
    names = tmp / f"{out}.csv"
    names.write_text(HEADER + rows, encoding="utf-8")
    argv = ["--data-dir", str(data_dir or tmp / "data"), "--list", str(list_path)]
    result = CliRunner().invoke(cli, [*argv, "screen", str(names), "-o", str(tmp / out),
                                      *map(str, args)])
    assert result.exit_code in (0, 1), result.output
    return result


def sheet(path: Path, title: str) -> list[dict[str, Any]]:
    ws = load_workbook(path)[title]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def decide(path: Path, ref: str, dob: Any, decision: str, reason: str) -> None:
    """Play the reviewer on the Hits row of (ref, input DOB)."""
    wb = load_workbook(path)
    ws = wb["Hits"]
    headers = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(headers)}
    done = 0
    for row in ws.iter_rows(min_row=2):
        if row[col["Reference number"]].value == ref and str(dob) in str(
            row[col["Input DOB"]].value
        ):
            row[col["Decision"]].value = decision
            row[col["Reason"]].value = reason
            row[col["Reviewer"]].value = "A. Analyst"
            row[col["Decision date"]].value = "2026-11-30"
            done += 1
    assert done == 1
    wb.save(path)


def amended_list(un2024_path: Path, path: Path, ref: str, old: str, new: str) -> Path:
    """The real 2024 list with one field of one entry edited."""
    text = un2024_path.read_text(encoding="utf-8")
    at = text.index(f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER>")
    start, end = text.rindex("<INDIVIDUAL>", 0, at), text.index("</INDIVIDUAL>", at)
    block = text[start:end]
    assert old in block
    path.write_text(text[:start] + block.replace(old, new, 1) + text[end:], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first(tmp_path_factory: Any, un2024_path: Path) -> Path:
    tmp = tmp_path_factory.mktemp("rec")
    screen(tmp, un2024_path, VISITOR + CHO + CLEAR, "review-1.xlsx")
    path = tmp / "review-1.xlsx"
    decide(path, "QDi.261", "1990", "False positive", "Different DOB")
    decide(path, "KPi.038", "1960", "True match", "Confirmed true match")
    return path


def test_record_keys() -> None:
    # an ID is the record; without one, name + date of birth + nationality as given
    assert record_key("adem yilmaz", "1990", "Turkish", "V-7") == "id:V-7"
    assert record_key("adem yilmaz", " 1990 ", "Turkish") == record_key("adem yilmaz", "1990",
                                                                        "turkish")
    assert record_key("adem yilmaz", "1990") != record_key("adem yilmaz", "1978")
    assert describe_record(record_key("x", "1990", "Turkish")) == "DOB 1990, nationality turkish"
    assert record_difference(record_key("x", "1990"), record_key("x", "1978")) == (
        "a changed record: date of birth 1990 -> 1978"
    )
    assert record_difference("id:V-1", "id:V-2") == "a different ID (V-1 -> V-2)"


def test_reason_and_date_are_read_back(first: Path) -> None:
    found = {d.reference_number: d for d in read_workbook_decisions(first)}
    fp = found["QDi.261"]
    assert (fp.decision, fp.reason, fp.decision_date) == (
        "False positive", "Different DOB", "2026-11-30")
    assert fp.key == (record_key("adem yilmaz", "1990-03-02", "Turkish"), "QDi.261")
    assert len(fp.list_sha256) == 64  # the list version the decision was taken on


def test_decision_does_not_clear_a_namesake_with_another_dob(
    first: Path, tmp_path: Path, un2024_path: Path
) -> None:
    result = screen(tmp_path, un2024_path, VISITOR + NAMESAKE + CHO, "review-2.xlsx",
                    "--decisions", first)
    out = tmp_path / "review-2.xlsx"
    cleared = sheet(out, "Previously cleared")
    assert [(r["Input name"], r["Input DOB"]) for r in cleared] == [("Adem Yilmaz",
                                                                     cleared[0]["Input DOB"])]
    assert cleared[0]["Reason"] == "Different DOB" and cleared[0]["Reviewer"] == "A. Analyst"
    assert cleared[0]["Decision date"].date().isoformat() == "2026-11-30"
    namesake = [r for r in sheet(out, "Hits") if r["Reference number"] == "QDi.261"]
    assert len(namesake) == 1 and namesake[0]["Input DOB"] == 1978
    assert namesake[0]["Decision"] == "Pending"  # the listed man's DOB: not cleared
    assert "Not carried" in namesake[0]["Decision history"]
    assert "date of birth 1990-03-02 -> 1978" in namesake[0]["Decision history"]
    assert "1 hit(s) of a record that changed are Pending" in result.stderr
    summary = dict(load_workbook(out)["Summary"].iter_rows(values_only=True))
    assert summary["Not carried (record changed)"] == 1 and summary["Previously cleared"] == 1
    history = {r["Reference number"]: r for r in sheet(out, "Decision history")}
    assert history["QDi.261"]["Status in this run"] == "applied"
    assert "not carried to input row(s) 3" in history["QDi.261"]["Detail"]
    assert history["QDi.261"]["Decided in"] == "review-1.xlsx Hits row 3"
    assert history["KPi.038"]["Reason"] == "Confirmed true match"


def test_amended_designation_reopens_and_names_the_field(
    first: Path, tmp_path: Path, un2024_path: Path
) -> None:
    # the decision's list version (the real 2024 list) is in the store
    data = tmp_path / "data"
    imported = CliRunner().invoke(cli, ["--data-dir", str(data), "lists", "import",
                                        str(un2024_path)])
    assert imported.exit_code == 0, imported.output
    amended = amended_list(
        un2024_path, tmp_path / "amended.xml", "KPi.038",
        "Chairman of the Second Economic Committee (SEC) ",
        "Minister of Munitions Industry",
    )
    screen(tmp_path, amended, VISITOR + CHO, "review-2.xlsx", "--decisions", first,
           data_dir=data)
    hits = {r["Reference number"]: r for r in sheet(tmp_path / "review-2.xlsx", "Hits")}
    cho = hits["KPi.038"]
    assert cho["Decision"] == "Pending"
    assert cho["Decision history"].startswith("Re-opened: designations")
    assert '+"Minister of Munitions Industry"' in cho["Decision history"]
    assert '-"Chairman of the Second Economic Committee (SEC)"' in cho["Decision history"]
    assert "Was: True match by A. Analyst [Confirmed true match]" in cho["Decision history"]
    # the false positive on an unchanged entry still stands
    assert [r["Reference number"] for r in sheet(tmp_path / "review-2.xlsx",
                                                 "Previously cleared")] == ["QDi.261"]
    history = {r["Reference number"]: r for r in sheet(tmp_path / "review-2.xlsx",
                                                       "Decision history")}
    assert history["KPi.038"]["Status in this run"] == "re-opened"


def test_a_comment_change_does_not_reopen(first: Path, tmp_path: Path, un2024_path: Path) -> None:
    # a new version number and comment, but no reviewed fact changed: still carried
    data = tmp_path / "data"
    CliRunner().invoke(cli, ["--data-dir", str(data), "lists", "import", str(un2024_path)])
    amended = amended_list(un2024_path, tmp_path / "a.xml", "KPi.038",
                           "<VERSIONNUM>1</VERSIONNUM>", "<VERSIONNUM>2</VERSIONNUM>")
    amended.write_text(amended.read_text(encoding="utf-8").replace(
        "<REFERENCE_NUMBER>KPi.038</REFERENCE_NUMBER>\n            <LISTED_ON>2016-11-30"
        "</LISTED_ON>\n            <COMMENTS1/>",
        "<REFERENCE_NUMBER>KPi.038</REFERENCE_NUMBER>\n            <LISTED_ON>2016-11-30"
        "</LISTED_ON>\n            <COMMENTS1>Seen in 2026.</COMMENTS1>"), encoding="utf-8")
    screen(tmp_path, amended, CHO, "review-2.xlsx", "--decisions", first, data_dir=data)
    (cho,) = sheet(tmp_path / "review-2.xlsx", "Hits")
    assert cho["Decision"] == "True match" and cho["Reason"] == "Confirmed true match"


def test_older_list_version_not_available_is_said(
    first: Path, tmp_path: Path, un2024_path: Path
) -> None:
    # review-1 was taken on a list that is neither stored nor the bundled snapshot
    base = amended_list(un2024_path, tmp_path / "base.xml", "KPi.038",
                        "<COMMENTS1/>", "<COMMENTS1>x</COMMENTS1>")
    screen(tmp_path, base, CHO, "r1.xlsx")
    decide(tmp_path / "r1.xlsx", "KPi.038", "1960", "True match", "Confirmed true match")
    bumped = amended_list(base, tmp_path / "bumped.xml", "KPi.038",
                          "<VERSIONNUM>1</VERSIONNUM>", "<VERSIONNUM>2</VERSIONNUM>")
    screen(tmp_path, bumped, CHO, "r2.xlsx", "--decisions", tmp_path / "r1.xlsx")
    (cho,) = sheet(tmp_path / "r2.xlsx", "Hits")
    assert cho["Decision"] == "Pending"
    assert "list entry version 1 -> 2" in cho["Decision history"]
    assert "is not in the list store, so which fact changed is not known" in cho[
        "Decision history"]


def test_manual_hit_carries_forward(first: Path, tmp_path: Path, un2024_path: Path) -> None:
    r1 = tmp_path / "r1.xlsx"
    r1.write_bytes(first.read_bytes())
    wb = load_workbook(r1)
    ws = wb["Manual hits"]
    headers = [c.value for c in ws[1]]
    row = [None] * len(headers)
    for h, v in {"Input name": "Anna Schmidt", "Input DOB": "1984-03-12",
                 "Input nationality": "German", "Reference number": "qdi. 095",
                 "Reviewer": "B. Lead", "Reason": "other",
                 "Notes": "alias seen in a news report"}.items():
        row[headers.index(h)] = v
    ws.append(row)
    wb.save(r1)
    found = [d for d in read_workbook_decisions(r1) if d.manual]
    assert [(d.reference_number, d.decision, d.reason) for d in found] == [
        ("QDi.095", "Escalated", "Other")]  # no decision given: Escalated
    for n in (2, 3):  # carried through two runs
        screen(tmp_path, un2024_path, VISITOR + CLEAR, f"r{n}.xlsx", "--decisions",
               tmp_path / f"r{n - 1}.xlsx")
        (manual,) = sheet(tmp_path / f"r{n}.xlsx", "Manual hits")
        assert (manual["Input name"], manual["Reference number"], manual["Decision"]) == (
            "Anna Schmidt", "QDi.095", "Escalated")
        assert manual["Reviewer"] == "B. Lead" and manual["Reason"] == "Other"
        assert manual["Input row"] == "3" and manual["Primary name"] == "LIONEL DUMONT"
        assert manual["Notes"] == "alias seen in a news report"
        history = sheet(tmp_path / f"r{n}.xlsx", "Decision history")
        assert [r["Status in this run"] for r in history
                if r["Reference number"] == "QDi.095"] == ["manual hit"]


def test_a_decision_not_in_this_run_is_kept(
    first: Path, tmp_path: Path, un2024_path: Path
) -> None:
    # run 2 screens without Jo Chun Ryong; run 3 has him again and the decision still holds
    screen(tmp_path, un2024_path, VISITOR, "r2.xlsx", "--decisions", first)
    history = {r["Reference number"]: r for r in sheet(tmp_path / "r2.xlsx", "Decision history")}
    assert history["KPi.038"]["Status in this run"] == "not in this run"
    assert history["KPi.038"]["Detail"] == "the record is not in this input"
    screen(tmp_path, un2024_path, VISITOR + CHO, "r3.xlsx", "--decisions", tmp_path / "r2.xlsx")
    cho = next(r for r in sheet(tmp_path / "r3.xlsx", "Hits") if r["Reference number"] == "KPi.038")
    assert cho["Decision"] == "True match" and cho["Reason"] == "Confirmed true match"
    assert "review-1.xlsx Hits row" in cho["Decision history"]  # where it was first taken


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        # a reason that is not one of the codes: one line naming file, sheet and row
        (("Hits", "Reason", "because"), "unknown reason 'because'"),
        (("Manual hits", "Decision", "perhaps"), "unknown decision 'perhaps'"),
    ],
)
def test_bad_reason_or_manual_row_is_refused(
    first: Path, tmp_path: Path, edit: tuple[str, str, str], message: str
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(first.read_bytes())
    wb = load_workbook(path)
    title, header, value = edit
    ws = wb[title]
    headers = [c.value for c in ws[1]]
    if ws.max_row == 1:
        ws.append([None] * len(headers))
    ws.cell(row=2, column=headers.index(header) + 1).value = value
    if title == "Manual hits":
        ws.cell(row=2, column=headers.index("Reference number") + 1).value = "QDi.095"
        ws.cell(row=2, column=headers.index("Input name") + 1).value = "X"
    wb.save(path)
    with pytest.raises(InputError, match=re.escape(message)) as info:
        read_workbook_decisions(path)
    assert str(path) in str(info.value) and f"sheet {title!r} row 2" in str(info.value)


def test_decision_history_status_edited_is_refused(
    first: Path, tmp_path: Path, un2024_path: Path
) -> None:
    # a Status typed over (or its column deleted) would silently drop a carried decision
    screen(tmp_path, un2024_path, VISITOR, "r2.xlsx", "--decisions", first)
    for edit in ("retyped", "deleted"):
        path = tmp_path / f"{edit}.xlsx"
        wb = load_workbook(tmp_path / "r2.xlsx")
        ws = wb["Decision history"]
        if edit == "retyped":
            ws["A2"].value = "keep"
            message = "row 2: unknown 'Status in this run' 'keep'"
        else:
            ws.delete_cols(1)
            message = "lacks the column 'Status in this run'"
        wb.save(path)
        with pytest.raises(InputError, match=re.escape(message)):
            read_workbook_decisions(path)


def test_manual_hits_without_hits_is_refused(first: Path, tmp_path: Path) -> None:
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(first.read_bytes())
    wb = load_workbook(path)
    wb["Hits"].title = "Hits (old)"
    wb.save(path)
    with pytest.raises(InputError, match="not one of the review sheets"):
        read_workbook_decisions(path)


def test_decisions_bind_to_the_record_id(tmp_path: Path, un2024_path: Path) -> None:
    # with an ID column the ID is the record: V-1 cleared, V-2 (same name and DOB) is
    # another visitor and stays Pending; V-1 again with another DOB is a changed record
    def run(rows: str, out: str, *args: Any) -> Path:
        names = tmp_path / f"{out}.csv"
        names.write_text("Visitor ID,name,dob,nationality\n" + rows, encoding="utf-8")
        result = CliRunner().invoke(cli, [
            "--data-dir", str(tmp_path / "data"), "--list", str(un2024_path), "screen",
            str(names), "--id-column", "Visitor ID", "-o", str(tmp_path / out), *map(str, args)])
        assert result.exit_code in (0, 1), result.output
        return tmp_path / out

    first = run("V-1,Adem Yilmaz,1990-03-02,Turkish\n", "r1.xlsx")
    decide(first, "QDi.261", "1990", "False positive", "Different DOB")
    assert read_workbook_decisions(first)[0].key == ("id:V-1", "QDi.261")
    second = run("V-1,Adem Yilmaz,1990-03-02,Turkish\nV-2,Adem Yilmaz,1990-03-02,Turkish\n"
                 "V-1,Adem Yilmaz,1978,Turkish\n", "r2.xlsx", "--decisions", first)
    cleared = sheet(second, "Previously cleared")
    assert [(r["Record ID"], r["Input row"]) for r in cleared] == [("V-1", 2)]
    pending = {r["Input row"]: r for r in sheet(second, "Hits")
               if r["Reference number"] == "QDi.261"}
    assert pending[3]["Decision"] == "Pending"
    assert "a different ID (V-1 -> V-2)" in pending[3]["Decision history"]
    assert pending[4]["Decision"] == "Pending"
    assert ("the record with ID V-1 as it was: date of birth 1990-03-02 -> 1978"
            in pending[4]["Decision history"])
