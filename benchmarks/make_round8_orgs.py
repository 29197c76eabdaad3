"""Builds ``benchmarks/data/round8_orgs.csv``: the organisation classes of the held-out aliases'
misses that round 8 of issue 18 (algorithm 1.14) works on -- a listed organisation's whole
name with the words of a parent or a fuller name before it ("Tehrik-e Taliban Pakistan
Jamaat ul Ahrar" for JAMAAT-UL-AHRAR) -- with look-alikes that name something of the listed
organisation (words after its name: "Ministry of Defense Logistics Export" is not the
ministry), all made by rule from real organisation entries of the 2024-09-26 UN list
(primary names and aliases in Latin letters).

Same columns as ``matching_round2.csv`` (``query,kind,expected_refs,category,dob,nationality,
expect``; see :mod:`make_round2`).  Classes:

* ``c3_words_before``: a name of two content words or more (not particles or generic words,
  no country word) with three words of a parent body or unit before it ("Supreme Military
  Council ABDALLAH AZZAM BRIGADES") (hit);
* ``neg_c3_words_after``: the same name with two words after it that name something of the
  organisation ("ABDALLAH AZZAM BRIGADES Veterans Association"): another entity, below the
  threshold (none).

One row per entry and class, 20 a class (``make_round4.LabelledRows``).  The words added hit
no entry on their own, and a look-alike is kept only when it hits no other entry (it
measures the rule on the entry it was made from).  The rows were written
during round 8, with the rule they measure: they are tuned on; ``benchmarks/alias_holdout.py``'s
report half is the untuned check.  A fixed seed makes reruns give the same file.

    PYTHONPATH=. python3 benchmarks/make_round8_orgs.py
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

from sanctions_check.lists.entries import Entry  # noqa: E402
from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402
from sanctions_check.names.countries import is_country_word  # noqa: E402
from sanctions_check.names.lexicon import legal_forms, stopwords  # noqa: E402
from sanctions_check.names.normalise import normalise_name  # noqa: E402

OUT = REPO / "benchmarks" / "data" / "round8_orgs.csv"
# a parent body or unit named before the organisation (three words each)
BEFORE = ("Supreme Military Council", "Foreign Operations Wing", "Central Military Commission",
          "Special Operations Command", "Northern Sector Command")
# something of the organisation named after it (two words each)
AFTER = ("Veterans Association", "Logistics Export", "Employees Union", "Pension Fund",
         "Training Academy")
WORD = re.compile(r"[A-Za-z]+")


def latin_names(entry: Entry, rng: random.Random, brackets: bool = True) -> list[str]:
    """An entry's names in Latin letters (with ``brackets=False``, none holding a bracket),
    shuffled."""
    names = [n.text for n in entry.names() if n.text.isascii() and WORD.search(n.text)
             and (brackets or "(" not in n.text)]
    rng.shuffle(names)
    return names


def qualifying_tokens(text: str) -> tuple[str, ...] | None:
    """An organisation name's tokens when it has two content words or more (not particles,
    legal forms, generic words, digits or single letters) and no country word, else None."""
    weak = stopwords() | legal_forms()
    toks = normalise_name(text, "org").tokens
    content = [t for t in toks if t not in weak and len(t) > 1 and not t.isdigit()]
    if len(content) < 2 or any(is_country_word(t) for t in toks):
        return None
    return toks


def _rows(lst, rng: random.Random) -> list[dict[str, str]]:
    matcher = Matcher.from_list(lst)
    out = LabelledRows(matcher, "org")
    for words in (*BEFORE, *AFTER):  # the added words name no listed organisation
        assert not matcher.match(words, kind="org"), words
    orgs = [e for e in lst.entries if e.kind == "org"]
    rng.shuffle(orgs)
    for e in orgs:
        ref = e.reference_number
        for text in latin_names(e, rng):
            if qualifying_tokens(text) is None:
                continue
            out.add(f"{rng.choice(BEFORE)} {text}", ref, "c3_words_before")
            out.add(f"{text} {rng.choice(AFTER)}", ref, "neg_c3_words_after", "none")
            break
    return out.rows


def main() -> int:
    write(OUT, _rows(parse_list(LIST), random.Random(18_8)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
