"""``sanctions-check watch`` (scheduled checks) and ``sanctions-check decisions import``.

``watch`` is made for cron: it prints a short summary to stdout only when something
is new (so cron mails only then), logs everything else to ``watch.log`` in the data
directory, and exits 0 nothing new, 1 new hits, 2 configuration error, 3 list
problem, 4 another run holds the lock.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path
from typing import Any

import click

from sanctions_check.cli.app import cli
from sanctions_check.errors import ConfigError, SanctionsCheckError
from sanctions_check.files.lazy import lazy_logger

log = lazy_logger("sanctions_check.watch")
LOG_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"


def _log_to_file(path: Path, verbose: bool) -> logging.Handler:
    """Send the package's messages to ``path``; stderr stays silent unless ``verbose``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=5 * 1024 * 1024, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the log file ({exc.strerror or exc}); "
                          "check data_dir") from None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(logging.INFO)
    root = logging.getLogger("sanctions_check")
    for h in root.handlers:
        if h is not handler:
            h.setLevel(logging.INFO if verbose else logging.CRITICAL + 1)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return handler


def _data_dir_override(ctx: click.Context) -> Path | None:
    """``--data-dir`` given on the command line overrides the config's ``data_dir``; the
    environment variable does not (cron and an interactive shell must see the same state)."""
    root = ctx.find_root()
    if root.get_parameter_source("data_dir") == click.core.ParameterSource.COMMANDLINE:
        return ctx.obj.data_dir
    return None


@cli.command("watch")
@click.option(
    "--config",
    "config_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The watch configuration (TOML); see samples/watch.toml.",
)
@click.option(
    "--always-report",
    is_flag=True,
    help="Write the report workbook even when nothing is new.",
)
@click.option(
    "--verbose",
    "verbose_flag",
    is_flag=True,
    help="Interactive use: show progress on stderr and always print the summary.",
)
@click.pass_context
def watch_command(ctx: click.Context, config_path: Path, always_report: bool,
                  verbose_flag: bool) -> None:
    """Scheduled check: refresh the list, re-screen watched names, scan new news items.

    Prints a summary only when something is new (new, re-opened or resolved hits),
    writes a dated review workbook to the output directory, and logs everything to
    watch.log in the data directory.  Exit codes: 0 nothing new, 1 new hits,
    2 configuration error, 3 list problem, 4 another run holds the lock.
    """
    from sanctions_check.watch.config import load_config
    from sanctions_check.watch.run import WatchResult, run_watch

    app = ctx.obj
    if app.list_file is not None:
        raise click.UsageError("watch screens against the list store of its data directory; "
                               "--list FILE is not used here (see [list] in the config)")
    verbose = verbose_flag or app.verbose > 0
    config = load_config(config_path, data_dir=_data_dir_override(ctx))
    handler = _log_to_file(config.log_path, verbose)
    printed: list[bool] = []

    def on_report(result: WatchResult) -> None:
        if verbose or result.should_print(config.print_mode):
            click.echo("\n".join(result.summary_lines()))
            printed.append(True)

    try:
        log.info("watch run starting (config %s, data dir %s)", config.path, config.data_dir)
        result = run_watch(config, always_report=always_report or None, on_report=on_report)
        log.info("watch run %d finished in %.1f s: exit %d%s", result.run_id, result.seconds,
                 result.exit_code, " (summary printed)" if printed else "")
    except SanctionsCheckError as exc:
        log.error("watch run failed (exit %d): %s", exc.exit_code, exc)
        raise
    except Exception:
        log.exception("watch run failed with an internal error")
        raise
    finally:
        logging.getLogger("sanctions_check").removeHandler(handler)
        handler.close()
    ctx.exit(result.exit_code)


@cli.group("decisions")
def decisions_group() -> None:
    """Reviewer decisions for `watch`: import them from review workbooks."""


@decisions_group.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use the data directory of this watch configuration (else --data-dir).",
)
@click.pass_context
def decisions_import(ctx: click.Context, files: tuple[Path, ...],
                     config_path: Path | None) -> None:
    """Import decisions from review workbooks (watch reports or screening workbooks).

    Fill in Decision (True match / False positive / Escalated), Reviewer and Notes,
    then import the file: False positives stay cleared in later watch runs until
    the list entry is amended (then the hit is re-opened).
    """
    from sanctions_check.lists.versions import default_data_dir
    from sanctions_check.watch.config import load_config
    from sanctions_check.watch.run import import_decisions_file, read_review_decisions
    from sanctions_check.watch.state import State

    app: Any = ctx.obj
    if config_path is not None:
        data_dir = load_config(config_path, data_dir=_data_dir_override(ctx)).data_dir
    else:
        data_dir = app.data_dir or default_data_dir()
    for path in files:  # read everything first: a bad file imports nothing
        read_review_decisions(path)
    with State(Path(data_dir) / "watch.sqlite") as state:
        for path in files:
            n = import_decisions_file(state, path)
            click.echo(f"{path}: {n} decision{'s' if n != 1 else ''} imported "
                       f"into {state.path}")
