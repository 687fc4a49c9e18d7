"""Turning the converter's nested validation errors into located, readable problems."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from strukturer.errors import ValidationError

Path_ = tuple[str | int, ...]

#: Keys of earlier content versions and what replaced them.
REPLACED = {
    "deadline": "replaced by 'reporting', a list of {kind, date}, "
    "e.g. reporting: [{kind: redovisning, date: 2020-06-15}]",
}


def walk(exc: BaseException, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Yield ``(path, message)`` for every leaf error inside ``exc``.

    Only the errors the converter raises for bad content are turned into messages;
    anything else is a bug and is raised again as it is.
    """
    if isinstance(exc, ClassValidationError):
        yield from _class_errors(exc, path)
    elif isinstance(exc, IterableValidationError):
        for inner in exc.exceptions:
            yield from walk(inner, path + _note_path(inner))
    elif isinstance(exc, ValidationError):
        yield (*path, *exc.path), exc.message
    else:
        raise exc


def _class_errors(exc: ClassValidationError, path: Path_) -> Iterator[tuple[Path_, str]]:
    """The errors of one class: unknown keys first, with "did you mean", then the rest.

    A missing field that an unknown key probably meant is not reported twice.
    """
    fields = [f.name for f in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
    meant: set[str] = set()
    for inner in exc.exceptions:
        if isinstance(inner, ForbiddenExtraKeysError):
            for key in sorted(inner.extra_fields):
                message, guess = unknown_key(key, fields)
                if guess:
                    meant.add(guess)
                yield (*path, key), message
    for inner in exc.exceptions:
        if isinstance(inner, ForbiddenExtraKeysError):
            continue
        if isinstance(inner, KeyError) and _is_missing_field(inner):
            name = _note_path(inner)
            if name and name[0] in meant:
                continue
            yield path + name, "missing required field"
        else:
            yield from walk(inner, path + _note_path(inner))


def unknown_key(key: str, fields: list[str], what: str = "key") -> tuple[str, str | None]:
    """The message for an unknown ``key`` among ``fields``, and the field it probably meant."""
    if key in REPLACED:
        return f"unknown {what}: {REPLACED[key]}", None
    close = difflib.get_close_matches(key, fields, n=1, cutoff=0.7)
    if close:
        return f"unknown {what}; did you mean {close[0]!r}?", close[0]
    return f"unknown {what}; expected one of " + ", ".join(fields), None


def _is_missing_field(exc: KeyError) -> bool:
    return any(isinstance(n, AttributeValidationNote) for n in getattr(exc, "__notes__", []))


def _note_path(exc: BaseException) -> Path_:
    for note in reversed(getattr(exc, "__notes__", [])):
        if isinstance(note, AttributeValidationNote):
            return (note.name,)
        if isinstance(note, IterableValidationNote):
            return (note.index,) if isinstance(note.index, int) else (str(note.index),)
    return ()
