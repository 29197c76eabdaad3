"""The application factory: routes, the guard and one-line JSON errors.

Contract: :func:`create_app` returns the FastAPI application for
:class:`~sanctions_check.service.settings.ServiceSettings` (a :class:`ListHolder` may be
given, e.g. by tests; else one is made from the settings: the fixed ``list_file``, else
the store, else the bundled snapshot).  :func:`app_from_environment` is the factory uvicorn workers call (settings from
the environment).  Errors are JSON ``{"detail": "one line"}``, never a stack trace:

* 400 a body that is not valid JSON; 415 a JSON endpoint sent another content type
  (text, a form); 401 missing or wrong API key (:mod:`.guard`);
* 404 unknown path, entry or dataset; 413 body or batch too large;
* 422 a parameter or body field that does not fit, or an unusable name or date (the
  same rules as the CLI: :class:`~sanctions_check.errors.InputError`);
* 503 no list or a list problem; 500 anything else (logged with its traceback,
  answered as "internal error").

OpenAPI documentation is served at ``/docs`` (schema at ``/openapi.json``).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from sanctions_check.errors import InputError, ListError, SanctionsCheckError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.service import api, page, yente
from sanctions_check.service.api import JSONAnswer
from sanctions_check.service.guard import Guard
from sanctions_check.service.holder import ListHolder
from sanctions_check.service.settings import ServiceSettings
from sanctions_check.version import __version__

log = lazy_logger(__name__)

DESCRIPTION = """Screen names against the UN Security Council Consolidated List.

The same matcher, evidence and list store as the `sanctions-check` command line: every
answer names the list version (dateGenerated, sha256, age) and the algorithm.
`POST /match/{dataset}` accepts yente's request body and answers in yente's shape."""


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validation_detail(exc: RequestValidationError) -> tuple[int, str]:
    """(status, one-line reason) for the first problem of a request."""
    errors = exc.errors()
    if not errors:
        return 422, "invalid request"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return 400, "request body is not valid JSON"
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    where = ".".join(loc) or str((first.get("loc") or ["request"])[0])
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return 422, one_line(f"{where}: {message}")


def make_holder(settings: ServiceSettings) -> ListHolder:
    """The holder for these settings: the fixed file, else the store (checked)."""
    from sanctions_check.lists.store import ListStore
    from sanctions_check.matching.knownas import known_as_with

    store = ListStore(settings.data_dir) if settings.data_dir else ListStore.default()
    known = known_as_with(settings.aliases_file)
    if settings.list_file is not None:
        return ListHolder.for_file(settings.list_file, store, known_as=known)
    return ListHolder.for_store(store, settings.check_interval, known_as=known)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONAnswer:
        status, detail = validation_detail(exc)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        whole_body = any(tuple(e.get("loc", ())) == ("body",) for e in exc.errors())
        if whole_body and ctype != "application/json" and not ctype.endswith("+json"):
            # a JSON endpoint sent text, a form or a file: say what it takes
            status = 415
            detail = one_line(f"{request.method} {request.url.path} takes a JSON body "
                              f"(Content-Type: application/json), not {ctype or 'no content type'}")
        return JSONAnswer({"detail": detail}, status_code=status)
        return JSONAnswer({"detail": detail}, status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONAnswer:
        return JSONAnswer({"detail": one_line(exc.detail)}, status_code=exc.status_code,
                          headers=exc.headers)

    @app.exception_handler(SanctionsCheckError)
    async def library_error(_request: Request, exc: SanctionsCheckError) -> JSONAnswer:
        status = 503 if isinstance(exc, ListError) else 422 if isinstance(exc, InputError) \
            else 500
        return JSONAnswer({"detail": one_line(str(exc))}, status_code=status)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONAnswer:
        log.error("internal error answering %s", request.url.path, exc_info=exc)
        return JSONAnswer({"detail": "internal error; see the service log"}, status_code=500)


def create_app(settings: ServiceSettings | None = None, holder: ListHolder | None = None) -> Any:
    """The ASGI application (see the module docstring)."""
    settings = settings or ServiceSettings()
    app = FastAPI(title="sanctions-check", version=__version__, description=DESCRIPTION,
                  docs_url="/docs", redoc_url=None, default_response_class=JSONAnswer)
    app.state.settings = settings
    app.state.holder = holder if holder is not None else make_holder(settings)
    _install_handlers(app)
    app.include_router(api.router)
    app.include_router(yente.router)
    app.include_router(page.router)
    app.add_middleware(Guard, api_key=settings.api_key, max_body_bytes=settings.max_body_bytes)
    return app


def app_from_environment() -> Any:
    """uvicorn's factory for worker processes: settings from the environment."""
    return create_app(ServiceSettings.from_env())
