"""LibreOffice user profiles: the template made once per installation, the office's
environment, and the socket files an office leaves in ``/tmp``.

See docs/pdf.md, "Profiles".
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from strukturer._cache import cache_root
from strukturer.errors import EngineError
from strukturer.pdf._parent_death import die_with_parent

START_TIMEOUT = 60.0
OFFICE_FLAGS = (
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
#: The office's PATH: no programs. On its first document LibreOffice's GnuPG support
#: (gpgme) looks up gpgconf on PATH and runs gpgconf, gpg and gpgsm five times (about
#: 0.1 s of each engine's first conversion); without them it runs none, and the PDFs are
#: byte for byte the same (docs/performance.md). ``paperconf`` is not found either, and
#: every template sets its page size.
_NO_PROGRAMS = "/nonexistent"
RESTART_REQUIRED = 81  # first start on an empty profile may exit with 81: start again

#: Raised whenever the template is made differently, so that caches make it anew.
_TEMPLATE_VERSION = 2
_template_lock = threading.Lock()
_template: dict[str, Path] = {}  # "profile" -> the populated template profile


def office_env(tmp: Path) -> dict[str, str]:
    """The environment of an office and its UNO worker, their temporary files in ``tmp``."""
    env = dict(os.environ)
    env["TMPDIR"] = str(tmp)
    env["PATH"] = _NO_PROGRAMS
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    env.setdefault("MALLOC_TOP_PAD_", _MALLOC_TOP_PAD)
    return env


def _profile_cache(office: Path) -> Path | None:
    """Where the template profile for this LibreOffice installation is kept between runs.

    ``$STRUKTURER_CACHE`` or ``$XDG_CACHE_HOME/strukturer`` (``~/.cache/strukturer``); the
    folder name carries a hash of the office binary's path and modification time and of
    ``_TEMPLATE_VERSION``, so an upgraded LibreOffice, or a template made differently, gets
    a new profile. None when no cache folder can be made.
    """
    try:
        stamp = f"{office.resolve()}:{office.stat().st_mtime_ns}:{_TEMPLATE_VERSION}"
        folder = cache_root()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / f"lo-profile-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"


def profile_template(office: Path) -> Path:
    """A populated user profile, copied for every start.

    Made once per LibreOffice installation and kept in the cache folder (a fresh
    profile costs a whole extra LibreOffice start, docs/pdf.md "Profiles"), or once per interpreter
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
        try:
            _make_profile(office, profile, root / "tmp")
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
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


def copy_profile(office: Path, dest: Path) -> None:
    """Copy the template profile of ``office`` (:func:`profile_template`) to ``dest``,
    which must not exist yet.

    In a ``cp`` process: copying in Python takes the interpreter for each of some two
    hundred file operations, and while a build imports on its main thread each take
    waited for it, so the copy took 0.2–0.3 s instead of 10 ms (docs/performance.md).
    """
    template = profile_template(office)
    try:
        done = subprocess.run(
            ["cp", "-R", "-P", "-p", str(template), str(dest)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
            preexec_fn=die_with_parent(),
        )
    except OSError as exc:
        raise EngineError(f"cannot copy LibreOffice's profile to {dest}: {exc}") from exc
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip() or f"exit code {done.returncode}"
        raise EngineError(f"cannot copy LibreOffice's profile to {dest}: {reason}")


def _make_profile(office: Path, profile: Path, tmp: Path) -> None:
    """Create ``profile``, harden it, then convert one small document with it.

    A profile made with ``--terminate_after_init`` alone lacks what LibreOffice records
    on its first full start (the version it last ran, the extensions it synchronised),
    so every office started on a copy of it ran its graphics self-tests and synchronised
    the bundled extensions again: about 0.25 s of each engine start (docs/performance.md).
    """
    tmp.mkdir(parents=True)
    _run_office(office, profile, tmp, "--terminate_after_init")
    _harden_profile(profile / "user" / "registrymodifications.xcu")
    sample = tmp / "profile.txt"
    sample.write_text("strukturer\n", encoding="utf-8")
    _run_office(office, profile, tmp, "--convert-to", "pdf", "--outdir", str(tmp), str(sample))
    shutil.rmtree(tmp, ignore_errors=True)


def _run_office(office: Path, profile: Path, tmp: Path, *args: str) -> None:
    """Run LibreOffice on ``profile`` with ``args`` until it ends (again after an 81)."""
    cmd = [str(office), *OFFICE_FLAGS, f"-env:UserInstallation={profile.as_uri()}", *args]
    for _ in range(3):
        try:
            rc = subprocess.run(
                cmd,
                env=office_env(tmp),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=START_TIMEOUT,
                check=False,
                preexec_fn=die_with_parent(),
            ).returncode
        except subprocess.TimeoutExpired as exc:
            raise EngineError(f"LibreOffice did not start within {START_TIMEOUT:.0f} s") from exc
        if rc != RESTART_REQUIRED:
            break
    if rc != 0 or not (profile / "user").is_dir():
        raise EngineError(f"LibreOffice failed to create a user profile (exit code {rc})")


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
        # Spelling and grammar as you type: nothing of it is exported (docs/performance.md).
        ("/org.openoffice.Office.Linguistic/SpellChecking", "IsSpellAuto", "false"),
        ("/org.openoffice.Office.Linguistic/GrammarChecking", "IsAutoCheck", "false"),
    ]
    for path, name, value in settings:
        item = etree.SubElement(items, "item")
        item.set(f"{{{oor}}}path", path)
        prop = etree.SubElement(item, "prop")
        prop.set(f"{{{oor}}}name", name)
        prop.set(f"{{{oor}}}op", "fuse")
        etree.SubElement(prop, "value").text = value
    tree.write(str(xcu), xml_declaration=True, encoding="UTF-8")


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
