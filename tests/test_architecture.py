"""docs/architecture.md shows the imports between strukturer's packages as they are.

The graph is read from the doc's "Imports between packages" block and compared with the
imports the AST walk of ``tests/check/test_imports.py`` finds (issue 12).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.check.test_imports import cycles, module_graph

DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
#: The name of the package's own ``__init__.py`` (the public API, ``__version__``).
ROOT = "strukturer"

Graph = dict[str, set[str]]


def documented_graph(text: str) -> Graph:
    """The graph of the doc's block: ``name → a, b`` per line (indented lines continue)."""
    match = re.search(r"^## Imports between packages\n.*?^```text\n(.*?)^```", text, re.M | re.S)
    if match is None:
        raise AssertionError("docs/architecture.md has no 'Imports between packages' block")
    lines: list[str] = []
    for line in match[1].splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line.strip())
    graph: Graph = {}
    for line in lines:
        name, arrow, targets = line.partition("→")
        if not arrow or name.strip() in graph:
            raise AssertionError(f"docs/architecture.md: cannot read {line!r} as 'name → a, b'")
        parts = {t.strip() for t in targets.split(",")} - {"(nothing)", ""}
        graph[name.strip()] = parts
    return graph


def package_graph(modules: Graph) -> Graph:
    """The module graph folded to packages and top-level modules (``check``, ``builder``)."""

    def unit(module: str) -> str:
        parts = module.split(".")
        return parts[1] if len(parts) > 1 else ROOT

    graph: Graph = {}
    for module, targets in modules.items():
        edges = graph.setdefault(unit(module), set())
        edges.update(unit(t) for t in targets if unit(t) != unit(module))
    return graph


def differences(documented: Graph, actual: Graph) -> list[str]:
    """What the doc must change to show ``actual``, one line per difference."""
    found = [f"not in the doc: {name}" for name in sorted(actual.keys() - documented.keys())]
    found += [f"no such package: {name}" for name in sorted(documented.keys() - actual.keys())]
    for name in sorted(actual.keys() & documented.keys()):
        found += [f"missing: {name} → {t}" for t in sorted(actual[name] - documented[name])]
        found += [f"gone: {name} → {t}" for t in sorted(documented[name] - actual[name])]
    return found


def test_the_doc_shows_the_imports_between_packages() -> None:
    documented = documented_graph(DOC.read_text(encoding="utf-8"))
    assert differences(documented, package_graph(module_graph())) == []


def test_no_two_packages_import_each_other() -> None:
    assert cycles(package_graph(module_graph())) == []


SAMPLE = """\
## Imports between packages

```text
model    → (nothing)
format   → model
content  → model,
           limits
limits   → (nothing)
```
"""


def test_the_doc_block_is_read() -> None:
    assert documented_graph(SAMPLE) == {
        "model": set(),
        "format": {"model"},
        "content": {"model", "limits"},
        "limits": set(),
    }


def test_a_new_or_a_gone_import_is_a_difference() -> None:
    documented = documented_graph(SAMPLE)
    actual = {**documented, "format": {"model", "content"}, "content": {"model"}}
    assert differences(documented, actual) == [
        "gone: content → limits",
        "missing: format → content",
    ]
    actual = {**documented, "pdf": {"format"}}
    del actual["limits"]
    assert differences(documented, actual) == ["not in the doc: pdf", "no such package: limits"]


def test_modules_fold_into_their_package() -> None:
    modules = {
        "strukturer": {"strukturer._lazy"},
        "strukturer._lazy": set(),
        "strukturer.check.rules.base": {"strukturer.check.text", "strukturer.model.values"},
        "strukturer.check.text": set(),
        "strukturer.model.values": {"strukturer.errors"},
        "strukturer.errors": set(),
    }
    assert package_graph(modules) == {
        ROOT: {"_lazy"},
        "_lazy": set(),
        "check": {"model"},
        "model": {"errors"},
        "errors": set(),
    }


def test_an_unreadable_line_is_an_error() -> None:
    with pytest.raises(AssertionError, match="cannot read 'model: format'"):
        documented_graph(SAMPLE.replace("format   → model", "model: format"))
