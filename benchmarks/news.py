"""News benchmark: extraction and screening quality on labelled news sets, and throughput.

Usage: python3 benchmarks/news.py [--eval DIR ...] [--list XML] [--seconds S] [--ner builtin|spacy]
       [--verbose [--show-holdout]] [--baseline CHECKOUT [--rounds N]]

Sets (default: both): ``benchmarks/data/eval/news`` (the round-1 items, "old") and
``benchmarks/data/news_round2`` (issue 19's items, "new": written before tuning, each with a
``style`` and a ``split`` of ``tune`` or ``holdout``).  Each set is reported on its own, the
new one also per style and per split, so that tuning on one shows on the other.

Scores (see benchmarks/data/eval/README.md, "Scoring news items"):
  * extraction: person / organisation recall (per labelled list) and precision (an extracted
    name counts as correct when it is in ``persons`` + ``orgs``; names compared after
    normalising case, whitespace, a leading "the" and possessive endings);
  * screening at the default threshold, end to end (extractor + list-driven pass + matcher):
    expected references flagged (ref recall), returned references that are expected (ref
    precision, strict: any other returned reference counts against it), ``must_not_flag``
    names flagged (any hit);
  * the seed article: Kim Jong-un, Vladimir Putin, Lim Soo-suk, Sergei Shoigu extracted and
    none flagged in the strongest band;
  * a spaCy column (``--ner spacy`` numbers beside the built-in ones) where spaCy and an
    English model are installed, else "not installed" (nothing is downloaded);
  * throughput through extraction + screening on one core (the process is pinned to one CPU;
    articles per second of its CPU time, which other processes sharing that core do not
    change as they change wall time), cold per item (a new screener per item: no result cache across items); the baseline in the
    same process is extraction alone, and the ratio is printed; the list-driven pass alone
    is timed too, and the whole path on full-length articles (the items five at a time, about
    4,000 characters each).  The rates are a long run's: the warm-up also runs the items
    until a long run's one-off load is done (the compiled loops a news run turns on after
    ``news.run.COMPILED_AFTER`` queries).
With ``--baseline CHECKOUT`` (another checkout of the project, e.g. the integration checkout
before this work) the throughput is then measured again for both codes side by side, in fresh
processes taking turns (``--rounds``, default 3; the median is printed) on the same items
(this checkout's), so both see the same machine load; ``--code CHECKOUT`` is how such a
process imports the other checkout's package.

Targets: person recall >= 0.95, precision >= 0.90, org recall >= 0.85, ref recall >= 0.95,
no must_not_flag hit, >= 100 articles/s (issue 21).  Timing is noisy on a shared machine: rerun to confirm.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# --code CHECKOUT: import that checkout's package (a --baseline process); data stays this one's
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv[:-1] else REPO
sys.path.insert(0, str(CODE))

from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402
from sanctions_check.news import run as news_run  # noqa: E402
from sanctions_check.news.item import NewsItem  # noqa: E402
from sanctions_check.news.listscan import scanner_for  # noqa: E402
from sanctions_check.news.ner import extract_with, spacy_problem  # noqa: E402
from sanctions_check.news.run import NewsScreener  # noqa: E402
from sanctions_check.news.sources import read_source  # noqa: E402
from sanctions_check.screening.run import strongest_band  # noqa: E402

EVAL = REPO / "benchmarks" / "data" / "eval" / "news"
ROUND2 = REPO / "benchmarks" / "data" / "news_round2"
SEED_PERSONS = ("Kim Jong-un", "Vladimir Putin", "Lim Soo-suk", "Sergei Shoigu")
TARGETS = {"person_recall": 0.95, "person_precision": 0.90, "org_recall": 0.85,
           "ref_recall": 0.95, "rate": 100.0}
FIELDS = ("p_found", "p_want", "p_got", "p_ok", "o_found", "o_want", "o_got", "o_ok",
          "r_found", "r_want", "r_got", "r_ok", "mnf")


def norm(name: str) -> str:
    text = name.casefold().replace("’", "'").strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"('s|')$", "", text)
    return " ".join(text.split())


def labelled_items(eval_dir: Path) -> list[tuple[NewsItem, dict]]:
    """(item, labels) for every labelled news item; feed items matched by position."""
    pairs: list[tuple[NewsItem, dict]] = []
    for path in sorted(eval_dir.iterdir()):
        if path.suffix not in (".txt", ".html"):
            continue
        label = path.with_suffix(".json")
        if label.is_file():
            [item] = read_source(str(path))
            pairs.append((item, json.loads(label.read_text("utf-8"))))
    for feed in sorted(eval_dir.glob("*.xml")):
        for i, item in enumerate(read_source(str(feed)), start=1):
            label = eval_dir / f"{feed.stem}-{i}.json"
            if label.is_file():
                pairs.append((item, json.loads(label.read_text("utf-8"))))
    return pairs


def score_item(screener: NewsScreener, item: NewsItem, lab: dict, notes: list[str],
               strongest: str, seed: dict[str, bool]) -> dict[str, int]:
    """One item's counts (see FIELDS); problems appended to ``notes``."""
    result = screener.run([item])
    mentions = [m for _r, m in result.mentions()]
    c = dict.fromkeys(FIELDS, 0)
    everything = {norm(x) for x in lab["persons"] + lab["orgs"]}
    name = Path(item.source).name
    names_all = {norm(m.entity.name) for m in mentions}
    for kind, key, pre in (("person", "persons", "p"), ("org", "orgs", "o")):
        got = {norm(m.entity.name) for m in mentions if m.entity.kind == kind
               and m.entity.origin != "listscan"}
        want = {norm(x) for x in lab[key]}
        c[pre + "_found"] += len(want & names_all)
        c[pre + "_want"] += len(want)
        c[pre + "_got"] += len(got)
        c[pre + "_ok"] += len(got & everything)
        if got - everything:
            notes.append(f"{name}: extra {kind}s {sorted(got - everything)}")
        if want - names_all:
            notes.append(f"{name}: missed {kind}s {sorted(want - names_all)}")
    refs = {h.reference_number for m in mentions for h in m.hits}
    exp = set(lab["expected_refs"])
    c["r_found"], c["r_want"] = len(exp & refs), len(exp)
    c["r_got"], c["r_ok"] = len(refs), len(refs & exp)
    if exp - refs:
        notes.append(f"{name}: missed refs {sorted(exp - refs)}")
    if refs - exp:
        notes.append(f"{name}: extra refs {sorted(refs - exp)}")
    mnf = {norm(x) for x in lab["must_not_flag"]}
    for m in mentions:
        if norm(m.entity.name) in mnf and m.hits:
            c["mnf"] += 1
            notes.append(f"{name}: must_not_flag {m.entity.name} -> "
                         + ", ".join(f"{h.reference_number} {h.score:.1f}" for h in m.hits))
    if name == "seed-article.txt":
        persons = {m.entity.name: m for m in mentions if m.entity.kind == "person"}
        for p in SEED_PERSONS:
            seed[p] = p in persons and all(h.band != strongest for h in persons[p].hits)
    return c


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def summary(c: dict[str, int]) -> str:
    return (f"{ratio(c['p_found'], c['p_want']):5.2f} {ratio(c['p_ok'], c['p_got']):5.2f} "
            f"{ratio(c['o_found'], c['o_want']):5.2f} {ratio(c['o_ok'], c['o_got']):5.2f} "
            f"{ratio(c['r_found'], c['r_want']):5.2f} {ratio(c['r_ok'], c['r_got']):5.2f} "
            f"{c['mnf']:4d}  ({c['r_found']}/{c['r_want']} refs)")


HEADER = "p.rec p.pre o.rec o.pre r.rec r.pre  mnf"


def evaluate(sets: list[tuple[str, list[tuple[NewsItem, dict]]]], matcher, lst, ner: str,
             verbose: bool | str, strongest: str) -> tuple[dict[str, dict[str, int]], dict[str, bool]]:
    """Counts per group: each set, and for items with a style, set/style and set/split."""
    groups: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    seed: dict[str, bool] = {}
    for set_name, pairs in sets:
        for item, lab in pairs:
            notes: list[str] = []
            c = score_item(NewsScreener(matcher, lst, ner=ner), item, lab, notes, strongest, seed)
            keys = [set_name]
            if "style" in lab:
                keys += [f"{set_name} {lab['split']}", f"{set_name} style {lab['style']}"]
            for key in keys:
                for f, v in c.items():
                    groups[key][f] += v
            if verbose is True or (verbose == "tune" and lab.get("split") != "holdout"):
                for line in notes:
                    print(f"  [{ner}] {line}")
    return groups, seed


def throughput(sets, matcher, lst, args) -> tuple[float, float, float, float, int, float]:  # type: ignore[no-untyped-def]
    """Articles per CPU second: extraction alone, list scan alone, the whole path on the
    items, the whole path on full-length articles (their count and average length)."""
    items = [item for _n, pairs in sets for item, _lab in pairs]

    def rate(fn) -> float:  # type: ignore[no-untyped-def]
        # per second of this process's CPU time: on a shared machine the one core it is
        # pinned to also runs other processes, whose share wall time would count
        n, start = 0, time.process_time()
        while time.process_time() - start < args.seconds:
            for item in items:
                fn(item)
            n += len(items)
        return n / (time.process_time() - start)

    for item in items:  # warm-up: reference data, caches of the normaliser
        NewsScreener(matcher, lst, ner=args.ner).process(item)
    # and a long run's one-off load: the compiled loops a news run turns on once its matcher
    # has answered news.run.COMPILED_AFTER queries (numba installed; ~0.7 s of CPU once, not
    # part of the rate of a long run, which this measures; an older checkout: none)
    while getattr(matcher, "queries", 0) < getattr(news_run, "COMPILED_AFTER", 0):
        for item in items:
            NewsScreener(matcher, lst, ner=args.ner).process(item)
    scanner = scanner_for(lst)
    base = rate(lambda item: extract_with(item.text, args.ner))
    scan = rate(lambda item: scanner.scan(item.text))
    cold = rate(lambda item: NewsScreener(matcher, lst, ner=args.ner).process(item))
    # full-length articles: the labelled items five at a time, as paragraphs of one text
    # (a news article runs to 600-900 words; most labelled items are a few paragraphs)
    items = [dataclasses.replace(group[0], text="\n\n".join(i.text for i in group))
             for group in (items[k : k + 5] for k in range(0, len(items), 5))]  # fmt: skip
    long = rate(lambda item: NewsScreener(matcher, lst, ner=args.ner).process(item))
    return base, scan, cold, long, len(items), sum(len(i.text) for i in items) / len(items)


def side_by_side(args: argparse.Namespace) -> None:
    """The throughput of this checkout and of ``--baseline``, fresh processes taking turns."""
    codes = {"this": REPO, "baseline": args.baseline.resolve()}
    got: dict[str, list[list[float]]] = {label: [] for label in codes}
    cmd = [sys.executable, __file__, "--throughput-only", "--seconds", str(args.seconds),
           "--list", str(args.list), "--ner", args.ner]  # fmt: skip
    for d in args.eval or ():
        cmd += ["--eval", str(d)]
    for _ in range(args.rounds):
        for label, code in codes.items():
            out = subprocess.run([*cmd, "--code", str(code)], capture_output=True, text=True,
                                 check=True).stdout  # fmt: skip
            got[label].append(json.loads(out.splitlines()[-1]))
    print(f"\nside by side, fresh processes taking turns (median of {args.rounds}; articles per "
          f"CPU second; baseline {codes['baseline']}):")
    print(f"  {'':<44} {'this':>8} {'baseline':>9} {'ratio':>6}")
    for k, what in enumerate(("extraction only", "list-driven pass only",
                              "extraction + list scan + screening (items)",
                              "the same, full-length articles")):  # fmt: skip
        mine = statistics.median(r[k] for r in got["this"])
        theirs = statistics.median(r[k] for r in got["baseline"])
        print(f"  {what:<44} {mine:8.1f} {theirs:9.1f} {mine / theirs:6.2f}")
    print("  (load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + ")")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, action="append", help="a labelled set (repeatable)")
    ap.add_argument("--list", type=Path, default=REPO / "lists" / "un-consolidated-2024-09-26.xml")
    ap.add_argument("--seconds", type=float, default=5.0, help="time budget per throughput run")
    ap.add_argument("--ner", default="builtin", choices=["builtin", "spacy"])
    ap.add_argument("--verbose", action="store_true",
                    help="print every miss and extra, except on holdout items")
    ap.add_argument("--show-holdout", action="store_true",
                    help="with --verbose, print the holdout items' misses too")
    ap.add_argument("--baseline", type=Path, help="another checkout to time side by side")
    ap.add_argument("--rounds", type=int, default=3, help="turns of each code with --baseline")
    ap.add_argument("--code", type=Path, help="import this checkout's package (see above)")
    ap.add_argument("--throughput-only", action="store_true",
                    help="print only the throughput numbers, as one JSON list")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    problem = spacy_problem()
    have_spacy = problem is None
    if args.ner == "spacy" and not have_spacy:
        print(f"--ner spacy: {problem}")
        return 2
    lst = parse_list(args.list)
    matcher = Matcher.from_list(lst)
    dirs = args.eval or [EVAL, ROUND2]
    sets = [("old" if d.resolve() == EVAL.resolve() else
             "new" if d.resolve() == ROUND2.resolve() else d.name, labelled_items(d))
            for d in dirs]
    if args.throughput_only:
        print(json.dumps(list(throughput(sets, matcher, lst, args)[:4])))
        return 0
    strongest = strongest_band(matcher)
    print(f"list: {args.list.name} ({len(lst.entries)} entries); "
          + ", ".join(f"{n}: {len(p)} items" for n, p in sets)
          + f"; extractor: {args.ner} + list scan; threshold {matcher.threshold}")

    verbose = (args.show_holdout or "tune") if args.verbose else False
    groups, seed = evaluate(sets, matcher, lst, args.ner, verbose, strongest)
    other = "spacy" if args.ner == "builtin" else "builtin"
    if other == "builtin" or have_spacy:
        other_groups, _ = evaluate(sets, matcher, lst, other, False, strongest)
    else:
        other_groups = None
    print(f"\n{'group':<28} {args.ner:<8} {HEADER}   | {other}")
    for key in sorted(groups, key=lambda k: (k.split()[0] != "old", len(k.split()), k)):
        right = summary(other_groups[key]) if other_groups is not None else "not installed"
        print(f"{key:<28} {'':<8} {summary(groups[key])} | {right}")
    print("(p = persons, o = organisations: extraction recall / precision; r = references "
          "flagged: recall / strict precision; mnf = must_not_flag names flagged)")
    if seed:
        for p, ok in seed.items():
            print(f"  seed article: {p:<15} extracted, not in band {strongest!r}: {ok}")

    base, scan, cold, long, n_long, long_chars = throughput(sets, matcher, lst, args)
    items = [item for _n, pairs in sets for item, _lab in pairs]
    avg_chars = sum(len(i.text) for i in items) / len(items)
    print(f"throughput on one core, per CPU second ({len(items)} items, average "
          f"{avg_chars:.0f} characters; load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()) + ")")
    print(f"  extraction only (baseline)          {base:8.1f} articles/s")
    print(f"  list-driven pass only               {scan:8.1f} articles/s")
    print(f"  extraction + list scan + screening  {cold:8.1f} articles/s   "
          f"({cold / base:.2f} x baseline; target >= {TARGETS['rate']:.0f})")
    print(f"  the same, {n_long} articles of five items (average "
          f"{long_chars:.0f} characters) {long:8.1f} articles/s   "
          f"(target >= {TARGETS['rate']:.0f})")
    if args.baseline:
        side_by_side(args)

    total = dict.fromkeys(FIELDS, 0)
    for name, _pairs in sets:
        for f in FIELDS:
            total[f] += groups[name][f]
    ok = (
        ratio(total["p_found"], total["p_want"]) >= TARGETS["person_recall"]
        and ratio(total["p_ok"], total["p_got"]) >= TARGETS["person_precision"]
        and ratio(total["o_found"], total["o_want"]) >= TARGETS["org_recall"]
        and ratio(total["r_found"], total["r_want"]) >= TARGETS["ref_recall"]
        and total["mnf"] == 0
        and all(seed.values())
        and cold >= TARGETS["rate"]
        and long >= TARGETS["rate"]  # full-length articles too, not only the short items
    )
    print("all targets met" if ok else "SOME TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
