"""The ``sanctions-check`` command line: a thin layer over the library.

Contract: commands parse options, call public library functions, format output
(data to stdout, messages to stderr) and map exceptions to exit codes.  Only this
package configures logging, prints or exits.  Each command group lives in its own
module here and registers itself on :data:`cli` (:mod:`sanctions_check.cli.app`) when
imported: the group imports a command's module only when that command runs or its help
is shown (:data:`~sanctions_check.cli.app.COMMAND_MODULES`), so a one-off ``match`` starts
without loading the screening, news, watch or service code.

Exit codes: 0 ok / nothing found, 1 hits (or new hits), 2 usage or input error
(also an OSError such as a full disk or a file-size limit), 3 list or watch-state
problem, 4 locked by another run, 70 internal error (a bug: please report).  Everything
printed passes through :mod:`sanctions_check.cli.terminal` (control and bidi characters
escaped); Python's "exception ignored" reports are logged, never printed.
"""

from sanctions_check.cli.app import DATA_DIR_ENV, EXIT_INTERNAL, AppContext, cli, main

__all__ = ["DATA_DIR_ENV", "EXIT_INTERNAL", "AppContext", "cli", "main"]
