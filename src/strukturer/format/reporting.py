"""The Government's reporting clause: "Uppdraget ska delredovisas … och slutredovisas …"."""

from __future__ import annotations

from collections.abc import Sequence

from strukturer.format.swedish import NO_BREAK_SPACE, join_list, long_date
from strukturer.model import Reporting


def _by_when(reporting: Reporting) -> str:
    """``senast den 15 mars 2024`` with no-break spaces, or nothing for an undated one."""
    if reporting.date is None:
        return ""
    return f"senast den{NO_BREAK_SPACE}{long_date(reporting.date)}"


def reporting_clause(reporting: Sequence[Reporting], report_to: str) -> str:
    """The sentence that says how and when an assignment is reported (RK).

    ``Uppdraget ska delredovisas till Regeringskansliet (Xdepartementet) senast den
    15 mars 2024 och slutredovisas senast den 30 november 2025.`` Consecutive reportings
    of one kind share their verb ("senast den 1 mars 2024 och den 1 mars 2025"); a
    reporting that says what it covers gets "i fråga om …" after its verb. Dates are
    written as by `long_date`, with a no-break space after "den".
    """
    if isinstance(reporting, str) or not all(isinstance(r, Reporting) for r in reporting):
        raise TypeError("reporting_clause() expects a sequence of Reporting")
    if not reporting:
        raise ValueError("reporting_clause() needs at least one reporting")
    clauses: list[str] = []
    group: list[Reporting] = []
    for item in [*reporting, None]:
        joinable = (
            item is not None
            and group
            and item.kind == group[0].kind
            and item.what is None
            and group[0].what is None
        )
        if group and not joinable:
            clauses.append(_clause(group, report_to if not clauses else None))
            group = []
        if item is not None:
            group.append(item)
    return f"Uppdraget ska {join_list(clauses)}."


def _clause(group: list[Reporting], report_to: str | None) -> str:
    words = [group[0].verb]
    if report_to:
        words.append(f"till {report_to}")
    if group[0].what:
        words.append(f"i fråga om {group[0].what}")
    dates = [_by_when(r) for r in group if r.date is not None]
    if dates:
        rest = [d.removeprefix("senast ") for d in dates[1:]]
        words.append(join_list([dates[0], *rest]))
    return " ".join(words)
