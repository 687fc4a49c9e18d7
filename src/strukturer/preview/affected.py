"""Which deliverables a changed file touches, so a preview rebuilds only those."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from strukturer.content.loader import CONTENT_FILES, PROJECT_FILE
from strukturer.model import Project
from strukturer.render.template_library import library_for

#: For each content file (by its ``[content]`` key), the parts of the model whose
#: deliverables show something of it: the report carries the assignment as an appendix,
#: the missiv names the assignment and the report, the press release the findings.
SHOWN_IN = {
    "assignment": {"assignment", "report", "cover_letter", "press_release"},
    "findings": {"report", "press_release"},
    "report": {"report", "cover_letter"},
    "press_release": {"press_release"},
    "cover_letter": {"cover_letter"},
}


def touched(project: Project, changed: Iterable[Path]) -> list[str] | None:
    """The names of the deliverables ``changed`` files touch, in project order; None when
    a change touches every deliverable (the project file, or a file not known here)."""
    if project.source is None:
        return None
    root = Path(project.source).parent.resolve()
    library = library_for(project.template_dirs)
    renders = {d.name: library.get(d.template, d.version).renders for d in project.deliverables}
    names: set[str] = set()
    for path in changed:
        parts = _parts(root, Path(path).resolve())
        if parts is None:
            return None
        if isinstance(parts, str):  # a project template: the deliverables that use it
            names |= {d.name for d in project.deliverables if d.template == parts}
        else:
            names |= {name for name, model in renders.items() if model in parts}
    return [d.name for d in project.deliverables if d.name in names]


def _parts(root: Path, path: Path) -> set[str] | str | None:
    """The model parts a file feeds, a template's name for a template file, or None."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return None
    if relative.parts[:1] == ("templates",) and len(relative.parts) > 1:
        return relative.parts[1]
    if relative.as_posix() == PROJECT_FILE:
        return None
    for key, (default_name, _) in CONTENT_FILES.items():
        if relative.as_posix() == default_name:
            return SHOWN_IN[key]
    if path.suffix in (".md", ".markdown"):  # chapters and appendices
        return SHOWN_IN["report"]
    return None
