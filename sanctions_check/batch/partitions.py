"""The Dask engine's input: a CSV or Parquet file cut into partitions, and each partition's queries.

Contract: :func:`csv_parts` cuts a CSV file into byte ranges of about ``blocksize``
bytes that end at a line end outside quoted fields; each :class:`Part` knows the line
number it starts on, counted as the :mod:`csv` module counts lines (``\\n``,
``\\r\\n``, ``\\r``).  :func:`parquet_parts` cuts ``num_rows`` records into ranges of
``rows_per_part``.  :func:`read_part` runs on a worker: it reads one part of a
:class:`~sanctions_check.screening.source.Source` itself (a Parquet part only the row
groups it touches) and returns its queries as a pandas DataFrame with the columns
:data:`QUERY_COLUMNS` followed by the input's pass-through columns (``input.<header>``,
:func:`~sanctions_check.screening.rows.passthrough_columns`), where ``input_row`` is the row
number the single-machine engine gives the same row (spreadsheet-style line number for CSV, record number + 1 for
Parquet).  A CSV part that cannot be decoded raises
:class:`~sanctions_check.errors.InputError`.  pandas and pyarrow are imported when a
part is read, not with this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.csvrecords import check_record, csv_records
from sanctions_check.files.tableinput import parquet_file
from sanctions_check.files.textinput import line_guard
from sanctions_check.matching.hits import Query
from sanctions_check.screening.inputs import parquet_queries, parquet_wanted
from sanctions_check.screening.rows import passthrough_columns
from sanctions_check.screening.source import Source


@dataclass(frozen=True)
class Part:
    """One input partition: a CSV byte range or a Parquet record range."""

    index: int
    start: int  # byte offset (CSV) or first record (Parquet)
    end: int  # exclusive
    first_line: int = 1  # CSV: line number of the byte at ``start``


def csv_parts(path: Path, blocksize: int, quotechar: bytes = b'"') -> list[Part]:
    """Byte ranges of about ``blocksize`` that end at a line end outside quotes.

    Lines are counted as the :mod:`csv` module counts them (``\\n``, ``\\r\\n``, ``\\r``),
    so each part knows the line number it starts on.
    """
    size = path.stat().st_size
    parts: list[Part] = []
    start, first_line, line, quotes, pos, prev_cr = 0, 1, 1, 0, 0, False
    target = blocksize
    guard = line_guard(path)  # a huge line would make one huge partition
    with open(path, "rb") as fh:
        while piece := fh.read(1 << 20):
            guard.feed(piece)
            offset = 0
            while offset < len(piece):
                cut = -1
                if pos + len(piece) > target:  # the next boundary may be in this piece
                    i = max(offset, target - pos)
                    q = quotes + piece.count(quotechar, offset, i)
                    while (j := piece.find(b"\n", i)) >= 0:
                        q += piece.count(quotechar, i, j)
                        if q % 2 == 0:
                            cut = j + 1
                            break
                        i = j + 1
                stop = cut if cut >= 0 else len(piece)
                seg = piece[offset:stop]
                quotes += seg.count(quotechar)
                line += seg.count(b"\n") + seg.count(b"\r") - seg.count(b"\r\n")
                line -= 1 if prev_cr and seg[:1] == b"\n" else 0
                prev_cr = seg[-1:] == b"\r"
                offset = stop
                if cut >= 0:
                    parts.append(Part(len(parts), start, pos + cut, first_line))
                    start, first_line = pos + cut, line
                    target = start + blocksize
            pos += len(piece)
    if start < size or not parts:
        parts.append(Part(len(parts), start, size, first_line))
    return parts


def parquet_parts(num_rows: int, rows_per_part: int) -> list[Part]:
    return [
        Part(i, start, min(start + rows_per_part, num_rows))
        for i, start in enumerate(range(0, max(num_rows, 1), rows_per_part))
    ]


QUERY_COLUMNS = ("input_row", "name", "kind", "dob", "nationality", "record_id")


def read_part(spec: tuple[Source, Part]) -> Any:
    """The queries of one partition as a pandas DataFrame (runs on a worker)."""
    import pandas as pd

    binput, part = spec
    queries = _part_queries(binput, part) if binput.format != "empty" else []
    return pd.DataFrame(
        {
            "input_row": pd.Series([q.row for q in queries], dtype="int64"),
            "name": pd.Series([q.name for q in queries], dtype=object),
            "kind": pd.Series([q.kind for q in queries], dtype=object),
            "dob": pd.Series([q.dob for q in queries], dtype=object),
            "nationality": pd.Series([q.nationality for q in queries], dtype=object),
            "record_id": pd.Series([q.record_id for q in queries], dtype=object),
            **{
                key: pd.Series([q.passthrough[i][1] for q in queries], dtype=object)
                for i, key in enumerate(passthrough_columns(binput.passthrough))
            },
        }
    )


def _part_queries(binput: Source, part: Part) -> list[Query]:
    cols = binput.columns
    assert cols is not None
    if binput.format == "parquet":
        pf = parquet_file(binput.path)
        names = list(pf.schema_arrow.names)
        wanted = parquet_wanted(cols)
        table = _parquet_slice(pf, part, [names[i] for i in wanted])
        return parquet_queries(table, wanted, part.start, cols, binput.default_kind,
                                          binput.spec.date_order)
    with open(binput.path, "rb") as fh:
        fh.seek(part.start)
        data = fh.read(part.end - part.start)
    encoding = binput.encoding or "utf-8"
    if part.start == 0 and encoding == "utf-8":
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{binput.path}: cannot decode as {binput.encoding}: {exc}") from None
    import io

    assert binput.delimiter is not None
    records = csv_records(io.StringIO(text, newline=""), binput.delimiter, binput.path)
    out = []
    skip = cols.has_header and part.start == 0
    for record in records:
        if skip:
            skip = False
            continue
        check_record(record._replace(line=record.line + part.first_line - 1,
                                     end=record.end + part.first_line - 1),
                     cols.name_columns, binput.header_width, binput.path)
        out.append(cols.query(record.cells, record.line + part.first_line - 1,
                              binput.default_kind, binput.spec.date_order))
    return out


def _parquet_slice(pf: Any, part: Part, columns: list[str]) -> Any:
    """Records [start, end) of a Parquet file, reading only the row groups they touch."""
    import pyarrow as pa

    tables, first = [], 0
    for g in range(pf.metadata.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        if first + n > part.start and first < part.end:
            t = pf.read_row_group(g, columns=columns)
            lo, hi = max(part.start - first, 0), min(part.end - first, n)
            tables.append(t.slice(lo, hi - lo))
        first += n
    if not tables:
        return pf.schema_arrow.empty_table().select(columns)
    return pa.concat_tables(tables)


__all__ = ["QUERY_COLUMNS", "Part", "csv_parts", "parquet_parts", "read_part"]
