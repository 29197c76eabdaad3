"""Issue 16 item 3: a misread encoding garbles names, which then come back clear.

A UTF-8 file with one Windows-1252 line was decoded whole as Windows-1252 (its Arabic
name garbled: no hit); one-row Windows-1256 Arabic and short Windows-1251 files were
read as Windows-1252 without a word.  Now the lines that are not UTF-8 are named, a
legacy code page is used only when the whole file reads plausibly, the encoding is
always reported, with a warning when it is a weak guess, and ``--encoding`` forces one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import run_cli
from openpyxl import load_workbook

ARABIC = "محمد طاهر أنوري"  # TAi.005's name in Arabic script, as the list has it
CYRILLIC = "Умаров Доку Хаматович"  # QDi.290's name in Cyrillic, as the list has it
MIXED = b"name\n" + ARABIC.encode("utf-8") + b"\n" + "José García\n".encode("cp1252")


def screen(tmp_path: Path, un2024_path: Path, *args: str | Path):  # type: ignore[no-untyped-def]
    return run_cli("--list", un2024_path, "screen", *args, data_dir=tmp_path / "data")


@pytest.mark.parametrize("engine", ["simple", "batch"])
def test_utf8_file_with_a_cp1252_line_names_the_line(tmp_path: Path, un2024_path: Path,
                                                     engine: str) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(MIXED)
    out = tmp_path / "out.csv"
    run = screen(tmp_path, un2024_path, path, "--engine", engine, "-o", out, "--workers", "1")
    assert run.code == 2, run.stderr
    assert "mixed.csv" in run.error_lines[-1] and "line 3" in run.error_lines[-1], run.stderr
    assert not out.exists()


def test_encoding_option_forces_the_codec(tmp_path: Path, un2024_path: Path) -> None:
    # the reviewer knows better: --encoding cp1252 reads the same file, and says so
    path = tmp_path / "mixed.csv"
    path.write_bytes(MIXED)
    run = screen(tmp_path, un2024_path, path, "--encoding", "cp1252")
    assert run.code == 0 and "cp1252" in run.stderr, run.stderr
    run = screen(tmp_path, un2024_path, path, "--encoding", "no-such-codec")
    assert run.code == 2 and "no-such-codec" in run.stderr


@pytest.mark.parametrize(
    ("name", "codec", "reference"),
    [
        (ARABIC, "cp1256", "TAi.005"),  # one row of Arabic: read as cp1252 it cleared
        (CYRILLIC, "cp1251", "QDi.290"),  # one row of Russian Excel output
    ],
)
def test_one_row_legacy_file_is_read_and_the_guess_is_flagged(
    tmp_path: Path, un2024_path: Path, name: str, codec: str, reference: str
) -> None:
    path = tmp_path / "one.csv"
    path.write_bytes(f"name\n{name}\n".encode(codec))
    out = tmp_path / "review.xlsx"
    run = screen(tmp_path, un2024_path, path, "-o", out)
    assert run.code == 1, run.stderr  # the listed person is found
    assert codec in run.stderr and "weak guess" in run.stderr
    summary = {row[0]: row[1] for row in load_workbook(out)["Summary"].iter_rows(values_only=True)}
    assert summary["Input encoding"] == codec
    assert "weak guess" in summary["Input encoding warning"]
    hits = load_workbook(out)["Hits"]
    assert any(reference in (row or ()) for row in hits.iter_rows(values_only=True))


def test_undecidable_bytes_are_refused(tmp_path: Path, un2024_path: Path) -> None:
    # no code page reads these as names: refused instead of screening mojibake
    path = tmp_path / "noise.csv"
    path.write_bytes(b"name\n" + bytes(range(0x80, 0x100)) * 4 + b"\n")
    run = screen(tmp_path, un2024_path, path)
    assert run.code == 2 and len(run.error_lines) == 1 and "noise.csv" in run.stderr


def test_compare_pairs_names_the_line_too(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_bytes(b"name1,name2\n" + f"{ARABIC},{ARABIC}\n".encode()
                     + "José,Jose\n".encode("cp1252"))
    run = run_cli("compare", "--pairs", path, data_dir=tmp_path / "data")
    assert run.code == 2 and "pairs.csv" in run.stderr and "line 3" in run.stderr, run.stderr


def test_watch_names_file_with_an_encoding_key(tmp_path: Path, un2024_path: Path) -> None:
    from sanctions_check.lists.store import ListStore

    (tmp_path / "watched.csv").write_bytes(f"name\n{ARABIC}\n".encode("cp1256"))
    config = tmp_path / "watch.toml"
    config.write_text('data_dir = "state"\n[list]\nurl = false\nmax_age_days = 0\n'
                      '[[names]]\npath = "watched.csv"\nencoding = "cp1256"\n')
    ListStore(tmp_path / "state").import_file(un2024_path)
    run = run_cli("watch", "--config", config, data_dir=tmp_path / "state")
    assert run.code == 1 and "TAi.005" in run.stdout, run.stderr
