"""A tiny HTTP server on 127.0.0.1 for tests: serves a dict of paths, records every request.

    with Loopback({"/feed.rss": (200, "application/rss+xml", b"...")}) as site:
        url = site.url("/feed.rss"); ...; site.requests  -> [(method, path, headers, body)]
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Loopback:
    def __init__(self, routes: dict[str, tuple[int, str, bytes]] | None = None):
        self.routes = dict(routes or {})
        self.requests: list[tuple[str, str, dict, bytes]] = []
        self.etags: dict[str, str] = {}          # path -> ETag; a matching If-None-Match answers 304
        site = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                site.requests.append((method, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                etag = site.etags.get(self.path)
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                status, kind, payload = site.routes.get(self.path, (404, "text/plain", b"not here"))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self._answer("POST")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def paths(self, method: str = "GET") -> list[str]:
        return [p for m, p, _, _ in self.requests if m == method]

    def __enter__(self) -> "Loopback":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
