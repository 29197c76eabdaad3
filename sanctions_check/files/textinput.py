"""The bytes and text of a name file the user gives, whole or streamed, within the limits.

Contract: the limits of an input (:data:`MAX_LINE_CHARS` characters a line or cell,
:data:`MAX_BYTES` a file) and the two ways its text is read, used by
:mod:`sanctions_check.screening.source`:

* whole: :func:`read_input_bytes` returns the file's bytes through
  :func:`~sanctions_check.files.reading.read_user_file`, checking them while they are read
  (a binary head is refused, a line over the limit too; a ZIP (XLSX), an old .xls or a
  Parquet file is left to its own reader); :func:`decode_input` decodes them as
  :func:`~sanctions_check.files.decoding.decode_text` judges the whole file, refusing NUL
  characters and over-long lines by number;
* streamed: :func:`head_bytes` and :func:`head_encoding` judge the encoding on the first
  :data:`~sanctions_check.files.decoding.SNIFF_BYTES`; :func:`open_text` opens the file as
  text whose lines are checked for length before they are built in memory and whose
  bytes consumed are counted (``counter.count``) for progress.

Every problem raises :class:`~sanctions_check.errors.InputError`: one line naming the file.
:func:`count_lines` counts a file's rows from its bytes (to choose an engine).
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

from sanctions_check.errors import InputError
from sanctions_check.files.decoding import (
    SNIFF_BYTES,
    Decoded,
    bom_encoding,
    check_codec,
    decode_text,
    guess_encoding,
    nul_encoding,
)
from sanctions_check.files.reading import LineGuard, read_user_file

MAX_LINE_CHARS = 100_000  # one line / cell longer than this is hostile, not a name list
MAX_BYTES = 2 * 1024**3
MAX_LINE_BYTES = 4 * MAX_LINE_CHARS + 4  # UTF-8 / UTF-16 / UTF-32: at most 4 bytes a character
STREAM_BLOCK = 1 << 20
#: the first bytes of the binary formats read by their own readers (XLSX, .xls, Parquet)
BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"PAR1")
BLANK_BYTES = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"  # what an empty file may hold (BOMs included)


def line_guard(path: Path) -> LineGuard:
    """The streaming line-length check of a CSV / text input."""
    return LineGuard(path, MAX_LINE_BYTES, f"{MAX_LINE_CHARS:,} characters")


def long_line_error(path: Path, number: int, length: int) -> InputError:
    return InputError(f"{path}: line {number} is {length:,} characters long "
                      f"(limit {MAX_LINE_CHARS:,}); not a name list")


class _TextCheck:
    """Checks a text input while it is read: not binary (first block), no line too long.

    A ZIP (XLSX), an old .xls or a Parquet file is left to its own reader."""

    def __init__(self, path: Path, binary: bool) -> None:
        self.path = path
        self.skip = binary
        self.first = True
        self.guard = line_guard(path)

    def __call__(self, block: bytes) -> None:
        if self.first:
            self.first = False
            self.skip = self.skip or block.startswith(BINARY_MAGIC)
            head = block[:SNIFF_BYTES]
            if not self.skip and bom_encoding(head) is None and b"\x00" in head:
                nul_encoding(head, self.path)
        if not self.skip:
            self.guard.feed(block)


def read_input_bytes(path: Path, binary: bool = False) -> bytes:
    """The whole file, checked as it is read (``binary``: a workbook or Parquet file
    whatever its first bytes, not checked as text)."""
    return read_user_file(path, max_bytes=MAX_BYTES, inspect=_TextCheck(path, binary))


def decode_input(data: bytes, path: Path, forced: str | None) -> Decoded:
    """The text of a whole file (``forced``: the codec the user named), BOM stripped."""
    decoded = decode_text(data, path, forced)
    text = decoded.text.lstrip("\ufeff")
    if "\x00" in text:
        raise InputError(f"{path}: binary file (NUL characters after decoding), not a name list")
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise long_line_error(path, number, len(line))
    return dataclasses.replace(decoded, text=text)


def head_bytes(path: Path) -> bytes:
    """The first :data:`SNIFF_BYTES` of a file."""
    try:
        with open(path, "rb") as fh:
            return fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def head_encoding(head: bytes, path: Path, forced: str | None) -> tuple[str, str | None]:
    """(codec, warning) of a streamed file judged on its first block; ``forced`` checked."""
    if forced is not None:
        return check_codec(forced), None
    return guess_encoding(_whole_chars(head), path)


def _whole_chars(head: bytes) -> bytes:
    """Drop a UTF-8 sequence cut at the end of a sniffed block."""
    for cut in range(0, 4):
        try:
            (head[: len(head) - cut] if cut else head).decode("utf-8")
            return head[: len(head) - cut] if cut else head
        except UnicodeDecodeError:
            continue
    return head


class _CountingReader(io.RawIOBase):
    """A binary reader that counts the bytes handed out (for progress) and refuses a line
    longer than the limit before the text layer builds it in memory."""

    def __init__(self, fh: Any, path: Path) -> None:
        self.fh = fh
        self.count = 0
        self.guard = line_guard(path)

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = self.fh.readinto(b) or 0
        self.count += n
        if n:
            self.guard.feed(bytes(memoryview(b)[:n]))
        return n


def open_text(raw: Any, path: Path, encoding: str) -> tuple[io.TextIOWrapper, Any]:
    """(text stream, counter) over the open binary file ``raw``; ``counter.count`` is the
    bytes read so far.  A UTF-8 BOM is dropped; line ends are kept as written."""
    counter = _CountingReader(raw, path)
    buffered = io.BufferedReader(counter, STREAM_BLOCK)
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    return io.TextIOWrapper(buffered, encoding=codec, newline=""), counter


def count_lines(path: Path, stop: int | None = None) -> int:
    """The line breaks of a file plus an unterminated last line (a CSV's header and quoted
    line breaks included): its row count, exact enough to choose an engine; counting ends
    once ``stop`` is reached.  Reads bytes only (UTF-16 line breaks hold a newline byte too)."""
    lines = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while block := fh.read(STREAM_BLOCK):
            lines += block.count(b"\n")
            last = block[-1:]
            if stop is not None and lines >= stop:
                return lines
    return lines + (last not in (b"\n", b"\x00"))


__all__ = ["BINARY_MAGIC", "BLANK_BYTES", "MAX_BYTES", "MAX_LINE_BYTES", "MAX_LINE_CHARS",
           "count_lines", "decode_input", "head_bytes", "head_encoding", "line_guard",
           "long_line_error", "open_text", "read_input_bytes"]
