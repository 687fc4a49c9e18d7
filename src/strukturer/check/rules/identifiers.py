"""Identifiers (I1): Regeringskansliet's diarienummer, in the grammar of the model.

The parts of the pattern come from :mod:`strukturer.model.values` (one grammar for the
loader and the check); the department codes and units from the names registry.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from strukturer.check.diagnostics import Severity
from strukturer.check.rules.base import Context, Hit, quoted, rule
from strukturer.model.values import (
    DIARIENUMMER_DEPARTMENT,
    DIARIENUMMER_SERIAL,
    DIARIENUMMER_UNIT,
    DIARIENUMMER_YEAR,
)

_SP = r"[ \t\u00a0]"
_D, _Y, _S, _U = DIARIENUMMER_DEPARTMENT, DIARIENUMMER_YEAR, DIARIENUMMER_SERIAL, DIARIENUMMER_UNIT

#: A diarienummer as written, maybe with spaces around its slashes, or after its code when
#: a unit follows (so that "I 2011/2012 års budget" is not taken for one).
WRITTEN_DIARIENUMMER = re.compile(
    rf"(?<![\w/])(?:(?P<code>{_D})(?P<year>{_Y}){_SP}*/{_SP}*(?P<serial>{_S})"
    rf"(?:{_SP}*/{_SP}*(?P<unit>{_U}))?"
    rf"|(?P<code2>{_D}){_SP}+(?P<year2>{_Y})/(?P<serial2>{_S})/(?P<unit2>{_U}))"
    r"(?![\w/])"
)
#: Regeringskansliet's diarienummer as written correctly (I1).
DIARIENUMMER = re.compile(rf"(?<![\w/]){_D}{_Y}/{_S}(?:/{_U})?(?![\w/])")
_SPACE = re.compile(_SP)


@rule(
    "diarienummer-space",
    Severity.ERROR,
    "I1 (RK)",
    "No spaces inside a Regeringskansliet diarienummer.",
    ("U2011/ 4322/JÄM", "U2011/4322/JÄM"),
)
def _diarienummer_space(ctx: Context) -> Iterator[Hit]:
    for m in WRITTEN_DIARIENUMMER.finditer(ctx.doc.prose):
        written = m.group()
        if _SPACE.search(written):
            yield ctx.hit(
                m.start(), m.end(), "space inside a diarienummer", _SPACE.sub("", written)
            )


def _closest(candidate: str, known: list[str]) -> str | None:
    found = difflib.get_close_matches(candidate, known, n=1, cutoff=0.0)
    return found[0] if found else None


@rule(
    "diarienummer-department",
    Severity.ERROR,
    "I1 (RK)",
    "A diarienummer whose department code is not one of Regeringskansliet's.",
    ("Ub2011/4322", "U2011/4322"),
)
def _diarienummer_department(ctx: Context) -> Iterator[Hit]:
    codes = ctx.registry.departments_by_code
    for m in WRITTEN_DIARIENUMMER.finditer(ctx.doc.prose):
        code = m["code"] or m["code2"]
        if code in codes:
            continue
        suggestion = _closest(code, list(codes))
        message = f"{quoted(code)} is not a department code of Regeringskansliet"
        if suggestion:
            message += f"; did you mean {quoted(suggestion)} ({codes[suggestion].department})?"
        yield ctx.hit(m.start(), m.start() + len(code), message, suggestion)


@rule(
    "diarienummer-unit",
    Severity.ERROR,
    "I1 (RK)",
    "A diarienummer whose unit is not a known unit of its department "
    "(add a project's own with `diarienummer_units`).",
    ("U2011/4322/JÄN", "U2011/4322/JÄM"),
)
def _diarienummer_unit(ctx: Context) -> Iterator[Hit]:
    codes = ctx.registry.departments_by_code
    accepted = ctx.config.diarienummer_units
    for m in WRITTEN_DIARIENUMMER.finditer(ctx.doc.prose):
        code, unit = (m["code"], m["unit"]) if m["code"] else (m["code2"], m["unit2"])
        department = codes.get(code)
        if unit is None or department is None or unit in department.units or unit in accepted:
            continue
        known = [*department.units, *sorted(accepted)]
        suggestion = _closest(unit, known)
        message = f"{quoted(unit)} is not a known unit of {department.department} ({code})"
        if suggestion:
            message += f"; did you mean {quoted(suggestion)}?"
        group = "unit" if m["unit"] else "unit2"
        yield ctx.hit(m.start(group), m.end(group), message, suggestion)
