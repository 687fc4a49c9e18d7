"""Numbers (N1–N6, Myndigheternas and Svenska skrivregler)."""

from __future__ import annotations

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
from strukturer.check.rules.language import ABBREVIATIONS
from strukturer.check.text import Document
from strukturer.errors import StrukturerError
from strukturer.format.swedish import MONTHS, NO_BREAK_SPACE, group_digits, spelled_number
from strukturer.model.values import Isbn

_THOUSANDS = re.compile(
    r"(?<![\w.,:/-])(?P<n>\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*)(?![\w/-]|[.,:]\d)"
)
_LONG_NUMBER = re.compile(r"(?<![\w.,:/§-])(?P<n>[1-9]\d{4,})(?![\w/-]|[.,:]\d)")
_NOT_GROUPED_AFTER = frozenset(
    [
        "nr",
        "dnr",
        "s.",
        "sid.",
        "sidan",
        "sidorna",
        "tel.",
        "tel",
        "telefon",
        "tfn",
        "mobil",
        "isbn",
        "issn",
        "sfs",
        "kod",
        "box",
        "postnummer",
        "org.nr",
        "organisationsnummer",
        "rapport",
        "bilaga",
        "nummer",
        "diarienummer",
    ]
)


@rule(
    "thousands-separator",
    Severity.WARNING,
    "N1 (MS, SS)",
    "Thousands are grouped with a no-break space, never with . or , (2 500, not 2.500).",
    ("2.500 kronor", "2 500 kronor"),
)
def _thousands(ctx: Context) -> Iterator[Hit]:
    prose = ctx.doc.prose
    for m in _THOUSANDS.finditer(prose):
        if previous_word(prose, m.start()) in {"kl.", "kl"}:
            continue
        digits = m["n"].replace(m["sep"], "")
        message = f"{quoted(m['sep'])} as a thousands separator; group digits with a no-break space"
        if m["sep"] == ",":
            message += " (if it is a decimal number, drop the trailing zeros)"
        yield ctx.hit(m.start(), m.end(), message, group_digits(digits))


def _is_isbn(digits: str) -> bool:
    """Whether ``digits`` is a valid ISBN-13 (the model's check digit)."""
    try:
        Isbn(digits)
    except (ValueError, StrukturerError):
        return False
    return True


@rule(
    "number-grouping",
    Severity.WARNING,
    "N1, N2 (MS, SS)",
    "Numbers of five digits or more are grouped in threes with a no-break space "
    "(not years, diarienummer, ISBN, phone or page numbers).",
    ("1406807 invånare", "1 406 807 invånare"),
)
def _number_grouping(ctx: Context) -> Iterator[Hit]:
    prose = ctx.doc.prose
    for m in _LONG_NUMBER.finditer(prose):
        if previous_word(prose, m.start()).rstrip(":") in _NOT_GROUPED_AFTER:
            continue
        if _is_isbn(m["n"]):
            continue  # an ISBN is never grouped in threes (N2)
        yield ctx.hit(m.start(), m.end(), "number not grouped in threes", group_digits(m["n"]))


_UNITS = (
    "miljon|miljoner|miljard|miljarder|procent|procentenheter|%|kronor|kr|tkr|mnkr|mdkr|"
    "tusen|gånger|år|timmar|meter|km|kg|ton|liter|personer"
)
_DECIMAL_POINT = re.compile(
    rf"(?<![\w.,:/-])(?P<i>\d+)\.(?P<f>\d{{1,2}})(?=[ \t\u00a0]+(?:{_UNITS})(?![\w]))"
)


@rule(
    "decimal-point",
    Severity.WARNING,
    "N3 (MS, SS)",
    "Decimal comma, not decimal point: 2,4 miljoner.",
    ("2.4 miljoner", "2,4 miljoner"),
)
def _decimal_point(ctx: Context) -> Iterator[Hit]:
    prose = ctx.doc.prose
    for m in _DECIMAL_POINT.finditer(prose):
        if previous_word(prose, m.start()) in {"kl.", "kl", "avsnitt", "kapitel", "punkt"}:
            continue
        yield ctx.hit(
            m.start(), m.end(), "decimal point; use a decimal comma", f"{m['i']},{m['f']}"
        )


@rule(
    "percent-sign",
    Severity.WARNING,
    "N5 (MS)",
    "Write “procent” in running text (“25 %” with a no-break space in tables); never “25%”.",
    ("25%", "25 procent"),
)
def _percent(ctx: Context) -> Iterator[Hit]:
    for m in re.finditer(r"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?)%", ctx.doc.prose):
        yield ctx.hit(
            m.start(),
            m.end(),
            "percent sign without a space; write “procent” (or “25 %” in a table)",
            f"{m['n']} procent",
        )


#: Words before a number that make it a label, not a quantity: "kapitel 3", "s. 5".
_NUMBER_LABELS = frozenset(
    [
        "kapitel",
        "kap",
        "avsnitt",
        "bilaga",
        "bil",
        "tabell",
        "figur",
        "diagram",
        "nr",
        "nummer",
        "s",
        "sidan",
        "sid",
        "punkt",
        "p",
        "steg",
        "kl",
        "klockan",
        "paragraf",
        "artikel",
        "rekommendation",
        "fråga",
        "område",
        "grupp",
        "klass",
        "årskurs",
        "åk",
        "mål",
        "vecka",
        "dag",
        "fas",
        "etapp",
        "del",
        "version",
        "nivå",
        "runda",
        "omgång",
        "våning",
        "plan",
        "spår",
        "linje",
        "kategori",
        "alternativ",
        "exempel",
        "bild",
        "ruta",
        "fall",
        "uppdrag",
    ]
)
#: Words after a number that make it a measure, written with digits: "3 procent".
_NUMBER_MEASURES = frozenset(
    [
        *MONTHS,
        "procent",
        "procentenheter",
        "kronor",
        "miljoner",
        "miljarder",
        "tusen",
        "kr",
        "tkr",
        "mnkr",
        "mdkr",
        "mm",
        "cm",
        "dm",
        "km",
        "m",
        "mg",
        "g",
        "kg",
        "ml",
        "cl",
        "dl",
        "h",
        "min",
        "st",
    ]
)
_SMALL_NUMBER = re.compile(
    r"(?<![\w.,:/§–-])(?P<n>[1-9]|1[0-2])(?P<gap>[ \u00a0])(?P<next>[a-zåäö]+)(?![\w:])"
)
_SENTENCE_NUMBER = re.compile(r"(?<![\w.,:/–-])\d[\d \u00a0]*(?:,\d+)?(?![\w.,:/–-])")


def _begins_sentence(doc: Document, index: int) -> bool:
    """:func:`sentence_initial`, but not after an abbreviation's full stop ("kl. 9") nor
    after a label's colon ("ISBN: 978…", "Antal: 25")."""
    if not sentence_initial(doc, index):
        return False
    before = previous_word(doc.prose, index)
    if before.endswith(":"):
        return False
    return not (before.endswith(".") and (before in ABBREVIATIONS or before[:-1] in _NUMBER_LABELS))


@rule(
    "number-in-words",
    Severity.WARNING,
    "N4 (MS)",
    "One to twelve in words in running text; a sentence does not begin with digits.",
    ("i 6 kommuner", "i sex kommuner"),
)
def _number_in_words(ctx: Context) -> Iterator[Hit]:
    doc, prose = ctx.doc, ctx.doc.prose
    for m in _SMALL_NUMBER.finditer(prose):
        if m["next"] in _NUMBER_MEASURES or doc.in_table(m.start()):
            continue
        if _begins_sentence(doc, m.start()):
            continue  # reported below, as a sentence that begins with digits
        if previous_word(prose, m.start()).rstrip(".") in _NUMBER_LABELS:
            continue
        if prose[max(0, m.start() - 3) : m.start()].rstrip(" \u00a0").endswith("§"):
            continue
        number = int(m["n"])
        yield ctx.hit(
            m.start(),
            m.end("n"),
            "write one to twelve in words in running text",
            spelled_number(number) if number > 1 else None,  # "en" or "ett": the noun decides
        )
    for m in _SENTENCE_NUMBER.finditer(prose):
        digits = m.group().replace(" ", "").replace(NO_BREAK_SPACE, "")
        if len(digits) == 4 and 1800 <= int(digits.split(",")[0]) <= 2100:
            continue  # a year: "2019 infördes …" is common and clear
        if not _begins_sentence(doc, m.start()):
            continue
        if doc.in_table(m.start()) or m.start() == len(prose.rstrip()) - len(m.group()):
            continue
        after = prose[m.end() : m.end() + 2]
        if not after.startswith(" ") or not after[1:].isalpha():
            continue  # a number that stands alone (a list number, a table cell)
        yield ctx.hit(m.start(), m.end(), "a sentence does not begin with digits", None)


_UNITS = "mm|cm|dm|km|m|mg|g|kg|ml|cl|dl|kr|tkr|mnkr|mdkr|kWh|MWh|GWh|TWh|h|min"
_NUMBER_UNIT = re.compile(rf"(?<![\w.,:/-])(?P<number>\d+(?:,\d+)?)(?P<unit>{_UNITS})(?![\w])")


@rule(
    "unit-space",
    Severity.WARNING,
    "N6 (MS, SS)",
    "A space, best a no-break space, between a number and its unit.",
    ("21mm", "21\u00a0mm"),
)
def _unit_space(ctx: Context) -> Iterator[Hit]:
    for m in _NUMBER_UNIT.finditer(ctx.doc.prose):
        suggestion = f"{m['number']}\u00a0{m['unit']}"
        yield ctx.hit(m.start(), m.end(), "put a no-break space before the unit", suggestion)


_KRONOR_ABBREVIATION = re.compile(r"(?<=\d)[ \u00a0]?(?P<unit>kr|tkr|mnkr|mdkr)(?![\w])")
_KRONOR_WORDS = {
    "kr": "kronor",
    "tkr": "tusen kronor",
    "mnkr": "miljoner kronor",
    "mdkr": "miljarder kronor",
}


@rule(
    "kronor-in-text",
    Severity.WARNING,
    "N6 (MS)",
    "“kronor” in running text; “kr”, “tkr”, “mnkr”, “mdkr” only in tables.",
    ("kostar 2 500 kr per år", "kostar 2 500 kronor per år"),
)
def _kronor_in_text(ctx: Context) -> Iterator[Hit]:
    for m in _KRONOR_ABBREVIATION.finditer(ctx.doc.prose):
        if ctx.doc.in_table(m.start()):
            continue
        words = _KRONOR_WORDS[m["unit"]]
        yield ctx.hit(m.start("unit"), m.end(), f"write {quoted(words)} in running text", words)
