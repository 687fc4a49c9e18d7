"""The rules of the language check, one module per family; importing this registers them.

:mod:`~strukturer.check.rules.base` holds the registry (:class:`Rule`, :func:`rule`,
:class:`Context`, :class:`Hit`); each family module registers its rules with ``@rule``, in
the order below (the order of :data:`RULES` and of the documentation).
"""

from strukturer.check.rules import (
    authorities,
    dates,
    figures,
    identifiers,
    language,
    leftovers,
    numbers,
    punctuation,
    readability,
    spelling,
)
from strukturer.check.rules.base import RULES, Context, Hit, Rule, active_rules, run_rules

__all__ = [
    "RULES",
    "Context",
    "Hit",
    "Rule",
    "active_rules",
    "authorities",
    "dates",
    "figures",
    "identifiers",
    "language",
    "leftovers",
    "numbers",
    "punctuation",
    "readability",
    "run_rules",
    "spelling",
]
