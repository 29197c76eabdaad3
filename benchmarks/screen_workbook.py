"""Time screening and review-workbook writing on the samples and the eval names.

    python3 benchmarks/screen_workbook.py [--repeat N] [--rows N]

Prints, for samples/delegation.csv, samples/visitors.xlsx and benchmarks/data/eval/names.csv
(496 names, many of them listed): read time, screening time (with the default best-score
floor and, as the baseline, with the floor at the threshold, i.e. no extra work for clear
rows' best scores), review-workbook write time and size, and the plain
``tabular.write_table`` XLSX of the same hit rows as the writer baseline.  Then a large
review workbook: the eval names' result repeated to ``--rows`` input rows (default
200,000), written once in a forked child: write time and the child's peak memory (max RSS,
and its growth over the RSS before writing).  Numbers, not assertions: run it on a quiet
machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sanctions_check.files.tabular import write_table  # noqa: E402
from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402
from sanctions_check.screening.inputs import read_queries  # noqa: E402
from sanctions_check.screening.rows import HIT_COLUMNS, result_rows  # noqa: E402
from sanctions_check.screening.run import screen  # noqa: E402
from sanctions_check.screening.workbook import write_review_workbook  # noqa: E402

LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"
INPUTS = [
    REPO / "samples" / "delegation.csv",
    REPO / "samples" / "visitors.xlsx",
    REPO / "benchmarks" / "data" / "eval" / "names.csv",
]


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=200_000, help="large workbook rows (0: skip)")
    args = parser.parse_args()
    sanctions_list = parse_list(LIST)
    start = time.perf_counter()
    matcher = Matcher.from_list(sanctions_list)
    print(
        f"matcher build: {time.perf_counter() - start:.2f} s over {len(sanctions_list.entries)} entries"
    )
    header = (
        f"{'input':<16} {'rows':>5} {'read s':>7} {'screen s':>9} {'floor=thr s':>11} "
        f"{'ratio':>6} {'hits':>5} {'wb s':>6} {'wb KB':>6} {'plain s':>8} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for path in INPUTS:
            if not path.is_file():
                print(f"{path.name:<16} missing")
                continue
            t_read, source = best_of(args.repeat, lambda p=path: read_queries(p))
            queries = source.queries
            screen(matcher, queries)  # warm the normaliser caches once

            def run(floor: float | None = None, q: Any = queries) -> Any:
                kwargs = {} if floor is None else {"best_floor": floor}
                return screen(matcher, q, sanctions_list=sanctions_list, **kwargs)

            t_screen, result = best_of(args.repeat, run)
            t_base, _ = best_of(args.repeat, lambda: run(matcher.threshold))
            out = Path(tmp) / f"{path.stem}.xlsx"
            t_wb, _ = best_of(args.repeat, lambda o=out, r=result: write_review_workbook(o, r))
            plain = Path(tmp) / f"{path.stem}-plain.xlsx"
            rows = result_rows(result, include_clear=True)
            t_plain, _ = best_of(
                args.repeat, lambda p=plain, r=rows: write_table(p, HIT_COLUMNS, r)
            )
            print(
                f"{path.name:<16} {len(queries):>5} {t_read:>7.3f} {t_screen:>9.3f} "
                f"{t_base:>11.3f} {t_screen / t_base:>6.2f} {result.hit_count:>5} "
                f"{t_wb:>6.3f} {out.stat().st_size / 1024:>6.1f} {t_plain:>8.3f} "
                f"{t_wb / t_plain:>6.2f}"
            )
        if args.rows and "result" in locals():
            large_workbook(result, args.rows, Path(tmp) / "large.xlsx")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def large_workbook(result: Any, rows: int, out: Path) -> None:
    """Write ``result`` repeated to ``rows`` input rows in a forked child; print the costs."""
    times = -(-rows // len(result.rows))
    big = dataclasses.replace(result, rows=tuple((result.rows * times)[:rows]))
    hit_rows = sum(len(r.hits) for r in big.rows)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: measure only the write
        os.close(read)
        before = _rss_mb()
        start = time.perf_counter()
        write_review_workbook(out, big)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        os.write(write, f"{seconds} {peak} {before}".encode())
        os._exit(0)
    os.close(write)
    seconds, peak, before = map(float, os.read(read, 200).split())
    os.waitpid(pid, 0)
    print(
        f"large workbook: {rows:,} input rows, {hit_rows:,} hit rows: write {seconds:.1f} s, "
        f"peak RSS {peak:.0f} MB (+{peak - before:.0f} MB over {before:.0f} MB before), "
        f"{out.stat().st_size / 1e6:.1f} MB file"
    )


if __name__ == "__main__":
    main()
