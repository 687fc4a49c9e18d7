"""Names a package imports on first use (PEP 562), so importing it stays cheap."""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


def lazy_names(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for *package*: each of *names* (name → module)
    is imported from its module when first asked for, then kept in the package."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return __getattr__, __dir__


def type_checking_imports(source: str | Path) -> dict[str, str]:
    """Name → module of each ``from module import name`` in the ``if TYPE_CHECKING:``
    block of the module at ``source``: the one list of a package's lazy names, read by
    the type checker as real imports and by :func:`lazy_names` at run time."""
    tree = ast.parse(Path(source).read_text(encoding="utf-8"), filename=str(source))
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module:
                    for alias in statement.names:
                        names[alias.asname or alias.name] = statement.module
    return names
