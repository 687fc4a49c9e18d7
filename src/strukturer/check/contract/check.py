"""Checking a template version against the contract: :func:`check_template`."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import docx
from docx.opc.exceptions import PackageNotFoundError

from strukturer._cache import code_digest, read_entry, write_entry
from strukturer.check.config import CheckConfig
from strukturer.check.contract.analysis import Analyzer
from strukturer.check.contract.crosscheck import docxtpl_cross_check
from strukturer.check.contract.paragraphs import display, parts
from strukturer.check.contract.rules import TEMPLATE_RULES, finding
from strukturer.check.contract.syntax import missing_styles, parse_part, split_tags
from strukturer.check.contract.types import fields_of, members, template_names
from strukturer.check.diagnostics import Diagnostic, Severity, sort_key
from strukturer.render.jinja import make_environment
from strukturer.render.template_library import TemplateVersion

_CACHE_KIND = "template-findings"


def _findings(template: TemplateVersion, relative_to: Path | None) -> list[Diagnostic]:
    """The contract's findings of a template, kept in the user's cache by the template's
    bytes, its name, the file name shown and strukturer's code (docs/performance.md)."""
    file = display(template, relative_to)
    try:
        data = template.docx.read_bytes()
    except OSError:
        return _analyse(template, file)
    identity = json.dumps([str(template), template.renders, file]).encode()
    key = hashlib.sha256(
        b"\0".join((hashlib.sha256(data).digest(), identity, code_digest()))
    ).hexdigest()
    kept = read_entry(_CACHE_KIND, key)
    if kept is not None:
        try:
            return [
                Diagnostic(**{**item, "severity": Severity(item["severity"])})
                for item in json.loads(kept)
            ]
        except (ValueError, TypeError, KeyError):
            pass  # a damaged entry: analyse again and replace it
    found = _analyse(template, file)
    entry = json.dumps([d.to_dict() for d in found], ensure_ascii=False).encode()
    write_entry(_CACHE_KIND, key, entry)
    return found


def _analyse(template: TemplateVersion, file: str) -> list[Diagnostic]:
    try:
        document = docx.Document(str(template.docx))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError) as exc:
        message = f"template {template}: {template.docx.name} is not a Word file: {exc}"
        return [finding("template-syntax", file, 1, 1, message)]
    env = make_environment()
    found: list[Diagnostic] = []
    used: set[tuple[Any, str]] = set()
    reported: set[str] = set()
    parsed_all = True
    for part in parts(document, file):
        split_tags(template, part, found)
        ast = parse_part(template, part, env, found)
        if ast is None:
            parsed_all = False
            continue
        analyzer = Analyzer(template, part, env, found, used)
        analyzer.body(ast.body, {})
        reported |= analyzer.unknown_names
    missing_styles(template, document, file, found)
    if parsed_all:
        docxtpl_cross_check(template, env, file, reported, found)
        names = template_names(template.renders)
        model = members(names.get(template.renders, Any))
        for member in model or ():
            for field in fields_of(member):
                if (member, field) not in used:
                    found.append(
                        finding(
                            "template-unused-field",
                            file,
                            1,
                            1,
                            f"template {template} renders {template.renders} but shows no "
                            f"{template.renders}.{field}",
                            text=f"{template.renders}.{field}",
                        )
                    )
    return found


def check_template(
    template: TemplateVersion,
    config: CheckConfig | None = None,
    *,
    relative_to: Path | None = None,
) -> list[Diagnostic]:
    """Check one template version's docx against the contract (docs/check.md).

    ``config`` switches rules off (``disable``) and changes severities as for the
    language rules; ``relative_to`` is the folder the file names are relative to
    (default: the folder that holds the template library, e.g. ``templates/…``).
    """
    config = config or CheckConfig()
    diagnostics = []
    seen: set[tuple[str, str, int, int, str]] = set()
    for f in _findings(template, relative_to):
        rule = TEMPLATE_RULES[f.rule_id]
        key = (f.rule_id, f.file, f.line, f.column, f.message)
        if key in seen or not config.is_enabled(rule.id, rule.default):
            continue
        seen.add(key)
        diagnostics.append(attrs.evolve(f, severity=config.severity_of(rule.id, rule.severity)))
    return sorted(diagnostics, key=sort_key)


def check_templates(
    templates: Iterable[TemplateVersion],
    config: CheckConfig | None = None,
    *,
    relative_to: Path | None = None,
) -> list[Diagnostic]:
    """Check several template versions; the diagnostics of all, sorted by place."""
    diagnostics: list[Diagnostic] = []
    for template in templates:
        diagnostics += check_template(template, config, relative_to=relative_to)
    return sorted(diagnostics, key=sort_key)
