"""Putting outputs in place safely: atomic writes, and staging that publishes all at once.

Every file strukturer writes goes through :func:`write_atomic` (a temporary file beside
the target, ``fsync``, ``os.replace``), and every build stages its outputs in a
:class:`Staging` folder inside the output folder, published only when all succeeded.
A staging folder carries a marker with the process and host that made it, so a folder
left by a killed run is recognised and removed by the next one (docs/limits.md).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import struct
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from strukturer.errors import OutputError

STAGING_PREFIX = ".staging-"
#: The file in a staging folder naming the process that owns it.
OWNER_FILE = ".owner.json"
#: A staging folder without an owner file is stale once it is this old (seconds).
UNOWNED_GRACE = 60.0

# Linux's FS_IOC_GETFLAGS / FS_IOC_SETFLAGS (_IOR/_IOW('f', 1/2, long)) and FS_TOPDIR_FL.
_LONG = struct.calcsize("l")
_GET_FLAGS = (2 << 30) | (_LONG << 16) | (ord("f") << 8) | 1
_SET_FLAGS = (1 << 30) | (_LONG << 16) | (ord("f") << 8) | 2
_TOPDIR = 0x00020000

_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied (the folder is not writable)",
    errno.EPERM: "permission denied (the folder is not writable)",
    errno.EROFS: "the file system is read-only",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a file is in the way",
}


def os_reason(exc: OSError) -> str:
    """A short reason for ``exc`` a user can act on (e.g. "no space left on the device")."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc)


def write_atomic(path: Path, data: bytes, *, what: str | None = None) -> None:
    """Write ``data`` to ``path`` through a synced temporary file beside it and ``os.replace``.

    ``what`` names the file in the error message (default: ``path``). A reader sees the
    old file or the complete new one, never a part, also after a crash.
    """
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {what or path}: {os_reason(exc)}") from exc


def spread_subfolders(folder: Path) -> bool:
    """Ask the file system to place the folders made in ``folder`` as it places top-level
    ones, each in a block group of its own (ext4's ``chattr +T``); False where it has no
    such hint (other file systems, other systems), which changes nothing else.

    Without a journal, ext4 skips the recently deleted inodes of a group one by one for
    every file it creates there: after a build replaced hundreds of outputs, creating
    each new file took up to 1 ms of kernel time (docs/performance.md, "File creation").
    """
    if sys.platform != "linux":
        return False
    import fcntl  # noqa: PLC0415 - not on every system

    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    try:
        flags = struct.unpack("i", fcntl.ioctl(fd, _GET_FLAGS, struct.pack("i", 0)))[0]
        if not flags & _TOPDIR:
            fcntl.ioctl(fd, _SET_FLAGS, struct.pack("i", flags | _TOPDIR))
    except OSError:  # no such flags here (ENOTTY, EOPNOTSUPP), or not ours to set
        return False
    finally:
        os.close(fd)
    return True


def new_staging_folder(parent: Path) -> tuple[Path, Path]:
    """A new private folder ``.staging-…`` in ``parent``, and the folder made in it for the
    staged files, which the file system places away from the files recently deleted near
    ``parent`` (:func:`spread_subfolders`; ext4 starts its search for a group at a hash of
    the new folder's name, so the name is random too)."""
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
    spread_subfolders(folder)
    try:
        return folder, Path(tempfile.mkdtemp(dir=folder))
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def make_folder(folder: Path) -> Path | None:
    """Create ``folder`` and its parents, or raise OutputError saying why not.

    Returns the outermost folder this created (None when ``folder`` existed), so a
    caller can remove what it made if it fails.
    """
    try:
        existing = folder
        while not existing.exists():
            existing = existing.parent
        if not existing.is_dir():
            raise OutputError(f"cannot write into {existing}: it is a file, not a folder")
        created = None if existing == folder else existing / folder.relative_to(existing).parts[0]
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {folder}: {os_reason(exc)}") from exc
    return created


class Staging:
    """A private folder inside ``out_dir`` whose files are published together.

    Use as a context manager: on an exception the staging folder is removed, and so are
    the folders this build created for ``out_dir`` while they are still empty.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._created = make_folder(out_dir)
        remove_stale_staging(out_dir)
        try:
            self._folder, self.path = new_staging_folder(out_dir)  # path: the files
            owner = {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "process_start": process_start(os.getpid()),
                "started": time.time(),
            }
            (self._folder / OWNER_FILE).write_text(json.dumps(owner), encoding="utf-8")
        except OSError as exc:
            self._remove_empty_out_dir()
            raise OutputError(f"cannot write into {out_dir}: {os_reason(exc)}") from exc

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(failed=kind is not None)

    def final_path(self, staged: Path) -> Path:
        """Where publishing puts ``staged`` (a path inside the staging folder)."""
        return self.out_dir / staged.relative_to(self.path)

    def publish(self, files: Iterable[Path], *, stale: Iterable[Path] = ()) -> list[Path]:
        """Move staged ``files`` to the same place under ``out_dir``; remove ``stale`` outputs.

        ``stale`` are earlier outputs (paths under ``out_dir``) this build makes out of
        date without replacing them, e.g. the PDF beside a DOCX rebuilt alone.
        """
        published = []
        try:
            for path in files:
                target = self.out_dir / path.relative_to(self.path)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
                published.append(target)
            for path in stale:
                path.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot publish into {self.out_dir}: {os_reason(exc)}") from exc
        return published

    def close(self, *, failed: bool = False) -> None:
        """Remove the staging folder (and, after a failure, an empty ``out_dir`` it created)."""
        shutil.rmtree(self._folder, ignore_errors=True)
        if failed:
            self._remove_empty_out_dir()

    def _remove_empty_out_dir(self) -> None:
        """Remove the empty folders this staging created, innermost first."""
        if self._created is None:
            return
        folder = self.out_dir
        while True:
            try:
                folder.rmdir()
            except OSError:  # not empty: another build wrote into it
                return
            if folder == self._created:
                return
            folder = folder.parent


def remove_stale_staging(out_dir: Path) -> list[Path]:
    """Remove staging folders in ``out_dir`` whose owner process has ended; return them.

    A folder belongs to a live owner if its owner file names a running process on this
    host, or another host (which this one cannot ask), or if it has no owner file yet
    and is younger than :data:`UNOWNED_GRACE` seconds.
    """
    removed = []
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        if folder.is_dir() and _is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _is_stale(folder: Path) -> bool:
    try:
        owner = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
        pid, host = int(owner["pid"]), str(owner["host"])
    except (OSError, ValueError, KeyError, TypeError):
        # No owner file (yet), or one being written: judge by age.
        try:
            return time.time() - folder.stat().st_mtime > UNOWNED_GRACE
        except OSError:
            return False
    if host != socket.gethostname():
        return False
    return not _alive(pid, owner.get("process_start"))


def process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22; the name before ")" may hold spaces


def _alive(pid: int, started: object) -> bool:
    """Whether ``pid`` runs and is the process that started at ``started`` (if known)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process
    now = process_start(pid)
    return started is None or now is None or now == started  # a reused pid is not the owner
