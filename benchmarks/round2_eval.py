"""Per-class evaluation of matching round 2 (issue 18), printed by ``benchmarks/quality.py``.

Labelled sets of names from the 2024-09-26 list (``matching_round2.csv`` and ``pairs.csv``
built by ``benchmarks/make_round2.py``, ``press_spellings.csv`` written by hand):

* ``benchmarks/data/matching_round2.csv``: per class, ``hit`` rows give recall (every
  expected ref among the hits at the default threshold), ``none`` rows the false-positive
  rate (any hit), ``not_strong`` rows the over-scoring rate (any "strong" hit).
* ``benchmarks/data/press_spellings.csv``: the same columns, for spellings of listed names
  as the press writes them (class by class: theophoric compounds, dropped parts, other
  romanisations, South Korean spellings, organisations) and unlisted people in the news;
* ``benchmarks/data/round4.csv`` (``benchmarks/make_round4.py``): the same columns, for the
  classes round 4 worked on (syllable typos with the date of birth, bound heads with a
  letter dropped, moved hyphens, initials, French ch, another father after "bin");
* ``benchmarks/data/round5.csv`` (``benchmarks/make_round5.py``): the same columns, for the
  classes round 5 worked on (Korean syllables voiced or not, Somali spellings);
* ``benchmarks/data/round6.csv`` (``benchmarks/make_round6.py``): the same columns, for the
  class round 6 worked on (a person's name with more names than the list records) and its
  look-alikes (Korean, kunya, another given name);
* ``benchmarks/data/round7_persons.csv`` (``benchmarks/make_round7_persons.py``): the same
  columns, for the person classes round 7 worked on (the Arabic diphthong written ai / ei, a
  Korean syllable more, another kunya) and their guards;
* ``benchmarks/data/round7_orgs.csv`` (``benchmarks/make_round7_orgs.py``): the same columns,
  for the organisation classes round 7 worked on (legal forms written with letters apart,
  generic words dropped or added, "No." before a series number, Korean place names written
  syllable by syllable) and their look-alikes (another legal form, a place abroad, another
  number, another syllable);
* ``benchmarks/data/round8_persons.csv`` (``benchmarks/make_round8_persons.py``): the same
  columns, for the person class round 8 worked on (names in Arabic script typed with the
  other form of a letter: ى for a final ی, ا for آ, ض / ظ / ذ one for another) and their
  look-alikes (a word of another listed person's name);
* ``benchmarks/data/round8_orgs.csv`` (``benchmarks/make_round8_orgs.py``): the same columns,
  for the organisation class round 8 worked on (a listed name with the words of a parent or
  a fuller name before it) and its look-alikes (words after it naming something of it);
* ``benchmarks/data/round9_orgs.csv`` (``benchmarks/make_round9_orgs.py``): the same columns,
  for the organisation noise round 9 worked on (a listed name with two words after it that
  name another body) and the longer names that still name the listed body (a phrase opened
  by "of", what a name without a head is);
* ``benchmarks/data/round12_press.csv``: the same columns as ``press_spellings.csv``, a second
  hand-written set of press spellings (dropped parts, romanisations, South Korean spellings of
  the list's Korean names, nicknames in quotes, organisations' short forms) and unlisted
  people in the news, written before any run: the untuned check of that class;
* ``benchmarks/data/round13_spelling.csv``: the same columns and a ``split`` column, real-world
  spellings of listed names written by hand in round 13 before any run (Turkish, Somali,
  Indonesian, French and German orthographies, kunyas and bound forms joined or split,
  Caucasus names written from Russian, dropped parts) and look-alike unlisted people; each
  class's rows alternate ``tune`` / ``report`` in file order, fixed when the file was
  written: rules may be designed on the ``tune`` rows only, both halves are printed;
* ``benchmarks/data/pairs.csv``: ``compare`` at the default threshold on labelled pairs:
  precision, recall and F1, overall and per class.
* ``benchmarks/data/round10_pairs.csv`` (``benchmarks/make_round10_pairs.py``): the same, for
  cross-script pairs (Cyrillic, Arabic script, Hangul, Han, Greek, Hebrew, Georgian,
  Armenian), split by a stable hash of the pair (:func:`round10_half`) into the tuning half
  round 10 designed its rules on and the report half it did not look at; both are printed.

Each is printed side by side with the plain rapidfuzz baseline of the issue
(``token_sort_ratio`` >= 85 with rapidfuzz's default processor; "strong" for it is >= 95).
"""

from __future__ import annotations

import csv
import zlib
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from sanctions_check.errors import UnusableNameError
from sanctions_check.matching.compare import compare_names
from sanctions_check.matching.matcher import Matcher

REPO = Path(__file__).resolve().parents[1]
ROWS = REPO / "benchmarks" / "data" / "matching_round2.csv"
PRESS = REPO / "benchmarks" / "data" / "press_spellings.csv"
ROUND4 = REPO / "benchmarks" / "data" / "round4.csv"
ROUND5 = REPO / "benchmarks" / "data" / "round5.csv"
ROUND6 = REPO / "benchmarks" / "data" / "round6.csv"
ROUND7_PERSONS = REPO / "benchmarks" / "data" / "round7_persons.csv"
ROUND7_ORGS = REPO / "benchmarks" / "data" / "round7_orgs.csv"
ROUND8_PERSONS = REPO / "benchmarks" / "data" / "round8_persons.csv"
ROUND8_ORGS = REPO / "benchmarks" / "data" / "round8_orgs.csv"
ROUND9_ORGS = REPO / "benchmarks" / "data" / "round9_orgs.csv"
PAIRS = REPO / "benchmarks" / "data" / "pairs.csv"
ROUND10_PAIRS = REPO / "benchmarks" / "data" / "round10_pairs.csv"
ROUND12_PRESS = REPO / "benchmarks" / "data" / "round12_press.csv"
ROUND13_SPELLING = REPO / "benchmarks" / "data" / "round13_spelling.csv"
BASE_THRESHOLD = 85.0
BASE_STRONG = 95.0


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _matcher_bands(matcher: Matcher, row: dict[str, str]) -> dict[str, str]:
    """ref -> band of every hit at or above the threshold."""
    try:
        hits = matcher.match(
            row["query"], kind=row["kind"] or None, dob=row.get("dob") or None,
            nationality=row.get("nationality") or None, limit=None,
        )
    except UnusableNameError:
        return {}
    return {h.reference_number: h.band for h in hits}


def _baseline_bands(names: list[str], refs: list[tuple[str, str]], row) -> dict[str, str]:
    found = process.extract(
        row["query"], names, scorer=fuzz.token_sort_ratio, processor=utils.default_process,
        score_cutoff=BASE_THRESHOLD, limit=None,
    )
    out: dict[str, str] = {}
    for _, score, idx in found:
        ref, kind = refs[idx]
        if row["kind"] and kind != row["kind"]:
            continue
        band = "strong" if score >= BASE_STRONG else "possible"
        if out.get(ref) != "strong":
            out[ref] = band
    return out


def _success(row: dict[str, str], bands: dict[str, str]) -> bool:
    """Whether the row counts as a success (hit rows) or a failure (none/not_strong rows)."""
    expect = row.get("expect") or ("hit" if row["expected_refs"] else "none")
    if expect == "hit":
        return all(r in bands for r in row["expected_refs"].split(";"))
    if expect == "none":
        return bool(bands)
    return "strong" in bands.values()


def list_names(lst) -> tuple[list[str], list[tuple[str, str]]]:
    """Every name of the list and its entry's (reference number, kind): the baseline's pool."""
    names, refs = [], []
    for e in lst.entries:
        for n in e.names():
            names.append(n.text)
            refs.append((e.reference_number, e.kind))
    return names, refs


def class_table(
    matcher: Matcher, lst, path: Path = ROWS, split: str | None = None,
) -> tuple[list[dict[str, str]], dict, dict]:
    """The set's rows (those of ``split`` only, when given) and per (class, expect) the
    [rows, successes] of the matcher and of the baseline."""
    rows = [r for r in _read(path) if split is None or r.get("split") == split]
    names, refs = list_names(lst)
    ours: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    base: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        key = (row["category"], row.get("expect") or "hit")
        for table, bands in ((ours, _matcher_bands(matcher, row)),
                             (base, _baseline_bands(names, refs, row))):
            table[key][0] += 1
            table[key][1] += _success(row, bands)
    return rows, ours, base


def round10_half(row: dict[str, str]) -> str:
    """"tuning" or "report": a stable hash of the pair, fixed before round 10's rules."""
    key = f"{row['left']}|{row['right']}".encode()
    return "tuning" if zlib.crc32(key) % 2 == 0 else "report"


def pairs_table(path: Path = PAIRS, half: str | None = None) -> tuple[int, dict, dict]:
    """class -> [tp, fp, fn, tn] for compare (list-independent weights) and the baseline."""
    ours: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    base: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    rows = [r for r in _read(path) if half is None or round10_half(r) == half]
    for row in rows:
        same = row["same"] == "1"
        try:
            ok = compare_names(row["left"], row["right"], row["kind"] or None).match
        except UnusableNameError:
            ok = False
        b = fuzz.token_sort_ratio(row["left"], row["right"], processor=utils.default_process)
        for table, pred in ((ours, ok), (base, b >= BASE_THRESHOLD)):
            for cls in (row["class"], "ALL"):
                cell = table[cls]
                cell[0 if pred and same else 1 if pred else 2 if same else 3] += 1
    return len(rows), ours, base


def _f1(c: list[int]) -> tuple[float, float, float]:
    tp, fp, fn, _ = c
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


HALF = "alias_holdout.py's report half is the untuned check"


def _made(round_no: int, script: str, untuned: str = "", rules: str = "rules") -> str:
    """The note of a set made by rule from list entries, with the rules it measures."""
    note = (f"made by rule from list entries during round {round_no} ({script}), with the "
            f"{rules} they measure: tuned on")
    return f"{note}; {untuned}" if untuned else note


def report(matcher: Matcher, lst) -> None:
    _class_report(matcher, lst, ROWS, "round 2 classes", "written before tuning")
    _class_report(matcher, lst, PRESS, "press spellings",
                  "real-world spellings of listed names, written during round 3; the "
                  "unlisted rows include the four news false positives the round-3 rules "
                  "were found on")
    _class_report(matcher, lst, ROUND4, "round 4 classes", _made(4, "make_round4.py"))
    _class_report(matcher, lst, ROUND5, "round 5 classes",
                  _made(5, "make_round5.py", "alias_holdout.py is the untuned check"))
    _class_report(matcher, lst, ROUND6, "round 6 classes", _made(6, "make_round6.py", HALF, "rule"))
    _class_report(matcher, lst, ROUND7_PERSONS, "round 7 person classes",
                  _made(7, "make_round7_persons.py", HALF))
    _class_report(matcher, lst, ROUND7_ORGS, "round 7 organisation classes",
                  _made(7, "make_round7_orgs.py", HALF))
    _class_report(matcher, lst, ROUND8_PERSONS, "round 8 person classes",
                  _made(8, "make_round8_persons.py", HALF))
    _class_report(matcher, lst, ROUND8_ORGS, "round 8 organisation classes",
                  _made(8, "make_round8_orgs.py", HALF, "rule"))
    _class_report(matcher, lst, ROUND9_ORGS, "round 9 organisation classes",
                  _made(9, "make_round9_orgs.py", HALF, "rule"))
    _class_report(matcher, lst, ROUND12_PRESS, "round 12 press spellings",
                  "real-world spellings of listed names and unlisted people in the news, "
                  "written by hand in round 12 before any run: untuned, except the row "
                  "'Ahmed al-Sharaa', whose miss added his name to lists/known_as.csv")
    for split, note in (("tune", "the rules of round 13 were designed on it: tuned on"),
                        ("report", "never looked at while designing: untuned")):
        _class_report(matcher, lst, ROUND13_SPELLING, f"round 13 spellings, {split} half",
                      "real-world spellings of listed names and look-alike unlisted people, "
                      f"written by hand in round 13 before any run; {note}", split)
    _pairs_report()
    for half in ("tuning", "report"):
        _pairs_report(ROUND10_PAIRS, half)


def _class_report(
    matcher: Matcher, lst, path: Path, title: str, note: str, split: str | None = None,
) -> None:
    rows, ours, base = class_table(matcher, lst, path, split)
    print(f"\n{title}: {path.relative_to(REPO)} ({len(rows)} rows, {note}; "
          f"baseline token_sort_ratio >= {BASE_THRESHOLD:.0f}, strong >= {BASE_STRONG:.0f})")
    width = max([20] + [len(k[0]) + 2 for k in ours])  # a long class name keeps its column
    head = f"{'class':<{width}}{'expect':<11}{'rows':>5}  {'matcher':>7}  {'baseline':>8}   metric"
    print(head)
    print("-" * len(head))
    metric = {"hit": "recall", "none": "FP rate", "not_strong": "strong rate"}
    for key in sorted(ours, key=lambda k: (k[0].removeprefix("neg_"), k[1])):
        n = ours[key][0]
        print(f"{key[0]:<{width}}{key[1]:<11}{n:>5}  {ours[key][1] / n:>7.3f}  "
              f"{base[key][1] / n:>8.3f}   {metric[key[1]]}")
    print("-" * len(head))
    for expect in ("hit", "none", "not_strong"):
        n = sum(v[0] for k, v in ours.items() if k[1] == expect)
        a = sum(v[1] for k, v in ours.items() if k[1] == expect)
        b = sum(v[1] for k, v in base.items() if k[1] == expect)
        print(f"{'ALL':<{width}}{expect:<11}{n:>5}  {a / max(1, n):>7.3f}  {b / max(1, n):>8.3f}   "
              f"{metric[expect]}")


def _pairs_report(path: Path = PAIRS, half: str | None = None) -> None:
    n, pours, pbase = pairs_table(path, half)
    note = ""
    if half is not None:
        note = (f", {half} half: "
                + ("the rules of round 10 were designed on it" if half == "tuning"
                   else "untuned, never looked at while designing"))
    print(f"\npairs: {path.relative_to(REPO)} ({n} pairs{note}): compare at the default threshold "
          f"vs token_sort_ratio >= {BASE_THRESHOLD:.0f}: pairs judged right per class, "
          "then precision / recall / F1")
    for cls in sorted(pours, key=lambda c: (c == "ALL", c)):
        a, b = pours[cls], pbase[cls]
        size = sum(a)
        print(f"  {cls:<22}{size:>4}  compare {(a[0] + a[3]) / size:.3f}   "
              f"baseline {(b[0] + b[3]) / size:.3f}")
    a, b = _f1(pours["ALL"]), _f1(pbase["ALL"])
    print(f"  {'ALL: P / R / F1':<26}compare {a[0]:.3f} / {a[1]:.3f} / {a[2]:.3f}   "
          f"baseline {b[0]:.3f} / {b[1]:.3f} / {b[2]:.3f}")
