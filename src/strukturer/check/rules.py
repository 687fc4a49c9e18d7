"""The rules of the language check, each with a stable id, severity, source and examples.

Every rule looks at a :class:`Context` (the document's prose view, the names registry,
the config and the spelling answers) and yields :class:`Hit` objects with offsets in the
ORIGINAL text; the checker turns them into diagnostics. Sources are the ids of
``conventions.md`` (L*, C*, D*, N*, P*, I*) and the works they cite (MS, SS, RK).
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources

import attrs

from strukturer.check.config import CheckConfig
from strukturer.check.diagnostics import Severity
from strukturer.check.registry import Registry
from strukturer.check.text import HEADING, MASK, Document

NBSP = "\u00a0"

MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
_MONTH_RE = "|".join(MONTHS)


@attrs.frozen
class Hit:
    """A finding: original offsets [start, end), message and the corrected form."""

    start: int
    end: int
    message: str
    suggestion: str | None = None


@attrs.frozen
class SpellResult:
    """Hunspell's answer for one word."""

    ok: bool
    suggestions: tuple[str, ...] = ()


@attrs.frozen
class NameScan:
    """Names found in the prose: known (registered) spans and misspelt authority names."""

    known: tuple[tuple[int, int, str], ...]
    unknown: tuple[tuple[int, int, str, str | None], ...]

    def covers(self, start: int, end: int, *, unknown: bool = True) -> bool:
        """Whether prose [start, end) lies inside a found name (known, or unknown too)."""
        spans = [(s, e) for s, e, *_ in self.known]
        if unknown:
            spans += [(s, e) for s, e, *_ in self.unknown]
        return any(s <= start and end <= e for s, e in spans)


@attrs.define
class Context:
    """What a rule sees."""

    doc: Document
    registry: Registry
    config: CheckConfig
    names: NameScan
    spelling: Mapping[str, SpellResult] = attrs.field(factory=dict)
    unknown_authority_enabled: bool = True

    def hit(self, start: int, end: int, message: str, suggestion: str | None = None) -> Hit:
        """A hit for the prose span [start, end)."""
        o_start, o_end = self.doc.original_span(start, end)
        return Hit(o_start, o_end, message, suggestion)


CheckFunction = Callable[[Context], Iterable[Hit]]


@attrs.frozen
class Rule:
    """A named rule: id, default severity, source, one-line description, an example."""

    id: str
    severity: Severity
    source: str
    description: str
    wrong: str
    right: str
    check: CheckFunction = attrs.field(repr=False)
    default: bool = True


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: Severity,
    source: str,
    description: str,
    example: tuple[str, str],
    *,
    default: bool = True,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function as a rule."""

    def register(function: CheckFunction) -> CheckFunction:
        assert rule_id not in RULES, rule_id
        RULES[rule_id] = Rule(
            rule_id, severity, source, description, example[0], example[1], function, default
        )
        return function

    return register


# ---------------------------------------------------------------- helpers


def _q(text: str) -> str:
    """Quote ``text`` in a message."""
    return f'"{text}"'


def _keep_case(written: str, correct: str) -> str:
    """``correct`` with the first letter's case of ``written``."""
    if written[:1].isupper():
        return correct[:1].upper() + correct[1:]
    return correct


def _group(digits: str) -> str:
    """Group digits in threes with a no-break space (N1)."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NBSP.join(groups)


def sentence_initial(doc: Document, index: int) -> bool:
    """Whether prose[index] begins a sentence, a heading, a list item or the text."""
    prose = doc.prose
    j = index - 1
    crossed_newline = False
    while j >= 0 and prose[j] in " \t\u00a0\"”’'(–—-*#>_\n":
        if prose[j] == "\n":
            crossed_newline = True
            break
        j -= 1
    if j < 0:
        return True
    if crossed_newline:
        line = doc.line_of_prose(index)
        if line in doc.block_starts:
            return True
        k = j - 1
        while k >= 0 and prose[k] in " \t\u00a0":
            k -= 1
        if k < 0 or prose[k] in ".!?:\n*#":
            return True
        previous = doc.original.split("\n")[line - 2] if line >= 2 else ""
        return bool(HEADING.match(previous))
    return prose[j] in ".!?:"


def _previous_word(prose: str, index: int) -> str:
    match = re.search(r"([^\W\d_][\w.:]*)\W*$", prose[max(0, index - 30) : index])
    return match.group(1).lower() if match else ""


def _valid_date(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if year is None:
        return day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    return day <= calendar.monthrange(year, month)[1]


# ---------------------------------------------------------------- punctuation (SS)

_RANGE = re.compile(
    r"(?<![\w/.:,-])(?:(?P<t1>\d{1,2}[.:]\d{2})-(?P<t2>\d{1,2}[.:]\d{2})"
    r"|(?P<a>\d{1,4})-(?P<b>\d{1,4}))(?![\w/-]|[.,:]\d)"
)


@rule(
    "range-dash",
    Severity.WARNING,
    "P1 (SS)",
    "A range of numbers takes an unspaced en dash, not a hyphen.",
    ("2011-2013", "2011–2013"),
)
def _range_dash(ctx: Context) -> Iterator[Hit]:
    for m in _RANGE.finditer(ctx.doc.prose):
        if m["a"] is not None:
            first, second = m["a"], m["b"]
            if first.startswith("0") and len(first) > 1:
                continue  # a phone number's area code: 08-123 45 67
        else:
            first, second = m["t1"], m["t2"]
        yield ctx.hit(
            m.start(), m.end(), "range written with a hyphen; use an en dash", f"{first}–{second}"
        )


_SPACED_HYPHEN = re.compile(
    r"(?<=[^\s|])[ \t]+(?P<dash>--?)[ \t]+(?=[^\s|])|(?<=[^\W_])(?P<double>--)(?=[^\W_])"
)


@rule(
    "sentence-dash",
    Severity.WARNING,
    "P2 (SS)",
    "A dash in a sentence is a spaced en dash ( – ), not a hyphen.",
    ("kommuner - Borlänge", "kommuner – Borlänge"),
)
def _sentence_dash(ctx: Context) -> Iterator[Hit]:
    for m in _SPACED_HYPHEN.finditer(ctx.doc.prose):
        group = "dash" if m["dash"] is not None else "double"
        yield ctx.hit(m.start(group), m.end(group), "hyphen used as a dash; use an en dash", "–")


@rule(
    "em-dash",
    Severity.WARNING,
    "P2 (SS)",
    "Swedish uses the en dash (–), not the em dash (—).",
    ("stöd — och", "stöd – och"),
)
def _em_dash(ctx: Context) -> Iterator[Hit]:
    for m in re.finditer("—", ctx.doc.prose):
        yield ctx.hit(m.start(), m.end(), "em dash; Swedish uses the en dash", "–")


_QUOTES = {'"': "”", "“": "”", "„": "”", "‘": "’", "'": "’"}


@rule(
    "quotation-marks",
    Severity.WARNING,
    "P3 (SS)",
    "Quotation marks are ”…” (U+201D at both ends), apostrophes ’; never \" “ „ or '.",
    ('"Strukturer för stöd"', "”Strukturer för stöd”"),
)
def _quotation_marks(ctx: Context) -> Iterator[Hit]:
    for m in re.finditer("[\"“„‘']", ctx.doc.prose):
        mark = m.group()
        kind = "apostrophe or single quote" if mark in "‘'" else "quotation mark"
        yield ctx.hit(m.start(), m.end(), f"{kind} {mark}; use {_QUOTES[mark]}", _QUOTES[mark])


_SPACE_BEFORE = re.compile(r"[ \t\u00a0\u202f]+(?P<mark>[.,:;!?])(?![\w.])")


@rule(
    "space-before-punctuation",
    Severity.WARNING,
    "P4 (SS)",
    "No space before . , : ; ! ?",
    ("uppdraget .", "uppdraget."),
)
def _space_before(ctx: Context) -> Iterator[Hit]:
    prose = ctx.doc.prose
    for m in _SPACE_BEFORE.finditer(prose):
        if m.start() == 0 or prose[m.start() - 1] in "\n" + MASK:
            continue  # indentation, or a masked URL/code right before
        if not ctx.doc.contiguous(m.start(), m.end()):
            continue  # the space was next to Markdown syntax that is not prose
        yield ctx.hit(m.start(), m.end(), f"space before {_q(m['mark'])}", m["mark"])


_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0\u202f]{2,}(?=\S)")


@rule(
    "double-space",
    Severity.WARNING,
    "P4 (SS)",
    "Single spaces between words and sentences.",
    ("stöd.  Det", "stöd. Det"),
)
def _double_space(ctx: Context) -> Iterator[Hit]:
    for m in _DOUBLE_SPACE.finditer(ctx.doc.prose):
        if ctx.doc.contiguous(m.start(), m.end()):
            yield ctx.hit(m.start(), m.end(), "more than one space", " ")


@rule(
    "trailing-space",
    Severity.WARNING,
    "P4 (SS)",
    "No spaces at the end of a line.",
    ("det arbetet.␠", "det arbetet."),
)
def _trailing_space(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    for m in re.finditer(r"[ \t\u00a0\u202f]+$", doc.original, re.MULTILINE):
        line, _ = doc.position(m.start())
        if line in doc.code_lines:
            continue
        if doc.markdown and m.group().startswith("  ") and set(m.group()) == {" "}:
            continue  # two or more spaces: a Markdown hard line break
        if m.start() == doc.line_starts[line - 1]:
            continue  # a line of only whitespace
        yield Hit(m.start(), m.end(), "space at the end of the line; remove it")


# ---------------------------------------------------------------- leftovers


@rule(
    "markdown-escape",
    Severity.ERROR,
    "practice (seed texts)",
    "A Markdown backslash escape left in plain text (\\- \\. \\*); write the character.",
    ("vård\\- och, 2011\\-2013", "vård- och, 2011–2013"),
)
def _markdown_escape(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    if doc.markdown:
        return  # in Markdown an escape is syntax, and renders as the character
    text = doc.original
    for m in re.finditer(r"\\([!-/:-@\[-`{-~])", text):
        char = m.group(1)
        suggestion = char
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if char == "-" and (
            (before.isdigit() and after.isdigit()) or (before.isspace() and after.isspace())
        ):
            suggestion = "–"
        yield Hit(m.start(), m.end(), f"leftover Markdown escape {_q(m.group())}", suggestion)


@rule(
    "placeholder",
    Severity.WARNING,
    "project convention",
    "A visible placeholder [[…]] for a fact still missing.",
    ("[[beslutsdatum]]", "2020-03-05"),
)
def _placeholder(ctx: Context) -> Iterator[Hit]:
    for m in re.finditer(r"\[\[\s*([^\[\]\n]+?)\s*\]\]", ctx.doc.prose):
        yield ctx.hit(m.start(), m.end(), f"placeholder for a missing fact: {m.group(1)}")


# ---------------------------------------------------------------- language (MS)


_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("t.ex.", r"t(?:\.[ \t]*|[ \t]+)ex\.?"),
    ("bl.a.", r"bl(?:\.[ \t]*|[ \t]+)a\.?"),
    ("dvs.", r"d(?:\.[ \t]*|[ \t]*)v(?:\.[ \t]*|[ \t]*)s\.?"),
    ("osv.", r"o(?:\.[ \t]*|[ \t]*)s(?:\.[ \t]*|[ \t]*)v\.?"),
    ("fr.o.m.", r"fr(?:\.[ \t]*|[ \t]+)o(?:\.[ \t]*|[ \t]+)m\.?"),
    ("t.o.m.", r"t(?:\.[ \t]*|[ \t]+)o(?:\.[ \t]*|[ \t]+)m\.?"),
    ("m.fl.", r"m(?:\.[ \t]*|[ \t]+)fl\.?"),
    ("m.m.", r"m(?:\.[ \t]*|[ \t]+)m\.?"),
    ("s.k.", r"s(?:\.[ \t]*|[ \t]+)k\.?"),
    ("etc.", r"etc\.?"),
    ("ca", r"(?:ca\.|c:a)"),
    ("kl.", r"kl(?=[ \t\u00a0]+\d)"),
)
_ABBREVIATION_RE = re.compile(
    "|".join(
        rf"(?P<a{i}>(?<![\w.:]){pattern}(?![\w:]))" for i, (_, pattern) in enumerate(_ABBREVIATIONS)
    ),
    re.IGNORECASE,
)

#: Accepted abbreviations (L5); a full stop after one of them does not end a sentence.
ABBREVIATIONS = frozenset(
    [
        *("t.ex.", "bl.a.", "dvs.", "etc.", "fr.o.m.", "m.fl.", "m.m.", "osv.", "s.k.", "t.o.m."),
        *("ca.", "jfr.", "kl.", "nr.", "s.", "resp.", "dnr.", "ev.", "p.g.a.", "sid.", "tel."),
        "f.d.",
    ]
)


@rule(
    "abbreviation",
    Severity.WARNING,
    "L5 (MS)",
    "Abbreviations with full stops and no inner spaces: t.ex., bl.a., dvs., m.m., ca.",
    ("t ex, bl a, dvs", "t.ex., bl.a., dvs."),
)
def _abbreviation(ctx: Context) -> Iterator[Hit]:
    for m in _ABBREVIATION_RE.finditer(ctx.doc.prose):
        assert m.lastgroup is not None
        correct = _ABBREVIATIONS[int(m.lastgroup[1:])][0]
        written = m.group()
        if written.lower() == correct:
            continue
        if correct.endswith(".") and written.lower() + "." == correct:
            # "dvs" before a full stop that ends the sentence is still "dvs."
            nxt = ctx.doc.prose[m.end() : m.end() + 1]
            if nxt == ".":
                continue
        suggestion = _keep_case(written, correct)
        yield ctx.hit(m.start(), m.end(), f"write the abbreviation as {_q(suggestion)}", suggestion)


@rule(
    "skall",
    Severity.WARNING,
    "L2 (MS; Regeringskansliet since 2007)",
    "Write “ska”, not “skall”.",
    ("myndigheten skall", "myndigheten ska"),
)
def _skall(ctx: Context) -> Iterator[Hit]:
    for m in re.finditer(r"(?<![\w-])[Ss]kall(?![\w-])", ctx.doc.prose):
        yield ctx.hit(m.start(), m.end(), "“skall” is old-fashioned", _keep_case(m.group(), "ska"))


_ACRONYM_GENITIVE = re.compile(r"(?<![\w:-])(?P<acronym>[A-ZÅÄÖ]{2,}\d*)s(?![\w:-])")


@rule(
    "acronym-genitive",
    Severity.WARNING,
    "L6 (SS)",
    "The genitive of an acronym takes a colon.",
    ("SCBs statistik", "SCB:s statistik"),
)
def _acronym_genitive(ctx: Context) -> Iterator[Hit]:
    for m in _ACRONYM_GENITIVE.finditer(ctx.doc.prose):
        acronym = m["acronym"]
        yield ctx.hit(
            m.start(),
            m.end(),
            f"the genitive of {_q(acronym)} is {_q(acronym + ':s')}",
            f"{acronym}:s",
        )


#: The correct forms of the accepted abbreviations that end with a full stop.
_FULL_STOP_ABBREVIATIONS = tuple(correct for correct, _ in _ABBREVIATIONS if correct.endswith("."))


@rule(
    "heading-full-stop",
    Severity.WARNING,
    "L3 (MS)",
    "No full stop after a heading (a Markdown `#` heading or a line that is all bold).",
    ("# Bakgrund.", "# Bakgrund"),
)
def _heading_full_stop(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    start = 0
    for number, line in enumerate(doc.original.split("\n"), start=1):
        heading = HEADING.match(line) if number not in doc.code_lines else None
        if heading:
            group = "atx" if heading["atx"] is not None else "bold"
            title = heading[group].rstrip()
            if (
                title.endswith(".")
                and not title.endswith("..")
                and not title.lower().endswith(_FULL_STOP_ABBREVIATIONS)
            ):
                end = start + heading.start(group) + len(title)
                yield Hit(end - 1, end, "a heading takes no full stop", None)
        start += len(line) + 1


#: A list of short items (one to three words) with a comma before its "och"/"eller".
_LIST_COMMA = re.compile(
    r"(?<![\w-])[\w-]+(?: [\w-]+){0,2}, [\w-]+(?: [\w-]+){0,2}(?P<comma>,) (?:och|eller) (?=\w)"
)


@rule(
    "list-comma",
    Severity.WARNING,
    "L4 (SS)",
    "No comma before the “och” or “eller” that joins the last two items of a list.",
    ("Borlänge, Karlstad, och Umeå", "Borlänge, Karlstad och Umeå"),
)
def _list_comma(ctx: Context) -> Iterator[Hit]:
    for m in _LIST_COMMA.finditer(ctx.doc.prose):
        start = m.start("comma")
        yield ctx.hit(start, start + 1, "no comma before “och” or “eller” in a list", None)


_DOUBLED = re.compile(
    r"(?<![\w-])(?P<w>[^\W\d_]+)(?P<gap>[ \t\n]+)(?P<again>(?P=w))(?![\w-])", re.IGNORECASE
)
_DOUBLED_OK = frozenset(["det", "den", "de", "som"])


@rule(
    "doubled-word",
    Severity.ERROR,
    "L1 (SpL 11 §)",
    "The same word twice in a row.",
    ("i uppdrag att att utvärdera", "i uppdrag att utvärdera"),
)
def _doubled(ctx: Context) -> Iterator[Hit]:
    for m in _DOUBLED.finditer(ctx.doc.prose):
        word = m["w"]
        if word.lower() in _DOUBLED_OK or m["gap"].count("\n") > 1:
            continue
        yield ctx.hit(m.start("again"), m.end("again"), f"doubled word {_q(word)}", None)


# ---------------------------------------------------------------- dates (D1–D3)

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
        if _previous_word(prose, m.start()) in {"nr", "dnr", "sfs", "s.", "sid.", "sidan"}:
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
        yield ctx.hit(m.start(), m.end(), f"{_q(word)} in lower case", m.group().lower())


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


# ---------------------------------------------------------------- numbers (N1–N5)

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
        if _previous_word(prose, m.start()) in {"kl.", "kl"}:
            continue
        digits = m["n"].replace(m["sep"], "")
        message = f"{_q(m['sep'])} as a thousands separator; group digits with a no-break space"
        if m["sep"] == ",":
            message += " (if it is a decimal number, drop the trailing zeros)"
        yield ctx.hit(m.start(), m.end(), message, _group(digits))


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
        if _previous_word(prose, m.start()) in _NOT_GROUPED_AFTER:
            continue
        yield ctx.hit(m.start(), m.end(), "number not grouped in threes", _group(m["n"]))


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
        if _previous_word(prose, m.start()) in {"kl.", "kl", "avsnitt", "kapitel", "punkt"}:
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


# ---------------------------------------------------------------- identifiers (I1)

DEPARTMENT_CODES = tuple(
    ["SB", "A", "Fi", "Fö", "Ju", "Ku", "M", "N", "S", "U", "UD", "I", "KN", "LI", "Jo", "IJ"]
)
_DEPT = "|".join(sorted(DEPARTMENT_CODES, key=len, reverse=True))
_SP = r"[ \t\u00a0]"
_DIARIENUMMER = re.compile(
    rf"(?<![\w/])(?:(?P<code>{_DEPT})(?P<year>\d{{4}})(?P<s1>{_SP}*)/(?P<s2>{_SP}*)(?P<serial>\d{{1,6}})"
    rf"(?:(?P<s3>{_SP}*)/(?P<s4>{_SP}*)(?P<unit>[A-ZÅÄÖ][A-Za-zÅÄÖåäö0-9]*))?"
    rf"|(?P<code2>{_DEPT})(?P<s0>{_SP}+)(?P<year2>\d{{4}})/(?P<serial2>\d{{1,6}})/(?P<unit2>[A-ZÅÄÖ][A-Za-zÅÄÖåäö0-9]*))"
    r"(?![\w/])"
)
#: Regeringskansliet's diarienummer as written correctly (I1).
DIARIENUMMER = re.compile(
    rf"(?<![\w/])(?:{_DEPT})\d{{4}}/\d{{1,6}}(?:/[A-ZÅÄÖ][A-Za-zÅÄÖåäö0-9]*)?(?![\w/])"
)


#: Two to twelve in words, by value ("en"/"ett" for one depends on the noun).
_NUMBER_WORDS: tuple[str, ...] = ("", "", "två", "tre", "fyra", "fem", "sex", "sju", "åtta")
_NUMBER_WORDS += ("nio", "tio", "elva", "tolv")
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
    """:func:`sentence_initial`, but not after an abbreviation's full stop ("kl. 9")."""
    if not sentence_initial(doc, index):
        return False
    before = _previous_word(doc.prose, index)
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
        if _previous_word(prose, m.start()).rstrip(".") in _NUMBER_LABELS:
            continue
        if prose[max(0, m.start() - 3) : m.start()].rstrip(" \u00a0").endswith("§"):
            continue
        number = int(m["n"])
        yield ctx.hit(
            m.start(),
            m.end("n"),
            "write one to twelve in words in running text",
            _NUMBER_WORDS[number] or None,  # "en" or "ett" depends on the noun
        )
    for m in _SENTENCE_NUMBER.finditer(prose):
        digits = m.group().replace(" ", "").replace(NBSP, "")
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
        yield ctx.hit(m.start("unit"), m.end(), f"write {_q(words)} in running text", words)


@rule(
    "diarienummer-space",
    Severity.ERROR,
    "I1 (RK)",
    "No spaces inside a Regeringskansliet diarienummer.",
    ("U2011/ 4322/JÄM", "U2011/4322/JÄM"),
)
def _diarienummer_space(ctx: Context) -> Iterator[Hit]:
    for m in _DIARIENUMMER.finditer(ctx.doc.prose):
        written = m.group()
        if not re.search(r"[ \t\u00a0]", written):
            continue
        yield ctx.hit(
            m.start(), m.end(), "space inside a diarienummer", re.sub(r"[ \t\u00a0]", "", written)
        )


# ---------------------------------------------------------------- names (C1, C6, C7)

_AUTHORITY_SUFFIXES = (
    "verket|myndigheten|styrelsen|inspektionen|nämnden|rådet|kansliet|ombudsmannen|"
    "departementet|institutet|kollegiet|ämbetet"
)
_AUTHORITY_WORD = re.compile(
    rf"(?<![\w-])(?P<w>[A-ZÅÄÖ][^\W\d_]*(?:-[^\W\d_]+)*?(?:{_AUTHORITY_SUFFIXES}))(?P<gen>s)?(?![\w-])"
)
_AUTHORITY_PREFIXES = (
    "Myndigheten för",
    "Statens",
    "Länsstyrelsen i",
    "Inspektionen för",
    "Institutet för",
    "Styrelsen för",
    "Forskningsrådet för",
    "Verket för",
    "Nämnden för",
    "Kammarrätten i",
    "Förvaltningsrätten i",
    "Hovrätten för",
    "Högskolan i",
    "Region",
)
_AUTHORITY_PHRASE = re.compile(
    r"(?<![\w-])(?P<prefix>"
    + "|".join(p.replace(" ", r"\s+") for p in _AUTHORITY_PREFIXES)
    + r")(?P<rest>(?:,?\s+[^\W\d_][\w-]*){1,9})"
)
#: Common nouns that look like names (capitalised only at the start of a sentence).
_GENERIC = frozenset(
    [
        "länsstyrelsen",
        "kommunstyrelsen",
        "regionstyrelsen",
        "socialnämnden",
        "byggnadsnämnden",
        "miljönämnden",
        "valnämnden",
        "kulturnämnden",
        "utbildningsnämnden",
        "överförmyndarnämnden",
        "skolstyrelsen",
        "förvaltningsmyndigheten",
        "tillsynsmyndigheten",
        "expertmyndigheten",
        "elevrådet",
        "styrelsen",
        "nämnden",
        "rådet",
        "verket",
        "myndigheten",
        "kansliet",
        "departementet",
        "institutet",
        "kollegiet",
        "ämbetet",
        "inspektionen",
        "ombudsmannen",
    ]
)


def scan_names(doc: Document, registry: Registry, config: CheckConfig) -> NameScan:
    """Find registered names and authority-like names that are not registered."""
    prose = doc.prose
    known: list[tuple[int, int, str]] = []
    for m in registry.name_pattern.finditer(prose):
        known.append((m.start(), m.end(), re.sub(r"\s+", " ", m["name"])))

    def overlaps(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _ in known)

    unknown: list[tuple[int, int, str, str | None]] = []
    for m in _AUTHORITY_PHRASE.finditer(prose):
        if overlaps(m.start(), m.end("prefix")):
            continue
        found = _closest_phrase(m, registry, config.authority_cutoff)
        if found is not None:
            start, end, suggestion = found
            if not overlaps(start, end):
                unknown.append((start, end, prose[start:end], suggestion))
    for m in _AUTHORITY_WORD.finditer(prose):
        start, end = m.start(), m.end()
        if overlaps(start, end) or any(s < end and start < e for s, e, *_ in unknown):
            continue
        word = m["w"]
        if word.lower() in _GENERIC:
            continue
        closest = registry.closest(word, cutoff=0.75)
        if closest is None and sentence_initial(doc, start):
            continue  # probably a common noun at the start of a sentence
        proposal = closest
        if closest and m["gen"] and not closest.endswith("s"):
            proposal = closest + "s"
        unknown.append((start, end, m.group(), proposal))
    return NameScan(tuple(known), tuple(sorted(unknown)))


def _closest_phrase(
    m: re.Match[str], registry: Registry, cutoff: float
) -> tuple[int, int, str] | None:
    """The best registered name for a "Myndigheten för …"-like phrase, with its span."""
    prefix = re.sub(r"\s+", " ", m["prefix"])
    words = list(re.finditer(r"[^\W\d_][\w-]*", m["rest"]))
    base = m.start("rest")
    best: tuple[float, int, str] | None = None
    for name in registry.organisation_names:
        if not name.startswith(prefix + " "):
            continue
        size = len(name.split()) - len(prefix.split())
        for n in (size - 1, size, size + 1):
            if not 1 <= n <= len(words):
                continue
            end = base + words[n - 1].end()
            candidate = prefix + " " + re.sub(r"\s+", " ", m.string[base:end].strip())
            ratio = difflib.SequenceMatcher(None, candidate, name).ratio()
            if best is None or ratio > best[0] or (ratio == best[0] and end < best[1]):
                best = (ratio, end, name)
    if best is None or best[0] < cutoff or best[0] == 1.0:
        return None
    return m.start(), best[1], best[2]


@rule(
    "unknown-authority",
    Severity.ERROR,
    "C1 (MS), C6 (SS)",
    "A word or phrase that looks like an authority's name but is not in the names registry.",
    ("Ivligrationsverket", "Migrationsverket"),
)
def _unknown_authority(ctx: Context) -> Iterator[Hit]:
    for start, end, written, suggestion in ctx.names.unknown:
        message = f"{_q(written)} is not a known authority name"
        if suggestion:
            message += f"; did you mean {_q(suggestion)}?"
        yield ctx.hit(start, end, message, suggestion)


@rule(
    "former-name",
    Severity.WARNING,
    "C7 (MS)",
    "An organisation's former name (right only in a historical text).",
    ("Sveriges Kommuner och Landsting", "Sveriges Kommuner och Regioner"),
)
def _former_name(ctx: Context) -> Iterator[Hit]:
    for start, end, name in ctx.names.known:
        former = ctx.registry.former.get(name)
        if former is not None:
            yield ctx.hit(
                start,
                end,
                f"{_q(name)} is called {_q(former.current)} since {former.year}",
                former.current,
            )


_LOWERCASE_NAMES = {"Regeringen": "regeringen", "Riksdagen": "riksdagen"}


@rule(
    "lowercase-government",
    Severity.WARNING,
    "C2 (MS)",
    "“regeringen” and “riksdagen” are lower-case except at the start of a sentence.",
    ("uppdrag från Regeringen", "uppdrag från regeringen"),
)
def _lowercase_government(ctx: Context) -> Iterator[Hit]:
    for m in re.finditer(r"(?<![\w-])(Regeringen|Riksdagen)(s)?(?![\w-])", ctx.doc.prose):
        if sentence_initial(ctx.doc, m.start()):
            continue
        yield ctx.hit(m.start(), m.end(), f"{_q(m.group())} in lower case", m.group().lower())


@rule(
    "ministry-capital",
    Severity.WARNING,
    "C3 (MS)",
    "Regeringskansliet and its departments are names: capital initial.",
    ("till socialdepartementet", "till Socialdepartementet"),
)
def _ministry_capital(ctx: Context) -> Iterator[Hit]:
    names = {n.lower(): n for n in ctx.registry.ministries}
    for m in ctx.registry.ministry_pattern.finditer(ctx.doc.prose):
        if not m["name"][0].islower():
            continue
        suggestion = names[m["name"].lower()] + (m["s"] or "")
        yield ctx.hit(m.start(), m.end(), f"{_q(suggestion)} is a name", suggestion)


#: Titles and roles (conventions C5), matched at the end of a word so that compounds
#: count too: "Överdirektör", "Socialminister", "Biträdande enhetschef".
_TITLE_STEMS = (
    "direktör",
    "minister",
    "statsråd",
    "statssekreterare",
    "chef",
    "utredare",
    "analytiker",
    "handläggare",
    "departementsråd",
    "kansliråd",
    "ämnesråd",
    "landshövding",
    "ordförande",
    "projektledare",
    "sakkunnig",
    "generalsekreterare",
)
_TITLE_ENDINGS = ("ens", "ns", "en", "et", "n", "s", "")
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÅÄÖ][a-zåäöéü]+(?![\w-])")


def _is_title(word: str) -> bool:
    lower = word.lower()
    return any(lower.endswith(stem + ending) for stem in _TITLE_STEMS for ending in _TITLE_ENDINGS)


@rule(
    "title-lowercase",
    Severity.WARNING,
    "C5 (MS)",
    "Titles and roles are lower-case in running text.",
    ("sade Generaldirektör Jean-Luc", "sade generaldirektör Jean-Luc"),
)
def _title_lowercase(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    for m in _CAPITALISED.finditer(doc.prose):
        word = m.group()
        if not _is_title(word) or sentence_initial(doc, m.start()):
            continue
        if m.start() == 0 or doc.prose[m.start() - 1] == "\n":
            continue  # a title on a line of its own, e.g. under a signature
        if ctx.names.covers(m.start(), m.end(), unknown=False):
            continue  # part of a registered name
        yield ctx.hit(m.start(), m.end(), "a title is lower-case", word[0].lower() + word[1:])


# ---------------------------------------------------------------- spelling

#: Words in ALL CAPS up to this length are taken as acronyms and not spell-checked.
ACRONYM_MAX = 5


def spelling_candidates(ctx: Context) -> Iterator[tuple[int, int, str]]:
    """Words to send to hunspell: (prose start, end, word)."""
    doc = ctx.doc
    skip = [(m.start(), m.end()) for m in DIARIENUMMER.finditer(doc.prose)]
    skip += [(m.start(), m.end()) for m in re.finditer(r"\[\[[^\[\]\n]+\]\]", doc.prose)]
    extra = ctx.config.words
    for token in doc.tokens():
        word = token.text
        if ctx.names.covers(token.start, token.end, unknown=ctx.unknown_authority_enabled):
            continue
        if any(s <= token.start < e for s, e in skip):
            continue
        if word + "." in ABBREVIATIONS or word.lower() + "." in ABBREVIATIONS:
            continue
        parts = [(token.start, word)]
        if "." in word or ":" in word:
            parts = []
            offset = token.start
            for piece in re.split(r"([.:])", word):
                if piece and piece not in ".:":
                    parts.append((offset, piece))
                offset += len(piece)
        for start, part in parts:
            if len(part) < 2 or any(c.isdigit() for c in part):
                continue
            if part.isupper() and len(part) <= ACRONYM_MAX:
                continue
            if part in extra or part in ctx.registry.words or part in _default_words():
                continue
            yield start, start + len(part), part


_DEFAULT_WORDS: frozenset[str] | None = None


def _default_words() -> frozenset[str]:
    global _DEFAULT_WORDS  # noqa: PLW0603
    if _DEFAULT_WORDS is None:
        text = resources.files("strukturer.check").joinpath("data", "words.txt").read_text("utf-8")
        _DEFAULT_WORDS = frozenset(
            w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")
        )
    return _DEFAULT_WORDS


@rule(
    "spelling",
    Severity.ERROR,
    "L1 (SpL 11 §); Swedish Hunspell dictionary",
    "A word the Swedish dictionary, the names registry and the project word list do not know.",
    ("förttyck", "förtryck"),
)
def _spelling(ctx: Context) -> Iterator[Hit]:
    for start, end, word in spelling_candidates(ctx):
        result = ctx.spelling.get(word)
        if result is None or result.ok:
            continue
        suggestions = list(result.suggestions)
        if _AUTHORITY_WORD.fullmatch(word):
            closest = ctx.registry.closest(word, cutoff=0.6)
            if closest:
                suggestions = [closest, *[s for s in suggestions if s != closest]]
        message = f"unknown word {_q(word)}"
        if len(suggestions) > 1:
            message += f" (other suggestions: {', '.join(suggestions[1:4])})"
        yield ctx.hit(start, end, message, suggestions[0] if suggestions else None)


def active_rules(config: CheckConfig) -> list[Rule]:
    """The rules that run under ``config``, in registry order."""
    return [r for r in RULES.values() if config.is_enabled(r.id, r.default)]


def run_rules(ctx: Context, rules: Iterable[Rule]) -> Iterator[tuple[Rule, Hit]]:
    """Run ``rules`` on ``ctx``; yield each rule with each of its hits."""
    for r in rules:
        for found in r.check(ctx):
            yield r, found
