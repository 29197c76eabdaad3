"""Lazy package exports: a package's public names import their module on first use."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sanctions_check.files.lazy import LOG_LEVELS, lazy_logger, lazy_pattern, when_logging

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ["sanctions_check", "sanctions_check.files", "sanctions_check.lists",
            "sanctions_check.matching", "sanctions_check.names", "sanctions_check.scoring",
            "sanctions_check.screening", "sanctions_check.search", "sanctions_check.watch"]  # fmt: skip


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_resolves(package: str) -> None:
    # each name of __all__ is the object of the module the table names, and is listed by dir()
    module = __import__(package, fromlist=["*"])
    for name in module.__all__:
        assert getattr(module, name) is not None, name
        assert name in dir(module)


def test_an_unknown_name_is_an_attribute_error() -> None:
    import sanctions_check.lists

    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        sanctions_check.lists.nothing_here  # noqa: B018


def test_importing_one_module_runs_none_of_its_siblings() -> None:
    # `import sanctions_check.lists.entries` runs the package's __init__ first: it must not
    # import the store, the downloader or the parser (a one-off command pays for each)
    script = ("import json, sys\nimport sanctions_check.lists.entries\n"
              "print(json.dumps(sorted(m for m in sys.modules if m.startswith('sanctions_check'))))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO)  # fmt: skip
    loaded = set(json.loads(out.stdout))
    assert "sanctions_check.lists.entries" in loaded
    assert not loaded & {"sanctions_check.lists.store", "sanctions_check.lists.fetch",
                         "sanctions_check.lists.unxml", "sanctions_check.lists.diff"}  # fmt: skip


@pytest.mark.parametrize(
    ("pattern", "flags", "text"),
    [
        (r"^(\d{4})-(\d{2})$", 0, "1977-01"),  # groups read back as from re.compile
        (r"\s+", 0, "a  b\tc"),
        (rb"\A\s*<html", re.IGNORECASE, b"  <HTML>"),  # bytes and flags passed through
    ],
)
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern: Any, flags: int, text: Any) -> None:
    # the birth-date, parser and name-part patterns are lazy: same answers as compiled ones
    lazy, compiled = lazy_pattern(pattern, flags), re.compile(pattern, flags)
    assert lazy.search(text).group(0, *range(1, compiled.groups + 1)) == compiled.search(
        text).group(0, *range(1, compiled.groups + 1))  # fmt: skip
    assert lazy.sub("_" if isinstance(text, str) else b"_", text) == compiled.sub(
        "_" if isinstance(text, str) else b"_", text)  # fmt: skip
    assert lazy.search is lazy.search  # kept after the first read: no look-up per call
    assert lazy.pattern == pattern and lazy.flags == compiled.flags


def test_a_lazy_pattern_compiles_only_when_used(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda p, f=0: compiled.append(p) or real(p, f))
    pattern = lazy_pattern(r"x+")
    assert compiled == []
    assert pattern.fullmatch("xxx")
    assert compiled == [r"x+"]
    with pytest.raises(AttributeError):
        pattern.__wrapped__  # noqa: B018  (probing dunders never compiles)


def test_a_lazy_logger_imports_logging_and_runs_the_set_up_at_its_first_message() -> None:
    # a one-off match logs nothing: logging (and the command's set-up of it) waits for the
    # first message the set-up would let through; debug / info below its level are dropped
    script = (
        "import sys\n"
        "from sanctions_check.files.lazy import lazy_logger, when_logging\n"
        "calls = []\n"
        "when_logging(lambda: calls.append('set up'), 30)\n"
        "log = lazy_logger('sanctions_check.test')\n"
        "log.debug('dropped %s', 1)\n"
        "log.info('dropped')\n"
        "print('logging' in sys.modules, calls)\n"
        "log.warning('shown')\n"
        "print('logging' in sys.modules, calls, log.name)\n"
    )
    out = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=REPO, check=True)  # fmt: skip
    assert out.stdout.splitlines() == ["False []", "True ['set up'] sanctions_check.test"]
    assert out.stderr.strip() == "shown"  # (logging's last-resort handler: the set-up adds none)


def test_with_logging_imported_the_set_up_runs_at_once() -> None:
    import logging

    calls: list[str] = []
    when_logging(lambda: calls.append("set up"), 40)
    assert calls == ["set up"]
    log = lazy_logger("sanctions_check.test")
    assert log.isEnabledFor == logging.getLogger("sanctions_check.test").isEnabledFor


def test_the_levels_known_without_logging_are_logging_s_own() -> None:
    # the CLI and the lazy loggers use these numbers before logging is imported: they must
    # be the ones logging gives the same names
    import logging

    assert {name: getattr(logging, name) for name in LOG_LEVELS} == LOG_LEVELS
