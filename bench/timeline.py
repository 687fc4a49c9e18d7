"""The time line of a cold build: what runs when, and on which thread or process.

Does what `strukturer build` does (engines booting first, then the build with its check)
in one fresh process into a fresh folder, with each step timed, and prints the steps in
the order they started. LibreOffice's own work is the span of each conversion call (the
office is a process of its own). Run: python bench/timeline.py (the default project), or
python bench/timeline.py --letters (the 290 letters with two engines, as typed).
"""

from __future__ import annotations

import time

START = time.perf_counter()

import functools  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

SPANS: list[tuple[float, float, str, str]] = []


def traced(owner: Any, name: str, label: str | Callable[..., str]) -> None:
    """Wrap ``owner.name`` so that each call is recorded as a span."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        begin = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            what = label(*args, **kwargs) if callable(label) else label
            SPANS.append((begin, time.perf_counter(), threading.current_thread().name, what))

    setattr(owner, name, wrapper)


def main() -> int:
    from strukturer.pdf import engine  # noqa: PLC0415
    from strukturer.pdf.pool import EnginePool  # noqa: PLC0415

    traced(engine.Engine, "_start", "LibreOffice starts (soffice.bin and the UNO worker)")
    traced(
        engine.Engine,
        "convert",
        lambda _self, src, *a, **k: f"LibreOffice converts {Path(src).stem}",
    )
    letters = "--letters" in sys.argv
    pool = EnginePool(jobs=2 if letters else 1, wait=False)
    begin = time.perf_counter()
    import strukturer.pdf.writer as pdf_writer  # noqa: PLC0415
    import strukturer.render.writer as render_writer  # noqa: PLC0415
    from strukturer import builder, merge  # noqa: PLC0415
    from strukturer.pdf import finishing  # noqa: PLC0415

    SPANS.append(
        (begin, time.perf_counter(), "MainThread", "import the build (docxtpl, jinja, lxml, …)")
    )
    traced(builder, "load_project", "load the project")
    traced(builder, "project_provenance", "provenance (content hash, git)")
    traced(builder, "_check", "strukturer check")
    traced(builder.IncrementalBuild, "job", lambda _s, _p, d, *a: f"job {d.name}: context, stamp")
    traced(render_writer, "render_docx", lambda t, *a, **k: f"render {t.name}.docx")
    traced(pdf_writer, "render_docx", lambda t, *a, **k: f"render {t.name}.docx (PDF only)")
    traced(finishing, "finish", lambda path, *a, **k: f"finish {Path(path).stem}.pdf (pypdf)")
    traced(finishing, "combine", "combine redovisning.pdf (pypdf)")
    traced(EnginePool, "close", "stop the engines")
    traced(merge, "render_docx", "render 60 letters as one document")
    traced(merge, "_docx_files", "the letters' DOCX, one by one")
    traced(merge, "_validate", "check the records")
    traced(merge, "publish", "publish")
    out = Path(tempfile.mkdtemp(prefix="strukturer-timeline-"))
    try:
        project = Path(__file__).parents[1] / "content/strukturer-for-stod/kommunbrev.toml"
        builder.build(project if letters else None, out=out, engine=pool, jobs=2, force=True)
    finally:
        pool.close()
    end = time.perf_counter()
    what = "the 290 letters" if letters else "the default project"
    print(f"Cold build of {what}: {end - START:.2f} s after the interpreter started")
    print(f"{'from':>6} {'to':>6}  {'thread':22} step")
    publishing = [span for span in SPANS if span[3] == "publish"]
    for first, last, thread, step in sorted(s for s in SPANS if s[3] != "publish"):
        print(f"{first - START:6.2f} {last - START:6.2f}  {thread[:22]:22} {step}")
    if publishing:
        first, last = publishing[0][0], publishing[-1][1]
        print(f"{first - START:6.2f} {last - START:6.2f}  {'MainThread':22} publish the files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
