"""Benchmark: strukturer's builds against the naive `soffice --convert-to pdf` route.

Run with `nox -s bench` (or `python bench/build_bench.py`). Prints, for the same inputs
in one run:

* the default project's four deliverables: naive per-document conversion, one naive
  conversion of all four in a single LibreOffice start (the baseline "one start plus its
  layout work"), `strukturer build` cold (a fresh process) and warm (engine running);
* the batch of 290 one-page letters, one to each Swedish municipality, each its own
  tagged PDF/A: naive per letter (a sample), strukturer cold and warm, letters/s;
* a full `strukturer check` of the default project as a fresh process.

Figures vary on a shared machine; the ratios are what `docs/performance.md` records.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import strukturer
from strukturer.pdf import EnginePool, find_office

ROOT = Path(__file__).resolve().parents[1]
LETTERS = ROOT / "content" / "strukturer-for-stod" / "kommunbrev.toml"
STRUKTURER = [sys.executable, "-m", "strukturer.cli"]
NAIVE_SAMPLE = 5


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    """Median wall time of ``action`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(args: list[str]) -> None:
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT)


def naive(sources: list[Path], out: Path, profile: Path, *, top_pad: bool = False) -> None:
    """`soffice --headless --convert-to pdf` with its own (warm) profile.

    ``top_pad`` gives it the malloc setting strukturer gives its engines, to show how
    much of the difference that setting alone makes.
    """
    soffice = str(find_office().parent / "soffice")
    profile_arg = f"-env:UserInstallation={profile.as_uri()}"
    args = [soffice, "--headless", "--norestore", profile_arg, "--convert-to", "pdf"]
    env = {**os.environ, "MALLOC_TOP_PAD_": str(256 << 20)} if top_pad else None
    subprocess.run(
        [*args, "--outdir", str(out), *map(str, sources)],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=env,
    )


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="strukturer-bench-"))
    try:
        return report(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(tmp: Path) -> int:
    profile = tmp / "naive-profile"
    docx = strukturer.build(out=tmp / "docx", formats=["docx"], check=False).files
    naive(docx[:1], tmp / "warmup", profile)  # the naive route gets a warm profile too

    per_doc = timed(lambda: [naive([d], tmp / "n1", profile) for d in docx])
    one_start = timed(lambda: naive(list(docx), tmp / "n2", profile), repeat=3)
    one_start_pad = timed(lambda: naive(list(docx), tmp / "n2", profile, top_pad=True), repeat=3)
    cold = timed(lambda: run([*STRUKTURER, "build", "--out", str(tmp / "cold")]), repeat=3)
    cold_no_check = timed(
        lambda: run([*STRUKTURER, "build", "--no-check", "--out", str(tmp / "cold2")]), repeat=3
    )
    with EnginePool(jobs=2) as pool:
        strukturer.build(out=tmp / "warm", engine=pool, check=False)  # warm-up
        warm = timed(lambda: strukturer.build(out=tmp / "warm", engine=pool), repeat=3)

        letters = strukturer.load_project(LETTERS)
        deliverable = letters.deliverables[0]
        template = strukturer.TemplateLibrary().get(deliverable.template, deliverable.version)
        records = LETTERS.parent / "kommuner.csv"

        def batch() -> strukturer.MergeResult:
            return strukturer.build_many(
                template,
                records,
                out=tmp / "letters",
                filename="brev-{name}",
                project=letters,
                engine=pool,
            )

        result = batch()
        count = result.succeeded
        warm_batch = timed(batch, repeat=2)
    cold_batch = timed(
        lambda: run(
            [
                *STRUKTURER,
                "build",
                str(LETTERS),
                "--no-check",
                "--format",
                "pdf",
                "--jobs",
                "2",
                "--out",
                str(tmp / "cold-letters"),
            ]
        )
    )
    sample = strukturer.build_many(
        template,
        records,
        out=tmp / "letter-docx",
        filename="brev-{name}",
        project=letters,
        formats=["docx"],
    )
    sample_files = sorted(sample.files)[:NAIVE_SAMPLE]
    naive_letter = timed(lambda: [naive([f], tmp / "n3", profile) for f in sample_files])
    naive_per_letter = naive_letter / len(sample_files)
    check = timed(lambda: run([*STRUKTURER, "check"]), repeat=3)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print("Default project (4 deliverables; strukturer also writes DOCX and redovisning.pdf)")
    print(f"  naive soffice per document      {per_doc:6.2f} s")
    print(f"  naive, one start for all four   {one_start:6.2f} s   = baseline")
    print(
        f"    the same with MALLOC_TOP_PAD_ {one_start_pad:6.2f} s   "
        f"(strukturer cold is {cold / one_start_pad:4.2f} x this)"
    )
    print(
        f"  strukturer build, cold          {cold:6.2f} s   {cold / one_start:4.2f} x baseline"
        f"   {per_doc / cold:4.1f}x faster than per document"
    )
    print(
        f"    without the check             {cold_no_check:6.2f} s   "
        f"{cold_no_check / one_start:4.2f} x baseline"
    )
    print(
        f"  strukturer build, warm engine   {warm:6.2f} s   {warm / one_start:4.2f} x baseline"
        f"   {per_doc / warm:4.1f}x faster than per document"
    )
    print(f"Batch of {count} letters, each its own tagged PDF/A-2b")
    print(
        f"  naive soffice per letter        {naive_per_letter * 1000:6.0f} ms  "
        f"{1 / naive_per_letter:6.1f} letters/s  (sample of {len(sample_files)})"
    )
    print(
        f"  strukturer, cold (2 engines)    {cold_batch:6.2f} s   {count / cold_batch:6.1f} "
        f"letters/s  {naive_per_letter * count / cold_batch:5.1f}x naive"
    )
    print(
        f"  strukturer, warm (2 engines)    {warm_batch:6.2f} s   {count / warm_batch:6.1f} "
        f"letters/s  {naive_per_letter * count / warm_batch:5.1f}x naive"
    )
    print("Check")
    print(f"  strukturer check, fresh process {check:6.2f} s   (target < 1 s)")
    print(f"Peak memory of this process: {peak_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
