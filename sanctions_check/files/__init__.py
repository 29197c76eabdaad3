"""Files: the lowest stage, reading and writing the user's files.

Contract: atomic writes (nothing half-written is ever visible), decoding and reading
user files (CSV records, sheets), tabular writers (CSV / JSON / XLSX / Parquet), the
directory lock, the msgpack pack file and number formatting.  Imports nothing of
sanctions_check but :mod:`sanctions_check.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sanctions_check.files.lazy import lazy_exports

if TYPE_CHECKING:
    from sanctions_check.files.atomic import atomic_path, atomic_write_bytes, atomic_write_text
    from sanctions_check.files.decoding import decode_text
    from sanctions_check.files.reading import read_user_file
    from sanctions_check.files.tabular import table_format, write_table

# imported on first use: importing one module of the package runs none of the others
__getattr__, __dir__ = lazy_exports(__name__, {
    "atomic_path": "sanctions_check.files.atomic:atomic_path",
    "atomic_write_bytes": "sanctions_check.files.atomic:atomic_write_bytes",
    "atomic_write_text": "sanctions_check.files.atomic:atomic_write_text",
    "decode_text": "sanctions_check.files.decoding:decode_text",
    "read_user_file": "sanctions_check.files.reading:read_user_file",
    "table_format": "sanctions_check.files.tabular:table_format",
    "write_table": "sanctions_check.files.tabular:write_table",
})

__all__ = ["atomic_path", "atomic_write_bytes", "atomic_write_text", "decode_text", "read_user_file", "table_format", "write_table"]
