"""Measuring helpers for the benchmarks: timing, the naive route, process-tree memory, inputs."""

from __future__ import annotations

import csv
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from strukturer.pdf import find_office

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content" / "strukturer-for-stod"
STRUKTURER = [sys.executable, "-m", "strukturer.cli"]


def compile_package() -> None:
    """Compile strukturer's modules to bytecode, as installing a wheel does.

    An editable install (``./dev setup``) has none, and with ``PYTHONDONTWRITEBYTECODE``
    set every fresh process compiles each module it imports again (0.1–0.3 s of a cold
    build on the shared machine). Timing that would time the developer's setup, not
    strukturer as a user runs it.
    """
    import compileall  # noqa: PLC0415

    import strukturer  # noqa: PLC0415

    compileall.compile_dir(Path(strukturer.__file__).parent, quiet=1)


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    """Median wall time of ``action`` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(actions: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Wall seconds of each action, ``rounds`` times, the actions taking turns (A B C A B
    C …): a ratio taken round by round holds while the machine's speed drifts, as it does
    on a shared machine from one minute to the next."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            times[name].append(timed(action))
    return times


def ratio(numerators: list[float], denominators: list[float]) -> float:
    """The median of the ratios round by round (see :func:`interleaved`)."""
    return statistics.median(a / b for a, b in zip(numerators, denominators, strict=True))


def run(args: list[str], *, timeout: float | None = None) -> None:
    """Run a command from the repository root; raise if it fails."""
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT, timeout=timeout)


def naive(sources: list[Path], out: Path, profile: Path) -> None:
    """`soffice --headless --convert-to pdf` with its own (warm) profile: plain PDF only."""
    soffice = str(find_office().parent / "soffice")
    profile_arg = f"-env:UserInstallation={profile.as_uri()}"
    args = [soffice, "--headless", "--norestore", profile_arg, "--convert-to", "pdf"]
    run([*args, "--outdir", str(out), *map(str, sources)])


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def tree_memory(pid: int) -> int:
    """Memory in bytes of ``pid`` and all its descendants: the sum of their proportional
    set sizes (PSS), so pages that forked processes share are counted once."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        todo += tree.get(current, [])
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
                break
    return total


class Sampled(NamedTuple):
    """What :func:`run_sampled` measured."""

    seconds: float  # wall time
    peak: int  # peak memory of the process tree (PSS), bytes
    cpu: float  # CPU seconds (user + system) of the process tree


def _tree_ticks(pid: int, seen: dict[int, int]) -> None:
    """Record in ``seen`` the CPU ticks so far of ``pid`` and each of its descendants."""
    tree, todo = _children(), [pid]
    while todo:
        current = todo.pop()
        todo += tree.get(current, [])
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seen[current] = max(seen.get(current, 0), int(fields[11]) + int(fields[12]))


def run_sampled(args: list[str], *, timeout: float, interval: float = 0.2) -> Sampled:
    """Run ``args``; return its wall time, and the peak memory and the CPU time of it and
    its descendants, sampled every ``interval`` seconds (a process's last moments before
    it exits are not counted)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    ticks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(interval):
            peak = max(peak, tree_memory(process.pid))
            _tree_ticks(process.pid, ticks)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, errors = process.communicate(timeout=timeout)
    finally:
        done.set()
        sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{errors[-2000:]}")
    cpu = sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    return Sampled(time.perf_counter() - start, peak, cpu)


def letters_project(folder: Path, count: int) -> Path:
    """A copy of the example content whose records are ``count`` municipalities: the 290
    real ones, repeated with a number after the name from the second round on."""
    shutil.copytree(CONTENT, folder)
    with (CONTENT / "kommuner.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with (folder / "kommuner.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["code", "name", "official_name"])
        writer.writeheader()
        for number in range(count):
            row, round_ = rows[number % len(rows)], number // len(rows)
            suffix = f" {round_ + 1}" if round_ else ""
            writer.writerow(
                {
                    "code": row["code"],
                    "name": row["name"] + suffix,
                    "official_name": row["official_name"] + suffix,
                }
            )
    return folder / "kommunbrev.toml"


def long_paragraph(path: Path, size: int) -> Path:
    """A text file holding one paragraph of about ``size`` bytes of ordinary Swedish."""
    sentence = (
        "Länsstyrelsen samordnar stödet till kommunerna och följer upp hur arbetet "
        "med barn och unga utvecklas i regionen. "
    )
    path.write_text((sentence * (size // len(sentence.encode()) + 1)).strip() + "\n", "utf-8")
    return path


def merged_letters(folder: Path, engines: int) -> list[Path]:
    """The documents a build of the 290 letters hands LibreOffice on ``engines`` engines
    (the records in documents of near-equal size), rendered into ``folder``."""
    import strukturer  # noqa: PLC0415
    from strukturer.content.records import load_records  # noqa: PLC0415
    from strukturer.merge_pdfs import document_ranges  # noqa: PLC0415
    from strukturer.render.fast_docx import MergedDocx  # noqa: PLC0415
    from strukturer.render.template_library import library_for  # noqa: PLC0415
    from strukturer.render.writer import Job  # noqa: PLC0415

    project = strukturer.load_project(CONTENT / "kommunbrev.toml")
    deliverable = next(d for d in project.deliverables if d.per_record)
    template = library_for(project.template_dirs).get(deliverable.template, deliverable.version)
    job = Job.create(project, deliverable, template, {})
    records = load_records(CONTENT / "kommuner.csv")
    documents = MergedDocx(job.template, job.context, job.info, project=project)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number, chunk in enumerate(document_ranges(len(records), engines)):
        path = folder / f"records-{number:04d}.docx"
        path.write_bytes(documents.render_records([records[i] for i in chunk]))
        files.append(path)
    return files
