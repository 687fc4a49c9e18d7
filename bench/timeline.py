"""The time line of a cold build: what runs when, and on which thread or process.

Runs the real command, `strukturer build --example` (or the 290 letters with
``--letters``: `strukturer build …/kommunbrev.toml --jobs 2`), in this fresh process into
a fresh folder, and prints each step with its thread in the order the steps started.
Each step is timed by wrapping its function as its module is first imported, so the
imports happen in the order and on the threads the command gives them. LibreOffice's own
work is the span of each conversion call (the office is a process of its own). The last
lines give the process's CPU time and that of the children it has reaped.

Run: python bench/timeline.py [--letters] [--no-check]. Options starting with ``--no-``
go to `strukturer build` as they are. It first compiles strukturer's modules, as
installing it does (bench/measure.py), then runs itself again in a fresh process.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import functools  # noqa: E402
import importlib.abc  # noqa: E402
import importlib.machinery  # noqa: E402
import importlib.util  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import runpy  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402
from typing import Any  # noqa: E402

SPANS: list[tuple[float, float, str, str]] = []
Label = str | Callable[..., str]


def traced(owner: Any, name: str, label: Label) -> None:
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


def _stem(_owner: Any, src: Any, *_a: Any, **_k: Any) -> str:
    return f"LibreOffice converts {Path(src).stem}"


#: module: (attribute path, label) of each step traced in it.
STEPS: dict[str, Sequence[tuple[str, Label]]] = {
    "strukturer.cli._build": [("open_engines", "start LibreOffice in the background")],
    "strukturer.unchanged": [("unchanged_build", "nothing changed? (the last build's record)")],
    "strukturer.cli._app": [("report_warnings", "print the warnings")],
    "strukturer.pdf.engine": [
        ("Engine._start", "LibreOffice starts (soffice.bin and the UNO worker)"),
        ("Engine.convert", _stem),
        ("Engine.close", "stop an engine"),
    ],
    "strukturer.content.loader": [("load_with_sources", "load the project")],
    "strukturer.builder": [
        ("project_provenance", "provenance (content hash, git)"),
        ("_per_record", "per-record deliverables"),
    ],
    "strukturer.preflight": [
        ("run_check", "strukturer check"),
        ("font_warnings", "font coverage (fc-list)"),
    ],
    "strukturer.incremental": [
        ("IncrementalBuild.job", lambda _s, _p, d, *a, **k: f"job {d.name}: context, keys"),
    ],
    "strukturer.render.writer": [("render_docx", lambda t, *a, **k: f"render {t.name}.docx")],
    "strukturer.pdf.writer": [
        ("render_docx", lambda t, *a, **k: f"render {t.name}.docx (PDF only)"),
        ("PdfBuildWriter.finish", "wait for the PDFs"),
    ],
    "strukturer.pdf.finishing": [
        ("finish", lambda path, *a, **k: f"finish {Path(path).stem}.pdf (pypdf)")
    ],
    "strukturer.pdf.combining": [("combine", "combine redovisning.pdf (pypdf)")],
    "strukturer.merge": [
        ("render_docx", "render 60 letters as one document"),
        ("_docx_files", "the letters' DOCX, one by one"),
        ("_validate", "check the records"),
    ],
    "strukturer.merge_pdfs": [
        ("MergedPdfs._render", lambda _s, n, *a, **k: f"render records-{n:04d} (letters in one)"),
        ("MergedPdfs._split", lambda _s, n, *a, **k: f"split records-{n:04d} into its letters"),
    ],
}
#: Imports worth a line of their own.
IMPORTS = ("strukturer.builder", "strukturer.check", "strukturer.pdf.finishing", "strukturer.merge")


def _trace_module(module: ModuleType) -> None:
    for path, label in STEPS.get(module.__name__, ()):
        *owners, name = path.split(".")
        owner: Any = module
        for part in owners:
            owner = getattr(owner, part)
        if hasattr(owner, name):
            traced(owner, name, label)


class _Tracer(importlib.abc.MetaPathFinder):
    """Traces the steps of a module right after it is executed (its first import)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in STEPS and fullname not in IMPORTS:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            begin = time.perf_counter()
            execute(module)
            _trace_module(module)
            if fullname in IMPORTS:
                thread = threading.current_thread().name
                SPANS.append((begin, time.perf_counter(), thread, f"import {fullname}"))

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _report() -> None:
    end = time.perf_counter()
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    print(f"{'from':>6} {'to':>6}  {'thread':24} step", file=sys.stderr)
    for first, last, thread, step in sorted(SPANS):
        print(f"{first - START:6.2f} {last - START:6.2f}  {thread[:24]:24} {step}", file=sys.stderr)
    print(f"{end - START:6.2f}          the process exits", file=sys.stderr)
    print(
        f"CPU: this process {own.ru_utime + own.ru_stime:.2f} s, the children it reaped "
        f"{children.ru_utime + children.ru_stime:.2f} s",
        file=sys.stderr,
    )


def main() -> None:
    letters = "--letters" in sys.argv[1:]
    if "--compiled" not in sys.argv[1:]:  # strukturer as installed (bench/measure.py)
        from measure import compile_package  # noqa: PLC0415

        compile_package()
        os.execv(sys.executable, [sys.executable, __file__, *sys.argv[1:], "--compiled"])
    out = tempfile.mkdtemp(prefix="strukturer-timeline-")
    project = Path(__file__).parents[1] / "content/strukturer-for-stod/kommunbrev.toml"
    args = [str(project), "--jobs", "2"] if letters else ["--example"]
    args += [a for a in sys.argv[1:] if a.startswith("--no-")]
    sys.argv = ["strukturer", "build", *args, "--quiet", "--out", out]
    sys.meta_path.insert(0, _Tracer())
    try:
        runpy.run_module("strukturer.cli", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if exc.code:
            raise
    finally:
        _report()
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
