"""Running code in a child process whose memory is capped, so a regression cannot take
the machine down: a limit that stopped working fails the test with MemoryError."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap

#: Address space for the child: enough for strukturer, far too little for a bomb.
MEMORY_BYTES = 1536 * 1024 * 1024


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_limited(
    code: str, *, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` in a child with capped memory; return its outcome."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        preexec_fn=_cap,
        env=env,
        timeout=600,
        check=False,
    )
