"""Progress without a terminal: plain lines with the time remaining."""

from __future__ import annotations

from strukturer.builder import Progress
from strukturer.cli._progress import PlainLines


def test_plain_lines_one_per_step_and_per_tenth_of_a_long_step() -> None:
    lines: list[str] = []
    now = [100.0]
    show = PlainLines(lines.append, lambda: now[0])
    for done, step in enumerate(["docx", "pdf"]):
        now[0] += 2.0
        show(Progress(step, "rapport", done, 2))
    for done in range(0, 100):
        now[0] += 0.5
        show(Progress("record", "kommunbrev", done, 100))
    show(Progress("done", "", 100, 100))
    assert lines[:2] == ["[0/2] docx rapport\n", "[1/2] pdf rapport (about 2 s left)\n"]
    records = lines[2:-1]
    assert len(records) == 10  # 0, 10, 20, … 90 of 100
    assert records[0] == "[0/100] record kommunbrev\n"
    assert records[1] == "[10/100] record kommunbrev (about 45 s left)\n"
    assert lines[-1] == "[100/100] done\n"
