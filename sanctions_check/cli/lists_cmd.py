"""``sanctions-check lists ...``: update, import, info, versions, diff and prune of the list store.

Thin layer over :mod:`sanctions_check.lists.store` and :mod:`sanctions_check.lists.diff`: results
go to stdout, warnings to stderr; every list problem is a ListError (exit 3).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from sanctions_check.cli.app import AppContext, cli
from sanctions_check.cli.options import number
from sanctions_check.errors import InputError, ListError
from sanctions_check.files.numbers import MAX_DAYS, MAX_SECONDS
from sanctions_check.lists.entries import SanctionsList
from sanctions_check.lists.fetch import DEFAULT_TIMEOUT, OFFICIAL_URL
from sanctions_check.lists.provenance import ListProvenance
from sanctions_check.lists.store import (
    DEFAULT_KEEP,
    DEFAULT_MAX_AGE_DAYS,
    MIN_COUNT_RATIO,
    UNCHANGED,
    ListStore,
    UpdateResult,
)
from sanctions_check.lists.versions import HOW_TO_GET_A_LIST
from sanctions_check.matching.documents import file_facts, version_facts

FORCE_HELP = (
    f"Install even if the new list has fewer than {MIN_COUNT_RATIO:.0%} of the current "
    "list's entries, or is older than it."
)


def age_text(age: dt.timedelta) -> str:
    """E.g. ``12 minutes``, ``5 hours``, ``9.5 days``; ``unknown`` for the age of a list
    dated in the future (:func:`sanctions_check.lists.manifest.list_age`: infinite)."""
    if age == dt.timedelta.max:
        return "unknown"
    seconds = max(age.total_seconds(), 0)
    if seconds < 3600:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.0f} hours"
    return f"{seconds / 86400:.1f} days"


def _when(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _ago(value: dt.datetime, now: dt.datetime) -> str:
    """``5 hours ago``, or how far ahead of the clock a time in the future is."""
    if value > now + dt.timedelta(minutes=1):
        return f"{age_text(value - now)} ahead of this computer's clock"
    return f"{age_text(now - value)} ago"


def _counts(counts: dict[str, int]) -> str:
    return (
        f"{counts.get('persons', 0)} persons, {counts.get('organisations', 0)} organisations, "
        f"{counts.get('aliases', 0)} aliases"
    )


def _report_install(result: UpdateResult, confirmed: bool) -> None:
    """What an update (``confirmed``: its source confirmed the list) or import did."""
    v = result.version
    if result.status == UNCHANGED:
        when = (f"confirmed {_when(v.confirmed_at)}" if confirmed and v.confirmed_at
                else "an import does not confirm it")
        click.echo(
            f"unchanged: list {v.id} (generated {v.date_generated}) is still current; {when}"
        )
    else:
        click.echo(
            f"{result.status} list {v.id} (generated {v.date_generated}): {_counts(v.counts)}"
        )
        click.echo(f"  stored as {v.path}")
        if result.previous is not None:
            click.echo(f"  previous: {result.previous.id}; see what changed with "
                       "`sanctions-check lists diff`")
    if not confirmed:
        p = ListProvenance.of_version(v, v.path.parent)
        click.echo(f"  age: {age_text(p.age(dt.datetime.now(dt.UTC)))} ({p.age_basis()})")


@cli.group("lists")
def lists_group() -> None:
    """Manage the local copy of the UN Security Council Consolidated List.

    Every version is kept in the data directory with a manifest (sha256,
    dateGenerated, retrieval time, source, counts) until `lists prune` removes
    it; a new list is validated before it becomes current, and a failed download
    leaves the current list untouched.  Problems exit with code 3.
    """


@lists_group.command("update")
@click.option("--url", default=OFFICIAL_URL, show_default=True,
              help="Where to download the list from (http, https or file://).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option("--timeout", type=number(0.1, MAX_SECONDS), default=DEFAULT_TIMEOUT,
              show_default=True, help="Seconds allowed for the whole download.")
@click.pass_obj
def update_cmd(app: AppContext, url: str, force: bool, timeout: float) -> None:
    """Download the official list, validate it and install it as the current version.

    Example: sanctions-check lists update
    """
    _report_install(app.store().update(url, force=force, timeout=timeout), confirmed=True)


@lists_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.pass_obj
def import_cmd(app: AppContext, file: Path, force: bool) -> None:
    """Validate a downloaded list FILE and install it (for sites without internet).

    A file is not a confirmation from the list's source: an imported list is as old
    as its dateGenerated until `lists update` confirms it current.  A file older than
    the installed list needs --force.

    Example: sanctions-check lists import consolidated.xml
    """
    _report_install(app.store().import_file(file, force=force), confirmed=False)


def _in_force(app: AppContext, store: ListStore) -> tuple[ListProvenance, dict[str, Any]]:
    """The list in force and its facts; an installed one is described from its manifest
    (not loaded), so `lists info` works even when its stored file is damaged."""
    current = store.current() if app.list_file is None else None
    if current is None:
        loaded = app.load_list()  # --list FILE, else the bundled snapshot (notice on stderr)
        return loaded.provenance, file_facts(loaded, store.now())
    facts = version_facts(store, current, len(store.versions()))
    return ListProvenance.of_version(current, store.lists_dir, store.now()), facts


@lists_group.command("info")
@click.option("--max-age-days", type=number(0, MAX_DAYS), default=DEFAULT_MAX_AGE_DAYS,
              show_default=True, help="Warn when the list is older than this.")
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON.")
@click.pass_obj
def info_cmd(app: AppContext, max_age_days: float, as_json: bool) -> None:
    """Show the list in force and why: version, dateGenerated, when its source last
    confirmed it current, age, counts and where it is stored.

    The list in force is the file of the global --list FILE, else the installed list,
    else (nothing installed) the snapshot bundled with sanctions-check.  Its age is the
    time since `lists update` last confirmed it current at its source; a list only
    imported from a file was never confirmed, so it is as old as its dateGenerated.

    Example: sanctions-check lists info --max-age-days 2
    """
    store = app.store()
    p, facts = _in_force(app, store)
    now = store.now()
    if as_json:
        click.echo(json.dumps(facts, indent=2))
    else:
        generated = p.generated_at
        ago = f" ({_ago(generated, now)})" if generated else ""
        confirmed = (f"{_when(p.confirmed_at)} ({_ago(p.confirmed_at, now)})"
                     if p.confirmed_at else p.confirmed_text())
        click.echo(f"in force:    {p.describe()} (because {p.reason})")
        if "version" in facts:
            click.echo(f"version:     {facts['version']}")
        click.echo(f"generated:   {p.date_generated}{ago}")
        click.echo(f"confirmed:   {confirmed}")
        click.echo(f"age:         {age_text(p.age(now))} ({p.age_basis()})")
        click.echo(f"source:      {facts.get('source_url', facts.get('source'))}")
        click.echo(f"entries:     {facts['counts'].get('entries', 0)} ({_counts(facts['counts'])})")
        click.echo(f"sha256:      {facts['sha256']}")
        click.echo(f"file:        {facts.get('path') or facts['source']}")
        if "versions_stored" in facts:
            click.echo(f"versions:    {facts['versions_stored']} stored in {store.lists_dir}")
    age = p.age(now)
    if age > dt.timedelta(days=max_age_days):
        click.echo(
            f"sanctions-check: warning: the list is "
            f"{'of unknown age' if age == dt.timedelta.max else age_text(age) + ' old'} "
            f"({p.age_basis()}), "
            f"more than {max_age_days:g} days: run `sanctions-check lists update`",
            err=True,
        )


@lists_group.command("versions")
@click.pass_obj
def versions_cmd(app: AppContext) -> None:
    """List the stored versions, oldest first; * marks the current one."""
    store = app.store()
    stored = store.versions()
    if not stored:
        raise ListError(f"no list versions are stored in {store.lists_dir}: {HOW_TO_GET_A_LIST}")
    click.echo(f"  {'version':<30} {'generated':<30} {'entries':>7}  {'retrieved':<20}  source")
    for v in stored:
        mark = "*" if v.current else " "
        click.echo(
            f"{mark} {v.id:<30} {v.date_generated:<30} {v.counts.get('entries', 0):>7}  "
            f"{_when(v.retrieved_at):<20}  {v.source_url}"
        )


def _open(store: ListStore, ref: str) -> tuple[SanctionsList, str]:
    """A diff side: an existing XML file, else a stored version id (or prefix)."""
    path = Path(ref).expanduser()
    if path.is_file():
        from sanctions_check.lists.unxml import parse_list

        return parse_list(path), str(path)
    version = store.resolve(ref)
    return store.load(version.id), version.id


@lists_group.command("diff")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the changes to a .xlsx, .csv, .json or .jsonl file.")
@click.option("--summary", is_flag=True, help="Print only the counts.")
@click.option("--strict", is_flag=True,
              help="Also count whitespace-only and punctuation-only changes in free text "
                   "(comments, designations, titles, places, addresses, documents).")
@click.pass_obj
def diff_cmd(
    app: AppContext, old: str | None, new: str | None, output: Path | None, summary: bool,
    strict: bool,
) -> None:
    """Entries added, removed and amended between two list versions.

    OLD and NEW are stored version ids (or unique prefixes, see `lists versions`)
    or list XML files.  Without them: the two newest stored versions; with only
    OLD: OLD against the current version.  Entries are matched by reference number;
    each amended entry names the fields that changed.  Changes of whitespace or
    punctuation only in free text are ignored unless --strict.

    Example: sanctions-check lists diff -o changes.xlsx
    """
    from sanctions_check.files.tabular import table_format, write_table
    from sanctions_check.lists.diff import DIFF_COLUMNS, diff_lists, summary_lines

    if output is not None:
        table_format(output)  # an unknown format fails before any work
    store = app.store()
    if old is None:
        stored = store.versions()
        if len(stored) < 2:
            raise ListError(
                f"{len(stored)} list version(s) stored in {store.lists_dir}, need two: "
                "run `sanctions-check lists update` later, or give two files: "
                "`sanctions-check lists diff OLD.xml NEW.xml`"
            )
        old, new = stored[-2].id, stored[-1].id
    old_list, old_label = _open(store, old)
    new_list, new_label = _open(store, new or "current")
    diff = diff_lists(old_list, new_list, old_label, new_label, strict=strict)
    if output is not None:
        try:
            rows = write_table(output, DIFF_COLUMNS, diff.rows(), meta=diff.meta(),
                               sheet_title="Changes")
        except OSError as exc:  # atomic: an earlier file of that name is untouched
            raise InputError(f"{output}: cannot write: {exc.strerror or exc}") from None
        for line in summary_lines(diff, details=False):
            click.echo(line)
        if not app.quiet:
            click.echo(f"sanctions-check: wrote {rows} changed entries to {output}", err=True)
        return
    for line in summary_lines(diff, details=not summary):
        click.echo(line)


@lists_group.command("prune")
@click.option("--keep", type=number(0, integer=True), default=DEFAULT_KEEP, show_default=True,
              help="How many of the newest versions to keep, besides the current one.")
@click.option("--dry-run", is_flag=True, help="Only say which versions would be removed.")
@click.pass_obj
def prune_cmd(app: AppContext, keep: int, dry_run: bool) -> None:
    """Remove old stored list versions; the current one and the --keep newest stay.

    `watch` compares each list with the one of its last reported run and `lists diff`
    needs both versions: keep at least as many as the list changes between them.

    Example: sanctions-check lists prune --keep 5 --dry-run
    """
    result = app.store().prune(keep, dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    size = f"{result.freed / 1e6:.1f} MB"
    click.echo(f"{verb} {len(result.removed)} list version(s) ({size}), kept {len(result.kept)}")
    for v in result.removed:
        click.echo(f"  - {v.id}  (generated {v.date_generated})")
    for v in result.kept:
        click.echo(f"    {v.id}  (generated {v.date_generated}){' current' if v.current else ''}")
    if result.temporary:
        click.echo(f"{verb} {len(result.temporary)} stale temporary file(s) left by "
                   "interrupted imports")
