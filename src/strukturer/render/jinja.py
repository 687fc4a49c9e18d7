"""The one Jinja environment used to render templates: sandboxed, autoescaped, strict."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from strukturer.format import FILTERS
from strukturer.model import Prose

#: Renders prose for the document currently being rendered (set by the DOCX renderer).
current_prose_renderer: contextvars.ContextVar[Callable[[Prose], Markup]] = contextvars.ContextVar(
    "current_prose_renderer"
)


def _finalize(value: Any) -> Any:
    return "" if value is None else value


class TemplateEnvironment(SandboxedEnvironment):
    """A sandboxed environment in which prose attributes render as Word paragraphs.

    Content is data, never template code: it is autoescaped for XML and never
    evaluated, and templates can reach only public attributes of the model.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self._present(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self._present(super().getitem(obj, argument))

    @staticmethod
    def _present(value: Any) -> Any:
        if isinstance(value, Prose):
            return current_prose_renderer.get()(value)
        return value


def make_environment() -> TemplateEnvironment:
    """Build the environment with the Swedish filters registered explicitly."""
    env = TemplateEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env
