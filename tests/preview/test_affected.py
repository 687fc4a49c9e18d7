"""Which deliverables a changed file touches, and the polling watcher."""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturer.content import load_project
from strukturer.preview.affected import touched
from strukturer.preview.watch import changed, snapshot

ALL = ["rapport", "missiv", "pressmeddelande", "regeringsbeslut"]


@pytest.mark.parametrize(
    ("files", "names"),
    [
        (["chapters/02-lansstyrelsens-arbete.md"], ["rapport", "missiv"]),
        (["report.yaml"], ["rapport", "missiv"]),
        (["cover-letter.yaml"], ["missiv"]),
        (["press-release.yaml"], ["pressmeddelande"]),
        (["findings.yaml"], ["rapport", "pressmeddelande"]),
        (["assignment.yaml"], ALL),
        (["press-release.yaml", "cover-letter.yaml"], ["missiv", "pressmeddelande"]),
        (["templates/missiv/1.0.1/template.docx"], ["missiv"]),
        (["templates/kommunbrev/2.0.0/template.docx"], []),
    ],
)
def test_a_change_touches_the_deliverables_that_show_it(
    project_dir: Path, files: list[str], names: list[str]
) -> None:
    assert touched(load_project(project_dir), [project_dir / f for f in files]) == names


@pytest.mark.parametrize("file", ["strukturer.toml", "kommuner.csv", "../elsewhere.md"])
def test_the_project_file_or_an_unknown_file_touches_everything(
    project_dir: Path, file: str
) -> None:
    assert touched(load_project(project_dir), [project_dir / file]) is None


def test_the_watcher_sees_edits_additions_and_removals(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "b.md").write_text("b", encoding="utf-8")
    for ignored in ("dist", ".git", "work"):
        (tmp_path / ignored).mkdir()
        (tmp_path / ignored / "x.pdf").write_text("x", encoding="utf-8")
    (tmp_path / ".a.md.swp").write_text("editor", encoding="utf-8")
    before = snapshot([tmp_path], skip=[tmp_path / "work"])
    assert sorted(p.name for p in before) == ["a.md", "b.md"]
    (tmp_path / "a.md").write_text("a, longer", encoding="utf-8")
    (tmp_path / "b.md").unlink()
    (tmp_path / "c.md").write_text("c", encoding="utf-8")
    (tmp_path / "dist" / "x.pdf").write_text("changed", encoding="utf-8")
    after = snapshot([tmp_path], skip=[tmp_path / "work"])
    assert changed(before, after) == {tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.md"}
    assert changed(after, after) == set()
