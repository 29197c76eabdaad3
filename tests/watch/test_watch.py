"""run_watch on the real UN snapshots: new / resolved / re-opened hits, refresh policy, lock."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sanctions_check.errors import ListError, LockedError
from sanctions_check.lists.diff import diff_lists
from sanctions_check.lists.store import ListStore
from sanctions_check.matching.config import DEFAULT_CONFIG
from sanctions_check.watch.config import load_config
from sanctions_check.watch.run import WatchLock, import_decisions_file, run_watch
from sanctions_check.watch.state import State

# Watched names chosen from the real lists (see the expectations in each test):
WATCHED = """name,kind,dob,nationality
Ayman al-Zawahiri,person,1951,Egypt
Saleh Mesfer Saleh Al Shaer,person,,Yemen
Yahya Rahim Safavi,person,1952,Iran
Ghorb Karbala,org,,
Maria Schmidt,person,1980-04-12,Germany
Acme Shipping Ltd,org,,
"""
# QDi.006: Ayman al-Zawahiri, listed in 2020 and 2024 (amended: a new last-updated date)
# YEi.007: Saleh Mesfer Saleh Al Shaer, listed only in 2024
# IRi.036 / IRe.023: Yahya Rahim Safavi / Ghorb Karbala, listed in 2020, removed by 2024
NEW_IN_2024, STAYS, REMOVED = "YEi.007", "QDi.006", {"IRi.036", "IRe.023"}


def make_config(tmp_path: Path, extra: str = "", list_section: str = "url = false") -> Path:
    (tmp_path / "watched.csv").write_text(WATCHED, encoding="utf-8")
    path = tmp_path / "watch.toml"
    path.write_text(
        f'data_dir = "state"\noutput_dir = "reports"\n{extra}\n[list]\n{list_section}\n'
        '[[names]]\npath = "watched.csv"\n', encoding="utf-8")
    return path


@pytest.fixture
def setup(tmp_path: Path, un2020_path: Path):  # type: ignore[no-untyped-def]
    cfg = load_config(make_config(tmp_path))
    store = ListStore(cfg.data_dir)
    store.update(un2020_path.as_uri())  # from a file:// mirror: confirmed current now
    return cfg, store


def refs(hits) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.reference_number for h in hits}


def test_two_step_history_new_resolved_then_silence(setup, un2024_path: Path, un2020,
                                                    un2024) -> None:
    cfg, store = setup
    first = run_watch(cfg)
    assert first.exit_code == 1
    assert {STAYS, *REMOVED} <= refs(first.new)
    assert NEW_IN_2024 not in refs(first.new)  # not listed in 2020
    assert first.report_path is not None and first.report_path.parent == cfg.output_dir

    store.update(un2024_path.as_uri())
    second = run_watch(cfg)
    assert refs(second.new) == {NEW_IN_2024}  # new designation, no input changed
    assert {(h.reference_number, h.reason) for h in second.resolved} == {
        (r, "entry removed from the list") for r in REMOVED}
    assert STAYS in refs(second.open)
    assert second.exit_code == 1
    wb = load_workbook(second.report_path, read_only=True)
    assert wb.sheetnames == ["Summary", "New hits", "Open hits", "Resolved", "List changes"]
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True)}
    # the match configuration: algorithm and version, the scoring weights' digest
    assert summary["Algorithm"] == f"{DEFAULT_CONFIG.algorithm} {DEFAULT_CONFIG.version}"
    assert summary["Scoring weights"] == f"{DEFAULT_CONFIG.weights.digest()} (the defaults)"
    changes = list(wb["List changes"].iter_rows(values_only=True))[1:]
    # the real 2020 -> 2024 diff (46 added, 185 removed, 529 amended)
    assert len(changes) == len(diff_lists(un2020, un2024).rows()) > 46 + 185
    new_rows = list(wb["New hits"].iter_rows(values_only=True))
    assert new_rows[0][:3] == ("Status", "Found in", "Why")
    assert [r[0] for r in new_rows[1:]] == ["new"]
    assert "Saleh Mesfer Saleh Al Shaer" in new_rows[1]
    wb.close()

    third = run_watch(cfg)
    assert (third.exit_code, third.new, third.resolved, third.report_path) == (0, (), (), None)
    assert not third.should_print("changes")
    assert len(list(cfg.output_dir.iterdir())) == 2  # no report when nothing is new
    always = run_watch(cfg, always_report=True)
    assert always.report_path is not None and always.exit_code == 0


def test_removed_watched_name_is_resolved(setup) -> None:
    cfg, _ = setup
    run_watch(cfg)
    lines = WATCHED.splitlines()
    (cfg.names[0].path).write_text(
        "\n".join(line for line in lines if "Safavi" not in line) + "\n", encoding="utf-8")
    result = run_watch(cfg)
    assert [(h.reference_number, h.reason) for h in result.resolved] == [
        ("IRi.036", "watched name removed")]
    assert result.exit_code == 0 and result.should_print("changes")
    assert not result.should_print("new")


def test_false_positive_stays_cleared_until_the_entry_is_amended(setup, un2024_path) -> None:
    cfg, store = setup
    first = run_watch(cfg)
    # the reviewer marks Zawahiri a false positive in the report and feeds it back
    wb = load_workbook(first.report_path)
    ws = wb["New hits"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("Reference number")].value == STAYS:
            row[header.index("Decision")].value = "False positive"
            row[header.index("Reviewer")].value = "analyst"
    reviewed = cfg.output_dir / "reviewed.xlsx"
    wb.save(reviewed)
    with State(cfg.db_path) as state:
        assert import_decisions_file(state, reviewed) == 1
    again = run_watch(cfg)
    assert STAYS not in refs(again.open) and again.new == ()
    # 2024 amends QDi.006 (a new last-updated date): the hit is re-opened, once
    store.update(un2024_path.as_uri())
    amended = run_watch(cfg)
    reopened = [h for h in amended.new if h.reference_number == STAYS]
    assert [h.status for h in reopened] == ["reopened"]
    assert "entry updated on 2020-11-24" in (reopened[0].reason or "")
    assert STAYS in refs(run_watch(cfg).open)


def test_the_next_report_carries_the_reason_and_date_of_a_decision(
        tmp_path: Path, un2020_path: Path) -> None:
    # a True match stays open: the next report pre-fills everything the reviewer gave
    # (decision, reason, reviewer, date, notes), so reviewing from it loses nothing
    cfg = load_config(make_config(tmp_path, "always_report = true"))
    ListStore(cfg.data_dir).update(un2020_path.as_uri())
    first = run_watch(cfg)
    wb = load_workbook(first.report_path)
    ws = wb["New hits"]
    header = [c.value for c in ws[1]]
    given = {"Decision": "True match", "Reason": "Confirmed true match", "Reviewer": "analyst",
             "Decision date": "2024-10-02", "Notes": "passport seen"}
    for row in ws.iter_rows(min_row=2):
        if row[header.index("Reference number")].value == STAYS:
            for col, value in given.items():
                row[header.index(col)].value = value
    reviewed = cfg.output_dir / "reviewed.xlsx"
    wb.save(reviewed)
    with State(cfg.db_path) as state:
        assert import_decisions_file(state, reviewed) == 1
    again = run_watch(cfg)
    ws = load_workbook(again.report_path)["Open hits"]
    header = [c.value for c in ws[1]]
    (row,) = [r for r in ws.iter_rows(min_row=2, values_only=True)
              if r[header.index("Reference number")] == STAYS]
    assert {col: row[header.index(col)] for col in given} == given


def test_a_false_positive_binds_to_the_watched_record(tmp_path, un2020_path) -> None:
    # two watched records of one name: born 1951 (the listed man's year) and no DOB given;
    # clearing the second does not clear the first (the record key has the DOB)
    cfg = load_config(make_config(tmp_path))
    (tmp_path / "watched.csv").write_text(
        "name,kind,dob,nationality\nAyman al-Zawahiri,person,1951,Egypt\n"
        "Ayman al-Zawahiri,person,,Egypt\n", encoding="utf-8")
    ListStore(cfg.data_dir).update(un2020_path.as_uri())
    first = run_watch(cfg)
    assert [h.reference_number for h in first.new] == [STAYS, STAYS]
    wb = load_workbook(first.report_path)
    ws = wb["New hits"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("Input DOB")].value is None:
            row[header.index("Decision")].value = "False positive"
            row[header.index("Reason")].value = "Different DOB"
    reviewed = cfg.output_dir / "reviewed.xlsx"
    wb.save(reviewed)
    with State(cfg.db_path) as state:
        assert import_decisions_file(state, reviewed) == 1
        statuses = sorted((h.detail.get("input_dob") or 0, h.status) for h in state.hits())
    assert statuses == [(0, "cleared"), (1951, "new")]
    again = run_watch(cfg)
    assert [h.detail.get("input_dob") for h in again.open] == [1951]


def test_decisions_from_the_config_are_imported_each_run(tmp_path, un2020_path) -> None:
    cfg = load_config(make_config(tmp_path, 'decisions = ["reports/reviewed.xlsx"]'))
    ListStore(cfg.data_dir).update(un2020_path.as_uri())
    first = run_watch(cfg)  # the decisions file does not exist yet: skipped, logged
    wb = load_workbook(first.report_path)
    ws = wb["New hits"]
    col = [c.value for c in ws[1]].index("Decision")
    for row in ws.iter_rows(min_row=2):
        row[col].value = "False positive"
    wb.save(cfg.output_dir / "reviewed.xlsx")
    second = run_watch(cfg)
    assert second.decisions_imported == len(first.new)
    assert second.open == () and second.new == ()
    # a decisions file that cannot be read fully is a notice; the run goes on
    ws.cell(row=2, column=col + 1).value = "maybe"
    wb.save(cfg.output_dir / "reviewed.xlsx")
    third = run_watch(cfg)
    assert third.open == () and third.new == ()  # the earlier decisions still apply
    assert any("unknown decision 'maybe'" in n for n in third.notices)
    assert third.should_print("changes") and third.exit_code == 0


def test_refresh_policy(tmp_path: Path, un2020_path: Path, un2024_path: Path) -> None:
    cfg = load_config(make_config(
        tmp_path, list_section=f'url = "{un2024_path.as_uri()}"\nrefresh_hours = 0'))
    ListStore(cfg.data_dir).update(un2020_path.as_uri())
    result = run_watch(cfg)  # due at once: downloads (file://) the 2024 list
    assert result.list_info["date_generated"].startswith("2024-09-26")
    assert result.list_info["refresh"].startswith("installed")


def test_failed_refresh_keeps_the_list_until_it_is_too_old(tmp_path: Path,
                                                           un2020_path: Path) -> None:
    missing = (tmp_path / "nowhere.xml").as_uri()
    cfg = load_config(make_config(
        tmp_path, list_section=f'url = "{missing}"\nrefresh_hours = 1\nmax_age_days = 30'))
    store = ListStore(cfg.data_dir)
    store.update(un2020_path.as_uri())
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)
    result = run_watch(cfg, store=ListStore(cfg.data_dir, clock=lambda: later),
                       clock=lambda: later)
    assert result.list_info["refresh_failed"] and result.new  # reported, run went on
    assert any("refresh failed" in n for n in result.notices)
    much_later = later + dt.timedelta(days=31)
    with pytest.raises(ListError) as err:
        run_watch(cfg, store=ListStore(cfg.data_dir, clock=lambda: much_later),
                  clock=lambda: much_later)
    assert "refresh failed" in str(err.value) and "30" in str(err.value)
    with State(cfg.db_path) as state:
        assert state.runs()[-1].status == "failed"


def test_no_list_installed_is_a_list_error(tmp_path: Path) -> None:
    cfg = load_config(make_config(tmp_path))
    with pytest.raises(ListError, match="lists update"):
        run_watch(cfg)


def test_second_run_while_locked_names_the_holder(setup) -> None:
    cfg, _ = setup
    with WatchLock(cfg.lock_path):
        with pytest.raises(LockedError) as err:
            run_watch(cfg)
    assert f"PID {os.getpid()}" in str(err.value)
    assert run_watch(cfg).exit_code == 1  # released: runs normally


def test_stale_lock_of_a_killed_run_is_taken_over(setup) -> None:
    cfg, _ = setup
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    cfg.data_dir.mkdir(parents=True, exist_ok=True)
    cfg.lock_path.touch()
    (cfg.data_dir / "watch.lock.pid").write_text(f"{dead}\n")
    lock = WatchLock(cfg.lock_path)
    with lock:
        assert lock.stale_pid == int(dead)
    assert not (cfg.data_dir / "watch.lock.pid").exists()  # released cleanly
    assert run_watch(cfg).exit_code == 1


def test_only_news_items_not_seen_before_are_processed(tmp_path: Path, un2024_path: Path,
                                                       ) -> None:
    from conftest import EVAL_DIR

    feed = (EVAL_DIR / "news" / "feed.xml").read_text(encoding="utf-8")
    items = re.findall(r"<item>.*?</item>", feed, re.S)
    assert len(items) == 2
    head, tail = feed[: feed.index("<item>")], feed[feed.rindex("</item>") + 7:]
    (tmp_path / "feed.xml").write_text(head + items[0] + tail, encoding="utf-8")
    path = tmp_path / "watch.toml"
    path.write_text('data_dir = "state"\n[list]\nurl = false\n[[news]]\nsource = "feed.xml"\n')
    cfg = load_config(path)
    ListStore(cfg.data_dir).update(un2024_path.as_uri())
    first = run_watch(cfg)
    assert first.news_items_processed == 1 and first.exit_code == 1
    first_refs = refs(first.new)
    assert {"YEi.001", "YEi.009"} <= first_refs  # named in the Yemen item (feed-1.json)
    # the feed gains one item: only that one is processed and reported
    (tmp_path / "feed.xml").write_text(head + items[0] + items[1] + tail, encoding="utf-8")
    second = run_watch(cfg)
    assert (second.news_items_processed, second.news_items_skipped) == (1, 1)
    assert not refs(second.new) & first_refs
    assert {"QDe.092", "QDi.294"} <= refs(second.new)  # the Indonesia item (feed-2.json)
    assert all("Indonesia" in h.source for h in second.new)
    third = run_watch(cfg)
    assert (third.exit_code, third.news_items_processed, third.new) == (0, 0, ())
    assert third.open == ()  # news hits are reported once, not re-screened
    # the first article is edited in place (same link, new text): processed again, but
    # what it said before is not reported again
    edited = items[0].replace("</description>", " Talks resume next week.</description>", 1)
    (tmp_path / "feed.xml").write_text(head + edited + items[1] + tail, encoding="utf-8")
    fourth = run_watch(cfg)
    assert (fourth.news_items_processed, fourth.new, fourth.exit_code) == (1, (), 0)


def test_the_lock_holds_when_its_files_are_deleted(tmp_path: Path) -> None:
    # the lock is an flock on the data directory's descriptor, not a file's existence
    with WatchLock(tmp_path / "watch.lock"):
        (tmp_path / "watch.lock.pid").unlink()
        with pytest.raises(LockedError, match="PID unknown"):
            WatchLock(tmp_path / "watch.lock").acquire()
    with WatchLock(tmp_path / "watch.lock") as again:  # released: free again
        assert again.stale_pid is None
