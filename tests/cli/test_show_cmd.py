"""``sanctions-check show REF`` and :mod:`sanctions_check.lists.records` (real 2024 list)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sanctions_check.cli import cli
from sanctions_check.errors import InputError
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.records import entry_record, find_entry, record_lines


def run(un2024_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--list", str(un2024_path), "show", *args])


def test_show_text_has_the_full_record(un2024_path: Path) -> None:
    result = run(un2024_path, "TAi.004")
    assert result.exit_code == 0, result.output
    out = result.output
    for expected in ("MOHAMMED OMAR GHULAM NABI", "محمد عمر غلام نبی", "Mullah",
                     "approximately 1966", "1960 (given in an alias record)",
                     "Naw Deh village", "Afghanistan", "Taliban", "2000-04-12",
                     "2016-09-07", "Left eye missing"):
        assert expected in out, expected


def test_show_json_and_aliases_with_quality(un2024_path: Path) -> None:
    result = run(un2024_path, "kpi.038", "--json")  # case is ignored
    assert result.exit_code == 0
    doc = json.loads(result.output)
    entry = doc["entry"]
    assert entry["reference_number"] == "KPi.038" and entry["primary_name"] == "CHO CHUN RYONG"
    assert entry["aliases"] == [{"name": "Jo Chun Ryong", "quality": "Good", "note": None}]
    assert entry["dates_of_birth"][0]["date"] == "1960-04-04"
    assert entry["listed_on"] == "2016-11-30" and doc["list"]["sha256"]
    assert "Jo Chun Ryong (Good)" in run(un2024_path, "KPi.038").output


def test_show_unknown_reference_exits_2(un2024_path: Path) -> None:
    result = run(un2024_path, "XXi.999")
    assert result.exit_code == 2 and "XXi.999" in result.output


def test_every_entry_has_a_record(un2024: SanctionsList) -> None:
    for entry in un2024.entries:
        record = entry_record(entry)
        json.dumps(record)  # JSON-ready
        assert find_entry(un2024, f"  {entry.reference_number.lower()} ") is entry
        lines = record_lines(record)
        assert lines[0].endswith(entry.reference_number) and entry.primary_name in lines[2]
    # spaces inside a reference number as typed are ignored, as the duplicate rule ignores them
    assert find_entry(un2024, "kpi. 038").reference_number == "KPi.038"
    with pytest.raises(InputError):
        find_entry(un2024, "")


def test_show_prints_every_fact_the_review_needs(un2024_path: Path) -> None:
    # issue 20 item 7: names, aliases with quality, original script, dates and places of
    # birth, nationality, designation, listed on, comments, last amended (TAi.144's facts)
    text = run(un2024_path, "TAi.144").output
    for label, value in [
        ("name:", "SIRAJUDDIN JALLALOUDINE HAQQANI"),
        ("aliases:", "Siraj Haqqani (Good)"),
        ("", "Khalifa (Low)"),
        ("original script:", "سراج الدين جلال الدين حقانى"),
        ("designation:", "Na'ib Amir (Deputy Commander)"),
        ("date of birth:", "1977-1978 (Approximately)"),
        ("place of birth:", "Danda, Miramshah, North Waziristan, Pakistan"),
        ("nationality:", "Afghanistan"),
        ("listed on:", "2007-09-13"),
        ("last amended:", "2013-04-22"),
        ("comments:", "Heading the Haqqani Network"),
    ]:
        assert any(line.startswith(label) and value in line for line in text.splitlines()), value
    doc = json.loads(run(un2024_path, "TAi.144", "--json").output)["entry"]
    assert {"name": "Khalifa", "quality": "Low", "note": None} in doc["aliases"]
    assert doc["original_script"] and doc["places_of_birth"][0]["text"].startswith("Danda")
    assert doc["designations"] == ["Na'ib Amir (Deputy Commander)"]
    assert doc["nationalities"] == ["Afghanistan"] and doc["listed_on"] == "2007-09-13"
    assert doc["last_amended"] == ["2013-04-22"] and doc["comments"]
    assert doc["dates_of_birth"][0]["text"] == "1977-1978"
