"""The one input reader: open_source read whole or streamed gives the same rows and refusals."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sanctions_check.errors import InputError
from sanctions_check.screening.inputs import iter_chunks, read_queries
from sanctions_check.screening.source import open_source

ROWS = [("Kim Jong Sik", "person"), ("", ""), ("Angela Merkel", "person"),
        ("Korea Mining Development Trading Corporation", "org"), ("Ri Pyong Chol", "")]


def _write(tmp_path: Path, fmt: str) -> Path:
    """The same five rows (one blank) as CSV, text, XLSX or Parquet."""
    if fmt == "csv":
        path = tmp_path / "in.csv"
        path.write_text("name,kind\n" + "".join(f"{n},{k}\n" for n, k in ROWS), "utf-8")
    elif fmt == "txt":
        path = tmp_path / "in.txt"
        path.write_text("# names\n" + "".join(f"{n}\n" for n, _k in ROWS), "utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.append(["name", "kind"])
        for row in ROWS:
            wb.active.append(list(row))
        path = tmp_path / "in.xlsx"
        wb.save(path)
    else:
        import pandas as pd

        path = tmp_path / "in.parquet"
        frame = pd.DataFrame(ROWS, columns=["name", "kind"])
        frame.to_parquet(path, row_group_size=2)
    return path


@pytest.mark.parametrize("fmt", ["csv", "txt", "xlsx", "parquet"])
@pytest.mark.parametrize("size", [1, 2, None])  # None: one chunk
def test_whole_and_streamed_reads_give_the_same_queries(
    tmp_path: Path, fmt: str, size: int | None
) -> None:
    path = _write(tmp_path, fmt)
    whole = read_queries(path)
    streamed = [q for c in iter_chunks(open_source(path), size) for q in c.queries]
    assert streamed == list(whole.queries)
    assert whole.format == fmt
    # the blank row is skipped, its number kept: header row 1 (text: the comment line)
    assert [q.row for q in whole.queries] == [2, 4, 5, 6]


def test_parquet_is_read_whole_too(tmp_path: Path) -> None:
    # the in-memory engine's reader refused Parquet as a binary file before it was the one reader
    got = read_queries(_write(tmp_path, "parquet"))
    assert [(q.name, q.kind) for q in got.queries][:2] == [("Kim Jong Sik", "person"),
                                                          ("Angela Merkel", "person")]
    assert got.describe().startswith("in.parquet: 4 rows (parquet)")


def test_chunk_positions_count_their_unit(tmp_path: Path) -> None:
    # XLSX and Parquet positions are rows consumed; a streamed CSV's are bytes consumed
    xlsx = open_source(_write(tmp_path, "xlsx"))
    assert [c.position for c in iter_chunks(xlsx, 3)] == [3, 4] and xlsx.size == 4
    csv_path = _write(tmp_path, "csv")
    csv = open_source(csv_path)
    assert [c.position for c in iter_chunks(csv, 10)] == [csv_path.stat().st_size] == [csv.size]


def test_a_whole_read_keeps_the_sha256_of_the_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, "csv")
    assert read_queries(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("in.csv", b"", "the file is empty"),  # nothing to screen
        ("in.csv", b"\x00\x01\x02binary" * 100, "binary"),  # not a name list
        ("in.csv", b"id,city\n1,Paris\n", "no obvious name column"),  # no name column
        ("in.csv", b'name\n"Kim Jong Sik\nRi Pyong Chol\n', "never closed"),  # stray quote
        ("in.csv", b"name\n" + b"x" * 100_001 + b"\n", "limit 100,000"),  # huge line
        ("in.xlsx", b"PK\x03\x04 not really a zip", "not a readable XLSX workbook"),
        ("in.parquet", b"PAR1 not really parquet", "not a readable Parquet file"),
    ],
    ids=["empty", "binary", "no-name-column", "open-quote", "huge-line", "bad-xlsx", "bad-parquet"],
)
@pytest.mark.parametrize("whole", [True, False])
def test_bad_inputs_are_one_line_errors_either_way(
    tmp_path: Path, name: str, content: bytes, message: str, whole: bool
) -> None:
    src = tmp_path / name
    src.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        list(iter_chunks(open_source(src, whole=whole)))
    text = str(caught.value)
    assert text.startswith(str(src)) and "\n" not in text


@pytest.mark.parametrize("whole", [True, False])
def test_missing_file_and_unknown_format_are_refused(tmp_path: Path, whole: bool) -> None:
    with pytest.raises(InputError, match="no such file"):
        open_source(tmp_path / "missing.csv", whole=whole)
    path = _write(tmp_path, "csv")
    with pytest.raises(InputError, match="unknown input format 'docx'"):
        open_source(path, fmt="docx", whole=whole)


def test_text_input_line_numbers(tmp_path: Path) -> None:
    src = tmp_path / "names.txt"
    src.write_text(
        "# visitors\nKim Jong Sik\n\nAngela Merkel\r\nSaddam Hussein\n", encoding="utf-8"
    )
    binput = open_source(src)
    got = [q for c in iter_chunks(binput, 2) for q in c.queries]
    assert got == list(read_queries(src).queries)


def test_xlsx_input_uses_the_chosen_column(tmp_path: Path) -> None:
    from openpyxl import Workbook

    # an explicit --column must be honoured for workbooks too (not the detected "name")
    wb = Workbook()
    ws = wb.active
    ws.append(["name", "alias"])
    ws.append(["Angela Merkel", "Kim Jong Sik"])
    src = tmp_path / "in.xlsx"
    wb.save(src)
    binput = open_source(src, column="alias")
    assert [q.name for c in iter_chunks(binput) for q in c.queries] == ["Kim Jong Sik"]
