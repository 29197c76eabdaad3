"""Hostile files and limits met while reading inputs and writing outputs (issue 16, item 11):
a file-size limit while writing XLSX, a password-protected workbook, and bidi/control
characters in list names (escaped on the terminal, kept in files)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import GIB, REPO, run_cli

from sanctions_check.lists.store import ListStore

UN2024 = REPO / "lists" / "un-consolidated-2024-09-26.xml"
UN2020 = REPO / "tests" / "data" / "un-consolidated-2020-03-20.xml"
ENCRYPTED = Path(__file__).parent / "data" / "encrypted-names.xlsx"  # password "secret"
MEMORY = 4 * GIB
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: shows the rest of the line reversed


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines and "Traceback" not in stderr and "internal error" not in stderr, stderr
    return lines[-1]


@pytest.mark.parametrize("command", ["diff", "screen"])
def test_a_file_size_limit_while_writing_xlsx_is_one_line(tmp_path: Path, command: str) -> None:
    data = tmp_path / "data"
    ListStore(data).import_file(UN2020)
    ListStore(data).import_file(UN2024)
    out = tmp_path / "out.xlsx"
    names = tmp_path / "names.csv"
    names.write_text("name\nKim Jong Sik\nJohn Smith\n")
    args = ("lists", "diff", "-o", out) if command == "diff" else ("screen", names, "-o", out)
    run = run_cli(*args, data_dir=data, memory_bytes=MEMORY, file_bytes=4096)
    assert run.code == 2, run.stderr
    line = one_error_line(run.stderr)
    assert "out.xlsx" in line and "too large" in line.lower()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "names.csv"]  # no leftovers


def test_a_password_protected_workbook_is_called_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ListStore(data).import_file(UN2024)
    run = run_cli("screen", ENCRYPTED, data_dir=data, memory_bytes=MEMORY)
    assert run.code == 2
    line = one_error_line(run.stderr)
    assert "password-protected" in line and ".xls " not in line and ENCRYPTED.name in line


def test_bidi_controls_in_list_names_are_escaped_on_the_terminal_only(tmp_path: Path) -> None:
    text = UN2024.read_text("utf-8")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(text.replace("<FIRST_NAME>ABDUL LATIF</FIRST_NAME>",
                                    f"<FIRST_NAME>ABDUL{RLO}FITAL\x9b2J</FIRST_NAME>", 1),
                       "utf-8")
    data = tmp_path / "data"
    run = run_cli("lists", "diff", UN2024, hostile, data_dir=data, memory_bytes=MEMORY)
    assert run.code == 0, run.stderr
    assert "1 amended" in run.stdout
    assert RLO not in run.stdout and "\x9b" not in run.stdout
    assert "ABDUL\\u202eFITAL\\u009b2J" in run.stdout
    out = tmp_path / "diff.csv"
    run = run_cli("lists", "diff", UN2024, hostile, "-o", out, data_dir=data,
                  memory_bytes=MEMORY)
    assert run.code == 0 and f"ABDUL{RLO}FITAL" in out.read_text("utf-8")  # files keep data
