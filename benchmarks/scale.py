#!/usr/bin/env python3
"""Scale benchmark (issue 7): throughput, peak memory, index vs exhaustive, list size, Dask.

Prints, against lists/un-consolidated-2024-09-26.xml:

0. batch engine vs a brute-force screener (rapidfuzz ``process.cdist``, ``token_sort_ratio``
   over every list name, all cores, score cutoff 85), each in a fresh child process, back to
   back, on two generators (``make_names.MIXES``: many cultures' names; names made of the
   list's own words) at 20k, 200k and 1M names (``--brute-sizes``): names/s, the ratio and
   peak memory;
1. batch engine throughput (input names/s) and peak memory of the whole process tree
   for 10k, 100k and 1M synthetic input names (``benchmarks/make_names.py``), each run
   in a fresh child process while this process samples its memory;
2. index vs exhaustive comparison: per-name time of both matchers on the same sample
   of distinct input names, in this process, side by side; the exhaustive throughput
   for each size is *extrapolated* from that sample (the exhaustive matcher is far too
   slow to run on 1M names), and whether both give the same hits on the sample;
3. scaling with list size: the UN list vs a list 100 times larger (the UN entries plus
   generated ones), per-query time on the same samples, side by side, and the ratios, in
   three regimes: first sight (the sample's words are new to the word caches), warm words
   (new names after 5,000 other names warmed the word caches, as in a long batch, which
   never matches a name twice) and repeat (the first sample again: every cache warm);
4. the Dask engine on a local cluster (2 workers) vs the batch engine on the largest
   input, each in a child process, and whether they wrote identical rows;
5. identical hits: the default in-memory ``screen`` engine vs the batch engine on 10k.

Ratios are only computed between runs made by the same invocation, back to back.
Memory is the peak PSS of a child's whole process tree, sampled every 2 s at least
(``--sample-interval``; each sample walks every page of every process, which slows what
it measures when done often: :class:`TreeMemory`); the script prints how it sampled.
The machine's load matters: the script prints the load average before and after.

Usage::

    python3 benchmarks/scale.py                      # everything (several minutes)
    python3 benchmarks/scale.py --sizes 10000,100000 --no-dask
    python3 benchmarks/scale.py --only list-size
    python3 benchmarks/scale.py --only brute --brute-sizes 20000 --mixes names   # quick
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

UN_LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"


# --------------------------------------------------------------------------- helpers


def make_input(n: int, tmp: Path, mix: str = "names") -> Path:
    from make_names import MIXES, write_rows

    path = tmp / f"{mix}-{n}.csv"
    if not path.exists():
        part = path.with_suffix(".part")
        write_rows(MIXES[mix](n), part)
        part.replace(path)
    return path


class TreeMemory:
    """Samples the summed PSS (and RSS) of a process and its children.

    PSS is read from ``/proc/PID/smaps_rollup``, which the kernel computes by walking every
    mapped page of the process while holding its memory map's lock: about 40 ms of CPU for
    a tree of three 300 MB processes (0.2 s of wall time on a loaded machine), during which
    the process cannot map or unmap memory (its allocator does so all the time).  Sampled
    every 0.25 s, as this benchmark did, the sampler was busy half of the time on the
    largest runs and slowed the engine it measured.  So a sample is taken every
    ``interval`` seconds, and at least ``pause`` times the last sample's own duration after
    it (the sampler busy at most 1 / (1 + pause) of the time); :attr:`busy` is the share
    of the run it actually was.
    """

    def __init__(self, pid: int, interval: float = 2.0, pause: float = 20.0) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.pause = pause
        self.peak_pss = 0
        self.peak_rss = 0
        self.samples = 0
        self.sampling = 0.0  # seconds spent sampling
        self._started = time.perf_counter()
        self._ended = self._started
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def busy(self) -> float:
        """The share of the run's wall time the sampler spent sampling."""
        return self.sampling / max(self._ended - self._started, 1e-9)

    @property
    def mean_interval(self) -> float:
        """Seconds between samples, on average."""
        return (self._ended - self._started) / max(self.samples, 1)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            started = time.perf_counter()
            pss = rss = 0
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    info = p.memory_full_info()
                    pss += getattr(info, "pss", info.rss)
                    rss += info.rss
                except psutil.Error:
                    continue
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_rss = max(self.peak_rss, rss)
            took = time.perf_counter() - started
            self.samples += 1
            self.sampling += took
            self._stop.wait(max(self.interval, self.pause * took))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self._ended = time.perf_counter()


SAMPLE_INTERVAL = 2.0  # seconds between memory samples (--sample-interval)
SAMPLE_PAUSE = 20.0  # and at least this many times a sample's own duration
MEMORY_NOTE: dict[str, list[float]] = {"interval": [], "busy": []}  # what the samplers did


def memory_line() -> str:
    """How this run measured memory (printed with the numbers)."""
    busy = MEMORY_NOTE["busy"]
    if not busy:
        return ""
    intervals = MEMORY_NOTE["interval"]
    return (f"memory: peak PSS (RSS) of the child's whole process tree, summed over its "
            f"processes from /proc/PID/smaps_rollup every {min(intervals):.1f}-"
            f"{max(intervals):.1f} s (at least {SAMPLE_INTERVAL:g} s apart, and "
            f"{SAMPLE_PAUSE:g}x a sample's own duration); the sampler was busy {100 * min(busy):.1f}-{100 * max(busy):.1f} % "
            "of each run's time")  # fmt: skip


def run_child(task: dict[str, Any]) -> dict[str, Any]:
    """Run a task in a fresh interpreter, sampling its memory; returns its JSON result."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", json.dumps(task)],
        stdout=subprocess.PIPE,
        text=True,
    )
    mem = TreeMemory(proc.pid, SAMPLE_INTERVAL, SAMPLE_PAUSE)
    out, _ = proc.communicate()
    mem.stop()
    MEMORY_NOTE["busy"].append(mem.busy)
    MEMORY_NOTE["interval"].append(mem.mean_interval)
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {task}")
    result = json.loads(out.strip().splitlines()[-1])
    if "code_dir" not in task:  # a baseline checkout's code is other code by design
        STAMPS.add(result["code"])
    result["peak_pss_mb"] = mem.peak_pss / 2**20
    result["peak_rss_mb"] = mem.peak_rss / 2**20
    return result


def code_stamp() -> str:
    """A hash of the package's code and data files: runs that are compared must use the same
    code (every file, not only the modules a run imported, which differ between engines)."""
    import hashlib

    digest = hashlib.sha256()
    package = REPO / "sanctions_check"
    for f in sorted((*package.rglob("*.py"), *(package / "data").glob("*"))):
        if f.is_file():
            digest.update(str(f.relative_to(package)).encode() + f.read_bytes())
    return digest.hexdigest()[:12]


STAMPS: set[str] = set()


def child(task: dict[str, Any]) -> None:
    if "code_dir" in task:  # another checkout (--baseline): its package first on the path
        sys.path.insert(0, task["code_dir"])
        for name in [m for m in sys.modules if m.startswith("sanctions_check")]:
            del sys.modules[name]
    if task["engine"] == "brute":
        brute_child(task)
        return
    import resource

    from sanctions_check.batch import engine as batch
    from sanctions_check.lists.unxml import parse_list
    from sanctions_check.matching.matcher import Matcher

    sl = parse_list(UN_LIST)
    matcher = Matcher.from_list(sl)
    started = time.perf_counter()
    cpu_self = time.process_time()
    if task["engine"] == "batch":
        s = batch.screen_file(
            matcher, task["input"], task["output"], workers=task["workers"], sanctions_list=sl
        )
        extra = {"distinct_names": s.distinct_names}
    else:
        from sanctions_check.batch.distributed import screen_dask

        s = screen_dask(
            matcher, task["input"], task["output"], workers=task["workers"],
            output_format_name="csv", sanctions_list=sl,
        )  # fmt: skip
        extra = {"partitions": s.partitions}
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "cpu_parent": time.process_time() - cpu_self,
                "cpu_workers": children.ru_utime + children.ru_stime,
                "rows": s.input_rows,
                "hit_rows": s.hit_rows,
                "rows_with_hits": s.status_counts["hit"],
                "seconds": seconds,
                "rate": s.input_rows / seconds,
                "code": code_stamp(),
                **extra,
            }
        )
    )


BRUTE_CUTOFF = 85
BRUTE_CHUNK = 2_000


def brute_child(task: dict[str, Any]) -> None:
    """The brute-force screener: rapidfuzz ``process.cdist`` with ``token_sort_ratio`` of every
    input row against every list name (all cores, score cutoff 85), hits written to a CSV."""
    import numpy as np
    from rapidfuzz import fuzz, process, utils

    from sanctions_check.lists.unxml import parse_list

    sl = parse_list(UN_LIST)
    names = [(e.reference_number, n.text) for e in sl.entries for n in e.names()]
    choices = [utils.default_process(text) for _ref, text in names]
    started = time.perf_counter()
    rows = hits = 0
    with open(task["input"], encoding="utf-8", newline="") as fh, open(
        task["output"], "w", encoding="utf-8", newline=""
    ) as out:
        writer = csv.writer(out)
        writer.writerow(["input_row", "query", "reference_number", "list_name", "score"])
        reader = csv.DictReader(fh)
        while True:
            chunk = [r["name"] for _, r in zip(range(BRUTE_CHUNK), reader, strict=False)]
            if not chunk:
                break
            scores = process.cdist(
                [utils.default_process(q) for q in chunk], choices, scorer=fuzz.token_sort_ratio,
                score_cutoff=BRUTE_CUTOFF, dtype=np.uint8, workers=-1,
            )  # fmt: skip
            qi, ci = np.nonzero(scores)
            for q, c in zip(qi.tolist(), ci.tolist(), strict=True):
                ref, text = names[c]
                writer.writerow([rows + q + 2, chunk[q], ref, text, int(scores[q, c])])
            hits += len(qi)
            rows += len(chunk)
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": rows, "hit_rows": hits, "seconds": seconds,
                      "rate": rows / seconds, "code": code_stamp(),
                      "rows_with_hits": -1}))  # fmt: skip


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def per_name(matcher: Any, queries: list[Any], floor: float) -> tuple[float, list[Any]]:
    """Seconds per query of ``screening.screen_one`` (as the engines ask) and the hits."""
    from sanctions_check.screening import run as screening

    out = []
    started = time.process_time()
    for q in queries:
        _status, hits, _best, _reason = screening.screen_one(matcher, q, 10, floor)
        out.append(tuple((h.reference_number, h.score) for h in hits))
    return (time.process_time() - started) / len(queries), out


def side_by_side(
    matchers: dict[Any, Any],
    queries: list[Any],
    block: int = 100,
    prepare: Any = None,
) -> dict[Any, tuple[float, list[Any]]]:
    """:func:`per_name` of each matcher on the same queries, in blocks that alternate which
    matcher goes first (both see the same machine load, and the caches shared by the code,
    such as normalised names, favour neither); ``prepare(label)`` runs before each label's
    block (several labels may share a matcher set up differently)."""
    spent = dict.fromkeys(matchers, 0.0)
    hits: dict[Any, list[Any]] = {label: [] for label in matchers}
    labels = list(matchers)
    for k, start in enumerate(range(0, len(queries), block)):
        chunk = queries[start : start + block]
        for label in labels if k % 2 == 0 else labels[::-1]:
            if prepare is not None:
                prepare(label)
            t, h = per_name(matchers[label], chunk, matchers[label].threshold)
            spent[label] += t * len(chunk)
            hits[label].extend(h)
    return {label: (spent[label] / max(len(queries), 1), hits[label]) for label in matchers}


def sample_queries(path: Path, n: int, seed: int = 1) -> list[Any]:
    from sanctions_check.matching.hits import Query

    with open(path, encoding="utf-8", newline="") as fh:
        distinct = list(dict.fromkeys((r["name"], r["kind"]) for r in csv.DictReader(fh)))
    rng = random.Random(seed)
    return [Query(name, kind) for name, kind in rng.sample(distinct, min(n, len(distinct)))]


def same_rows(a: Path, b_rows: list[dict[str, str]]) -> bool:
    with open(a, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return rows == b_rows


def dask_rows(out: Path) -> list[dict[str, str]]:
    parts = sorted(out.glob("part.*.csv"), key=lambda p: int(p.name.split(".")[1]))
    rows: list[dict[str, str]] = []
    for p in parts:
        with open(p, encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


# --------------------------------------------------------------------------- sections


def section_throughput(sizes: list[int], tmp: Path, workers: int) -> dict[int, dict[str, Any]]:
    print(
        f"\n## 1. Batch engine, {workers} workers, UN list 2024-09-26 (each size a fresh process)"
    )
    print(f"{'input names':>12} {'matched':>9} {'rows w/ hits':>12} {'seconds':>8} "
          f"{'names/s':>9} {'peak PSS MB':>12} {'peak RSS MB':>12} {'CPU s parent/workers':>21}")  # fmt: skip
    results = {}
    for n in sizes:
        src = make_input(n, tmp)
        r = run_child(
            {"engine": "batch", "input": str(src), "output": str(tmp / f"batch-{n}.csv"),
             "workers": workers}
        )  # fmt: skip
        results[n] = r
        print(f"{n:>12,} {r['distinct_names']:>9,} {r['rows_with_hits']:>12,} {r['seconds']:>8.1f} "
              f"{r['rate']:>9,.0f} {r['peak_pss_mb']:>12,.0f} {r['peak_rss_mb']:>12,.0f} "
              f"{r['cpu_parent']:>10.1f}/{r['cpu_workers']:<10.1f}")  # fmt: skip
    print("(matched: names sent to the matcher after de-duplication; a name evicted from the "
          "run's LRU cache of 500,000 is matched again. PSS shares pages between the parent "
          "and its forked workers fairly; RSS counts shared pages in every process)")  # fmt: skip
    return results


def section_brute(
    sizes: list[int], mixes: list[str], tmp: Path, workers: int, baseline: Path | None = None
) -> None:
    """Batch engine vs the brute-force screener, each size and mix back to back (and the
    batch engine of a ``baseline`` checkout, when given)."""
    print(f"\n## 0. Batch engine ({workers} workers) vs brute force (rapidfuzz cdist, "
          f"token_sort_ratio over every list name, workers=-1, cutoff {BRUTE_CUTOFF}); "
          "fresh processes, back to back")  # fmt: skip
    print(f"{'mix':<9} {'names':>10} {'batch n/s':>10} {'brute n/s':>10} {'ratio':>6} "
          f"{'batch MB':>9} {'brute MB':>9} {'batch hits':>10} {'brute hits':>10}")  # fmt: skip
    for mix in mixes:
        for n in sizes:
            src = make_input(n, tmp, mix)
            b = run_child({"engine": "batch", "input": str(src),
                           "output": str(tmp / f"batch-{mix}-{n}.csv"), "workers": workers})
            f = run_child({"engine": "brute", "input": str(src),
                           "output": str(tmp / f"brute-{mix}-{n}.csv")})  # fmt: skip
            print(f"{mix:<9} {n:>10,} {b['rate']:>10,.0f} {f['rate']:>10,.0f} "
                  f"{b['rate'] / f['rate']:>5.2f}x {b['peak_pss_mb']:>9,.0f} "
                  f"{f['peak_pss_mb']:>9,.0f} {b['hit_rows']:>10,} {f['hit_rows']:>10,}",
                  flush=True)  # fmt: skip
            if baseline is not None:
                o = run_child({"engine": "batch", "input": str(src), "code_dir": str(baseline),
                               "output": str(tmp / f"base-{mix}-{n}.csv"), "workers": workers})
                same = (tmp / f"base-{mix}-{n}.csv").read_bytes() == (
                    tmp / f"batch-{mix}-{n}.csv").read_bytes()
                print(f"{'  baseline':<9} {n:>10,} {o['rate']:>10,.0f} {'':>10} "
                      f"{o['rate'] / f['rate']:>5.2f}x {o['peak_pss_mb']:>9,.0f} {'':>9} "
                      f"{o['hit_rows']:>10,}   identical output: {same}", flush=True)
    print("(ratio: batch names/s over brute-force names/s; MB: peak PSS of the process tree; "
          "hits: output rows, which differ by design: the brute-force screener has no "
          "index, no weights and no explanations)")  # fmt: skip


def section_exhaustive(
    tmp: Path, results: dict[int, dict[str, Any]], sample: int, workers: int
) -> None:
    from sanctions_check.lists.unxml import parse_list
    from sanctions_check.matching.matcher import Matcher

    sl = parse_list(UN_LIST)
    index, exhaustive = Matcher.from_list(sl), Matcher.from_list(sl, exhaustive=True)
    src = make_input(min(results) if results else 10_000, tmp)
    queries = sample_queries(src, sample)
    per_name(index, queries[:50], index.threshold)  # warm the index caches
    t_index, hits_index = per_name(index, queries, index.threshold)
    t_exh, hits_exh = per_name(exhaustive, queries, index.threshold)
    differ = [q.name for q, a, b in zip(queries, hits_index, hits_exh, strict=True) if a != b]
    print(f"\n## 2. Index vs exhaustive comparison ({len(queries)} distinct names sampled from "
          f"{src.name}; CPU time per name, same process, side by side)")  # fmt: skip
    print(f"index      {t_index * 1e3:8.3f} ms/name")
    print(f"exhaustive {t_exh * 1e3:8.3f} ms/name   ratio exhaustive/index {t_exh / t_index:6.1f}x")
    print(f"same hits on the sample: {len(queries) - len(differ)}/{len(queries)}"
          + (f"; differ: {differ[:5]}" if differ else ""))  # fmt: skip
    if results:
        print(
            "exhaustive batch throughput EXTRAPOLATED from the sample (distinct names x "
            f"per-name time / {workers} workers; dedupe as measured):"
        )
        for n, r in sorted(results.items()):
            seconds = r["distinct_names"] * t_exh / workers
            print(f"  {n:>10,} names: ~{seconds:10,.0f} s  ~{n / seconds:8,.0f} names/s "
                  f"(measured index batch: {r['rate']:,.0f} names/s, "
                  f"ratio ~{r['rate'] / (n / seconds):,.0f}x)")  # fmt: skip


def section_list_size(
    tmp: Path, sample: int, factor: int = 100, repeats: int = 3, warm_names: int = 5000
) -> None:
    from make_names import make_entries

    from sanctions_check.lists.entries import SanctionsList
    from sanctions_check.lists.unxml import parse_list
    from sanctions_check.matching.matcher import Matcher

    sl = parse_list(UN_LIST)
    n_extra = len(sl.entries) * (factor - 1)
    big = SanctionsList(tuple(sl.entries) + tuple(make_entries(n_extra)), "synthetic", "")
    started = time.perf_counter()
    small_m = Matcher.from_list(sl)
    t_small_build = time.perf_counter() - started
    started = time.perf_counter()
    big_m = Matcher.from_list(big)
    t_big_build = time.perf_counter() - started
    # the engines keep the matcher out of the collector's sight (batchmatch.start_workers)
    gc.collect()
    gc.freeze()
    # distinct names, in disjoint sets: code warm-up, the first-sight sample, the names that
    # warm the word caches, the warm-words sample
    names = sample_queries(make_input(100_000, tmp), 200 + 2 * sample + warm_names, seed=2)
    code, first_q = names[:200], names[200 : 200 + sample]
    words = names[200 + sample : 200 + sample + warm_names]
    warm_q = names[200 + sample + warm_names :]
    for m in (small_m, big_m):
        per_name(m, code, m.threshold)  # code paths and shared caches warm; sample words new
    # 1. first sight: most words of the sample are looked up for the first time (fuzzy
    # scans, postings tables); the lists side by side in alternating blocks
    pair = {"UN": small_m, "big": big_m}
    first = side_by_side(pair, first_q)
    # 2. warm words: new names (as a batch sends: it never matches a name twice) after
    # `warm_names` other names warmed the word caches, as in a long batch
    side_by_side(pair, words)
    warm = side_by_side(pair, warm_q)
    # 3. repeat: the first-sight names again, every cache warm, name-level ones too (the
    # engines never do this; the floor of the per-query cost) -- best of `repeats` passes,
    # the two lists alternating
    again: dict[str, float] = {"UN": float("inf"), "big": float("inf")}
    for _ in range(repeats):
        for label, m in (("UN", small_m), ("big", big_m)):
            t, hits = per_name(m, first_q, m.threshold)
            again[label] = min(again[label], t)
            assert hits == first[label][1]
    # 4. the compiled loops (numba, the `fast` extra) against numpy's array operations: the
    # same matchers and names, the two alternating block by block, every cache warm
    engines = compiled_vs_numpy({"UN": small_m, "big": big_m}, warm_q + first_q)
    gc.unfreeze()
    print(f"\n## 3. List size: UN list vs {factor}x larger (UN + {n_extra:,} generated entries); "
          f"{len(first_q)} + {len(warm_q)} distinct input names, CPU time per name, side by side")  # fmt: skip
    print(f"{'list':<6} {'entries':>9} {'name forms':>11} {'build s':>8} {'first sight ms':>15} "
          f"{'warm words ms':>14} {'repeat ms':>10} {'hits/name':>9}")  # fmt: skip
    rows = (("UN", small_m, t_small_build), ("big", big_m, t_big_build))
    for label, m, t_build in rows:
        t_first, h = first[label]
        t_warm, hw = warm[label]
        hits = (sum(map(len, h)) + sum(map(len, hw))) / (len(h) + len(hw))
        print(f"{label if label == 'UN' else f'{factor}x':<6} {len(m.entries):>9,} "
              f"{len(m.forms):>11,} {t_build:>8.2f} {t_first * 1e3:>15.3f} "
              f"{t_warm * 1e3:>14.3f} {again[label] * 1e3:>10.3f} {hits:>9.2f}")  # fmt: skip
    r_first = first["big"][0] / first["UN"][0]
    r_warm = warm["big"][0] / warm["UN"][0]
    r_again = again["big"] / again["UN"]
    print(f"per-query time ratio {factor}x list / UN list: first sight {r_first:.2f}x, "
          f"warm words {r_warm:.2f}x, repeat {r_again:.2f}x (target <= 5x)")  # fmt: skip
    print(f"bounds and merge: {engine_name()}")
    if engines is not None:
        print(f"compiled loops vs numpy, the same {len(warm_q) + len(first_q)} names again "
              "(caches warm), alternating: ms per name")  # fmt: skip
        for label in ("UN", "big"):
            on, off = engines[label, True], engines[label, False]
            print(f"  {label if label == 'UN' else f'{factor}x':<6} compiled {on * 1e3:.3f}  "
                  f"numpy {off * 1e3:.3f}  numpy/compiled {off / on:.2f}x")  # fmt: skip
        print(f"  per-query time ratio {factor}x / UN: compiled "
              f"{engines['big', True] / engines['UN', True]:.2f}x, numpy "
              f"{engines['big', False] / engines['UN', False]:.2f}x")  # fmt: skip
    print("(first sight: most words new to the caches; warm words: new names whose words "
          f"{warm_names:,} other names looked up before, what a long batch sees; repeat: the "
          "same names again, which the engines never match twice. hits/name: the generated "
          "entries are drawn from the same name parts as the input, so the big list has real "
          "hits to score and explain; the UN list almost none)")


def engine_name() -> str:
    """How this run bounds and merges candidates: compiled loops or numpy."""
    from sanctions_check.search.index import compiled_loops

    if compiled_loops() is None:
        return "numpy array operations (numba not installed: pip install 'sanctions-check[fast]')"
    import numba

    return f"compiled loops (numba {numba.__version__}, the `fast` extra)"


def set_compiled(matcher: Any, on: bool) -> None:
    matcher.index.compiled = on
    matcher._bounds.compiled = on


def compiled_vs_numpy(
    matchers: dict[str, Any], queries: list[Any]
) -> dict[tuple[str, bool], float] | None:
    """Per-query time of each matcher with the compiled loops and with numpy (None without
    numba), side by side (:func:`side_by_side`); the hits must be the same."""
    from sanctions_check.search.index import compiled_loops

    if compiled_loops() is None:
        return None
    engines = {(label, on): m for label, m in matchers.items() for on in (True, False)}
    try:
        got = side_by_side(
            engines, queries, prepare=lambda key: set_compiled(engines[key], key[1])
        )
    finally:
        for m in matchers.values():
            set_compiled(m, True)
    for label in matchers:
        assert got[label, True][1] == got[label, False][1], "compiled and numpy hits differ"
    return {key: t for key, (t, _hits) in got.items()}


def section_dask(n: int, tmp: Path, workers: int, batch_result: dict[str, Any] | None) -> None:
    src = make_input(n, tmp)
    out = tmp / f"dask-{n}"
    shutil.rmtree(out, ignore_errors=True)
    d = run_child({"engine": "dask", "input": str(src), "output": str(out), "workers": workers})
    b = batch_result or run_child(
        {"engine": "batch", "input": str(src), "output": str(tmp / f"batch-{n}.csv"),
         "workers": workers}
    )  # fmt: skip
    print(f"\n## 4. Dask local cluster ({workers} workers) vs batch engine ({workers} workers), "
          f"{n:,} names (fresh processes, back to back)")  # fmt: skip
    print(f"{'engine':<8} {'seconds':>8} {'names/s':>9} {'peak PSS MB':>12} {'rows w/ hits':>12}")
    for label, r in (("batch", b), ("dask", d)):
        print(f"{label:<8} {r['seconds']:>8.1f} {r['rate']:>9,.0f} {r['peak_pss_mb']:>12,.0f} "
              f"{r['rows_with_hits']:>12,}")  # fmt: skip
    print(f"dask / batch time: {d['seconds'] / b['seconds']:.2f}x; partitions: {d['partitions']}")
    same = same_rows(tmp / f"batch-{n}.csv", dask_rows(out))
    print(f"identical output rows (batch CSV vs Dask CSV parts in order): {same}")


def section_identical(tmp: Path, workers: int) -> None:
    from sanctions_check.batch import engine as batch
    from sanctions_check.files.tabular import csv_safe
    from sanctions_check.lists.unxml import parse_list
    from sanctions_check.matching.matcher import Matcher
    from sanctions_check.screening import rows as out_rows
    from sanctions_check.screening import run as screening
    from sanctions_check.screening.inputs import read_queries

    sl = parse_list(UN_LIST)
    m = Matcher.from_list(sl)
    src = make_input(10_000, tmp)
    started = time.perf_counter()
    result = screening.screen(m, read_queries(src).queries)
    t_simple = time.perf_counter() - started
    rows = out_rows.result_rows(result)
    out = tmp / "identical.csv"
    started = time.perf_counter()
    batch.screen_file(m, src, out, workers=workers)
    t_batch = time.perf_counter() - started

    def key(r: dict[str, Any]) -> tuple[str, ...]:
        return tuple("" if r[c] is None else str(csv_safe(r[c])) for c in out_rows.HIT_COLUMNS)

    with open(out, encoding="utf-8", newline="") as fh:
        got = sorted(key(r) for r in csv.DictReader(fh))
    want = sorted(key(r) for r in rows)
    print(f"\n## 5. Same hits: default `screen` engine vs batch engine on {src.name}")
    print(
        f"hit rows: screen {len(want):,}, batch {len(got):,}; identical: {got == want}; "
        f"time: screen {t_simple:.1f} s (1 core), batch {t_batch:.1f} s ({workers} workers)"
    )


def main(argv: list[str] | None = None) -> int:
    global SAMPLE_INTERVAL
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000",
                    help="input names per run, comma-separated (e.g. 20000 for a quick run)")
    ap.add_argument("--brute-sizes", default="20000,200000,1000000",
                    help="sizes of the batch vs brute-force section")
    ap.add_argument("--mixes", default="names,listlike",
                    help="generators of the batch vs brute-force section (make_names.MIXES)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sample-interval", type=float, default=SAMPLE_INTERVAL,
                    help="seconds between memory samples of a child's process tree (at least; "
                    "each sample walks every page of every process: see TreeMemory)")
    ap.add_argument("--baseline", type=Path,
                    help="another checkout whose batch engine runs beside this one (section 0)")
    ap.add_argument("--exhaustive-sample", type=int, default=200)
    ap.add_argument("--list-sample", type=int, default=1000)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument(
        "--only",
        choices=("brute", "throughput", "exhaustive", "list-size", "dask", "identical"),
        action="append",
        help="run only these sections (repeatable; default: all)",
    )
    ap.add_argument("--tmp", type=Path, default=Path("/tmp/sanctions-check-bench"))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return 0
    args.tmp.mkdir(parents=True, exist_ok=True)
    SAMPLE_INTERVAL = args.sample_interval
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"# sanctions-check scale benchmark; {os.cpu_count()} CPUs; load average {load()}")
    only = set(args.only or ("brute", "throughput", "exhaustive", "list-size", "dask", "identical"))
    if "brute" in only:
        brute = [int(s) for s in args.brute_sizes.split(",") if s]
        section_brute(brute, args.mixes.split(","), args.tmp, args.workers, args.baseline)
    results = section_throughput(sizes, args.tmp, args.workers) if "throughput" in only else {}
    if "exhaustive" in only:
        section_exhaustive(args.tmp, results, args.exhaustive_sample, args.workers)
    if "list-size" in only:
        section_list_size(args.tmp, args.list_sample)
    if "dask" in only and not args.no_dask and sizes:
        section_dask(max(sizes), args.tmp, args.workers, results.get(max(sizes)))
    if "identical" in only:
        section_identical(args.tmp, args.workers)
    STAMPS.add(code_stamp())
    if line := memory_line():
        print(f"\n{line}")
    print(f"\nload average at the end: {load()}")
    if len(STAMPS) > 1:
        print(f"WARNING: the matcher / engine code changed during the benchmark ({len(STAMPS)} versions): "
              "comparisons between runs are not valid; run it again")  # fmt: skip
    else:
        print(f"matcher / engine code {STAMPS.pop()} unchanged during the benchmark")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
