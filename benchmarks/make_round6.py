"""Builds ``benchmarks/data/round6.csv``: the class of the held-out aliases' misses that round 6
of issue 18 (algorithm 1.9) works on -- a person's name given with more names than the list
records -- as queries made by rule from real entries of the 2024-09-26 UN list.

Same columns as ``matching_round2.csv`` (``query,kind,expected_refs,category,dob,nationality,
expect``; see :mod:`make_round2`).  The extra name is a name word of another listed person
(four letters or more, not a common name, not a particle).  Classes:

* ``c2_extra_middle``: a listed person's name of two names or more (not Korean, not opening
  with a kunya) with the extra name after its given name ("Martin Nadingar Koumtamadji" for
  MARTIN KOUMTAMADJI) (hit);
* ``c2_extra_last``: the same with the extra name at the end ("Bakht Gul Bahar" for BAKHT
  GUL) (hit);
* ``neg_c2_extra_korean``: a listed Korean name (every word a Korean syllable) with another
  syllable of the list inserted after the family name: another given name, another person
  (none);
* ``neg_c2_extra_kunya``: a listed "Abu X" / "Umm X" name with an extra name after "Abu": the
  father of someone else (none);
* ``neg_c2_extra_first``: a listed name with its given name replaced by an extra name and
  another extra name at the end: a brother or cousin with a longer name (none).

A negative is kept when it hits no *other* entry (it measures whether the rule lets the
entry it was made from through, not whether the list holds somebody else of that name).
The rows were written during round 6, with the rule they measure: they are tuned on;
``benchmarks/alias_holdout.py``'s report half is the untuned check.  A fixed seed makes
reruns give the same file.

    PYTHONPATH=. python3 benchmarks/make_round6.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from make_round4 import LIST, write  # noqa: E402

from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402
from sanctions_check.names.lexicon import (  # noqa: E402
    canonical_token,
    common_names,
    is_korean_name,
    is_korean_syllable,
    kunya_words,
    stopwords,
)
from sanctions_check.names.normalise import normalise_name  # noqa: E402

OUT = REPO / "benchmarks" / "data" / "round6.csv"
PER_CLASS = 20


def name_material(lst, rng: random.Random) -> tuple[list, dict[str, list[str]], list[str],
                                                   list[str]]:
    """The listed persons (shuffled by ``rng``), their primary names' tokens by reference
    number, the pool of extra names (name words of four letters or more, not a common name,
    a particle or a Korean syllable) and the Korean syllables of the list's Korean names."""
    sw, common = stopwords(), common_names()
    persons = [e for e in lst.entries if e.kind == "person"]
    rng.shuffle(persons)
    names = {e.reference_number: list(normalise_name(e.primary_name, "person").tokens)
             for e in persons}
    pool = sorted({t for ts in names.values() for t in ts
                   if len(t) >= 4 and t.isascii() and t.isalpha() and t not in sw
                   and canonical_token(t) not in common and not is_korean_syllable(t)})
    syllables = sorted({t for ts in names.values() if is_korean_name(tuple(ts)) for t in ts})
    return persons, names, pool, syllables


def _rows(lst, rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    matcher = Matcher.from_list(lst)
    sw, kunya = stopwords(), kunya_words()

    def add(tokens: list[str], ref: str, category: str, expect: str = "hit") -> None:
        query = " ".join(t.title() for t in tokens)
        if expect == "none" and any(h.reference_number != ref
                                    for h in matcher.match(query, kind="person")):
            return  # somebody else of that name is listed: no look-alike of this entry
        rows.append({"query": query, "kind": "person",
                     "expected_refs": ref if expect == "hit" else "", "category": category,
                     "dob": "", "nationality": "", "expect": expect})

    persons, names, pool, syllables = name_material(lst, rng)

    def extra(tokens: list[str]) -> str:
        return rng.choice([t for t in pool if t not in tokens])

    counts: dict[str, int] = {}

    def room(category: str) -> bool:
        return counts.get(category, 0) < PER_CLASS

    for e in persons:
        ref, tokens = e.reference_number, names[e.reference_number]
        plain = [t for t in tokens if t not in sw and len(t) > 1]
        if len(plain) < 2 or len(tokens) > 5 or not all(t.isascii() for t in tokens):
            continue
        if is_korean_name(tuple(tokens)):
            if room("neg_c2_extra_korean"):
                other = rng.choice([s for s in syllables if s not in tokens])
                add([tokens[0], other, *tokens[1:]], ref, "neg_c2_extra_korean", "none")
                counts["neg_c2_extra_korean"] = counts.get("neg_c2_extra_korean", 0) + 1
            continue
        if tokens[0] in kunya:
            if room("neg_c2_extra_kunya"):
                add([tokens[0], extra(tokens), *tokens[1:]], ref, "neg_c2_extra_kunya", "none")
                counts["neg_c2_extra_kunya"] = counts.get("neg_c2_extra_kunya", 0) + 1
            continue
        for category in ("c2_extra_middle", "c2_extra_last", "neg_c2_extra_first"):
            if not room(category):
                continue
            if category == "c2_extra_middle":
                add([tokens[0], extra(tokens), *tokens[1:]], ref, category)
            elif category == "c2_extra_last":
                add([*tokens, extra(tokens)], ref, category)
            else:
                add([extra(tokens), *tokens[1:], extra(tokens)], ref, category, "none")
            counts[category] = counts.get(category, 0) + 1
            break
    return rows


def main() -> int:
    write(OUT, _rows(parse_list(LIST), random.Random(18_6)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
