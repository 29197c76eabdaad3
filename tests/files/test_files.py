"""Reading a named file: one line naming it, with the error class the caller asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctions_check.errors import InputError, ListError
from sanctions_check.files.reading import encrypted_workbook_message, read_user_file


def test_reads_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"name\nKim\n")
    assert read_user_file(tmp_path / "a.csv") == b"name\nKim\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.xml", "missing.xml: no such list file"),
        (lambda d: d, "is a directory, not a list file"),
    ],
)
def test_errors_name_the_file_and_use_the_callers_class(tmp_path: Path, make, message) -> None:  # type: ignore[no-untyped-def]
    # ListError (exit 3) for list files, where the default InputError would be exit 2
    with pytest.raises(ListError, match=message):
        read_user_file(make(tmp_path), what="list file", error=ListError)


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 100)
    with pytest.raises(InputError, match="feed: file is 100 bytes, more than the limit of 10"):
        read_user_file(big, max_bytes=10, label="feed")


def test_a_password_protected_workbook_is_recognised() -> None:
    # made by Excel's encryption (msoffcrypto-tool, password "secret") from a 2-row workbook
    data = (Path(__file__).parents[1] / "hostile" / "data" / "encrypted-names.xlsx").read_bytes()
    message = encrypted_workbook_message(data, "names.xlsx")
    assert message is not None and message.startswith("names.xlsx: the workbook is encrypted")
    # an OLE file without the EncryptedPackage stream (an old binary .xls): not called so
    assert encrypted_workbook_message(data[:512], "old.xls") is None
    assert encrypted_workbook_message(b"PK\x03\x04 a zip", "names.xlsx") is None
