"""`sanctions-check lists ...` end to end: real HTTP server, real files, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REPO
from listserver import serve

from sanctions_check.cli import cli


@pytest.fixture(scope="module")
def server(un2024_path: Path, un2020_path: Path) -> Iterator[str]:
    with serve({"/list.xml": un2024_path, "/old.xml": un2020_path}) as url:
        yield url


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])


def store_bytes(data_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def test_update_from_http_then_unchanged(server: str, data_dir: Path) -> None:
    result = run(data_dir, "lists", "update", "--url", server + "/list.xml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("installed list 20240926T000007Z-")
    assert "682 persons, 193 organisations, 2703 aliases" in result.stdout
    again = run(data_dir, "lists", "update", "--url", server + "/list.xml")
    assert again.exit_code == 0 and again.stdout.startswith("unchanged: list 20240926T000007Z-")


@pytest.mark.parametrize(
    ("path", "timeout", "expect"),
    [
        ("/truncated", "10", "download truncated: got 1102617 of 2205234 bytes"),
        ("/html", "10", "HTML page instead of the list XML"),
        ("/error500", "10", "server answered HTTP 500"),
        ("/stall", "0.5", "timed out after 0.5 s"),  # the server answers, then goes silent
        ("/drip", "0.8", "timed out after 0.8 s"),  # a byte every 0.1 s, forever
        ("/laughs", "10", "refused unsafe XML"),  # billion laughs
        ("/empty", "10", "the download is empty"),
    ],
)
def test_bad_update_leaves_installed_list_byte_identical(
    server: str, data_dir: Path, path: str, timeout: str, expect: str
) -> None:
    assert run(data_dir, "lists", "update", "--url", server + "/list.xml").exit_code == 0
    before = store_bytes(data_dir)
    result = run(data_dir, "lists", "update", "--url", server + path, "--timeout", timeout)
    assert result.exit_code == 3
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()  # one line
    assert line.startswith("sanctions-check: error: " + server + path) and expect in line
    assert store_bytes(data_dir) == before


def test_smaller_list_needs_force(server: str, data_dir: Path) -> None:
    # installing the 2020 file over 2024 is refused (older), then allowed with --force
    assert run(data_dir, "lists", "update", "--url", server + "/list.xml").exit_code == 0
    refused = run(data_dir, "lists", "update", "--url", server + "/old.xml")
    assert refused.exit_code == 3 and "--force" in refused.stderr
    forced = run(data_dir, "lists", "update", "--url", server + "/old.xml", "--force")
    assert forced.exit_code == 0 and forced.stdout.startswith("installed list 20200320T230921Z-")


@pytest.fixture()
def two_versions(data_dir: Path, un2020_path: Path, un2024_path: Path) -> Path:
    assert run(data_dir, "lists", "import", str(un2020_path)).exit_code == 0
    result = run(data_dir, "lists", "import", str(un2024_path))
    assert result.exit_code == 0 and "previous: 20200320T230921Z-" in result.stdout
    return data_dir


def test_diff_two_newest(two_versions: Path) -> None:
    result = run(two_versions, "lists", "diff")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[2].startswith("46 added, 185 removed, 529 amended, 300 unchanged")
    assert "Added (46):" in lines and "Removed (185):" in lines
    assert any("KPe.029" in line for line in lines)


def test_diff_to_xlsx(two_versions: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "changes.xlsx"
    result = run(two_versions, "lists", "diff", "-o", str(out))
    assert result.exit_code == 0
    assert "46 added, 185 removed, 529 amended" in result.stdout
    wb = load_workbook(out, read_only=True)
    rows = list(wb["Changes"].iter_rows(values_only=True))
    assert rows[0][:2] == ("change", "reference_number") and len(rows) == 1 + 46 + 185 + 529
    run_facts = {r[0]: r[1] for r in wb["Run"].iter_rows(values_only=True)}
    assert run_facts["added"] == 46 and run_facts["removed"] == 185


def test_diff_files_without_store(data_dir: Path, un2020_path: Path, un2024_path: Path) -> None:
    result = run(data_dir, "lists", "diff", str(un2020_path), str(un2024_path), "--summary")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith(
        "46 added, 185 removed, 529 amended, 300 unchanged (whitespace"
    )
    # --strict counts whitespace-only and punctuation-only edits of free text too
    strict = run(data_dir, "lists", "diff", str(un2020_path), str(un2024_path), "--summary",
                 "--strict")
    assert strict.exit_code == 0
    assert strict.stdout.splitlines()[-1] == "46 added, 185 removed, 669 amended, 160 unchanged"


def test_diff_one_version_against_current(two_versions: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    result = run(two_versions, "lists", "diff", "2020", "-o", str(out))
    assert result.exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["meta"]["removed"] == 185 and doc["meta"]["new"].startswith("20240926T")


@pytest.mark.parametrize(
    ("args", "code", "expect"),
    [
        (["lists", "diff"], 3, "need two"),  # empty store
        (["lists", "diff", "nosuchversion", "x"], 3, "no stored list version 'nosuchversion'"),
        (["lists", "diff", "-o", "changes.txt"], 2, "unknown output format 'txt'"),
        (["lists", "versions"], 3, "`sanctions-check lists import FILE`"),
        (["lists", "import", "missing.xml"], 3, "missing.xml: no such list file"),
    ],
)
def test_errors(data_dir: Path, args: list[str], code: int, expect: str) -> None:
    result = run(data_dir, *args)
    assert result.exit_code == code and expect in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_info(server: str, two_versions: Path) -> None:
    # both versions were imported: never confirmed, so as old as the 2024-09-26 dateGenerated
    result = run(two_versions, "lists", "info")
    assert result.exit_code == 0
    out = result.stdout
    assert "in force:    installed list 20240926T000007Z-" in out
    assert "(because it is the current version of the list store in " in out
    assert "version:     20240926T000007Z-" in out
    assert "generated:   2024-09-26T00:00:07.514Z" in out
    assert "confirmed:   never (imported from a file)" in out
    assert "entries:     875 (682 persons, 193 organisations, 2703 aliases)" in out
    assert f"versions:    2 stored in {two_versions / 'lists'}" in out
    assert "since its dateGenerated 2024-09-26T00:00:07.514Z" in result.stderr
    facts = json.loads(run(two_versions, "lists", "info", "--json").stdout)
    assert facts["counts"]["persons"] == 682 and facts["confirmed_at"] is None
    assert facts["in_force"] == "installed" and facts["age_days"] > 365
    # confirmed by the source (the same content): the age restarts, the warning goes
    assert run(two_versions, "lists", "update", "--url", server + "/list.xml").exit_code == 0
    confirmed = run(two_versions, "lists", "info")
    assert confirmed.stderr == "" and "confirmed:   20" in confirmed.stdout
    facts = json.loads(run(two_versions, "lists", "info", "--json").stdout)
    assert facts["age_days"] < 1 and facts["confirmed_at"] is not None


def backdate_confirmation(data_dir: Path, days: float) -> None:
    """Pretend the current version's last confirmation was ``days`` ago."""
    manifest = next((data_dir / "lists" / "versions").glob("20240926*.json"))
    doc = json.loads(manifest.read_text())
    doc["confirmed_at"] = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).isoformat()
    manifest.write_text(json.dumps(doc))


def test_update_resets_confirmation_and_import_does_not(
    server: str, data_dir: Path, un2024_path: Path
) -> None:
    assert run(data_dir, "lists", "update", "--url", server + "/list.xml").exit_code == 0
    backdate_confirmation(data_dir, 10)
    imported = run(data_dir, "lists", "import", str(un2024_path))  # the same content
    assert imported.exit_code == 0
    assert "an import does not confirm it" in imported.stdout
    facts = json.loads(run(data_dir, "lists", "info", "--json").stdout)
    assert 9.9 < facts["age_days"] < 10.1  # still the update's confirmation, 10 days ago
    updated = run(data_dir, "lists", "update", "--url", server + "/list.xml")
    assert updated.exit_code == 0 and "is still current; confirmed " in updated.stdout
    facts = json.loads(run(data_dir, "lists", "info", "--json").stdout)
    assert facts["age_days"] < 0.01


def test_imported_old_list_is_as_old_as_its_date_generated(
    data_dir: Path, un2020_path: Path
) -> None:
    imported = run(data_dir, "lists", "import", str(un2020_path))
    assert imported.exit_code == 0
    assert "never confirmed current by `sanctions-check lists update`" in imported.stdout
    result = run(data_dir, "lists", "info")
    assert result.exit_code == 0
    assert "confirmed:   never (imported from a file)" in result.stdout
    # generated 2020-03-20: over six years before any day from 2026-03-21 on
    facts = json.loads(run(data_dir, "lists", "info", "--json").stdout)
    generated = dt.datetime(2020, 3, 20, 23, 9, 21, tzinfo=dt.UTC)
    expected = (dt.datetime.now(dt.UTC) - generated).total_seconds() / 86400
    assert facts["age_days"] > 6 * 365 and abs(facts["age_days"] - expected) < 0.1
    assert "warning: the list is" in result.stderr
    assert "since its dateGenerated 2020-03-20T19:09:21.822-04:00" in result.stderr


def test_older_import_needs_force_and_says_how_old(
    data_dir: Path, un2020_path: Path, un2024_path: Path
) -> None:
    assert run(data_dir, "lists", "import", str(un2024_path)).exit_code == 0
    refused = run(data_dir, "lists", "import", str(un2020_path))
    days = (dt.datetime.now(dt.UTC) - dt.datetime(2020, 3, 20, 23, 9, tzinfo=dt.UTC)).days
    assert refused.exit_code == 3 and "--force" in refused.stderr
    assert f"({days} days ago)" in refused.stderr or f"({days + 1} days ago)" in refused.stderr


def test_info_without_an_installed_list_names_the_snapshot(data_dir: Path) -> None:
    result = run(data_dir, "lists", "info")
    assert result.exit_code == 0
    assert result.stdout.startswith("in force:    bundled snapshot generated 2024-09-26 "
                                    f"(because no list is installed in {data_dir / 'lists'})")
    assert "confirmed:   never (bundled snapshot)" in result.stdout
    assert "warning: bundled snapshot generated 2024-09-26, " in result.stderr
    facts = json.loads(run(data_dir, "lists", "info", "--json").stdout)
    assert facts["in_force"] == "snapshot" and facts["notice"].startswith("bundled snapshot")
    assert not (data_dir / "lists" / "current.json").exists()  # nothing was installed


def test_info_warns_when_old(two_versions: Path) -> None:
    # pretend the source last confirmed the list 10 days ago
    backdate_confirmation(two_versions, 10)
    result = run(two_versions, "lists", "info")
    assert result.exit_code == 0
    assert "warning: the list is 10.0 days old (since its source confirmed it current" in (
        result.stderr
    )
    assert "more than 7 days" in result.stderr
    assert run(two_versions, "lists", "info", "--max-age-days", "30").stderr == ""


def test_info_of_a_list_file(data_dir: Path, un2020_path: Path) -> None:
    result = run(data_dir, "--list", str(un2020_path), "lists", "info")
    assert result.exit_code == 0
    assert "entries:     1014 (709 persons, 305 organisations, 2636 aliases)" in result.stdout


def test_prune(two_versions: Path) -> None:
    before = store_bytes(two_versions)
    dry = run(two_versions, "lists", "prune", "--keep", "0", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith("would remove 1 list version(s) (")
    assert "  - 20200320T230921Z-" in dry.stdout and " current" in dry.stdout
    assert store_bytes(two_versions) == before
    kept = run(two_versions, "lists", "prune")  # default: 10 besides the current one
    assert kept.exit_code == 0 and kept.stdout.startswith("removed 0 list version(s)")
    done = run(two_versions, "lists", "prune", "--keep", "0")
    assert done.exit_code == 0 and done.stdout.startswith("removed 1 list version(s)")
    lines = run(two_versions, "lists", "versions").stdout.splitlines()
    assert len(lines) == 2 and lines[1].startswith("* 20240926T000007Z-")
    assert run(two_versions, "lists", "prune", "--keep", "-1").exit_code == 2


def test_versions(two_versions: Path) -> None:
    lines = run(two_versions, "lists", "versions").stdout.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("  20200320T230921Z-") and lines[2].startswith("* 20240926T000007Z-")


@pytest.mark.parametrize("command", ["update", "import", "info", "diff", "versions", "prune"])
def test_help(command: str) -> None:
    result = CliRunner().invoke(cli, ["lists", command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.stdout


def test_subprocess_from_another_directory(tmp_path: Path, un2024_path: Path) -> None:
    # like cron: another working directory, the data dir from the environment
    env = {**os.environ, "SANCTIONS_CHECK_DATA_DIR": str(tmp_path / "data")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()

    def sc(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sanctions_check", *args],
            cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
        )

    missing = sc("lists", "info")  # nothing installed: the bundled snapshot, announced
    assert missing.returncode == 0 and "in force:    bundled snapshot" in missing.stdout
    assert "run `sanctions-check lists update` for the current list" in missing.stderr
    assert sc("lists", "import", str(un2024_path)).returncode == 0
    info = sc("lists", "info")
    assert info.returncode == 0 and str(tmp_path / "data" / "lists") in info.stdout
    bad = sc("lists", "update", "--url", "http://127.0.0.1:1/list.xml")
    assert bad.returncode == 3 and bad.stderr.count("\n") == 1
