"""How long loading the current list takes: with the parse cache vs parsing the XML.

Usage: python3 benchmarks/store_load.py [LIST.xml] [--repeat N]

Imports the list into a temporary store, then times ``ListStore.load()`` with a
valid cache, and with the cache removed before each load (a full XML parse plus
rewriting the cache).  Prints the medians and their ratio; also the time of a
fresh ``python -m sanctions_check lists info`` process for scale.
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

from sanctions_check.lists.store import ListStore

DEFAULT_LIST = (
    Path(__file__).resolve().parents[1] / "lists" / "un-consolidated-2024-09-26.xml"
)


def _median_ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("list", nargs="?", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = ListStore(tmp)
        version = store.import_file(args.list).version
        cache = store.cache_path(version)

        def uncached() -> None:
            cache.unlink(missing_ok=True)
            store.load()

        cold = _median_ms(uncached, args.repeat)
        warm = _median_ms(store.load, args.repeat)
        env = {**os.environ, "SANCTIONS_CHECK_DATA_DIR": tmp}
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sanctions_check", "lists", "info"],
                       env=env, check=True, capture_output=True)
        process_ms = (time.perf_counter() - start) * 1000
    print(f"list: {args.list} ({version.counts['entries']} entries, {version.size} bytes)")
    print(f"load without cache (parse XML + write cache): {cold:8.1f} ms (median of {args.repeat})")
    print(f"load with cache:                              {warm:8.1f} ms (median of {args.repeat})")
    print(f"speed-up: {cold / warm:.1f}x")
    print(f"whole `python -m sanctions_check lists info` process: {process_ms:.0f} ms")


if __name__ == "__main__":
    main()
