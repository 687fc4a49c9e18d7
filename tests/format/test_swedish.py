"""Tests of the Swedish formatting filters (conventions D1, D2, N1–N6, P1, L4)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strukturer.format import (
    FILTERS,
    iso_date,
    join_list,
    kronor,
    long_date,
    number,
    percent,
    span,
    spelled_number,
)
from strukturer.model.placeholder import Placeholder

NBSP = "\u00a0"
MINUS = "\u2212"
EN_DASH = "\u2013"

# An oracle independent of babel: the months as MS/SS write them (D1, D3).
SWEDISH_MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}

GROUPED_RE = re.compile(r"^−?(0|[1-9]\d{0,2}(\u00a0\d{3})*)(,\d+)?$")


def parse_swedish(text: str) -> Decimal:
    """Read back a number written the Swedish way, strictly."""
    assert GROUPED_RE.match(text), text
    return Decimal(text.replace(NBSP, "").replace(",", ".").replace(MINUS, "-"))


# --- long_date, iso_date (D1, D2) -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2020, 6, 15), "15\u00a0juni\u00a02020"),
        (date(2011, 1, 1), "1\u00a0januari\u00a02011"),
        (date(2019, 12, 31), "31\u00a0december\u00a02019"),
        (date(2025, 5, 9), "9\u00a0maj\u00a02025"),
    ],
)
def test_long_date_examples(value: date, expected: str) -> None:
    assert long_date(value) == expected


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_long_date_parses_back(value: date) -> None:
    day, month, year = long_date(value).split(NBSP)
    assert not day.startswith("0")
    assert date(int(year), SWEDISH_MONTHS[month], int(day)) == value


def test_iso_date_example() -> None:
    assert iso_date(date(2020, 6, 15)) == "2020-06-15"


@given(st.dates())
def test_iso_date_is_isoformat(value: date) -> None:
    assert iso_date(value) == value.isoformat()


@pytest.mark.parametrize("date_filter", [long_date, iso_date])
def test_date_filters_refuse_datetime(date_filter: Callable[[date], str]) -> None:
    with pytest.raises(TypeError, match=r"expects a date, got datetime"):
        date_filter(datetime(2020, 6, 15, 10, 0))


# --- number (N1, N3, SS minus sign) ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, None, "1\u00a0234,5"),
        (1406807, None, "1\u00a0406\u00a0807"),
        (2500, None, "2\u00a0500"),  # four digits are grouped too (N1, consistently)
        (999, None, "999"),
        (0, None, "0"),
        (1000000, None, "1\u00a0000\u00a0000"),
        (2.4, None, "2,4"),
        (0.1, None, "0,1"),
        (2500.0, None, "2\u00a0500"),  # an integral float drops its ".0"
        (Decimal("2.50"), None, "2,50"),  # a Decimal keeps its precision
        (-1234.5, None, "\u22121\u00a0234,5"),
        (-0.0, None, "0"),
        (1234.5, 2, "1\u00a0234,50"),
        (1234.56, 0, "1\u00a0235"),
        (0.12345, 3, "0,123"),
        (12, 2, "12,00"),
    ],
)
def test_number_examples(value: int | float | Decimal, decimals: int | None, expected: str) -> None:
    assert number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("0.5"), 0, "1"),
        (Decimal("2.5"), 0, "3"),  # half-even would give 2
        (Decimal("0.125"), 2, "0,13"),  # half-even would give 0,12
        (2.675, 2, "2,68"),  # round(2.675, 2) == 2.67 on binary floats
        (Decimal("-2.5"), 0, "\u22123"),
        (-0.004, 2, "0,00"),  # never "−0,00"
    ],
)
def test_number_rounds_half_up(value: float | Decimal, decimals: int, expected: str) -> None:
    assert number(value, decimals) == expected


def test_number_large_decimal_is_not_rounded_by_context() -> None:
    digits = "1234567890" * 4
    assert number(Decimal(digits), 2).replace(NBSP, "") == digits + ",00"


@given(st.integers())
def test_number_int_round_trips(value: int) -> None:
    assert parse_swedish(number(value)) == value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_float_round_trips(value: float) -> None:
    assert float(parse_swedish(number(value))) == value


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9
    ),
    st.integers(min_value=0, max_value=6),
)
def test_number_with_decimals_is_half_up_and_padded(value: Decimal, decimals: int) -> None:
    text = number(value, decimals)
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert parse_swedish(text) == expected
    fraction = text.partition(",")[2]
    assert len(fraction) == decimals


@given(st.integers(min_value=0))
def test_number_groups_are_three_digits(value: int) -> None:
    groups = number(value).split(NBSP)
    assert 1 <= len(groups[0]) <= 3
    assert all(len(group) == 3 for group in groups[1:])
    assert " " not in number(value)  # never an ordinary, breakable space


@pytest.mark.parametrize("bad", ["1234", True, None, [1], date(2020, 1, 1)])
def test_number_refuses_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError, match=rf"^number\(\) expects .*got {type(bad).__name__}"):
        number(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN")])
def test_number_refuses_non_finite(bad: float | Decimal) -> None:
    with pytest.raises(ValueError, match=r"^number\(\) cannot format"):
        number(bad)


def test_number_refuses_bad_decimals() -> None:
    with pytest.raises(ValueError, match=r"decimals >= 0"):
        number(1, -1)
    with pytest.raises(TypeError, match=r"got bool"):
        number(1, True)


# --- percent, kronor (N5, N6) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((25,), "25\u00a0procent"),
        ((25, None, "table"), "25\u00a0%"),
        ((12.5,), "12,5\u00a0procent"),
        ((33.333, 1, "table"), "33,3\u00a0%"),
        ((-4,), "\u22124\u00a0procent"),
    ],
)
def test_percent_examples(args: tuple[object, ...], expected: str) -> None:
    assert percent(*args) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2500,), "2\u00a0500\u00a0kronor"),
        ((2500, None, "table"), "2\u00a0500\u00a0kr"),
        ((1406807.5, 2), "1\u00a0406\u00a0807,50\u00a0kronor"),
        ((Decimal("99.995"), 2, "table"), "100,00\u00a0kr"),
    ],
)
def test_kronor_examples(args: tuple[object, ...], expected: str) -> None:
    assert kronor(*args) == expected  # type: ignore[arg-type]


@given(st.integers(), st.sampled_from(["text", "table"]))
def test_units_follow_number_after_no_break_space(value: int, style: str) -> None:
    assert percent(value, style=style) == number(value) + NBSP + (  # type: ignore[arg-type]
        "procent" if style == "text" else "%"
    )
    assert kronor(value, style=style) == number(value) + NBSP + (  # type: ignore[arg-type]
        "kronor" if style == "text" else "kr"
    )


def test_units_refuse_unknown_style() -> None:
    with pytest.raises(ValueError, match=r'^percent\(\) expects style "text" or "table"'):
        percent(25, style="tabell")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^kronor\(\) expects .*got str"):
        kronor("2500")  # type: ignore[arg-type]


# --- join_list (L4) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (
            ["Borlänge", "Karlstad", "Norrköping", "Söderhamn", "Umeå", "Västerås"],
            "Borlänge, Karlstad, Norrköping, Söderhamn, Umeå och Västerås",
        ),
        (["A", "B", "C"], "A, B och C"),
        (["A", "B"], "A och B"),
        (["A"], "A"),
        ([], ""),
        ((n for n in (1, 2, 3)), "1, 2 och 3"),
        (["A", Placeholder("kommun")], "A och [kommun]"),
    ],
)
def test_join_list_examples(items: list[object], expected: str) -> None:
    assert join_list(items) == expected


def test_join_list_with_eller() -> None:
    assert join_list(["A", "B", "C"], "eller") == "A, B eller C"


ITEM = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12)


@given(st.lists(ITEM, min_size=2, max_size=20))
def test_join_list_commas_and_one_och(items: list[str]) -> None:
    text = join_list(items)
    assert text.count(",") == len(items) - 2
    assert text.count(" och ") == 1
    assert ", och" not in text
    head, _, last = text.rpartition(" och ")
    assert last == items[-1]
    assert head.split(", ") == items[:-1]


@pytest.mark.parametrize("bad", ["ABC", 3, None])
def test_join_list_refuses_non_lists(bad: object) -> None:
    with pytest.raises(TypeError, match=rf"^join_list\(\) expects .*got {type(bad).__name__}"):
        join_list(bad)  # type: ignore[arg-type]


# --- span (P1, N2) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2011, 2013, "2011–2013"),
        (11, 29, "11–29"),
        (10000, 12000, "10000–12000"),  # never grouped (N2)
        ("2011", "2013", "2011–2013"),
        (date(2020, 6, 15), date(2020, 6, 30), "2020-06-15–2020-06-30"),
        (2011, Placeholder("slutår"), "2011–[slutår]"),
        (date(2020, 6, 15), Placeholder("slutdatum"), "2020-06-15–[slutdatum]"),
    ],
)
def test_span_examples(start: object, end: object, expected: str) -> None:
    assert span(start, end) == expected  # type: ignore[arg-type]


@given(st.integers(min_value=0), st.integers(min_value=0))
def test_span_is_unspaced_en_dash_and_ungrouped(start: int, end: int) -> None:
    text = span(start, end)
    assert text == f"{start}{EN_DASH}{end}"
    assert NBSP not in text
    assert " " not in text
    assert "-" not in text


@pytest.mark.parametrize(
    ("start", "end"), [(2011.0, 2013), (True, 2013), (date(2020, 1, 1), 2021), (None, 1)]
)
def test_span_refuses_bad_ends(start: object, end: object) -> None:
    with pytest.raises(TypeError, match=r"^span\(\) expects"):
        span(start, end)  # type: ignore[arg-type]


# --- spelled_number (N4) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, "ett"),
        (2, "två"),
        (6, "sex"),
        (8, "åtta"),
        (11, "elva"),
        (12, "tolv"),
        (13, "13"),
        (290, "290"),
        (1406807, "1\u00a0406\u00a0807"),
        (0, "0"),
        (-3, "\u22123"),
    ],
)
def test_spelled_number_examples(value: int, expected: str) -> None:
    assert spelled_number(value) == expected


@given(st.integers(min_value=1, max_value=12))
def test_spelled_number_words_up_to_twelve(value: int) -> None:
    assert spelled_number(value).isalpha()


@given(st.integers(min_value=13))
def test_spelled_number_digits_from_thirteen(value: int) -> None:
    assert spelled_number(value) == number(value)


@pytest.mark.parametrize("bad", [6.0, "6", True])
def test_spelled_number_refuses_non_ints(bad: object) -> None:
    pattern = rf"^spelled_number\(\) expects an int, got {type(bad).__name__}"
    with pytest.raises(TypeError, match=pattern):
        spelled_number(bad)  # type: ignore[arg-type]


# --- placeholders and the filter table --------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(FILTERS) - {"reporting_clause"}))
def test_every_filter_shows_a_placeholder(name: str) -> None:
    placeholder = Placeholder("beslutsdatum")
    args = (placeholder, placeholder) if name == "span" else (placeholder,)
    expected = "[beslutsdatum]–[beslutsdatum]" if name == "span" else "[beslutsdatum]"
    assert FILTERS[name](*args) == expected


def test_filters_names() -> None:
    assert set(FILTERS) == {
        "long_date",
        "iso_date",
        "number",
        "percent",
        "kronor",
        "join_list",
        "span",
        "spelled_number",
        "reporting_clause",
    }


def test_filters_in_a_jinja_template() -> None:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    template = env.from_string(
        "senast den {{ deadline | long_date }} ({{ deadline | iso_date }}); "
        "{{ amount | kronor(style='table') }}; {{ share | percent }}; "
        "{{ towns | join_list('eller') }}; {{ start | span(end) }}; "
        "{{ count | spelled_number }} kommuner"
    )
    text = template.render(
        deadline=date(2020, 6, 15),
        amount=2500,
        share=Placeholder("andel"),
        towns=["Umeå", "Västerås"],
        start=2011,
        end=2013,
        count=6,
    )
    assert text == (
        "senast den 15\u00a0juni\u00a02020 (2020-06-15); 2\u00a0500\u00a0kr; [andel]; "
        "Umeå eller Västerås; 2011–2013; sex kommuner"
    )
