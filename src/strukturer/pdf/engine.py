"""PDF engine supervisor: one headless LibreOffice per :class:`Engine`.

Architecture (see ``docs/pdf.md``)::

    Engine (any Python) --JSON lines--> _worker.py (uno Python) --UNO pipe--> soffice.bin

The supervisor owns both child processes, each in its own process group, so a hung
conversion is ended by killing the office by pid. Each engine has a private temp dir
holding a copy of a template user profile and the office's ``TMPDIR``.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal, TypeVar

import attrs

from strukturer.errors import EngineError
from strukturer.pdf._lifecycle import Closing

#: Remote unoservers to convert with, "host:port,..." (strukturer.pdf.remote).
ENGINE_ENV = "STRUKTURER_ENGINE"
INSTALL_HINT = "Install it with: apt-get install libreoffice-writer-nogui python3-uno"
_WORKER = Path(__file__).with_name("_worker.py")
_START_TIMEOUT = 60.0
_OFFICE_FLAGS = (
    "--headless",
    "--invisible",
    "--nocrashreport",
    "--nodefault",
    "--nologo",
    "--nofirststartwizard",
    "--norestore",
    "--nolockcheck",
)
#: glibc keeps this much free memory at the top of the heap instead of handing it back.
#: LibreOffice grows and trims its heap over and over while it starts and converts:
#: 285,000 page faults for one start with glibc's default, 39,000 with 256 MiB, and the
#: start took 0.26 s instead of 0.69 s (docs/performance.md).
_MALLOC_TOP_PAD = str(256 * 1024 * 1024)
_RESTART_REQUIRED = 81  # first start on an empty profile may exit with 81: start again

T = TypeVar("T")


@attrs.frozen
class PdfOptions:
    """How a document is exported.

    ``pdfa``: ``"2b"`` (default, conventions A2), ``"1b"`` for strict archives, or
    ``None`` for plain tagged PDF 1.7. ``update_indexes`` refreshes fields and the table
    of contents before export (two passes). ``bookmark_destinations`` exports the Word
    bookmarks as named destinations (the mail merge finds its records by them).
    ``timeout`` is seconds per document.
    """

    pdfa: Literal["2b", "1b"] | None = "2b"
    update_indexes: bool = True
    bookmark_destinations: bool = False
    timeout: float = 60.0

    @property
    def pdf_version(self) -> int:
        """LibreOffice's ``SelectPdfVersion`` value."""
        return {"2b": 2, "1b": 1, None: 0}[self.pdfa]


@attrs.frozen
class PageRangeJob:
    """Pages ``first``..``last`` (1-based, inclusive) of a source exported to ``dst``."""

    first: int
    last: int
    dst: Path = attrs.field(converter=Path)
    title: str

    @property
    def page_range(self) -> str:
        """The range in LibreOffice's ``PageRange`` syntax."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@attrs.frozen
class ConvertJob:
    """One whole-document conversion, for :meth:`EnginePool.convert_many`."""

    src: Path = attrs.field(converter=Path)
    dst: Path = attrs.field(converter=Path)
    title: str


# -- locating LibreOffice and the uno interpreter -----------------------------------


def find_office() -> Path:
    """Path of ``soffice.bin``; ``STRUKTURER_SOFFICE`` overrides the search."""
    candidates: list[Path] = []
    env = os.environ.get("STRUKTURER_SOFFICE")
    if env:
        candidates.append(Path(env))
    which = shutil.which("soffice") or shutil.which("libreoffice")
    if which:
        candidates.append(Path(os.path.realpath(which)).with_name("soffice.bin"))
    candidates.append(Path("/usr/lib/libreoffice/program/soffice.bin"))
    candidates.extend(sorted(Path("/opt").glob("libreoffice*/program/soffice.bin"), reverse=True))
    for cand in candidates:
        exe = cand.with_name("soffice.bin") if cand.name == "soffice" else cand
        if exe.is_file() and os.access(exe, os.X_OK):
            return exe
    raise EngineError(f"LibreOffice (soffice.bin) was not found. {INSTALL_HINT}")


@functools.cache
def _can_import_uno(python: str) -> bool:
    try:
        proc = subprocess.run(
            [python, "-c", "import uno"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def find_uno_python(office: Path | None = None) -> Path:
    """An interpreter that can ``import uno``.

    Tried in order: ``STRUKTURER_UNO_PYTHON``, ``/usr/bin/python3``, LibreOffice's own
    bundled ``program/python`` (upstream builds).
    """
    candidates: list[Path] = []
    env = os.environ.get("STRUKTURER_UNO_PYTHON")
    if env:
        candidates.append(Path(env))
    candidates.append(Path("/usr/bin/python3"))
    with contextlib.suppress(EngineError):
        program = (office or find_office()).parent
        candidates += [program / "python", program / "python.bin"]
    for cand in candidates:
        if cand.is_file() and _can_import_uno(str(cand)):
            return cand
    tried = ", ".join(str(c) for c in candidates)
    raise EngineError(
        f"No Python interpreter that can import 'uno' was found (tried {tried}). "
        f"{INSTALL_HINT}, or set STRUKTURER_UNO_PYTHON to an interpreter with uno."
    )


# -- profile template ----------------------------------------------------------------

_template_lock = threading.Lock()
_template: dict[str, Path] = {}  # "profile" -> the populated template profile


def _office_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TMPDIR"] = str(tmp)
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    env.setdefault("MALLOC_TOP_PAD_", _MALLOC_TOP_PAD)
    return env


def _profile_cache(office: Path) -> Path | None:
    """Where the template profile for this LibreOffice installation is kept between runs.

    ``$STRUKTURER_CACHE`` or ``$XDG_CACHE_HOME/strukturer`` (``~/.cache/strukturer``); the
    folder name carries a hash of the office binary's path and modification time, so an
    upgraded LibreOffice gets a new profile. None when no cache folder can be made.
    """
    base = os.environ.get("STRUKTURER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "strukturer"
    )
    try:
        stamp = f"{office.resolve()}:{office.stat().st_mtime_ns}"
        folder = Path(base)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / f"lo-profile-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"


def _profile_template(office: Path) -> Path:
    """A populated user profile, copied for every start.

    Made once per LibreOffice installation and kept in the cache folder (a fresh
    profile costs a whole extra LibreOffice start, notes §1), or once per interpreter
    when there is no cache folder.
    """
    with _template_lock:
        cached = _template.get("profile")
        if cached is not None and cached.is_dir():
            return cached
        kept = _profile_cache(office)
        if kept is not None and (kept / "profile" / "user").is_dir():
            _template["profile"] = kept / "profile"
            return kept / "profile"
        parent = kept.parent if kept is not None else None
        root = Path(tempfile.mkdtemp(prefix="strukturer-lo-template-", dir=parent))
        profile = root / "profile"
        tmp = root / "tmp"
        tmp.mkdir()
        cmd = [
            str(office),
            *_OFFICE_FLAGS,
            f"-env:UserInstallation={profile.as_uri()}",
            "--terminate_after_init",
        ]
        for _ in range(3):
            try:
                rc = subprocess.run(
                    cmd,
                    env=_office_env(tmp),
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    timeout=_START_TIMEOUT,
                    check=False,
                ).returncode
            except subprocess.TimeoutExpired as exc:
                shutil.rmtree(root, ignore_errors=True)
                raise EngineError(
                    f"LibreOffice did not start within {_START_TIMEOUT:.0f} s"
                ) from exc
            if rc != _RESTART_REQUIRED:
                break
        if rc != 0 or not (profile / "user").is_dir():
            shutil.rmtree(root, ignore_errors=True)
            raise EngineError(f"LibreOffice failed to create a user profile (exit code {rc})")
        _harden_profile(profile / "user" / "registrymodifications.xcu")
        shutil.rmtree(tmp, ignore_errors=True)
        if kept is not None:
            try:
                os.rename(root, kept)  # atomic; another process may have won the race
            except OSError:
                shutil.rmtree(root, ignore_errors=True)
            if (kept / "profile" / "user").is_dir():
                _template["profile"] = kept / "profile"
                return kept / "profile"
        _template["profile"] = profile
        atexit.register(shutil.rmtree, root, True)
        return profile


def _harden_profile(xcu: Path) -> None:
    """Block linked external content (as Gotenberg does): PDF/A forbids it anyway (A2)."""
    from lxml import etree  # noqa: PLC0415 - once per installation; keeps the engine's import light

    oor = "http://openoffice.org/2001/registry"
    if not xcu.is_file():
        xcu.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<oor:items xmlns:oor="{oor}" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></oor:items>\n',
            encoding="utf-8",
        )
    tree = etree.parse(str(xcu))
    items = tree.getroot()
    settings = [
        ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
        ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
        ("/org.openoffice.Office.Common/Save/Document", "CreateBackup", "false"),
        ("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "false"),
    ]
    for path, name, value in settings:
        item = etree.SubElement(items, "item")
        item.set(f"{{{oor}}}path", path)
        prop = etree.SubElement(item, "prop")
        prop.set(f"{{{oor}}}name", name)
        prop.set(f"{{{oor}}}op", "fuse")
        etree.SubElement(prop, "value").text = value
    tree.write(str(xcu), xml_declaration=True, encoding="UTF-8")


# -- process helpers -----------------------------------------------------------------


def _kill_group(proc: subprocess.Popen[Any] | None) -> None:
    """Kill *proc*'s process group and reap it."""
    if proc is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5.0)


def office_socket_names(profile: Path, pipe: str = "") -> list[str]:
    """Names of the socket files an office with *profile* creates in /tmp.

    LibreOffice's osl layer puts its pipes in /tmp whatever ``TMPDIR`` says and leaves
    them behind when killed: ``OSL_PIPE_<uid>_<pipe>`` for ``--accept=pipe`` and
    ``OSL_PIPE_<uid>_SingleOfficeIPC_<md5>``, where <md5> is the MD5 of the profile URL
    in UTF-16LE, printed byte by byte with ``%x`` (desktop/source/app/officeipcthread.cxx).
    """
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    names = ["SingleOfficeIPC_" + "".join(f"{b:x}" for b in digest)]
    if pipe:
        names.append(pipe)
    return [f"OSL_PIPE_{os.getuid()}_{name}" for name in names]


def remove_office_sockets(profile: Path, pipe: str = "") -> None:
    """Remove the socket files of a stopped office (Gotenberg cleans them up too)."""
    for folder in (Path("/tmp"), Path("/var/tmp")):
        for name in office_socket_names(profile, pipe):
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def temp_beside(dst: Path) -> Path:
    """A unique temporary name in *dst*'s folder (same file system, so ``os.replace`` works)."""
    return dst.with_name(f".{dst.name}.{uuid.uuid4().hex[:12]}.part")


@contextlib.contextmanager
def atomic_target(dst: Path) -> Iterator[Path]:
    """Yield a temp path beside *dst*; on success move it into place, else remove it."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(dst)
    try:
        yield tmp
        os.replace(tmp, dst)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class _Crash(Exception):
    """The office or the worker died or hung; a restart is needed."""


class _Failed(Exception):
    """The worker reported an ordinary (non-fatal) failure."""


_live_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def _close_all() -> None:
    for engine in list(_live_engines):
        engine.close()


atexit.register(_close_all)


class Engine(Closing):
    """One headless LibreOffice that converts many documents, one at a time.

    Use as a context manager. Thread-safe (calls are serialised). A document whose
    conversion crashes or exceeds ``timeout`` has the office killed and restarted, and
    is retried once; a second failure raises :class:`EngineError` naming the document.
    """

    def __init__(self, *, start_timeout: float = _START_TIMEOUT, restart_after: int = 200) -> None:
        self.office = find_office()
        self.python: Path | None = None  # found while the first office boots
        self._start_timeout = start_timeout
        # LibreOffice does not return memory and slows down over time (notes §3, §4).
        self._restart_after = restart_after
        self._documents = 0
        self._lock = threading.RLock()
        self._root = Path(tempfile.mkdtemp(prefix="strukturer-engine-"))
        self._office_proc: subprocess.Popen[bytes] | None = None
        self._worker_proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._next_id = 0
        self._starts = 0
        self._open_src: Path | None = None  # the source of the open document
        self._pipe = ""
        self._profile: Path | None = None
        self.version = ""
        self.restarts = 0
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        _live_engines.add(self)

    # -- lifecycle ----------------------------------------------------------------

    @property
    def office_pid(self) -> int | None:
        """Pid of the running ``soffice.bin`` (tests kill it to simulate a crash)."""
        proc = self._office_proc
        return None if proc is None or proc.poll() is not None else proc.pid

    def _start(self) -> None:
        self._starts += 1
        run = self._root / f"run{self._starts}"
        profile = run / "profile"
        tmp = run / "tmp"
        run.mkdir()
        tmp.mkdir()
        shutil.copytree(_profile_template(self.office), profile, symlinks=True)
        self._profile = profile
        env = _office_env(tmp)
        deadline = time.monotonic() + self._start_timeout
        for attempt in range(2):
            self._pipe = f"strukturer-{uuid.uuid4().hex}"
            self._office_proc = subprocess.Popen(
                [
                    str(self.office),
                    *_OFFICE_FLAGS,
                    f"-env:UserInstallation={profile.as_uri()}",
                    f"--accept=pipe,name={self._pipe};urp;StarOffice.ComponentContext",
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            # Looked up while the office boots: probing the interpreter costs a process.
            if self.python is None:
                self.python = find_uno_python(self.office)
            self._start_worker(run, env)
            line = self._read(deadline)
            office_rc = self._office_proc.poll()
            if line is None and office_rc == _RESTART_REQUIRED and attempt == 0:
                self._stop_processes()  # a first start on a new profile: start once more
                continue
            if line is None:
                raise EngineError(
                    "LibreOffice did not start"
                    + (f" (soffice.bin exited with code {office_rc})" if office_rc else "")
                    + f"; worker log: {self._tail_log(run)}"
                )
            msg = json.loads(line)
            if msg.get("event") == "ready":
                self.version = str(msg.get("version", ""))
                return
            raise EngineError(f"Could not connect to LibreOffice: {msg.get('error')}")

    def _start_worker(self, run: Path, env: dict[str, str]) -> None:
        assert self.python is not None
        log = (run / "worker.log").open("a", encoding="utf-8")
        try:
            self._worker_proc = subprocess.Popen(
                [str(self.python), str(_WORKER), self._pipe, str(self._start_timeout)],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                encoding="utf-8",
                start_new_session=True,
            )
        finally:
            log.close()
        self._lines = queue.Queue()
        assert self._worker_proc.stdout is not None
        threading.Thread(
            target=self._pump, args=(self._worker_proc.stdout, self._lines), daemon=True
        ).start()

    @staticmethod
    def _tail_log(run: Path) -> str:
        try:
            text = (run / "worker.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(none)"
        return text.strip()[-600:] or "(empty)"

    @staticmethod
    def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    def _read(self, deadline: float) -> str | None:
        """Next protocol line, or None on EOF or when *deadline* passes."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                line = self._lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if self._office_proc is not None and self._office_proc.poll() is not None:
                    return None  # the office died; the worker may sit in a dead call
                continue
            if line is None or line.strip():
                return line

    def _stop_processes(self) -> None:
        """Kill the office and the worker.

        Nothing is lost by not asking LibreOffice to quit: documents are opened
        read-only, every PDF is complete before its call returns, and the profile is a
        throwaway copy. ``desktop.terminate()`` did not always end the process anyway
        (notes §5), and waiting for it cost a build 70 ms.
        """
        worker, office = self._worker_proc, self._office_proc
        self._worker_proc = self._office_proc = None
        self._open_src = None
        _kill_group(office)
        _kill_group(worker)
        if self._profile is not None:
            remove_office_sockets(self._profile, self._pipe)
        for proc in (worker,):
            if proc is not None:
                for stream in (proc.stdin, proc.stdout):
                    with contextlib.suppress(OSError, ValueError):
                        if stream:
                            stream.close()

    def _restart(self) -> None:
        self._stop_processes()
        self.restarts += 1
        # A crashed instance's profile and temp files are discarded, never reused.
        for run in self._root.glob("run*"):
            shutil.rmtree(run, ignore_errors=True)
        self._start()

    def close(self) -> None:
        """Stop the office (killed by pid, see :meth:`_stop_processes`); remove the temp dir."""
        with self._lock:
            self._stop_processes()
            shutil.rmtree(self._root, ignore_errors=True)
            _live_engines.discard(self)

    # -- request plumbing -----------------------------------------------------------

    def _request(self, deadline: float, op: str, **fields: Any) -> dict[str, Any]:
        worker = self._worker_proc
        if worker is None or worker.stdin is None or worker.poll() is not None:
            raise _Crash("the LibreOffice worker is not running")
        self._next_id += 1
        rid = self._next_id
        try:
            worker.stdin.write(json.dumps({"id": rid, "op": op, **fields}) + "\n")
            worker.stdin.flush()
        except (OSError, ValueError) as exc:
            raise _Crash(f"lost the LibreOffice worker: {exc}") from exc
        while True:
            line = self._read(deadline)
            if line is None:
                if time.monotonic() >= deadline:
                    raise _Crash("timed out")
                raise _Crash("LibreOffice stopped unexpectedly")
            msg = json.loads(line)
            if msg.get("id") != rid:
                continue
            if msg.get("ok"):
                return dict(msg)
            if msg.get("fatal"):
                raise _Crash(str(msg.get("error")))
            raise _Failed(str(msg.get("error")))

    def _with_retry(self, what: str, timeout: float, action: Callable[[float], T]) -> T:
        """Run ``action(deadline)``; on a crash or timeout restart the office and retry once."""
        with self._lock:
            if self._worker_proc is None:
                raise EngineError("the PDF engine is closed")
            for attempt in (1, 2):
                try:
                    return action(time.monotonic() + timeout)
                except _Failed as exc:
                    raise EngineError(f"LibreOffice failed on {what}: {exc}") from None
                except _Crash as exc:
                    reason = (
                        f"took longer than {timeout:g} s" if str(exc) == "timed out" else str(exc)
                    )
                    try:
                        self._restart()
                    except EngineError as start_exc:
                        raise EngineError(
                            f"LibreOffice failed on {what} ({reason}) and could not be "
                            f"restarted: {start_exc}"
                        ) from None
                    if attempt == 2:
                        raise EngineError(
                            f"LibreOffice failed on {what}: {reason} (also after a restart)"
                        ) from None
            raise AssertionError("unreachable")

    def _document_done(self) -> None:
        """Restart the office every ``restart_after`` documents, between documents."""
        with self._lock:
            self._documents += 1
            if self._restart_after and self._documents >= self._restart_after:
                self._documents = 0
                self._restart()
                self.restarts -= 1  # planned, not a failure

    def _ensure_open(self, src: Path, update_indexes: bool, deadline: float) -> int:
        """Load a private copy of *src* (no lock files beside the source, notes §5)."""
        copy = self._root / "in" / f"{uuid.uuid4().hex[:8]}-{src.name}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(src, copy)
        try:
            reply = self._request(deadline, "open", src=str(copy), update_indexes=update_indexes)
        finally:
            copy.unlink(missing_ok=True)
        self._open_src = src
        return int(reply["pages"])

    def _close_doc(self, deadline: float) -> None:
        self._open_src = None
        self._request(deadline, "close")

    # -- public API -------------------------------------------------------------------

    def convert(
        self, src: Path, dst: Path, *, title: str, options: PdfOptions | None = None
    ) -> None:
        """Convert the DOCX *src* to a tagged PDF (PDF/A-2b by default) at *dst*, atomically."""
        opts = options or PdfOptions()
        src, dst = Path(src), Path(dst)
        _check_source(src)

        def action(deadline: float) -> None:
            with atomic_target(dst) as tmp:
                self._ensure_open(src, opts.update_indexes, deadline)
                self._request(
                    deadline,
                    "export",
                    dst=str(tmp),
                    title=title,
                    pdf_version=opts.pdf_version,
                    bookmark_destinations=opts.bookmark_destinations,
                )
                self._close_doc(deadline)
                _check_output(tmp)

        self._with_retry(str(src), opts.timeout, action)
        self._document_done()

    def convert_ranges(
        self,
        src: Path,
        ranges: Sequence[PageRangeJob],
        *,
        options: PdfOptions | None = None,
        on_done: Callable[[int, Path], None] | None = None,
    ) -> None:
        """Load *src* once and export each job's pages as its own PDF with its own title.

        ``options.timeout`` applies to the load and to each export separately;
        ``on_done(index, dst)`` is called as each PDF is complete.
        """
        opts = options or PdfOptions()
        src = Path(src)
        _check_source(src)
        state = {"loaded": False}

        def load(deadline: float) -> None:
            self._ensure_open(src, opts.update_indexes, deadline)
            state["loaded"] = True

        self._with_retry(str(src), opts.timeout, load)
        try:
            for index, job in enumerate(ranges):

                def export(deadline: float, job: PageRangeJob = job) -> None:
                    if self._open_src is None:  # reload after a restart
                        self._ensure_open(src, opts.update_indexes, deadline)
                    with atomic_target(job.dst) as tmp:
                        self._request(
                            deadline,
                            "export",
                            dst=str(tmp),
                            title=job.title,
                            pdf_version=opts.pdf_version,
                            page_range=job.page_range,
                        )
                        _check_output(tmp)

                self._with_retry(
                    f"{src} pages {job.page_range} ({job.dst.name})", opts.timeout, export
                )
                if on_done is not None:
                    on_done(index, job.dst)
        finally:
            with self._lock:
                if self._open_src is not None:
                    with contextlib.suppress(_Crash, _Failed):
                        self._close_doc(time.monotonic() + opts.timeout)
        self._document_done()

    def record_pages(
        self, src: Path, bookmark_prefix: str, *, options: PdfOptions | None = None
    ) -> list[tuple[int, int]]:
        """Page span ``(first, last)`` of each record, from bookmarks named ``prefix...``.

        A record starts on the page of its bookmark and ends before the next record's
        page (or on the last page). Spans come in page order. Uses the layout (the view
        cursor's page), so records longer than a page work.
        """
        opts = options or PdfOptions()
        src = Path(src)
        _check_source(src)

        def action(deadline: float) -> dict[str, Any]:
            self._ensure_open(src, opts.update_indexes, deadline)
            reply = self._request(deadline, "bookmark_pages", prefix=bookmark_prefix)
            self._close_doc(deadline)
            return reply

        reply = self._with_retry(str(src), opts.timeout, action)
        self._document_done()
        return spans_from_starts([int(p) for _, p in reply["bookmarks"]], int(reply["pages"]))


def spans_from_starts(starts: Sequence[int], page_count: int) -> list[tuple[int, int]]:
    """Turn sorted record start pages into inclusive ``(first, last)`` spans."""
    spans: list[tuple[int, int]] = []
    for i, first in enumerate(starts):
        nxt = starts[i + 1] if i + 1 < len(starts) else page_count + 1
        if nxt <= first:
            raise EngineError(
                f"Two records start on page {first}: a record must begin on a new page"
            )
        spans.append((first, nxt - 1))
    return spans


def _check_source(src: Path) -> None:
    if not src.is_file():
        raise EngineError(f"{src}: no such DOCX file")


def _check_output(path: Path) -> None:
    try:
        head = path.read_bytes()[:5]
    except OSError as exc:
        raise _Failed(f"no PDF was written ({exc})") from None
    if head != b"%PDF-":
        raise _Failed("the output is not a PDF")
