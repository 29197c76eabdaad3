"""Terminal output that the data cannot turn against its reader: control and bidi characters escaped.

Contract: :func:`terminal_safe` replaces control characters (C0 except tab, newline and
carriage return; DEL; C1) and Unicode's bidirectional formatting characters (the
embeddings, overrides and isolates LRE RLE PDF LRO RLO LRI RLI FSI PDI, and the marks
LRM RLM ALM) by ``\\uXXXX`` escapes.  Names on the list or in news are data from outside:
a RIGHT-TO-LEFT OVERRIDE in a name would show the rest of a line reversed, an escape
sequence could rewrite the screen.  The escape is JSON's spelling, so JSON printed to the
terminal still means the same.  :class:`TerminalSafe` wraps a text stream so that
everything the CLI prints (stdout and stderr, messages and data) passes through
:func:`terminal_safe`; files written with ``-o`` keep the data as it is.
"""

from __future__ import annotations

from typing import Any

# Unicode's bidirectional formatting characters (bidi classes LRE RLE PDF LRO RLO LRI RLI
# FSI PDI, and the marks LRM RLM ALM); tests/test_terminal.py checks this against
# unicodedata.
BIDI_CONTROLS = (
    [0x061C, 0x200E, 0x200F]
    + list(range(0x202A, 0x202F))  # LRE RLE PDF LRO RLO
    + list(range(0x2066, 0x206A))  # LRI RLI FSI PDI
)
_KEPT = {0x09, 0x0A, 0x0D}  # tab, newline, carriage return (progress bars)
_ESCAPES = {
    cp: f"\\u{cp:04x}"
    for cp in [*range(0x00, 0x20), *range(0x7F, 0xA0), *BIDI_CONTROLS]
    if cp not in _KEPT
}


def terminal_safe(text: str) -> str:
    """``text`` with control and bidi formatting characters escaped as ``\\uXXXX``."""
    return text.translate(_ESCAPES)


class TerminalSafe:
    """A text stream that writes everything through :func:`terminal_safe` to ``inner``."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._inner.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding, buffer...
        return getattr(self._inner, name)


__all__ = ["BIDI_CONTROLS", "TerminalSafe", "terminal_safe"]
