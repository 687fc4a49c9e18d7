"""Reading the ``[check]`` table of a project file into a :class:`CheckConfig`.

Apart from :mod:`strukturer.check.config` because it validates rule ids against the rules
(language and template), which themselves use the config.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from strukturer.check.config import CheckConfig
from strukturer.check.contract.rules import TEMPLATE_RULES
from strukturer.check.diagnostics import Severity
from strukturer.check.rules import RULES
from strukturer.errors import CheckError

#: Keys of the config that a project sets elsewhere, not in its ``[check]`` table.
_NOT_IN_TABLE = frozenset({"text_date"})
_LISTS = ("disable", "enable", "words", "diarienummer_units", "accept_former_names")
_RULE_LISTS = ("disable", "enable")


def read_config(data: Mapping[str, Any], *, where: str = "[check]") -> CheckConfig:
    """Build a config from a parsed ``[check]`` table; reports every problem at once.

    Raises :class:`CheckError` naming unknown keys (with the closest known key), unknown
    rule ids (with the closest id) and bad values.
    """
    known = {**RULES, **TEMPLATE_RULES}
    problems: list[str] = []
    fields = [f.name for f in attrs.fields(CheckConfig) if f.name not in _NOT_IN_TABLE]
    for key in data:
        if key not in fields:
            hint = difflib.get_close_matches(key, fields, n=1)
            problems.append(
                f"unknown key {key!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
                + f"; known keys: {', '.join(fields)}"
            )

    def rule_ids(key: str, values: Iterable[Any]) -> list[str]:
        good = []
        for rule in values:
            if not isinstance(rule, str) or rule not in known:
                hint = difflib.get_close_matches(str(rule), list(known), n=1)
                problems.append(
                    f"{key}: unknown rule {rule!r}"
                    + (f" (did you mean {hint[0]!r}?)" if hint else "")
                )
            else:
                good.append(rule)
        return good

    kwargs: dict[str, Any] = {}
    for key in _LISTS:
        if key in data:
            value = data[key]
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                problems.append(f"{key}: expected a list of strings, got {value!r}")
                continue
            kwargs[key] = rule_ids(key, value) if key in _RULE_LISTS else value
    if "severity" in data:
        value = data["severity"]
        if not isinstance(value, Mapping):
            problems.append(f"severity: expected a table of rule = severity, got {value!r}")
        else:
            severities = {}
            for rule in rule_ids("severity", value):
                level = value[rule]
                if level not in {s.value for s in Severity}:
                    problems.append(
                        f"severity: {rule} = {level!r} is not one of error, warning, info"
                    )
                else:
                    severities[rule] = Severity(level)
            kwargs["severity"] = severities
    for key, kind in (
        ("lix_threshold", (int, float)),
        ("lix_min_words", (int,)),
        ("authority_cutoff", (int, float)),
    ):
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, kind):
                problems.append(f"{key}: expected a number, got {value!r}")
            else:
                kwargs[key] = value
    for key in ("hunspell", "dictionary"):
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                problems.append(f"{key}: expected a path string, got {value!r}")
            else:
                kwargs[key] = value
    if problems:
        raise CheckError(f"{where}: " + f"\n{where}: ".join(problems))
    return CheckConfig(**kwargs)
