"""The README's "Library" example runs as written (a doctest of its ``pycon`` block).

It fails when the public API at the package root (``sanctions_check.load_list``, ``Matcher``,
``Query``, ``screen``, ``read_queries``, ``compare``...) or its results change without the
README following.
"""

from __future__ import annotations

import doctest
import re

import pytest
from conftest import REPO


def readme_example() -> str:
    text = (REPO / "README.md").read_text("utf-8")
    section = text.split("\n## Library\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```pycon\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the Library section holds one pycon example"
    return blocks[0]


def test_readme_library_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    test = doctest.DocTestParser().get_doctest(readme_example(), {}, "README Library", None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert test.examples, "the example has statements"
    assert runner.failures == 0


def test_public_api_at_the_package_root() -> None:
    import sanctions_check

    for name in sanctions_check.__all__:
        assert getattr(sanctions_check, name) is not None
    with pytest.raises(AttributeError):
        sanctions_check.no_such_name  # noqa: B018
