"""Quality benchmark: the matcher on benchmarks/data/eval/names.csv against the 2024-09-26 UN list.

Prints, per category, recall (positives: every expected ref among the hits at the default
threshold) and false-positive rate (negatives: any hit), for

* the matcher with its candidate index,
* the matcher in exhaustive mode (every list name scored; must give the same results),
* a baseline: plain rapidfuzz ``token_sort_ratio`` (default processor: lower case, non-
  alphanumerics stripped) over every list name, at the lowest threshold whose false-positive
  rate is no higher than the matcher's,

all in the same run.  ``--sweep`` also prints recall / FP rate of the matcher at other
thresholds (how the default threshold and bands were chosen).  ``--misses`` lists the
positives missed and the negatives hit.  As an out-of-sample check it also screens the
primary names of the entries delisted between the 2020-03-20 and 2024-09-26 snapshots (not
on the 2024 list, never used for tuning) and counts hits for the matcher and the baseline.

When nomenklatura (OpenSanctions' matcher, optional: ``pip install -e '.[bench]'``) is
importable, a further column scores every (query, list entry) pair with its ``logic-v2``
algorithm (all names of an entry on one followthemoney entity) at its usual match threshold
0.7; without it the column is left out and the script says so.

Then the per-class tables of matching round 2 (:mod:`round2_eval`: recall, false-positive
and over-scoring rates per class on ``benchmarks/data/matching_round2.csv``, and the F1 of
``compare`` on ``benchmarks/data/pairs.csv``, each beside the plain rapidfuzz baseline).
Then round 10's listed names with their date of birth and nationality, as listed and with
one typo (:mod:`round10_eval`: recall per typo kind in the tuning and report halves, the
look-alikes' false-positive rate, beside the baseline).  ``--round2`` prints only those
(faster).  The round-2 rules were tuned on the round-2 sets;
``names.csv`` is their untuned check (and the other way round for the older rules).

    python3 benchmarks/quality.py [--sweep] [--misses] [--round2]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process, utils

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import round2_eval  # noqa: E402
import round10_eval  # noqa: E402

from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402

LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"
OLD_LIST = REPO / "tests" / "data" / "un-consolidated-2020-03-20.xml"
NAMES = REPO / "benchmarks" / "data" / "eval" / "names.csv"
NK_THRESHOLD = 70.0  # nomenklatura's usual "match" threshold (0.7)


def load_rows(path: Path = NAMES) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def matcher_scores(matcher: Matcher, rows: list[dict[str, str]]) -> list[dict[str, float]]:
    """Per row: ref -> best score (everything down to score 40, so thresholds can be swept)."""
    out = []
    for row in rows:
        hits = matcher.match(row["query"], kind=row["kind"] or None, limit=None, min_score=40)
        out.append({h.reference_number: h.score for h in hits})
    return out


def baseline_scores(lst, rows: list[dict[str, str]]) -> list[dict[str, float]]:
    names, refs = [], []
    for e in lst.entries:
        for n in e.names():
            names.append(n.text)
            refs.append((e.reference_number, e.kind))
    out = []
    for row in rows:
        found = process.extract(
            row["query"],
            names,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            score_cutoff=40,
            limit=None,
        )
        best: dict[str, float] = {}
        for _, score, idx in found:
            ref, kind = refs[idx]
            if row["kind"] and kind != row["kind"]:
                continue
            best[ref] = max(best.get(ref, 0.0), score)
        out.append(best)
    return out


def nomenklatura_scores(lst, rows: list[dict[str, str]]) -> list[dict[str, float]] | None:
    """Per row: ref -> nomenklatura logic-v2 score x 100, or None if it is not installed."""
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2, ScoringConfig
    except ImportError:
        return None
    config = ScoringConfig.defaults()
    schema = {"person": "Person", "org": "Organization"}
    entities = []
    for e in lst.entries:
        ent = model.make_entity(schema[e.kind])
        ent.id = e.reference_number
        for n in e.names():
            ent.add("name", n.text)
        entities.append((e.reference_number, e.kind, ent))
    out = []
    for i, row in enumerate(rows):
        query = model.make_entity(schema.get(row["kind"], "LegalEntity"))
        query.id = f"q{i}"
        query.add("name", row["query"])
        best: dict[str, float] = {}
        for ref, kind, ent in entities:
            if row["kind"] and kind != row["kind"]:
                continue
            score = LogicV2.compare(query, ent, config).score * 100
            if score >= 40:
                best[ref] = score
        out.append(best)
    return out


def evaluate(rows, scores, threshold: float) -> dict[str, list[int]]:
    """category -> [rows, successes] (positives: found; negatives: false positives)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, sc in zip(rows, scores, strict=True):
        hits = {ref for ref, s in sc.items() if s >= threshold}
        cat = row["category"]
        table[cat][0] += 1
        if row["expected_refs"]:
            table[cat][1] += all(r in hits for r in row["expected_refs"].split(";"))
        else:
            table[cat][1] += bool(hits)
    return table


def totals(table) -> tuple[float, float]:
    pos = [v for k, v in table.items() if not k.startswith("neg_")]
    neg = [v for k, v in table.items() if k.startswith("neg_")]
    recall = sum(v[1] for v in pos) / max(1, sum(v[0] for v in pos))
    fp = sum(v[1] for v in neg) / max(1, sum(v[0] for v in neg))
    return recall, fp


def hits_per_positive(rows, scores, threshold: float) -> float:
    counts = [
        sum(1 for s in sc.values() if s >= threshold)
        for row, sc in zip(rows, scores, strict=True)
        if row["expected_refs"]
    ]
    return sum(counts) / max(1, len(counts))


def delisted_report(lst, matcher: Matcher, base_thr: float) -> None:
    """Out-of-sample false positives: names delisted between 2020-03-20 and 2024-09-26.

    They are real sanctions-style names (same regimes, same transliterations) that are not
    on the 2024 list, and were never looked at while tuning.  A hit can still be legitimate
    (a relative, a branch of the same foundation), so this is an upper bound.
    """
    if not OLD_LIST.is_file():
        return
    old = parse_list(OLD_LIST)
    gone = [e for e in old.entries if lst.get(e.reference_number) is None]
    rows = [
        {"query": e.primary_name, "kind": e.kind, "expected_refs": "", "category": "delisted"}
        for e in gone
    ]
    ours = sum(1 for sc in matcher_scores(matcher, rows) if max(sc.values(), default=0) >= matcher.threshold)
    base = sum(1 for sc in baseline_scores(lst, rows) if max(sc.values(), default=0) >= base_thr)
    print(
        f"out of sample: primary names of {len(gone)} entries delisted since 2020: "
        f"matcher hits {ours} ({ours / max(1, len(gone)):.1%}), "
        f"baseline hits {base} ({base / max(1, len(gone)):.1%})"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweep", action="store_true", help="recall / FP at other thresholds")
    ap.add_argument("--misses", action="store_true", help="list misses and false positives")
    ap.add_argument("--round2", action="store_true", help="only the round-2 class tables")
    args = ap.parse_args()

    lst = parse_list(LIST)
    if args.round2:
        print(f"matcher: {Matcher.from_list(lst).describe()}")
        matcher = Matcher.from_list(lst)
        round2_eval.report(matcher, lst)
        round10_eval.report(matcher, lst)
        return
    rows = load_rows()
    t0 = time.perf_counter()
    indexed = Matcher.from_list(lst)
    t1 = time.perf_counter()
    exhaustive = Matcher.from_list(lst, exhaustive=True)
    thr = indexed.threshold
    t2 = time.perf_counter()
    s_idx = matcher_scores(indexed, rows)
    t3 = time.perf_counter()
    s_exh = matcher_scores(exhaustive, rows)
    t4 = time.perf_counter()
    s_base = baseline_scores(lst, rows)
    t5 = time.perf_counter()

    s_nk = nomenklatura_scores(lst, rows)
    t6 = time.perf_counter()
    ours = evaluate(rows, s_idx, thr)
    ours_exh = evaluate(rows, s_exh, thr)
    recall, fp = totals(ours)
    # baseline threshold: the lowest whose FP rate is not above ours
    base_thr = 100.0
    for t in range(40, 101):
        if totals(evaluate(rows, s_base, t))[1] <= fp:
            base_thr = float(t)
            break
    base = evaluate(rows, s_base, base_thr)

    same = all(
        {r for r, s in a.items() if s >= thr} == {r for r, s in b.items() if s >= thr}
        for a, b in zip(s_idx, s_exh, strict=True)
    )
    print(f"list: {LIST.name} ({len(lst.entries)} entries); eval: {NAMES} ({len(rows)} rows)")
    print(f"matcher: {indexed.describe()}")
    print(f"baseline: rapidfuzz token_sort_ratio, threshold {base_thr:.0f} (same or lower FP rate)")
    head = f"{'category':<16}{'rows':>5}  {'index':>7}  {'exhaust':>7}  {'baseline':>8}   metric"
    nk = evaluate(rows, s_nk, NK_THRESHOLD) if s_nk is not None else None
    if nk is None:
        print("nomenklatura: not installed (pip install -e '.[bench]'), column left out")
    else:
        print(f"nomenklatura: logic-v2 at its match threshold {NK_THRESHOLD / 100:.2f}")
    print()
    head += "  nomenkl." if nk is not None else ""
    print(head)
    print("-" * len(head))
    for cat in sorted(ours, key=lambda c: (c.startswith("neg_"), c)):
        n = ours[cat][0]
        metric = "FP rate" if cat.startswith("neg_") else "recall"
        extra = f"  {nk[cat][1] / n:>8.3f}" if nk is not None else ""
        print(
            f"{cat:<16}{n:>5}  {ours[cat][1] / n:>7.3f}  {ours_exh[cat][1] / n:>7.3f}  "
            f"{base[cat][1] / n:>8.3f}   {metric:<7}{extra}"
        )
    print("-" * len(head))
    br, bf = totals(base)
    er, ef = totals(ours_exh)
    nr, nf = totals(nk) if nk is not None else (None, None)
    npos = sum(v[0] for k, v in ours.items() if not k.startswith("neg_"))
    nneg = sum(v[0] for k, v in ours.items() if k.startswith("neg_"))
    xr = f"  {nr:>8.3f}" if nr is not None else ""
    xf = f"  {nf:>8.3f}" if nf is not None else ""
    print(f"{'ALL positives':<16}{npos:>5}  {recall:>7.3f}  {er:>7.3f}  {br:>8.3f}   recall {xr}")
    print(f"{'ALL negatives':<16}{nneg:>5}  {fp:>7.3f}  {ef:>7.3f}  {bf:>8.3f}   FP rate{xf}")
    print(
        f"hits per positive: matcher {hits_per_positive(rows, s_idx, thr):.2f}, "
        f"baseline {hits_per_positive(rows, s_base, base_thr):.2f}"
    )
    print(f"index and exhaustive give identical hits on every row: {same}")
    print(
        f"time: build {1000 * (t1 - t0):.0f} ms; scoring {len(rows)} rows: index "
        f"{1000 * (t3 - t2):.0f} ms, exhaustive {1000 * (t4 - t3):.0f} ms, "
        f"baseline {1000 * (t5 - t4):.0f} ms"
        + (f", nomenklatura {1000 * (t6 - t5):.0f} ms" if s_nk is not None else "")
    )
    delisted_report(lst, indexed, base_thr)
    round2_eval.report(indexed, lst)
    round10_eval.report(indexed, lst)
    if args.sweep:
        print("\nthreshold sweep (matcher, index): recall / FP rate / min real_* recall")
        for t in range(60, 101, 2):
            tab = evaluate(rows, s_idx, t)
            r, f = totals(tab)
            real = min(v[1] / v[0] for k, v in tab.items() if k.startswith("real_"))
            print(f"  {t:>3}: recall {r:.3f}  FP {f:.3f}  min real_* {real:.3f}")
    if args.misses:
        print("\nmisses (positives) and false positives (negatives):")
        for row, sc in zip(rows, s_idx, strict=True):
            hits = {ref: s for ref, s in sc.items() if s >= thr}
            exp = row["expected_refs"].split(";") if row["expected_refs"] else []
            if exp and not all(r in hits for r in exp):
                got = {r: sc.get(r) for r in exp}
                print(f"  MISS {row['category']:<15} {row['query']!r} expected {got}")
            elif not exp and hits:
                print(f"  FP   {row['category']:<15} {row['query']!r} hits {hits}")


if __name__ == "__main__":
    main()
