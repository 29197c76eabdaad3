"""Read a file the user named, whole, with one-line errors that name it.

Contract: :func:`read_user_file` returns the bytes of ``path`` or raises ``error`` (an
:class:`~sanctions_check.errors.SanctionsCheckError` subclass, so the CLI maps it to the
right exit code) saying what is wrong: missing, a directory, larger than ``max_bytes``,
or unreadable.  ``what`` names the kind of file in the message ("list file", "file").
:func:`encrypted_workbook_message` recognises a password-protected Office file (an OLE
compound file holding an ``EncryptedPackage`` stream, which is what Excel writes for a
.xlsx saved with a password, however the file is named) and says what to do.
"""

from __future__ import annotations

from pathlib import Path

from sanctions_check.errors import InputError, SanctionsCheckError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def encrypted_workbook_message(data: bytes, name: str | Path) -> str | None:
    """The one-line error for a password-protected Office file, or None if it is not one."""
    if not (data.startswith(_OLE_MAGIC) and _ENCRYPTED_STREAM in data):
        return None
    return (f"{name}: the workbook is encrypted (password-protected); remove the password "
            "in Excel (File > Info > Protect Workbook) and save it again")


def read_user_file(
    path: str | Path,
    *,
    what: str = "file",
    error: type[SanctionsCheckError] = InputError,
    max_bytes: int | None = None,
    label: str = "",
) -> bytes:
    """The bytes of ``path``; ``error`` naming ``label`` (or the path) when it cannot be read."""
    path = Path(path)
    name = label or str(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise error(f"{name}: {what} is {size} bytes, more than the limit of {max_bytes}")
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{name}: no such {what}") from None
    except IsADirectoryError:
        raise error(f"{name}: is a directory, not a {what}") from None
    except OSError as exc:
        raise error(f"{name}: cannot read {what} ({exc.strerror or exc})") from None
