"""``sanctions-check serve``: run the screening service (HTTP API and search page).

Thin layer over :mod:`sanctions_check.service`: builds
:class:`~sanctions_check.service.settings.ServiceSettings` from the options, the global
``--data-dir`` / ``--list`` and ``SANCTIONS_CHECK_API_KEY``, refuses an unsafe start
or a host and port it cannot listen on (ConfigError, exit 2, one line) and runs uvicorn
until interrupted.  Needs the ``server`` extra
(exit 2 with the install command when it is missing).  Exit codes: 0 stopped, 2 usage
or configuration error, 3 list problem at start.
"""

from __future__ import annotations

import os
import socket

import click

from sanctions_check.cli.app import AppContext, cli
from sanctions_check.cli.options import number
from sanctions_check.errors import ConfigError
from sanctions_check.files.numbers import MAX_DAYS
from sanctions_check.lists.store import DEFAULT_MAX_AGE_DAYS


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs SANCTIONS_CHECK_API_KEY "
              "(or --insecure).")
@click.option("--port", type=number(0, 65535, integer=True), default=8000, show_default=True)
@click.option("--workers", type=number(1, 64, integer=True), default=1, show_default=True,
              help="Worker processes (each holds the list in memory, about 100 MB).")
@click.option("--max-age-days", type=number(0, MAX_DAYS), default=DEFAULT_MAX_AGE_DAYS,
              show_default=True, help="/healthz answers 503 and the page warns beyond this "
              "list age.")
@click.option("--max-batch", type=number(1, 100_000, integer=True), default=1000, show_default=True,
              help="Records accepted in one POST /screen (413 beyond).")
@click.option("--insecure", is_flag=True,
              help="Allow a non-loopback --host without an API key.")
@click.pass_obj
def serve_command(app: AppContext, host: str, port: int, workers: int, max_age_days: float,
                  max_batch: int, insecure: bool) -> None:
    """Serve the JSON API, a yente-compatible /match/{dataset} and a search page.

    Answers from the list in memory: the global --list FILE, else the installed list,
    else the bundled snapshot (saying so in every answer); a list installed by `lists
    update` is picked up within a minute, without a restart.  Set
    SANCTIONS_CHECK_API_KEY to require a key on every endpoint but /healthz.
    API documentation: http://HOST:PORT/docs.

    Example: sanctions-check serve --port 8000
    """
    try:
        import uvicorn

        from sanctions_check.service.app import create_app
        from sanctions_check.service.settings import (
            API_KEY_ENV,
            SETTINGS_ENV,
            ServiceSettings,
        )
    except ImportError as exc:
        raise ConfigError(
            f"the service needs the server extra ({exc.name} is missing): "
            "pip install 'sanctions-check[server]'"
        ) from None
    settings = ServiceSettings(
        host=host, port=port, api_key=os.environ.get(API_KEY_ENV), insecure=insecure,
        data_dir=app.data_dir, list_file=app.list_file, aliases_file=app.aliases_file,
        max_age_days=max_age_days,
        max_screen_records=max_batch,
    )
    settings.check()
    _check_can_listen(host, port)
    level = "warning" if app.quiet else "info"
    try:
        if workers == 1:
            uvicorn.run(create_app(settings), host=host, port=port, log_level=level,
                        access_log=app.verbose > 0, server_header=False)
            return
        os.environ[SETTINGS_ENV] = settings.to_env()
        uvicorn.run("sanctions_check.service.app:app_from_environment", factory=True,
                    host=host, port=port, workers=workers, log_level=level,
                    access_log=app.verbose > 0, server_header=False)
    except SystemExit as exc:
        if exc.code in (None, 0):
            raise
        # uvicorn's start-up failure (its own log line says why); its exit code 3 would
        # read as a list problem here
        raise ConfigError(f"the service could not start on {host}:{port} "
                          f"(uvicorn exit {exc.code}; see the message above)") from None


def _check_can_listen(host: str, port: int) -> None:
    """ConfigError (one line, exit 2) when ``host:port`` cannot be listened on: a port in
    use, an address this machine does not have, a privileged port."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise ConfigError(f"--host {host}: not an address to listen on ({exc.strerror})") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port} "
                              f"({(exc.strerror or str(exc)).lower()})") from None
