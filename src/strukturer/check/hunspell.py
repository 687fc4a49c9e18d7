"""Spelling with the C ``hunspell`` program in ispell pipe mode (``hunspell -a``).

One process per :class:`Hunspell` (so one dictionary load per check run); words are sent
in one batch, each unique word once, and the answers are cached for the next texts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

import attrs

from strukturer.errors import CheckError

DICTIONARY = "sv_SE"
INSTALL_HINT = "apt-get install hunspell hunspell-sv"


@attrs.frozen
class SpellResult:
    """Hunspell's answer for one word."""

    ok: bool
    suggestions: tuple[str, ...] = ()


def dictionary_dirs() -> list[Path]:
    """Where to look for ``sv_SE.dic``/``.aff``, in order.

    The PyPI package ``hunspell-sv`` layout (``<venv>/share/hunspell``) first, then
    ``$DICPATH``, then the system's directories.
    """
    dirs = [Path(sys.prefix) / "share" / "hunspell", Path(sys.base_prefix) / "share" / "hunspell"]
    dirs += [Path(p) for p in os.environ.get("DICPATH", "").split(os.pathsep) if p]
    dirs += [
        Path("/usr/share/hunspell"),
        Path("/usr/local/share/hunspell"),
        Path("/usr/share/myspell"),
        Path("/usr/share/myspell/dicts"),
        Path("/opt/homebrew/share/hunspell"),
    ]
    return list(dict.fromkeys(dirs))


def find_dictionary(configured: str | None = None) -> Path:
    """Return the dictionary path without extension, or raise :class:`CheckError`."""
    if configured:
        base = Path(configured)
        if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file():
            return base
        raise CheckError(
            f"the spelling dictionary {configured}.dic/.aff set in [check] dictionary "
            f"does not exist; install one with: {INSTALL_HINT}"
        )
    searched = dictionary_dirs()
    for directory in searched:
        base = directory / DICTIONARY
        if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file():
            return base
    raise CheckError(
        f"the spelling check needs the Swedish Hunspell dictionary ({DICTIONARY}.dic and "
        f".aff), not found in {', '.join(str(d) for d in searched)}; install it with: "
        f"{INSTALL_HINT} (or set [check] dictionary, or disable the rule: "
        'disable = ["spelling"])'
    )


def find_hunspell(configured: str | None = None) -> str:
    """Return the hunspell program, or raise :class:`CheckError`."""
    found = shutil.which(configured or "hunspell")
    if found is None:
        raise CheckError(
            f"the spelling check needs the hunspell program ({configured or 'hunspell'} "
            f"not found); install it with: {INSTALL_HINT} (or disable the rule: "
            'disable = ["spelling"])'
        )
    return found


class Hunspell:
    """A running ``hunspell -a`` process with a cache of its answers."""

    def __init__(
        self, binary: str | None = None, dictionary: str | None = None, *, timeout: float = 60.0
    ) -> None:
        program = find_hunspell(binary)
        #: Seconds one batch of words may take before hunspell is taken to hang.
        self.timeout = timeout
        self._hung = False
        base = find_dictionary(dictionary)
        try:
            self._process = subprocess.Popen(
                [program, "-a", "-i", "utf-8", "-d", str(base)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                encoding="utf-8",
                env={**os.environ, "LC_ALL": "C.UTF-8"},
            )
        except OSError as exc:
            raise CheckError(f"cannot start {program}: {exc}; install: {INSTALL_HINT}") from exc
        self._started = False
        self.cache: dict[str, SpellResult] = {}

    def _stdout(self) -> str:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line and self._hung:
            raise CheckError(
                f"hunspell did not answer within {self.timeout:g} s and was stopped; "
                f"check the installation ({INSTALL_HINT})"
            )
        if not line:
            assert self._process.stderr is not None
            error = self._process.stderr.read().strip()
            raise CheckError(
                f"hunspell stopped unexpectedly{': ' + error if error else ''}; "
                f"check the installation ({INSTALL_HINT})"
            )
        return line.rstrip("\n")

    def check(self, words: Iterable[str]) -> dict[str, SpellResult]:
        """Spell-check ``words`` (one batch, each new word once); return answers for all."""
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self.cache]
        if new:
            watchdog = threading.Timer(self.timeout, self._stop_hung)  # a read has no timeout
            watchdog.start()
            try:
                self._spell(new)
            finally:
                watchdog.cancel()
        return {w: self.cache[w] for w in wanted}

    def _stop_hung(self) -> None:
        self._hung = True
        self._process.kill()  # the blocked read then ends, and _stdout says why

    def _spell(self, new: list[str]) -> None:
        """Ask hunspell about ``new`` words and cache the answers."""
        if not self._started:
            header = self._stdout()
            if not header.startswith("@(#)"):
                raise CheckError(f"unexpected answer from hunspell: {header!r}")
            self._started = True
        stdin = self._process.stdin
        assert stdin is not None

        def feed() -> None:
            try:
                stdin.write("".join(f"^{w}\n" for w in new))
                stdin.flush()
            except OSError:  # the reader reports the failure
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for word in new:
            self.cache[word] = self._read_answer()
        writer.join()

    def _read_answer(self) -> SpellResult:
        ok = True
        suggestions: list[str] = []
        while True:
            line = self._stdout()
            if line == "":
                return SpellResult(ok, tuple(suggestions))
            kind = line[0]
            if kind in "*+-":
                continue
            ok = False
            if kind == "&" and ": " in line:
                suggestions.extend(s.strip() for s in line.split(": ", 1)[1].split(", "))

    def close(self) -> None:
        """Stop the process."""
        if self._process.poll() is None:
            try:
                if self._process.stdin:
                    self._process.stdin.close()
                self._process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        for stream in (self._process.stdout, self._process.stderr):
            if stream:
                stream.close()

    def __enter__(self) -> Hunspell:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
