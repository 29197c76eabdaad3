"""The watch state database: classification of hits, pending reports, decisions, crashes."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctions_check.screening.recordkeys import record_key
from sanctions_check.watch.state import (
    NAMES,
    NEWS,
    HitRecord,
    NewsItemRecord,
    State,
    WatchedName,
    norm_query,
)
from sanctions_check.watch.statedb import SCHEMA_VERSION

REFS = {"QDi.001", "QDi.002", "KPi.003"}


def watched(*names: str) -> list[WatchedName]:
    return [WatchedName(n.lower(), n, None, None, None, f"w.csv row {i}")
            for i, n in enumerate(names, 2)]


def hit(name: str, ref: str, decision: str | None = None) -> HitRecord:
    return HitRecord(NAMES, name.lower(), name, f"w.csv ({name})", ref, f"ENTRY {ref}", name,
                     92.0, "strong", "fp1", {"query": name}, decision)


def run(state: State, names: list[str], hits: list[HitRecord], refs: set[str] = REFS,
        report: bool = True) -> tuple[int, dict[str, list[str]]]:
    """One run; returns its id and the pending hits by status (what its report holds)."""
    run_id, _ = state.begin_run()
    state.apply_run(run_id, watched=watched(*names), name_hits=hits, list_refs=refs)
    pending = state.pending()
    out: dict[str, list[str]] = {}
    for h in pending:
        out.setdefault(h.status, []).append(h.hit_key)
    if report:
        state.mark_reported(run_id, [h.id for h in pending])
    return run_id, out


def test_schema_wal_and_reopen(tmp_path: Path) -> None:
    db = tmp_path / "w.sqlite"
    with State(db) as s:
        assert s.schema_version == SCHEMA_VERSION
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        run(s, ["Ann"], [hit("Ann", "QDi.001")])
    with State(db) as s:  # reopening keeps everything and does not re-create tables
        assert [h.status for h in s.hits()] == ["new"]
        assert len(s.runs()) == 1 and s.runs()[0].status == "done"


def test_lifecycle_new_open_resolved_and_found_again(tmp_path: Path) -> None:
    with State(tmp_path / "w.sqlite") as s:
        _, r1 = run(s, ["Ann", "Bob"], [hit("Ann", "QDi.001"), hit("Bob", "QDi.002")])
        assert sorted(r1) == ["new"] and len(r1["new"]) == 2
        _, r2 = run(s, ["Ann", "Bob"], [hit("Ann", "QDi.001"), hit("Bob", "QDi.002")])
        assert r2 == {}  # nothing changed: nothing to report
        assert {h.status for h in s.open_hits()} == {"open"}
        # QDi.001 removed from the list; Bob removed from the watched names
        _, r3 = run(s, ["Ann", "Cyd"], [hit("Cyd", "KPi.003")], refs={"QDi.002", "KPi.003"})
        assert r3["new"] == ["names:cyd:KPi.003"]
        reasons = {h.hit_key: h.reason for h in s.hits("resolved")}
        assert reasons == {"names:ann:QDi.001": "entry removed from the list",
                           "names:bob:QDi.002": "watched name removed"}
        # still present but below the threshold now
        _, r4 = run(s, ["Ann", "Cyd"], [], refs={"QDi.002", "KPi.003"})
        assert r4["resolved"] == ["names:cyd:KPi.003"]
        assert s.hits("resolved")[-1].reason == "no longer matches at the threshold"
        # listed again: a new hit again (it was resolved)
        _, r5 = run(s, ["Ann"], [hit("Ann", "QDi.001")])
        assert r5["new"] == ["names:ann:QDi.001"]
        assert s.conn.execute("SELECT active FROM watched_names WHERE key='bob'").fetchone()[0] == 0


def test_unreported_changes_stay_pending_until_marked(tmp_path: Path) -> None:
    db = tmp_path / "w.sqlite"
    with State(db) as s:
        run(s, ["Ann"], [hit("Ann", "QDi.001")], report=False)  # killed before the report
    with State(db) as s:
        run_id, stale = s.begin_run()
        assert [r.status for r in stale] == ["running"]  # the killed run
        assert s.runs()[0].status == "interrupted"
        s.apply_run(run_id, watched=watched("Ann", "Bob"),
                    name_hits=[hit("Ann", "QDi.001"), hit("Bob", "QDi.002")], list_refs=REFS)
        pending = s.pending()
        # the killed run's hit is still new (not open), beside this run's new one
        assert sorted(h.hit_key for h in pending if h.status == "new") == [
            "names:ann:QDi.001", "names:bob:QDi.002"]
        s.mark_reported(run_id, [h.id for h in pending])
        assert s.pending() == []
        _, r = run(s, ["Ann", "Bob"], [hit("Ann", "QDi.001"), hit("Bob", "QDi.002")])
        assert r == {}


def test_a_failed_apply_changes_nothing(tmp_path: Path) -> None:
    def hits_then_crash():
        yield hit("Ann", "QDi.001")
        raise RuntimeError("boom")

    with State(tmp_path / "w.sqlite") as s:
        run_id, _ = s.begin_run()
        with pytest.raises(RuntimeError):
            s.apply_run(run_id, watched=watched("Ann"), name_hits=hits_then_crash(),
                        list_refs=REFS)
        assert s.hits() == []  # rolled back as one transaction
        assert s.conn.execute("SELECT count(*) FROM watched_names").fetchone()[0] == 0


def test_news_items_are_remembered_and_their_hits_not_re_screened(tmp_path: Path) -> None:
    with State(tmp_path / "w.sqlite") as s:
        run_id, _ = s.begin_run()
        s.apply_run(run_id, watched=None, name_hits=[], list_refs=REFS,
                    news_items=[NewsItemRecord("h1", "feed.xml", "Title", "http://x/1", 1)],
                    news_hits=[HitRecord(NEWS, "h1", "Ann", "feed.xml: Title", "QDi.001",
                                         "E", "Ann", 90.0, "strong", None)])
        assert s.seen_news(["h1", "h2"]) == {"h1"}
        assert s.pending()[0].origin == NEWS
        s.mark_reported(run_id, [h.id for h in s.pending()])
        # a later run that screens names does not resolve news hits
        _, r = run(s, ["Bob"], [])
        assert r == {}
        assert s.conn.execute("SELECT hits FROM news_items").fetchone()[0] == 1


def decision(name: str, ref: str, value: str = "False positive", version: int | None = 1):
    return SimpleNamespace(input_name=name, reference_number=ref, decision=value,
                           reviewer="rk", notes="different person", entry_version=version,
                           entry_last_updated=(), entry_names=(), source="rev.xlsx",
                           sheet="New hits", row=2)


def test_decisions_clear_and_reopen(tmp_path: Path) -> None:
    with State(tmp_path / "w.sqlite") as s:
        run(s, ["Ann"], [hit("Ann", "QDi.001")])
        assert s.import_decisions([decision("ANN ", "QDi.001")]) == 1
        assert s.hits()[0].status == "cleared"  # applies at once
        assert s.import_decisions([decision("Ann", "QDi.001")]) == 0  # same again: no-op
        # keyed by the record (here a name without date of birth or nationality)
        key = (record_key(norm_query("Ann")), "QDi.001")
        assert s.standing_decisions()[key]["reviewer"] == "rk"
        _, r = run(s, ["Ann"], [hit("Ann", "QDi.001", decision="cleared")])
        assert r == {}  # a cleared false positive is not reported again
        # the entry was amended: the watch run says so with decision="reopened"
        rec = HitRecord(NAMES, "ann", "Ann", "w", "QDi.001", "E", "Ann", 92.0, "strong", "fp2",
                        {}, "reopened", "list entry amended")
        _, r = run(s, ["Ann"], [rec])
        assert r == {"reopened": ["names:ann:QDi.001"]}
        assert s.standing_decisions() == {}  # superseded: the next run sees an open hit
        _, r = run(s, ["Ann"], [hit("Ann", "QDi.001")])
        assert r == {} and s.hits()[0].status == "open"


def test_a_decision_keeps_its_reason_date_and_list_version(tmp_path: Path) -> None:
    # the state keeps what the reviewer gave beyond the decision itself, so a report that
    # pre-fills it from the state loses nothing; a changed reason is a changed decision
    with State(tmp_path / "w.sqlite") as s:
        run(s, ["Ann"], [hit("Ann", "QDi.001")])
        d = decision("Ann", "QDi.001", "True match")
        d.reason, d.decision_date, d.list_sha256 = "Same DOB", "2024-10-02", "ab" * 32
        assert s.import_decisions([d]) == 1
        (stored,) = s.standing_decisions().values()
        assert (stored["reason"], stored["decision_date"], stored["list_sha256"]) == (
            "Same DOB", "2024-10-02", "ab" * 32)
        assert s.import_decisions([d]) == 0  # the same again: nothing changes
        d.reason = "Same nationality"
        assert s.import_decisions([d]) == 1
        (stored,) = s.standing_decisions().values()
        assert stored["reason"] == "Same nationality"


def test_true_match_decision_keeps_hit_open(tmp_path: Path) -> None:
    with State(tmp_path / "w.sqlite") as s:
        run(s, ["Ann"], [hit("Ann", "QDi.001")])
        s.import_decisions([decision("Ann", "QDi.001", "True match")])
        assert s.hits()[0].status == "new"
        run(s, ["Ann"], [hit("Ann", "QDi.001")])
        assert s.hits()[0].status == "open"


# Property: whatever the sequence of runs and crashes (a crash = the report never
# happened), a hit is never reported as new twice without being resolved in
# between, after a run that completes nothing is left pending, and what the user
# was last told about each hit is the truth (nothing lost).
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sets(st.sampled_from(["A", "B", "C"])), st.booleans()),
                min_size=1, max_size=8))
def test_reported_exactly_once_property(tmp_path_factory: pytest.TempPathFactory,
                                        runs: list[tuple[set[str], bool]]) -> None:
    db = tmp_path_factory.mktemp("prop") / "w.sqlite"
    reported: dict[str, list[str]] = {}
    with State(db) as s:
        for found, crash in [*runs, (runs[-1][0], False)]:
            _, out = run(s, ["A", "B", "C"], [hit(n, "QDi.001") for n in sorted(found)],
                         report=not crash)
            if crash:
                continue
            for status, keys in out.items():
                for k in keys:
                    reported.setdefault(k, []).append(status)
        assert s.pending() == []
    for seq in reported.values():
        for a, b in zip(seq, seq[1:], strict=False):
            assert a != b, seq  # never new twice, never resolved twice
    final = runs[-1][0]
    for name in "ABC":
        told = reported.get(f"names:{name.lower()}:QDi.001", [])
        if name in final:
            assert told and told[-1] == "new"
        else:
            assert not told or told[-1] == "resolved"
