"""Children that die with strukturer: Linux's ``PR_SET_PDEATHSIG`` set to SIGKILL.

The kernel sends the signal when the *thread* that forked the child exits, so a child
started here must be waited for on the thread that started it (``subprocess.run``), or
started by one long-lived thread (:func:`strukturer.pdf._process.spawn`).
See docs/pdf.md, "Signals and a killed parent".
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1

_libc: Any = None
if sys.platform.startswith("linux"):
    with contextlib.suppress(OSError):
        _libc = ctypes.CDLL(None, use_errno=True)


def die_with_parent() -> Callable[[], None]:
    """A ``preexec_fn``: the child gets SIGKILL when the thread that forks it ends."""
    parent = os.getpid()

    def preexec() -> None:
        if _libc is not None:
            _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec
