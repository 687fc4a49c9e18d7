"""The prose view of a text: Markdown syntax removed, positions mapped back to the original.

Rules look at :attr:`Document.prose`; every prose character knows the offset of the
original character it came from, so each finding is reported at its true line and column
in the file. Newlines are kept one for one, so prose line *n* is original line *n*.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator

import attrs

from strukturer.model.placeholder import PLACEHOLDER_PATTERN
from strukturer.render.syntax import markup_spans

#: Stands for text that is not prose (code, URL, e-mail address): one character, no word.
MASK = "\ufffc"

_ESCAPE = r"\\(?P<esc>[!-/:-@\[-`{-~])"
_URL = (
    r"(?P<url>(?:https?://|www\.)[^\s<>]*[^\s<>.,;:!?)\]”\"'’]"
    r"|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:se|nu|com|org|net|eu|int|gov|edu|info|io)\b"
    r"(?:/[^\s<>]*[^\s<>.,;:!?)\]”\"'’])?)"
)
_EMAIL = r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
_PLACEHOLDER = rf"(?P<placeholder>{PLACEHOLDER_PATTERN})"

#: Plain text: only backslash escapes are rendered; URLs and e-mail addresses are masked.
_PLAIN_INLINE = re.compile("|".join([_PLACEHOLDER, _ESCAPE, _URL, _EMAIL]))

#: Markdown inline syntax, tried left to right at each position.
_MD_INLINE = re.compile(
    "|".join(
        [
            _PLACEHOLDER,
            r"(?P<code>(?P<ticks>`+).+?(?P=ticks))",
            r"(?P<autolink><(?:https?://|mailto:)[^>\s]+>|<[^@\s>]+@[^>\s]+>)",
            r"(?P<html></?[A-Za-z][^>\n]*>)",
            r"(?P<footnote>\[\^[^\]\s]+\])",
            r"(?P<link>!?\[(?P<ltext>[^\[\]\n]*)\](?:\((?P<dest>[^()\s]*(?:\([^()\s]*\))?"
            r"[^()\s]*)(?:\s+\"(?P<ltitle>[^\"]*)\")?\)|\[[^\[\]\n]*\]))",
            _ESCAPE,
            _URL,
            _EMAIL,
            r"(?P<emph>\*{1,3}|~~|(?<![^\W_])_{1,3}(?=\S)|(?<=\S)_{1,3}(?![^\W_]))",
        ]
    )
)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SKIP_LINE = re.compile(
    r"^ {0,3}(?:"
    r"(?:[-*_] *){3,}"  # thematic break
    r"|=+ *"  # setext underline
    r"|\|? *:?-{3,}:? *(?:\| *:?-{3,}:? *)*\|? *"  # table delimiter row
    r"|\[(?!\^)[^\]]+\]: *\S.*"  # link reference definition
    r")$"
)
_BLOCK_PREFIX = re.compile(
    r"^(?P<prefix>(?: {0,3}> ?)*"
    r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?"
    r"(?: {0,3}#{1,6}(?:[ \t]+|$))?"
    r"(?:\[\^[^\]\s]+\]:[ \t]*)?)"
)
_TABLE_ROW = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_ATX_CLOSER = re.compile(r"[ \t]+#+[ \t]*$")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

#: The deepest Markdown heading prose may hold: ``###`` (the templates' Heading 1–3). One
#: limit for `strukturer check` and the build; the renderer (render/markdown.py) may import it.
MAX_HEADING_LEVEL = 3

#: A heading: ATX ``# Title`` (both modes) or a line that is all ``**bold**``.
HEADING = re.compile(
    r"^ {0,3}(?:#{1,6}[ \t]+(?P<atx>.*?)(?:[ \t]+#+)?|\*\*(?P<bold>[^*\n]+)\*\*)[ \t]*$"
)

#: A word: letters and digits, joined by inner hyphens, full stops or colons ("t.ex", "FN:s").
WORD = re.compile(r"[^\W_]+(?:[-.:][^\W_]+)*")


@attrs.frozen
class Token:
    """A word of the prose, with its prose span."""

    text: str
    start: int
    end: int


class _Builder:
    """Collects prose text and the original offset of each prose character."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets: list[int] = []

    def copy(self, original: str, start: int, end: int) -> None:
        self.parts.append(original[start:end])
        self.offsets.extend(range(start, end))

    def put(self, text: str, offset: int) -> None:
        self.parts.append(text)
        self.offsets.extend([offset] * len(text))


@attrs.frozen
class Document:
    """A text to check: the original, its prose view and the mapping between them."""

    file: str
    original: str
    markdown: bool
    prose: str
    offsets: tuple[int, ...]
    line_starts: tuple[int, ...]
    block_starts: frozenset[int]
    code_lines: frozenset[int]
    #: Lines that are rows of a Markdown table (where "25 %" and "3 mnkr" are right).
    table_lines: frozenset[int] = frozenset()

    @classmethod
    def from_text(cls, text: str, *, file: str, markdown: bool) -> Document:
        """Build the prose view of ``text`` (Markdown-aware when ``markdown``)."""
        builder = _Builder()
        block_starts: set[int] = set()
        code_lines: set[int] = set()
        table_lines: set[int] = set()
        if markdown:
            _build_markdown(text, builder, block_starts, code_lines, table_lines)
        else:
            _build_plain(text, builder)
        prose, offsets = _compose("".join(builder.parts), builder.offsets)
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        return cls(
            file=file,
            original=text,
            markdown=markdown,
            prose=prose,
            offsets=(*offsets, len(text)),
            line_starts=tuple(line_starts),
            block_starts=frozenset(block_starts),
            code_lines=frozenset(code_lines),
            table_lines=frozenset(table_lines),
        )

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of an offset in the original text."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a prose span [start, end) to the original span it covers."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        last = self.offsets[end - 1] + 1
        while last < len(self.original) and unicodedata.combining(self.original[last]):
            last += 1  # a letter written decomposed (NFD) ends after its marks
        return self.offsets[start], last

    def contiguous(self, start: int, end: int) -> bool:
        """Whether prose[start:end] is written as it stands in the original (no markup removed)."""
        first = self.offsets[start]
        return all(self.offsets[i] == first + (i - start) for i in range(start, end)) and (
            self.original[first : first + end - start] == self.prose[start:end]
        )

    def tokens(self) -> Iterator[Token]:
        """Yield the words of the prose."""
        for m in WORD.finditer(self.prose):
            yield Token(m.group(), m.start(), m.end())

    def line_of_prose(self, index: int) -> int:
        """Return the 1-based line of a prose index."""
        return self.position(self.offsets[min(index, len(self.prose))])[0]

    def in_table(self, index: int) -> bool:
        """Whether a prose index lies in a row of a Markdown table."""
        return self.line_of_prose(index) in self.table_lines


def _compose(prose: str, offsets: list[int]) -> tuple[str, list[int]]:
    """The prose in NFC (so that NFD text never splits a word), with its offsets.

    A letter and its combining marks are composed together; the composed character keeps
    the offset of the letter, a mark it could not absorb its own.
    """
    if unicodedata.is_normalized("NFC", prose):
        return prose, offsets
    parts: list[str] = []
    mapped: list[int] = []
    i = 0
    while i < len(prose):
        j = i + 1
        while j < len(prose) and unicodedata.combining(prose[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", prose[i:j])
        parts.append(cluster)
        mapped.append(offsets[i])  # the letter; marks it could not absorb keep their own
        mapped.extend(offsets[j - len(cluster) + 1 : j])
        i = j
    return "".join(parts), mapped


def _build_plain(text: str, out: _Builder) -> None:
    _inline(text, 0, len(text), out, _PLAIN_INLINE)


def _build_markdown(
    text: str,
    out: _Builder,
    block_starts: set[int],
    code_lines: set[int],
    table_lines: set[int],
) -> None:
    hidden = [False] * len(text)
    for m in _HTML_COMMENT.finditer(text):
        for i in range(m.start(), m.end()):
            hidden[i] = text[i] != "\n"
    pos = 0
    fence: str | None = None
    in_front_matter = text.startswith("---\n")
    for number, line in enumerate(text.split("\n"), start=1):
        start, end = pos, pos + len(line)
        pos = end + 1
        if in_front_matter:
            if number > 1 and line.rstrip() in ("---", "..."):
                in_front_matter = False
            _newline(text, end, out)
            code_lines.add(number)
            continue
        fence_match = _FENCE.match(line)
        if fence is not None:
            if (
                fence_match
                and fence_match.group(1)[0] == fence[0]
                and len(fence_match.group(1)) >= len(fence)
            ):
                fence = None
            code_lines.add(number)
            _newline(text, end, out)
            continue
        if fence_match:
            fence = fence_match.group(1)
            code_lines.add(number)
            _newline(text, end, out)
            continue
        if _SKIP_LINE.match(line):
            code_lines.add(number)
            _newline(text, end, out)
            continue
        for s, e in markup_spans(line):  # the renderer's own: {#fig:x …}, {ref:…}
            hidden[start + s : start + e] = [True] * (e - s)
        if _TABLE_ROW.match(line):
            block_starts.add(number)
            table_lines.add(number)
            _table_row(text, start, end, out, hidden)
            _newline(text, end, out)
            continue
        prefix = _BLOCK_PREFIX.match(line)
        body = start + (prefix.end() if prefix else 0)
        if prefix and prefix.group("prefix").strip():
            block_starts.add(number)
        closer = _ATX_CLOSER.search(line) if "#" in (prefix.group() if prefix else "") else None
        body_end = start + closer.start() if closer else end
        _inline_visible(text, body, body_end, out, hidden)
        _newline(text, end, out)


def _table_row(text: str, start: int, end: int, out: _Builder, hidden: list[bool]) -> None:
    """A table row: each cell's content, the pipes and the padding as syntax."""
    for cell in re.finditer(r"(?:\\\||[^|])+", text[start:end]):
        content = cell.group()
        left = len(content) - len(content.lstrip())
        right = len(content.rstrip())
        if right > left:
            out.put(MASK, start + cell.start())
            _inline_visible(
                text, start + cell.start() + left, start + cell.start() + right, out, hidden
            )


def _newline(text: str, end: int, out: _Builder) -> None:
    if end < len(text):
        out.copy(text, end, end + 1)


def _inline_visible(text: str, start: int, end: int, out: _Builder, hidden: list[bool]) -> None:
    """Process [start, end) skipping characters inside HTML comments."""
    i = start
    while i < end:
        if hidden[i]:
            i += 1
            continue
        j = i
        while j < end and not hidden[j]:
            j += 1
        _inline(text, i, j, out, _MD_INLINE)
        i = j


def _inline(text: str, start: int, end: int, out: _Builder, pattern: re.Pattern[str]) -> None:
    pos = start
    for m in pattern.finditer(text, start, end):
        out.copy(text, pos, m.start())
        kind = m.lastgroup
        if kind == "ticks":
            kind = "code"
        if kind == "placeholder":
            out.copy(text, m.start(), m.end())
        elif kind == "esc":
            out.copy(text, m.start("esc"), m.end("esc"))
        elif kind in ("code", "autolink", "url", "email"):
            out.put(MASK, m.start())
        elif kind in ("link", "ltext", "dest", "ltitle"):
            _inline(text, m.start("ltext"), m.end("ltext"), out, pattern)
            if m["link"].startswith("!") and m["ltitle"]:
                # A figure's caption is printed: prose too, apart from the alt text.
                out.put(MASK, m.start("ltitle"))
                _inline(text, m.start("ltitle"), m.end("ltitle"), out, pattern)
        # html, footnote, emph: dropped
        pos = m.end()
    out.copy(text, pos, end)
