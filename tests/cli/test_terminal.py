"""Terminal output escapes control and bidi formatting characters, and nothing else."""

from __future__ import annotations

import io
import json
import sys
import unicodedata

import pytest

from sanctions_check.cli.terminal import BIDI_CONTROLS, TerminalSafe, terminal_safe

BIDI_CLASSES = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}


def test_the_bidi_table_is_unicodes() -> None:
    found = {cp for cp in range(sys.maxunicode + 1)
             if unicodedata.bidirectional(chr(cp)) in BIDI_CLASSES}
    marks = {0x200E, 0x200F, 0x061C}  # LRM, RLM, ALM: bidi classes L, R, AL of their own
    assert set(BIDI_CONTROLS) == found | marks


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("ABDUL\u202eFITAL", "ABDUL\\u202eFITAL"),  # RLO would reverse the rest of the line
        ("a\x1b[2Jb", "a\\u001b[2Jb"),  # an escape sequence would clear the screen
        ("a\x9bb\x7f", "a\\u009bb\\u007f"),  # C1 CSI and DEL
        ("\u2067x\u2069 \u200f", "\\u2067x\\u2069 \\u200f"),  # isolates and marks
        ("tab\tnew\nline\r", "tab\tnew\nline\r"),  # layout stays
        ("محمد كيم 김정식 Müller\u200c", "محمد كيم 김정식 Müller\u200c"),  # scripts, ZWNJ
    ],
)
def test_terminal_safe(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


def test_json_keeps_its_meaning() -> None:
    doc = {"name": "ABDUL\u202eFITAL"}
    printed = terminal_safe(json.dumps(doc, ensure_ascii=False))
    assert "\u202e" not in printed and json.loads(printed) == doc


def test_the_stream_wrapper() -> None:
    inner = io.StringIO()
    stream = TerminalSafe(inner)
    assert stream.write("x\u202e") == 2
    stream.writelines(["\x1b", "\n"])
    assert inner.getvalue() == "x\\u202e\\u001b\n" and stream.isatty() is False
    with pytest.raises(TypeError):
        stream.write(b"bytes")  # type: ignore[arg-type]  (click probes with bytes)
