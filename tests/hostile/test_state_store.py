"""Hostile stored state of the list store (issue 16, items 6, 7, 10 and 11).

Each case plants a hostile list or a tampered store in a temporary data directory, runs
the real command in a subprocess and asserts the exit code, the one-line message and
that a refused command left the store byte-identical (:func:`tree_digest`).
"""

from __future__ import annotations

import json
import os
import pickle
import re
from pathlib import Path

import pytest
from hostile_support import GIB, REPO, run_cli, tree_digest

from sanctions_check.lists.store import ListStore

UN2024 = REPO / "lists" / "un-consolidated-2024-09-26.xml"
UN2020 = REPO / "tests" / "data" / "un-consolidated-2020-03-20.xml"
MEMORY = 4 * GIB


def installed(tmp_path: Path, path: Path = UN2020) -> Path:
    """A data directory with ``path`` installed as the current list."""
    data = tmp_path / "data"
    ListStore(data).import_file(path)
    return data


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    return lines[0]


def with_duplicate_reference(tmp_path: Path, spelling=lambda ref: ref) -> tuple[Path, str]:
    """The 2024 list with its second entry's reference number set to the first's (as
    ``spelling`` writes it)."""
    text = UN2024.read_text("utf-8")
    refs = re.findall(r"<REFERENCE_NUMBER>([^<]+)</REFERENCE_NUMBER>", text)
    first, second = refs[0].strip(), refs[1].strip()
    head, tail = text.split(f"<REFERENCE_NUMBER>{refs[1]}</REFERENCE_NUMBER>", 1)
    path = tmp_path / "duplicate.xml"
    path.write_text(f"{head}<REFERENCE_NUMBER>{spelling(first)}</REFERENCE_NUMBER>{tail}",
                    "utf-8")
    assert second != first
    return path, first


def with_date(tmp_path: Path, date_generated: str) -> Path:
    text = UN2024.read_text("utf-8")
    text, n = re.subn(r"dateGenerated=(['\"])[^'\"]*\1", f'dateGenerated="{date_generated}"',
                      text, count=1)
    assert n == 1
    path = tmp_path / "dated.xml"
    path.write_text(text, "utf-8")
    return path


def confirmed_in_2099(data: Path) -> Path:
    """Its only manifest says the list was confirmed current in 2099; that manifest."""
    manifest = next((data / "lists" / "versions").glob("*.json"))
    doc = json.loads(manifest.read_text())
    doc["confirmed_at"] = "2099-01-01T00:00:00Z"
    manifest.write_text(json.dumps(doc))
    return manifest


@pytest.mark.parametrize("how", ["import", "update", "list-file"])
def test_a_list_with_duplicate_reference_numbers_is_refused(tmp_path: Path, how: str) -> None:
    # every way a list comes in is validated the same: import, update (file://) and --list FILE
    data = installed(tmp_path)
    hostile, ref = with_duplicate_reference(tmp_path)
    before = tree_digest(data)
    args = {
        "import": ("lists", "import", hostile),
        "update": ("lists", "update", "--url", hostile.as_uri()),
        "list-file": ("--list", hostile, "match", "Kim Jong Sik"),
    }[how]
    run = run_cli(*args, data_dir=data, memory_bytes=MEMORY)
    assert run.code == 3, run.stderr
    line = one_error_line(run.stderr)
    assert "duplicate reference number" in line and ref in line and "duplicate.xml" in line
    assert tree_digest(data) == before


@pytest.mark.parametrize("spelling", [
    str.lower,  # TAi.155 and tai.155: `show tai.155` could not tell them apart
    str.upper,  # the same for TAI.155
    lambda ref: ref.replace(".", ". "),  # TAi. 155: spaces do not make another number
])
def test_reference_numbers_differing_only_in_case_or_spaces_are_duplicates(
        tmp_path: Path, spelling) -> None:
    # `show`, the service and reviewers' decisions find an entry whatever the case or
    # spacing of its reference number: two such spellings are the same reference number
    data = installed(tmp_path)
    hostile, ref = with_duplicate_reference(tmp_path, spelling)
    before = tree_digest(data)
    run = run_cli("lists", "import", hostile, data_dir=data, memory_bytes=MEMORY)
    assert run.code == 3, run.stderr
    line = one_error_line(run.stderr)
    assert "duplicate reference number" in line and ref in line
    assert tree_digest(data) == before


def test_a_list_generated_in_the_future_is_refused(tmp_path: Path) -> None:
    data = installed(tmp_path)
    hostile = with_date(tmp_path, "2099-01-01T00:00:00Z")
    before = tree_digest(data)
    for force in ((), ("--force",)):  # never right, even forced: it would block every update
        run = run_cli("lists", "import", hostile, *force, data_dir=data, memory_bytes=MEMORY)
        assert run.code == 3, run.stderr
        line = one_error_line(run.stderr)
        assert "2099-01-01" in line and "in the future" in line and "clock" in line
        assert tree_digest(data) == before


def test_an_installed_future_list_does_not_block_a_genuine_update(tmp_path: Path) -> None:
    # installed by an older version (no check then): the 2024 list must still install
    data = tmp_path / "data"
    import datetime as dt

    ListStore(data, clock=lambda: dt.datetime(2100, 1, 1, tzinfo=dt.UTC)).import_file(
        with_date(tmp_path, "2099-01-01T00:00:00Z"))
    run = run_cli("lists", "import", UN2024, data_dir=data, memory_bytes=MEMORY)
    assert run.code == 0, run.stderr
    assert "installed list 20240926" in run.stdout and "in the future" in run.stderr


def test_a_future_confirmation_is_treated_as_unconfirmed(tmp_path: Path) -> None:
    data = installed(tmp_path)
    manifest = confirmed_in_2099(data)
    run = run_cli("lists", "info", "--json", data_dir=data, memory_bytes=MEMORY)
    assert run.code == 0, run.stderr
    assert "2099-01-01" in run.stderr and "unconfirmed" in run.stderr
    assert json.loads(run.stdout)["age_days"] > 365  # the 2020 list, not "fresh forever"
    # watch refreshes it (refresh_hours is long past), which confirms it at the real time
    (tmp_path / "watched.csv").write_text("name\nJohn Smith\n")
    (tmp_path / "watch.toml").write_text(
        f'data_dir = "data"\noutput_dir = "reports"\n[list]\nurl = "{UN2020.as_uri()}"\n'
        'refresh_hours = 12\nmax_age_days = 30000\n[[names]]\npath = "watched.csv"\n')
    run = run_cli("watch", "--config", tmp_path / "watch.toml", data_dir=data,
                  memory_bytes=MEMORY)
    assert run.code == 0, run.stderr
    assert "2099" not in json.loads(manifest.read_text())["confirmed_at"]


@pytest.mark.parametrize("planted", ["absolute", "relative"])
def test_prune_never_deletes_a_file_outside_the_store(tmp_path: Path, planted: str) -> None:
    data = installed(tmp_path)
    ListStore(data).import_file(UN2024)  # the 2020 version is now prunable
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    versions = data / "lists" / "versions"
    old = next(p for p in versions.glob("2020*.json"))
    doc = json.loads(old.read_text())
    doc["file"] = str(victim) if planted == "absolute" else "../../../precious.txt"
    old.write_text(json.dumps(doc))
    run = run_cli("lists", "prune", "--keep", "0", data_dir=data, memory_bytes=MEMORY)
    assert victim.read_text() == "keep me"
    assert run.code == 0, run.stderr
    assert "outside the list store" in run.stderr


def test_the_parse_cache_never_runs_code(tmp_path: Path) -> None:
    data = installed(tmp_path)
    store = ListStore(data)
    cache = store.cache_path(store.current())
    proof = tmp_path / "code-ran"

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {proof}",))

    blob = pickle.dumps(Payload())
    import hashlib

    checksum = hashlib.sha256(blob).hexdigest().encode()
    cache.write_bytes(b"SANCTIONS-CHECK-CACHE 1\n" + checksum + b"\n" + blob)
    run = run_cli("match", "Ri Won Ho", data_dir=data, memory_bytes=MEMORY)
    assert not proof.exists()
    assert run.code == 1, run.stderr  # the list is re-parsed from its XML: still a hit


def test_a_non_string_timestamp_in_a_manifest_is_one_line_and_import_repairs(
        tmp_path: Path) -> None:
    data = installed(tmp_path)
    manifest = next((data / "lists" / "versions").glob("*.json"))
    doc = json.loads(manifest.read_text())
    doc["retrieved_at"] = 1700000000
    manifest.write_text(json.dumps(doc))
    run = run_cli("lists", "info", data_dir=data, memory_bytes=MEMORY)
    assert run.code == 3
    line = one_error_line(run.stderr)
    assert manifest.name in line and "damaged list manifest" in line
    run = run_cli("lists", "import", UN2020, data_dir=data, memory_bytes=MEMORY)  # the repair
    assert run.code == 0, run.stderr
    assert run_cli("lists", "info", data_dir=data).code == 0


def test_an_html_page_is_called_an_html_page(tmp_path: Path) -> None:
    data = installed(tmp_path)
    page = tmp_path / "consolidated.xml"
    page.write_text("<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title>"
                    "</head><body>Try later</body></html>\n")
    before = tree_digest(data)
    run = run_cli("lists", "import", page, data_dir=data, memory_bytes=MEMORY)
    assert run.code == 3
    line = one_error_line(run.stderr)
    assert "HTML page" in line and "DTDForbidden" not in line and "consolidated.xml" in line
    assert tree_digest(data) == before


def test_a_lock_symlink_loop_is_one_line(tmp_path: Path) -> None:
    data = installed(tmp_path)
    lock = data / "lists" / ".lock"
    lock.unlink()
    lock.symlink_to(".lock")  # a loop: open() fails with ELOOP
    run = run_cli("lists", "import", UN2024, data_dir=data, memory_bytes=MEMORY)
    assert run.code == 3
    line = one_error_line(run.stderr)
    assert ".lock" in line and "cannot" in line


def test_a_read_only_store_is_one_line(tmp_path: Path) -> None:
    from hostile_support import respect_permissions

    data = installed(tmp_path)
    for path in [data, *data.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o555 if path.is_dir() else 0o444)
    before = tree_digest(data)
    try:
        for args in (("lists", "import", UN2024), ("lists", "update", "--url", UN2024.as_uri()),
                     ("lists", "prune", "--keep", "0")):
            run = run_cli(*args, data_dir=data, memory_bytes=MEMORY, preexec=respect_permissions)
            assert run.code == 3, (args, run.stderr)
            line = one_error_line(run.stderr)
            assert "lists" in line and "Permission denied" in line
        assert tree_digest(data) == before
    finally:
        for path in [data, *data.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_prune_removes_temporary_files_left_by_a_killed_import(tmp_path: Path) -> None:
    data = installed(tmp_path)
    versions = data / "lists" / "versions"
    stale = versions / ".20240926T000007Z-0123456789ab.xml.k2j3h4.tmp"
    stale.write_bytes(b"<CONSOLIDATED_LIST half written")
    fresh = versions / ".20240926T000007Z-0123456789ab.json.a1b2c3.tmp"  # a run going on now
    fresh.write_bytes(b"{")
    old = stale.stat().st_mtime - 2 * 3600
    os.utime(stale, (old, old))
    run = run_cli("lists", "prune", data_dir=data, memory_bytes=MEMORY)
    assert run.code == 0, run.stderr
    assert not stale.exists() and fresh.exists()
    assert "temporary file" in run.stdout


def test_a_planted_manifest_naming_the_current_version_does_not_prune_it(
        tmp_path: Path) -> None:
    # a manifest under another id whose "file" is the current version's XML: pruning that
    # "version" would delete the list in force (its XML, manifest and cache)
    data = installed(tmp_path, UN2024)
    versions = data / "lists" / "versions"
    current = next(versions.glob("2024*.json"))
    doc = json.loads(current.read_text())
    doc["id"] = "19990101T000000Z-000000000000"
    planted = versions / f"{doc['id']}.json"
    planted.write_text(json.dumps(doc))
    before = {k: v for k, v in tree_digest(data).items() if k != planted.relative_to(data).as_posix()}
    run = run_cli("lists", "prune", "--keep", "0", data_dir=data, memory_bytes=MEMORY)
    assert run.code == 0, run.stderr
    assert "damaged list manifest" in run.stderr and planted.name in run.stderr
    after = tree_digest(data)
    assert all(after.get(k) == v for k, v in before.items())  # the list in force is intact
    assert run_cli("match", "Kim Jong Sik", data_dir=data).code == 1


def test_a_future_confirmation_is_not_shown_as_a_confirmation(tmp_path: Path) -> None:
    # the age already ignores it; the facts shown beside the age must not contradict it
    # ("confirmed: 2099-01-01 (0 minutes ago)", "since its source confirmed it current")
    data = installed(tmp_path)
    confirmed_in_2099(data)
    facts = json.loads(run_cli("lists", "info", "--json", data_dir=data).stdout)
    assert facts["confirmed_at"] is None
    assert "dateGenerated" in facts["age_basis"] and "2099-01-01" in facts["age_basis"]
    run = run_cli("lists", "info", data_dir=data)
    confirmed = next(line for line in run.stdout.splitlines() if line.startswith("confirmed:"))
    assert "never" in confirmed and "in the future" in confirmed
    out = tmp_path / "review.json"
    (tmp_path / "names.csv").write_text("name\nKim Jong Sik\n")
    run_cli("screen", tmp_path / "names.csv", "-o", out, data_dir=data)
    assert json.loads(out.read_text())["meta"]["list_confirmed_at"].startswith("never")


def test_a_list_file_dated_in_the_future_has_an_unknown_age_not_a_number(
        tmp_path: Path) -> None:
    # --list applies no date checks (they concern the store); such a file counts as
    # infinitely old, and says so instead of "1000000000.0 days" or "(0 minutes ago)"
    future = with_date(tmp_path, "2099-01-01T00:00:00Z")
    run = run_cli("--list", future, "lists", "info", data_dir=tmp_path / "data")
    assert run.code == 0, run.stderr
    lines = dict(line.split(":", 1) for line in run.stdout.splitlines() if ":" in line)
    assert "ahead of this computer's clock" in lines["generated"]
    assert lines["age"].split()[0] == "unknown" and "in the future" in lines["age"]
    assert "of unknown age" in run.stderr and "1000000000" not in run.stdout + run.stderr
    (tmp_path / "names.csv").write_text("name\nKim Jong Sik\n")
    run = run_cli("--list", future, "screen", tmp_path / "names.csv", "--max-list-age", "30",
                  data_dir=tmp_path / "data")
    assert run.code == 3
    assert "of unknown age" in run.stderr and "1e+09" not in run.stderr


def test_an_older_list_than_one_dated_just_ahead_is_not_called_minus_0_days_old(
        tmp_path: Path) -> None:
    # both within the clock-skew allowance of a day: the message must not say "-0 days ago"
    import datetime as dt

    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(hours=20)
    data = tmp_path / "data"
    ListStore(data).import_file(with_date(tmp_path, ahead.strftime("%Y-%m-%dT%H:%M:%SZ")))
    nearer = tmp_path / "nearer"
    nearer.mkdir()
    older = with_date(nearer, (ahead - dt.timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    run = run_cli("lists", "import", older, data_dir=data)
    assert run.code == 3
    line = one_error_line(run.stderr)
    assert "-0 days" not in line and "ahead of this computer's clock" in line
