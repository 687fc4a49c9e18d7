"""Names and capitals (C1–C7): authorities, former names, ministries, titles."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from strukturer.check.config import CheckConfig
from strukturer.check.diagnostics import Severity
from strukturer.check.names import Registry
from strukturer.check.rules.base import (
    Context,
    Hit,
    NameScan,
    Spans,
    quoted,
    rule,
    sentence_initial,
)
from strukturer.check.text import Document

_AUTHORITY_SUFFIXES = (
    "verket|myndigheten|styrelsen|inspektionen|nämnden|rådet|kansliet|ombudsmannen|"
    "departementet|institutet|kollegiet|ämbetet"
)
AUTHORITY_WORD = re.compile(
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

    registered = Spans((s, e) for s, e, _ in known)
    unknown: list[tuple[int, int, str, str | None]] = []
    for m in _AUTHORITY_PHRASE.finditer(prose):
        if registered.overlaps(m.start(), m.end("prefix")):
            continue
        found = _closest_phrase(m, registry, config.authority_cutoff)
        if found is not None:
            start, end, suggestion = found
            if not registered.overlaps(start, end):
                unknown.append((start, end, prose[start:end], suggestion))
    phrases = Spans((s, e) for s, e, *_ in unknown)
    closest_to: dict[str, str | None] = {}
    for m in AUTHORITY_WORD.finditer(prose):
        start, end = m.start(), m.end()
        if registered.overlaps(start, end) or phrases.overlaps(start, end):
            continue
        word = m["w"]
        if word.lower() in _GENERIC:
            continue
        if word not in closest_to:
            closest_to[word] = registry.closest(word, cutoff=0.75)
        closest = closest_to[word]
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
        message = f"{quoted(written)} is not a known authority name"
        if suggestion:
            message += f"; did you mean {quoted(suggestion)}?"
        yield ctx.hit(start, end, message, suggestion)


@rule(
    "former-name",
    Severity.WARNING,
    "C7 (MS)",
    "An organisation's former name, unless the text is dated before the change or the "
    "project accepts the name (`accept_former_names`).",
    ("Sveriges Kommuner och Landsting", "Sveriges Kommuner och Regioner"),
)
def _former_name(ctx: Context) -> Iterator[Hit]:
    dated = ctx.config.text_date
    for start, end, name in ctx.names.known:
        former = ctx.registry.former.get(name)
        if former is None or name in ctx.config.accept_former_names:
            continue
        if dated is not None and dated.year < former.year:
            continue  # the text speaks from before the change: the name was right then
        yield ctx.hit(
            start,
            end,
            f"{quoted(name)} is called {quoted(former.current)} since {former.year}",
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
        yield ctx.hit(m.start(), m.end(), f"{quoted(m.group())} in lower case", m.group().lower())


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
        yield ctx.hit(m.start(), m.end(), f"{quoted(suggestion)} is a name", suggestion)


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


_TITLE_END = re.compile(
    rf"(?:{'|'.join(_TITLE_STEMS)})(?:{'|'.join(e for e in _TITLE_ENDINGS if e)})?$", re.IGNORECASE
)


def _is_title(word: str) -> bool:
    return _TITLE_END.search(word) is not None


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
