#!/usr/bin/env python3
"""Engine crossover benchmark (issue 21): ``screen`` with each engine, by input rows.

For each size, a CSV of synthetic names (``benchmarks/make_names.py``, either mix) is
screened by ``sanctions-check screen IN -o OUT.csv`` with ``--engine simple``, ``batch``
and ``auto``, each a fresh process (start-up, list and index loading included), the
engines alternating, ``--repeat`` times; the median wall time is printed, with which
engine ``auto`` chose and how it compares with the best explicit engine.  The list is
installed in a temporary data directory first (so the index cache is warm, as after a
first run).  ``--simple-max`` skips the in-memory engine above that size (it holds
everything in memory and runs on one core).

    python3 benchmarks/engines.py [--sizes 500,1000,2000,5000,20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"


def cli(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sanctions_check", *args], env=env, cwd="/",
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return seconds, proc.stderr


def main(argv: list[str] | None = None) -> int:
    from make_names import MIXES, write_rows

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="500,1000,2000,5000,20000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--mix", choices=sorted(MIXES), default="names")
    ap.add_argument("--simple-max", type=int, default=200_000)
    args = ap.parse_args(argv)
    print(f"# engines by input rows ({args.mix}); {os.cpu_count()} CPUs; load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))  # fmt: skip
    print(f"{'rows':>9} {'simple s':>9} {'batch s':>9} {'auto s':>9} {'auto chose':>10} "
          f"{'auto/best':>9}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(REPO), "SANCTIONS_CHECK_DATA_DIR": f"{tmp}/data",
               "PYTHONPYCACHEPREFIX": f"{tmp}/pyc"}  # fmt: skip
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cli(["lists", "import", str(LIST)], env)
        cli(["match", "warm up"], env)  # builds the index cache
        for n in (int(s) for s in args.sizes.split(",") if s):
            src = Path(tmp) / f"{args.mix}-{n}.csv"
            write_rows(MIXES[args.mix](n), src)
            engines = ["batch", "auto"] + (["simple"] if n <= args.simple_max else [])
            times: dict[str, list[float]] = {e: [] for e in engines}
            chose = ""
            for k in range(args.repeat):
                for engine in engines if k % 2 == 0 else engines[::-1]:
                    out = Path(tmp) / f"out-{engine}.csv"
                    t, err = cli(["screen", str(src), "--engine", engine, "-o", str(out)], env)
                    times[engine].append(t)
                    if engine == "auto":
                        chose = "batch" if "batch engine" in err else "simple"
            med = {e: statistics.median(t) for e, t in times.items()}
            best = min(med[e] for e in engines if e != "auto")
            simple = f"{med['simple']:>9.2f}" if "simple" in med else f"{'-':>9}"
            print(f"{n:>9,} {simple} {med['batch']:>9.2f} {med['auto']:>9.2f} {chose:>10} "
                  f"{med['auto'] / best:>8.2f}x", flush=True)  # fmt: skip
    print(f"(median of {args.repeat} fresh processes each; load average at the end "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
