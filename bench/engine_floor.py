"""The floor of strukturer's PDF route: LibreOffice alone, the DOCX already rendered.

`build_bench.py` runs this in a fresh process, timed from outside as the naive route
is: it starts ``--jobs`` engines in parallel (as a build does), converts the DOCX files
given with a build's export options (tagged PDF/A-2b and PDF/UA-1, fields refreshed;
``--merge`` for the mail merge's, which also export the records' bookmarks), spread
over the engines, and stops them. No rendering, check or finishing: what a build
cannot go below on this machine with LibreOffice doing the exports. With ``--warm N``
it then converts the same files N times more on the running engines and prints the
median seconds of one round.

Run: python bench/engine_floor.py [--jobs 2] [--merge] [--warm 3] FILE.docx ...
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from strukturer.pdf import EnginePool, PdfOptions


def convert_all(pool: EnginePool, files: list[Path], out: Path, options: PdfOptions) -> None:
    """Convert ``files`` on ``pool``, ``pool.jobs`` at a time, in order."""
    with ThreadPoolExecutor(pool.jobs) as threads:
        done = [
            threads.submit(pool.convert, src, out / f"{src.stem}.pdf", title="x", options=options)
            for src in files
        ]
        for future in done:
            future.result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--merge", action="store_true", help="the mail merge's export options")
    parser.add_argument("--warm", type=int, default=0, metavar="N")
    args = parser.parse_args()
    options = PdfOptions(bookmark_destinations=args.merge)
    with tempfile.TemporaryDirectory() as tmp, EnginePool(jobs=args.jobs) as pool:
        out = Path(tmp)
        convert_all(pool, args.files, out, options)
        rounds = []
        for _ in range(args.warm):
            start = time.perf_counter()
            convert_all(pool, args.files, out, options)
            rounds.append(time.perf_counter() - start)
        if rounds:
            print(f"{statistics.median(rounds):.4f}")


if __name__ == "__main__":
    main()
