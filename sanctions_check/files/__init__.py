"""Files: the lowest stage, reading and writing the user's files.

Contract: atomic writes (nothing half-written is ever visible), decoding and reading
user files (CSV records, sheets), tabular writers (CSV / JSON / XLSX / Parquet), the
directory lock, the msgpack pack file and number formatting.  Imports nothing of
sanctions_check but :mod:`sanctions_check.errors`.
"""

from sanctions_check.files.atomic import atomic_path, atomic_write_bytes, atomic_write_text
from sanctions_check.files.decoding import decode_text
from sanctions_check.files.reading import read_user_file
from sanctions_check.files.tabular import table_format, write_table

__all__ = ["atomic_path", "atomic_write_bytes", "atomic_write_text", "decode_text", "read_user_file", "table_format", "write_table"]
