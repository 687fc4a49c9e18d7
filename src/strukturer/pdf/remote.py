"""Remote backend: convert through running ``unoserver`` instances (scale past one machine).

Select it with ``--engine host:port,host:port``, the project's ``engine`` or
``STRUKTURER_ENGINE`` (:func:`strukturer.pdf.converter.open_converter`). Each instance is an
``unoserver`` XML-RPC server (``python3 -m unoserver.server``) in front of its own
LibreOffice. Documents travel as bytes, so the servers need no shared file system.
Work is spread over the instances; a document whose instance dies is retried on
another one. See ``docs/pdf.md`` for what this backend cannot do.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import xmlrpc.client
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import attrs

from strukturer.errors import EngineError
from strukturer.pdf._files import atomic_target
from strukturer.pdf._lifecycle import Closing
from strukturer.pdf.fields import options_for
from strukturer.pdf.options import PdfOptions


@attrs.frozen
class Endpoint:
    """One unoserver XML-RPC address."""

    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        """``host:port`` (IPv6 as ``[::1]:2003``)."""
        host, sep, port = text.strip().rpartition(":")
        if not sep or not host or not port.isdigit():
            raise EngineError(f"{text!r} is not host:port (the address of an unoserver)")
        return cls(host.strip("[]"), int(port))

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def parse_endpoints(text: str) -> list[Endpoint]:
    """The endpoints of ``"host:port,host:port"``."""
    return [Endpoint.parse(part) for part in text.split(",") if part.strip()]


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        conn = super().make_connection(host)
        conn.timeout = self._timeout
        return conn


_CONNECTION_ERRORS = (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError)


class RemoteEngine(Closing):
    """Converts through one or more unoserver instances; same methods as :class:`Engine`.

    Differences from the local engine: unoserver refreshes indexes (two passes) but
    not other fields, and the title is stamped afterwards with pypdf.
    """

    def __init__(self, endpoints: Sequence[Endpoint | str], *, connect_timeout: float = 5.0):
        self.endpoints = [e if isinstance(e, Endpoint) else Endpoint.parse(e) for e in endpoints]
        if not self.endpoints:
            raise EngineError("RemoteEngine needs at least one host:port")
        self.version = ""
        self._lock = threading.Lock()
        self._turn = itertools.count()
        self._dead: set[Endpoint] = set()
        errors: list[str] = []
        for ep in self.endpoints:
            try:
                info = cast(dict[str, Any], self._proxy(ep, connect_timeout).info())
            except (*_CONNECTION_ERRORS, xmlrpc.client.Fault) as exc:
                errors.append(f"{ep}: {exc}")
                continue
            self.version = f"unoserver {info.get('unoserver', '?')} (API {info.get('api', '?')})"
            break
        if not self.version:
            raise EngineError("No unoserver is reachable: " + "; ".join(errors))

    def close(self) -> None:
        """Nothing to stop: the servers belong to someone else."""

    @staticmethod
    def _proxy(ep: Endpoint, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://{ep.host}:{ep.port}", allow_none=True, transport=_TimeoutTransport(timeout)
        )

    def _convert_on(
        self, ep: Endpoint, src: Path, dst: Path, title: str, options: PdfOptions
    ) -> None:
        proxy = self._proxy(ep, options.timeout)
        result = proxy.convert(
            None,
            xmlrpc.client.Binary(src.read_bytes()),
            None,
            "pdf",
            "writer_pdf_Export",
            options.filter_options(),
            options.update_indexes,
            None,
            None,
        )
        if not isinstance(result, xmlrpc.client.Binary):
            raise xmlrpc.client.Fault(1, "the server returned no file")
        data = result.data
        if not data.startswith(b"%PDF-"):
            raise xmlrpc.client.Fault(1, "the server returned no PDF")
        from strukturer.pdf.finishing import retitle  # noqa: PLC0415 - pypdf only when converting

        with atomic_target(dst) as tmp:
            tmp.write_bytes(data)
            retitle(tmp, title)

    def convert(
        self, src: Path, dst: Path, *, title: str, options: PdfOptions | None = None
    ) -> None:
        """Convert one DOCX on a live server, the servers taken in turn.

        A server that cannot be reached is skipped from then on while another one
        lives, and the document goes to the next; a conversion error reported by a
        server fails the document.
        """
        src, dst = Path(src), Path(dst)
        if not src.is_file():
            raise EngineError(f"{src}: no such DOCX file")
        opts = options_for(src, options)
        with self._lock:
            first = next(self._turn) % len(self.endpoints)
            order = self.endpoints[first:] + self.endpoints[:first]
            order = [ep for ep in order if ep not in self._dead] or order
        dead: list[str] = []
        for ep in order:
            try:
                self._convert_on(ep, src, dst, title, opts)
            except xmlrpc.client.Fault as exc:
                raise EngineError(
                    f"unoserver {ep} failed on {src.name}: {exc.faultString}"
                ) from exc
            except _CONNECTION_ERRORS as exc:
                dead.append(f"{ep} ({exc})")
                with self._lock:
                    self._dead.add(ep)
                continue
            with self._lock:
                self._dead.discard(ep)
            return
        raise EngineError(f"{src.name}: no unoserver answered: " + "; ".join(dead))

    @property
    def jobs(self) -> int:
        """How many conversions run at once: one per server."""
        return len(self.endpoints)
