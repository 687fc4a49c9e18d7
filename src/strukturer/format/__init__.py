"""Swedish formatting for templates: dates, numbers, amounts, lists and ranges.

The functions are Jinja filters; :data:`FILTERS` maps their template names to them for
the rendering layer to register explicitly.
"""

from strukturer.format.swedish import (
    FILTERS,
    iso_date,
    join_list,
    kronor,
    long_date,
    number,
    percent,
    span,
    spelled_number,
)

__all__ = [
    "FILTERS",
    "iso_date",
    "join_list",
    "kronor",
    "long_date",
    "number",
    "percent",
    "span",
    "spelled_number",
]
