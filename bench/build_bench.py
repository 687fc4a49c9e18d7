"""Benchmark: strukturer's builds against the naive `soffice --convert-to pdf` route.

Run with `nox -s bench` (or `python bench/build_bench.py [--scale 1000,10000]`). One run
measures, on the same machine and inputs:

* the default project: naive per document, the naive one-start baseline, `strukturer
  build` cold (a fresh process into a fresh folder) and warm (engines running);
  a rebuild with nothing changed, and a rebuild after editing one chapter;
* 290 letters as a user types it, `strukturer build …/kommunbrev.toml --jobs 2` (DOCX and
  PDF per letter, check on): cold (the median of three, and the CPU seconds of the build
  and its engines, a figure a busy machine changes less), and warm on one and on two
  running engines;
* 1,000 and 10,000 letters: time per letter and peak memory of the process and its engines;
* `strukturer check` of the default project, and of one paragraph of 256 kB and 1 MB;
* `strukturer preview`: from saving a chapter to the page showing the new text (warm engines).

Beside the default build and the letters it prints their floor on this machine: LibreOffice
alone (`engine_floor.py`), starting its engines in a fresh process and exporting the same
documents, already rendered, with the same options; no build can be faster than that.

Each ratio to the naive route is taken round by round, the two timed in turn (the
default build, its baseline and its floor five times; the letters and the naive route
per letter three times), so that it holds while the machine's speed drifts.

It prints a table marking each figure against its target (docs/performance.md), writes the
figures to `bench/results/<date>-<commit>.json`, and exits 1 when a figure misses its
target by more than the stated noise margin.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from measure import (
    CONTENT,
    ROOT,
    STRUKTURER,
    compile_package,
    interleaved,
    letters_project,
    long_paragraph,
    merged_letters,
    naive,
    ratio,
    run,
    run_sampled,
    timed,
)

import strukturer
from strukturer.pdf import EnginePool

LETTERS = CONTENT / "kommunbrev.toml"
#: LibreOffice alone on DOCX already rendered: the floor of the route (engine_floor.py).
ENGINE_FLOOR = [sys.executable, str(Path(__file__).with_name("engine_floor.py"))]
NAIVE_SAMPLE = 5
TIME_MARGIN = 0.25  # shared 2-core machines vary this much between runs
MEMORY_MARGIN = 0.10

#: name: (label, unit, target, "max" or "min", margin)
TARGETS: dict[str, tuple[str, str, float | None, str, float]] = {
    "naive_per_document_s": ("default: naive soffice per document", "s", None, "max", 0),
    "baseline_s": ("default: naive, one start for all four (baseline)", "s", None, "max", 0),
    "cold_s": ("default: strukturer build, cold", "s", None, "max", 0),
    "cold_vs_baseline": ("default: cold / baseline", "x", 1.0, "max", TIME_MARGIN),
    "engine_floor_s": ("default: LibreOffice alone, fresh process (floor)", "s", None, "max", 0),
    "engine_floor_vs_baseline": ("default: LibreOffice alone / baseline", "x", None, "max", 0),
    "warm_s": ("default: strukturer.build, engine running", "s", None, "max", 0),
    "warm_vs_baseline": ("default: warm / baseline", "x", None, "max", 0),
    "no_change_s": ("default: rebuild, nothing changed", "s", 0.3, "max", TIME_MARGIN),
    "chapter_edit_s": ("default: rebuild after a chapter edit", "s", None, "max", 0),
    "chapter_edit_vs_cold": ("default: chapter-edit rebuild / cold", "x", 1.0, "max", TIME_MARGIN),
    "naive_letter_s": ("letters: naive soffice per letter", "s", None, "max", 0),
    "letters_cold_per_s": ("290 letters, cold, --jobs 2", "/s", 150, "min", TIME_MARGIN),
    "letters_cold_vs_naive": ("290 letters, cold / naive", "x", 150, "min", TIME_MARGIN),
    "letters_cold_cpu_s": ("290 letters, cold: CPU s (build + engines)", "s", None, "max", 0),
    "letters_floor_per_s": ("290 letters, LibreOffice alone, cold (floor)", "/s", None, "min", 0),
    "letters_warm_per_s": ("290 letters, warm, 2 engines", "/s", 300, "min", TIME_MARGIN),
    "letters_warm_floor_per_s": ("290 letters, LibreOffice alone, warm", "/s", None, "min", 0),
    "letters_warm_vs_naive": ("290 letters, warm / naive", "x", None, "min", 0),
    "letters_warm_1_per_s": ("290 letters, warm, 1 engine", "/s", None, "min", 0),
    "scale_small_ms": ("letters: time per letter, smaller run", "ms", None, "max", 0),
    "scale_large_ms": ("letters: time per letter, larger run", "ms", None, "max", 0),
    "scale_ratio": ("letters: per-letter time large / small", "x", 1.2, "max", TIME_MARGIN),
    "scale_small_peak_mib": ("letters: peak memory, smaller run", "MiB", 1024, "max", 0.1),
    "scale_large_peak_mib": ("letters: peak memory, larger run", "MiB", 1024, "max", 0.1),
    "check_s": ("strukturer check, fresh process", "s", 1.0, "max", TIME_MARGIN),
    "check_256k_s": ("strukturer check, one 256 kB paragraph", "s", None, "max", 0),
    "check_1m_s": ("strukturer check, one 1 MB paragraph", "s", 10.0, "max", TIME_MARGIN),
    "check_linear_ratio": ("check time 1 MB / 256 kB (linear: 4)", "x", 4.0, "max", TIME_MARGIN),
    "preview_edit_s": ("preview: chapter saved → new page", "s", 2.0, "max", TIME_MARGIN),
}


def build_cli(*args: str, timeout: float = 600) -> None:
    run([*STRUKTURER, "build", *args], timeout=timeout)


def default_project(tmp: Path, figures: dict[str, float]) -> None:
    profile = tmp / "naive-profile"
    docx = strukturer.build(out=tmp / "docx", formats=["docx"], check=False).files
    naive(docx[:1], tmp / "warmup", profile)  # the naive route gets a warm profile too
    figures["naive_per_document_s"] = timed(lambda: [naive([d], tmp / "n1", profile) for d in docx])
    runs = iter(range(100))
    floor = [*ENGINE_FLOOR, *map(str, docx)]
    cold = interleaved(
        {
            "baseline": lambda: naive(list(docx), tmp / "n2", profile),
            "cold": lambda: build_cli("--example", "--out", str(tmp / f"cold{next(runs)}")),
            "floor": lambda: run(floor),
        },
        rounds=5,
    )
    figures["baseline_s"] = statistics.median(cold["baseline"])
    figures["cold_s"] = statistics.median(cold["cold"])
    figures["engine_floor_s"] = statistics.median(cold["floor"])
    figures["cold_vs_baseline"] = ratio(cold["cold"], cold["baseline"])
    figures["engine_floor_vs_baseline"] = ratio(cold["floor"], cold["baseline"])
    with EnginePool(jobs=1) as pool:
        strukturer.build(out=tmp / "warm", engine=pool, check=False, force=True)  # warm-up
        warm = interleaved(
            {
                "warm": lambda: strukturer.build(out=tmp / "warm", engine=pool, force=True),
                "baseline": lambda: naive(list(docx), tmp / "n2", profile),
            },
            rounds=3,
        )
    figures["warm_s"] = statistics.median(warm["warm"])
    figures["warm_vs_baseline"] = ratio(warm["warm"], warm["baseline"])

    project = tmp / "edited"
    shutil.copytree(CONTENT, project)
    out = str(tmp / "incremental")
    build_cli(str(project), "--out", out)
    figures["no_change_s"] = timed(lambda: build_cli(str(project), "--out", out), repeat=3)
    chapter = project / "chapters" / "03-slutsatser.md"
    edits = iter(range(100))

    def edit_and_build() -> None:
        with chapter.open("a", encoding="utf-8") as handle:
            handle.write(f"\nEtt tillägg nummer {next(edits) + 1} i kapitlet.\n")
        build_cli(str(project), "--out", out)

    figures["chapter_edit_s"] = timed(edit_and_build, repeat=3)
    figures["chapter_edit_vs_cold"] = figures["chapter_edit_s"] / figures["cold_s"]


def letters(tmp: Path, figures: dict[str, float]) -> None:
    build_cli(str(LETTERS), "--jobs", "2", "--out", str(tmp / "letters-sample"), timeout=600)
    folder = tmp / "letters-sample" / "kommunbrev" / "kommunbrev"
    total = len(list(folder.glob("*.pdf")))
    sample = sorted(folder.glob("*.docx"))[:NAIVE_SAMPLE]
    profile = tmp / "naive-profile"
    naive(sample[:1], tmp / "n3", profile)  # a warm profile, as for the default project

    def naive_letters() -> None:
        for letter in sample:
            naive([letter], tmp / "n3", profile)

    runs, naives = [], []
    for n in range(3):  # a cold build, then the naive route per letter, in turn
        args = [*STRUKTURER, "build", str(LETTERS), "--jobs", "2", "--out", str(tmp / f"l{n}")]
        runs.append(run_sampled(args, timeout=600, interval=0.05))
        naives.append(timed(naive_letters) / len(sample))
    cold_s = statistics.median(r.seconds for r in runs)
    figures["letters_cold_cpu_s"] = statistics.median(r.cpu for r in runs)
    figures["letters_cold_per_s"] = total / cold_s
    figures["naive_letter_s"] = statistics.median(naives)
    figures["letters_cold_vs_naive"] = ratio(naives, [r.seconds / total for r in runs])
    merged = [str(f) for f in merged_letters(tmp / "merged", engines=2)]
    floor = [*ENGINE_FLOOR, "--jobs", "2", "--merge", *merged]
    figures["letters_floor_per_s"] = total / timed(lambda: run(floor), repeat=3)
    warm = subprocess.run([*floor, "--warm", "3"], check=True, capture_output=True, text=True)
    figures["letters_warm_floor_per_s"] = total / float(warm.stdout)
    for jobs, name in ((2, "letters_warm_per_s"), (1, "letters_warm_1_per_s")):
        with EnginePool(jobs=jobs) as pool:
            strukturer.build(LETTERS, out=tmp / "warm-letters", jobs=jobs, engine=pool, force=True)
            warm_s = timed(
                lambda pool=pool, jobs=jobs: strukturer.build(
                    LETTERS, out=tmp / "warm-letters", jobs=jobs, engine=pool, force=True
                ),
                repeat=2,
            )
        figures[name] = total / warm_s
    figures["letters_warm_vs_naive"] = figures["letters_warm_per_s"] * figures["naive_letter_s"]


def scale(tmp: Path, figures: dict[str, float], sizes: tuple[int, int]) -> None:
    for size, label in zip(sizes, ("small", "large"), strict=True):
        project = letters_project(tmp / f"scale-{size}", size)
        args = [*STRUKTURER, "build", str(project), "--jobs", "2", "--out", str(tmp / f"s{size}")]
        sampled = run_sampled(args, timeout=3600)
        figures[f"scale_{label}_ms"] = sampled.seconds / size * 1000
        figures[f"scale_{label}_peak_mib"] = sampled.peak / 2**20
        shutil.rmtree(tmp / f"s{size}", ignore_errors=True)
    figures["scale_ratio"] = figures["scale_large_ms"] / figures["scale_small_ms"]


def check(tmp: Path, figures: dict[str, float]) -> None:
    figures["check_s"] = timed(lambda: run([*STRUKTURER, "check", "--example"]), repeat=3)
    for size, name in ((256_000, "check_256k_s"), (1_000_000, "check_1m_s")):
        text = long_paragraph(tmp / f"paragraph-{size}.txt", size)
        try:
            figures[name] = timed(lambda text=text: _check_file(text))
        except subprocess.TimeoutExpired:
            figures[name] = float("inf")
    figures["check_linear_ratio"] = figures["check_1m_s"] / figures["check_256k_s"]


def _check_file(path: Path) -> None:
    done = subprocess.run(
        [*STRUKTURER, "check", str(path)], capture_output=True, cwd=ROOT, timeout=300, check=False
    )
    if done.returncode not in (0, 1):  # 1: the check found something, as it may
        raise RuntimeError(done.stderr.decode()[-2000:])


def verdict(name: str, value: float) -> str:
    _, _, target, sense, margin = TARGETS[name]
    if target is None:
        return ""
    if (value <= target) if sense == "max" else (value >= target):
        return "met"
    allowed = target * (1 + margin) if sense == "max" else target * (1 - margin)
    within = (value <= allowed) if sense == "max" else (value >= allowed)
    return f"missed, within the {margin:.0%} noise margin" if within else "REGRESSION"


def report(figures: dict[str, float]) -> bool:
    ok = True
    print(f"{'figure':52} {'value':>10}  {'target':>10}  verdict")
    for name, (label, unit, target, sense, _) in TARGETS.items():
        if name not in figures:
            continue
        value = figures[name]
        aim = "" if target is None else f"{'≤' if sense == 'max' else '≥'} {target:g}"
        mark = verdict(name, value)
        ok = ok and mark != "REGRESSION"
        print(f"{label:52} {value:10.3f}  {aim:>10}  {unit:4} {mark}")
    return ok


def save(figures: dict[str, float], sizes: tuple[int, int]) -> Path:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    ).stdout.strip()
    stamp = datetime.now(UTC)
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    path = folder / f"{stamp:%Y-%m-%d}-{commit or 'nogit'}.json"
    data: dict[str, Any] = {
        "date": stamp.isoformat(timespec="seconds"),
        "commit": commit,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "scale_sizes": sizes,
        "figures": {
            name: {
                "value": value,
                "unit": TARGETS[name][1],
                "target": TARGETS[name][2],
                "verdict": verdict(name, value),
            }
            for name, value in figures.items()
        },
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def preview(tmp: Path, figures: dict[str, float]) -> None:
    """Time from saving a chapter to the preview's state showing the new text, as the
    page's server-sent events would (the page reloads its images on that state)."""
    import urllib.request  # noqa: PLC0415

    project = tmp / "preview"
    shutil.copytree(CONTENT, project)
    server = subprocess.Popen(
        [*STRUKTURER, "preview", str(project), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().removeprefix("preview: ").strip()

        def state() -> dict[str, Any]:
            with urllib.request.urlopen(f"{url}state", timeout=30) as answer:
                return dict(json.loads(answer.read()))

        def shows(text: str, limit: float = 300) -> None:
            end = time.perf_counter() + limit
            while time.perf_counter() < end:
                found = state()
                pages = [p["text"] for d in found["deliverables"] for p in d["pages"]]
                if not found["building"] and any(text in page for page in pages):
                    return
                time.sleep(0.02)
            raise TimeoutError(f"the preview never showed {text!r}")

        shows("Slutsatser")  # the first build, engines now warm
        chapter = project / "chapters" / "03-slutsatser.md"
        edits = iter(range(100))

        def edit() -> None:
            word = f"Mätpunkt{next(edits)}"
            chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{word}.\n", "utf-8")
            shows(word)

        figures["preview_edit_s"] = timed(edit, repeat=3)
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="1000,10000", help="letter counts, small,large")
    parser.add_argument(
        "--skip", default="", help="parts to skip: default,letters,scale,check,preview"
    )
    options = parser.parse_args()
    sizes = tuple(int(n) for n in options.scale.split(","))
    assert len(sizes) == 2, "--scale takes two counts"
    skip = set(options.skip.split(","))
    figures: dict[str, float] = {}
    started = time.perf_counter()
    compile_package()  # every part times strukturer as installed (bench/measure.py)
    tmp = Path(tempfile.mkdtemp(prefix="strukturer-bench-"))
    try:
        for part, measure in (
            ("default", lambda: default_project(tmp, figures)),
            ("letters", lambda: letters(tmp, figures)),
            ("scale", lambda: scale(tmp, figures, sizes)),  # type: ignore[arg-type]
            ("check", lambda: check(tmp, figures)),
            ("preview", lambda: preview(tmp, figures)),
        ):
            if part not in skip:
                before = set(figures)
                measure()
                done = ", ".join(f"{k}={figures[k]:.3f}" for k in figures if k not in before)
                print(f"{part}: {done}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ok = report(figures)
    path = save(figures, sizes).relative_to(ROOT)
    print(f"written to {path} in {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
