"""The preview's web server: the page, its state as JSON, server-sent events and the page
images, on 127.0.0.1 only (the standard library's threading HTTP server)."""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from strukturer.preview.pages import MEDIA_TYPE
from strukturer.preview.state import State

PAGE = Path(__file__).with_name("page.html")
#: Seconds between keep-alive comments on the event stream.
HEARTBEAT = 15.0


class PreviewServer(ThreadingHTTPServer):
    """Serves ``state`` and the images below ``images``; ``port`` 0 picks a free port."""

    daemon_threads = True

    def __init__(self, state: State, images: Path, port: int = 0) -> None:
        self.state = state
        self.images = images.resolve()
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def start(self) -> threading.Thread:
        """Serve in a background thread."""
        thread = threading.Thread(target=self.serve_forever, name="preview-http", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows builds, not requests."""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/":
            self._send(PAGE.read_bytes(), "text/html; charset=utf-8")
        elif path == "/state":
            body = json.dumps(self.server.state.to_json(), ensure_ascii=False).encode("utf-8")
            self._send(body, "application/json")
        elif path == "/events":
            self._events()
        elif path.startswith("/images/"):
            self._image(path.removeprefix("/images/"))
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _image(self, relative: str) -> None:
        target = (self.server.images / relative).resolve()
        if not target.is_relative_to(self.server.images) or not target.is_file():
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self._send(target.read_bytes(), MEDIA_TYPE)

    def _events(self) -> None:
        """Server-sent events: ``data: <version>`` whenever the state changes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.server.state
        seen = -1
        try:
            while not self.server.stopping.is_set():
                version = state.wait(seen, HEARTBEAT)
                message = f"data: {version}\n\n" if version != seen else ": ping\n\n"
                seen = version
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
