"""News outputs of this checkout against another's: every mention, hit, score and evidence.

Usage: python3 benchmarks/news_same.py --baseline CHECKOUT [--list XML]

Both codes screen the same items (this checkout's labelled news sets, as
``benchmarks/news.py`` reads them): the items alone, and joined five and three at a time
(full-length articles), each with a screener per item, one screener shared by all, and one
at ``--min-score 60``; each code in a fresh process (``--code CHECKOUT``: which package it
imports).  Every mention (name, kind, origin, aliases, list forms, status, best score,
forms screened, row) and every hit (reference, score, band, matched name, and the hit's
repr: explanation, evidence and entry) is compared.  Prints one line per group and
"identical" or "DIFFERENT"; exit code 0 when identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def dump(code: Path, list_path: Path) -> dict[str, list[list[dict[str, object]]]]:
    """Every group's outputs, screened by the package of checkout ``code``."""
    sys.path.insert(0, str(code))
    sys.path.insert(1, str(REPO / "benchmarks"))
    from news import EVAL, ROUND2, labelled_items  # this checkout's sets

    from sanctions_check.lists.unxml import parse_list
    from sanctions_check.matching.matcher import Matcher
    from sanctions_check.news.run import NewsScreener

    lst = parse_list(list_path)
    matcher = Matcher.from_list(lst)
    items = [item for d in (EVAL, ROUND2) for item, _lab in labelled_items(d)]

    def joined(k: int) -> list:  # type: ignore[type-arg]
        return [dataclasses.replace(g[0], text="\n\n".join(i.text for i in g))
                for g in (items[j : j + k] for j in range(0, len(items), k))]  # fmt: skip

    def outputs(screener: NewsScreener, item) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
        return [
            {"name": m.entity.name, "kind": m.entity.kind, "origin": m.entity.origin,
             "aliases": list(m.entity.aliases),
             "list_forms": [[f, list(refs or ())] for f, refs in m.entity.list_forms],
             "status": m.status, "best": m.best_score, "screened": list(m.screened),
             "row": m.row,
             "hits": [[h.reference_number, h.score, str(h.band), h.matched_name.text, repr(h)]
                      for h in m.hits]}
            for m in screener.process(item).mentions
        ]  # fmt: skip

    got = {}
    for label, group in (("items", items), ("five at a time", joined(5)),
                         ("three at a time", joined(3))):  # fmt: skip
        got[f"{label}, a screener per item"] = [
            outputs(NewsScreener(matcher, lst), i) for i in group
        ]
        shared = NewsScreener(matcher, lst)
        got[f"{label}, one screener"] = [outputs(shared, i) for i in group]
        got[f"{label}, --min-score 60"] = [
            outputs(NewsScreener(matcher, lst, min_score=60), i) for i in group
        ]
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", type=Path, help="the other checkout")
    ap.add_argument("--list", type=Path, default=REPO / "lists" / "un-consolidated-2024-09-26.xml")
    ap.add_argument("--code", type=Path, help="(internal) print this checkout's outputs as JSON")
    args = ap.parse_args()
    if args.code:
        print(json.dumps(dump(args.code.resolve(), args.list)))
        return 0
    if args.baseline is None:
        ap.error("--baseline CHECKOUT is required")
    runs = [
        json.loads(subprocess.run(
            [sys.executable, __file__, "--list", str(args.list), "--code", str(code)],
            capture_output=True, text=True, check=True,
        ).stdout)
        for code in (REPO, args.baseline.resolve())
    ]  # fmt: skip
    mine, theirs = runs
    for group, outs in mine.items():
        mentions = sum(len(o) for o in outs)
        hits = sum(len(m["hits"]) for o in outs for m in o)
        same = "identical" if outs == theirs.get(group) else "DIFFERENT"
        print(f"{group:<36} {len(outs):3} items {mentions:5} mentions {hits:4} hits: {same}")
    ok = mine == theirs
    print("all identical" if ok else "SOME OUTPUTS DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
