"""The one Jinja environment used to render templates: sandboxed, autoescaped, strict.

Besides Jinja's sandbox (public attributes only), templates run under the resource
limits of :mod:`strukturer.render.sandbox` (docs/limits.md).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from types import CodeType
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateRuntimeError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from strukturer.format import FILTERS
from strukturer.model import Prose
from strukturer.render import bidi, sandbox
from strukturer.render.compiled import compiled

#: Renders prose for the document currently being rendered (set by the DOCX renderer).
current_prose_renderer: contextvars.ContextVar[Callable[[Prose], Markup]] = contextvars.ContextVar(
    "current_prose_renderer"
)


def _finalize(value: Any) -> Any:
    return "" if value is None else value


class TemplateExpressionError(TemplateRuntimeError):
    """Raised when an expression in a template fails (wrong types, a bad argument, …)."""


#: What a template's own expressions raise: the template author's error, not a bug.
_EXPRESSION_ERRORS = (TypeError, ValueError, LookupError, AssertionError, RecursionError)


class LimitedTemplate(Template):
    """A template whose every render runs under the time and size limits.

    The output is counted as it is produced, so a loop that writes without end stops at
    ``template_output_length``. An expression that fails with a Python error
    (``{{ 1 + 'a' }}``, a filter given the wrong type, a macro that calls itself)
    becomes a template error with its reason.
    """

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = sandbox.start_render()
        try:
            context = self.new_context(dict(*args, **kwargs))
            try:
                return "".join(sandbox.counted(self.root_render_func(context)))
            except Exception:
                self.environment.handle_exception()
        except RecursionError as exc:
            raise TemplateExpressionError(
                "a macro calls itself without end (recursion too deep)"
            ) from exc
        except _EXPRESSION_ERRORS as exc:
            raise TemplateExpressionError(f"an expression failed: {exc}") from exc
        finally:
            sandbox.end_render(token)


class LimitedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` so that the joined text is checked against the limits."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """A sandboxed environment in which prose attributes render as Word paragraphs.

    Content is data, never template code: it is autoescaped for XML and never
    evaluated, and templates can reach only public attributes of the model.
    """

    template_class = LimitedTemplate
    code_generator_class = LimitedCodeGenerator
    intercepted_binops = frozenset(sandbox.ARITHMETIC)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = sandbox.safe_range
        del self.globals["lipsum"]  # builds text of any size; templates have no use for it
        self.filters.update(sandbox.GUARDED_FILTERS)

    def getattr(self, obj: Any, attribute: str) -> Any:
        sandbox.check_time()
        return self._present(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        sandbox.check_time()
        return self._present(super().getitem(obj, argument))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        sandbox.check_time()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        return sandbox.binop(operator, left, right)

    def compile(  # type: ignore[override]
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> str | CodeType:
        """Jinja's compile, the code kept by its source (:mod:`strukturer.render.compiled`)."""
        parent = super().compile
        if raw:
            return parent(source, name, filename, raw=True, defer_init=defer_init)
        if defer_init or name is not None or filename is not None or not isinstance(source, str):
            return parent(source, name, filename, defer_init=defer_init)

        def compile_source() -> CodeType:
            code = parent(source)
            assert isinstance(code, CodeType)
            return code

        return compiled(source, self._syntax(), compile_source)

    def _syntax(self) -> str:
        """The settings that change what a source compiles to."""
        return repr(
            (
                self.block_start_string,
                self.block_end_string,
                self.variable_start_string,
                self.variable_end_string,
                self.comment_start_string,
                self.comment_end_string,
                self.line_statement_prefix,
                self.line_comment_prefix,
                self.trim_blocks,
                self.lstrip_blocks,
                self.newline_sequence,
                self.keep_trailing_newline,
                self.autoescape,
                self.optimized,
                sorted(self.extensions),
                type(self).__qualname__,
            )
        )

    @staticmethod
    def checked_concat(value: str) -> str:
        """The result of ``~``, if within the limits."""
        sandbox.checked_length(value, "'~'")
        return value

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            sandbox.check_str_format(value.__self__)
        return wrapped

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
    env.filters["join_list"] = bidi.isolating(FILTERS["join_list"])
    return env
