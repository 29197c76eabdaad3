"""Shared fixtures: the real UN list snapshots carried by the repository, parsed once per session.

The 2024-09-26 list is the bundled default list (``lists/``); the 2020-03-20 list is a test
fixture (``tests/data/``) for update, diff and new-designation tests.  The labelled evaluation
names and news items live in ``benchmarks/data/eval/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.unxml import parse_list

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO / "benchmarks" / "data" / "eval"
UN2024 = REPO / "lists" / "un-consolidated-2024-09-26.xml"
UN2020 = REPO / "tests" / "data" / "un-consolidated-2020-03-20.xml"


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


@pytest.fixture(scope="session")
def matcher2024(un2024: SanctionsList):  # type: ignore[no-untyped-def]
    from sanctions_check.matching.matcher import Matcher

    return Matcher.from_list(un2024)
