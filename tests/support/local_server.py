"""A real HTTP server on 127.0.0.1 for integration tests (stdlib ``http.server`` in a background thread).

    with LocalServer() as server:
        server.route("GET", "/items", json_reply([1, 2]))
        server.route("POST", "/hook", lambda request: json_reply({"got": request.json()}, status=201))
        ... server.url("/items") ...
        assert [r.method for r in server.requests] == ["GET"]

The ``local_server`` pytest fixture below yields a started server and stops it afterwards; import it into a
``conftest.py`` (``from tests.support.local_server import local_server``) to use it in another test folder.

Handlers run on the server's threads. A handler that must be slow blocks on ``server.release`` (an Event set when the
server stops, or by the test), so tests wait on events and never sleep for fixed times. Unknown routes answer 404.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

__all__ = ["Handler", "LocalServer", "RecordedRequest", "Reply", "json_reply", "local_server", "text_reply"]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    """Header names lower-cased."""
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode("utf-8"), keep_blank_values=True)


@dataclass
class Reply:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None


def json_reply(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(value).encode("utf-8"), {"Content-Type": "application/json", **(headers or {})})


def text_reply(text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Reply:
    return Reply(status, text.encode("utf-8"), {"Content-Type": content_type})


Handler = Callable[[RecordedRequest], Reply]


def _constant(reply: Reply) -> Handler:
    def handler(_request: RecordedRequest) -> Reply:
        return reply

    return handler


class LocalServer:
    """Routes are ``(METHOD, path)`` → a Reply or a callable returning one; every request is recorded first."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], Handler] = {}
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self.release = threading.Event()
        """Slow handlers wait on this; it is set when the server stops."""
        self.request_seen = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._make_handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="local-http-server", daemon=True
        )
        self._started = False

    # -- configuration -------------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def route(self, method: str, path: str, reply: Reply | Handler) -> None:
        self._routes[(method.upper(), path)] = _constant(reply) if isinstance(reply, Reply) else reply

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.path == path]

    # -- life cycle ----------------------------------------------------------------------------------------------

    def start(self) -> LocalServer:
        if not self._started:
            self._started = True
            self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._started:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
        self._httpd.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- request handling ----------------------------------------------------------------------------------------

    def _record(self, request: RecordedRequest) -> Handler | None:
        with self._lock:
            self._requests.append(request)
        self.request_seen.set()
        return self._routes.get((request.method, request.path))

    def _make_handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = RecordedRequest(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query, keep_blank_values=True),
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=body,
                )
                handler = server._record(request)
                reply = handler(request) if handler is not None else json_reply({"error": "not found"}, 404)
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                chunks: Iterator[bytes]
                if isinstance(reply.body, bytes):
                    chunks = iter((reply.body,))
                    length: int | None = len(reply.body)
                else:
                    chunks = iter(reply.body)
                    length = None
                try:
                    self.send_response(reply.status, reply.reason)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if length is not None:
                        self.send_header("Content-Length", str(length))
                    else:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    self.end_headers()
                    for chunk in chunks:
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle

            def log_message(self, format: str, *args: Any) -> None:
                return

        return _Handler


@pytest.fixture
def local_server() -> Generator[LocalServer, None, None]:
    """A started :class:`LocalServer`, stopped (and its slow handlers released) after the test."""
    with LocalServer() as server:
        yield server
