"""Swedish formatting of dates, numbers, amounts, lists and ranges for templates.

Each public function is a Jinja filter (see :data:`strukturer.format.FILTERS`) implementing
a rule of the project's conventions (docs/formatting.md); the rule id and its source are
cited where it is applied:
MS is *Myndigheternas skrivregler*, SS *Svenska skrivregler* (both Språkrådet).

Every filter returns ``str(value)`` unchanged when given a
:class:`~strukturer.model.placeholder.Placeholder`, so a missing fact shows visibly in
the document. Input of the wrong type raises :class:`TypeError` naming the filter and the
type; it is never turned into text silently.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol

from strukturer.model.placeholder import Placeholder

__all__ = [
    "EN_DASH",
    "MINUS_SIGN",
    "MONTHS",
    "NO_BREAK_SPACE",
    "NUMBER_WORDS",
    "WEEKDAYS",
    "group_digits",
    "iso_date",
    "join_list",
    "kronor",
    "long_date",
    "number",
    "percent",
    "span",
    "spelled_number",
]

LOCALE = "sv_SE"

NO_BREAK_SPACE = "\u00a0"
"""Digit group separator and the space between a number and its unit (N1, N5, N6)."""

EN_DASH = "\u2013"
"""The unspaced range dash (P1, SS)."""

MINUS_SIGN = "\u2212"
"""The typographic minus sign used for negative numbers (SS), never the hyphen."""

DECIMAL_SIGN: str = get_decimal_symbol(LOCALE)
"""The decimal comma from babel's ``sv_SE`` data (N3, MS/SS)."""

MONTHS: tuple[str, ...] = tuple(
    str(name).lower()  # D3 (MS): month names lower-case
    for _, name in sorted(get_month_names("wide", context="format", locale=LOCALE).items())
)
"""The Swedish month names from babel, January first, lower-case (D3, MS)."""

WEEKDAYS: tuple[str, ...] = tuple(
    str(name).lower()  # D3 (MS): weekday names lower-case
    for _, name in sorted(get_day_names("wide", context="format", locale=LOCALE).items())
)
"""The Swedish weekday names from babel, Monday first, lower-case (D3, MS)."""

NUMBER_WORDS: tuple[str, ...] = (
    "ett",
    "två",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "åtta",
    "nio",
    "tio",
    "elva",
    "tolv",
)
"""One to twelve in words (N4, MS); CLDR (and so babel) has no Swedish number words.

"ett" is the counting form; "en" before a common-gender noun is the writer's choice.
"""

Style = Literal["text", "table"]
Numeric = int | float | Decimal


def _type_error(filter_name: str, expected: str, value: object) -> TypeError:
    """Build the error for a filter given a value of the wrong type."""
    return TypeError(
        f"{filter_name}() expects {expected}, got {type(value).__name__}: {value!r:.60}"
    )


def _check_date(filter_name: str, value: object) -> date:
    """Return ``value`` if it is a plain date, else raise :class:`TypeError`."""
    # datetime is a subclass of date; refuse it rather than drop the time silently.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _type_error(filter_name, "a date", value)
    return value


def _to_decimal(filter_name: str, value: object) -> Decimal:
    """Convert an int, float or Decimal to a finite Decimal, refusing anything else.

    A float goes through its shortest ``repr`` (``0.1`` stays ``0.1``) and an integral
    float loses its ``.0``; a Decimal keeps its exponent (``Decimal("2.50")`` keeps two
    decimals) because that precision was chosen on purpose.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _type_error(filter_name, "an int, float or Decimal", value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{filter_name}() cannot format {value!r}")
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{filter_name}() cannot format {value!r}")
        return value
    return Decimal(value)


def _check_decimals(filter_name: str, decimals: object) -> int | None:
    """Return ``decimals`` if it is None or a non-negative int, else raise."""
    if decimals is None:
        return None
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise _type_error(filter_name, "decimals as an int or None", decimals)
    if decimals < 0:
        raise ValueError(f"{filter_name}() expects decimals >= 0, got {decimals}")
    return decimals


def _check_style(filter_name: str, style: object) -> Style:
    """Return ``style`` if it is "text" or "table", else raise :class:`ValueError`."""
    if style == "text":
        return "text"
    if style == "table":
        return "table"
    raise ValueError(f'{filter_name}() expects style "text" or "table", got {style!r}')


def group_digits(digits: str) -> str:
    """Group a string of digits in threes from the right with no-break spaces (N1, MS/SS)."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NO_BREAK_SPACE.join(groups)


def _format_decimal(amount: Decimal, decimals: int | None) -> str:
    """Format a finite Decimal the Swedish way, rounding half up to ``decimals`` places."""
    if decimals is not None:
        with localcontext() as context:
            # Enough precision that quantize never fails for a large amount.
            context.prec = max(28, amount.adjusted() + decimals + 2)
            amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    negative = amount < 0  # False for -0 and for what rounds to zero: never "−0"
    integer, _, fraction = format(amount.copy_abs(), "f").partition(".")
    text = group_digits(integer)  # N1 (MS/SS): groups of three, four digits too
    if fraction:
        text += DECIMAL_SIGN + fraction  # N3 (MS/SS): decimal comma, fraction ungrouped
    return MINUS_SIGN + text if negative else text  # SS: minus sign U+2212


def long_date(value: date | Placeholder) -> str:
    """Return the date as running text: ``15␣juni␣2020`` (D1, D3; MS).

    No leading zero, the month lower-case, the full year (never grouped, N2), no ordinal
    suffix. The parts are joined by no-break spaces (U+00A0) so a date never breaks
    across lines. Put "den" in the template if the sentence needs it, followed by a
    no-break space too.
    """
    if isinstance(value, Placeholder):
        return str(value)
    day = _check_date("long_date", value)
    return NO_BREAK_SPACE.join((str(day.day), MONTHS[day.month - 1], str(day.year)))


def iso_date(value: date | Placeholder) -> str:
    """Return the date in ISO 8601 form: ``2020-06-15`` (D2; MS, webbriktlinjer)."""
    if isinstance(value, Placeholder):
        return str(value)
    return _check_date("iso_date", value).isoformat()


def number(value: Numeric | Placeholder, decimals: int | None = None) -> str:
    """Return the number with digits grouped in threes and a decimal comma: ``1 234,5``.

    Groups are separated by a no-break space U+00A0 (N1; MS, SS), four-digit numbers
    included: N1 allows either, and grouping always is consistent in tables. The decimal
    sign is a comma (N3; MS, SS); negative numbers take the minus sign U+2212 (SS).
    With ``decimals`` the value is rounded half up (2,5 → 3, never banker's rounding)
    and padded with zeros to that many places. Not for years, page numbers or
    identifiers, which are never grouped (N2): write those as they are or use `span`.
    """
    if isinstance(value, Placeholder):
        return str(value)
    amount = _to_decimal("number", value)
    return _format_decimal(amount, _check_decimals("number", decimals))


def percent(
    value: Numeric | Placeholder, decimals: int | None = None, style: Style = "text"
) -> str:
    """Return the percentage: ``25 procent`` in running text, ``25 %`` in tables (N5; MS).

    ``value`` is the percentage itself: 25 means 25 %, not 0.25. The number is formatted
    as by `number`; a no-break space U+00A0 separates it from "procent" or "%" so the
    unit never wraps to the next line (N5, N6).
    """
    if isinstance(value, Placeholder):
        return str(value)
    unit = "procent" if _check_style("percent", style) == "text" else "%"
    amount = _to_decimal("percent", value)
    return _format_decimal(amount, _check_decimals("percent", decimals)) + NO_BREAK_SPACE + unit


def kronor(value: Numeric | Placeholder, decimals: int | None = None, style: Style = "text") -> str:
    """Return the amount in kronor: ``2 500 kronor`` in running text, ``2 500 kr`` in tables.

    Implements N6 (MS): "kronor" in text, "kr" in tables, with a no-break space U+00A0
    before the unit; the number is formatted as by `number` (N1, N3), rounded half up.
    Scale to "tkr" or "mnkr" in the template if a table needs it.
    """
    if isinstance(value, Placeholder):
        return str(value)
    unit = "kronor" if _check_style("kronor", style) == "text" else "kr"
    amount = _to_decimal("kronor", value)
    return _format_decimal(amount, _check_decimals("kronor", decimals)) + NO_BREAK_SPACE + unit


def join_list(items: Iterable[object] | Placeholder, conjunction: str = "och") -> str:
    """Return the items as a Swedish list: ``A, B och C`` (L4; SS).

    No comma before the conjunction ("och" or "eller"); two items give ``A och B``, one
    gives ``A`` and none the empty string. Each item is converted with ``str()``, so a
    placeholder item shows as ``[label]``.
    """
    if isinstance(items, Placeholder):
        return str(items)
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise _type_error("join_list", "an iterable of items (not a string)", items)
    if not isinstance(conjunction, str):
        raise _type_error("join_list", "the conjunction as a str", conjunction)
    texts = [str(item) for item in items]
    if len(texts) < 2:
        return "".join(texts)
    return f"{', '.join(texts[:-1])} {conjunction} {texts[-1]}"


def _span_end(value: object) -> str:
    """Format one end of a range of years, pages or the like: never grouped (N2; MS/SS)."""
    if isinstance(value, Placeholder | str):
        return str(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _type_error("span", "two ints, two strings or two dates", value)
    if value < 0:
        raise ValueError(f"span() expects non-negative years or numbers, got {value}")
    return str(value)


def span(start: int | str | date | Placeholder, end: int | str | date | Placeholder) -> str:
    """Return the range with an unspaced en dash: ``2011–2013`` (P1; SS).

    Ints and strings are written as they are, never grouped (N2; MS/SS); two dates are
    written as ISO dates, ``2020-06-15–2020-06-30`` (D2). A placeholder end shows as
    ``[label]`` in its place. For "mellan 40 och 50" write the words in the template.
    """
    start_is_date = isinstance(start, date)
    end_is_date = isinstance(end, date)
    if start_is_date or end_is_date:
        if isinstance(start, Placeholder | date) and isinstance(end, Placeholder | date):
            return f"{iso_date(start)}{EN_DASH}{iso_date(end)}"
        mixed = end if start_is_date else start
        raise _type_error("span", "two dates when one end is a date", mixed)
    return f"{_span_end(start)}{EN_DASH}{_span_end(end)}"


def spelled_number(n: int | Placeholder) -> str:
    """Return one to twelve in words and other numbers in digits: ``sex``, ``13`` (N4; MS).

    One is spelled "ett", the form used for bare counting; write "en" in the template
    where a common-gender noun follows ("en kommun"). Zero and negative numbers are
    written in digits, as by `number`; 13 and up are grouped (``1 406 807``).
    Don't start a sentence with the digits (N4): rephrase the template.
    """
    if isinstance(n, Placeholder):
        return str(n)
    if isinstance(n, bool) or not isinstance(n, int):
        raise _type_error("spelled_number", "an int", n)
    if 1 <= n <= len(NUMBER_WORDS):
        return NUMBER_WORDS[n - 1]
    return _format_decimal(Decimal(n), None)
