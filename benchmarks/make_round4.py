"""Builds ``benchmarks/data/round4.csv``: the failure classes left after round 3 of issue 18
(algorithm 1.6), as queries made by rule from real entries of the 2024-09-26 UN list.

Same columns as ``matching_round2.csv`` (``query,kind,expected_refs,category,dob,nationality,
expect``; see :mod:`make_round2`).  Classes:

* ``c7_typo_dob``: a listed Korean name with one letter of a syllable replaced so that it is
  another syllable (another name on the name alone), queried with the entry's exact date of birth and nationality (hit);
  ``neg_c7_typo_dob``: the same name alone, and with the date one day off (none);
* ``c1_theophoric``: "Abdul X" / "Abdel X" with a letter dropped from the head (hit);
* ``c6_syllable``: a hyphenated Korean given name with the hyphen moved by one letter (hit);
* ``c9_romanisation``: the initial of the given name and the family name of a listed person
  whose family name is not a common name (hit: "possible"); French ch for an Arabic sh
  inside a name (hit);
* ``neg_c5_order``: "X bin Y" for a listed "X W Y" (Y a later name, W the father's name):
  none.

The rows were written during round 4, with the rules they measure: they are tuned on;
``names.csv``, ``matching_round2.csv`` and ``press_spellings.csv`` are the checks.  A fixed
seed makes reruns give the same file.

    PYTHONPATH=. python3 benchmarks/make_round4.py
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402
from sanctions_check.names.lexicon import (  # noqa: E402
    canonical_token,
    common_names,
    is_korean_syllable,
    stopwords,
)
from sanctions_check.names.normalise import normalise_name  # noqa: E402
from sanctions_check.scoring.features import token_similarity  # noqa: E402

LIST = REPO / "lists" / "un-consolidated-2024-09-26.xml"
OUT = REPO / "benchmarks" / "data" / "round4.csv"
FIELDS = ["query", "kind", "expected_refs", "category", "dob", "nationality", "expect"]
PER_CLASS = 20


def _rows(lst, rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []

    def add(query, ref, category, expect="hit", dob="", nationality=""):
        rows.append({"query": query, "kind": "person", "expected_refs": ref if expect == "hit"
                     else "", "category": category, "dob": dob, "nationality": nationality,
                     "expect": expect})

    persons = [e for e in lst.entries if e.kind == "person"]
    korean = [e for e in persons if e.reference_number.startswith("KPi")]
    # c7: one syllable made another by its first consonant; with / without the exact date
    done = 0
    for e in korean:
        full = [d.date for d in e.dates_of_birth if d.date]
        words = e.primary_name.split()
        if not full or len(words) != 3 or not e.nationalities or done >= PER_CLASS:
            continue
        at = rng.randrange(1, 3)
        word = words[at].lower()
        if "-" in word or len(word) < 3 or not is_korean_syllable(word):
            continue
        # one letter replaced, making another syllable that is another name on the name
        # alone (not a spelling of the same one: "kyong" / "gyong")
        other = sorted({word[:i] + ch + word[i + 1:] for i in range(len(word))
                        for ch in "abcdeghijklmnoprstuwy"} - {word})
        other = [w for w in other if is_korean_syllable(w) and token_similarity(w, word)[0] < 0.7]
        if not other:
            continue
        typo = rng.choice(other)
        query = " ".join(w.title() if i != at else typo.title() for i, w in enumerate(words))
        dob = full[0].isoformat()
        add(query, e.reference_number, "c7_typo_dob", dob=dob, nationality=e.nationalities[0])
        add(query, e.reference_number, "neg_c7_typo_dob", "none")
        off = (full[0] + dt.timedelta(days=1)).isoformat()
        add(query, e.reference_number, "neg_c7_typo_dob", "none", dob=off,
            nationality=e.nationalities[0])
        done += 1
    # c1: a letter dropped from the head of "Abdul X" / "Abdel X"
    done = 0
    for e in persons:
        for n in e.names():
            m = re.match(r"(?i)^(abdul|abdel) ([a-z]{3,}(?: [a-z'-]+)+)$", n.text)
            if m is None or done >= PER_CLASS:
                continue
            head = m.group(1).lower()
            slip = rng.choice(["adul", "bdul", "abdl"] if head == "abdul" else ["bdel", "abdl"])
            add(f"{slip.title()} {m.group(2)}", e.reference_number, "c1_theophoric")
            done += 1
            break
    # c6: the hyphen of a Korean given name moved by one letter
    done = 0
    for e in korean:
        m = re.match(r"^([A-Za-z]+) ([A-Za-z]+)-([A-Za-z]+)$", e.primary_name)
        if m is None or done >= PER_CLASS:
            continue
        a, b = m.group(2), m.group(3)
        moved = f"{a}{b[0]}-{b[1:]}" if rng.random() < 0.5 else f"{a[:-1]}-{a[-1]}{b}"
        if min(len(p) for p in moved.split("-")) < 2:
            continue  # a letter alone would be an initial
        add(f"{m.group(1)} {moved}", e.reference_number, "c6_syllable")
        done += 1
    # c9: initial + family name (not a common name), and French ch for Arabic sh
    done = 0
    common, sw = common_names(), stopwords()
    for e in persons:
        tokens = normalise_name(e.primary_name).tokens
        words = [t for t in tokens if t not in sw and len(t) > 1]
        if len(words) < 2 or done >= PER_CLASS or e.reference_number.startswith("KPi"):
            continue
        family = words[-1]  # a plain word of the name (not part of a compound)
        if (canonical_token(family) in common or len(family) < 5 or not family.isalpha()
                or family.lower() not in e.primary_name.lower().split()):
            continue
        add(f"{words[0][0].upper()}. {family.title()}", e.reference_number, "c9_romanisation")
        done += 1
    done = 0
    for e in persons:
        for n in e.names():
            words = n.text.split()
            at = [i for i, w in enumerate(words) if re.search(r"(?i)[a-z]sh", w)]
            if not at or done >= PER_CLASS or len(words) < 2:
                continue
            i = at[0]
            w = words[i]
            words[i] = w[0] + re.sub("(?i)(s)(h)", lambda m: ("c" if m.group(1) == "s" else "C")
                                     + m.group(2), w[1:], count=1)
            add(" ".join(words), e.reference_number, "c9_romanisation")
            done += 1
            break
    # neg_c5: "X bin Y" for a listed X W Y (W the father's name: another father)
    done = 0
    for e in persons:
        words = e.primary_name.split()
        if (len(words) != 3 or done >= PER_CLASS or e.reference_number.startswith("KPi")
                or normalise_name(e.primary_name).tokens != tuple(w.lower() for w in words)):
            continue  # three plain names (no particle, no compound such as "Abdul X")
        add(f"{words[0].title()} bin {words[2].title()}", e.reference_number, "neg_c5_order",
            "none")
        done += 1
    return rows


def write(path: Path, rows: list[dict[str, str]]) -> None:
    """Write labelled rows (``FIELDS``) to ``path`` and say how many."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, FIELDS, lineterminator="\n")
        out.writeheader()
        out.writerows(rows)
    print(f"{path.relative_to(REPO)}: {len(rows)} rows")


class LabelledRows:
    """Labelled rows (``FIELDS``) of one kind made by rule: at most ``PER_CLASS`` a class, one
    per entry and class, no query twice; a look-alike (expect other than ``hit``) is kept only
    when it hits no other entry (somebody else of that name is listed: no look-alike of this
    entry).  Used by the round 7 and round 8 makers."""

    def __init__(self, matcher: Matcher, kind: str) -> None:
        self.matcher = matcher
        self.kind = kind
        self.rows: list[dict[str, str]] = []
        self.counts: dict[str, int] = {}
        self.done: set[tuple[str, str]] = set()
        self.queries: set[str] = set()

    def add(self, query: str, ref: str, category: str, expect: str = "hit") -> None:
        if (self.counts.get(category, 0) >= PER_CLASS or (ref, category) in self.done
                or query in self.queries):
            return
        if expect != "hit" and any(h.reference_number != ref
                                   for h in self.matcher.match(query, kind=self.kind)):
            return
        self.counts[category] = self.counts.get(category, 0) + 1
        self.done.add((ref, category))
        self.queries.add(query)
        self.rows.append({"query": query, "kind": self.kind,
                          "expected_refs": ref if expect == "hit" else "",
                          "category": category, "dob": "", "nationality": "", "expect": expect})


def main() -> int:
    write(OUT, _rows(parse_list(LIST), random.Random(18_4)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
