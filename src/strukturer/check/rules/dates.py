"""Dates (D1–D3, Myndigheternas skrivregler, webbriktlinjer)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

from strukturer.check.diagnostics import Severity
from strukturer.check.rules.base import (
    Context,
    Hit,
    previous_word,
    quoted,
    rule,
    sentence_initial,
)
from strukturer.format.swedish import MONTHS, WEEKDAYS

_MONTH_RE = "|".join(MONTHS)


def _valid_date(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    return day <= calendar.monthrange(year, month)[1]


_DATE_SLASH = re.compile(
    r"(?<![\w/.,:-])(?P<d>[12]\d|3[01]|0?[1-9])/(?P<m>1[0-2]|0?[1-9])"
    r"(?:(?:[ \t\u00a0]+|-)(?P<y>\d{4})|-(?P<yy>\d{2}))?(?![\w/]|[.,:-]\d)"
)
_DATE_ISO_SHORT = re.compile(
    r"(?<![\w/.:-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\w/-]|[.,:]\d)"
)
_DATE_TWO_DIGIT = re.compile(
    r"(?<![\w/.:-])(?P<y>\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/-]|[.,:]\d)"
)
_DATE_DOTTED = re.compile(
    r"(?<![\w/.:,-])(?P<d>[12]\d|3[01]|0?[1-9])\.(?P<m>1[0-2]|0?[1-9])\.(?P<y>\d{4})"
    r"(?![\w/-]|[.,:]\d)"
)
_DATE_TEXT = re.compile(
    rf"(?<![\w.,:/-])(?P<d>\d{{1,2}})(?P<ord>:[ae])?[ \t\u00a0]+(?P<m>{_MONTH_RE})"
    r"(?:[ \t\u00a0]+(?P<y>\d{4})(?!\d))?(?![\w-])",
    re.IGNORECASE,
)
_DATE_ISO = re.compile(r"(?<![\w/.:-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/-]|[.,:]\d)")


def _numeric_dates(ctx: Context) -> Iterator[tuple[re.Match[str], int | None, int, int, str]]:
    """Numeric dates not in ISO form: (match, year, month, day, suggestion)."""
    prose = ctx.doc.prose
    for m in _DATE_SLASH.finditer(prose):
        if previous_word(prose, m.start()) in {"nr", "dnr", "sfs", "s.", "sid.", "sidan"}:
            continue
        year = int(m["y"]) if m["y"] else (2000 + int(m["yy"]) if m["yy"] else None)
        month, day = int(m["m"]), int(m["d"])
        text = f"{day} {MONTHS[month - 1]}" + (f" {year}" if year else "")
        yield m, year, month, day, text
    for m in _DATE_ISO_SHORT.finditer(prose):
        if len(m["m"]) == 2 and len(m["d"]) == 2:
            continue
        year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
        yield m, year, month, day, f"{year:04d}-{month:02d}-{day:02d}"
    for m in _DATE_TWO_DIGIT.finditer(prose):
        year, month, day = 2000 + int(m["y"]), int(m["m"]), int(m["d"])
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            continue
        yield m, year, month, day, f"{year:04d}-{month:02d}-{day:02d}"
    for m in _DATE_DOTTED.finditer(prose):
        year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
        yield m, year, month, day, f"{day} {MONTHS[month - 1]} {year}"


@rule(
    "date-format",
    Severity.WARNING,
    "D1, D2 (MS, webbriktlinjer)",
    "Dates as “15 juni 2020” in text or ISO “2020-06-15”; never 15/6, 2020-6-15 or "
    "two-digit years.",
    ("15/6 2020", "15 juni 2020"),
)
def _date_format(ctx: Context) -> Iterator[Hit]:
    for m, year, month, day, suggestion in _numeric_dates(ctx):
        if _valid_date(year, month, day):
            message = "date not written as ISO 8601 or in words"
            if m.re is _DATE_SLASH and not (m["y"] or m["yy"]):
                message += " (a fraction is written in words: en tredjedel)"
            yield ctx.hit(m.start(), m.end(), message, suggestion)


@rule(
    "date-ordinal",
    Severity.WARNING,
    "D1 (MS)",
    "No ordinal suffix on the day: “15 juni”, not “15:e juni”.",
    ("15:e juni", "15 juni"),
)
def _date_ordinal(ctx: Context) -> Iterator[Hit]:
    for m in _DATE_TEXT.finditer(ctx.doc.prose):
        if m["ord"]:
            suggestion = f"{int(m['d'])} {m['m'].lower()}"
            yield ctx.hit(m.start(), m.end("m"), "ordinal suffix on the day", suggestion)


@rule(
    "date-leading-zero",
    Severity.WARNING,
    "D1 (MS)",
    "No leading zero on the day in running text: “5 juni”, not “05 juni”.",
    ("05 juni", "5 juni"),
)
def _date_leading_zero(ctx: Context) -> Iterator[Hit]:
    for m in _DATE_TEXT.finditer(ctx.doc.prose):
        if m["d"].startswith("0") and not m["ord"]:
            suggestion = f"{int(m['d'])} {m['m'].lower()}"
            yield ctx.hit(m.start(), m.end("m"), "leading zero on the day", suggestion)


_CAPITAL_MONTH = re.compile(
    r"(?<![\w-])(?P<w>"
    + "|".join(w.capitalize() for w in MONTHS + WEEKDAYS)
    + r")(?P<gen>s)?(?![\w-])"
)


@rule(
    "month-capital",
    Severity.WARNING,
    "D3 (MS, SS)",
    "Month and weekday names are lower-case.",
    ("den 15 Juni", "den 15 juni"),
)
def _month_capital(ctx: Context) -> Iterator[Hit]:
    prose = ctx.doc.prose
    for m in _CAPITAL_MONTH.finditer(prose):
        if sentence_initial(ctx.doc, m.start()):
            continue
        word = m["w"]
        if word in ("Maj", "Mars"):  # also a first name and a planet: only next to a number
            near = prose[max(0, m.start() - 4) : m.start()] + prose[m.end() : m.end() + 4]
            if not re.search(r"\d", near):
                continue
        yield ctx.hit(m.start(), m.end(), f"{quoted(word)} in lower case", m.group().lower())


@rule(
    "invalid-date",
    Severity.ERROR,
    "D1, D2",
    "A date that does not exist (2020-06-31, 31 juni 2020, 29 februari 2021).",
    ("31 juni 2020", "30 juni 2020"),
)
def _invalid_date(ctx: Context) -> Iterator[Hit]:
    prose = ctx.doc.prose
    for m in _DATE_ISO.finditer(prose):
        year, month, day = int(m["y"]), int(m["m"]), int(m["d"])
        if not _valid_date(year, month, day):
            yield ctx.hit(m.start(), m.end(), f"no such date: {m.group()}")
    for m in _DATE_TEXT.finditer(prose):
        text_month = MONTHS.index(m["m"].lower()) + 1
        text_year = int(m["y"]) if m["y"] else None
        if not _valid_date(text_year, text_month, int(m["d"])):
            yield ctx.hit(m.start(), m.end(), f"no such date: {m.group()}")
    for n, n_year, n_month, n_day, _ in _numeric_dates(ctx):
        if not _valid_date(n_year, n_month, n_day):
            yield ctx.hit(n.start(), n.end(), f"no such date: {n.group()}")
