"""The matcher and the large-input engines of ``sanctions-check screen``.

Contract: :func:`build_matcher` is the one place the commands build the matcher over the
list (with the global ``--aliases``); :func:`input_meta` is what a report says about how
its input was read.  :func:`choose_engine` decides which engine a ``screen`` call uses
(``auto``: the batch engine for Parquet input or output and for CSV / text inputs of
:data:`AUTO_BATCH_ROWS` lines or more written to a CSV / JSON / JSON-lines file, else the
in-memory engine of ``screen``, which also keeps review workbooks, ``--decisions``,
``--sheet``, XLSX inputs and output to the terminal);
:func:`run_engine` runs the batch or Dask engine with the options of ``screen``,
prints the one-line summary on stderr and exits 0 (no hit) or 1 (hits).  The rows
written are those of the in-memory engine (same columns, including the list's
``dateGenerated`` and sha256), in input order instead of strongest first.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sanctions_check.errors import EXIT_HITS, EXIT_OK, InputError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.files.textinput import count_lines
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.screening.columns import ColumnSpec
from sanctions_check.screening.inputs import name_warning
from sanctions_check.screening.source import DEFAULT_CHUNK_SIZE, input_format, open_source

if TYPE_CHECKING:
    from sanctions_check.screening.secondarytally import SecondaryTally

log = lazy_logger("sanctions_check.cli.screen")
ENGINES = ("auto", "simple", "batch", "dask")
# from this many lines of input the batch engine is faster than the in-memory one (measured
# crossover: README "Large inputs", benchmarks/engines.py)
AUTO_BATCH_ROWS = 1_500
BATCH_OUTPUTS = (".csv", ".jsonl", ".ndjson", ".json", ".parquet", ".pq", ".xlsx")
_PARQUET = (".parquet", ".pq")


def input_meta(
    read_as: str, encoding: str | None, warning: str | None, date_order: str | None = None
) -> dict[str, Any]:
    """What the report's Summary / metadata says about how the input was read."""
    meta: dict[str, Any] = {"input_read_as": read_as}
    if date_order:
        meta["date_order"] = date_order
    if encoding:
        meta["input_encoding"] = encoding
    if warning:
        meta["input_encoding_warning"] = warning
    return meta


def _rows(numbers: Sequence[int], total: int) -> str:
    text = ", ".join(map(str, numbers))
    more = f" and {total - len(numbers):,} more" if total > len(numbers) else ""
    return f"row{'s' if total > 1 else ''} {text}{more}"


def secondary_warnings(tally: SecondaryTally) -> list[str]:
    """stderr lines for dates of birth and nationalities not understood or only partly
    (the counts of ``tally`` and its first row numbers)."""
    n, rows = tally.counts, tally.rows
    lines = []
    if n["dob"]:
        lines.append(f"{n['dob']:,} date(s) of birth not understood, ignored "
                     f"({_rows(rows['dob'], n['dob'])}); see the DOB status column")
    if n["dob_year_only"]:
        lines.append(f"{n['dob_year_only']:,} date(s) of birth with day and month order unknown, "
                     f"only the year used ({_rows(rows['dob_year_only'], n['dob_year_only'])}); "
                     "give --date-order dmy or mdy")
    if k := n["nationality"]:
        lines.append(f"{k:,} nationalit{'y' if k == 1 else 'ies'} not understood, ignored "
                     f"({_rows(rows['nationality'], k)}); see the Nationality status column")
    return lines


def build_matcher(sanctions_list: SanctionsList) -> Any:
    """The matcher over the list (one place, so other engines can plug in here), with the
    curated names of the global ``--aliases FILE`` when given; an installed list's index is
    cached (:meth:`AppContext.matcher`)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().obj:
        return ctx.find_root().obj.matcher(sanctions_list)
    from sanctions_check.matching.matcher import Matcher

    return Matcher.from_list(sanctions_list)


def choose_engine(
    engine: str,
    input_file: Path,
    output: Path | None,
    decision_files: tuple[Path, ...],
    sheet: str | None = None,
) -> str:
    """``simple``, ``batch`` or ``dask`` for this call (see the module docstring)."""
    if engine != "auto":
        return engine
    if input_file.suffix.lower() in _PARQUET:
        return "batch"  # only the large-input engines read Parquet
    if output is None or decision_files or sheet is not None:
        return "simple"
    suffix = output.suffix.lower()
    if suffix in _PARQUET:
        return "batch"
    if suffix not in BATCH_OUTPUTS or suffix == ".xlsx":
        return "simple"  # review workbooks, and formats only the in-memory engine writes
    if input_format(input_file) not in ("csv", "txt"):
        return "simple"
    try:
        lines = count_lines(input_file, stop=AUTO_BATCH_ROWS)
    except OSError:
        return "simple"  # the engine that reads it says what is wrong
    return "batch" if lines >= AUTO_BATCH_ROWS else "simple"


def run_engine(
    ctx: click.Context,
    engine: str,
    input_file: Path,
    output: Path | None,
    spec: ColumnSpec,
    *,
    min_score: float | None,
    limit: int,
    include_clear: bool,
    decision_files: tuple[Path, ...],
    max_list_age: float | None,
    scheduler: str | None,
    workers: int | None,
    chunk_size: int | None,
) -> None:
    """Run the batch or Dask engine for ``screen`` and exit with its code."""
    from sanctions_check.batch import engine as batch
    from sanctions_check.batch import writer as batchoutput
    from sanctions_check.screening.run import RowStatus

    app = ctx.obj
    if output is None:
        raise InputError(f"--engine {engine} writes a file: give -o OUT")
    if decision_files:
        raise InputError(f"--decisions needs the review workbook: not with --engine {engine}")
    if scheduler and engine != "dask":
        raise InputError("--scheduler only applies to --engine dask")
    if spec.sheet is not None:
        raise InputError(f"--sheet: the {engine} engine reads CSV, text or Parquet files")
    if output.resolve() == input_file.resolve():
        raise InputError(f"{output}: the output would overwrite the input file")
    if engine == "batch" and output.suffix.lower() not in BATCH_OUTPUTS:
        batchoutput.output_format(output)  # raises the one-line "unknown output format" error
    source = open_source(input_file, spec)
    if not app.quiet:
        click.echo(f"sanctions-check: {source.describe()}", err=True)
    warning = name_warning(source)
    if warning:
        click.echo(f"sanctions-check: warning: {input_file.name}: {warning}", err=True)
    if source.encoding_warning:
        log.warning("%s", source.encoding_warning)
    sanctions_list = app.load_list(max_age_days=max_list_age)
    matcher = build_matcher(sanctions_list)
    extra = input_meta(source.describe(), source.encoding, source.encoding_warning,
                       spec.date_order)
    if engine == "dask":
        from sanctions_check.batch.distributed import screen_dask

        fmt = "csv" if output.suffix.lower() == ".csv" else "parquet"
        summary: Any = screen_dask(
            matcher, source, output, scheduler=scheduler, workers=workers,
            min_score=min_score, include_clear=include_clear, limit=limit,
            output_format_name=fmt, sanctions_list=sanctions_list, extra_meta=extra,
            progress=not app.quiet and batch.is_terminal(sys.stderr),
        )  # fmt: skip
    else:
        progress = None if app.quiet else batch.terminal_progress()
        try:
            summary = batch.screen_file(
                matcher, source, output, min_score=min_score, include_clear=include_clear,
                limit=limit, workers=workers, sanctions_list=sanctions_list,
                chunk_size=chunk_size or DEFAULT_CHUNK_SIZE, progress=progress,
                extra_meta=extra,
            )  # fmt: skip
        except OSError as exc:
            raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None
    if not app.quiet:
        counts = summary.status_counts
        text = (
            f"screened {summary.input_rows:,} rows of {input_file.name} with the {engine} "
            f"engine ({summary.workers} workers) against the list of "
            f"{sanctions_list.date_generated}: {summary.hit_rows:,} hits in "
            f"{counts[RowStatus.HIT]:,} rows, {summary.seconds:.1f} s ({summary.rate:,.0f} rows/s)"
        )
        if counts.get(RowStatus.UNUSABLE):
            text += f"; {counts[RowStatus.UNUSABLE]:,} rows could not be screened"
        click.echo(f"sanctions-check: {text}", err=True)
        for line in secondary_warnings(summary.secondary):
            click.echo(f"sanctions-check: warning: {input_file.name}: {line}", err=True)
        click.echo(f"sanctions-check: wrote {output}", err=True)
    ctx.exit(EXIT_HITS if summary.has_hits else EXIT_OK)
