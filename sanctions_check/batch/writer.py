"""Output side of the batch engine: rows written incrementally, atomically, Excel-safe.

Contract: :class:`RowWriter` writes rows in the layout of
:data:`sanctions_check.screening.rows.HIT_COLUMNS` as CSV, JSON-lines, JSON, Parquet or XLSX
(streamed through a write-only workbook) to a temporary file that replaces the target
only when :meth:`RowWriter.close` succeeds (:mod:`sanctions_check.files.atomic`); formula-like
text stays text.  XLSX is refused with :class:`TooManyRowsForExcel` as soon as the rows
would pass Excel's limit of 1,048,576 rows per sheet.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.atomic import atomic_path
from sanctions_check.files.tabular import (
    csv_safe,
    csv_writer,
    discard_workbook,
    json_default,
    save_xlsx,
    set_cell,
)
from sanctions_check.screening import rows as out_rows

EXCEL_MAX_ROWS = 1_048_576  # rows per worksheet, header included
OUTPUT_FORMATS = ("csv", "jsonl", "json", "parquet", "xlsx")



def output_format(path: str | Path, fmt: str | None = None) -> str:
    name = (fmt or Path(path).suffix.lstrip(".")).lower()
    name = {"ndjson": "jsonl", "pq": "parquet"}.get(name, name)
    if name not in OUTPUT_FORMATS:
        raise InputError(
            f"{path}: unknown output format {name!r} (use .csv, .jsonl, .json, .parquet or .xlsx)"
        )
    return name


class TooManyRowsForExcel(InputError):
    """The output would not fit on one Excel worksheet."""


def excel_refusal(path: str | Path, rows: int) -> TooManyRowsForExcel:
    return TooManyRowsForExcel(
        f"{path}: {rows:,} output rows do not fit in Excel (limit {EXCEL_MAX_ROWS:,} rows "
        "per sheet, header included); write .csv, .parquet or .jsonl instead"
    )


class RowWriter:
    """Writes output rows incrementally to a temporary file; ``close`` puts it in place."""

    def __init__(
        self,
        path: str | Path,
        columns: Sequence[str] = out_rows.HIT_COLUMNS,
        fmt: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.path = Path(path)
        self.columns = tuple(columns)
        self.format = output_format(path, fmt)
        self.count = 0
        self._stack = ExitStack()
        self._tmp = self._stack.enter_context(atomic_path(self.path))
        self._fh: Any = None
        self._parquet: Any = None
        self._meta = meta
        self._xlsx: Any = None
        if self.format in ("csv", "jsonl", "json"):
            self._fh = open(self._tmp, "w", encoding="utf-8", newline="")
            if self.format == "csv":
                self._csv = csv_writer(self._fh)
                self._csv.writerow(self.columns)
            elif self.format == "json":
                self._fh.write('{"rows": [')

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        if self.format == "csv":
            self._csv.writerows(
                ["" if r.get(c) is None else csv_safe(r.get(c)) for c in self.columns] for r in rows
            )
        elif self.format == "jsonl":
            self._fh.write("".join(_json_row(r, self.columns) + "\n" for r in rows))
        elif self.format == "json":
            sep = "," if self.count else ""
            body = ",".join("\n" + _json_row(r, self.columns) for r in rows)
            self._fh.write(sep + body)
        elif self.format == "parquet":
            self._write_parquet(rows)
        else:
            if self.count + len(rows) + 1 > EXCEL_MAX_ROWS:
                raise excel_refusal(self.path, self.count + len(rows) + 1)
            self._write_xlsx(rows)
        self.count += len(rows)

    def _write_parquet(self, rows: Sequence[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            fields = [pa.field(c, _arrow_type(c)) for c in self.columns]
            meta = {"sanctions_check": json.dumps(self._meta or {}, default=json_default)}
            self._schema = pa.schema(fields, metadata=meta)
            self._parquet = pq.ParquetWriter(self._tmp, self._schema)
        data = {c: [r.get(c) for r in rows] for c in self.columns}
        self._parquet.write_table(pa.Table.from_pydict(data, schema=self._schema))

    def _write_xlsx(self, rows: Sequence[dict[str, Any]]) -> None:
        """Stream rows into a write-only workbook (memory stays flat); text stays text."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        if self._xlsx is None:
            self._xlsx = Workbook(write_only=True)
            self._sheet = self._xlsx.create_sheet("Rows")
            self._sheet.freeze_panes = "A2"
            self._sheet.append(list(self.columns))
        for row in rows:
            cells = []
            for c in self.columns:
                cell = WriteOnlyCell(self._sheet)
                set_cell(cell, row.get(c))
                cells.append(cell)
            self._sheet.append(cells)

    def close(self, meta: dict[str, Any] | None = None) -> int:
        """Finish the file and move it into place; returns the rows written."""
        meta = meta if meta is not None else self._meta
        if self.format == "json":
            self._fh.write("\n], ")
            self._fh.write('"meta": ' + json.dumps(meta or {}, default=json_default) + "}\n")
        if self._fh is not None:
            self._fh.close()
        if self.format == "parquet":
            if self._parquet is None:
                self._write_parquet([])
            self._parquet.close()
        if self.format == "xlsx":
            if self._xlsx is None:
                self._write_xlsx([])
            from openpyxl.cell import WriteOnlyCell

            run = self._xlsx.create_sheet("Run")
            for key, value in (meta or {}).items():
                if isinstance(value, dict | list):
                    value = json.dumps(value, default=json_default)
                cells = [WriteOnlyCell(run), WriteOnlyCell(run)]
                set_cell(cells[0], key)
                set_cell(
                    cells[1],
                    value if value is None or isinstance(value, int | float) else str(value),
                )
                run.append(cells)
            save_xlsx(self._xlsx, self._tmp)
        self._stack.close()
        return self.count

    def abort(self) -> None:
        """Remove the temporary file; the target is left as it was."""
        try:
            if self._fh is not None:
                self._fh.close()
            if self._parquet is not None:
                self._parquet.close()
            if self._xlsx is not None:
                discard_workbook(self._xlsx)
        finally:
            self._stack.__exit__(RuntimeError, RuntimeError("aborted"), None)


def _json_row(row: dict[str, Any], columns: Sequence[str]) -> str:
    return json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, default=json_default)


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    if column == "input_row":
        return pa.int64()
    if column in ("score", "min_score"):
        return pa.float64()
    return pa.string()
