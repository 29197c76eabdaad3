#!/usr/bin/env python3
"""Per-stage time budget of the batch engine (issue 21 item 2), on one worker, per mix.

Runs :func:`sanctions_check.batch.engine.screen_file` with one worker (matching in this
process) on a synthetic input of each generator of ``benchmarks/make_names.py`` and times
the stages with wall-clock timers wrapped around the functions that make them (exclusive
time: a stage's time leaves out the stages it calls):

* read: the input reader (:func:`sanctions_check.screening.inputs.iter_chunks`);
* normalise: ``unusable_reason``, ``normalise_name`` and ``query_terms`` of the matcher
  (:mod:`sanctions_check.matching.matcher`, :mod:`sanctions_check.matching.scorer`);
* word lookups: :meth:`NameIndex.prefetch` and :meth:`NameIndex.unit_matches` (the fuzzy
  scan of the list's words, once per distinct query word or joined span and worker) and the
  tables of forms they find (:meth:`Postings.table`);
* retrieval: the rest of :meth:`NameIndex.plan` and :meth:`NameIndex.merge`;
* bounds: :meth:`FormBounds.candidates` (and the plain-Python bounds of short tables);
* scoring: :meth:`FormScorer.form_score` (the alignment of each candidate left);
* hits: :func:`~sanctions_check.matching.ranking.make_hit` (explanations) and the output
  row dicts (:func:`~sanctions_check.screening.rows.hit_row`);
* write: :meth:`RowWriter.write`;
* other: the rest (the engine's de-duplication, the matcher's ranking...).

IPC, the cost of handing blocks of names to worker processes and their outcomes back, is
measured apart: pickling and unpickling every block's keys and outcomes as the pool does.
The timers add about a microsecond per call; the total is printed with and without them.

Usage::

    python3 benchmarks/stages.py                        # 20k names of each mix
    python3 benchmarks/stages.py --names 5000 --mixes listlike
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

STAGES = ("read", "normalise", "word lookups", "retrieval", "bounds", "scoring", "hits",
          "write", "other")  # fmt: skip


class Budget:
    """Exclusive wall time per stage of wrapped functions (a stack of running timers)."""

    def __init__(self) -> None:
        self.spent = dict.fromkeys(STAGES, 0.0)
        self.calls = dict.fromkeys(STAGES, 0)
        self._stack: list[list[float]] = []  # [start, time of wrapped callees]

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        clock, stack, spent, calls = time.perf_counter, self._stack, self.spent, self.calls

        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [clock(), 0.0]
            stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                stack.pop()
                took = clock() - frame[0]
                spent[stage] += took - frame[1]
                calls[stage] += 1
                if stack:
                    stack[-1][1] += took

        return timed

    def wrap_iter(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """A generator function timed while it produces each item (not while the consumer runs)."""
        wrapped = self.wrap(stage, lambda it: next(it))

        def timed(*args: Any, **kwargs: Any) -> Any:
            it = fn(*args, **kwargs)
            while True:
                try:
                    yield wrapped(it)
                except StopIteration:
                    return

        return timed


def instrument(budget: Budget) -> list[tuple[Any, str, Any]]:
    """Wrap the stages' functions; returns what to restore."""
    from sanctions_check.batch import engine, writer
    from sanctions_check.batch import match as batch_match
    from sanctions_check.matching import matcher as matcher_mod
    from sanctions_check.matching import scorer
    from sanctions_check.search import bounds, index, postings

    patches = [
        (engine, "iter_chunks", budget.wrap_iter("read", engine.iter_chunks)),
        (matcher_mod, "unusable_reason", budget.wrap("normalise", matcher_mod.unusable_reason)),
        (matcher_mod, "normalise_name", budget.wrap("normalise", matcher_mod.normalise_name)),
        (scorer, "normalise_name", budget.wrap("normalise", scorer.normalise_name)),
        (scorer.FormScorer, "query_terms", budget.wrap("normalise", scorer.FormScorer.query_terms)),
        (index.NameIndex, "unit_matches",
         budget.wrap("word lookups", index.NameIndex.unit_matches)),
        (index.NameIndex, "prefetch", budget.wrap("word lookups", index.NameIndex.prefetch)),
        (postings.Postings, "table", budget.wrap("word lookups", postings.Postings.table)),
        (index.NameIndex, "plan", budget.wrap("retrieval", index.NameIndex.plan)),
        (index.NameIndex, "merge", budget.wrap("retrieval", index.NameIndex.merge)),
        (bounds.FormBounds, "candidates", budget.wrap("bounds", bounds.FormBounds.candidates)),
        (scorer.FormScorer, "form_score", budget.wrap("scoring", scorer.FormScorer.form_score)),
        (matcher_mod, "make_hit", budget.wrap("hits", matcher_mod.make_hit)),
        (batch_match.out_rows, "hit_row", budget.wrap("hits", batch_match.out_rows.hit_row)),
        (writer.RowWriter, "write", budget.wrap("write", writer.RowWriter.write)),
    ]  # fmt: skip
    undo = []
    for owner, name, new in patches:
        # a class's own attribute (None: inherited, e.g. NameIndex's lookups from a mixin)
        old = owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name)
        undo.append((owner, name, old))
        setattr(owner, name, new)
    return undo


def ipc_cost(matcher: Any, src: Path, workers: int) -> tuple[float, int, int]:
    """Seconds and bytes to pickle and unpickle each block's keys and outcomes, as the pool
    does (one worker's run, outcomes recomputed here)."""
    from sanctions_check.batch import match as batch_match
    from sanctions_check.screening.inputs import iter_chunks
    from sanctions_check.screening.source import open_source

    state = batch_match.prepare_state({"matcher": matcher, "limit": 10, "min_score": 85.0,
                                       "best_floor": 85.0})  # fmt: skip
    spent = 0.0
    sent = back = 0
    seen: set[Any] = set()
    for chunk in iter_chunks(open_source(src), 20_000):
        keys = [k for k in dict.fromkeys(batch_match.raw_key(q) for q in chunk.queries)
                if k not in seen]  # fmt: skip
        seen.update(keys)
        for block in batch_match.blocks(keys, workers):
            outcomes = batch_match.match_keys(state, block)
            started = time.perf_counter()
            a = pickle.dumps(block, pickle.HIGHEST_PROTOCOL)
            b = pickle.dumps(outcomes, pickle.HIGHEST_PROTOCOL)
            pickle.loads(a)
            pickle.loads(b)
            spent += time.perf_counter() - started
            sent, back = sent + len(a), back + len(b)
    return spent, sent, back


def run_mix(mix: str, n: int, tmp: Path) -> None:
    from scale import UN_LIST, make_input

    from sanctions_check.batch import engine as batch
    from sanctions_check.lists.unxml import parse_list
    from sanctions_check.matching.matcher import Matcher

    src = make_input(n, tmp, mix)
    sl = parse_list(UN_LIST)
    results = {}
    for timed in (False, True):
        matcher = Matcher.from_list(sl)
        matcher.prepare_batch()
        budget = Budget()
        undo = instrument(budget) if timed else []
        try:
            started = time.perf_counter()
            cpu = time.process_time()
            s = batch.screen_file(matcher, src, tmp / f"stages-{mix}.csv", workers=1,
                                  sanctions_list=sl)  # fmt: skip
            results[timed] = (time.perf_counter() - started, time.process_time() - cpu, budget, s)
        finally:
            for owner, name, old in reversed(undo):
                if old is None:
                    delattr(owner, name)  # inherited again
                else:
                    setattr(owner, name, old)
    wall, cpu, _b, s = results[False]
    twall, _tcpu, budget, _s = results[True]
    budget.spent["other"] = twall - sum(budget.spent.values())
    print(f"\n## {mix}: {n:,} rows, {s.distinct_names:,} names matched, {s.hit_rows:,} hit rows, "
          f"one worker")  # fmt: skip
    print(f"untimed: {wall:.2f} s wall, {cpu:.2f} s CPU ({n / wall:,.0f} rows/s, "
          f"{1e6 * wall / max(s.distinct_names, 1):.0f} us per name matched); timed: {twall:.2f} s")
    print(f"{'stage':<14} {'seconds':>8} {'share':>6} {'us/name':>8} {'calls':>9}")
    for stage in STAGES:
        t = budget.spent[stage]
        print(f"{stage:<14} {t:>8.2f} {t / twall:>6.0%} "
              f"{1e6 * t / max(s.distinct_names, 1):>8.1f} {budget.calls[stage]:>9,}")
    matcher = Matcher.from_list(sl)
    matcher.prepare_batch()
    spent, sent, back = ipc_cost(matcher, src, 2)
    per = 1e6 * spent / max(s.distinct_names, 1)
    print(f"{'IPC (apart)':<14} {spent:>8.2f} {'':>6} {per:>8.1f} "
          f"  {sent / 2**20:.1f} MB keys out, {back / 2**20:.1f} MB outcomes back")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--names", type=int, default=20_000, help="input rows per mix")
    parser.add_argument("--mixes", default="names,listlike",
                        help="make_names.MIXES, comma-separated")
    parser.add_argument("--tmp", type=Path, default=None, help="where inputs are made (kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.tmp or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        for mix in args.mixes.split(","):
            run_mix(mix, args.names, tmp)


if __name__ == "__main__":
    main()
