"""``sanctions-check news SOURCE...``: extract and screen the people and organisations in news.

Thin layer: :mod:`sanctions_check.news.sources` reads the sources (a failed source is reported
and the others are still processed), :class:`sanctions_check.news.run.NewsScreener` extracts
and screens the names, :func:`sanctions_check.news.output.write_news_output` writes the workbook
or CSV / JSON atomically.  Exit codes: 0 no hit, 1 hits, 2 a source failed (or bad
options), 3 list problem; a failed source wins over hits (2), see the README.
"""

from __future__ import annotations

import sys

import click

from sanctions_check.cli.app import cli
from sanctions_check.cli.options import number
from sanctions_check.errors import EXIT_HITS, EXIT_OK, EXIT_USAGE
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.files.numbers import MAX_DAYS

log = lazy_logger("sanctions_check.cli.news")


@cli.command("news")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the hits here: .xlsx review workbook (Summary, Hits, Mentions), .csv, "
    ".json or .jsonl (one row per mention and hit). Without it, hits are listed on stdout.",
)
@click.option(
    "--include-clear",
    is_flag=True,
    help="CSV/JSON: also one row for every extracted name without a hit.",
)
@click.option(
    "--ner",
    type=click.Choice(["builtin", "spacy"]),
    default="builtin",
    show_default=True,
    help="Name extractor: the built-in rules, or spaCy (the optional ner extra, "
    "pip install 'sanctions-check[ner]', and an English model; exit 2 without them).",
)
@click.option(
    "--min-score",
    type=number(0, 100),
    help="Report hits at or above this score (default: the matcher's threshold).",
)
@click.option(
    "--no-list-scan",
    is_flag=True,
    help="Skip the list-driven pass (searching every listed name, alias, curated name and "
    "short form in the text, in any case).",
)
@click.option(
    "--max-items",
    type=number(1, 1_000_000, integer=True),
    default=1000,
    show_default=True,
    help="Read at most this many items from one feed or JSON-lines file.",
)
@click.option(
    "--max-list-age",
    type=number(0, MAX_DAYS),
    help="Refuse (exit 3) a list older than this many days: since its source last "
    "confirmed it current (`lists update`), else since its dateGenerated.",
)
@click.pass_context
def news_cmd(
    ctx: click.Context,
    sources: tuple[str, ...],
    output: str | None,
    include_clear: bool,
    ner: str,
    min_score: float | None,
    no_list_scan: bool,
    max_items: int,
    max_list_age: float | None,
) -> None:
    """Screen every person and organisation named in news SOURCEs.

    A SOURCE is a .txt article (first line = title), an .html page (main article
    text only), an RSS/Atom feed file or http(s) URL, a .jsonl file (title, text or
    body, url, published), a directory of such files, or - for standard input.
    Each name is screened with the sentence that mentions it as evidence; an item
    seen twice (same URL or same text) is screened once.

    Exit codes: 0 no hit, 1 hits, 2 a source could not be read (the others are
    still screened and written; this wins over 1), 3 list problem.

    \b
    Example:
      sanctions-check news samples/news/ -o news-review.xlsx
      sanctions-check news https://example.org/feed.xml -o hits.csv --include-clear
    """
    from sanctions_check.cli.engines import build_matcher
    from sanctions_check.files.tabular import table_format
    from sanctions_check.news.output import write_news_output
    from sanctions_check.news.run import NewsScreener
    from sanctions_check.news.sources import read_sources

    if output is not None:
        table_format(output)  # unknown suffix: usage error before any work
    sanctions_list = ctx.obj.load_list(max_age_days=max_list_age)
    read = read_sources(sources, stdin=sys.stdin.buffer, max_items=max_items)
    for err in read.errors:
        click.echo(f"sanctions-check: error: {err}", err=True)
    screener = NewsScreener(
        build_matcher(sanctions_list),
        sanctions_list,
        min_score=min_score,
        ner=ner,
        listscan=not no_list_scan,
    )
    result = screener.run(read.items, read.errors, sources)
    if output is not None:
        write_news_output(output, result, include_clear)
    else:
        _print_hits(result)
    dupes = sum(1 for r in result.items if r.duplicate_of is not None)
    names = sum(len(r.mentions) for r in result.items)
    items_with_hits = sum(1 for r in result.items if r.has_hits)
    if not ctx.obj.quiet:
        click.echo(
            f"sanctions-check: {len(result.items)} news item(s)"
            + (f" ({dupes} already processed)" if dupes else "")
            + f", {names} name(s) screened, {result.hit_count} hit(s) in {items_with_hits} "
            f"item(s); {len(read.errors)} source problem(s)"
            + (f"; wrote {output}" if output else ""),
            err=True,
        )
    if read.errors:
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_HITS if result.has_hits else EXIT_OK)


def _print_hits(result: object) -> None:
    from sanctions_check.news.run import NewsResult

    assert isinstance(result, NewsResult)
    for r, m in result.mentions():
        for h in m.hits:
            title = r.item.title or r.item.source
            click.echo(
                f"{h.score:5.1f}  {h.band:<8}  {h.reference_number:<9}  {h.matched_name.text}"
                f"  <-  {m.entity.name} ({m.entity.kind})  [{title}]"
            )
