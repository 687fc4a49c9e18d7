"""Swedish formatting for templates: dates, numbers, amounts, lists, ranges and reporting.

The functions are Jinja filters; :data:`FILTERS` maps their template names to them for
the rendering layer to register explicitly.
"""

from collections.abc import Callable, Mapping
from types import MappingProxyType

from strukturer.format.reporting import reporting_clause
from strukturer.format.swedish import (
    iso_date,
    join_list,
    kronor,
    long_date,
    number,
    percent,
    span,
    spelled_number,
)

FILTERS: Mapping[str, Callable[..., str]] = MappingProxyType(
    {
        "long_date": long_date,
        "iso_date": iso_date,
        "number": number,
        "percent": percent,
        "kronor": kronor,
        "join_list": join_list,
        "span": span,
        "spelled_number": spelled_number,
        "reporting_clause": reporting_clause,
    }
)
"""The Jinja filters by name, for the rendering layer to register explicitly."""

__all__ = [
    "FILTERS",
    "iso_date",
    "join_list",
    "kronor",
    "long_date",
    "number",
    "percent",
    "reporting_clause",
    "span",
    "spelled_number",
]
