"""The screening service: the matcher, evidence and list store behind a small, safe HTTP API.

Contract: :func:`sanctions_check.service.app.create_app` builds the ASGI application
(FastAPI) from :class:`~sanctions_check.service.settings.ServiceSettings`; ``sanctions-check
serve`` runs it under uvicorn.  Every answer is computed by the same library functions the
CLI calls (:mod:`sanctions_check.matching.documents`, :mod:`sanctions_check.screening.output`,
:mod:`sanctions_check.lists.records`), so the service and the CLI give the same results.

Modules (each small, each with its own contract):

* :mod:`.settings`  what the service is configured with (host, port, key, limits, list);
* :mod:`.holder`    the list in memory, re-checked at most once a minute, swapped atomically;
* :mod:`.guard`     ASGI middleware: API key (constant time) and request-body limit (413);
* :mod:`.app`       the application factory and error handlers (one-line JSON errors);
* :mod:`.api`       the JSON endpoints (/match, /screen, /compare, /entities, /lists, /healthz);
* :mod:`.yente`     the yente-compatible ``POST /match/{dataset}``;
* :mod:`.page`      the server-rendered search page at ``/``.

Requires the ``server`` extra (``pip install 'sanctions-check[server]'``: fastapi, uvicorn).
"""
