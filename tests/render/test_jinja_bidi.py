"""Right-to-left names in a list keep their order: each is a bidi isolate."""

from __future__ import annotations

from pathlib import Path

import docx
from hypothesis import given
from hypothesis import strategies as st

import strukturer
from strukturer.model import Placeholder
from strukturer.render.bidi import FSI, PDI, isolate
from strukturer.render.jinja import make_environment
from tests.conftest import edit


def join(items: object, *args: str) -> str:
    arguments = ", ".join(repr(a) for a in args)
    call = "{{ items|join_list(" + arguments + ") }}"
    return make_environment().from_string(call).render(items=items)


def test_right_to_left_items_are_isolated_and_others_unchanged() -> None:
    assert join(["Ali", "محمد", "יוסף", "Eva"]) == f"Ali, {FSI}محمد{PDI}, {FSI}יוסף{PDI} och Eva"
    assert join(["Borlänge", "Karlstad"], "eller") == "Borlänge eller Karlstad"
    assert join([Placeholder("namn"), "محمد"]) == f"[namn] och {FSI}محمد{PDI}"


@given(st.text(max_size=20))
def test_isolating_is_idempotent_and_keeps_the_text(text: str) -> None:
    once = isolate(text)
    assert isolate(once) == once
    assert once.removeprefix(FSI).removesuffix(PDI) == text or once == text


def test_a_decision_lists_right_to_left_names_in_order(project_dir: Path, tmp_path: Path) -> None:
    edit(
        project_dir / "assignment.yaml",
        "  - Barnombudsmannen\n",
        "  - جمعية الهلال\n  - מכון ון ליר\n",
    )
    result = strukturer.build(
        project_dir, out=tmp_path, only="regeringsbeslut", formats=["docx"], check=False
    )
    text = "\n".join(p.text for p in docx.Document(str(result.files[0])).paragraphs)
    assert f"länsstyrelserna, {FSI}جمعية الهلال{PDI}, {FSI}מכון ון ליר{PDI}, Brotts" in text
