"""Charts declared in prose as a fenced ```chart block of YAML (docs/figures.md).

The block is read into a :class:`Chart`; :func:`draw_chart` draws it with matplotlib
in the template's font as SVG with a 300 dpi PNG fallback, with no timestamp or version
in either, so the same chart always gives the same bytes; :func:`chart_alt` describes it
in words for readers who cannot see it (WCAG 1.1.1).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

import attrs

from strukturer.content.sources import ContentProblem, parse_yaml
from strukturer.format import number, percent
from strukturer.format.swedish import NO_BREAK_SPACE

#: Chart kinds and how the alt text names them.
KINDS: Mapping[str, str] = {
    "bar": "Stapeldiagram",
    "grouped-bar": "Grupperat stapeldiagram",
    "stacked-bar": "Staplat stapeldiagram",
    "line": "Linjediagram",
}
KEYS = ("kind", "title", "label", "source", "unit", "x_label", "y_label", "alt", "table", "data")
#: Okabe & Ito's colour-blind-safe palette; bars also get hatches and lines markers and
#: dashes, so series stay apart in greyscale, and every mark has a dark outline (3:1).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
#: Line hatches only: LibreOffice draws each dot of a dotted hatch as four curves (a
#: three-bar series of "..." made a 2.7 MB page).
HATCHES = ("", "//", "\\\\", "xx", "--", "||")
LINES = (("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ("-", "v"), ("--", "P"))
OUTLINE = "#1A1A1A"
FONT = "Liberation Sans"
DPI = 300
#: Thin no-break space for digit groups in charts (N1 allows U+00A0 or U+202F).
THIN_NO_BREAK_SPACE = "\u202f"


class ChartProblem(Exception):
    """Raised when a chart block is malformed; ``line`` counts from the block's first line."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


@attrs.frozen
class Series:
    """One named row of values."""

    name: str
    values: tuple[float, ...]


@attrs.frozen(kw_only=True)
class Chart:
    """A chart as declared in content."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    label: str | None = None
    source: str | None = None
    unit: str | None = None
    x_label: str | None = None
    y_label: str | None = None
    alt: str | None = None
    table: bool = False


def parse_chart(text: str, project_dir: Path | None) -> Chart:
    """Read a chart block; ``data`` may name a CSV file relative to ``project_dir``."""
    try:
        raw = parse_yaml(text, "chart", aliases=False)
    except ContentProblem as exc:
        raise ChartProblem(exc.problem.message, (exc.problem.line or 1) - 1) from None
    if not isinstance(raw, dict):
        raise ChartProblem("expected keys such as 'kind', 'title' and 'data'")
    unknown = sorted(str(k) for k in raw if k not in KEYS)
    if unknown:
        raise ChartProblem(f"unknown key {unknown[0]!r}; expected one of {', '.join(KEYS)}")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise ChartProblem(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ChartProblem("'title' is required (it becomes the figure caption)")
    texts = {}
    for key in ("label", "source", "unit", "x_label", "y_label", "alt"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise ChartProblem(f"'{key}' must be text")
        texts[key] = value
    table = raw.get("table", False)
    if not isinstance(table, bool):
        raise ChartProblem("'table' must be true or false")
    categories, series = _data(raw.get("data"), project_dir)
    return Chart(
        kind=kind, title=title.strip(), categories=categories, series=series, table=table, **texts
    )


def _data(data: object, project_dir: Path | None) -> tuple[tuple[str, ...], tuple[Series, ...]]:
    if isinstance(data, str):
        return _csv_data(data, project_dir)
    if not isinstance(data, dict) or set(data) != {"categories", "series"}:
        raise ChartProblem(
            "'data' must be a CSV file name or have 'categories' (a list) and "
            "'series' (name: list of values)"
        )
    categories, series = data["categories"], data["series"]
    if not isinstance(categories, list) or not categories:
        raise ChartProblem("'data.categories' must be a non-empty list")
    if not isinstance(series, dict) or not series:
        raise ChartProblem("'data.series' must map each series name to its values")
    rows = {str(name): values for name, values in series.items()}
    for name, values in rows.items():
        if not isinstance(values, list):
            raise ChartProblem(f"series {name!r} must be a list of values")
    return _table([str(c) for c in categories], rows)


def _csv_data(name: str, project_dir: Path | None) -> tuple[tuple[str, ...], tuple[Series, ...]]:
    if project_dir is None:
        raise ChartProblem(f"data file {name!r} needs a project folder to be found in")
    path = project_dir / name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ChartProblem(f"cannot read data file {name!r}: {exc.strerror}") from None
    delimiter = ";" if text.count(";") > text.count(",") else ","
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
    if len(rows) < 2 or len(rows[0]) < 2:
        raise ChartProblem(f"data file {name!r} needs a header row and at least two columns")
    header, body = rows[0], rows[1:]
    series = {h: [row[i] if i < len(row) else "" for row in body] for i, h in enumerate(header)}
    return _table([row[0] for row in body], {h: series[h] for h in header[1:]})


def _table(
    categories: list[str], rows: Mapping[str, list[Any]]
) -> tuple[tuple[str, ...], tuple[Series, ...]]:
    out = []
    for name, values in rows.items():
        if len(values) != len(categories):
            raise ChartProblem(
                f"series {name!r} has {len(values)} values but there are "
                f"{len(categories)} categories"
            )
        out.append(Series(name, tuple(_value(name, v) for v in values)))
    return tuple(categories), tuple(out)


def _value(series: str, value: object) -> float:
    if isinstance(value, bool):
        raise ChartProblem(f"value {value!r} in series {series!r} is not a number")
    if isinstance(value, int | float):
        number_value = float(value)
    else:
        text = str(value).strip().replace(",", ".").replace(" ", "").replace(NO_BREAK_SPACE, "")
        try:
            number_value = float(Decimal(text.replace("\u2212", "-")))
        except InvalidOperation:
            raise ChartProblem(f"value {value!r} in series {series!r} is not a number") from None
    if not math.isfinite(number_value):
        raise ChartProblem(f"value {value!r} in series {series!r} is not a finite number")
    return number_value


def format_value(value: float, unit: str | None = None, decimals: int | None = None) -> str:
    """A value as a chart shows it: ``1 234,5`` with thin no-break spaces, ``25 %`` (N1, N3, N5).

    Floating-point noise is rounded away (at most six decimals unless ``decimals`` says).
    """
    amount = Decimal(repr(round(float(value), 6 if decimals is None else decimals)))
    if amount == amount.to_integral_value() and decimals is None:
        amount = amount.quantize(Decimal(1))
    elif decimals is None:
        amount = amount.normalize()
    text = (
        percent(amount, decimals, style="table")
        if unit in ("procent", "%")
        else number(amount, decimals)
    )
    return text.replace(NO_BREAK_SPACE, THIN_NO_BREAK_SPACE)


def data_decimals(chart: Chart) -> int:
    """The most decimals any value in the chart has (for labels and the data table)."""
    places = [_places(v) for s in chart.series for v in s.values]
    return min(max(places, default=0), 6)


def _places(value: float) -> int:
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def chart_alt(chart: Chart) -> str:
    """The chart in words: what it shows, the categories, and the largest and smallest values."""
    if chart.alt:
        return chart.alt
    decimals = data_decimals(chart)
    names = ", ".join(s.name for s in chart.series)
    span = chart.categories[0]
    if len(chart.categories) > 1:
        span += f"–{chart.categories[-1]}"
    points = [
        (v, s.name, c)
        for s in chart.series
        for v, c in zip(s.values, chart.categories, strict=True)
    ]
    high = max(points, key=lambda p: p[0])
    low = min(points, key=lambda p: p[0])

    def where(point: tuple[float, str, str]) -> str:
        return f"{point[1]}, {point[2]}" if len(chart.series) > 1 else point[2]

    return (
        f"{KINDS[chart.kind]}: {chart.title}. Visar {names} för {span}. "
        f"Högst {format_value(high[0], chart.unit, decimals)} ({where(high)}), "
        f"lägst {format_value(low[0], chart.unit, decimals)} ({where(low)})."
    )


def data_rows(chart: Chart) -> list[list[str]]:
    """The chart's data as table rows: a header row, then one row per category."""
    decimals = data_decimals(chart)
    header = [chart.x_label or "", *(s.name for s in chart.series)]
    rows = [
        [category, *(format_value(s.values[i], chart.unit, decimals) for s in chart.series)]
        for i, category in enumerate(chart.categories)
    ]
    return [header, *rows]


@attrs.frozen
class ChartImages:
    """A drawn chart: SVG (what Word and LibreOffice show) and a PNG fallback for old Word."""

    svg: bytes
    png: bytes


def draw_chart(chart: Chart, width_inches: float) -> ChartImages:
    """The chart ``width_inches`` wide as SVG and 300 dpi PNG; the same chart, the same bytes.

    Text in the SVG is drawn as paths, so it needs no font where it is shown; the alt
    text carries the content for readers who cannot see it.
    """
    # matplotlib only when a chart is drawn: it takes a while to import.
    import matplotlib  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

    decimals = data_decimals(chart)
    style: dict[str, Any] = {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT],
        "font.size": 9,
        "axes.edgecolor": OUTLINE,
        "axes.labelcolor": OUTLINE,
        "xtick.color": OUTLINE,
        "ytick.color": OUTLINE,
        "axes.unicode_minus": True,
        "svg.fonttype": "path",
        "svg.hashsalt": "strukturer",  # fixed ids in the SVG
    }
    with matplotlib.rc_context(cast(Any, style)):
        figure = Figure(figsize=(width_inches, width_inches * 0.55), dpi=DPI)
        axes = figure.subplots()
        _plot(axes, chart, decimals)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_value(v, chart.unit)))
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_axisbelow(True)
        axes.grid(axis="y", color="#BFBFBF", linewidth=0.5)
        if chart.x_label:
            axes.set_xlabel(chart.x_label)
        if chart.y_label:
            axes.set_ylabel(chart.y_label)
        if len(chart.series) > 1:
            axes.legend(
                frameon=False,
                loc="lower center",
                bbox_to_anchor=(0.5, 1.0),
                ncols=len(chart.series),
            )
        axes.margins(y=0.08)
        figure.tight_layout()
        png, svg = io.BytesIO(), io.BytesIO()
        figure.savefig(png, format="png", dpi=DPI, metadata={"Software": None})
        figure.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    return ChartImages(svg=svg.getvalue(), png=png.getvalue())


def _plot(axes: Any, chart: Chart, decimals: int) -> None:
    positions = list(range(len(chart.categories)))
    count = len(chart.series)
    bottoms = [0.0] * len(positions)
    for index, series in enumerate(chart.series):
        colour = PALETTE[index % len(PALETTE)]
        labels = [format_value(v, chart.unit, decimals) for v in series.values]
        if chart.kind == "line":
            dash, marker = LINES[index % len(LINES)]
            axes.plot(
                positions,
                series.values,
                linestyle=dash,
                marker=marker,
                color=colour,
                markeredgecolor=OUTLINE,
                label=series.name,
                linewidth=1.5,
            )
            continue
        style: dict[str, Any] = {
            "color": colour,
            "edgecolor": OUTLINE,
            "linewidth": 0.6,
            "hatch": HATCHES[index % len(HATCHES)],
            "label": series.name,
        }
        if chart.kind == "stacked-bar":
            bars = axes.bar(positions, series.values, 0.6, bottom=bottoms, **style)
            bottoms = [b + v for b, v in zip(bottoms, series.values, strict=True)]
        elif chart.kind == "grouped-bar" or count > 1:
            width = 0.8 / count
            shifted = [p - 0.4 + width * (index + 0.5) for p in positions]
            bars = axes.bar(shifted, series.values, width, **style)
            axes.bar_label(bars, labels=labels, fontsize=7, padding=2)
        else:
            bars = axes.bar(positions, series.values, 0.6, **style)
            axes.bar_label(bars, labels=labels, fontsize=7, padding=2)
    axes.set_xticks(positions, list(chart.categories))
