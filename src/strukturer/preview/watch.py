"""Which files of a project changed: polling, so no daemon and no extra dependency."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: Folders never watched: outputs, caches and version control.
IGNORED = {"dist", "__pycache__", "node_modules"}

Snapshot = dict[Path, tuple[int, int]]


def snapshot(folders: Iterable[Path], *, skip: Iterable[Path] = ()) -> Snapshot:
    """Modification time and size of every file below ``folders`` (hidden files, ``dist``
    and the folders in ``skip`` left out)."""
    skipped = {Path(p).resolve() for p in skip}
    found: Snapshot = {}
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            here = Path(root)
            dirs[:] = [
                d
                for d in dirs
                if not d.startswith(".")
                and d not in IGNORED
                and (here / d).resolve() not in skipped
            ]
            for name in files:
                if name.startswith(".") or name.endswith("~"):
                    continue
                path = here / name
                try:
                    stat = path.stat()
                except OSError:  # removed while walking
                    continue
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed(before: Snapshot, after: Snapshot) -> set[Path]:
    """Files added, removed or modified between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
