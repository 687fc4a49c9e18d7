"""Human and JSON formats, the report, entry points and positions in YAML-like hosts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strukturer.check import (
    CheckConfig,
    Checker,
    CheckReport,
    Diagnostic,
    Severity,
    check_files,
    check_text,
    format_human,
    format_json,
    format_readability,
)
from strukturer.check.hunspell import Hunspell
from strukturer.errors import CheckError

pytestmark = pytest.mark.hunspell


D1 = Diagnostic("a.txt", 12, 518, Severity.ERROR, "diarienummer-space", "space", "U2011/4322/JÄM")
D2 = Diagnostic("a.txt", 3, 4, Severity.WARNING, "trailing-space", "space at the end", None)


def test_human_format() -> None:
    report = CheckReport(diagnostics=(D1, D2), files=("a.txt",))
    assert format_human(report) == (
        "a.txt:3:4: warning trailing-space: space at the end\n"
        "a.txt:12:518: error diarienummer-space: space (suggestion: U2011/4322/JÄM)\n"
        "1 error, 1 warning, 0 info in 1 file\n"
    )


def test_json_format_has_stable_keys() -> None:
    report = CheckReport(diagnostics=(D1, D2), files=("a.txt",))
    data = json.loads(format_json(report))
    assert [list(d) for d in data] == [
        ["file", "line", "column", "severity", "rule_id", "message", "suggestion", "text"]
    ] * 2
    assert data[1]["suggestion"] == "U2011/4322/JÄM"
    assert data[0]["severity"] == "warning"
    assert "U2011/4322/JÄM" in format_json(report)  # not \u-escaped


def test_report_counts_and_exit_code() -> None:
    assert CheckReport(diagnostics=(D2,)).exit_code == 0
    report = CheckReport(diagnostics=(D1, D2, D2))
    assert (report.errors, report.warnings, report.infos, report.exit_code) == (1, 2, 0, 1)
    assert report.to_dict()["exit_code"] == 1


def test_check_text_entry_point() -> None:
    found = check_text("Det skall göras.", file="x.md", config=CheckConfig(), markdown=True)
    assert [(d.file, d.line, d.column, d.rule_id, d.suggestion) for d in found] == [
        ("x.md", 1, 5, "skall", "ska")
    ]


def test_check_files_kinds(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text("# Rubrik\n\nDet **skall** göras 2011\\-2013.\n", encoding="utf-8")
    txt = tmp_path / "b.txt"
    txt.write_text("Det skall göras 2011\\-2013.\n", encoding="utf-8")
    report = check_files([md, txt], CheckConfig())
    rules = {(Path(d.file).name, d.rule_id, d.line, d.column) for d in report.diagnostics}
    assert rules == {
        ("a.md", "skall", 3, 7),
        ("a.md", "range-dash", 3, 21),
        ("b.txt", "skall", 1, 5),
        ("b.txt", "range-dash", 1, 17),
        ("b.txt", "markdown-escape", 1, 21),  # only in plain text
    }
    bad = tmp_path / "c.docx"
    bad.write_bytes(b"x")
    with pytest.raises(CheckError, match=r"use \.txt, \.md or \.markdown"):
        check_files([bad], CheckConfig())
    with pytest.raises(CheckError, match="cannot read"):
        check_files([tmp_path / "missing.md"], CheckConfig())


def test_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_bytes("\ufeffFörsta raden.\r\nDet skall göras.\r\n".encode())
    report = check_files([path], CheckConfig())
    assert [(d.line, d.column, d.rule_id) for d in report.diagnostics] == [(2, 5, "skall")]


def test_offsets_map_to_the_host_file() -> None:
    """A YAML value: key line 7, block scalar indented by 2, or a value after 'title: '."""
    with Checker(CheckConfig()) as checker:
        block = checker.check_text(
            "Första raden.\nDet skall göras.\n", file="p.yaml", line_offset=7, column_offset=2
        )
        assert [(d.file, d.line, d.column) for d in block] == [("p.yaml", 9, 7)]
        inline = checker.check_text(
            "Det skall göras.", file="p.yaml", line_offset=2, first_column_offset=7
        )
        assert [(d.line, d.column) for d in inline] == [(3, 12)]


def test_one_spelling_batch_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    original = Hunspell.check

    def counting(self: Hunspell, words: list[str]) -> object:
        words = list(words)
        calls.append(words)
        return original(self, words)

    monkeypatch.setattr(Hunspell, "check", counting)
    seeds = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
    check_files([seeds / "regeringsuppdrag.txt", seeds / "pressmeddelande.txt"], CheckConfig())
    assert len(calls) == 1
    assert "förttyck" in calls[0]


def test_readability_in_report() -> None:
    seeds = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
    report = check_files([seeds / "regeringsuppdrag.txt"], CheckConfig())
    titles = [r.title for r in report.readability]
    assert titles == [
        "",
        "Utvärdering av det nationella uppdraget att motverka hedersrelaterat våld och förtryck",
        "Bakgrund",
        "Närmare om uppdraget",
    ]
    document = report.readability[0]
    assert document.words == sum(r.words for r in report.readability[1:])
    assert document.band == "very hard"
    assert "LIX" in format_readability(report.readability)
