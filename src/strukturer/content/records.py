"""Records for per-record deliverables (mail merge): CSV or YAML rows with their lines."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from strukturer.content.sources import ContentProblem, Positions, load_yaml, read_text
from strukturer.errors import ContentError, Problem


@attrs.frozen
class Record:
    """One record: its number (1-based), where it was written, and its fields."""

    number: int
    file: str
    line: int | None
    values: Mapping[str, str]
    #: Cells beyond the header row's names (a CSV row with too many values).
    extra_cells: int = 0

    @property
    def where(self) -> str:
        """``file:line`` (or ``record N`` for records made in code)."""
        return f"{self.file}:{self.line}" if self.line else f"{self.file}: record {self.number}"


def load_records(path: str | Path, shown: str | None = None) -> list[Record]:
    """Read records from a CSV (header row; ``,`` or ``;``) or YAML file (list of mappings)."""
    path = Path(path)
    shown = shown or str(path)
    try:
        if path.suffix.lower() == ".csv":
            return _csv_records(read_text(path, shown), shown)
        if path.suffix.lower() in (".yaml", ".yml"):
            return _yaml_records(path, shown)
    except ContentProblem as exc:
        raise ContentError([exc.problem]) from None
    raise ContentError([Problem(shown, None, "", "records must be a .csv, .yaml or .yml file")])


def records_from(rows: Sequence[Mapping[str, Any]], source: str = "<records>") -> list[Record]:
    """Records made in code, for :func:`strukturer.build_many`."""
    return [
        Record(number, source, None, {str(k): "" if v is None else str(v) for k, v in row.items()})
        for number, row in enumerate(rows, start=1)
    ]


def _csv_records(text: str, shown: str) -> list[Record]:
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ContentError(
            [Problem(shown, 1, "", "the file is empty; expected a header row")]
        ) from None
    header = [h.strip() for h in header]
    if len(set(header)) != len(header) or "" in header:
        raise ContentError([Problem(shown, 1, "", "the header row needs unique, non-empty names")])
    records: list[Record] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        extra = sum(1 for cell in row[len(header) :] if cell.strip())
        records.append(Record(len(records) + 1, shown, line, values, extra))
    return records


def _yaml_records(path: Path, shown: str) -> list[Record]:
    positions = Positions()
    data = load_yaml(path, shown, (), positions)
    if not isinstance(data, list):
        raise ContentError([Problem(shown, 1, "", "expected a list of records (mappings)")])
    records: list[Record] = []
    for index, row in enumerate(data):
        _, line = positions.locate((index,))
        if not isinstance(row, dict):
            raise ContentError([Problem(shown, line, f"[{index}]", "expected a mapping")])
        values = {str(k): "" if v is None else str(v) for k, v in row.items()}
        records.append(Record(index + 1, shown, line, values))
    return records
