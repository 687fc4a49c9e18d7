"""docs/check.md documents every rule with its severity and source."""

from __future__ import annotations

from pathlib import Path

from strukturer.check import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "check.md"


def test_every_rule_is_documented() -> None:
    rows = {
        line.split("|")[1].strip().strip("`"): line
        for line in DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    }
    for rule in RULES.values():
        assert rule.id in rows, rule.id
        cells = [c.strip() for c in rows[rule.id].split("|")]
        assert cells[2] == rule.severity, rule.id
        assert cells[3] == rule.source, rule.id
