"""Instructions of one pass over the full-length news articles, counted by callgrind.

Usage (the counts, not wall time, decide: they do not move with the machine's load):

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=OUT \\
        PYTHON benchmarks/news_instr.py MODE [--code CHECKOUT]
    callgrind_annotate OUT | grep "PROGRAM TOTALS"

(PYTHON: the interpreter itself, ``python3 -c "import sys; print(sys.executable)"``, not a
launcher script such as pyenv's shim, which valgrind would count instead.)

The articles are ``benchmarks/news.py``'s full-length ones (the labelled items five at a
time, 8 articles of about 4,000 characters), each screened by a new screener, as a long run
does: the matcher's compiled loops on (``Matcher.use_compiled_loops``), its word caches
warmed by 300 synthetic names (``benchmarks/speed.py``'s) and one unrelated sentence, not
by the articles.  Only the measured pass is counted (``callgrind_control -i on/off``).
MODE:

* ``first``: the 8 articles seen for the first time (their words new to the caches, as the
  names of a feed's new articles mostly are);
* ``repeated``: after one pass over them (what ``benchmarks/news.py``'s rates measure);
* ``purge``: as ``first``, with ``re``'s cache emptied before each article;
* ``half`` / ``halfrep``: the last 4 articles after a pass over the first 4 (words the
  feed has seen in part), first seen / repeated.

``--code CHECKOUT`` screens with another checkout's package (the articles are this one's).
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODES = ("first", "repeated", "purge", "half", "halfrep")


def main() -> int:
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in MODES:
        print(__doc__)
        return 2
    # news.py imports the package of --code (default this checkout), as this script does
    sys.path.insert(0, str(REPO / "benchmarks"))
    from news import EVAL, ROUND2, labelled_items
    from speed import synthetic_queries

    from sanctions_check.errors import UnusableNameError
    from sanctions_check.lists.unxml import parse_list
    from sanctions_check.matching.matcher import Matcher
    from sanctions_check.news.run import NewsScreener

    lst = parse_list(REPO / "lists" / "un-consolidated-2024-09-26.xml")
    matcher = Matcher.from_list(lst)
    items = [item for d in (EVAL, ROUND2) for item, _lab in labelled_items(d)]
    articles = [dataclasses.replace(g[0], text="\n\n".join(i.text for i in g))
                for g in (items[k : k + 5] for k in range(0, len(items), 5))]  # fmt: skip
    for q in synthetic_queries(300):  # a long run's warm caches, not of these articles' words
        try:
            matcher.match(q.name, kind=q.kind)
        except UnusableNameError:
            pass
    matcher.use_compiled_loops()
    NewsScreener(matcher, lst).process(dataclasses.replace(
        items[0], url="warm-up", text="The minister met John Smith of the Acme Trading "
        "Corporation in Paris on Monday, officials said."))  # fmt: skip

    def one_pass(arts: list, purge: bool = False) -> None:  # type: ignore[type-arg]
        for article in arts:
            if purge:
                re.purge()
            NewsScreener(matcher, lst).process(article)

    measured = articles[4:] if mode.startswith("half") else articles
    if mode.startswith("half"):
        one_pass(articles[:4])
    if mode.endswith("repeated") or mode == "halfrep":
        one_pass(measured)
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "-i", "on", pid], capture_output=True, check=False)
    one_pass(measured, purge=mode == "purge")
    subprocess.run(["callgrind_control", "-i", "off", pid], capture_output=True, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
