"""Turning cattrs' nested validation errors into located problems."""

from __future__ import annotations

from collections.abc import Iterator

from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from strukturer.model._validators import FieldValueError

Path_ = tuple[str | int, ...]


def walk(exc: BaseException, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Yield ``(path, message)`` for every leaf error inside ``exc``."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        for inner in exc.exceptions:
            yield from walk(inner, path + _note_path(inner))
    elif isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield (*path, key), "unknown key"
    elif isinstance(exc, KeyError):
        yield path, "missing required field"
    elif isinstance(exc, FieldValueError):
        yield (*path, *exc.path), str(exc)
    else:
        yield path, str(exc)


def _note_path(exc: BaseException) -> Path_:
    for note in reversed(getattr(exc, "__notes__", [])):
        if isinstance(note, AttributeValidationNote):
            return (note.name,)
        if isinstance(note, IterableValidationNote):
            return (note.index,) if isinstance(note.index, int) else (str(note.index),)
    return ()
