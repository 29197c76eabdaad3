"""Dask engine input: CSV byte ranges start on a record and know their first line number."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from sanctions_check.batch.partitions import csv_parts


def test_csv_parts_keep_line_numbers_and_quoted_fields() -> None:
    # random CSVs with quoted line breaks, CRLF / CR / LF ends and blank lines: every split
    # starts on a record and knows its first line number, as the csv module counts lines
    rng = random.Random(7)
    for _ in range(100):
        lines = []
        for i in range(rng.randrange(1, 40)):
            pick = rng.random()
            cell = '"two\nlines",x' if pick < 0.1 else '"a ""q""\r\nb",y' if pick < 0.2 else ""
            lines.append(cell or f"name{i},k")
        ends = [rng.choice(["\n", "\r\n", "\r"]) if rng.random() < 0.2 else "\n" for _ in lines]
        text = "".join(a + b for a, b in zip(lines, ends, strict=True))
        path = Path(__file__).parent / ".parts.csv"
        try:
            path.write_bytes(text.encode())
            got = []
            for part in csv_parts(path, rng.randrange(1, 30)):
                chunk = text.encode()[part.start : part.end].decode()
                reader = csv.reader(io.StringIO(chunk, newline=""))
                prev = 0
                for cells in reader:
                    got.append((prev + part.first_line, cells))
                    prev = reader.line_num
        finally:
            path.unlink()
        reader = csv.reader(io.StringIO(text, newline=""))
        want, prev = [], 0
        for cells in reader:
            want.append((prev + 1, cells))
            prev = reader.line_num
        assert got == want
