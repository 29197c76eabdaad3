"""Batch workers fork from a template process: replacements start without the caller's growth."""

from __future__ import annotations

import csv
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from sanctions_check.batch import match as batch_match
from sanctions_check.batch import template
from sanctions_check.names.normalise import normalise_name

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "eval" / "names.csv"

pytestmark = pytest.mark.skipif(not template.available(), reason="needs fork and pidfds (Linux)")

_GROWN = "grown_after_the_pool_started"  # a key the caller adds to its state after the start


def _parent_and_growth() -> tuple[int, bool]:
    """In a worker: its parent process and whether it sees what the caller added late."""
    return os.getppid(), _GROWN in batch_match._STATE


def _single_words() -> set[str]:
    """In a worker: the single query words its matcher's word caches start with."""
    words = batch_match._word_caches(batch_match._STATE)
    return {unit for unit, multi in words.matches if not multi}


_RECEIVED: list[Any] = []


def _receive(message: Any) -> None:
    _RECEIVED.append(message)


def _received() -> list[Any]:
    return list(_RECEIVED)


def _pid_retiring(retire: bool) -> int:
    """In a worker: its process id, ending the worker after this task when ``retire``."""
    if retire:
        template.retire()
    return os.getpid()


def _pid_and_block(keys: list[Any]) -> tuple[int, Any]:
    """In a worker: its process id and a block's outcomes as the pool's tasks give them."""
    return os.getpid(), batch_match._match_keys(keys)


@pytest.fixture
def one_block_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    # every worker is replaced after one block: each task below runs in a newly forked worker
    monkeypatch.setattr(batch_match, "WORKER_MAX_BLOCKS", 1)
    monkeypatch.setattr(batch_match, "WORKER_LIFE_BLOCKS", 1)


def _state(matcher: Any) -> dict[str, Any]:
    return {"matcher": matcher, "limit": 10, "min_score": 85.0, "best_floor": 85.0}


def test_replacement_workers_fork_from_the_template_not_the_caller(
    matcher2024: Any, one_block_workers: None
) -> None:
    # the caller's heap grows during a run (its run cache); a worker forked late by the caller
    # would start with (and keep private copies of) that growth; forked by the template,
    # forked when the pool started, it starts without it
    pool = batch_match.start_workers(2, _state(matcher2024))
    try:
        batch_match._STATE[_GROWN] = True  # the caller's growth after the pool started
        seen = [pool.apply_async(_parent_and_growth).get(timeout=120) for _ in range(5)]
        template_pid = getattr(pool, "template_pid", None)
    finally:
        batch_match.stop_workers(pool)
    assert not any(grown for _parent, grown in seen)
    assert template_pid not in (None, os.getpid())
    assert {parent for parent, _grown in seen} == {template_pid}  # first workers and 3+ more
    assert not multiprocessing.active_children()  # the template and its workers have ended


def test_replacement_workers_start_with_the_words_workers_looked_up(
    matcher2024: Any, one_block_workers: None
) -> None:
    # a word is looked up about once per run: a worker hands its lookups back with its
    # outcomes, the caller hands them to the template, and the workers forked after that
    # start with them; the caller itself keeps no copy
    with open(EVAL, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:40]
    keys = [(r["query"], r["kind"] or None, None, None) for r in rows]
    words = matcher2024.index.words
    words.matches.clear()
    pool = batch_match.start_workers(2, _state(matcher2024))
    try:
        batch_match.submit(pool, keys).get()  # its lookups sent to the template
        # at most the two workers alive when they were sent started without them; each
        # probe ends the worker it ran in, so at least 3 of 5 probes run in later workers
        later = [pool.apply_async(_single_words).get(timeout=120) for _ in range(5)]
    finally:
        batch_match.stop_workers(pool)
    first = normalise_name(rows[0]["query"], "org" if rows[0]["kind"] == "org" else None)
    assert sum(set(first.tokens) <= got for got in later) >= 3
    assert not words.matches  # the caller's own caches did not grow


def test_the_template_receives_messages_in_order_and_ends_with_the_pool() -> None:
    # a message sent before a worker is forked reaches that worker (one connection, in order)
    pool = template.TemplatePool(2, maxtasksperchild=1, receive=_receive)
    try:
        pool.send("a")
        pool.send({"b": (1, 2)})
        got = [pool.apply_async(_received).get(timeout=60) for _ in range(5)]
        template_pid = pool.template_pid
    finally:
        pool.terminate()
        pool.join()
    # at most the two first workers were forked before the messages, each probe ends its own
    assert sum(seen == ["a", {"b": (1, 2)}] for seen in got) >= 3
    assert not _RECEIVED  # received in the template, not here
    assert template_pid is not None and not multiprocessing.active_children()


def test_a_retired_worker_hands_its_result_back_and_is_replaced() -> None:
    # no limit of tasks per worker: a worker ends only when a task it ran retired it, after
    # handing that task's result back; the pool forks a replacement and loses no task
    pool = template.TemplatePool(2)
    try:
        kept = {pool.apply_async(_pid_retiring, (False,)).get(timeout=60) for _ in range(6)}
        retired = [pool.apply_async(_pid_retiring, (True,)).get(timeout=60) for _ in range(4)]
        after = pool.apply_async(_pid_retiring, (False,)).get(timeout=60)
    finally:
        pool.terminate()
        pool.join()
    assert len(kept) <= 2  # the first two workers ran every task
    assert len(set(retired)) == 4  # each retiring task ran in a worker of its own
    assert after not in retired and not multiprocessing.active_children()


def test_workers_are_replaced_when_their_memory_grew_past_the_budget(
    matcher2024: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a budget of no growth at all: every block retires the worker that matched it, and the
    # outcomes are those of matching in this process (real list names and look-alikes)
    with open(EVAL, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:60]
    keys = [(r["query"], r["kind"] or None, None, None) for r in rows]
    blocks = [keys[i : i + 15] for i in range(0, len(keys), 15)]
    expected = batch_match.match_keys(batch_match.prepare_state(_state(matcher2024)), keys)
    monkeypatch.setattr(batch_match, "WORKER_GROWTH_MB", -1)
    pool = batch_match.start_workers(2, _state(matcher2024))
    try:
        got = [pool.apply_async(_pid_and_block, (block,)).get(timeout=120) for block in blocks]
    finally:
        batch_match.stop_workers(pool)
    assert len({pid for pid, _out in got}) == len(blocks)
    assert [o for _pid, (outs, _learned) in got for o in outs] == expected
