"""A real HTTP server on 127.0.0.1 for network tests (one origin per port).

Routes are plain functions of the request handler, so each test states exactly what the server does,
including hostile behaviour (dripping bytes, endless bodies, redirects). Requests are counted per
(method, path) so tests can prove caching and politeness.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


def send(h: BaseHTTPRequestHandler, status: int = 200, body: bytes = b"",
         headers: dict[str, str] | list[tuple[str, str]] | None = None) -> None:
    h.send_response(status)
    items = headers.items() if isinstance(headers, dict) else (headers or [])
    names = set()
    for k, v in items:
        h.send_header(k, v)
        names.add(k.lower())
    if "content-length" not in names:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if h.command != "HEAD" and body:
        h.wfile.write(body)


def text(body: str | bytes, status: int = 200, **headers: str) -> Route:
    data = body.encode() if isinstance(body, str) else body
    hdrs = {"Content-Type": "text/plain", **{k.replace("_", "-"): v for k, v in headers.items()}}
    return lambda h: send(h, status, data, hdrs)


def dripping(chunks: int, interval: float = 0.1) -> Route:
    """A body that promises 100 kB and sends one byte every `interval` seconds (wall-clock deadline tests)."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100000")
        h.end_headers()
        for _ in range(chunks):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(interval)

    return route


def redirect(location: str, status: int = 302) -> Route:
    return lambda h: send(h, status, b"", {"Location": location})


class LocalServer:
    def __init__(self, routes: dict[str, Route] | None = None, default: Route | None = None,
                 tls=None) -> None:
        """`tls`: an ssl.SSLContext (server side) to serve HTTPS."""
        self.routes: dict[str, Route] = dict(routes or {})
        self.default = default or (lambda h: send(h, 404, b"not found"))
        self.hits: Counter[tuple[str, str]] = Counter()
        self.requests: list[dict] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def _serve(self):
                path = self.path.split("?", 1)[0]
                with server._lock:
                    server.hits[(self.command, path)] += 1
                    server.requests.append({"method": self.command, "path": self.path,
                                            "headers": dict(self.headers), "time": time.monotonic()})
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    server.routes.get(path, server.default)(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with server._lock:
                        server.in_flight -= 1

            do_GET = do_HEAD = _serve

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.origin = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str) -> str:
        return self.origin + path

    def count(self, path: str, method: str | None = None) -> int:
        return sum(n for (m, p), n in self.hits.items() if p == path and (method is None or m == method))

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def fast_options(**overrides):
    """NetOptions for tests: loopback allowed, no politeness delay, short deadlines, no retries."""
    from auditor.net import NetOptions

    base = dict(allow_private_network=True, per_host_delay=0.0, deadline=3.0, connect_timeout=2.0,
                read_timeout=3.0, retries=0, backoff=0.05)
    base.update(overrides)
    return NetOptions(**base)


def fetch_many(urls, options=None, resolver=None, **kw):
    """Fetch `urls` concurrently with one SafeFetcher; returns (results, fetcher)."""
    import asyncio

    from auditor.net import SafeFetcher

    async def main():
        async with SafeFetcher(options or fast_options(), resolver=resolver) as f:
            results = await asyncio.gather(*(f.fetch(u, **kw) for u in urls))
            return list(results), f

    return asyncio.run(main())


def fetch_one(url, options=None, resolver=None, **kw):
    results, fetcher = fetch_many([url], options, resolver, **kw)
    return results[0]


def stub_resolver(table: dict[str, list[list[str]] | list[str]]):
    """A resolver answering from `table`; a list of lists answers differently on each lookup (rebinding)."""
    calls: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        calls.append(host)
        from auditor.net.addresses import ResolveFailed

        if host not in table:
            raise ResolveFailed(host)
        answers = table[host]
        if answers and isinstance(answers[0], list):
            n = sum(1 for c in calls if c == host) - 1
            return list(answers[min(n, len(answers) - 1)])
        return list(answers)

    resolve.calls = calls
    return resolve
