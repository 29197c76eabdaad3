#!/usr/bin/env python3
"""Held-out aliases: real-world spellings the matcher was never tuned on (issue 18).

Every alias the UN list gives an entry is somebody's real spelling of that listed person or
organisation: a transliteration, a press spelling, a short form, the name in its original
script. This benchmark holds aliases out of the list and screens them against what is left,
so the matcher has to reach the entry through its *other* names, as it must for a spelling
the list does not record. Nothing in the matcher was tuned on this set (the list's names
are the index, never the queries of the labelled sets), which makes it the untuned check to
put beside the tuned sets of ``quality.py``.

Round ``r`` removes the ``r``-th eligible alias of every entry at once (so one matcher per
round), for ``--rounds`` rounds. An alias is eligible when another name of the entry stays
and it is not the same as one of them once case, spaces and punctuation are ignored (those
are found trivially). Held-out aliases are counted per class:

* ``spelling``: an alias in Latin letters with about the words of a remaining Latin name
  (as many, or one more or fewer) whose first letters are all among that name's (a
  spelling variant: ``Abdul Haq Wasiq`` for ``ABDUL-HAQ WASSIQ``);
* ``partial``: a Latin alias sharing some first letters with a remaining name but not all
  (part of the name, an honorific added, a short form: ``Mullah Jabbar``), where a miss is
  sometimes right (a lone common name should not hit);
* ``other words``: a Latin alias sharing no first letter (mostly other names: a kunya, a
  nom de guerre, a former company name), where a miss is often right;
* ``original script``: the entry's name in Arabic, Cyrillic, Korean... against its Latin
  names.

Printed per class: recall at the default threshold (the entry among the hits), recall as
the top hit, and noise (the share of queries hitting some *other* entry at the threshold,
and how many on average), beside a plain rapidfuzz baseline (``token_sort_ratio`` with the
default processor, over every remaining list name, at score cutoff 85, as the issue's
brute-force screener).

The held-out queries are split by entry into two halves, deterministically: an entry is in
the **tuning** half when the CRC-32 of its reference number (UTF-8) is even, else in the
**report** half (:func:`half_of`).  Rules may be designed by looking at the tuning half's
misses only (``--misses`` lists only those); the report half is never looked at and is the
honest number.  Both halves are printed.  ``--baseline DIR`` runs the same measurement with the code of another
checkout, in a child process, and prints it alongside.

    python3 benchmarks/alias_holdout.py [--rounds 3] [--baseline /tmp/base] [--misses 20]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import unicodedata
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"
CLASSES = ("spelling", "partial", "other words", "original script")
HALVES = ("tuning", "report")


def half_of(reference_number: str) -> str:
    """The half an entry's held-out aliases belong to: "tuning" when the CRC-32 of its
    reference number is even, "report" when odd (fixed, so no rule can be fitted to it)."""
    return HALVES[zlib.crc32(reference_number.encode("utf-8")) & 1]


def _plain(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def _initials(text: str) -> list[str]:
    return [w[0] for w in re.findall(r"[^\W\d_]+", text.casefold())]


def alias_class(alias: str, remaining: list[str]) -> str:
    if not _latin(alias):
        return "original script"
    mine = _initials(alias)
    others = [_initials(n) for n in remaining if _latin(n)]
    if any(abs(len(o) - len(mine)) <= 1 and set(mine) <= set(o) for o in others):
        return "spelling"
    return "partial" if any(set(mine) & set(o) for o in others) else "other words"


def holdouts(lst: Any, rounds: int) -> list[tuple[Any, list[tuple[str, str, str, str]]]]:
    """Per round: the list without the held-out aliases, and (ref, kind, alias, class) rows."""
    from sanctions_check.lists.entries import ALIAS, ORIGINAL_SCRIPT

    out = []
    for r in range(rounds):
        entries, rows = [], []
        for e in lst.entries:
            names = e.names()
            eligible = [n for n in names if n.name_type in (ALIAS, ORIGINAL_SCRIPT)
                        and _plain(n.text)
                        and all(_plain(n.text) != _plain(m.text) for m in names if m is not n)]
            if len(eligible) <= r:
                entries.append(e)
                continue
            held = eligible[r]
            remaining = [m.text for m in names if m is not held]
            if held.name_type == ORIGINAL_SCRIPT:
                e = dataclasses.replace(e, original_script=None)
            else:
                e = dataclasses.replace(e, aliases=tuple(a for a in e.aliases if a is not held))
            entries.append(e)
            rows.append((e.reference_number, str(e.kind), held.text,
                         alias_class(held.text, remaining)))  # fmt: skip
        out.append((dataclasses.replace(lst, entries=tuple(entries), by_reference={}), rows))
    return out


def measure(rounds: int, misses: int) -> dict[str, Any]:
    """The matcher's and the rapidfuzz baseline's numbers per class (JSON-able)."""
    from rapidfuzz import fuzz, process, utils

    from sanctions_check.lists.unxml import parse_list
    from sanctions_check.matching.knownas import KnownNames
    from sanctions_check.matching.matcher import Matcher

    lst = parse_list(LIST)
    stats: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    missed: list[str] = []
    for held_list, rows in holdouts(lst, rounds):
        matcher = Matcher(held_list, known_as=KnownNames())  # no curated names: list only
        names, refs = [], []
        for e in held_list.entries:
            for n in e.names():
                names.append(n.text)
                refs.append(e.reference_number)
        for ref, kind, alias, cls in rows:
            half = half_of(ref)
            s = stats[half, cls]
            s["queries"] += 1
            hits = matcher.match(alias, kind=kind, limit=None)
            found = [h.reference_number for h in hits]
            s["recall"] += ref in found
            s["top1"] += bool(found) and found[0] == ref
            others = len(set(found) - {ref})
            s["noisy"] += others > 0
            s["others"] += others
            if (ref not in found and len(missed) < misses and cls != "other words"
                    and half == "tuning"):  # never look at the report half's misses
                best = max((h.score for h in matcher.match(alias, kind=kind, min_score=0,
                                                             limit=None)
                            if h.reference_number == ref), default=0.0)  # fmt: skip
                missed.append(f"  {cls:<16} {ref:<9} {alias!r} (best {best:.1f})")
            base = {refs[i] for _, _, i in process.extract(
                alias, names, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
                score_cutoff=85, limit=None)}  # fmt: skip
            s["base_recall"] += ref in base
            s["base_noisy"] += bool(base - {ref})
    out: dict[str, dict[str, Any]] = {}
    for half, cls in [(h, c) for h in (*HALVES, "both") for c in (*CLASSES, "all")]:
        s = defaultdict(float)
        for (h, c), part in stats.items():
            if half in (h, "both") and cls in (c, "all"):
                for k, v in part.items():
                    s[k] += v
        n = s["queries"] or 1
        out.setdefault(half, {})[cls] = {"queries": int(s["queries"]), "recall": s["recall"] / n,
                    "top1": s["top1"] / n, "noisy": s["noisy"] / n, "others": s["others"] / n,
                    "base_recall": s["base_recall"] / n, "base_noisy": s["base_noisy"] / n}
    from sanctions_check.matching.config import ALGORITHM_VERSION

    return {"algorithm": ALGORITHM_VERSION, "halves": out, "missed": missed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3, help="aliases held out per entry")
    ap.add_argument("--baseline", type=Path, help="another checkout, measured alongside")
    ap.add_argument("--misses", type=int, default=0,
                    help="list this many misses of the tuning half (never the report half's)")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.json:
        print(json.dumps(measure(args.rounds, 0)))
        return
    sys.path.insert(0, str(REPO))
    got = measure(args.rounds, args.misses)
    base = None
    if args.baseline:
        env = {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}
        proc = subprocess.run([sys.executable, __file__, "--json", "--rounds", str(args.rounds)],
                              env=env, capture_output=True, text=True, check=True)  # fmt: skip
        base = json.loads(proc.stdout)
    print(f"held-out aliases of {LIST.name}, {args.rounds} per entry; algorithm "
          f"{got['algorithm']}" + (f" (baseline checkout: {base['algorithm']})" if base else ""))
    head = f"{'half / class':<24} {'queries':>7}  {'recall':>6} {'top-1':>6} {'noisy':>6} {'others':>6}"
    head += "  rapidfuzz recall / noisy" + ("  | baseline recall / noisy" if base else "")
    print(head)
    for half, cls in [(h, c) for h in (*HALVES, "both") for c in (*CLASSES, "all")]:
        c = got["halves"][half][cls]
        line = (f"{half + ' / ' + cls:<24} {c['queries']:>7}  {c['recall']:>6.3f} {c['top1']:>6.3f} "
                f"{c['noisy']:>6.3f} {c['others']:>6.2f}  "
                f"{c['base_recall']:>16.3f} / {c['base_noisy']:.3f}")  # fmt: skip
        if base:
            b = base["halves"][half][cls]
            line += f"  | {b['recall']:>15.3f} / {b['noisy']:.3f}"
        print(line)
    if got["missed"]:
        print("tuning-half misses (first ones; 'best': the entry's best score through its other names):")
        print("\n".join(got["missed"]))


if __name__ == "__main__":
    main()
