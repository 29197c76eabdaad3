"""Builds ``benchmarks/data/round7_persons.csv``: the person-name classes round 7 of issue 18
(algorithm 1.10) works on, as queries made by rule from real entries of the 2024-09-26 UN
list.

Same columns as ``matching_round2.csv`` (``query,kind,expected_refs,category,dob,nationality,
expect``; see :mod:`make_round2`).  Classes:

* ``c9_diphthong``: a listed person's name (not Korean) shortened to two names, one of them a
  word of five letters or more whose Arabic diphthong "ay", written ai / ay inside it, is
  respelled ei / ey, or the other way round ("Haji Kheirullah" for the alias HAJI KHAIRULLAH
  of TAi.163, held out of the tuning half: 78.0; "Ghazi Al Ubeidi" for GHAZI HAMMUD
  AL-UBAIDI) (hit);
* ``neg_c9_diphthong``: the same respelled word with the name's other words replaced by names
  of other listed persons: the diphthong alone must not carry a hit (none);
* ``neg_c2_korean_end``: a listed Korean name of three syllables (a family name and two
  given-name syllables, a Korean name in full) with another syllable of the list after it:
  another given name, another person (none; round 6's ``neg_c2_extra_korean`` inserts it
  after the family name);
* ``c2_korean_joined``: the same names with their two given-name syllables written as one
  word or hyphenated ("Pak Yongsik", "Pak Yong-Sik"): no syllable more, still the person (hit);
* ``neg_c2_kunya_other``: a listed "Abu X Y" name with another listed name before X, its
  kunya word respelled (Abu / Abou): the father of someone else (none; round 6's
  ``neg_c2_extra_kunya`` keeps the kunya word as listed);
* ``c2_kunya_extra_last``: a listed "Abu X Y" name with an extra name at its end: the kunya
  agrees, a name the list does not record (hit).

The extra names are name words of other listed persons (four letters or more, not a common
name, not a particle).  A negative is kept when it hits no *other* entry (it measures whether
a rule lets the entry it was made from through, not whether the list holds somebody else of
that name).  The rows were written during round 7, with the rules they measure: they are
tuned on; ``benchmarks/alias_holdout.py``'s report half is the untuned check.  A fixed seed
makes reruns give the same file.

    PYTHONPATH=. python3 benchmarks/make_round7_persons.py
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from make_round4 import LIST, write  # noqa: E402
from make_round6 import name_material  # noqa: E402

from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402
from sanctions_check.names.lexicon import is_korean_name, kunya_words, stopwords  # noqa: E402

OUT = REPO / "benchmarks" / "data" / "round7_persons.csv"
PER_CLASS = 20
_DIPHTHONG = re.compile(r"(?<=.)(ai|ay|ei|ey)")
_OTHER = {"ai": "ei", "ay": "ey", "ei": "ai", "ey": "ay"}


def respelled(token: str) -> str | None:
    """The token with its first diphthong inside it written the other way (ai <-> ei, ay <->
    ey), or None when it has none or is shorter than five letters."""
    if len(token) < 5:
        return None
    m = _DIPHTHONG.search(token)
    if m is None:
        return None
    return token[: m.start()] + _OTHER[m.group()] + token[m.end():]


def _rows(lst, rng: random.Random) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    matcher = Matcher.from_list(lst)
    sw, kunya = stopwords(), kunya_words()
    counts: dict[str, int] = {}

    def room(category: str) -> bool:
        return counts.get(category, 0) < PER_CLASS

    def add(tokens: list[str], ref: str, category: str, expect: str = "hit",
            joiner: str = " ") -> None:
        query = joiner.join(t.title() for t in tokens).replace(" -", "-")
        if expect == "none" and any(h.reference_number != ref
                                    for h in matcher.match(query, kind="person")):
            return  # somebody else of that name is listed: no look-alike of this entry
        if any(r["query"] == query for r in rows):
            return
        rows.append({"query": query, "kind": "person",
                     "expected_refs": ref if expect == "hit" else "", "category": category,
                     "dob": "", "nationality": "", "expect": expect})
        counts[category] = counts.get(category, 0) + 1

    persons, names, pool, syllables = name_material(lst, rng)

    def extra(tokens: list[str]) -> str:
        return rng.choice([t for t in pool if t not in tokens])

    for e in persons:
        ref, tokens = e.reference_number, names[e.reference_number]
        plain = [t for t in tokens if t not in sw and len(t) > 1]
        if len(plain) < 2 or len(tokens) > 5 or not all(t.isascii() for t in tokens):
            continue
        if is_korean_name(tuple(tokens)):
            if len(tokens) != 3:
                continue
            if room("neg_c2_korean_end"):
                other = rng.choice([s for s in syllables if s not in tokens])
                add([*tokens, other], ref, "neg_c2_korean_end", "none")
            if room("c2_korean_joined"):
                given = tokens[1] + (tokens[2] if rng.random() < 0.5 else "-" + tokens[2])
                add([tokens[0], given], ref, "c2_korean_joined")
            continue
        if tokens[0] in kunya and len(plain) >= 3:
            if room("neg_c2_kunya_other"):
                word = "abou" if tokens[0] == "abu" else "abu"
                add([word, extra(tokens), *tokens[1:]], ref, "neg_c2_kunya_other", "none")
            if room("c2_kunya_extra_last"):
                add([*tokens, extra(tokens)], ref, "c2_kunya_extra_last")
            continue
        spots = [(i, respelled(t)) for i, t in enumerate(tokens) if t not in sw]
        spots = [(i, r) for i, r in spots if r is not None]
        if not spots:
            continue
        i, word = spots[0]
        if room("c9_diphthong"):
            # the respelled word and one other name: the short form people write
            other = plain[-1] if tokens[i] != plain[-1] else plain[0]
            pair = [word, other] if tokens.index(other) > i else [other, word]
            add(pair, ref, "c9_diphthong")
        if room("neg_c9_diphthong"):
            others = [t if j == i or t in sw else extra(tokens) for j, t in enumerate(tokens)]
            others[i] = word
            add(others, ref, "neg_c9_diphthong", "none")
    return rows


def main() -> int:
    write(OUT, _rows(parse_list(LIST), random.Random(18_7)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
