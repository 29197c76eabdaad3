"""Builds ``benchmarks/data/round9_orgs.csv``: the organisation noise that round 9 of issue 18
(algorithm 1.16) works on -- a listed organisation's whole name with words after it that
name another body ("KOREA DAESONG BANK Staff Union"), which 1.11's containment lifted to
"possible" -- beside the longer names that still name the listed body, all made by rule from
real organisation entries of the 2024-09-26 UN list (primary names and aliases in Latin
letters).

Same columns as ``matching_round2.csv`` (``query,kind,expected_refs,category,dob,nationality,
expect``; see :mod:`make_round2`).  A name qualifies with two content words or more (not
particles, legal forms or generic words, no country word, no brackets); it "has a head" when it holds a
word of ``org_heads.txt`` (bank, army, movement, jamaat...: it says what kind of body it is).
Classes:

* ``neg_c3_another_body``: a name with a head and two words of a body named after it
  ("ARMED ISLAMIC GROUP Trading Services", "... Staff Union"): another entity, below the
  threshold (none);
* ``c3_link_phrase``: a name with a head and a phrase opened by a link word naming a country
  the entry is tied to ("KOREA DAESONG BANK of North Korea", as the list's "Islamic Jihad
  Group of Uzbekistan"): the listed body (hit);
* ``c3_headless_kind``: a name without a head and two words saying what kind of body it is
  ("... Charity Foundation", as the list's "Al Haramain Al Masjed Al Aqsa" / "... CHARITY
  FOUNDATION"): the listed body (hit);
* ``neg_c3_headless_body``: a name without a head and two words of a body named after it
  ("... Staff Union"): another entity (none); 1.16 leaves these as they were (a name without
  a head may be followed by what it is), so this class measures what is left.

One row per entry and class, 20 a class (``make_round4.LabelledRows``).  The words added hit
no entry on their own, and a look-alike is kept only when it hits no other entry (it
measures the rule on the entry it was made from).  The rows were written during round 9,
with the rule they measure: they are tuned on; ``benchmarks/alias_holdout.py``'s report half
is the untuned check.  A fixed seed makes reruns give the same file.

    PYTHONPATH=. python3 benchmarks/make_round9_orgs.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from make_round4 import LIST, LabelledRows, write  # noqa: E402
from make_round8_orgs import latin_names, qualifying_tokens  # noqa: E402

from sanctions_check.lists.unxml import parse_list  # noqa: E402
from sanctions_check.matching.forms import entry_countries  # noqa: E402
from sanctions_check.matching.matcher import Matcher  # noqa: E402
from sanctions_check.names.countries import country_code  # noqa: E402
from sanctions_check.names.lexicon import data_csv, org_heads  # noqa: E402

OUT = REPO / "benchmarks" / "data" / "round9_orgs.csv"
# a body named after the organisation (two words each; "Trading Services" is the issue
# brief's own example)
BODY = ("Staff Union", "Trading Services", "Sports Club", "Insurance Agency",
        "Alumni Association")
# what kind of body a name without a head is (two words each)
KIND = ("Charity Foundation", "Welfare Society", "Relief Trust")


def _country_names() -> dict[str, str]:
    """ISO code -> the shortest of the country's names without a comma ("Iraq", "North
    Korea")."""
    out: dict[str, str] = {}
    for row in data_csv("countries.csv"):
        names = [n for n in row["names"].split(";") if n and "," not in n]
        if names:
            out[row["alpha2"]] = min(names, key=len)
    return out


def _rows(lst, rng: random.Random) -> list[dict[str, str]]:
    matcher = Matcher.from_list(lst)
    out = LabelledRows(matcher, "org")
    heads = org_heads()
    for words in (*BODY, *KIND):  # the added words name no listed organisation
        assert not matcher.match(words, kind="org"), words
    countries = _country_names()
    orgs = [e for e in lst.entries if e.kind == "org"]
    rng.shuffle(orgs)
    for e in orgs:
        ref = e.reference_number
        tied = sorted(c for c in entry_countries(e) if c in countries)
        for text in latin_names(e, rng, brackets=False):
            toks = qualifying_tokens(text)
            if toks is None:
                continue
            if any(t in heads for t in toks):
                out.add(f"{text} {rng.choice(BODY)}", ref, "neg_c3_another_body", "none")
                if tied:
                    place = countries[rng.choice(tied)]
                    assert country_code(place) in tied, place
                    out.add(f"{text} of {place}", ref, "c3_link_phrase")
            else:
                out.add(f"{text} {rng.choice(KIND)}", ref, "c3_headless_kind")
                out.add(f"{text} {rng.choice(BODY)}", ref, "neg_c3_headless_body", "none")
    return out.rows


def main() -> int:
    write(OUT, _rows(parse_list(LIST), random.Random(18_9)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
