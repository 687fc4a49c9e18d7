"""SIGTERM and SIGHUP end strukturer the way Ctrl-C does, so its clean-up runs.

``timeout``, CI cancellation and systemd send SIGTERM; a closed terminal sends SIGHUP.
Python's default for both ends the process at once, leaving LibreOffice, temporary
folders and staging folders behind; raising :class:`KeyboardInterrupt` instead unwinds
the stack through every ``finally`` and context manager, as Ctrl-C does (docs/pdf.md,
"Signals and a killed parent").
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    for sig in STOP_SIGNALS:  # a second signal must not interrupt the clean-up
        signal.signal(sig, signal.SIG_IGN)
    raise KeyboardInterrupt(f"stopped by {signal.Signals(signum).name}")


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP raise KeyboardInterrupt in the main thread (no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in STOP_SIGNALS:
        signal.signal(sig, _interrupt)
