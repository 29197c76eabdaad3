"""News benchmark: extraction and screening quality on benchmarks/data/eval/news, and throughput.

Usage: python3 benchmarks/news.py [--eval DIR] [--list XML] [--seconds S] [--ner builtin|spacy]

Scores (see benchmarks/data/eval/README.md, "Scoring news items"):
  * extraction: person / organisation recall (per labelled list) and precision (an extracted
    name counts as correct when it is in ``persons`` + ``orgs``; names compared after
    normalising case, whitespace, a leading "the" and possessive endings);
  * screening at the default threshold, end to end (extractor + list-driven pass + matcher):
    expected references flagged, ``must_not_flag`` names flagged (any hit), strict extra
    references (returned refs not in ``expected_refs``);
  * the seed article: Kim Jong-un, Vladimir Putin, Lim Soo-suk, Sergei Shoigu extracted and
    none flagged in the strongest band;
  * throughput through extraction + screening on one core (the process is pinned to one CPU),
    cold per item (a new screener per item: no result cache across items); the baseline in the
    same process is extraction alone, and the ratio is printed.
Targets: person recall >= 0.95, precision >= 0.90, org recall >= 0.85, all expected refs, no
must_not_flag hit, >= 50 articles/s.  Timing is noisy on a shared machine: rerun to confirm.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sanctions_check.matcher import Matcher  # noqa: E402
from sanctions_check.nerbackends import extract_with  # noqa: E402
from sanctions_check.news import NewsScreener  # noqa: E402
from sanctions_check.newsitem import NewsItem  # noqa: E402
from sanctions_check.screening import strongest_band  # noqa: E402
from sanctions_check.sources import read_source  # noqa: E402
from sanctions_check.unxml import parse_list  # noqa: E402

EVAL = REPO / "benchmarks" / "data" / "eval"
SEED_PERSONS = ("Kim Jong-un", "Vladimir Putin", "Lim Soo-suk", "Sergei Shoigu")
TARGETS = {"person_recall": 0.95, "person_precision": 0.90, "org_recall": 0.85, "rate": 50.0}


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=EVAL / "news")
    ap.add_argument("--list", type=Path, default=REPO / "lists" / "un-consolidated-2024-09-26.xml")
    ap.add_argument("--seconds", type=float, default=5.0, help="time budget per throughput run")
    ap.add_argument("--ner", default="builtin", choices=["builtin", "spacy"])
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    if args.ner == "spacy":
        from sanctions_check.nerbackends import spacy_available

        if not spacy_available():
            print("--ner spacy: spaCy with an English model is not installed; nothing to compare")
            return 2
    lst = parse_list(args.list)
    matcher = Matcher.from_list(lst)
    pairs = labelled_items(args.eval)
    print(f"list: {args.list.name} ({len(lst.entries)} entries); {len(pairs)} labelled items; "
          f"extractor: {args.ner} + list scan; threshold {matcher.threshold}")

    # ------------------------------------------------------------------ quality
    # found of labelled, labelled, extracted (builtin), extracted and in persons + orgs
    totals = {k: [0, 0, 0, 0] for k in ("person", "org")}
    found_refs = expected_refs = 0
    mnf_flagged: list[str] = []
    strict_extra: list[str] = []
    missed: list[str] = []
    strongest = strongest_band(matcher)
    seed_ok = True
    for item, lab in pairs:
        screener = NewsScreener(matcher, lst, ner=args.ner)
        result = screener.run([item])
        mentions = [m for _r, m in result.mentions()]
        everything = {norm(x) for x in lab["persons"] + lab["orgs"]}
        name = Path(item.source).name + (f" <{item.url}>" if item.url else "")
        for kind, key in (("person", "persons"), ("org", "orgs")):
            got = {norm(m.entity.name) for m in mentions if m.entity.kind == kind
                   and m.entity.origin != "listscan"}
            want = {norm(x) for x in lab[key]}
            totals[kind][0] += len(want & {norm(m.entity.name) for m in mentions})
            totals[kind][1] += len(want)
            totals[kind][2] += len(got)
            wrong = got - everything
            if wrong:
                print(f"  {name}: extra {kind}s {sorted(wrong)}")
            lost = want - {norm(m.entity.name) for m in mentions}
            if lost:
                print(f"  {name}: missed {kind}s {sorted(lost)}")
            totals[kind][3] += len(got & everything)
        refs = {h.reference_number for m in mentions for h in m.hits}
        exp = set(lab["expected_refs"])
        found_refs += len(exp & refs)
        expected_refs += len(exp)
        missed += [f"{name}: {r}" for r in sorted(exp - refs)]
        strict_extra += [f"{name}: {r}" for r in sorted(refs - exp)]
        mnf = {norm(x) for x in lab["must_not_flag"]}
        for m in mentions:
            if norm(m.entity.name) in mnf and m.hits:
                mnf_flagged.append(f"{name}: {m.entity.name} -> "
                                   + ", ".join(f"{h.reference_number} {h.score:.1f}" for h in m.hits))
        if Path(item.source).name == "seed-article.txt":
            persons = {m.entity.name: m for m in mentions if m.entity.kind == "person"}
            for p in SEED_PERSONS:
                ok = p in persons and all(h.band != strongest for h in persons[p].hits)
                seed_ok &= ok
                print(f"  seed article: {p:<15} extracted={p in persons} "
                      f"strongest-band hit={'no' if ok else 'YES'}")

    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    # precision: extracted names (builtin extractor) that are in persons + orgs
    p_prec = ratio(totals["person"][3], totals["person"][2])
    o_prec = ratio(totals["org"][3], totals["org"][2])
    p_rec = ratio(totals["person"][0], totals["person"][1])
    o_rec = ratio(totals["org"][0], totals["org"][1])
    print("\nextraction")
    print(f"  person recall    {p_rec:.3f}  ({totals['person'][0]}/{totals['person'][1]})   "
          f"target >= {TARGETS['person_recall']}")
    print(f"  person precision {p_prec:.3f}  ({totals['person'][3]}/{totals['person'][2]})   "
          f"target >= {TARGETS['person_precision']}")
    print(f"  org recall       {o_rec:.3f}  ({totals['org'][0]}/{totals['org'][1]})   "
          f"target >= {TARGETS['org_recall']}")
    print(f"  org precision    {o_prec:.3f}  ({totals['org'][3]}/{totals['org'][2]})")
    print("screening (default threshold)")
    print(f"  expected refs flagged    {found_refs}/{expected_refs}"
          + (f"   missed: {', '.join(missed)}" if missed else ""))
    print(f"  must_not_flag flagged    {len(mnf_flagged)}")
    for line in mnf_flagged:
        print(f"    {line}")
    print(f"  strict extra refs        {len(strict_extra)}"
          + (f"   ({', '.join(strict_extra)})" if strict_extra else ""))
    print(f"  seed article persons extracted, none in band {strongest!r}: {seed_ok}")

    # ------------------------------------------------------------------ throughput
    items = [item for item, _lab in pairs]
    avg_chars = sum(len(i.text) for i in items) / len(items)

    def rate(fn) -> float:  # type: ignore[no-untyped-def]
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < args.seconds:
            for item in items:
                fn(item)
            n += len(items)
        return n / (time.perf_counter() - start)

    for item in items:  # warm-up: reference data, caches of the normaliser
        NewsScreener(matcher, lst, ner=args.ner).process(item)
    base = rate(lambda item: extract_with(item.text, args.ner))
    cold = rate(lambda item: NewsScreener(matcher, lst, ner=args.ner).process(item))
    shared = NewsScreener(matcher, lst, ner=args.ner)

    def warm(item: NewsItem) -> None:
        shared.seen_hashes.clear()
        shared.seen_urls.clear()
        shared.process(item)

    warm_rate = rate(warm)
    print(f"throughput on one core (average item {avg_chars:.0f} characters)")
    print(f"  extraction only (baseline)          {base:8.1f} articles/s")
    print(f"  extraction + list scan + screening  {cold:8.1f} articles/s   "
          f"({cold / base:.2f} x baseline; target >= {TARGETS['rate']:.0f})")
    print(f"  same, screener reused (name cache)  {warm_rate:8.1f} articles/s")
    ok = (
        p_rec >= TARGETS["person_recall"]
        and p_prec >= TARGETS["person_precision"]
        and o_rec >= TARGETS["org_recall"]
        and found_refs == expected_refs
        and not mnf_flagged
        and seed_ok
        and cold >= TARGETS["rate"]
    )
    print("all targets met" if ok else "SOME TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
