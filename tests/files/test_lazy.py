"""Lazy package exports: a package's public names import their module on first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
