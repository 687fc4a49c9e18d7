"""The language quality gate: Swedish conventions, names, spelling and readability.

Pure API; the ``strukturer check`` command is built on it::

    from strukturer.check import CheckConfig, check_files, format_human

    report = check_files([Path("rapport.md")], CheckConfig())
    print(format_human(report))
    raise SystemExit(report.exit_code)
"""

from strukturer.check.checker import Checker, check_files, check_text
from strukturer.check.config import CheckConfig
from strukturer.check.diagnostics import (
    CheckReport,
    Diagnostic,
    Readability,
    Severity,
    format_human,
    format_json,
    format_readability,
)
from strukturer.check.names import Registry, default_registry
from strukturer.check.rules import RULES, Rule

__all__ = [
    "RULES",
    "CheckConfig",
    "CheckReport",
    "Checker",
    "Diagnostic",
    "Readability",
    "Registry",
    "Rule",
    "Severity",
    "check_files",
    "check_text",
    "default_registry",
    "format_human",
    "format_json",
    "format_readability",
]
