"""Finding LibreOffice, an interpreter that can ``import uno``, and the office's version."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from strukturer._cache import has_mark, set_mark
from strukturer.errors import EngineError

INSTALL_HINT = "Install it with: apt-get install libreoffice-writer-nogui python3-uno"


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
    """Whether *python* can ``import uno``; a yes is kept in the user's cache, keyed by
    the interpreter file, so a build does not start one more interpreter while the
    office boots (docs/performance.md)."""
    try:
        stat = os.stat(python)
    except OSError:
        return False
    stamp = f"{os.path.realpath(python)}:{stat.st_size}:{stat.st_mtime_ns}"
    key = hashlib.sha256(stamp.encode()).hexdigest()
    if has_mark(_UNO_PYTHONS, key):
        return True
    if _probe_uno(python):
        set_mark(_UNO_PYTHONS, key)
        return True
    return False


_UNO_PYTHONS = "uno-pythons"


def _probe_uno(python: str) -> bool:
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


def libreoffice_version() -> str | None:
    """The local LibreOffice's version, e.g. ``25.2.3.2``; None when none is found.

    Read from the installation's configuration (``share/registry/main.xcd``), without
    starting the office; cached per installation.
    """
    try:
        office = find_office()
    except EngineError:
        return None
    return _installed_version(office.resolve())


@functools.cache
def _installed_version(office: Path) -> str | None:
    from lxml import etree  # noqa: PLC0415 - only when a version is asked for

    xcd = office.parent.parent / "share" / "registry" / "main.xcd"
    oor = "http://openoffice.org/2001/registry"
    try:
        for _, prop in etree.iterparse(str(xcd), tag="prop"):
            if prop.get(f"{{{oor}}}name") == "ooSetupVersionAboutBox":
                value = prop.findtext("value")
                if value:
                    return str(value).strip()
    except (OSError, etree.XMLSyntaxError):
        pass
    reported = office_version(office)  # an unusual installation: ask the office itself
    return reported.split()[1] if reported and len(reported.split()) > 1 else None


def office_version(office: Path) -> str | None:
    """``soffice.bin --version``, e.g. ``LibreOffice 25.2.3.2 520(Build:2)`` (scratch profile)."""
    with tempfile.TemporaryDirectory(prefix="strukturer-doctor-") as tmp:
        try:
            out = subprocess.run(
                [str(office), "--version", f"-env:UserInstallation={Path(tmp).as_uri()}"],
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return None
    return out or None
