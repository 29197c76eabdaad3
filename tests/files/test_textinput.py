"""files.textinput: counting a file's rows from its bytes (to choose an engine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctions_check.files.textinput import count_lines


@pytest.mark.parametrize(
    "text, stop, expected",
    [
        (b"name\na\nb\n", None, 3),  # header and two rows
        (b"name\na\nb", None, 3),  # an unterminated last line counts
        (b'name\n"a\nb"\n', None, 3),  # a quoted line break counts as a line: exact enough
        (b"", None, 0),  # empty
        (b"n\n" * 5000, 100, 100),  # with a stop: at least the stop (whole 1 MB blocks)
        ("name\na\n".encode("utf-16"), None, 2),  # UTF-16 line breaks hold a newline byte
    ],
)
def test_count_lines(tmp_path: Path, text: bytes, stop: int | None, expected: int) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(text)
    got = count_lines(path, stop)
    assert got == expected if stop is None else expected <= got
