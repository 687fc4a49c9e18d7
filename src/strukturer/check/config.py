"""Configuration of the language check (the ``[check]`` table of a project file)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from strukturer.check.diagnostics import Severity


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
    - ``diarienummer_units``: units of Regeringskansliet diarienummer the project accepts
      beside the registry's.
    - ``accept_former_names``: former names the project accepts (its case needs them).
    - ``text_date``: the date the texts speak from; a former name is right before its
      change. A project's check sets it to the assignment's decision date.
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
    diarienummer_units: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_words)
    accept_former_names: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_words)
    text_date: date | None = None

    def is_enabled(self, rule_id: str, default: bool) -> bool:
        """Whether ``rule_id`` runs under this config."""
        if rule_id in self.disable:
            return False
        return default or rule_id in self.enable

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        """The severity of ``rule_id`` under this config."""
        return self.severity.get(rule_id, default)
