"""``sanctions-check match`` and ``sanctions-check compare`` (CLI, real 2024 list)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sanctions_check.cli import cli


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def listed(un2024_path: Path) -> list[str]:
    return ["--list", str(un2024_path)]


def test_match_hit_exits_1(listed: list[str]) -> None:
    result = run(*listed, "match", "Jo Chun-ryong", "--nationality", "North Korean")
    assert result.exit_code == 1, result.output
    first = result.output.splitlines()[0]
    assert "KPi.038" in first and "strong" in first and "Jo Chun Ryong" in first
    assert "CHO CHUN RYONG" in result.output  # the primary name is shown
    assert "nationality North Korean (KP) agrees" in result.output


def test_match_no_hit_exits_0(listed: list[str]) -> None:
    result = run(*listed, "match", "Angela Merkel")
    assert result.exit_code == 0
    assert "no candidate" in result.output


def test_match_min_score_shows_weak_candidates_but_exit_follows_threshold(
    listed: list[str],
) -> None:
    result = run(*listed, "match", "Kim Jong Un", "--min-score", "40", "--limit", "3")
    assert result.exit_code == 0  # nothing reaches the alert threshold
    assert "weak" in result.output and "KPi." in result.output


def test_match_json(listed: list[str]) -> None:
    result = run(*listed, "match", "KOMID", "--kind", "org", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["matcher"]["algorithm"] and doc["matcher"]["threshold"]
    assert doc["list"]["sha256"]
    hit = doc["hits"][0]
    assert hit["reference_number"] == "KPe.001"
    assert hit["matched_name_type"] == "alias" and hit["evidence"]


def test_match_json_says_which_list_and_how_old(tmp_path: Path) -> None:
    # nothing installed: the bundled snapshot answers, and the JSON a pipeline reads says so
    # (its notice and age, as lists info --json and every report give them), not only stderr
    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path), "match", "Kim Jong Sik", "--json"])
    assert result.exit_code == 1, result.output
    listed = json.loads(result.stdout)["list"]
    assert listed["in_force"] == "snapshot" and listed["confirmed_at"] is None
    assert listed["age_days"] > 365 and "bundled snapshot" in listed["notice"]
    assert listed["date_generated"].startswith("2024-09-26") and listed["sha256"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["match", "!!!"], "unusable name"),
        (["match", "Kim Jong Sik", "--dob", "yesterday"], "--dob"),
        (["match", "Kim", "--kind", "ship"], "ship"),
    ],
)
def test_match_bad_input_exits_2(listed: list[str], args: list[str], message: str) -> None:
    result = run(*listed, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_match_missing_list_exits_3(tmp_path: Path) -> None:
    result = run("--list", str(tmp_path / "nope.xml"), "match", "Kim Jong Sik")
    assert result.exit_code == 3


def test_compare_two_names() -> None:
    result = run("compare", "Muammar Gaddafi", "QADHAFI, Muammar")
    assert result.exit_code == 1  # they match
    assert "match" in result.output and "qadhafi" in result.output
    result = run("compare", "Kim Jong Un", "Kim Jong Sik", "--kind", "person", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["match"] is False and doc["evidence"]


def test_compare_usage_errors() -> None:
    assert run("compare", "only one").exit_code == 2
    assert run("compare", "A", "B", "-o", "x.csv").exit_code == 2
    assert run("compare", "!!!", "Ali").exit_code == 2


@pytest.fixture()
def pairs(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.csv"
    path.write_text(
        "name1,name2,kind\n"
        "Jo Chun Ryong,CHO CHUN RYONG,person\n"
        "Kim Jong Un,KIM JONG SIK,person\n"
        "=HYPERLINK(\"x\"),Ali,\n"  # formula-like cell: written safely
        ",Ali,\n",  # unusable row: scored as unusable, not an error
        encoding="utf-8",
    )
    return path


def test_compare_pairs_to_csv(pairs: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = run("compare", "--pairs", str(pairs), "-o", str(out))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["name1", "name2", "kind", "score", "band", "match", "explanation"]
    assert rows[0]["match"] == "true" and rows[1]["match"] == "false"
    assert not rows[2]["name1"].startswith("=")
    assert rows[3]["band"] == "unusable"


def test_compare_pairs_to_json_and_stdout(pairs: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.json"
    assert run("compare", "--pairs", str(pairs), "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc) == 4 and doc[0]["band"] == "strong"
    result = run("compare", "--pairs", str(pairs))
    assert result.exit_code == 0 and result.output.startswith("name1,name2,kind,score")


def test_compare_pairs_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01binary\x00")
    result = run("compare", "--pairs", str(bad))
    assert result.exit_code == 2 and "binary" in result.output
    result = run("compare", "--pairs", str(tmp_path / "missing.csv"))
    assert result.exit_code == 2
    good = tmp_path / "ok.csv"
    good.write_text("a,b\n", encoding="utf-8")
    result = run("compare", "--pairs", str(good), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 2


@pytest.mark.parametrize(
    "query",
    [
        "TAi.144",  # as the list writes it
        " tai. 144 ",  # case and spaces ignored, as `show` ignores them
    ],
)
def test_match_a_reference_number_is_a_reference_lookup(listed: list[str], query: str) -> None:
    result = run(*listed, "match", query)
    assert result.exit_code == 0, result.output  # a lookup, not a name hit
    lines = result.output.splitlines()
    assert lines[0].startswith("reference lookup:") and "TAi.144" in lines[0]
    assert "SIRAJUDDIN JALLALOUDINE HAQQANI" in result.output
    assert "1977-1978" in result.output and "Na'ib Amir (Deputy Commander)" in result.output


def test_match_reference_lookup_json(listed: list[str]) -> None:
    result = run(*listed, "match", "TAi.144", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["reference_lookup"] is True and doc["hits"] == []
    assert doc["entry"]["reference_number"] == "TAi.144" and doc["list"]["sha256"]


def test_match_unknown_reference_number_says_so(listed: list[str]) -> None:
    result = run(*listed, "match", "TAi.999")
    assert result.exit_code == 0
    assert "no candidate" in result.output and "no entry has the reference number" in result.output


def test_match_prints_dob_nationality_designation_under_each_candidate(
    listed: list[str],
) -> None:
    result = run(*listed, "match", "Jo Chun-ryong", "--dob", "1960")
    assert result.exit_code == 1
    out = result.output
    # KPi.038's facts in the 2024 list
    assert "date of birth: 1960-04-04" in out
    assert "nationality: Democratic People's Republic of Korea" in out
    assert "designation: Chairman of the Second Economic Committee (SEC)" in out


def test_match_json_hits_carry_entry_facts(listed: list[str]) -> None:
    result = run(*listed, "match", "Jo Chun-ryong", "--json")
    hit = json.loads(result.output)["hits"][0]
    assert hit["dates_of_birth"] == ["1960-04-04"]
    assert hit["designations"] == ["Chairman of the Second Economic Committee (SEC)"]
