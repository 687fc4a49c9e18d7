"""The user's cache folder: what strukturer keeps between runs (docs/performance.md).

``$STRUKTURER_CACHE``, else ``$XDG_CACHE_HOME/strukturer`` (``~/.cache/strukturer``).
Everything in it can be deleted at any time: a lost entry only costs the work it saved.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from pathlib import Path

#: The folder of the cache, instead of the XDG default.
CACHE_ENV = "STRUKTURER_CACHE"


def cache_root() -> Path:
    """The cache folder (not created)."""
    base = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "strukturer"
    )
    return Path(base)


def has_mark(kind: str, key: str) -> bool:
    """Whether :func:`set_mark` recorded ``key`` (a hash) under ``kind`` (False when the
    cache cannot be read, e.g. another user's)."""
    try:
        return (cache_root() / kind / key).is_file()
    except OSError:
        return False


def set_mark(kind: str, key: str) -> None:
    """Record ``key`` under ``kind`` as an empty file; silently nothing if the cache is
    not writable (the work is done again next time)."""
    folder = cache_root() / kind
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).touch()


@functools.cache
def code_digest() -> bytes:
    """A digest of strukturer's own source files (each one's name, size and modification
    time: the cache is this machine's): part of the key of anything cached that the code
    computes, so an edited checkout never reads what older code wrote. Stat only, as it
    is on the no-change rebuild's path."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        name = path.relative_to(package).as_posix()
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.digest()


def read_entry(kind: str, key: str) -> bytes | None:
    """The bytes :func:`write_entry` kept under ``kind``/``key``, or None."""
    try:
        return (cache_root() / kind / key).read_bytes()
    except OSError:
        return None


def write_entry(kind: str, key: str, data: bytes) -> None:
    """Keep ``data`` under ``kind``/``key`` (atomically); silently nothing if the cache is
    not writable."""
    from strukturer.errors import OutputError  # noqa: PLC0415
    from strukturer.outputs import write_atomic  # noqa: PLC0415  (only when writing)

    folder = cache_root() / kind
    with contextlib.suppress(OSError, OutputError):
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / key, data)
