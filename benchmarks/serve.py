"""Throughput and latency of the screening service, beside the in-process match time.

Usage: python3 benchmarks/serve.py [--requests N] [--seconds S] [--concurrency C]
                                   [--workers W] [--screen-records N] [--list LIST.xml]

Starts ``sanctions-check serve`` on a free 127.0.0.1 port (a subprocess, the real server),
waits for ``/healthz``, sends every evaluation name once (warm-up), then drives
``GET /match`` with single-name queries (the labelled evaluation names, in turn) from C
persistent connections until N requests are done or S seconds have passed, whichever
comes first.  Prints requests/s and the median and p99 latency as the client sees them,
beside the median time of the same ``Matcher.match`` calls in this process (after the
same warm-up pass; the first, cold pass too); then times ``POST /screen`` of N synthetic
records (``make_names.py``, fixed seed; median of 3).  The load average before and after
is printed too: on a shared machine, read the numbers with it.
Targets (issue 22): /match median <= 5 ms and >= 500 requests/s on 2 cores; /screen of
1,000 records <= 1 s.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LIST = ROOT / "lists" / "un-consolidated-2024-09-26.xml"
EVAL_NAMES = ROOT / "benchmarks" / "data" / "eval" / "names.csv"


def names() -> list[str]:
    with EVAL_NAMES.open(encoding="utf-8", newline="") as fh:
        return [row["query"] for row in csv.DictReader(fh) if row["query"].strip()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(list_file: Path, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SANCTIONS_CHECK_API_KEY", None)
    cmd = [sys.executable, "-m", "sanctions_check", "-q", "--list", str(list_file), "serve",
           "--port", str(port), "--workers", str(workers), "--max-age-days", "1000000"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not answer /healthz within 120 s")


def drive(port: int, queries: list[str], total: int, seconds: float,
          concurrency: int) -> tuple[list[float], int, float]:
    """(latencies in ms, failed requests, wall seconds) of a bounded request loop."""
    latencies: list[float] = []
    failures = [0]
    counter = iter(range(total))
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            path = "/match?" + urlencode({"name": queries[i % len(queries)]})
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    failures[0] += 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, failures[0], time.perf_counter() - began


def in_process_ms(list_file: Path, queries: list[str]) -> tuple[float, float]:
    """Median ``Matcher.match`` time of every name: first pass (cold caches), second pass."""
    from sanctions_check.lists.unxml import parse_list
    from sanctions_check.matching.matcher import Matcher

    matcher = Matcher.from_list(parse_list(list_file))
    times = []
    for q in queries + queries:  # the first pass warms the caches, as the server's warm-up
        start = time.perf_counter()
        try:
            matcher.match(q)
        except Exception:  # an unusable name: timed all the same
            pass
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[: len(queries)]), statistics.median(times[len(queries):])


def screen_records(n: int) -> list[dict[str, str]]:
    """``n`` synthetic records (``make_names.py``, fixed seed: realistic duplicates, 1 % listed)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from make_names import make_rows

    return [{"name": r["name"], "kind": r["kind"], "id": r["id"]} for r in make_rows(n)]


def screen_seconds(port: int, records: list[dict[str, str]]) -> float:
    body = json.dumps({"records": records}).encode()
    times = []
    for _ in range(3):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start = time.perf_counter()
        conn.request("POST", "/screen", body, {"content-type": "application/json"})
        response = conn.getresponse()
        response.read()
        times.append(time.perf_counter() - start)
        if response.status != 200:
            raise SystemExit(f"POST /screen answered {response.status}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000, help="at most this many /match")
    parser.add_argument("--seconds", type=float, default=20.0, help="for at most this long")
    parser.add_argument("--concurrency", type=int, default=4, help="client connections")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--screen-records", type=int, default=1000)
    parser.add_argument("--list", type=Path, default=DEFAULT_LIST)
    args = parser.parse_args()
    queries = names()
    load_before = os.getloadavg()
    port = free_port()
    server = start_server(args.list, port, args.workers)
    try:
        drive(port, queries, len(queries), 30.0, args.concurrency)  # warm-up: every name once
        latencies, failed, wall = drive(port, queries, args.requests, args.seconds,
                                        args.concurrency)
        records = screen_records(args.screen_records)
        screen_s = screen_seconds(port, records)
    finally:
        server.terminate()
        server.wait(timeout=30)
    cold, warm = in_process_ms(args.list, queries)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"cpus: {os.cpu_count()}  load average before: {load_before[0]:.2f}  "
          f"after: {os.getloadavg()[0]:.2f}  server workers: {args.workers}  "
          f"client connections: {args.concurrency}")
    print(f"GET /match      {len(latencies)} requests in {wall:.1f} s ({failed} failed): "
          f"{len(latencies) / wall:7.0f} req/s  median {statistics.median(latencies):6.2f} ms  "
          f"p99 {p99:6.2f} ms")
    print(f"in-process      Matcher.match median {warm:6.2f} ms over {len(queries)} names "
          f"(first pass, cold caches: {cold:.2f} ms)")
    distinct = len({(r["name"], r["kind"]) for r in records})
    print(f"POST /screen    {len(records)} records ({distinct} distinct names): {screen_s:6.3f} s "
          "(median of 3)")


if __name__ == "__main__":
    main()
