"""Speed benchmark: index build time and single-name match latency against the 2024 UN list.

Prints (numbers, not assertions; noisy when other processes share the CPU):

* list-to-matcher build time (median of 5 builds, list already parsed);
* ``match`` latency per query over the 496 eval queries at the default threshold: a cold pass
  (fresh matcher, empty caches) and a warm pass (same queries again), median / p90 / max;
* the same queries in exhaustive mode (every list name scored), for the index's speed-up;
* a baseline in the same process: rapidfuzz ``token_sort_ratio`` over every list name;
* batch throughput of ``match_many`` (one core, fresh caches) on realistic synthetic names from
  ``benchmarks/make_names.py`` (given and family names of many cultures, 1 % listed names and
  variants), at the default threshold and at 70;
* screening throughput (``screening.screen_one``: hits at the threshold, and below it only the
  best candidate, for a clear row's nearest candidate) on the same names with the nearest
  candidate looked for down to the threshold (none), 70 and 50 (``screen``'s floor), side by
  side; each with a fresh matcher.

    python3 benchmarks/speed.py [--batch N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from quality import LIST, load_rows  # noqa: E402

from sanctions_check.errors import UnusableNameError  # noqa: E402
from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.hits import Query  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402


def timed_matches(matcher: Matcher, rows) -> list[float]:
    out = []
    for row in rows:
        t = time.perf_counter()
        try:
            matcher.match(row["query"], kind=row["kind"] or None)
        except UnusableNameError:
            pass
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(ms: list[float]) -> str:
    ms = sorted(ms)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    return f"median {statistics.median(ms):6.2f} ms   p90 {p90:6.2f} ms   max {ms[-1]:7.2f} ms"


def synthetic_queries(n: int) -> list[Query]:
    """Realistic input names from benchmarks/make_names.py (1 % listed names and variants)."""
    from make_names import make_rows

    return [Query(r["name"], r["kind"] or None) for r in make_rows(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", type=int, default=20_000, help="synthetic names for match_many")
    args = ap.parse_args()
    lst = parse_list(LIST)
    rows = load_rows()
    builds = []
    for _ in range(5):
        t = time.perf_counter()
        Matcher.from_list(lst)
        builds.append(time.perf_counter() - t)
    print(f"list: {LIST.name}: {len(lst.entries)} entries")
    print(f"build (list -> matcher with index), median of 5: {1000 * statistics.median(builds):.0f} ms")

    cold = timed_matches(Matcher.from_list(lst), rows)
    matcher = Matcher.from_list(lst)
    timed_matches(matcher, rows)
    warm = timed_matches(matcher, rows)
    exhaustive = timed_matches(Matcher.from_list(lst, exhaustive=True), rows[:100])
    names = [n.text for e in lst.entries for n in e.names()]
    base = []
    for row in rows[:100]:
        t = time.perf_counter()
        process.extract(
            row["query"], names, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
            score_cutoff=80, limit=None,
        )
        base.append((time.perf_counter() - t) * 1000)
    print(f"match, {len(rows)} eval queries, cold caches: {summary(cold)}")
    print(f"match, same queries again (warm):    {summary(warm)}")
    print(f"match, exhaustive mode (100 queries): {summary(exhaustive)}")
    print(f"baseline token_sort_ratio over {len(names)} names (100 queries): {summary(base)}")
    ratio = statistics.median(exhaustive) / statistics.median(cold)
    print(f"index speed-up over exhaustive (median, cold): {ratio:.0f}x")

    batch = synthetic_queries(args.batch)
    for floor in (None, 70.0):
        fresh = Matcher.from_list(lst)
        t, c = time.perf_counter(), time.process_time()
        results = fresh.match_many(batch, min_score=floor, errors="skip")
        dt, dc = time.perf_counter() - t, time.process_time() - c
        hits = sum(1 for r in results if r)
        print(
            f"match_many, {len(batch)} names from make_names.py, min_score "
            f"{floor or fresh.threshold:g}: {len(batch) / dt:,.0f} names/s wall, "
            f"{len(batch) / dc:,.0f} names/s CPU, one core ({hits} with hits)"
        )


    from sanctions_check.screening.run import DEFAULT_LIMIT, screen_one

    for best_floor in (None, 70.0, 50.0):
        fresh = Matcher.from_list(lst)
        floor = fresh.threshold if best_floor is None else best_floor
        t, c = time.perf_counter(), time.process_time()
        found = [screen_one(fresh, q, DEFAULT_LIMIT, fresh.threshold, floor) for q in batch]
        dt, dc = time.perf_counter() - t, time.process_time() - c
        nearest = sum(1 for status, _h, best, _r in found if status == "clear" and best)
        print(
            f"screen_one, {len(batch)} names, nearest candidate down to {floor:g}: "
            f"{len(batch) / dt:,.0f} names/s wall, {len(batch) / dc:,.0f} names/s CPU "
            f"({nearest} clear rows with a nearest candidate)"
        )


if __name__ == "__main__":
    main()
