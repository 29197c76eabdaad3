"""``sanctions-check match NAME`` and ``sanctions-check compare A B | --pairs FILE``.

Thin layer over :class:`sanctions_check.matching.matcher.Matcher` and :mod:`sanctions_check.matching.compare`:
ranked candidates (or a comparison) to stdout as a table or JSON.  Exit codes: ``match`` 0
when no hit reaches the alert threshold, 1 when one does; ``compare A B`` 1 when the names
match at the threshold, else 0; ``compare --pairs`` 0 after writing the scores; 2 bad input
(unusable name, unreadable pairs file); 3 list problem.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from sanctions_check.cli.app import cli
from sanctions_check.cli.options import number
from sanctions_check.errors import EXIT_HITS, EXIT_OK
from sanctions_check.lists.entries import KINDS, Entry, SanctionsList
from sanctions_check.matching.hits import Query
from sanctions_check.scoring.birthdates import DateOrder
from sanctions_check.scoring.secondary import check_dob


@cli.command("match")
@click.argument("name")
@click.option("--kind", type=click.Choice(KINDS), help="Only list entries of this kind.")
@click.option("--dob", help="Date or year of birth (1977, 1977-01-31, 31.01.1977, 01/31/1977, "
              "31 January 1977, 1960-1962, circa 1960): agreement raises the score, conflict "
              "lowers it.")
@click.option("--date-order", type=click.Choice([o.value for o in DateOrder]),
              help="How a numeric --dob is written (dmy, mdy, ymd); without it an ambiguous "
              "one (01/02/1977) counts by its year only.")
@click.option("--nationality", help="Country name, demonym (Afghan) or ISO code (af, AFG).")
@click.option("--limit", type=number(1, 1000, integer=True), default=10, show_default=True,
              help="At most this many candidates.")
@click.option("--min-score", type=number(0, 100),
              help="Show candidates down to this score (default: the alert threshold).")
@click.option("--json", "as_json", is_flag=True, help="JSON output (with full evidence).")
@click.pass_context
def match_command(
    ctx: click.Context,
    name: str,
    kind: str | None,
    dob: str | None,
    date_order: str | None,
    nationality: str | None,
    limit: int,
    min_score: float | None,
    as_json: bool,
) -> None:
    """Screen one NAME against the list and print ranked candidates.

    Each candidate shows its score (0-100), band (strong / possible / weak), reference
    number, the list name that matched and why, then the entry's date of birth,
    nationality and designation.  A NAME that is a reference number the list has
    (TAi.144) is a reference lookup: the entry is printed as `show` prints it, exit 0.
    Exit 1 when a candidate reaches the alert threshold, 0 otherwise.

    Example: sanctions-check match "Jo Chun-ryong" --nationality "North Korean"
    """
    from sanctions_check.lists.records import (
        candidate_facts,
        looks_like_reference,
        lookup_reference,
    )

    check_dob(dob, order=date_order)
    lst = ctx.obj.load_list()
    entry = lookup_reference(lst, name)
    if entry is not None:
        print_reference(Query(name, kind, dob, nationality), lst, entry, as_json)
        ctx.exit(EXIT_OK)
    matcher = ctx.obj.matcher(lst)
    hits = matcher.match(name, kind, dob, nationality, limit=limit, min_score=min_score,
                         date_order=date_order)
    alert = any(h.score >= matcher.threshold for h in hits)
    if as_json:
        from sanctions_check.matching.documents import match_document

        query = Query(name, kind, dob, nationality, date_order=date_order)
        doc = match_document(query, matcher, lst, hits)
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    elif not hits:
        floor = matcher.threshold if min_score is None else min_score
        click.echo(f"no candidate at or above score {floor:g} for {name!r}")
        if looks_like_reference(name):
            click.echo(f"(no entry has the reference number {name.strip()!r} either)")
    else:
        for h in hits:
            click.echo(
                f"{h.score:6.1f}  {h.band:<8}  {h.reference_number:<9}  {h.matched_name.text}"
            )
            if h.matched_name.text != h.primary_name:
                click.echo(f"{'':29}listed as {h.primary_name} ({h.regime})")
            click.echo(f"{'':29}{h.explanation}")
            for label, text in candidate_facts(h.entry):
                click.echo(f"{'':29}{label}: {text}")
    ctx.exit(EXIT_HITS if alert else EXIT_OK)


def print_reference(query: Query, lst: SanctionsList, entry: Entry, as_json: bool) -> None:
    """A reference lookup's answer: the entry's full record (text or JSON)."""
    from sanctions_check.lists.records import entry_record, record_lines

    if as_json:
        from sanctions_check.matching.documents import reference_document

        doc = reference_document(query, lst, entry)
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    click.echo(f"reference lookup: {query.name.strip()!r} is the reference number of "
               f"{entry.reference_number} {entry.primary_name} (not screened as a name)")
    for line in record_lines(entry_record(entry)):
        click.echo(line)


@cli.command("compare")
@click.argument("names", nargs=-1)
@click.option("--kind", type=click.Choice(KINDS), help="Compare as person or organisation names.")
@click.option("--pairs", "pairs_file", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV of name pairs (name1,name2[,kind]; header optional).")
@click.option("--encoding", metavar="CODEC",
              help="With --pairs: the file's encoding (e.g. cp1251), instead of detecting it.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="With --pairs: write name1,name2,kind,score,band,match,explanation to "
              "this .csv / .json file (default: CSV to stdout).")
@click.option("--json", "as_json", is_flag=True, help="JSON output.")
@click.pass_context
def compare_command(
    ctx: click.Context,
    names: tuple[str, ...],
    kind: str | None,
    pairs_file: Path | None,
    encoding: str | None,
    output: Path | None,
    as_json: bool,
) -> None:
    """Score two names against each other with the matcher's scorer and explain the score.

    Uses list-independent word weights (no list needed); "match" means the score reaches
    the default alert threshold.  Exit 1 when the two names match, 0 when not.

    Examples: sanctions-check compare "Muammar Gaddafi" "QADHAFI, Muammar";
    sanctions-check compare --pairs pairs.csv -o scores.csv
    """
    from sanctions_check.matching.compare import (
        PAIR_COLUMNS,
        compare_names,
        compare_pairs,
        read_pairs,
    )

    if pairs_file is not None:
        if names:
            raise click.UsageError("give either two NAMES or --pairs FILE, not both")
        results = compare_pairs(read_pairs(pairs_file, encoding))
        rows = [r.row() for r in results]
        if output is not None:
            from sanctions_check.files.tabular import table_format, write_table

            table_format(output)  # InputError for an unknown suffix, before any work is lost
            write_table(output, PAIR_COLUMNS, rows)
            matched = sum(1 for r in results if r.match)
            click.echo(f"{len(rows)} pairs scored, {matched} match: wrote {output}", err=True)
        elif as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            import sys

            from sanctions_check.files.tabular import csv_safe, csv_writer

            writer = csv_writer(sys.stdout)
            writer.writerow(PAIR_COLUMNS)
            for r in rows:
                writer.writerow([csv_safe(r[c]) for c in PAIR_COLUMNS])
        ctx.exit(EXIT_OK)
    if len(names) != 2:
        raise click.UsageError("give two names to compare (or --pairs FILE)")
    if encoding is not None:
        raise click.UsageError("--encoding goes with --pairs")
    if output is not None:
        raise click.UsageError("-o/--output goes with --pairs")
    result = compare_names(names[0], names[1], kind)
    if as_json:
        from sanctions_check.matching.documents import compare_document

        click.echo(json.dumps(compare_document(result), ensure_ascii=False, indent=2))
    else:
        verdict = "match" if result.match else "no match"
        click.echo(f"{result.score:.1f}  {result.band}  ({verdict})")
        click.echo(f"  {result.explanation}")
    ctx.exit(EXIT_HITS if result.match else EXIT_OK)
