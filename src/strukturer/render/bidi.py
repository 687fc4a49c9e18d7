"""Right-to-left names in Swedish text keep their order: Unicode bidi isolation.

In ``Ali, محمد, יוסף och Eva`` the two right-to-left names and the ", " between them form
one right-to-left run, so a reader sees them swapped. Wrapping each right-to-left item in
FIRST STRONG ISOLATE (U+2068) … POP DIRECTIONAL ISOLATE (U+2069) makes each name its own
run, in the order written (Unicode Standard Annex #9, "Explicit Directional Isolates";
W3C, "Inline markup and bidirectional text in HTML").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from strukturer.model import Placeholder

FSI = "\u2068"
PDI = "\u2069"
_RIGHT_TO_LEFT = ("R", "AL")


def isolate(text: str) -> str:
    """``text`` wrapped in FSI … PDI if it holds right-to-left letters, else unchanged."""
    if text.startswith(FSI) or not any(
        unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text
    ):
        return text
    return f"{FSI}{text}{PDI}"


def isolating(join: Callable[..., str]) -> Callable[..., str]:
    """The list filter ``join`` with each right-to-left item isolated."""

    def join_isolated(items: Any, *args: Any, **kwargs: Any) -> str:
        if isinstance(items, Iterable) and not isinstance(items, str | bytes | Placeholder):
            items = [
                item if isinstance(item, Placeholder) else isolate(str(item)) for item in items
            ]
        return join(items, *args, **kwargs)

    join_isolated.__name__ = join.__name__
    join_isolated.__doc__ = join.__doc__
    return join_isolated
