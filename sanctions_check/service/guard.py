"""ASGI middleware in front of every route: the API key and the request-body limit.

Contract: :class:`Guard` wraps an ASGI app.

* API key: when a key is configured every path except ``/healthz`` needs it, given as
  ``X-API-Key: KEY``, ``Authorization: Bearer KEY``, ``Authorization: ApiKey KEY`` (what
  OpenSanctions / yente clients send) or HTTP Basic with KEY as the password (what a
  browser prompts for, so the search page works without JavaScript).  Keys are compared
  with :func:`hmac.compare_digest` (constant time).  A missing or wrong key gets 401 with
  a one-line JSON reason and ``WWW-Authenticate: Basic``.
* Body limit: a ``Content-Length`` above ``max_body_bytes`` gets 413 before the body is
  read; a body without a length (chunked) is counted while the route reads it and cut
  off with 413 as soon as it passes the limit.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from typing import Any

OPEN_PATHS = frozenset({"/healthz"})

Scope = dict[str, Any]


def _json_response(status: int, detail: str, extra: list[tuple[bytes, bytes]] = ()) -> tuple:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    return status, headers + list(extra), body


def presented_key(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The key the request presents (see the module docstring), or None."""
    found = None
    for name, value in headers:
        if name == b"x-api-key":
            return value.decode("latin-1").strip()
        if name == b"authorization":
            scheme, _, rest = value.decode("latin-1").strip().partition(" ")
            scheme = scheme.lower()
            if scheme in ("bearer", "apikey"):
                found = rest.strip()
            elif scheme == "basic":
                try:
                    decoded = base64.b64decode(rest.strip(), validate=True).decode("utf-8")
                except (binascii.Error, UnicodeDecodeError):
                    continue
                found = decoded.partition(":")[2]
    return found


class Guard:
    """API key and body-size checks (see the module docstring)."""

    def __init__(self, app: Any, api_key: str | None, max_body_bytes: int) -> None:
        self.app = app
        self.key = api_key.encode("utf-8") if api_key else None
        self.max_body_bytes = max_body_bytes

    async def _send(self, send: Any, status: int, detail: str,
                    extra: list[tuple[bytes, bytes]] = ()) -> None:
        status, headers, body = _json_response(status, detail, extra)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def authorised(self, scope: Scope) -> bool:
        if self.key is None or scope.get("path") in OPEN_PATHS:
            return True
        given = presented_key(scope.get("headers") or [])
        return given is not None and hmac.compare_digest(given.encode("utf-8"), self.key)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self.authorised(scope):
            await self._send(send, 401, "missing or wrong API key (send X-API-Key: KEY)",
                             [(b"www-authenticate", b'Basic realm="sanctions-check"')])
            return
        length = None
        for name, value in scope.get("headers") or []:
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    await self._send(send, 400, "Content-Length is not a number")
                    return
        limit = self.max_body_bytes
        if length is not None and length > limit:
            await self._send(send, 413, f"request body of {length} bytes is larger than "
                                        f"the limit of {limit} bytes")
            return
        if length is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            receive = await self._buffered(receive, send, limit)
            if receive is None:
                return
        await self.app(scope, receive, send)

    async def _buffered(self, receive: Any, send: Any, limit: int) -> Any:
        """Read a body without Content-Length up to ``limit`` (413 beyond), then replay it."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return None  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._send(send, 413, f"request body is larger than the limit of "
                                            f"{limit} bytes")
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replay = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replay_receive() -> Any:
            return replay.pop() if replay else await receive()

        return replay_receive
