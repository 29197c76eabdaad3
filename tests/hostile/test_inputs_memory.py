"""Issue 16 item 5: an input is refused while it is read, before it fills memory.

A CSV with one huge line was read, decoded and split whole before the line-length check
(3.2 GB for a 1 GB line); an XLSX of a few MB can hold a cell of a gigabyte, which
openpyxl builds in memory.  The inputs are written in chunks (the XLSX compresses to a
few MB) under a 1 GiB address-space limit, so the old behaviour fails with exit 70 or
is killed, and the files are deleted afterwards.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_support import GIB, run_cli

HUGE = 600 * 1024 * 1024  # bytes: read whole twice or more, it passes the 1 GiB limit
BLOCK = b"A" * (1 << 20)


@pytest.fixture
def huge_line_csv(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "long.csv"
    with path.open("wb") as fh:
        fh.write(b"name\nKim Jong Sik\n")
        for _ in range(HUGE // len(BLOCK)):
            fh.write(BLOCK)
        fh.write(b"\nJo Chun Ryong\n")
    yield path
    path.unlink()


@pytest.mark.parametrize("engine", ["simple", "batch"])
def test_huge_line_is_refused_while_reading(tmp_path: Path, un2024_path: Path,
                                            huge_line_csv: Path, engine: str) -> None:
    out = tmp_path / "out.csv"
    run = run_cli("--list", un2024_path, "screen", huge_line_csv, "--engine", engine,
                  "-o", out, "--workers", "1", data_dir=tmp_path / "data",
                  memory_bytes=GIB, timeout=300)
    assert run.code == 2, run.stderr
    assert "long.csv" in run.error_lines[-1] and "line 3" in run.error_lines[-1], run.stderr
    assert "internal error" not in run.stderr and not out.exists()


@pytest.fixture
def huge_cell_xlsx(tmp_path: Path) -> Iterator[Path]:
    from openpyxl import Workbook

    small = tmp_path / "small.xlsx"
    wb = Workbook()
    wb.active.append(["name"])
    wb.active.append(["PLACEHOLDER"])
    wb.save(small)
    path = tmp_path / "cell.xlsx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if b"PLACEHOLDER" not in src.read(info):
                dst.writestr(info, src.read(info))
                continue
            head, tail = src.read(info).split(b"PLACEHOLDER")  # openpyxl: an inline string
            with dst.open(info.filename, "w", force_zip64=True) as fh:
                fh.write(head)
                for _ in range(HUGE // len(BLOCK)):
                    fh.write(BLOCK)
                fh.write(tail)
    small.unlink()
    yield path
    path.unlink()


def test_huge_xlsx_cell_is_refused_before_it_is_built(tmp_path: Path, un2024_path: Path,
                                                      huge_cell_xlsx: Path) -> None:
    assert huge_cell_xlsx.stat().st_size < 5 * 1024 * 1024  # a small file on disk
    run = run_cli("--list", un2024_path, "screen", huge_cell_xlsx,
                  data_dir=tmp_path / "data", memory_bytes=GIB, timeout=300)
    assert run.code == 2, run.stderr
    assert len(run.error_lines) == 1 and "cell.xlsx" in run.stderr, run.stderr
    assert "100,000 characters" in run.stderr
