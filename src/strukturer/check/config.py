"""Configuration of the language check (the ``[check]`` table of a project file)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from strukturer.check.diagnostics import Severity
from strukturer.errors import CheckError


def _frozen_words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


def _severities(values: Mapping[str, Severity | str]) -> dict[str, Severity]:
    return {rule: Severity(sev) for rule, sev in values.items()}


@attrs.frozen
class CheckConfig:
    """What to check and how strictly.

    - ``disable``: rule ids switched off; ``enable``: rule ids switched on that are off by
      default.
    - ``severity``: rule id → "error" | "warning" | "info", overriding the default.
    - ``lix_threshold``: warn when a section's (or document's) LIX is above this.
    - ``lix_min_words``: sections with fewer words get no LIX warning.
    - ``words``: the project's word list (accepted by the spelling check as written).
    - ``hunspell``, ``dictionary``: the hunspell binary and the dictionary path without
      extension (e.g. ``/usr/share/hunspell/sv_SE``); found automatically when unset.
    - ``authority_cutoff``: minimum similarity (0–1) for a multi-word name to be taken as
      a misspelt registered name.
    """

    disable: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_words)
    enable: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_words)
    severity: Mapping[str, Severity] = attrs.field(factory=dict, converter=_severities)
    lix_threshold: float = 60.0
    lix_min_words: int = 40
    words: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_words)
    hunspell: str | None = None
    dictionary: str | None = None
    authority_cutoff: float = 0.88

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "[check]") -> CheckConfig:
        """Build a config from a parsed ``[check]`` table; reports every problem at once.

        Raises :class:`CheckError` naming unknown keys, unknown rule ids and bad values.
        """
        from strukturer.check.checker import RULES  # noqa: PLC0415 (import cycle)
        from strukturer.check.templates import TEMPLATE_RULES  # noqa: PLC0415 (import cycle)

        known = {**RULES, **TEMPLATE_RULES}

        problems: list[str] = []
        fields = {f.name: f for f in attrs.fields(cls)}
        for key in data:
            if key not in fields:
                hint = difflib.get_close_matches(key, list(fields), n=1)
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
        for key in ("disable", "enable", "words"):
            if key in data:
                value = data[key]
                if not isinstance(value, list | tuple) or not all(
                    isinstance(v, str) for v in value
                ):
                    problems.append(f"{key}: expected a list of strings, got {value!r}")
                    continue
                kwargs[key] = rule_ids(key, value) if key != "words" else value
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
        return cls(**kwargs)

    def is_enabled(self, rule_id: str, default: bool) -> bool:
        """Whether ``rule_id`` runs under this config."""
        if rule_id in self.disable:
            return False
        return default or rule_id in self.enable

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        """The severity of ``rule_id`` under this config."""
        return self.severity.get(rule_id, default)
