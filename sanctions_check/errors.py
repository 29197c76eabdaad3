"""The exception hierarchy of sanctions_check and the exit codes the CLI maps them to.

Every error the library raises on purpose derives from :class:`SanctionsCheckError`
and carries a one-line, user-facing message (naming the file or source at fault).
The CLI prints that line to stderr and exits with the class's ``exit_code``.

Exit codes (documented in the README):
    0  success, nothing found / nothing new
    1  hits found (screen, match, news) / new hits (watch)
    2  usage, configuration or input error
    3  list problem: missing, invalid, too old, failed download; or the watch
       database is missing (after its first run), empty, damaged or not ours
    4  another run holds the lock (watch)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_HITS = 1
EXIT_USAGE = 2
EXIT_LIST = 3
EXIT_LOCKED = 4


class SanctionsCheckError(Exception):
    """Base of every deliberate error; ``str(err)`` is one line for the user."""

    exit_code = EXIT_USAGE


class InputError(SanctionsCheckError):
    """An input file or value is unreadable, empty, hostile or malformed."""

    exit_code = EXIT_USAGE


class ConfigError(SanctionsCheckError):
    """A configuration file is invalid (unknown key, wrong type, missing path)."""

    exit_code = EXIT_USAGE


class ListError(SanctionsCheckError):
    """The sanctions list is missing, invalid, stale or could not be downloaded."""

    exit_code = EXIT_LIST


class StateError(SanctionsCheckError):
    """The ``watch`` database is missing after its first run, empty, damaged or not ours."""

    exit_code = EXIT_LIST


class LockedError(SanctionsCheckError):
    """Another run holds the lock of the data directory."""

    exit_code = EXIT_LOCKED


class UnusableNameError(InputError):
    """A query name that cannot be screened (empty, only punctuation or titles...)."""
