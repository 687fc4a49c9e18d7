"""The user's cache folder: what strukturer keeps between runs (docs/performance.md).

``$STRUKTURER_CACHE``, else ``$XDG_CACHE_HOME/strukturer`` (``~/.cache/strukturer``).
Everything in it can be deleted at any time: a lost entry only costs the work it saved.
"""

from __future__ import annotations

import contextlib
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
