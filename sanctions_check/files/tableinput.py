"""Open the binary table files a user gives: XLSX workbooks and Parquet files.

Contract: :func:`open_xlsx` opens a workbook read-only after :func:`check_xlsx_parts` has
checked its compressed parts as they unpack (at most
:data:`~sanctions_check.files.textinput.MAX_BYTES` unpacked, no cell or value over
:data:`~sanctions_check.files.textinput.MAX_LINE_CHARS` characters), before openpyxl
builds anything in memory; a password-protected workbook is named as such.
:func:`xlsx_rows` reads one sheet's rows as (row number, cell values), formulas as
written (never evaluated).  :func:`parquet_file` opens a Parquet file with pyarrow
(installed with the ``dask`` extra).  Every problem raises
:class:`~sanctions_check.errors.InputError`: one line naming the file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.reading import READ_BLOCK, LineGuard, encrypted_workbook_message
from sanctions_check.files.textinput import MAX_BYTES, MAX_LINE_CHARS

MAX_XML_TEXT_BYTES = 10 * MAX_LINE_CHARS  # XML escapes: "&#x10FFFF;" is 10 bytes for one
_ENCRYPTION_PROBE = 64 * 1024**2  # read this much of an unreadable workbook to name why


def check_xlsx_parts(path: Path) -> None:
    """InputError when a workbook unpacks to more than :data:`MAX_BYTES` or holds a cell
    of more than :data:`MAX_LINE_CHARS` characters; checked on the compressed parts as they
    unpack, before openpyxl builds anything in memory.  Unreadable ZIPs are left to openpyxl."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > MAX_BYTES:
            raise InputError(f"{path}: the workbook unpacks to {total:,} bytes "
                             f"(limit {MAX_BYTES:,}); not a name list")
        for info in infos:
            if not info.filename.endswith(".xml"):
                continue
            guard = LineGuard(path, MAX_XML_TEXT_BYTES, "", ends=(b"<",))
            try:
                with zf.open(info) as fh:
                    while block := fh.read(READ_BLOCK):
                        guard.feed(block)
            except InputError:
                raise InputError(
                    f"{path}: {info.filename} holds a cell or value of more than "
                    f"{MAX_LINE_CHARS:,} characters; not a name list"
                ) from None
            except Exception:  # a damaged part: openpyxl says what is wrong
                return


def open_xlsx(path: Path, what: str = "XLSX workbook", data_only: bool = False) -> Any:
    """Open a workbook read-only; InputError (one line) if it is not a readable workbook.

    ``data_only=False`` keeps formula cells as their text (never evaluated).
    """
    from openpyxl import load_workbook

    check_xlsx_parts(path)
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except (
        Exception
    ) as exc:  # openpyxl raises many kinds (BadZipFile, KeyError...) on corrupt files
        try:
            with open(path, "rb") as fh:
                encrypted = encrypted_workbook_message(fh.read(_ENCRYPTION_PROBE), path)
        except OSError:
            encrypted = None
        if encrypted:
            raise InputError(encrypted) from None
        raise InputError(f"{path}: not a readable {what} ({type(exc).__name__}: {exc})") from None


def xlsx_rows(path: Path, sheet: str | None) -> tuple[str, list[tuple[int, list[Any]]]]:
    """(sheet title, [(row number, cell values)]) of ``sheet`` (None: the first sheet)."""
    wb = open_xlsx(path)
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                shown = ", ".join(repr(s) for s in wb.sheetnames)
                raise InputError(f"{path}: no sheet {sheet!r} (sheets: {shown})")
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        rows: list[tuple[int, list[Any]]] = []
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = list(values)
                for value in cells:
                    if isinstance(value, str) and len(value) > MAX_LINE_CHARS:
                        raise InputError(
                            f"{path}: row {number} has a cell of {len(value):,} characters "
                            f"(limit {MAX_LINE_CHARS:,})"
                        )
                rows.append((number, cells))
        except InputError:
            raise
        except Exception as exc:
            raise InputError(
                f"{path}: sheet {ws.title!r} cannot be read ({type(exc).__name__}: {exc})"
            ) from None
        return ws.title, rows
    finally:
        wb.close()


def parquet_file(path: Path) -> Any:
    """A ``pyarrow.parquet.ParquetFile``; InputError when pyarrow is missing or the file
    is not a readable Parquet file."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"{path}: reading Parquet needs pyarrow (pip install 'sanctions-check[dask]')"
        ) from None
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError...
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None


__all__ = ["check_xlsx_parts", "open_xlsx", "parquet_file", "xlsx_rows"]
