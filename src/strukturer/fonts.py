"""Which characters the installed fonts can draw, from fontconfig (``fc-list``).

LibreOffice draws a character missing from the template's font with another installed
font; a character no installed font has comes out blank in the PDF, silently. The build
warns about such text (naming the text and its script), and ``strukturer doctor``
shows which scripts each template font covers (docs/limits.md). Coverage is read once
per process: ``fc-list`` over every font takes a few tens of milliseconds.
"""

from __future__ import annotations

import bisect
import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator

import attrs

#: Scripts ``strukturer doctor`` reports, each with characters that stand for it.
SCRIPT_SAMPLES: dict[str, str] = {
    "Latin": "AaÅäöé",
    "Greek": "Αβγ",
    "Cyrillic": "Абв",
    "Hebrew": "אבג",
    "Arabic": "ابت",
    "Devanagari": "कखग",
    "Thai": "กขค",
    "Ethiopic": "ሀለሐ",
    "CJK": "漢字",
    "Hangul": "한글",
    "Emoji": "\U0001f600\U0001f44d",
    "Flags": "\U0001f1f8\U0001f1ea",
}
#: Characters that draw nothing themselves: joiners, variation selectors, marks of direction.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\u2066\u2067\u2068\u2069\ufeff")


@attrs.frozen
class Coverage:
    """A set of code points as sorted, non-overlapping ranges ``(first, last)``."""

    ranges: tuple[tuple[int, int], ...]

    @classmethod
    def parse(cls, charsets: Iterable[str]) -> Coverage:
        """Join fontconfig charsets such as ``20-7e a0-36f 38c``."""
        found: list[tuple[int, int]] = []
        for charset in charsets:
            for item in charset.split():
                low, _, high = item.partition("-")
                found.append((int(low, 16), int(high or low, 16)))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return cls(tuple(merged))

    def __contains__(self, char: object) -> bool:
        if not isinstance(char, str) or len(char) != 1:
            return False
        point = ord(char)
        index = bisect.bisect_right(self.ranges, (point, 0x10FFFF + 1)) - 1
        return index >= 0 and self.ranges[index][0] <= point <= self.ranges[index][1]


def _fc_list(pattern: str) -> list[str] | None:
    if shutil.which("fc-list") is None:
        return None
    done = subprocess.run(
        ["fc-list", "--format", "%{charset}\n", pattern],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    return done.stdout.splitlines() if done.returncode == 0 else None


@functools.cache
def installed_coverage() -> Coverage | None:
    """What all installed fonts can draw together; None without fontconfig."""
    lines = _fc_list(":")
    return Coverage.parse(lines) if lines is not None else None


@functools.cache
def family_coverage(family: str) -> Coverage | None:
    """What the font ``family`` (all its styles) can draw; None without fontconfig."""
    lines = _fc_list(f":family={family}")
    return Coverage.parse(lines) if lines is not None else None


def scripts_covered(family: str) -> tuple[str, ...]:
    """The scripts of :data:`SCRIPT_SAMPLES` that ``family`` draws completely."""
    coverage = family_coverage(family)
    if coverage is None:
        return ()
    return tuple(
        script
        for script, sample in SCRIPT_SAMPLES.items()
        if all(char in coverage for char in sample)
    )


def script_of(char: str) -> str:
    """The script of ``char`` as a word, e.g. ``Ethiopic``, ``Emoji``, ``Flags``."""
    name = unicodedata.name(char, "")
    if name.startswith("REGIONAL INDICATOR"):
        return "Flags"
    if 0x1F000 <= ord(char) <= 0x1FAFF:
        return "Emoji"
    if unicodedata.category(char) == "So":
        return "Symbols"
    if name.startswith(("CJK", "HIRAGANA", "KATAKANA")):
        return "CJK"
    return name.split(" ")[0].capitalize() if name else f"U+{ord(char):04X}"


def undrawable(text: str, coverage: Coverage) -> Iterator[str]:
    """The characters of ``text`` no font in ``coverage`` draws, each once, in order."""
    seen: set[str] = set()
    for char in text:
        if char in seen or char in _INVISIBLE or char.isspace() or char in coverage:
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Mn"):
            continue  # controls, format characters and combining marks draw no glyph alone
        seen.add(char)
        yield char


def missing_glyphs_warning(
    place: str, text: str, start: tuple[str, int] | None = None
) -> str | None:
    """A warning for the characters in ``text`` no installed font can draw, or None.

    ``start`` is the file and line where ``text`` begins; the warning then names the
    line of the first such character.
    """
    coverage = installed_coverage()
    if coverage is None:
        return None
    chars = list(undrawable(text, coverage))
    if not chars:
        return None
    if start is not None:
        line = start[1] + text[: text.index(chars[0])].count("\n")
        place = f"{start[0]}:{line}: {place}"
    scripts = list(dict.fromkeys(script_of(c) for c in chars))
    shown = "".join(chars)[:40]
    codes = ", ".join(f"U+{ord(c):04X}" for c in chars[:8]) + (", …" if len(chars) > 8 else "")
    return (
        f"{place}: no installed font can draw {shown!r} ({codes}; script: "
        f"{', '.join(scripts)}); it will be blank in the PDF: install a font for it "
        "(see strukturer doctor)"
    )
