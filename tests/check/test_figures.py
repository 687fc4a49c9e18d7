"""Figures: alt text (WCAG 1.1.1) and the image file, in files and in a project."""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturer.check import CheckConfig, Checker, check_files
from strukturer.check.project_check import check_project
from strukturer.model import Prose
from strukturer.render.markdown import STYLE_NAMES, DocumentTarget, MarkdownError, render_prose
from tests.conftest import edit

pytestmark = pytest.mark.hunspell

FIGURE = '![Karta över länen](figurer/karta.png "Figur 2.1 Länen"){#fig:karta source="SCB"}'


def test_figure_syntax_is_not_prose(tmp_path: Path) -> None:
    (tmp_path / "figurer").mkdir()
    (tmp_path / "figurer" / "karta.png").write_bytes(b"\x89PNG")
    (tmp_path / "kapitel.md").write_text(
        f"Se kartan.\n\n{FIGURE}\n\n![](figurer/karta.png){{.decorative}}\n", encoding="utf-8"
    )
    report = check_files([tmp_path / "kapitel.md"], CheckConfig())
    assert [str(d) for d in report.diagnostics] == []


def test_missing_alt_text_and_file_name_their_place(tmp_path: Path) -> None:
    (tmp_path / "kapitel.md").write_text(
        "# Resultat\n\nSe figuren:\n\n  ![](figurer/saknas.png)\n", encoding="utf-8"
    )
    report = check_files([tmp_path / "kapitel.md"], CheckConfig())
    file = str(tmp_path / "kapitel.md")
    assert [str(d) for d in report.diagnostics] == [
        f'{file}:5:3: error image-alt-text: image "figurer/saknas.png" has no alt text; '
        "describe it in ![…] or mark it {.decorative} (WCAG 1.1.1)",
        f'{file}:5:7: error image-missing: image file "figurer/saknas.png" does not exist '
        f"in the project folder {tmp_path}",
    ]
    assert report.exit_code == 1


def test_paths_are_relative_to_the_project_folder(project_dir: Path) -> None:
    """A chapter in chapters/ names its image from the folder of strukturer.toml."""
    (project_dir / "figurer").mkdir()
    (project_dir / "figurer" / "karta.png").write_bytes(b"\x89PNG")
    chapter = project_dir / "chapters" / "01-inledning.md"
    edit(chapter, "## Uppdraget\n", f"{FIGURE}\n\n![Linje](figurer/linje.png)\n\n## Uppdraget\n")
    report = check_project(project_dir)
    found = [str(d) for d in report.diagnostics if d.rule_id.startswith("image")]
    line = chapter.read_text(encoding="utf-8").splitlines().index("![Linje](figurer/linje.png)")
    assert found == [
        f"strukturer-for-stod/chapters/01-inledning.md:{line + 1}:10: error image-missing: "
        f'image file "figurer/linje.png" does not exist in the project folder {project_dir}'
    ]


def test_a_caption_is_prose_and_a_link_title_is_not(tmp_path: Path) -> None:
    (tmp_path / "figurer").mkdir()
    (tmp_path / "figurer" / "karta.png").write_bytes(b"\x89PNG")
    (tmp_path / "kapitel.md").write_text(
        'Se [länk](https://example.org "Förttyck titel").\n\n'
        '![Karta](figurer/karta.png "Figur 2.1 Stöd 2011-2013, förttyck"){#fig:karta}\n',
        encoding="utf-8",
    )
    report = check_files([tmp_path / "kapitel.md"], CheckConfig())
    assert [(d.line, d.column, d.rule_id, d.suggestion) for d in report.diagnostics] == [
        (3, 44, "range-dash", "2011–2013"),
        (3, 55, "spelling", "förtryck"),
    ]


def test_references_and_attribute_blocks_are_not_prose(tmp_path: Path) -> None:
    """The renderer's markup (render.syntax.markup_spans) is not read as text."""
    (tmp_path / "figurer").mkdir()
    (tmp_path / "figurer" / "karta.png").write_bytes(b"\x89PNG")
    (tmp_path / "kapitel.md").write_text(
        "Se {ref:tab:arenden} och {ref:fig:karta}.\n\n"
        'Tabell: Antal ärenden per län {#tab:arenden source="Egen bearbetning"}\n\n'
        "| Län | Antal |\n|---|---:|\n| Skåne | 12 |\n\n"
        f"{FIGURE}\n",
        encoding="utf-8",
    )
    report = check_files([tmp_path / "kapitel.md"], CheckConfig())
    assert [str(d) for d in report.diagnostics] == []


@pytest.mark.parametrize(
    "text",
    [
        "Se ![Karta](figurer/karta.png) här.\n",
        "- ![Karta](figurer/karta.png)\n",
        "> Tabell: Antal {#tab:antal}\n",
        "Stycke.[^1]\n\n[^1]: ![Karta](figurer/karta.png)\n",
        "# Rubrik ![Karta](figurer/karta.png)\n",
    ],
)
def test_check_and_build_agree_on_where_figures_stand(text: str) -> None:
    """What the renderer refuses, the check reports with the renderer's words."""
    with Checker(CheckConfig(disable=["spelling"])) as checker:
        found = [
            d.message
            for d in checker.check_text(text, file="k.md", markdown=True)
            if d.rule_id == "figure-placement"
        ]
    ids = {name: name for name in STYLE_NAMES.values()}
    target = DocumentTarget(ids, lambda url: "rId1", lambda style: None)
    with pytest.raises(MarkdownError) as refused:
        render_prose(Prose(text), target)
    assert found == [str(refused.value)]
