"""UNO worker: drives one running ``soffice.bin`` on behalf of :mod:`strukturer.pdf.engine`.

Runs under the interpreter that can ``import uno`` (Debian's ``/usr/bin/python3`` with
``python3-uno``), so it uses only the standard library and ``uno``; it never imports
strukturer. Usage::

    python3 _worker.py PIPE_NAME CONNECT_TIMEOUT_SECONDS OFFICE_PID

Protocol: one JSON object per line. The worker first writes ``{"event": "ready", ...}``
(or ``{"event": "failed", ...}``), then answers each request ``{"id": N, "op": ..., ...}``
with ``{"id": N, "ok": true, ...}`` or ``{"id": N, "ok": false, "error": ..., "fatal": bool}``.
``fatal`` means the UNO bridge is gone and the office must be restarted.

The worker kills its office (OFFICE_PID) and exits when its input ends or its parent
dies, so no office outlives the strukturer process that started it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
from typing import Any

import uno
from com.sun.star.beans import PropertyValue

# Load flags; see com.sun.star.document.MacroExecMode / UpdateDocMode.
_MACRO_NEVER_EXECUTE = 0
_UPDATE_NO_UPDATE = 0
_FILTER_DOCX = "MS Word 2007 XML"
_FILTER_PDF = "writer_pdf_Export"


def _prop(name: str, value: Any) -> PropertyValue:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _is_fatal(exc: BaseException) -> bool:
    """Whether *exc* means the office process or the bridge is gone."""
    name = type(exc).__name__
    text = str(exc)
    return (
        name in {"DisposedException", "RuntimeException"}
        and ("disposed" in text.lower() or "bridge" in text.lower() or not text)
    ) or "Binary URP bridge" in text


class Worker:
    """Holds the connection to one office and at most one open document."""

    def __init__(self, pipe: str, connect_timeout: float) -> None:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + connect_timeout
        while True:
            try:
                self.ctx = resolver.resolve(url)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        smgr = self.ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.doc: Any = None

    def version(self) -> str:
        """The office's product version, e.g. ``7.4.7.2``."""
        provider = self.ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", self.ctx
        )
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess",
            (_prop("nodepath", "/org.openoffice.Setup/Product"),),
        )
        about = str(access.getByName("ooSetupVersionAboutBox"))
        ext = str(access.getByName("ooSetupExtension") or "")
        return about + ext if about.count(".") < 3 else about

    # -- operations -----------------------------------------------------------------

    def op_open(self, src: str, update_indexes: bool) -> dict[str, Any]:
        self.op_close()
        url = uno.systemPathToFileUrl(src)
        doc = self.desktop.loadComponentFromURL(
            url,
            "_blank",
            0,
            (
                _prop("Hidden", True),
                _prop("ReadOnly", True),
                _prop("UpdateDocMode", _UPDATE_NO_UPDATE),
                _prop("MacroExecutionMode", _MACRO_NEVER_EXECUTE),
                _prop("FilterName", _FILTER_DOCX),
            ),
        )
        if doc is None:
            raise LoadError(f"LibreOffice could not load {src} (no document returned)")
        self.doc = doc
        if update_indexes:
            self._refresh()
        return {}

    def _refresh(self) -> None:
        doc = self.doc
        indexes = doc.getDocumentIndexes()
        if not indexes.getCount():  # no table of contents: the fields need one pass
            doc.getTextFields().refresh()
            return
        # Two passes: a growing table of contents shifts the pages that it lists.
        for _ in range(2):
            doc.getTextFields().refresh()
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
            doc.refresh()
        doc.getTextFields().refresh()

    def _need_doc(self) -> Any:
        if self.doc is None:
            raise LoadError("no document is open")
        return self.doc

    def op_export(self, *, dst: str, title: str, filter_data: dict[str, Any]) -> dict[str, Any]:
        doc = self._need_doc()
        doc.getDocumentProperties().Title = title
        props = tuple(_prop(name, value) for name, value in filter_data.items())
        fd = uno.Any("[]com.sun.star.beans.PropertyValue", props)
        args = (_prop("FilterName", _FILTER_PDF), _prop("Overwrite", True), _prop("FilterData", fd))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dst), args))
        return {}

    def op_close(self) -> dict[str, Any]:
        doc, self.doc = self.doc, None
        if doc is not None:
            try:
                doc.close(True)
            except Exception as exc:
                if _is_fatal(exc):
                    raise
                doc.dispose()
        return {}

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if op == "open":
            return self.op_open(str(request["src"]), bool(request.get("update_indexes", True)))
        if op == "export":
            return self.op_export(
                dst=str(request["dst"]),
                title=str(request.get("title", "")),
                filter_data=dict(request["filter_data"]),
            )
        if op == "close":
            return self.op_close()
        raise ValueError(f"unknown op {op!r}")


class LoadError(Exception):
    """A document failed to load; not the office's fault."""


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def _watch_parent(parent: int, office: int) -> None:
    """Kill the office and exit when the parent dies (it is reparented)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    _kill(office)
    os._exit(3)


def main(argv: list[str]) -> int:
    # Keep the protocol channel clean: anything else printing to stdout goes to stderr.
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def send(obj: dict[str, Any]) -> None:
        proto.write(json.dumps(obj) + "\n")
        proto.flush()

    pipe, timeout, office = argv[1], float(argv[2]), int(argv[3])
    threading.Thread(target=_watch_parent, args=(os.getppid(), office), daemon=True).start()
    try:
        return _serve(pipe, timeout, send)
    finally:
        _kill(office)  # input ended or the worker failed: the office goes with it


def _serve(pipe: str, timeout: float, send: Any) -> int:
    try:
        worker = Worker(pipe, timeout)
        send({"event": "ready", "version": worker.version(), "pid": os.getpid()})
    except Exception as exc:
        send({"event": "failed", "error": f"{type(exc).__name__}: {exc}"})
        return 1
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        rid = request.get("id")
        try:
            result = worker.handle(request)
        except Exception as exc:
            fatal = _is_fatal(exc)
            send({"id": rid, "ok": False, "error": f"{type(exc).__name__}: {exc}", "fatal": fatal})
            if fatal:
                return 2
            continue
        send({"id": rid, "ok": True, **result})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
