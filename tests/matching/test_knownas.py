"""Curated "known as" names (sanctions_check.matching.knownas): the reviewed file, users' files, the
matcher, the --aliases option and the watch configuration key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from sanctions_check.cli import cli
from sanctions_check.errors import InputError, ListError
from sanctions_check.lists.entries import KNOWN_AS
from sanctions_check.matching import knownas
from sanctions_check.matching.knownas import (
    DEFAULT_PATH,
    KnownNames,
    checked_known_names,
    default_known_as,
    read_known_as,
)
from sanctions_check.matching.matcher import Matcher


def test_the_reviewed_file_is_package_data() -> None:
    # pip install . carries sanctions_check/data/* only: the curated names must be there (a
    # file read from the repository's lists/ folder was silently absent from an installed wheel)
    import sanctions_check

    package_data = Path(sanctions_check.__file__).resolve().parent / "data"
    assert DEFAULT_PATH.parent == package_data and DEFAULT_PATH.is_file()
    assert DEFAULT_PATH.read_bytes() == (REPO / "lists" / "known_as.csv").read_bytes()


def test_a_missing_reviewed_file_is_an_error(monkeypatch, tmp_path: Path) -> None:
    # a broken installation never matches silently without the curated names
    monkeypatch.setattr(knownas, "DEFAULT_PATH", tmp_path / "known_as.csv")
    with pytest.raises(ListError, match="missing from this installation"):
        knownas.default_known_as()


def test_the_reviewed_file_is_valid_and_versioned(un2024) -> None:
    known = default_known_as()
    assert known.versions[0].startswith("known_as.csv 20")
    # every row names an entry of the 2024 list, of the right kind, with a source
    by_ref = {e.reference_number: e for e in un2024.entries}
    for k in known.names:
        assert k.reference_number in by_ref and by_ref[k.reference_number].kind == k.kind, k
        assert k.source.startswith("https://"), k
    assert checked_known_names(known, un2024.entries)


@pytest.mark.parametrize(
    ("query", "kind", "ref"),
    [
        # names the 2024 list does not record (below the threshold before: 44 to none)
        ("Daesh", "org", "QDe.115"),
        ("Islamic State", "org", "QDe.115"),
        ("Chemical Ali", "person", "IQi.005"),
        ("Houthi movement", "org", "YEe.001"),
        # ABU MOHAMMED AL-JAWLANI's own name, used by the press since 2024; the list's names
        # are his kunya and other aliases (63.8 for another person before)
        ("Ahmed al-Sharaa", "person", "QDi.317"),
        # a curated name with a title is matched as written: "Mullah Omar", not "Omar"
        ("Mullah Omar", "person", "TAi.004"),
    ],
)
def test_known_as_names_are_found_and_labelled(
    matcher2024: Matcher, query: str, kind: str, ref: str
) -> None:
    hits = {h.reference_number: h for h in matcher2024.match(query, kind=kind)}
    assert ref in hits, hits
    hit = hits[ref]
    assert hit.matched_name.name_type == KNOWN_AS
    assert hit.explanation.startswith("known as ") and "source: https://" in hit.explanation


def test_a_title_alone_does_not_make_a_known_as_hit(matcher2024: Matcher) -> None:
    # "Mullah Omar" is "omar" once the title is removed: a query "Omar" must not hit TAi.004
    assert "TAi.004" not in {h.reference_number for h in matcher2024.match("Omar")}


def test_without_known_as_names(un2024) -> None:
    bare = Matcher.from_list(un2024, known_as=KnownNames())
    assert "QDe.115" not in {h.reference_number for h in bare.match("Daesh", kind="org")}
    assert bare.describe()["known_as"] == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("reference_number,name,kind\nQDe.115,Daesh,org\n", "missing column(s) source"),
        ("reference_number,name,kind,source\nISIL,Daesh,org,https://x\n",
         "row 2: 'ISIL' is not a UN reference number"),
        ("reference_number,name,kind,source\nQDe.115,Daesh,group,https://x\n",
         "row 2: kind 'group'"),
        ("reference_number,name,kind,source\nQDe.115,Daesh,org,\n", "row 2: no source"),
        ("# only a comment\n", "no rows"),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_known_as(path)


def test_a_kind_that_is_not_the_entrys_is_an_error(tmp_path: Path, un2024) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("reference_number,name,kind,source\nQDe.115,Daesh,person,https://x\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="QDe.115 .* is an organisation on the list"):
        Matcher.from_list(un2024, known_as=read_known_as(path))


def test_aliases_option_adds_a_users_file(tmp_path: Path, un2024_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("# version: 3\nreference_number,name,kind,source\n"
                    "KPi.066,Comrade Director Kim,person,https://example.org/profile\n",
                    encoding="utf-8")
    args = ["--list", str(un2024_path), "--aliases", str(path), "match",
            "Comrade Director Kim", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    assert doc["matcher"]["known_as"][-1] == "mine.csv 3"
    top = doc["hits"][0]
    assert top["reference_number"] == "KPi.066" and top["matched_name_type"] == KNOWN_AS
    bad = CliRunner().invoke(cli, [*args[:2], "--aliases", str(tmp_path / "none.csv"),
                                   "match", "Kim"])
    assert bad.exit_code == 2 and "none.csv" in bad.output


def test_watch_config_takes_an_aliases_file(tmp_path: Path) -> None:
    from sanctions_check.watch.config import load_config

    conf = tmp_path / "watch.toml"
    conf.write_text('data_dir = "state"\naliases = "mine.csv"\n[[names]]\npath = "w.csv"\n',
                    encoding="utf-8")
    assert load_config(conf).aliases == tmp_path / "mine.csv"
