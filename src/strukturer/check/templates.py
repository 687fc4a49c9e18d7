"""The template contract: what a Word template may use of the model, and how.

``check_template`` reads a template's ``template.docx`` with python-docx and lxml, one
paragraph at a time (body, then headers and footers), and checks the docxtpl tags
against the Jinja environment, the context of :func:`strukturer.render.context.build_context`
and the model's attrs classes (docs/check.md, "Template contract"). Each Word paragraph
becomes one line of a Jinja source, so Jinja's line numbers are paragraph numbers.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
import types
import typing
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypedDict

import attrs
import docx
import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.runtime import LoopContext

from strukturer.check.config import CheckConfig
from strukturer.check.diagnostics import Diagnostic, Severity
from strukturer.check.rules import Context, Hit, Rule
from strukturer.model import Evaluation, Prose
from strukturer.render.jinja import make_environment
from strukturer.render.markdown import STYLE_NAMES
from strukturer.render.template_library import TemplateVersion

__all__ = [
    "RENDER_NAMES",
    "TEMPLATE_CONTEXT",
    "TEMPLATE_RULES",
    "check_template",
    "check_templates",
]


# ---------------------------------------------------------------- rules


def _not_a_text_rule(_ctx: Context) -> Iterator[Hit]:
    """Template rules look at .docx files, not at prose; on text they find nothing."""
    return iter(())


def _template_rule(
    rule_id: str, severity: Severity, description: str, example: tuple[str, str]
) -> Rule:
    return Rule(
        rule_id,
        severity,
        "docs/templates.md",
        description,
        example[0],
        example[1],
        _not_a_text_rule,
    )


#: The template-contract rules, in the shape of :data:`strukturer.check.rules.RULES`.
TEMPLATE_RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        _template_rule(
            "template-syntax",
            Severity.ERROR,
            "A Jinja syntax error, an unclosed tag or a stray closing brace.",
            ("{{ report.title }", "{{ report.title }}"),
        ),
        _template_rule(
            "template-unknown-variable",
            Severity.ERROR,
            "A name, attribute or filter that the context and the model do not have.",
            ("{{ report.titel }}", "{{ report.title }}"),
        ),
        _template_rule(
            "template-split-tag",
            Severity.ERROR,
            "A tag that Word split over several runs.",
            ("{{ rep|ort.title }}", "{{ report.title }}"),
        ),
        _template_rule(
            "template-prose-inline",
            Severity.ERROR,
            "Prose must stand alone in its paragraph as {{p field }}; {{p}} shows only prose.",
            ("Text {{ report.summary }}", "{{p report.summary }}"),
        ),
        _template_rule(
            "template-unused-field",
            Severity.INFO,
            "A top-level field of the rendered model that no tag uses.",
            ("(no tag uses report.references)", "{%p for ref in report.references %}"),
        ),
        _template_rule(
            "template-style-missing",
            Severity.ERROR,
            "A style that prose renders into is missing from the template.",
            ("(no Quote style)", "a paragraph style named Quote"),
        ),
    )
}


# ---------------------------------------------------------------- the context's types


class _ProjectInfo(TypedDict):
    name: str
    title: str


class _TemplateInfo(TypedDict):
    name: str
    version: str


def _context_types() -> dict[str, Any]:
    hints = typing.get_type_hints(Evaluation)
    names = ("agency", "assignment", "findings", "recommendations", "report")
    found: dict[str, Any] = {"project": _ProjectInfo}
    found.update({name: hints[name] for name in names})
    found["press_release"] = hints["press_release"]
    found["cover_letter"] = hints["cover_letter"]
    found["template"] = _TemplateInfo
    found["strukturer_version"] = str
    return found


#: The type of each top-level name a template receives (``build_context``).
TEMPLATE_CONTEXT: dict[str, Any] = _context_types()

#: Names a template gets besides the context, by what it renders: a mail-merge template
#: ("record") is rendered once per record, a mapping of the record file's columns.
RENDER_NAMES: dict[str, dict[str, Any]] = {"record": {"record": Any}}

#: A resolved type: the members of a union (never ``None``); ``None`` means "anything".
Shape = tuple[Any, ...] | None


def _members(tp: Any) -> Shape:
    """The members of ``tp`` without ``None``; ``None`` (anything) if one is ``Any``."""
    if tp is Any:
        return None
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        found: list[Any] = []
        for arg in typing.get_args(tp):
            sub = _members(arg)
            if sub is None:
                return None
            found.extend(sub)
        return tuple(found)
    if tp is type(None):
        return ()
    return (tp,)


def _union(shapes: Iterable[Shape]) -> Shape:
    found: list[Any] = []
    for shape in shapes:
        if shape is None:
            return None
        found.extend(m for m in shape if m not in found)
    return tuple(found)


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fields(member: Any) -> dict[str, Any]:
    """The named fields of a model class or TypedDict, with their types."""
    if attrs.has(member):
        hints = _hints(member)
        return {f.name: hints.get(f.name, Any) for f in attrs.fields(member)}
    if typing.is_typeddict(member):
        return dict(_hints(member))
    return {}


def _attribute(member: Any, name: str) -> tuple[bool, Any]:
    """Whether ``member`` has attribute ``name`` and its type (``Any`` when not known)."""
    fields = _fields(member)
    if name in fields:
        return True, fields[name]
    if name.startswith("_"):
        return False, None  # the sandbox refuses private attributes
    cls = typing.get_origin(member) or member
    if not isinstance(cls, type):
        return True, Any
    static = inspect.getattr_static(cls, name, None)
    if isinstance(static, property) and static.fget is not None:
        try:
            return True, typing.get_type_hints(static.fget).get("return", Any)
        except (NameError, TypeError):
            return True, Any
    if typing.is_typeddict(member):
        return hasattr(dict, name), Any
    return hasattr(cls, name), Any


def _known_names(shape: tuple[Any, ...]) -> list[str]:
    """Every field and public attribute of the members, fields first."""
    names: list[str] = []
    for member in shape:
        names += [n for n in _fields(member) if n not in names]
    for member in shape:
        cls = typing.get_origin(member) or member
        if isinstance(cls, type) and not typing.is_typeddict(member):
            names += [n for n in dir(cls) if not n.startswith("_") and n not in names]
    return names


def _items(shape: Shape) -> Shape:
    """The type of the items when iterating over a value of ``shape``."""
    if shape is None:
        return None
    found: list[Shape] = []
    for member in shape:
        origin: Any = typing.get_origin(member)
        args = typing.get_args(member)
        if origin is tuple and args:
            if len(args) == 2 and args[1] is Ellipsis:
                found.append(_members(args[0]))
            else:
                found.append(_union(_members(a) for a in args))
        elif origin is not None and args:
            found.append(_members(args[0]))
        elif member is str or typing.is_typeddict(member):
            found.append((str,))
        else:
            return None
    return _union(found)


def _has_prose(shape: Shape) -> bool:
    return shape is not None and Prose in shape


# ---------------------------------------------------------------- the docx as paragraphs

_TAG_TOKEN = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_PREFIX = re.compile(r"^(\{\{|\{%|\{#)(tr|tc|p|r) ")
_CELL_TAG = re.compile(r"^\{%-?\s*(colspan|cellbg)\s(?P<expr>.*?)-?%\}$", re.DOTALL)
_KEYWORD = re.compile(r"^\{%[-+]?(?:(?:tr|tc|p|r) )?\s*(?P<word>\w+)")
_BLOCKS = ("if", "for", "macro", "call", "filter", "with", "block", "autoescape", "raw")


@attrs.frozen
class Tag:
    """One docxtpl tag in a paragraph: its text as written and 1-based column."""

    text: str
    column: int
    closed: bool
    prefix: str  # "" or docxtpl's "p", "r", "tr", "tc"

    @property
    def kind(self) -> str:
        """``{{``, ``{%`` or ``{#``."""
        return self.text[:2]

    @property
    def end(self) -> int:
        """0-based offset just after the tag."""
        return self.column - 1 + len(self.text)

    @property
    def jinja(self) -> str:
        """The tag as plain Jinja: docxtpl's prefix and cell tags removed."""
        cell = _CELL_TAG.match(self.text)
        if cell is not None:
            return "{{ " + cell["expr"] + " }}"
        return _PREFIX.sub(r"\1 ", self.text)


@attrs.frozen
class Paragraph:
    """A Word paragraph: number in its part, text, run boundaries, tags and place."""

    number: int
    text: str
    boundaries: tuple[int, ...]
    tags: tuple[Tag, ...]
    strays: tuple[tuple[int, str], ...]
    place: str

    @property
    def where(self) -> str:
        """The paragraph's place and (shortened) text, for messages."""
        text = self.text.strip()
        short = text if len(text) <= 60 else text[:57] + "…"
        return f'{self.place} "{short}"'

    def source(self) -> str:
        """The paragraph's text as one line of Jinja."""
        pieces: list[str] = []
        last = 0
        for tag in self.tags:
            pieces += [self.text[last : tag.column - 1], tag.jinja]
            last = tag.end
        pieces.append(self.text[last:])
        return "".join(pieces).replace("\n", " ")

    def locate(self, needle: str | None, word: str | None = None) -> Tag | None:
        """The tag holding ``needle`` (spaces ignored), else ``word``, else the first tag."""
        if needle:
            compact = needle.replace(" ", "")
            for tag in self.tags:
                if compact in re.sub(r"\s+", "", tag.text):
                    return tag
        if word:
            for tag in self.tags:
                if re.search(rf"\b{re.escape(word)}\b", tag.text):
                    return tag
        return self.tags[0] if self.tags else None


@attrs.frozen
class Part:
    """The body, a header or a footer: its name in diagnostics and its paragraphs."""

    file: str
    paragraphs: tuple[Paragraph, ...]

    def paragraph(self, line: int | None) -> Paragraph | None:
        """The paragraph on Jinja line ``line``."""
        if line is None or not 1 <= line <= len(self.paragraphs):
            return None
        return self.paragraphs[line - 1]

    def source(self) -> str:
        """The part as Jinja: one line per paragraph."""
        return "\n".join(p.source() for p in self.paragraphs)


def _scan(text: str) -> tuple[list[Tag], list[tuple[int, str]]]:
    """The tags of a paragraph's text, and closing braces outside any tag."""
    tags: list[Tag] = []
    strays: list[tuple[int, str]] = []
    start: int | None = None
    opener = ""

    def add(end: int, closed: bool) -> None:
        assert start is not None
        written = text[start:end]
        prefix = _PREFIX.match(written)
        tags.append(Tag(written, start + 1, closed, prefix[2] if prefix else ""))

    for token in _TAG_TOKEN.finditer(text):
        value = token.group()
        if start is None:
            if value in _CLOSER:
                start, opener = token.start(), value
            else:
                strays.append((token.start() + 1, value))
        elif value == _CLOSER[opener]:
            add(token.end(), True)
            start = None
        elif value in _CLOSER:
            add(token.start(), False)
            start, opener = token.start(), value
    if start is not None:
        add(len(text), False)
    return tags, strays


def _own(element: Any, tag: str, owner: Any) -> bool:
    """Whether the nearest ``tag`` ancestor of ``element`` is ``owner``."""
    return next(element.iterancestors(tag), None) is owner


def _runs(p: Any) -> list[str]:
    """The texts of a paragraph's own runs (not those of nested text boxes)."""
    texts: list[str] = []
    for run in p.iter(qn("w:r")):
        if not _own(run, qn("w:p"), p):
            continue
        pieces = []
        for child in run.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
            if not _own(child, qn("w:r"), run):
                continue
            if child.tag == qn("w:t"):
                pieces.append(child.text or "")
            else:
                pieces.append("\t" if child.tag == qn("w:tab") else "\n")
        texts.append("".join(pieces))
    return texts


def _place(p: Any, number: int, tables: dict[Any, int]) -> str:
    cell = next(p.iterancestors(qn("w:tc")), None)
    if cell is None:
        return f"paragraph {number}"
    row = cell.getparent()
    table = row.getparent()
    rows = [r for r in table.iterchildren(qn("w:tr"))]
    cells = [c for c in row.iterchildren(qn("w:tc"))]
    return (
        f"table {tables[table]}, row {rows.index(row) + 1}, cell {cells.index(cell) + 1} "
        f"(paragraph {number})"
    )


def _paragraphs(root: Any) -> tuple[Paragraph, ...]:
    tables = {t: i for i, t in enumerate(root.iter(qn("w:tbl")), 1)}
    found = []
    for number, p in enumerate(root.iter(qn("w:p")), 1):
        runs = _runs(p)
        boundaries: list[int] = []
        offset = 0
        for run in runs:
            offset += len(run)
            boundaries.append(offset)
        text = "".join(runs)
        tags, strays = _scan(text)
        found.append(
            Paragraph(
                number,
                text,
                tuple(boundaries[:-1]),
                tuple(tags),
                tuple(strays),
                _place(p, number, tables),
            )
        )
    return tuple(found)


def _display(template: TemplateVersion, relative_to: Path | None) -> str:
    path = template.docx
    if relative_to is not None:
        try:
            return path.resolve().relative_to(relative_to.resolve()).as_posix()
        except ValueError:
            pass
    parents = template.path.parents
    return path.relative_to(parents[2]).as_posix() if len(parents) > 2 else path.as_posix()


def _parts(document: Any, file: str) -> list[Part]:
    """The body, then each header and footer part once (in part-name order)."""
    parts = [Part(file, _paragraphs(document.element.body))]
    extra = {
        rel.target_part.partname: rel.target_part
        for rel in document.part.rels.values()
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external
    }
    for partname in sorted(extra, key=str):
        name = Path(str(partname)).stem
        parts.append(Part(f"{file}#{name}", _paragraphs(extra[partname].element)))
    return parts


# ---------------------------------------------------------------- the analysis


@attrs.define
class _Found:
    """A raw finding before config: rule id, place, message, suggestion and text."""

    rule_id: str
    file: str
    line: int
    column: int
    message: str
    suggestion: str | None = None
    text: str = ""


def _dotted(node: nodes.Node) -> str | None:
    """``report.chapters`` for a chain of names and attributes, else None."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _dotted(node.node)
        return None if base is None else f"{base}[{node.arg.value!r}]"
    return None


def _type_name(shape: tuple[Any, ...]) -> str:
    names = []
    for member in shape:
        name = getattr(member, "__name__", None) or str(member)
        names.append(name.lstrip("_"))
    return " | ".join(names)


class _Analyzer:
    """Walks a part's Jinja AST with the types of the names in scope."""

    def __init__(
        self,
        template: TemplateVersion,
        part: Part,
        env: jinja2.Environment,
        found: list[_Found],
        used: set[tuple[Any, str]],
    ) -> None:
        self.template = template
        self.part = part
        self.env = env
        self.found = found
        self.used = used
        self.unknown_names: set[str] = set()
        self.names = {**TEMPLATE_CONTEXT, **RENDER_NAMES.get(template.renders, {})}

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
                _Found(rule_id, self.part.file, 1, 1, f"template {self.template}: {what}")
            )
            return
        tag = paragraph.locate(needle, word)
        text = tag.text if tag else ""
        message = f"template {self.template}, {paragraph.where}: {what}"
        if tag is not None:
            message += f" in {text}"
        column = tag.column if tag else 1
        self.found.append(
            _Found(rule_id, self.part.file, paragraph.number, column, message, suggestion, text)
        )

    # -- statements

    def body(self, statements: Sequence[nodes.Node], scope: dict[str, Shape]) -> None:
        for statement in statements:
            self.visit(statement, scope)

    def visit(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        if isinstance(node, nodes.Expr):
            self.expr(node, scope)
        elif isinstance(node, nodes.For):
            items = _items(self.expr(node.iter, scope))
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
            return base if isinstance(node.arg, nodes.Slice) else _items(base)
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
            return _members(self.names[node.name])
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
            has, tp = _attribute(member, name)
            if has:
                self.used.add((member, name))
                results.append(_members(tp))
        if results:
            return _union(results)
        path = _dotted(node) or name
        close = difflib.get_close_matches(name, _known_names(base), n=1, cutoff=0.7)
        fields = list(_fields(base[0])) if len(base) == 1 else []
        what = f'"{path}": {_type_name(base)} has no field "{name}"'
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
        path = _dotted(node)
        tag = paragraph.locate(path)
        if tag is None:
            return
        alone = paragraph.text.strip() == tag.text and tag.prefix == "p" and tag.kind == "{{"
        if _has_prose(shape) and not alone:
            field = path or "a prose field"
            self.report(
                "template-prose-inline",
                node,
                f"{field} is prose and must stand alone in its paragraph as {{{{p {field} }}}}",
                needle=path,
                suggestion=f"{{{{p {field} }}}}",
            )
        elif tag.prefix == "p" and tag.kind == "{{" and shape is not None and not _has_prose(shape):
            shown = path or "the value"
            self.report(
                "template-prose-inline",
                node,
                f"{shown} is not prose; {{{{p …}}}} shows only prose fields",
                needle=path,
                suggestion=f"{{{{ {shown} }}}}",
            )


def _unclosed_block(part: Part) -> tuple[Paragraph, Tag] | None:
    """The innermost block tag (if, for, …) that no end tag closes."""
    stack: list[tuple[str, Paragraph, Tag]] = []
    for paragraph in part.paragraphs:
        for tag in paragraph.tags:
            match = _KEYWORD.match(tag.text) if tag.kind == "{%" else None
            if match is None:
                continue
            word = match["word"]
            if word in _BLOCKS or (word == "set" and "=" not in tag.text):
                stack.append((word, paragraph, tag))
            elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
                stack.pop()
    if not stack:
        return None
    _, paragraph, tag = stack[-1]
    return paragraph, tag


def _syntax_tag(paragraph: Paragraph, env: jinja2.Environment, message: str) -> Tag | None:
    """The tag of ``paragraph`` that a syntax error most likely lies in."""
    unknown = re.search(r"unknown tag '(\w+)'", message)
    statements = [t for t in paragraph.tags if t.kind == "{%"]
    if unknown is not None:
        for tag in statements:
            keyword = _KEYWORD.match(tag.text)
            if keyword is not None and keyword["word"] == unknown[1]:
                return tag
    for tag in paragraph.tags:
        if tag.kind in ("{{", "{#"):
            try:
                env.parse(tag.jinja)
            except jinja2.TemplateSyntaxError:
                return tag
    return statements[0] if statements else (paragraph.tags[0] if paragraph.tags else None)


def _syntax(
    template: TemplateVersion, part: Part, env: jinja2.Environment, found: list[_Found]
) -> nodes.Template | None:
    """Report unclosed tags, stray closers and Jinja's syntax error; the AST if it parses."""
    unclosed = False
    for paragraph in part.paragraphs:
        where = f"template {template}, {paragraph.where}"
        for tag in paragraph.tags:
            if not tag.closed:
                unclosed = True
                closer = _CLOSER[tag.kind]
                found.append(
                    _Found(
                        "template-syntax",
                        part.file,
                        paragraph.number,
                        tag.column,
                        f"{where}: tag {tag.text} is not closed with {closer} in its paragraph",
                        tag.text.rstrip("}%# ") + " " + closer,
                        tag.text,
                    )
                )
        for column, closer in paragraph.strays:
            found.append(
                _Found(
                    "template-syntax",
                    part.file,
                    paragraph.number,
                    column,
                    f"{where}: {closer} closes no tag",
                    None,
                    closer,
                )
            )
    if unclosed:
        return None
    try:
        return env.parse(part.source())
    except jinja2.TemplateSyntaxError as exc:
        at: Paragraph | None = part.paragraph(exc.lineno)
        culprit: Tag | None = _syntax_tag(at, env, exc.message or "") if at else None
        if "Unexpected end of template" in (exc.message or ""):
            block = _unclosed_block(part)
            if block is not None:
                at, culprit = block
        line = at.number if at else 1
        where = f", {at.where}" if at else ""
        found.append(
            _Found(
                "template-syntax",
                part.file,
                line,
                culprit.column if culprit else 1,
                f"template {template}{where}: {exc.message}"
                + (f" in {culprit.text}" if culprit else ""),
                None,
                culprit.text if culprit else "",
            )
        )
        return None


def _split_tags(template: TemplateVersion, part: Part, found: list[_Found]) -> None:
    for paragraph in part.paragraphs:
        for tag in paragraph.tags:
            start = tag.column - 1
            cuts = [b for b in paragraph.boundaries if start < b < tag.end]
            if not cuts or not tag.closed:
                continue
            pieces = [
                tag.text[a - start : b - start]
                for a, b in zip([start, *cuts], [*cuts, tag.end], strict=True)
            ]
            found.append(
                _Found(
                    "template-split-tag",
                    part.file,
                    paragraph.number,
                    tag.column,
                    f"template {template}, {paragraph.where}: tag {tag.text} is split over "
                    f"{len(pieces)} runs ({' | '.join(repr(p) for p in pieces)}); "
                    "delete it and type it again in one go",
                    tag.text,
                    tag.text,
                )
            )


def _styles(template: TemplateVersion, document: Any, file: str, found: list[_Found]) -> None:
    for name in STYLE_NAMES.values():
        try:
            document.styles[name]
        except KeyError:
            found.append(
                _Found(
                    "template-style-missing",
                    file,
                    1,
                    1,
                    f"template {template} lacks the Word style {name!r} that prose renders "
                    "into (docs/templates.md, Style names)",
                    name,
                    name,
                )
            )


def _docxtpl_cross_check(
    template: TemplateVersion,
    env: jinja2.Environment,
    file: str,
    reported: set[str],
    found: list[_Found],
) -> None:
    """Parse the XML as docxtpl patches it; report what only that view shows."""
    reported_filters = any(
        f.rule_id == "template-unknown-variable"
        and ("unknown filter" in f.message or "unknown test" in f.message)
        for f in found
    )
    try:
        names = DocxTemplate(str(template.docx)).get_undeclared_template_variables(jinja_env=env)
    except jinja2.TemplateSyntaxError as exc:
        if isinstance(exc, jinja2.TemplateAssertionError) and reported_filters:
            return  # an unknown filter or test, already reported where it is used
        found.append(
            _Found(
                "template-syntax",
                file,
                1,
                1,
                f"template {template}: docxtpl's preprocessing of the Word XML gives invalid "
                f"Jinja: {exc.message}",
            )
        )
        return
    known = {*TEMPLATE_CONTEXT, *RENDER_NAMES.get(template.renders, {}), *env.globals}
    for name in sorted(set(names) - known - reported):
        found.append(
            _Found(
                "template-unknown-variable",
                file,
                1,
                1,
                f'template {template}: unknown name "{name}" (as docxtpl reads the XML)',
                None,
                name,
            )
        )


def _findings(template: TemplateVersion, relative_to: Path | None) -> list[_Found]:
    file = _display(template, relative_to)
    try:
        document = docx.Document(str(template.docx))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, PackageNotFoundError) as exc:
        message = f"template {template}: {template.docx.name} is not a Word file: {exc}"
        return [_Found("template-syntax", file, 1, 1, message)]
    env = make_environment()
    found: list[_Found] = []
    used: set[tuple[Any, str]] = set()
    reported: set[str] = set()
    parsed_all = True
    for part in _parts(document, file):
        _split_tags(template, part, found)
        ast = _syntax(template, part, env, found)
        if ast is None:
            parsed_all = False
            continue
        analyzer = _Analyzer(template, part, env, found, used)
        analyzer.body(ast.body, {})
        reported |= analyzer.unknown_names
    _styles(template, document, file, found)
    if parsed_all:
        _docxtpl_cross_check(template, env, file, reported, found)
        names = {**TEMPLATE_CONTEXT, **RENDER_NAMES.get(template.renders, {})}
        model = _members(names.get(template.renders, Any))
        for member in model or ():
            for field in _fields(member):
                if (member, field) not in used:
                    found.append(
                        _Found(
                            "template-unused-field",
                            file,
                            1,
                            1,
                            f"template {template} renders {template.renders} but shows no "
                            f"{template.renders}.{field}",
                            None,
                            f"{template.renders}.{field}",
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
        severity = config.severity_of(rule.id, rule.severity)
        diagnostics.append(
            Diagnostic(
                f.file, f.line, f.column, severity, f.rule_id, f.message, f.suggestion, f.text
            )
        )
    return sorted(diagnostics, key=lambda d: (d.file, d.line, d.column, d.rule_id))


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
    return sorted(diagnostics, key=lambda d: (d.file, d.line, d.column, d.rule_id))
