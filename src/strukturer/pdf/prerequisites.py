"""``strukturer doctor``: are LibreOffice, uno, the fonts and the Swedish dictionaries here?"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import attrs

from strukturer.errors import EngineError
from strukturer.pdf.locate import INSTALL_HINT, find_office, find_uno_python, office_version

DEFAULT_FONTS = ("Liberation Serif", "Liberation Sans", "Carlito", "Caladea")
HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"))


@attrs.frozen
class FontStatus:
    """Whether a font family is installed, and what fontconfig substitutes for it."""

    family: str
    installed: bool
    substitute: str = ""


@attrs.frozen
class DoctorReport:
    """What the PDF engine needs, found or not. ``str()`` gives a printable report."""

    office: str | None
    office_version: str | None
    uno_python: str | None
    fonts: tuple[FontStatus, ...]
    hunspell_sv: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when nothing is missing."""
        return not self.problems

    def __str__(self) -> str:
        def mark(good: bool) -> str:
            return "ok     " if good else "MISSING"

        lines = [
            f"{mark(self.office is not None)} LibreOffice: {self.office or '-'}"
            + (f" ({self.office_version})" if self.office_version else ""),
            f"{mark(self.uno_python is not None)} Python with uno: {self.uno_python or '-'}",
        ]
        for font in self.fonts:
            extra = "" if font.installed else f" (would use {font.substitute or '?'})"
            lines.append(f"{mark(font.installed)} font {font.family}{extra}")
        lines.append(
            f"{mark(bool(self.hunspell_sv))} Swedish hunspell: "
            + (", ".join(self.hunspell_sv) or "-")
        )
        lines += [f"  problem: {p}" for p in self.problems]
        return "\n".join(lines)


def _installed_families() -> set[str] | None:
    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    return {name.strip().casefold() for line in out.splitlines() for name in line.split(",")}


def _substitute(family: str) -> str:
    if shutil.which("fc-match") is None:
        return ""
    out = subprocess.run(
        ["fc-match", "-f", "%{family}", family],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    ).stdout
    return out.split(",")[0].strip()


def doctor(fonts: Sequence[str] = DEFAULT_FONTS) -> DoctorReport:
    """Check LibreOffice, the uno interpreter, *fonts* and the Swedish dictionaries."""
    problems: list[str] = []
    office: Path | None = None
    python: Path | None = None
    try:
        office = find_office()
    except EngineError as exc:
        problems.append(str(exc))
    try:
        python = find_uno_python(office)
    except EngineError as exc:
        problems.append(str(exc))
    version = office_version(office) if office is not None else None
    families = _installed_families()
    statuses: list[FontStatus] = []
    if families is None:
        problems.append("fontconfig (fc-list) is missing: apt-get install fontconfig")
    for family in fonts:
        installed = families is not None and family.casefold() in families
        statuses.append(FontStatus(family, installed, "" if installed else _substitute(family)))
        if not installed:
            problems.append(
                f"font {family!r} is not installed; metrics and page breaks will differ "
                "(e.g. apt-get install fonts-liberation2 fonts-crosextra-carlito "
                "fonts-crosextra-caladea)"
            )
    dictionaries = tuple(
        str(p) for d in HUNSPELL_DIRS for p in sorted(d.glob("sv_SE.*")) if p.is_file()
    )
    if not dictionaries:
        problems.append("Swedish hunspell dictionaries are missing: apt-get install hunspell-sv")
    if office is None or python is None:
        problems.append(INSTALL_HINT)
    return DoctorReport(
        office=str(office) if office else None,
        office_version=version,
        uno_python=str(python) if python else None,
        fonts=tuple(statuses),
        hunspell_sv=dictionaries,
        problems=tuple(dict.fromkeys(problems)),
    )
