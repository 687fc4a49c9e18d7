"""Property tests of the prose view and of positions: every place points at its text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strukturer.check import CheckConfig, Checker
from strukturer.check.text import MASK, Document
from strukturer.content.sources import ContentProblem, Positions, load_yaml
from tests.content.test_sources import YAML_PIECES

pytestmark = pytest.mark.hunspell

WORDS = [
    "Regeringen",
    "uppdrar",
    "åt",
    "myndigheten",
    "att",
    "utvärdera",
    "arbetet",
    "mot",
    "hedersrelaterat",
    "våld",
    "och",
    "förtryck",
    "Migrationsverket",
    "Umeå",
    "län",
    "Länsstyrelsen i Östergötlands län",
    "2020",
    "15 juni 2020",
    "U2011/4322/JÄM",
]
ERRORS = [
    "Ivligrationsverket",
    "förttyck",
    "2011-2013",
    "t ex",
    "skall",
    "25%",
    "U2011/ 4322/JÄM",
    "vård\\- och",
    "2020\\.",
    '"citat"',
    "2.500",
    "15/6",
    "Juni",
    "att att",
    "—",
    " ,",
    "Sveriges Kommuner och Landsting",
    "[[datum]]",
    "2020-06-31",
    "15:e juni",
]
MARKUP = [
    "**fet**",
    "*kursiv*",
    "[länk](https://example.se/a-b)",
    "[^1]",
    "`kod - 25%`",
    "<https://x.se>",
    "\\*",
    "_under_",
    "<!-- kommentar -->",
    "~~bort~~",
]
LINE_STARTS = ["", "# ", "## ", "- ", "1. ", "> ", "* "]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "  ", "\t", "\u00a0", ". ", ", "]

pieces = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(ERRORS), st.sampled_from(MARKUP)),
    min_size=1,
    max_size=25,
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Markdown-ish texts mixing correct words, known errors and syntax."""
    parts = draw(pieces)
    text = draw(st.sampled_from(LINE_STARTS))
    for part in parts:
        separator = draw(st.sampled_from(SEPARATORS))
        if separator.endswith("\n"):
            separator += draw(st.sampled_from(LINE_STARTS))
        text += part + separator
    return text


@pytest.fixture(scope="module")
def fast_checker() -> Checker:
    return Checker(CheckConfig())


@given(
    text=st.text(alphabet=st.sampled_from(["a", "o", "A", " ", "\n", "\u0308", "\u030a", "*"])),
    markdown=st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_decomposed_text_is_composed_and_maps_back(text: str, markdown: bool) -> None:
    """NFD text becomes NFC prose; a composed character maps back to its base letter."""
    doc = Document.from_text(text, file="x", markdown=markdown)
    assert unicodedata.is_normalized("NFC", doc.prose)
    assert len(doc.offsets) == len(doc.prose) + 1
    assert list(doc.offsets) == sorted(doc.offsets)
    for i, char in enumerate(doc.prose):
        if char != MASK:
            assert unicodedata.normalize("NFD", char)[0] == text[doc.offsets[i]]


@given(
    text=st.text(alphabet=st.sampled_from('ab å\n*_`[]()<>!#-\\.:|^~"0123456789'), max_size=80),
    markdown=st.booleans(),
)
@settings(max_examples=400, deadline=None)
def test_prose_maps_back_to_the_original(text: str, markdown: bool) -> None:
    doc = Document.from_text(text, file="x", markdown=markdown)
    assert len(doc.offsets) == len(doc.prose) + 1
    assert doc.prose.count("\n") == text.count("\n")
    assert list(doc.offsets) == sorted(doc.offsets)
    for i, char in enumerate(doc.prose):
        if char != MASK:
            assert text[doc.offsets[i]] == char
    for offset in range(len(text)):
        line, column = doc.position(offset)
        assert text.split("\n")[line - 1][column - 1 :].startswith(
            text[offset:].split("\n", maxsplit=1)[0]
        )


@given(text=documents(), markdown=st.booleans())
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_every_diagnostic_points_at_its_text(
    fast_checker: Checker, text: str, markdown: bool
) -> None:
    lines = text.split("\n")
    for d in fast_checker.check_text(text, file="x.md", markdown=markdown):
        assert 1 <= d.line <= len(lines)
        assert 1 <= d.column <= len(lines[d.line - 1]) + 1
        if d.rule_id == "lix":
            assert d.column == 1
            continue
        assert d.text, d
        assert lines[d.line - 1][d.column - 1 :].startswith(d.text.split("\n")[0]), d


@given(
    before=pieces,
    after=pieces,
    markdown=st.booleans(),
    error=st.sampled_from(
        [
            ("Ivligrationsverket", "unknown-authority"),
            ("förttyck", "spelling"),
            ("U2011/ 4322/JÄM", "diarienummer-space"),
            ("skall", "skall"),
        ]
    ),
)
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_injected_error_is_found_at_its_place(
    fast_checker: Checker,
    before: list[str],
    after: list[str],
    markdown: bool,
    error: tuple[str, str],
) -> None:
    head = " ".join(before) + "\n" + " ".join(before[:3]) + " "
    text = head + error[0] + " " + " ".join(after) + "\n"
    line = head.count("\n") + 1
    column = len(head.split("\n")[-1]) + 1
    found = [
        (d.line, d.column, d.text)
        for d in fast_checker.check_text(text, file="x", markdown=markdown)
        if d.rule_id == error[1]
    ]
    assert (line, column, error[0]) in found


@given(
    text=documents(),
    line_offset=st.integers(0, 50),
    column_offset=st.integers(0, 8),
)
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_offsets_shift_every_position(
    fast_checker: Checker, text: str, line_offset: int, column_offset: int
) -> None:

    plain = fast_checker.check_text(text, markdown=True)
    shifted = fast_checker.check_text(
        text, markdown=True, line_offset=line_offset, column_offset=column_offset
    )
    assert [(d.line + line_offset, d.column + column_offset) for d in plain] == [
        (d.line, d.column) for d in shifted
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_each_located_yaml_text_stands_where_it_is_located(text: str) -> None:
    import tempfile  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.yaml"
        path.write_text(text, encoding="utf-8")
        positions = Positions()
        try:
            load_yaml(path, "any.yaml", (), positions)
        except ContentProblem:
            return  # refused with a problem (tests/content/test_sources.py)
    lines = text.split("\n")
    for found in positions.texts.values():
        first = found.source.split("\n")[0]
        assert lines[found.line][found.column :].startswith(first), found
