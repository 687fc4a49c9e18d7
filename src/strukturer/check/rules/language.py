"""Language (L2–L6, Myndigheternas skrivregler): abbreviations, ska, genitives, headings, lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from strukturer.check.diagnostics import Severity
from strukturer.check.rules.base import (
    Context,
    Hit,
    keep_case,
    quoted,
    rule,
)
from strukturer.check.text import HEADING, MAX_HEADING_LEVEL

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
        # Official references (RK): prop. 2013/14:110, rskr. 2013/14:200, bet. 2013/14:SoU10,
        # dir. 2019:12, bil. 2, kap. 3.
        *("prop.", "rskr.", "bet.", "dir.", "bil.", "kap."),
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
        suggestion = keep_case(written, correct)
        yield ctx.hit(
            m.start(), m.end(), f"write the abbreviation as {quoted(suggestion)}", suggestion
        )


@rule(
    "skall",
    Severity.WARNING,
    "L2 (MS; Regeringskansliet since 2007)",
    "Write “ska”, not “skall”.",
    ("myndigheten skall", "myndigheten ska"),
)
def _skall(ctx: Context) -> Iterator[Hit]:
    for m in re.finditer(r"(?<![\w-])[Ss]kall(?![\w-])", ctx.doc.prose):
        yield ctx.hit(m.start(), m.end(), "“skall” is old-fashioned", keep_case(m.group(), "ska"))


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
            f"the genitive of {quoted(acronym)} is {quoted(acronym + ':s')}",
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


_ATX_LEVEL = re.compile(r"^ {0,3}(?P<marks>#{1,6})(?:[ \t]|$)", re.MULTILINE)


@rule(
    "heading-level",
    Severity.ERROR,
    "docs/content.md (Markdown prose)",
    f"A Markdown heading at most {MAX_HEADING_LEVEL} levels deep (#, ## or ###: "
    "the templates' Heading 1–3); the build refuses a deeper one.",
    ("#### Delfråga", "### Delfråga"),
)
def _heading_level(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    if not doc.markdown:
        return
    for number, start in enumerate(doc.line_starts, start=1):
        if number in doc.code_lines:
            continue
        m = _ATX_LEVEL.match(doc.original, start)
        if m is None:
            continue
        level = len(m["marks"])
        if level > MAX_HEADING_LEVEL:
            yield Hit(
                m.start("marks"),
                m.end("marks"),
                f"heading level {level} is too deep; use #, ## or ### (Heading 1-3)",
                "#" * MAX_HEADING_LEVEL,
            )


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
        yield ctx.hit(m.start("again"), m.end("again"), f"doubled word {quoted(word)}", None)
