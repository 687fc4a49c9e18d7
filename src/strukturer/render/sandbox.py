"""Resource limits inside templates: sizes a template may build, and time it may take.

Jinja's sandbox stops a template from reaching private attributes, but not from
building huge values (``{{ 'x' * 10**10 }}``) or looping for hours. The checks here
run before a value is built, so memory stays bounded (docs/limits.md):

- ``range()`` and the parts of ``|slice`` / ``|batch`` are capped (``range_items``);
- ``*``, ``+``, ``~``, ``%``, ``|center``, ``|indent``, ``|format``, ``|replace``,
  ``|join``, ``|wordwrap`` and ``str.format`` may not build a string or list longer than
  ``template_value_length``;
- integers from ``*`` and ``**`` are capped at ``template_int_bits`` bits;
- each template part (body, header, footer) writes at most ``template_output_length``
  characters and renders within ``render_seconds``;
- arithmetic errors (division by zero, overflow) become template errors.
"""

from __future__ import annotations

import contextvars
import math
import operator
import re
import string
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

from jinja2 import filters
from jinja2.exceptions import SecurityError

from strukturer.limits import Limits, current_limits

#: The limits and deadline of the template part being rendered (per thread and task).
_active: contextvars.ContextVar[tuple[Limits, float]] = contextvars.ContextVar("render_limits")
#: Width and precision numbers in a printf-style format ("%0999d", "%.5f").
_PRINTF_NUMBERS = re.compile(r"%[-+ #0]*(\d*)(?:\.(\d+))?")
ARITHMETIC = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
    "**": operator.pow,
}


class TemplateLimitError(SecurityError):
    """Raised when a template would exceed a limit of docs/limits.md."""


def start_render() -> contextvars.Token[tuple[Limits, float]]:
    """Start the clock for one template part; reset the returned token when it ends."""
    limits = current_limits()
    return _active.set((limits, time.monotonic() + limits.render_seconds))


def end_render(token: contextvars.Token[tuple[Limits, float]]) -> None:
    """Stop the clock started by :func:`start_render`."""
    _active.reset(token)


def limits() -> Limits:
    """The limits in force for the part being rendered (the defaults outside a render)."""
    active = _active.get(None)
    return active[0] if active else current_limits()


def check_time() -> None:
    """Raise if the part being rendered has run past its time limit."""
    active = _active.get(None)
    if active is not None and time.monotonic() > active[1]:
        raise TemplateLimitError(
            f"the template took longer than {active[0].render_seconds:g} s to render "
            f"({active[0].env_name('render_seconds')}; docs/limits.md)"
        )


def _limit(field: str, amount: int, what: str) -> None:
    """Raise if ``amount`` is over the limit ``field``; ``what`` describes it ({amount})."""
    current = limits()
    if amount > getattr(current, field):
        raise TemplateLimitError(f"{what.format(amount=f'{amount:,}')}, {current.over(field)}")


def _too_long(length: int, what: str) -> None:
    _limit(
        "template_value_length",
        length,
        what + " would build a value of {amount} characters or items",
    )


def _too_many(count: int, what: str) -> None:
    _limit("range_items", count, what + " of {amount} items")


def checked_length(value: Sized, what: str) -> None:
    """Raise if ``value`` is longer than ``template_value_length``."""
    _too_long(len(value), what)


def counted(chunks: Iterable[str]) -> Iterator[str]:
    """``chunks`` of a template's output, stopped once they pass ``template_output_length``."""
    total = 0
    for chunk in chunks:
        total += len(chunk)
        _limit("template_output_length", total, "the template's output of {amount} characters")
        yield chunk


def safe_range(*args: int) -> range:
    """``range()`` for templates, capped at ``range_items``."""
    check_time()
    items = range(*args)
    _too_many(len(items), "range()")
    return items


def binop(name: str, left: Any, right: Any) -> Any:
    """Apply the arithmetic operator ``name`` after checking the size of its result."""
    check_time()
    if name == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int):
                _too_long(len(seq) * max(times, 0), f"'{'…' if len(seq) > 20 else seq}' * …")
        if isinstance(left, int) and isinstance(right, int):
            _too_big(abs(left).bit_length() + abs(right).bit_length(), "*")
    elif name == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
        _too_big(math.ceil(max(right, 0) * math.log2(abs(left))), "**")
    elif name == "%" and isinstance(left, str):
        _printf_widths(left)
    elif name == "+" and isinstance(left, str | list | tuple) and isinstance(right, Sized):
        _too_long(len(left) + len(right), "'+'")
    try:
        return ARITHMETIC[name](left, right)
    except ArithmeticError as exc:
        raise SecurityError(f"arithmetic error in '{name}': {exc}") from None


def _too_big(bits: int, what: str) -> None:
    _limit("template_int_bits", bits, f"'{what}' would build a number of about {{amount}} bits")


def _printf_widths(fmt: str) -> None:
    for width, precision in _PRINTF_NUMBERS.findall(fmt):
        _too_long(int(width or 0) + int(precision or 0), "a format width")


def check_str_format(fmt: str) -> None:
    """Refuse ``str.format`` widths that would build an over-long string."""
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # str.format itself reports the malformed format
    for _text, _field, spec, _conversion in parsed:
        for number in re.findall(r"\d+", spec or ""):
            _too_long(int(number), "a format width")


def _guard(original: Callable[..., Any], check: Callable[..., None]) -> Callable[..., Any]:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        check_time()
        check(*args, **kwargs)
        return original(*args, **kwargs)

    guarded.__name__ = original.__name__
    guarded.__doc__ = original.__doc__
    for attribute in ("jinja_pass_arg",):  # e.g. pass_eval_context filters
        if hasattr(original, attribute):
            setattr(guarded, attribute, getattr(original, attribute))
    return guarded


def _center(value: Any, width: int = 80) -> None:
    _too_long(int(width), "|center")


def _indent(*args: Any, **kwargs: Any) -> None:
    value = args[0] if args else kwargs.get("s", "")
    width = args[1] if len(args) > 1 else kwargs.get("width", 4)
    pad = len(width) if isinstance(width, str) else int(width)
    lines = str(value).count("\n") + 1
    _too_long(len(str(value)) + lines * pad, "|indent")


def _format(value: Any, *args: Any, **kwargs: Any) -> None:
    _printf_widths(str(value))


def _replace(*args: Any, **kwargs: Any) -> None:
    # do_replace(eval_ctx, s, old, new, count=None)
    text, old, new = (str(a) for a in args[1:4])
    count = args[4] if len(args) > 4 else kwargs.get("count")
    hits = text.count(old) if count is None else min(int(count), text.count(old))
    _too_long(len(text) + hits * max(len(new) - len(old), 0), "|replace")


def _slice(value: Sized, slices: int, fill_with: Any = None) -> None:
    _too_many(int(slices), "|slice")


def _batch(value: Sized, linecount: int, fill_with: Any = None) -> None:
    _too_many(int(linecount), "|batch")


def _join(*args: Any, **kwargs: Any) -> None:
    # do_join(eval_ctx, value, d="", attribute=None)
    value = args[1]
    joiner = args[2] if len(args) > 2 else kwargs.get("d", "")
    if isinstance(value, Sized):
        _too_long(len(value) * len(str(joiner)), "|join")


def _wordwrap(*args: Any, **kwargs: Any) -> None:
    # do_wordwrap(environment, s, width=79, break_long_words=True, wrapstring=None, ...)
    text = str(args[1])
    wrapstring = args[4] if len(args) > 4 else kwargs.get("wrapstring")
    _too_long(len(text) * (1 + len(str(wrapstring or "\n"))), "|wordwrap")


GUARDED_FILTERS: dict[str, Callable[..., Any]] = {
    "join": _guard(filters.do_join, _join),
    "wordwrap": _guard(filters.do_wordwrap, _wordwrap),
    "center": _guard(filters.do_center, _center),
    "indent": _guard(filters.do_indent, _indent),
    "format": _guard(filters.do_format, _format),
    "replace": _guard(filters.do_replace, _replace),
    "slice": _guard(filters.do_slice, _slice),
    "batch": _guard(filters.do_batch, _batch),
}
