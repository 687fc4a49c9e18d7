"""Reading a TOML file while keeping the line of every table and key (tomllib keeps none)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from strukturer.content.sources import (
    ContentProblem,
    LocatedFile,
    LocatedText,
    Path_,
    Positions,
    read_text,
)
from strukturer.errors import Problem


def load_toml(path: Path, shown: str) -> tuple[dict[str, Any], Positions]:
    """Load a TOML file and the line of each table and key (tomllib keeps none)."""
    text = read_text(path, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ContentProblem(
            Problem(shown, int(match[1]) if match else None, "", f"invalid TOML: {exc}")
        ) from None
    except RecursionError:
        raise ContentProblem(Problem(shown, None, "", "invalid TOML: nested too deeply")) from None
    positions = Positions()
    positions.files[shown] = LocatedFile(shown, path, text)
    for key_path, line, match in _toml_key_lines(text):
        positions.add(key_path, shown, line)
        if match is not None:
            found = _toml_text(shown, _lookup(data, key_path), key_path, line - 1, match)
            if found is not None:
                positions.texts[(shown, found.line, found.column)] = found
    return data, positions


def _lookup(data: Any, path: Path_) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _toml_text(
    file: str, value: Any, path: Path_, line: int, match: re.Match[str]
) -> LocatedText | None:
    """A one-line string as written (one with an escape is not written as it reads)."""
    start = match.start("value") + 1
    quote = match["value"][:1]
    if not isinstance(value, str) or quote not in ('"', "'"):
        return None
    if match.string[start : start + len(value) + 1] != value + quote:
        return None
    return LocatedText(file, path, value, value, line, start)


_TABLE_RE = re.compile(r"^\s*\[(?P<name>[^\[\]]+)\]\s*(#.*)?$")
_KEY_RE = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.\"-]+)\s*=\s*(?P<value>.*)")


def _toml_key_lines(text: str) -> Iterator[tuple[Path_, int, re.Match[str] | None]]:
    """Each table and key with its line (1-based) and, for a key, the match of its line."""
    table: Path_ = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        if match := _TABLE_RE.match(raw):
            table = tuple(p.strip().strip('"') for p in match["name"].split("."))
            yield table, number, None
        elif match := _KEY_RE.match(raw):
            key = tuple(p.strip().strip('"') for p in match["key"].split("."))
            yield (*table, *key), number, match
