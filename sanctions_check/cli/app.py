"""The ``sanctions-check`` command group: global options, logging set-up, exit codes.

Contract: :data:`cli` is the click group every command module registers on
(``@cli.command``), imported when its command is first asked for
(:data:`COMMAND_MODULES`); :class:`AppContext` carries the global options to the commands;
:func:`main` runs the group and maps exceptions to exit codes (0 ok / nothing found,
1 hits, 2 usage or input error, 3 list or watch-state problem, 4 locked, 70 internal
error).  Everything printed passes through :mod:`sanctions_check.cli.terminal`.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from sanctions_check.cli.terminal import TerminalSafe
from sanctions_check.errors import EXIT_USAGE, SanctionsCheckError
from sanctions_check.files.lazy import LOG_LEVELS, lazy_logger, when_logging
from sanctions_check.version import __version__

EXIT_INTERNAL = 70
DATA_DIR_ENV = "SANCTIONS_CHECK_DATA_DIR"
log = lazy_logger("sanctions_check")


@dataclass
class AppContext:
    """What the global options set, shared by every command through ``ctx.obj``."""

    data_dir: Path | None
    list_file: Path | None
    verbose: int
    quiet: bool
    aliases_file: Path | None = None

    def store(self) -> Any:
        """The list store in the data directory (``--data-dir``, env, or the default)."""
        from sanctions_check.lists.store import ListStore

        return ListStore(self.data_dir) if self.data_dir else ListStore.default()

    def versions(self) -> Any:
        """The list store's read side (:class:`~sanctions_check.lists.versions.ListVersions`):
        what screening needs, without the install and download code a one-off command would
        otherwise import."""
        from sanctions_check.lists.versions import ListVersions, default_data_dir

        return ListVersions(self.data_dir or default_data_dir())

    def known_as(self) -> Any:
        """The curated "known as" names (``--aliases FILE`` added to the repository's), or
        None for the matcher's default."""
        from sanctions_check.matching.knownas import known_as_with

        return known_as_with(self.aliases_file)

    def load_list(self, max_age_days: float | None = None) -> Any:
        """The list to screen against (:func:`sanctions_check.lists.source.load_list_in_force`:
        ``--list FILE``, the installed list, else the bundled snapshot); its notice, if any,
        goes to stderr every time, even with --quiet."""
        import datetime as dt

        with _loading():
            from sanctions_check.lists.source import load_list_in_force

            loaded = _kept(load_list_in_force(self.versions(), self.list_file,
                                              max_age_days=max_age_days))  # fmt: skip
        notice = loaded.provenance.notice(dt.datetime.now(dt.UTC))
        if notice:
            click.echo(f"sanctions-check: warning: {notice}", err=True)
        return loaded

    def matcher(self, sanctions_list: Any) -> Any:
        """The matcher over a loaded list, with the curated names of ``--aliases``; its built
        index is cached (a warm start: :mod:`sanctions_check.matching.matchercache`) beside
        an installed list's parse cache, or by content in ``<data dir>/cache`` for a list
        file and the bundled snapshot."""
        with _loading():  # its modules too (numpy...): imported with the collector paused
            from sanctions_check.matching.matchercache import cached_matcher, index_path

            where = index_path(sanctions_list, self.versions().data_dir)
            return _kept(cached_matcher(sanctions_list, where, known_as=self.known_as()))


# main() runs one command in this process, then exits (unlike a test calling `cli`): what
# was loaded is kept to the end, and the command run
_ONE_COMMAND: dict[str, Any] = {"process": False, "loaded": [], "command": None}
# commands that only read and print, in one thread: nothing to clean up when they end
QUICK_EXIT = frozenset({"compare", "match", "show"})
BLAS_THREADS_ENV = "OPENBLAS_NUM_THREADS"  # numpy's BLAS library: its thread pool's size


def _one_blas_thread() -> None:
    """Before numpy loads (the index's arrays), in a process that runs one command of
    :data:`QUICK_EXIT`: OpenBLAS starts no thread pool (``OPENBLAS_NUM_THREADS=1`` unless the
    environment sets it).  Such a command does no matrix product large enough to share, and
    the pool's threads, started when numpy loads and spinning while they wait, cost a
    one-off ``match`` a tenth of its CPU time and, on a busy machine, wall time."""
    os.environ.setdefault(BLAS_THREADS_ENV, "1")


@contextlib.contextmanager
def _loading() -> Iterator[None]:
    """Importing a command's modules, loading the list or the matcher: the garbage collector
    paused (each import and load makes thousands of objects that live on: collections
    meanwhile would only walk them); in a process that runs one command (:func:`main`), what
    was loaded is then frozen out of its sight (:func:`gc.freeze`): it lives as long as the
    process, and every collection while the command runs would otherwise walk its hundreds
    of thousands of objects again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _ONE_COMMAND["process"]:
            gc.freeze()
        if collecting:
            gc.enable()


def _kept(value: Any) -> Any:
    """``value``, kept to the end of a one-command process: freeing the list's and the
    index's objects one by one when the command returns costs more than using them."""
    if _ONE_COMMAND["process"]:
        _ONE_COMMAND["loaded"].append(value)
    return value


# Each command's module, imported only when the command runs (or its help is shown), so a
# one-off `match` loads none of the others (a test checks the table against the modules).
COMMAND_MODULES = {
    "compare": "match_cmd",
    "decisions": "watch_cmd",
    "lists": "lists_cmd",
    "match": "match_cmd",
    "news": "news_cmd",
    "screen": "screen_cmd",
    "serve": "serve_cmd",
    "show": "show_cmd",
    "watch": "watch_cmd",
}


class AppGroup(click.Group):
    """Loads each command's module on demand (:data:`COMMAND_MODULES`); maps library
    exceptions to a one-line message and a documented exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            with _loading():
                importlib.import_module(f"sanctions_check.cli.{module}")  # registers it on `cli`
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        _ONE_COMMAND["command"] = name
        if _ONE_COMMAND["process"] and name in QUICK_EXIT:
            _one_blas_thread()
        return name, command, rest

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SanctionsCheckError as exc:
            click.echo(f"sanctions-check: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("sanctions-check: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(0)
        except OSError as exc:  # the environment (disk full, permissions...), not a bug
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"sanctions-check: error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except Exception as exc:  # a bug: one line, traceback only on request
            if os.environ.get("SANCTIONS_CHECK_DEBUG"):
                raise
            log.debug("internal error", exc_info=True)
            click.echo(
                f"sanctions-check: internal error: {type(exc).__name__}: {exc} "
                "(set SANCTIONS_CHECK_DEBUG=1 for a traceback)",
                err=True,
            )
            ctx.exit(EXIT_INTERNAL)


def configure_logging(verbose: int, quiet: bool) -> None:
    """The package's messages to stderr at the level the options ask for; set up when
    :mod:`logging` is first used (:func:`~sanctions_check.files.lazy.when_logging`): a
    one-off ``match`` that logs nothing does not import it."""
    level = LOG_LEVELS["ERROR"] if quiet else LOG_LEVELS["WARNING"]
    if verbose == 1:
        level = LOG_LEVELS["INFO"]
    elif verbose > 1:
        level = LOG_LEVELS["DEBUG"]

    def set_up() -> None:
        import logging

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("sanctions-check: %(levelname)s: %(message)s"))
        root = logging.getLogger("sanctions_check")
        root.handlers[:] = [handler]
        root.setLevel(level)
        root.propagate = False

    when_logging(set_up, level)


@click.group(cls=AppGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sanctions-check")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=DATA_DIR_ENV,
    show_envvar=True,
    help="Where the list store (and watch state) lives. Default: the user data "
    "directory, e.g. ~/.local/share/sanctions-check.",
)
@click.option(
    "--list",
    "list_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this UN list XML file directly instead of the store.",
)
@click.option(
    "--aliases",
    "aliases_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A CSV file of your own curated \"known as\" names (reference_number,name,kind,"
    "source), matched besides the reviewed lists/known_as.csv installed with the package.",
)
@click.option("-v", "--verbose", count=True, help="More messages on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.pass_context
def cli(
    ctx: click.Context,
    data_dir: Path | None,
    list_file: Path | None,
    aliases_file: Path | None,
    verbose: int,
    quiet: bool,
) -> None:
    """Screen names against the UN Security Council Consolidated Sanctions List.

    Keep a validated local copy of the list (`lists update`), then screen single
    names (`match`), files of names (`screen`), news items (`news`), run the
    scheduled check (`watch`), print an entry's record (`show`) or serve an HTTP
    API and search page (`serve`).  Exit codes: 0 nothing found, 1 hits, 2 usage or
    input error, 3 list problem, 4 another run holds the lock, 70 internal error.
    """
    configure_logging(verbose, quiet)
    ctx.obj = AppContext(
        data_dir=data_dir.expanduser().resolve() if data_dir else None,
        list_file=list_file,
        verbose=verbose,
        quiet=quiet,
        aliases_file=aliases_file,
    )


def _unraisable(hook_args: Any) -> None:
    """Errors Python can only report, not raise (e.g. a generator of openpyxl's closed
    after a failed save): logged for -vv, never a traceback on the terminal."""
    log.debug("ignored: %s in %r", hook_args.exc_value, hook_args.object)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _ONE_COMMAND["process"] = True
    sys.unraisablehook = _unraisable
    sys.stdout = TerminalSafe(sys.stdout)
    sys.stderr = TerminalSafe(sys.stderr)
    try:
        code = cli.main(args=argv, prog_name="sanctions-check", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("sanctions-check: aborted", err=True)
        code = 130
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code if exc.exit_code else EXIT_USAGE
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    if _ONE_COMMAND["command"] in QUICK_EXIT:
        _quick_exit(code or 0)
    sys.exit(code or 0)


def _quick_exit(code: int) -> None:
    """End a command of :data:`QUICK_EXIT` at once: its output flushed, the logging handlers
    closed, then ``os._exit``, skipping the interpreter's tear-down (freeing the list and
    the index object by object, clearing every module), a tenth of a one-off ``match``."""
    logging = sys.modules.get("logging")  # (not imported if nothing was logged)
    if logging is not None:
        logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be written anyway
            pass
    os._exit(code)
