"""Atomic output files for the engines: write beside the target, then rename into place."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path


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
