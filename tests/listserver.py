"""A real HTTP server on 127.0.0.1 (ephemeral port) serving the list, good and bad.

Used by test_fetch.py and test_lists_cmd.py.  Paths:
  /list.xml      the real 2024 snapshot (Content-Type application/xml)
  /old.xml       the real 2020 snapshot
  /truncated     announces the full Content-Length, sends half, closes
  /html          200 with an HTML error page (a proxy / maintenance page)
  /error500      HTTP 500
  /notfound      HTTP 404
  /stall         headers, then silence (past any test timeout)
  /drip          headers, then one byte every 0.1 s (each read is quick, the total is not)
  /laughs        a billion-laughs XML document
  /empty         200 with an empty body
  /redirect      302 to /list.xml
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CONSOLIDATED_LIST dateGenerated="2024-09-27T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>
<DATAID>1</DATAID><FIRST_NAME>&lol9;</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>
</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>
"""

HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>"
    b"<body><h1>The site is under maintenance</h1></body></html>"
)

STOP_AFTER = 5.0  # slow handlers give up after this many seconds


class _Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def _head(self, status: int, length: int | None, ctype: str = "application/xml") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        path = self.path.split("?")[0]
        body = self.files.get(path)
        try:
            if body is not None:
                self._head(200, len(body))
                self.wfile.write(body)
            elif path == "/truncated":
                data = self.files["/list.xml"]
                self._head(200, len(data))
                self.wfile.write(data[: len(data) // 2])
                self.close_connection = True
            elif path == "/html":
                self._head(200, len(HTML_PAGE), "text/html; charset=utf-8")
                self.wfile.write(HTML_PAGE)
            elif path == "/error500":
                self.send_error(500, "Internal Server Error")
            elif path == "/notfound":
                self.send_error(404, "Not Found")
            elif path == "/stall":
                self._head(200, 1000)
                self.wfile.flush()
                time.sleep(STOP_AFTER)
            elif path == "/silent":  # no status line, no headers: the client hears nothing
                time.sleep(STOP_AFTER)
            elif path == "/drip":
                self._head(200, 1000)
                self.wfile.write(b"<?xml version='1.0'?>")
                self.wfile.flush()
                end = time.monotonic() + STOP_AFTER
                while time.monotonic() < end:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif path == "/laughs":
                self._head(200, len(BILLION_LAUGHS))
                self.wfile.write(BILLION_LAUGHS)
            elif path == "/empty":
                self._head(200, 0)
            elif path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/list.xml")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_error(404, "Not Found")
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def serve(files: dict[str, Path | bytes]) -> Iterator[str]:
    """Serve ``files`` (URL path -> file or bytes) plus the fixed bad paths; yield the base URL."""
    contents = {k: v if isinstance(v, bytes) else v.read_bytes() for k, v in files.items()}
    handler = type("Handler", (_Handler,), {"files": contents})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
