"""Read a file the user named, whole but bounded, with one-line errors that name it.

Contract: :func:`read_user_file` returns the bytes of ``path`` or raises ``error`` (an
:class:`~sanctions_check.errors.SanctionsCheckError` subclass, so the CLI maps it to the
right exit code) saying what is wrong: missing, a directory, larger than ``max_bytes``,
or unreadable.  ``what`` names the kind of file in the message ("list file", "file").
:func:`encrypted_workbook_message` recognises a password-protected Office file (an OLE
compound file holding an ``EncryptedPackage`` stream, which is what Excel writes for a
.xlsx saved with a password, however the file is named) and says what to do.

It is the one reader of user-named files (names to screen, pairs, news files, list
files): it reads in blocks and stops once more than ``max_bytes`` have come, so devices
and pipes (``/dev/zero``, a FIFO), for which ``stat`` reports 0 bytes, are refused at the
limit instead of filling memory.  ``inspect`` (optional) sees every block as it is read
and may raise to refuse the input early (binary data, a line too long: see
:class:`LineGuard`), so memory for a refused input stays below ``max_bytes``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sanctions_check.errors import InputError, SanctionsCheckError

READ_BLOCK = 1 << 20

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
    inspect: Callable[[bytes], None] | None = None,
) -> bytes:
    """The bytes of ``path``; ``error`` naming ``label`` (or the path) when it cannot be read."""
    path = Path(path)
    name = label or str(path)
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise error(f"{name}: {what} is {size} bytes, more than the limit of {max_bytes}")
        blocks: list[bytes] = []
        total = 0
        with path.open("rb") as fh:
            while block := fh.read(READ_BLOCK):
                total += len(block)
                if max_bytes is not None and total > max_bytes:
                    raise error(
                        f"{name}: {what} is larger than the limit of {max_bytes} bytes "
                        "(a device or an endless stream?)"
                    )
                if inspect is not None:
                    inspect(block)
                blocks.append(block)
        return b"".join(blocks)
    except FileNotFoundError:
        raise error(f"{name}: no such {what}") from None
    except IsADirectoryError:
        raise error(f"{name}: is a directory, not a {what}") from None
    except OSError as exc:
        raise error(f"{name}: cannot read {what} ({exc.strerror or exc})") from None


class LineGuard:
    """Refuses, block by block, a text whose physical line passes ``max_line_bytes``.

    Feed it the bytes in order (:meth:`feed`, or call it); it raises ``InputError`` naming
    ``label`` and the line (counted by ``\\n``, or by ``\\r`` in a file without ``\\n``) as
    soon as one line is longer, without holding more than one block.  ``ends`` are the
    bytes that end a line (``(b"<",)`` bounds the text between XML tags).
    """

    def __init__(self, label: str | Path, max_line_bytes: int, limit_text: str,
                 ends: tuple[bytes, ...] = (b"\n", b"\r")) -> None:
        self.label = str(label)
        self.ends = ends
        self.max = max_line_bytes
        self.limit_text = limit_text
        self.run = 0  # bytes of the current line so far
        self.lf = 0
        self.cr = 0

    def _refuse(self, head: bytes) -> None:
        lf, cr = self.lf + head.count(b"\n"), self.cr + head.count(b"\r")
        raise InputError(
            f"{self.label}: line {1 + (lf or cr)} is longer than {self.limit_text}; "
            "not a name list"
        )

    def _last_end(self, block: bytes, start: int, stop: int) -> int:
        return max(block.rfind(end, start, stop) for end in self.ends)

    def feed(self, block: bytes) -> None:
        end = self._last_end(block, 0, min(len(block), self.max - self.run + 1))
        if end < 0:  # the current line goes on through the block (or its reachable part)
            if self.run + len(block) > self.max:
                self._refuse(b"")
            self.run += len(block)
        else:
            # jump from line end to the farthest line end within reach: a few steps a block
            while len(block) - end - 1 > self.max:
                nxt = self._last_end(block, end + 1, end + self.max + 2)
                if nxt < 0:
                    self._refuse(block[: end + 1])
                end = nxt
            self.run = len(block) - 1 - self._last_end(block, end, len(block))
        self.lf += block.count(b"\n")
        self.cr += block.count(b"\r")

    __call__ = feed


__all__ = ["READ_BLOCK", "LineGuard", "read_user_file"]
