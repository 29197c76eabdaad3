"""Download a list file over http(s) or from a ``file://`` URL, with hard limits.

Contract: :func:`fetch` returns a :class:`Download` holding the complete body, or
raises :class:`~sanctions_check.errors.ListError` with one line naming the URL and
what went wrong: HTTP status, connection failure, timeout, a body shorter than its
``Content-Length`` (truncated), a body larger than ``max_bytes``, an empty body,
or an HTML page served instead of the XML list (a proxy or error page).  It never
returns partial data; validating the XML itself is the store's job.

Time limits: ``connect_timeout`` bounds connecting (and each network read);
``timeout`` bounds the whole download, including servers that stall or drip
bytes slowly: a watchdog shuts the connection down at the deadline.  Proxies
from the environment (``https_proxy`` ...) are honoured, as urllib does.
"""

from __future__ import annotations

import datetime as dt
import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sanctions_check.errors import ListError
from sanctions_check.files.lazy import lazy_logger
from sanctions_check.lists.unxml import DEFAULT_MAX_BYTES, read_local
from sanctions_check.version import __version__

log = lazy_logger(__name__)

OFFICIAL_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
DEFAULT_TIMEOUT = 120.0  # seconds for the whole download
DEFAULT_CONNECT_TIMEOUT = 30.0
_CHUNK = 64 * 1024
_USER_AGENT = f"sanctions-check/{__version__} (+list update)"


@dataclass(frozen=True)
class Download:
    """A complete downloaded body and where and when it came from."""

    url: str
    data: bytes
    retrieved_at: dt.datetime
    final_url: str = ""
    content_type: str | None = None
    status: int | None = None


def looks_like_html(data: bytes, content_type: str | None = None) -> bool:
    """True when a body is an HTML page rather than XML (error pages, captive portals)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    if content_type and "html" in content_type.lower():
        return not head.startswith((b"<?xml", b"<consolidated_list"))
    return False


def _html_title(data: bytes) -> str:
    match = re.search(rb"<title[^>]*>(.*?)</title>", data[:8192], re.I | re.S)
    if not match:
        return ""
    title = " ".join(match.group(1).decode("utf-8", "replace").split())
    return f" (page title: {title[:80]!r})" if title else ""


class _Watchdog:
    """Shuts down every socket it tracks once the total deadline passes."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.append(sock)
            if self.fired:
                self._shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._socks:
                self._shutdown(sock)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _tracked(cls: type[http.client.HTTPConnection], watchdog: _Watchdog) -> Any:
    """A connection class whose sockets the watchdog can shut down (urllib drops
    its reference to the connection's socket once the response has started)."""

    class Tracked(cls):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            if self.sock is not None:
                watchdog.track(self.sock)

    return Tracked


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self._watchdog = watchdog

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_tracked(http.client.HTTPConnection, self._watchdog), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self._watchdog = watchdog

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(
            _tracked(http.client.HTTPSConnection, self._watchdog),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


def _fetch_file(url: str, max_bytes: int) -> Download:
    path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))
    data = read_local(path, max_bytes, label=url)
    return Download(url, data, dt.datetime.now(dt.UTC), final_url=url)


def _read_body(
    resp: Any, url: str, max_bytes: int, watchdog: _Watchdog, timeout: float, resp_timeout: float
) -> bytes:
    expected = resp.headers.get("Content-Length")
    try:
        length = int(expected) if expected is not None else None
    except ValueError:
        length = None
    if length is not None and length > max_bytes:
        raise ListError(f"{url}: server announces {length} bytes, more than the limit of {max_bytes}")
    chunks: list[bytes] = []
    received = 0
    try:
        while True:
            chunk = resp.read1(_CHUNK)
            if not chunk:
                break
            received += len(chunk)
            if received > max_bytes:
                raise ListError(f"{url}: download exceeds the limit of {max_bytes} bytes")
            chunks.append(chunk)
    except http.client.IncompleteRead:
        if watchdog.fired:
            raise ListError(f"{url}: download timed out after {timeout:g} s") from None
        raise ListError(f"{url}: download truncated (connection closed early)") from None
    except (OSError, http.client.HTTPException) as exc:
        if watchdog.fired or (isinstance(exc, TimeoutError) and resp_timeout >= timeout):
            # (a read timeout as long as the total one is the total one: the watchdog's timer
            # thread may fire just after it on a busy machine)
            raise ListError(f"{url}: download timed out after {timeout:g} s") from None
        if isinstance(exc, TimeoutError):
            raise ListError(
                f"{url}: download stalled: no data for {resp_timeout:g} s "
                f"(after {received} bytes)"
            ) from None
        raise ListError(f"{url}: download failed ({exc})") from None
    if watchdog.fired:
        raise ListError(f"{url}: download timed out after {timeout:g} s")
    if length is not None and received < length:
        raise ListError(f"{url}: download truncated: got {received} of {length} bytes")
    return b"".join(chunks)


def _fetch_http(url: str, timeout: float, connect_timeout: float, max_bytes: int) -> Download:
    request = urllib.request.Request(
        url, headers={"User-Agent": _USER_AGENT, "Accept": "application/xml, text/xml, */*"}
    )
    started = time.monotonic()
    with _Watchdog(timeout) as watchdog:
        opener = urllib.request.build_opener(_HTTPHandler(watchdog), _HTTPSHandler(watchdog))
        read_timeout = min(connect_timeout, timeout)
        try:
            resp = opener.open(request, timeout=read_timeout)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise ListError(f"{url}: server answered HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            if watchdog.fired or (isinstance(reason, TimeoutError) and read_timeout >= timeout):
                # the total deadline, whichever of the watchdog and the read timeout (equal to
                # it) noticed first on a busy machine
                raise ListError(f"{url}: timed out after {timeout:g} s (no answer)") from None
            if isinstance(reason, TimeoutError):
                raise ListError(
                    f"{url}: no answer within {read_timeout:g} s (connect timeout)"
                ) from None
            if isinstance(reason, socket.gaierror):
                host = urllib.parse.urlsplit(url).hostname
                raise ListError(f"{url}: cannot resolve host {host!r}") from None
            text = getattr(reason, "strerror", None) or str(reason)
            raise ListError(f"{url}: cannot download ({text})") from None
        with resp:
            data = _read_body(resp, url, max_bytes, watchdog, timeout, read_timeout)
            content_type = resp.headers.get("Content-Type")
            final_url = resp.geturl()
            status = resp.status
    log.info("downloaded %s: %d bytes in %.1f s", url, len(data), time.monotonic() - started)
    return Download(url, data, dt.datetime.now(dt.UTC), final_url, content_type, status)


def fetch(
    url: str,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
) -> Download:
    """Download ``url`` (http, https or file) completely, or raise ListError."""
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme == "file":
        download = _fetch_file(url, max_bytes)
    elif scheme in ("http", "https"):
        download = _fetch_http(url, timeout, connect_timeout, max_bytes)
    else:
        raise ListError(
            f"{url}: unsupported URL (use http://, https:// or file://; "
            "for a local file: sanctions-check lists import FILE)"
        )
    if not download.data.strip():
        raise ListError(f"{url}: the download is empty")
    if looks_like_html(download.data, download.content_type):
        raise ListError(
            f"{url}: got an HTML page instead of the list XML{_html_title(download.data)}"
        )
    return download


__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "OFFICIAL_URL",
    "Download",
    "fetch",
    "looks_like_html",
    "read_local",
]
