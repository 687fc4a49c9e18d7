"""The check fitted to real government text (issue 11, item 10), each with its exact message."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from strukturer.check import CheckConfig, Checker, Diagnostic
from strukturer.check.project_check import check_project
from strukturer.check.settings import read_config
from strukturer.check.text import MAX_HEADING_LEVEL
from strukturer.model import Prose
from strukturer.render.markdown import DocumentTarget, MarkdownError, render_prose
from tests.conftest import edit

pytestmark = pytest.mark.hunspell


def shown(diagnostics: list[Diagnostic]) -> list[str]:
    return [str(d) for d in diagnostics]


@pytest.mark.parametrize(
    "text",
    [
        "Se prop. 2013/14:110, rskr. 2013/14:200 och bet. 2013/14:SoU10.",
        "Enligt Ds 2009:38 och dir. 2019:12, jfr SOU 2020:47 och SFS 2014:1102.",
        "Dir. 2019:12 gäller, se bil. 2 och kap. 3 m.fl., t.ex. dnr 1388/2014.",
        "Se prop. 2013/14:110. Det gäller även SFS 2014:1102 och SOU 2020:47.",
    ],
)
def test_official_abbreviations_and_references_are_known(checker: Checker, text: str) -> None:
    assert shown(checker.check_text(text, file="t.txt", markdown=False)) == []


def test_a_reference_does_not_end_a_sentence(checker: Checker) -> None:
    """ "prop." is an abbreviation: the number after it does not begin a sentence (N4)."""
    text = "Regeringen hänvisar till prop. 2013/14:110 och dir. 2019:12 i beslutet."
    assert shown(checker.check_text(text, file="t.txt", markdown=False)) == []


FORMER = "Uppdraget gavs till Sveriges Kommuner och Landsting."
FORMER_WARNING = (
    't.txt:1:21: warning former-name: "Sveriges Kommuner och Landsting" is called '
    '"Sveriges Kommuner och Regioner" since 2019 (suggestion: Sveriges Kommuner och Regioner)'
)


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (CheckConfig(), [FORMER_WARNING]),
        (CheckConfig(text_date=date(2018, 6, 14)), []),
        (CheckConfig(text_date=date(2019, 1, 1)), [FORMER_WARNING]),
        (CheckConfig(text_date=date(2024, 1, 1)), [FORMER_WARNING]),
        (CheckConfig(accept_former_names=["Sveriges Kommuner och Landsting"]), []),
        (CheckConfig(accept_former_names=["Rikspolisstyrelsen"]), [FORMER_WARNING]),
    ],
)
def test_former_name_dated_or_accepted(config: CheckConfig, expected: list[str]) -> None:
    with Checker(config) as checker:
        assert shown(checker.check_text(FORMER, file="t.txt", markdown=False)) == expected


def test_former_names_are_read_from_the_check_table() -> None:
    config = read_config(
        {"accept_former_names": ["Sveriges Kommuner och Landsting"], "diarienummer_units": ["X1"]}
    )
    assert config.accept_former_names == {"Sveriges Kommuner och Landsting"}
    assert config.diarienummer_units == {"X1"}


def test_text_date_is_not_a_check_table_key() -> None:
    with pytest.raises(Exception, match=r"\[check\]: unknown key 'text_date'"):
        read_config({"text_date": date(2018, 1, 1)})


def test_the_assignment_decision_date_dates_the_project(project_dir: Path) -> None:
    former = [d for d in check_project(project_dir).diagnostics if d.rule_id == "former-name"]
    assert [(d.file, d.line) for d in former] == [("strukturer-for-stod/assignment.yaml", 30)]
    edit(
        project_dir / "assignment.yaml",
        'decision_date: "[[beslutsdatum]]"',
        "decision_date: 2018-06-14",
    )
    former = [d for d in check_project(project_dir).diagnostics if d.rule_id == "former-name"]
    assert former == []


def test_a_name_in_prose_warns_and_does_not_stop_the_build(checker: Checker) -> None:
    text = "Utredningen leddes av Zetterbergh."
    assert shown(checker.check_text(text, file="t.txt", markdown=False)) == [
        't.txt:1:23: warning spelling-name: unknown word "Zetterbergh" (other suggestions: '
        "Zetterbergs, Wetterberg); a name? add it to the project's words (suggestion: Zetterberg)"
    ]


def test_people_in_person_fields_are_known(project_dir: Path) -> None:
    edit(project_dir / "cover-letter.yaml", "name: Daniel Zetterberg", "name: Daniel Zetterbergh")
    edit(
        project_dir / "chapters" / "01-inledning.md",
        "Hedersrelaterat våld och förtryck är",
        "Zetterbergh skriver att hedersrelaterat våld och förtryck är",
    )
    report = check_project(project_dir)
    assert [d for d in report.diagnostics if d.rule_id.startswith("spelling")] == []


def test_decomposed_text_never_splits_a_word(checker: Checker) -> None:
    written = unicodedata.normalize("NFD", "Myndigheten för vård- och omsorgsanalys i Västerås.")
    assert shown(checker.check_text(written, file="t.txt", markdown=False)) == []
    misspelt = unicodedata.normalize("NFD", "Våld och förttyck.")
    assert shown(checker.check_text(misspelt, file="t.txt", markdown=False)) == [
        # columns count the characters as written: "Våld och " is 10 of them in NFD
        't.txt:1:11: error spelling: unknown word "förttyck" (other suggestions: förtyck, '
        "förtyckt, förryckt) (suggestion: förtryck)"
    ]
    found = checker.check_text(misspelt, file="t.txt", markdown=False)[0]
    assert found.text == unicodedata.normalize("NFD", "förttyck")


def test_heading_level_is_the_builds_limit(checker: Checker) -> None:
    assert MAX_HEADING_LEVEL == 3
    text = "# Rapport\n\n### Tre\n\n#### Fyra\n"
    assert shown(checker.check_text(text, file="k.md", markdown=True)) == [
        "k.md:5:1: error heading-level: heading level 4 is too deep; use #, ## or ### "
        "(Heading 1-3) (suggestion: ###)"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "dnr Ub2011/4322/JÄM",
            't.txt:1:5: error diarienummer-department: "Ub" is not a department code of '
            'Regeringskansliet; did you mean "U" (Utbildningsdepartementet)? (suggestion: U)',
        ),
        (
            "dnr U2011/4322/JÄN",
            't.txt:1:16: error diarienummer-unit: "JÄN" is not a known unit of '
            'Utbildningsdepartementet (U); did you mean "JÄM"? (suggestion: JÄM)',
        ),
    ],
)
def test_diarienummer_against_the_registry(checker: Checker, text: str, expected: str) -> None:
    assert shown(checker.check_text(text, file="t.txt", markdown=False)) == [expected]


def test_a_project_accepts_its_own_units() -> None:
    with Checker(CheckConfig(diarienummer_units=["JÄN"])) as checker:
        assert checker.check_text("dnr U2011/4322/JÄN", file="t.txt", markdown=False) == []


def test_a_normalised_diarienummer_has_one_verdict(project_dir: Path) -> None:
    """The loader normalises spaces in a diarienummer field with a warning; the check does
    not report it again. In prose, where nothing normalises it, it is an error."""
    edit(
        project_dir / "assignment.yaml",
        "  - diarienummer: U2011/4322/JÄM",
        "  - diarienummer: U2011/ 4322/JÄM",
    )
    edit(
        project_dir / "chapters" / "01-inledning.md",
        "Hedersrelaterat våld och förtryck är",
        "Enligt U2011/ 4322/JÄM är hedersrelaterat våld och förtryck",
    )
    with pytest.warns(UserWarning, match="normalised to 'U2011/4322/JÄM'"):
        report = check_project(project_dir)
    spaces = [str(d) for d in report.diagnostics if d.rule_id == "diarienummer-space"]
    assert spaces == [
        "strukturer-for-stod/chapters/01-inledning.md:3:8: error diarienummer-space: "
        "space inside a diarienummer (suggestion: U2011/4322/JÄM)"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ISBN 9789187213632",
        "ISBN: 9789187213632",
        "Rapporten 9789187213632 finns tryckt.",
        "ISBN 978-91-87213-63-2",
    ],
)
def test_a_valid_isbn_is_never_grouped(checker: Checker, text: str) -> None:
    assert shown(checker.check_text(text, file="t.txt", markdown=False)) == []


def test_a_number_with_a_wrong_check_digit_is_a_number(checker: Checker) -> None:
    found = checker.check_text("Summan 9789187213633 stämmer.", file="t.txt", markdown=False)
    assert [d.suggestion for d in found if d.rule_id == "number-grouping"] == [
        "9\u00a0789\u00a0187\u00a0213\u00a0633"
    ]


@pytest.mark.parametrize("level", range(1, 7))
def test_check_and_build_agree_on_heading_levels(checker: Checker, level: int) -> None:
    """A heading the check passes renders; one it refuses, the build refuses with its words."""
    text = f"Stycke.\n\n{'#' * level} Rubrik\n"
    found = [d.message for d in checker.check_text(text, file="k.md", markdown=True)]
    ids = {"Heading 1": "H1", "Heading 2": "H2", "Heading 3": "H3", "Normal": "N"}
    target = DocumentTarget(ids, lambda url: "rId1", lambda style: None)
    if level > MAX_HEADING_LEVEL:
        with pytest.raises(MarkdownError) as refused:
            render_prose(Prose(text), target)
        assert found == [str(refused.value)]
    else:
        assert render_prose(Prose(text), target)
        assert found == []
