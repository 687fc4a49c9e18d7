"""Characters no installed font can draw are reported, and fonts' scripts are shown."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import strukturer
from strukturer.fonts import Coverage, script_of, scripts_covered, undrawable
from tests.conftest import edit


def test_text_no_font_can_draw_gives_a_build_warning(project_dir: Path, tmp_path: Path) -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # a ZWJ emoji sequence
    edit(
        project_dir / "findings.yaml",
        "Insatserna räcker",
        f"Insatserna (ሰላም {family} \U0001f1f8\U0001f1ea, Алексей, אבג) räcker",
    )
    result = strukturer.build(project_dir, out=tmp_path, formats=["docx"], check=False)
    assert result.warnings == (
        "evaluation.findings[1].text: no installed font can draw "
        "'ሰላም\U0001f468\U0001f469\U0001f467\U0001f1f8\U0001f1ea' (U+1230, U+120B, U+121D, "
        "U+1F468, U+1F469, U+1F467, U+1F1F8, U+1F1EA; script: Ethiopic, Emoji, Flags); it "
        "will be blank in the PDF: install a font for it (see strukturer doctor)",
    )


def test_the_template_fonts_report_their_scripts() -> None:
    assert scripts_covered("Liberation Serif") == ("Latin", "Greek", "Cyrillic", "Hebrew")
    assert scripts_covered("No Such Font") == ()


def test_scripts_are_named() -> None:
    assert [script_of(c) for c in "aሰ\U0001f600\U0001f1f8漢Ж✓"] == [
        "Latin",
        "Ethiopic",
        "Emoji",
        "Flags",
        "CJK",
        "Cyrillic",
        "Symbols",
    ]


ranges = st.lists(
    st.tuples(st.integers(0x20, 0x2FFFF), st.integers(0, 300)).map(lambda r: (r[0], r[0] + r[1])),
    max_size=20,
)


@given(ranges, st.integers(0x20, 0x30200).filter(lambda p: not 0xD800 <= p <= 0xDFFF))
def test_coverage_holds_exactly_the_parsed_ranges(spans: list[tuple[int, int]], point: int) -> None:
    charsets = [" ".join(f"{a:x}-{b:x}" if a != b else f"{a:x}" for a, b in spans)]
    coverage = Coverage.parse(charsets)
    assert (chr(point) in coverage) == any(a <= point <= b for a, b in spans)
    assert all(b + 1 < c for (_, b), (c, _) in itertools.pairwise(coverage.ranges))


def test_joiners_and_marks_are_not_reported() -> None:
    assert list(undrawable("a\u200db\u0301\u2068c\u2069", Coverage.parse(["61-63"]))) == []


def test_the_warning_names_the_file_and_line_of_prose(project_dir: Path, tmp_path: Path) -> None:
    chapter = project_dir / "chapters" / "01-inledning.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\nNamnet ሰላም.\n", encoding="utf-8")
    line = text.count("\n") + 2
    result = strukturer.build(project_dir, out=tmp_path, formats=["docx"], check=False)
    (warning,) = result.warnings
    assert warning.startswith(
        f"strukturer-for-stod/chapters/01-inledning.md:{line}: "
        "evaluation.report.chapters[0].body: "
        "no installed font can draw 'ሰላም' (U+1230, U+120B, U+121D; script: Ethiopic)"
    )
