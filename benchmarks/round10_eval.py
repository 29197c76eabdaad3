"""Round 10 of issue 18: listed persons' own names with their date of birth and nationality,
as listed and with one typo (``benchmarks/data/round10_dob.csv``, built by
``benchmarks/make_round10_dob.py``), printed by ``benchmarks/quality.py``.

Per class (``exact``, each typo kind, ``neg_lookalike``) and per half (tuning / report, split
by entry), the matcher's recall at the default threshold (the expected entry among the hits;
for the look-alikes the false-positive rate: any hit) beside the plain rapidfuzz baseline of
the issue (``token_sort_ratio`` >= 85 over every list name, the date and nationality unused).

    PYTHONPATH=. python3 benchmarks/round10_eval.py [--misses N]

``--misses N`` lists up to N misses (and look-alike hits) of the tuning half only, with the
expected entry's best score at any score: rules are designed from those; the report half is
the untuned check.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from round2_eval import _baseline_bands, _matcher_bands, _read, _success, list_names  # noqa: E402

from sanctions_check.matching.matcher import Matcher  # noqa: E402

ROUND10_DOB = REPO / "benchmarks" / "data" / "round10_dob.csv"
HALVES = ("tuning", "report")


def dob_table(matcher: Matcher, lst, path: Path = ROUND10_DOB, misses: int = 0):
    """(rows, {(class, half): [rows, matcher successes, baseline successes]}, tuning misses)."""
    rows = _read(path)
    names, refs = list_names(lst)
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    missed: list[str] = []
    for row in rows:
        bands = _matcher_bands(matcher, row)
        ok = _success(row, bands)
        for cls in (row["category"], "ALL typos" if row["category"].startswith("typo_") else ""):
            if cls:
                cell = table[cls, row["half"]]
                cell[0] += 1
                cell[1] += ok
                cell[2] += _success(row, _baseline_bands(names, refs, row))
        wrong = ok if row["expect"] == "none" else not ok
        if wrong and row["half"] == "tuning" and len(missed) < misses:
            missed.append(_explain(matcher, row, bands))
    return rows, table, missed


def _explain(matcher: Matcher, row: dict[str, str], bands: dict[str, str]) -> str:
    if row["expect"] == "none":
        return f"  FP   {row['category']:<15} {row['query']!r} {row['dob']} hits {bands}"
    ref = row["expected_refs"]
    best = max((h.score for h in matcher.match(
        row["query"], kind="person", dob=row["dob"], nationality=row["nationality"],
        limit=None, min_score=0) if h.reference_number == ref), default=0.0)
    return (f"  MISS {row['category']:<15} {ref:<9} {row['query']!r} dob {row['dob']} "
            f"{row['nationality']!r} (best {best:.1f})")


def report(matcher: Matcher, lst, misses: int = 0, path: Path = ROUND10_DOB) -> None:
    rows, table, missed = dob_table(matcher, lst, path, misses)
    print(f"\nround 10, listed names with date of birth and nationality: "
          f"{path.name} ({len(rows)} rows, made by rule from list entries "
          "by make_round10_dob.py; split by entry: rules designed on the tuning half's misses, "
          "the report half is untuned; baseline token_sort_ratio >= 85 without the date)")
    head = (f"{'class':<16}" + "".join(f"{h + ': rows':>14}{'matcher':>9}{'baseline':>9}"
                                       for h in HALVES) + "   metric")
    print(head)
    print("-" * len(head))
    classes = sorted({c for c, _ in table}, key=lambda c: (c.startswith("neg_"),
                                                          c == "ALL typos", c != "exact", c))
    for cls in classes:
        line = f"{cls:<16}"
        for half in HALVES:
            n, ours, base = table[cls, half]
            line += f"{n:>14}{ours / max(1, n):>9.3f}{base / max(1, n):>9.3f}"
        print(line + ("   FP rate" if cls.startswith("neg_") else "   recall"))
    if missed:
        print("\ntuning half: misses and look-alike hits")
        print("\n".join(missed))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", type=int, default=0, help="list up to N tuning-half misses")
    args = ap.parse_args()
    from sanctions_check import load_list

    lst = load_list(REPO / "lists" / "un-consolidated-2024-09-26.xml")
    report(Matcher.from_list(lst), lst, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
