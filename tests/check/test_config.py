"""CheckConfig from the project file's [check] table."""

from __future__ import annotations

import pytest

from strukturer.check import CheckConfig, Checker, Severity
from strukturer.check.settings import read_config
from strukturer.errors import CheckError


def test_defaults() -> None:
    config = read_config({})
    assert config == CheckConfig()
    assert config.lix_threshold == 60


def test_all_keys() -> None:
    config = read_config(
        {
            "disable": ["skall", "lix"],
            "severity": {"range-dash": "error", "spelling": "warning"},
            "lix_threshold": 55,
            "words": ["Barnafrid", "Vårdanalys"],
        }
    )
    assert config.disable == {"skall", "lix"}
    assert config.severity == {"range-dash": Severity.ERROR, "spelling": Severity.WARNING}
    assert config.lix_threshold == 55
    assert config.words == {"Barnafrid", "Vårdanalys"}


def test_unknown_key_is_reported_with_a_hint() -> None:
    with pytest.raises(CheckError) as raised:
        read_config({"disabled": ["skall"], "lix_treshold": 50})
    message = str(raised.value)
    assert "unknown key 'disabled' (did you mean 'disable'?)" in message
    assert "unknown key 'lix_treshold' (did you mean 'lix_threshold'?)" in message
    assert message.startswith("[check]: ")


def test_unknown_rule_and_bad_values() -> None:
    with pytest.raises(CheckError) as raised:
        read_config(
            {
                "disable": ["range_dash"],
                "severity": {"skall": "fatal"},
                "lix_threshold": "high",
                "words": "Barnafrid",
            }
        )
    message = str(raised.value)
    assert "disable: unknown rule 'range_dash' (did you mean 'range-dash'?)" in message
    assert "severity: skall = 'fatal' is not one of error, warning, info" in message
    assert "lix_threshold: expected a number" in message
    assert "words: expected a list of strings" in message


def test_disable_and_severity_take_effect() -> None:
    text = "myndigheten skall redovisa 2011-2013"
    config = read_config({"disable": ["skall", "spelling"], "severity": {"range-dash": "error"}})
    with Checker(config) as checker:
        found = checker.check_text(text, markdown=False)
    assert [(d.rule_id, d.severity) for d in found] == [("range-dash", Severity.ERROR)]
