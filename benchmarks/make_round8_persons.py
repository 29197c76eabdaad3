"""Builds ``benchmarks/data/round8_persons.csv``: the person-name classes round 8 of issue 18
(algorithm 1.12) works on, as queries made by rule from real entries of the 2024-09-26 UN
list: names in Arabic script typed with the other form of a letter, as Afghan, Pakistani and
Arab sources type them, against a list that records the name in Latin letters and in Arabic
script typed otherwise.

Same columns as ``matching_round2.csv`` (``query,kind,expected_refs,category,dob,nationality,
expect``; see :mod:`make_round2`).  Classes, each from a listed person's original-script name:

* ``c9_maqsura``: every word-final ی / ي typed as the alif maqsura ى ("حقانى" for حقانی, as
  TAi.073's and TAi.044's own names are typed: anyascii reads ى "a", the abjad comparison now
  a long a or i) (hit);
* ``c9_madda``: the alif madda آ typed as a plain alif ا, or the other way at a word's start
  ("اخوند" / "آخوند"; an alif is not written by anyascii, so neither is the madda now) (hit);
* ``c9_emphatic``: ض, ظ and ذ (all z in Persian, Pashto and Urdu) typed one for another
  ("فضل" / "فظل"; ض is read dh like the other two now, each z, th or d against Latin) (hit);
* ``neg_c9_*``: the same query with its longest word replaced by a word of another listed
  person's original-script name: the letter rule alone must not carry a hit (none).

Negatives are kept as :mod:`make_round6` keeps them (hitting no other entry).  Written
during round 8 with the rules they measure, the rows are tuned on (the untuned check:
``alias_holdout.py``'s report half); the seed is fixed.

    PYTHONPATH=. python3 benchmarks/make_round8_persons.py
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from make_round4 import LIST, LabelledRows, write  # noqa: E402

from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402

OUT = REPO / "benchmarks" / "data" / "round8_persons.csv"
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff]+")
_EMPHATIC = str.maketrans({"ض": "ظ", "ظ": "ض", "ذ": "ظ"})


def maqsura(text: str) -> str:
    """Every word-final ی / ي typed ى."""
    return re.sub(r"[یي](?![\u0600-\u06ff])", "ى", text)


def madda(text: str) -> str:
    """آ typed ا, and a word-initial ا typed آ when the text has no آ."""
    if "آ" in text:
        return text.replace("آ", "ا")
    return re.sub(r"(?<![\u0600-\u06ff])ا", "آ", text)


def emphatic(text: str) -> str:
    """ض, ظ and ذ typed one for another."""
    return text.translate(_EMPHATIC)


VARIANTS = (("c9_maqsura", maqsura), ("c9_madda", madda), ("c9_emphatic", emphatic))


def _rows(lst, rng: random.Random) -> list[dict[str, str]]:
    out = LabelledRows(Matcher.from_list(lst), "person")
    add = out.add
    persons = [e for e in lst.entries if e.kind == "person" and e.original_script
               and _ARABIC_WORD.search(e.original_script)]
    rng.shuffle(persons)
    pool = sorted({w for e in persons for w in _ARABIC_WORD.findall(e.original_script or "")
                   if len(w) >= 4})

    for e in persons:
        text = e.original_script or ""
        words = _ARABIC_WORD.findall(text)
        if len(words) < 2 or len(words) > 6:
            continue
        for category, variant in VARIANTS:
            query = variant(text)
            if query == text:
                continue
            add(query, e.reference_number, category)
            longest = max(_ARABIC_WORD.findall(query), key=len)
            other = rng.choice([w for w in pool if w not in words])
            add(query.replace(longest, other, 1), e.reference_number, "neg_" + category,
                "none")
    return out.rows


def main() -> int:
    write(OUT, _rows(parse_list(LIST), random.Random(18_8)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
