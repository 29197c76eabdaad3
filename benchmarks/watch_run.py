"""Wall time of ``watch`` runs: the sample config and a larger watched set, over the 2020 ->
2024 history, against plain screening of the same names in the same process (the baseline).

Usage: python3 benchmarks/watch_run.py [--names N]

Steps, each a real ``run_watch`` in a temporary data directory:
  1. first run, 2020 list installed (everything is new: report written)
  2. 2024 list installed (new + resolved hits, 900-row list diff in the report)
  3. nothing changed (no report)
Then the same timings as fresh ``python -m sanctions_check watch`` processes for the sample
config (what cron pays, interpreter start-up included).  Ratio = watch run / screen() of
the same names against the same list (matcher build included in both).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sanctions_check.lists.store import ListStore
from sanctions_check.matching.matcher import Matcher
from sanctions_check.screening.run import screen
from sanctions_check.watch.config import load_config
from sanctions_check.watch.run import read_watched, run_watch

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "benchmarks" / "data" / "eval" / "names.csv"
L2020 = REPO / "tests" / "data" / "un-consolidated-2020-03-20.xml"
L2024 = REPO / "lists" / "un-consolidated-2024-09-26.xml"


def _config(folder: Path, names_csv: Path) -> Path:
    shutil.copy(names_csv, folder / "watched.csv")
    cfg = folder / "watch.toml"
    cfg.write_text('data_dir = "state"\noutput_dir = "reports"\n[list]\nurl = false\n'
                   '[[names]]\npath = "watched.csv"\n')
    return cfg


def _history(cfg_path: Path) -> list[tuple[str, float, str]]:
    cfg = load_config(cfg_path)
    store = ListStore(cfg.data_dir)
    store.update(L2020.as_uri())  # a file:// mirror: confirmed, so watch accepts it
    out = []
    for label, install in (("1 first run (2020)", None), ("2 list 2024 installed", L2024),
                           ("3 nothing changed", None)):
        if install:
            store.update(install.as_uri())
        start = time.perf_counter()
        res = run_watch(cfg)
        took = time.perf_counter() - start
        out.append((label, took, f"new {len(res.new)}, resolved {len(res.resolved)}, "
                                 f"open {len(res.open)}, report {'yes' if res.report_path else 'no'}"))
    return out


def _baseline(cfg_path: Path) -> float:
    cfg = load_config(cfg_path)
    lst = ListStore(cfg.data_dir).load()
    queries = [q for q, _ in read_watched(cfg)]
    start = time.perf_counter()
    screen(Matcher.from_list(lst), queries)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=496, help="rows of the eval names to watch")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        sample.mkdir()
        big = Path(tmp) / "big"
        big.mkdir()
        with EVAL.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))[: args.names]
        big_csv = Path(tmp) / "names.csv"
        with big_csv.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["name", "kind"])
            w.writerows([r["query"], r["kind"]] for r in rows)
        for title, folder, names in (("sample (samples/watched.csv)", sample,
                                      REPO / "samples" / "watched.csv"),
                                     (f"eval names ({len(rows)} names)", big, big_csv)):
            cfg = _config(folder, names)
            print(f"== {title}")
            history = _history(cfg)
            base = _baseline(cfg)
            for label, took, what in history:
                print(f"  {label:<24} {took * 1000:8.0f} ms  ratio {took / base:5.2f}  ({what})")
            print(f"  baseline screen()        {base * 1000:8.0f} ms")
        # fresh processes, as cron runs them
        proc = Path(tmp) / "proc"
        proc.mkdir()
        cfg = _config(proc, REPO / "samples" / "watched.csv")
        ListStore(proc / "state").update(L2024.as_uri())
        print("== sample config, fresh `python -m sanctions_check watch` processes")
        for label in ("first run (2024)", "nothing changed"):
            start = time.perf_counter()
            code = subprocess.run([sys.executable, "-m", "sanctions_check", "watch", "--config",
                                   str(cfg)], capture_output=True, env=dict(os.environ)).returncode
            print(f"  {label:<24} {(time.perf_counter() - start) * 1000:8.0f} ms  exit {code}")


if __name__ == "__main__":
    main()
