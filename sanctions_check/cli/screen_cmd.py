"""``sanctions-check screen INPUT``: screen a file of names into a review workbook, CSV or JSON.

Thin layer: :mod:`sanctions_check.screening.inputs` reads the names, the matcher scores them
(:func:`sanctions_check.screening.run.screen`), :mod:`sanctions_check.screening.decisions` carries
earlier reviewer decisions forward, and :mod:`sanctions_check.screening.workbook` /
:mod:`sanctions_check.files.tabular` write the output atomically.  Exit codes: 0 no hit
needing review, 1 hits, 2 input error, 3 list problem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from sanctions_check.cli.app import cli
from sanctions_check.cli.engines import (
    build_matcher,
    choose_engine,
    input_meta,
    run_engine,
    secondary_warnings,
)
from sanctions_check.cli.options import number
from sanctions_check.errors import EXIT_HITS, EXIT_OK, InputError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.files.numbers import MAX_DAYS
from sanctions_check.lists.entries import KINDS, SanctionsList
from sanctions_check.scoring.birthdates import DateOrder
from sanctions_check.screening.inputs import ColumnSpec, InputFile, read_queries
from sanctions_check.screening.output import needs_review, screen_table
from sanctions_check.screening.run import (
    DEFAULT_LIMIT,
    RowStatus,
    ScreeningResult,
    name_normaliser,
    screen,
)

log = lazy_logger("sanctions_check.cli.screen")


def keep_list(text: str | None) -> tuple[str, ...] | None:
    """``--keep-columns A,B`` as a tuple of headers (None: every column; '': none)."""
    if text is None:
        return None
    return tuple(c.strip() for c in text.split(",") if c.strip())


def load_decisions(decision_files: Sequence[Path], matcher: Any) -> list[Any]:
    """Every decision of the earlier review workbooks, in the order given."""
    if not decision_files:
        return []
    from sanctions_check.screening.decisions import read_decisions

    return read_decisions(decision_files, name_normaliser(matcher))


def carry_decisions(
    result: ScreeningResult, decisions: Sequence[Any], sanctions_list: SanctionsList, store: Any
) -> tuple[dict[Any, Any], list[Any]]:
    """Outcomes of earlier decisions for this run's hits, and the audit sheets (Manual hits,
    Decision history) for the workbook; both empty without decision files."""
    if not decisions:
        return {}, []
    from sanctions_check.lists.source import list_by_sha256
    from sanctions_check.screening.decisionlog import carry_manual, decision_log
    from sanctions_check.screening.decisions import assess, decision_book
    from sanctions_check.screening.decisionsheets import history_sheet, manual_sheet

    book = decision_book(decisions)
    old_list = list_by_sha256(store, sanctions_list)
    outcomes = assess(result, book, old_list=old_list)
    manual = carry_manual(book, result, sanctions_list.get, old_list)
    log_rows = decision_log(decisions, book, result, outcomes)
    return outcomes, [manual_sheet(manual), history_sheet(log_rows)]


def write_output(
    output: Path,
    fmt: str,
    result: ScreeningResult,
    outcomes: Mapping[tuple[int, str], Any],
    include_clear: bool,
    hide_cleared: bool,
    decision_files: Sequence[Path],
    audit_sheets: Sequence[Any] = (),
) -> None:
    if fmt == "xlsx":
        from sanctions_check.screening.decisionsheets import manual_sheet
        from sanctions_check.screening.workbook import write_review_workbook

        write_review_workbook(
            output,
            result,
            outcomes,
            hide_cleared=hide_cleared,
            decision_files=[p.name for p in decision_files],
            extra_sheets=audit_sheets or [manual_sheet()],  # a Manual hits sheet to fill
        )
        return
    from sanctions_check.files.tabular import write_table

    columns, rows, meta = screen_table(
        result, outcomes, include_clear, hide_cleared, decision_files
    )
    write_table(output, columns, rows, meta=meta, fmt=fmt)


def print_table(
    result: ScreeningResult, outcomes: Mapping[tuple[int, str], Any], hide_cleared: bool = False
) -> None:
    """A readable table of hits on stdout; previously cleared ones last (or not at all)."""
    index = {id(r): i for i, r in enumerate(result.rows)}
    open_pairs, cleared = [], []
    for row, hit in result.hit_pairs():
        outcome = outcomes.get((index[id(row)], hit.reference_number))
        (cleared if outcome is not None and outcome.cleared else open_pairs).append(
            (row, hit, outcome)
        )
    if not open_pairs and not cleared:
        click.echo("No hits at or above the threshold.")
        return
    header = f"{'row':>5}  {'score':>5}  {'band':<8}  {'ref':<9}  {'input name':<28}  matched name"
    sections = [("", open_pairs)]
    if cleared and not hide_cleared:
        sections.append((f"Previously cleared ({len(cleared)}):", cleared))
    if not open_pairs:
        click.echo("No hits needing review.")
    for title, pairs in sections:
        if not pairs:
            continue
        if title:
            click.echo(f"\n{title}")
        click.echo(header)
        click.echo("-" * len(header))
        for row, hit, outcome in pairs:
            note = f"  [{outcome.decision}]" if outcome is not None else ""
            matched = f"{hit.matched_name.text} [{hit.matched_name.label}]"
            if hit.matched_name.text != hit.primary_name:
                matched += f" = {hit.primary_name}"
            name = row.query.name if len(row.query.name) <= 28 else row.query.name[:27] + "…"
            click.echo(
                f"{row.row if row.row is not None else '':>5}  {hit.score:>5.1f}  "
                f"{hit.band:<8}  {hit.reference_number:<9}  {name:<28}  {matched}{note}"
            )
            click.echo(f"{'':>5}  {'':>5}  {'':<8}  {'':<9}  {hit.explanation}")
            if outcome is not None and (outcome.reopened or outcome.changed_record):
                click.echo(f"{'':>5}  {'':>5}  {'':<8}  {'':<9}  {outcome.history}")


def summary_line(result: ScreeningResult, source: InputFile) -> str:
    counts = result.status_counts()
    bands = ", ".join(f"{n} {b}" for b, n in result.band_counts().items())
    text = (
        f"screened {len(result.rows)} rows ({result.meta.names_screened} distinct names) "
        f"of {source.path.name} against the list of {result.meta.list_date_generated}: "
        f"{result.hit_count} hits in {counts[RowStatus.HIT]} rows"
    )
    if bands:
        text += f" ({bands})"
    if counts[RowStatus.UNUSABLE]:
        text += f"; {counts[RowStatus.UNUSABLE]} rows could not be screened"
    return text


@cli.command("screen")
@click.argument("input_file", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--column", help="Column with the names (header text or 1-based number).")
@click.option("--kind-column", help="Column saying person / org (auto-detected: kind, type).")
@click.option("--dob-column", help="Column with dates of birth (auto-detected: dob, birth_date).")
@click.option(
    "--nationality-column", help="Column with nationalities (auto-detected: nationality, country)."
)
@click.option(
    "--id-column",
    help="Column with the record key, carried to every output and the Record ID column "
    "(auto-detected: id, customer_id, visitor id...).",
)
@click.option(
    "--keep-columns",
    metavar="COL,...",
    help="Input columns carried to the outputs (default: all of them; '' for none).",
)
@click.option(
    "--kind", "default_kind", type=click.Choice(KINDS), help="Kind of every name without one."
)
@click.option("--sheet", help="XLSX sheet to read (default: the first).")
@click.option(
    "--date-order",
    type=click.Choice([o.value for o in DateOrder]),
    help="How numeric dates of birth are written: dmy (31/01/1977), mdy (01/31/1977) or "
    "ymd; without it an ambiguous one (01/02/1977) counts by its year only.",
)
@click.option(
    "--encoding",
    metavar="CODEC",
    help="The text file's encoding (e.g. utf-8, cp1251), instead of detecting it.",
)
@click.option(
    "--min-score",
    type=number(0, 100),
    help="Report candidates at or above this score (default: the matcher's threshold).",
)
@click.option(
    "--limit",
    type=number(1, 100, integer=True),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="At most this many candidates per name.",
)
@click.option("--include-clear", is_flag=True, help="CSV/JSON: also a row per name without hits.")
@click.option(
    "--decisions",
    "decision_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Earlier review workbook whose decisions carry forward (repeatable): each binds "
    "to a record (ID column, else name + DOB + nationality) and a reference number, and "
    "re-opens when the entry's names, designation, nationality or birth facts changed.",
)
@click.option(
    "--hide-cleared", is_flag=True, help="Leave previously cleared false positives out of view."
)
@click.option(
    "--max-list-age",
    type=number(0, MAX_DAYS),
    metavar="DAYS",
    help="Refuse (exit 3) a list older than this many days: since its source last "
    "confirmed it current (`lists update`), else since its dateGenerated.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write OUT.xlsx (review workbook), OUT.csv, OUT.json or OUT.jsonl; default: a table.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "simple", "batch", "dask"]),
    default="auto",
    show_default=True,
    help="batch: stream large CSV / Parquet inputs on all cores into .csv / .jsonl / .parquet; "
    "dask: on a Dask cluster into a directory OUT/ of Parquet (or CSV if OUT ends in .csv) "
    "parts; auto: batch for Parquet, or from 1,500 lines of CSV / text to a CSV / JSON file.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="--engine dask: an existing scheduler, e.g. tcp://host:8786 (default: a local cluster).",
)
@click.option(
    "--workers",
    type=number(1, 1024, integer=True),
    help="Worker processes (batch: default all CPUs; dask local cluster: default 2).",
)
@click.option(
    "--chunk-size",
    type=number(100, 10_000_000, integer=True),
    help="--engine batch: rows read and held in memory at a time (default 20000).",
)
@click.pass_context
def screen_cmd(
    ctx: click.Context,
    input_file: Path,
    column: str | None,
    kind_column: str | None,
    dob_column: str | None,
    nationality_column: str | None,
    id_column: str | None,
    keep_columns: str | None,
    default_kind: str | None,
    sheet: str | None,
    date_order: str | None,
    encoding: str | None,
    min_score: float | None,
    limit: int,
    include_clear: bool,
    decision_files: tuple[Path, ...],
    hide_cleared: bool,
    max_list_age: float | None,
    output: Path | None,
    engine: str = "auto",
    scheduler: str | None = None,
    workers: int | None = None,
    chunk_size: int | None = None,
) -> None:
    """Screen every name of a CSV / TSV / XLSX / text file (one name per line).

    \b
    Examples:
      sanctions-check screen samples/delegation.csv -o review.xlsx
      sanctions-check screen visitors.xlsx --dob-column "Date of birth" -o hits.csv
      sanctions-check screen names.txt --decisions review-june.xlsx -o review-july.xlsx

    The name column is detected (name, full_name, nom...) unless --column is
    given; date-of-birth, nationality, kind and ID columns are used when present.
    Every input column is carried to the outputs after the tool's own columns
    (--keep-columns narrows them).  A workbook has a Manual hits sheet for hits the
    tool did not raise; with --decisions, a Decision history sheet lists every
    earlier decision.
    Exit codes: 0 no hit needing review, 1 hits, 2 input error, 3 list problem.
    """
    from sanctions_check.files.tabular import table_format

    spec = ColumnSpec(
        column=column, kind_column=kind_column, dob_column=dob_column,
        nationality_column=nationality_column, id_column=id_column,
        keep_columns=keep_list(keep_columns), sheet=sheet, default_kind=default_kind,
        encoding=encoding, date_order=date_order,
    )  # fmt: skip
    chosen = choose_engine(engine, input_file, output, decision_files, sheet)
    if chosen != "simple":  # large inputs: sanctions_check.batch.engine / sanctions_check.batch.distributed
        run_engine(
            ctx, chosen, input_file, output, spec, min_score=min_score, limit=limit,
            include_clear=include_clear, decision_files=decision_files,
            max_list_age=max_list_age, scheduler=scheduler, workers=workers,
            chunk_size=chunk_size,
        )  # fmt: skip
        return
    app = ctx.obj
    fmt = table_format(output) if output is not None else None
    if output is not None and output.resolve() == input_file.resolve():
        raise InputError(f"{output}: the output would overwrite the input file")
    for path in decision_files:  # fail on a missing decisions file before the long part
        if not path.is_file():
            raise InputError(f"{path}: no such decisions workbook")
    source = read_queries(input_file, spec)
    if not app.quiet:
        click.echo(f"sanctions-check: {source.describe()}", err=True)
    warning = source.name_warning()
    if warning:
        click.echo(f"sanctions-check: warning: {source.path.name}: {warning}", err=True)
    if source.encoding_warning:
        log.warning("%s", source.encoding_warning)
    sanctions_list = app.load_list(max_age_days=max_list_age)
    matcher = build_matcher(sanctions_list)
    decisions = load_decisions(decision_files, matcher)
    result = screen(
        matcher,
        source.queries,
        min_score=min_score,
        limit=limit,
        sanctions_list=sanctions_list,
        input_file=source.path,
        input_sha256=source.sha256,
        extra_meta=input_meta(source.describe(), source.encoding, source.encoding_warning,
                              date_order),
    )
    outcomes, audit_sheets = carry_decisions(result, decisions, sanctions_list, app.versions())
    if output is not None and fmt is not None:
        try:
            write_output(output, fmt, result, outcomes, include_clear, hide_cleared,
                         decision_files, audit_sheets)
        except OSError as exc:  # the previous file (if any) is untouched: atomic writes
            raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None
    else:
        print_table(result, outcomes, hide_cleared)
    for line in secondary_warnings(result.secondary_tally()):
        click.echo(f"sanctions-check: warning: {source.path.name}: {line}", err=True)
    if not app.quiet:
        click.echo(f"sanctions-check: {summary_line(result, source)}", err=True)
        if decisions:
            from sanctions_check.screening.decisions import carried_counts

            n = carried_counts(outcomes)
            click.echo(
                f"sanctions-check: {n['carried']} earlier decisions apply "
                f"({n['cleared']} previously cleared, {n['reopened']} re-opened); "
                f"{n['changed_record']} hit(s) of a record that changed are Pending; "
                f"{len(decisions)} decision(s) read",
                err=True,
            )
        if output is not None:
            click.echo(f"sanctions-check: wrote {output}", err=True)
    ctx.exit(EXIT_HITS if needs_review(result, outcomes) else EXIT_OK)
