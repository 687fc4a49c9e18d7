"""The Jinja AST analyser: names, attributes and filters resolved with the model's types."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import LoopContext

from strukturer.check.contract.paragraphs import Part
from strukturer.check.contract.rules import finding
from strukturer.check.contract.types import (
    Shape,
    attribute,
    fields_of,
    has_prose,
    items_of,
    known_names,
    members,
    template_names,
    union,
)
from strukturer.check.diagnostics import Diagnostic
from strukturer.render.template_library import TemplateVersion


def dotted(node: nodes.Node) -> str | None:
    """``report.chapters`` for a chain of names and attributes, else None."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = dotted(node.node)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = dotted(node.node)
        return None if base is None else f"{base}[{node.arg.value!r}]"
    return None


def type_name(shape: tuple[Any, ...]) -> str:
    names = []
    for member in shape:
        name = getattr(member, "__name__", None) or str(member)
        names.append(name.lstrip("_"))
    return " | ".join(names)


class Analyzer:
    """Walks a part's Jinja AST with the types of the names in scope."""

    def __init__(
        self,
        template: TemplateVersion,
        part: Part,
        env: jinja2.Environment,
        found: list[Diagnostic],
        used: set[tuple[Any, str]],
    ) -> None:
        self.template = template
        self.part = part
        self.env = env
        self.found = found
        self.used = used
        self.unknown_names: set[str] = set()
        self.names = template_names(template.renders)

    # -- reporting

    def report(
        self,
        rule_id: str,
        node: nodes.Node,
        what: str,
        *,
        needle: str | None,
        word: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        paragraph = self.part.paragraph(node.lineno)
        if paragraph is None:
            self.found.append(
                finding(rule_id, self.part.file, 1, 1, f"template {self.template}: {what}")
            )
            return
        tag = paragraph.locate(needle, word)
        text = tag.text if tag else ""
        message = f"template {self.template}, {paragraph.where}: {what}"
        if tag is not None:
            message += f" in {text}"
        column = tag.column if tag else 1
        self.found.append(
            finding(
                rule_id,
                self.part.file,
                paragraph.number,
                column,
                message,
                suggestion=suggestion,
                text=text,
            )
        )

    # -- statements

    def body(self, statements: Sequence[nodes.Node], scope: dict[str, Shape]) -> None:
        for statement in statements:
            self.visit(statement, scope)

    def visit(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        if isinstance(node, nodes.Expr):
            self.expr(node, scope)
        elif isinstance(node, nodes.For):
            items = items_of(self.expr(node.iter, scope))
            inner = dict(scope)
            self.bind(node.target, items, inner)
            inner["loop"] = (LoopContext,)
            if node.test is not None:
                self.expr(node.test, inner)
            self.body(node.body, inner)
            self.body(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.body(node.body, dict(scope))
            self.bind(node.target, (str,), scope)
        elif isinstance(node, nodes.Output):
            for shown in node.nodes:
                if not isinstance(shown, nodes.TemplateData):
                    self.output(shown, self.expr(shown, scope))
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            inner.update({arg.name: None for arg in node.args})
            inner.update({"caller": None, "varargs": None, "kwargs": None})
            for default in node.defaults:
                self.expr(default, scope)
            if isinstance(node, nodes.CallBlock):
                self.expr(node.call, scope)
            else:
                scope[node.name] = None
            self.body(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.bind(target, self.expr(value, scope), inner)
            self.body(node.body, inner)
        else:
            for child in node.iter_child_nodes():
                self.visit(child, scope)

    def bind(self, target: nodes.Node, shape: Shape, scope: dict[str, Shape]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, None, scope)

    # -- expressions

    def expr(self, node: nodes.Node, scope: dict[str, Shape]) -> Shape:
        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.attribute(node, self.expr(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attribute(node, base, node.arg.value)
            self.visit(node.arg, scope)
            return base if isinstance(node.arg, nodes.Slice) else items_of(base)
        if isinstance(node, nodes.Filter | nodes.Test):
            self.callable(node, scope)
            return (bool,) if isinstance(node, nodes.Test) else None
        if isinstance(node, nodes.Const):
            return (type(node.value),)
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return None

    def name(self, node: nodes.Name, scope: dict[str, Shape]) -> Shape:
        if node.ctx != "load":
            return None
        if node.name in scope:
            return scope[node.name]
        if node.name in self.names:
            return members(self.names[node.name])
        if node.name in self.env.globals:
            return None
        known = [*scope, *self.names]
        close = difflib.get_close_matches(node.name, known, n=1, cutoff=0.7)
        self.unknown_names.add(node.name)
        self.report(
            "template-unknown-variable",
            node,
            f'unknown name "{node.name}" (the context has {", ".join(self.names)})',
            needle=node.name,
            word=node.name,
            suggestion=close[0] if close else None,
        )
        return None

    def attribute(self, node: nodes.Getattr | nodes.Getitem, base: Shape, name: str) -> Shape:
        if base is None or not base:
            return None
        results: list[Shape] = []
        for member in base:
            has, tp = attribute(member, name)
            if has:
                self.used.add((member, name))
                results.append(members(tp))
        if results:
            return union(results)
        path = dotted(node) or name
        close = difflib.get_close_matches(name, known_names(base), n=1, cutoff=0.7)
        fields = list(fields_of(base[0])) if len(base) == 1 else []
        what = f'"{path}": {type_name(base)} has no field "{name}"'
        if fields:
            what += f" (its fields: {', '.join(fields)})"
        self.report(
            "template-unknown-variable",
            node,
            what,
            needle=path,
            word=name,
            suggestion=close[0] if close else None,
        )
        return None

    def callable(self, node: nodes.Filter | nodes.Test, scope: dict[str, Shape]) -> None:
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        kind = "filter" if isinstance(node, nodes.Filter) else "test"
        known = self.env.filters if isinstance(node, nodes.Filter) else self.env.tests
        if node.name not in known:
            close = difflib.get_close_matches(node.name, list(known), n=1, cutoff=0.7)
            self.report(
                "template-unknown-variable",
                node,
                f'unknown {kind} "{node.name}"',
                needle=None,
                word=node.name,
                suggestion=close[0] if close else None,
            )

    # -- prose

    def output(self, node: nodes.Node, shape: Shape) -> None:
        paragraph = self.part.paragraph(node.lineno)
        if paragraph is None:
            return
        path = dotted(node)
        tag = paragraph.locate(path)
        if tag is None:
            return
        alone = paragraph.text.strip() == tag.text and tag.prefix == "p" and tag.kind == "{{"
        if has_prose(shape) and not alone:
            field = path or "a prose field"
            self.report(
                "template-prose-inline",
                node,
                f"{field} is prose and must stand alone in its paragraph as {{{{p {field} }}}}",
                needle=path,
                suggestion=f"{{{{p {field} }}}}",
            )
        elif tag.prefix == "p" and tag.kind == "{{" and shape is not None and not has_prose(shape):
            shown = path or "the value"
            self.report(
                "template-prose-inline",
                node,
                f"{shown} is not prose; {{{{p …}}}} shows only prose fields",
                needle=path,
                suggestion=f"{{{{ {shown} }}}}",
            )
