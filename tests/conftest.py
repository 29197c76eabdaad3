"""Shared fixtures: the real UN list snapshots carried by the repository, parsed once per session.

The 2024-09-26 list is the bundled default list (``lists/``); the 2020-03-20 list is a test
fixture (``tests/data/``) for update, diff and new-designation tests.  The labelled evaluation
names and news items live in ``benchmarks/data/eval/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.unxml import parse_list

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO / "benchmarks" / "data" / "eval"
UN2024 = REPO / "lists" / "un-consolidated-2024-09-26.xml"
UN2020 = REPO / "tests" / "data" / "un-consolidated-2020-03-20.xml"


@pytest.fixture(scope="session", autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The default data directory of every test (and of the processes tests start) is a
    fresh one, unless the run names one: commands given ``--list FILE`` or using the
    bundled snapshot cache them in ``<data dir>/cache``, never in the user's own."""
    if os.environ.get("SANCTIONS_CHECK_DATA_DIR"):
        yield
        return
    os.environ["SANCTIONS_CHECK_DATA_DIR"] = str(tmp_path_factory.mktemp("data-dir"))
    try:
        yield
    finally:
        os.environ.pop("SANCTIONS_CHECK_DATA_DIR", None)


@pytest.fixture(scope="session")
def un2024_path() -> Path:
    assert UN2024.is_file(), f"missing {UN2024}: the repository carries this UN snapshot"
    return UN2024


@pytest.fixture(scope="session")
def un2020_path() -> Path:
    assert UN2020.is_file(), f"missing {UN2020}: the repository carries this UN snapshot"
    return UN2020


@pytest.fixture(scope="session")
def un2024(un2024_path: Path) -> SanctionsList:
    return parse_list(un2024_path)


@pytest.fixture(scope="session")
def un2020(un2020_path: Path) -> SanctionsList:
    return parse_list(un2020_path)


@pytest.fixture
def package_log(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``caplog`` recording the package's messages from DEBUG up, whatever ran before: the
    CLI's logging set-up (run in this process by CLI tests) stops the package logger from
    propagating to the handler ``caplog`` listens on."""
    import logging

    monkeypatch.setattr(logging.getLogger("sanctions_check"), "propagate", True)
    caplog.set_level(logging.DEBUG, logger="sanctions_check")
    return caplog


@pytest.fixture(scope="session")
def matcher2024(un2024: SanctionsList):  # type: ignore[no-untyped-def]
    from sanctions_check.matching.matcher import Matcher

    return Matcher.from_list(un2024)


@pytest.fixture(scope="session")
def labelled_texts() -> list[str]:
    """The text of every labelled news item (round 1 and round 2), in file order."""
    from sanctions_check.news.sources import read_source

    texts = []
    for folder in (EVAL_DIR / "news", REPO / "benchmarks" / "data" / "news_round2"):
        for path in sorted(folder.iterdir()):
            if path.suffix in (".txt", ".html", ".xml"):
                texts += [item.text for item in read_source(str(path))]
    assert len(texts) > 30
    return texts
