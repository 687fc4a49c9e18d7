from __future__ import annotations

import warnings

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from strukturer.errors import ValidationError
from strukturer.model import (
    Diarienummer,
    Isbn,
    NormalisedValueWarning,
    Person,
    Placeholder,
    PostalAddress,
    ReportSeries,
)
from strukturer.model._validators import first_invalid_xml_char


@pytest.mark.parametrize(
    ("text", "department", "year", "serial", "unit"),
    [
        ("U2011/4322/JÄM", "U", 2011, "4322", "JÄM"),
        ("A2019/01234/JÄM", "A", 2019, "01234", "JÄM"),
        ("Fi2019/00992/E2", "Fi", 2019, "00992", "E2"),
        ("Fi2025/02181", "Fi", 2025, "02181", None),
        ("UD2020/123", "UD", 2020, "123", None),
    ],
)
def test_diarienummer_parses(
    text: str, department: str, year: int, serial: str, unit: str | None
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        number = Diarienummer.parse(text)
    assert (number.department, number.year, number.serial, number.unit) == (
        department,
        year,
        serial,
        unit,
    )
    assert str(number) == text


def test_diarienummer_with_stray_space_is_normalised_with_a_warning() -> None:
    with pytest.warns(NormalisedValueWarning) as caught:
        number = Diarienummer.parse("U2011/ 4322/JÄM")
    assert str(number) == "U2011/4322/JÄM"
    assert str(caught[0].message) == (
        "'U2011/ 4322/JÄM' normalised to 'U2011/4322/JÄM': a diarienummer has no spaces (RK I1)"
    )


@pytest.mark.parametrize(
    "garbage", ["", "hej", "2011/4322/JÄM", "U11/4322", "U2011-4322", "U2011/"]
)
def test_diarienummer_garbage_is_a_clear_error(garbage: str) -> None:
    with pytest.raises(ValidationError, match=r"is not a diarienummer; expected department code"):
        Diarienummer.parse(garbage)


@given(
    st.sampled_from(["U", "A", "Fi", "Ju", "UD", "Ku", "S"]),
    st.integers(1900, 2099),
    st.integers(1, 9_999_999),
    st.one_of(st.none(), st.sampled_from(["JÄM", "E2", "SF"])),
)
def test_diarienummer_round_trips(dep: str, year: int, serial: int, unit: str | None) -> None:
    text = f"{dep}{year}/{serial}" + (f"/{unit}" if unit else "")
    assert str(Diarienummer.parse(text)) == text


def test_isbn_accepts_valid_and_rejects_bad_check_digit() -> None:
    assert Isbn("978-91-87213-63-2").digits == "9789187213632"
    with pytest.raises(ValueError, match="has a wrong check digit: expected 2, got 8"):
        Isbn("978-91-87213-63-8")
    with pytest.raises(ValueError, match="is not an ISBN-13"):
        Isbn("91-87213-63-7")


#: ISBN-13s as printed on published books: the check digits come from the books, not from
#: a formula in this test.
PUBLISHED_ISBNS = ("978-91-87213-63-2", "978-0-306-40615-7", "978-3-16-148410-0")


@pytest.mark.parametrize("isbn", PUBLISHED_ISBNS)
def test_published_isbns_are_accepted(isbn: str) -> None:
    assert Isbn(isbn).digits == isbn.replace("-", "")


@given(st.sampled_from(PUBLISHED_ISBNS), st.integers(3, 12), st.integers(1, 9))
def test_any_one_wrong_digit_is_refused(isbn: str, position: int, shift: int) -> None:
    """ISBN-13's weights (1 and 3) are prime to 10: every single wrong digit is caught."""
    digits = isbn.replace("-", "")
    wrong = digits[:position] + str((int(digits[position]) + shift) % 10) + digits[position + 1 :]
    with pytest.raises(ValueError, match=rf"^'{wrong}' has a wrong check digit: expected \d, "):
        Isbn(wrong)


def test_a_wrong_check_digit_names_the_right_one() -> None:
    with pytest.raises(ValueError, match=r"^'9780306406150' .* expected 7, got 0$"):
        Isbn("9780306406150")


def test_report_series() -> None:
    series = ReportSeries.parse("Rapport 2020:5")
    assert (series.name, series.year, series.number, str(series)) == (
        "Rapport",
        2020,
        5,
        "Rapport 2020:5",
    )
    with pytest.raises(ValueError, match="is not a report series number"):
        ReportSeries.parse("Rapport 5")


def test_placeholder_is_visible() -> None:
    found = Placeholder.parse("[[beslutsdatum]]")
    assert found == Placeholder("beslutsdatum")
    assert str(found) == "[beslutsdatum]"
    assert Placeholder.parse("beslutsdatum") is None


def test_text_with_vertical_tab_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"U\+000B \(vertical tab\)"):
        Person(name="Daniel\x0bZetterberg", title="utredare")


def test_diarienummer_validates_on_construction() -> None:
    assert str(Diarienummer(department="Fi", year=2025, serial="02181")) == "Fi2025/02181"
    with pytest.raises(ValidationError) as caught:
        Diarienummer(department="finans", year=2025, serial="1")
    assert caught.value.message == (
        "'finans' is not a diarienummer department code, e.g. 'U2011/4322/JÄM' or "
        "'Fi2025/02181' (RK I1)"
    )
    assert caught.value.path == ("department",)
    with pytest.raises(ValidationError, match=r"^a number \(12\) is not a diarienummer serial"):
        Diarienummer(department="U", year=2011, serial=12)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^a number \(11\) is not a diarienummer year"):
        Diarienummer(department="U", year=11, serial="12")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Diarienummer.parse(2011), "expected a diarienummer as text, got a number (2011)"),
        (lambda: Isbn.parse(None), "expected an ISBN as text, got nothing"),
        (lambda: Isbn(9789187213632), "expected an ISBN as text, got a number (9789187213632)"),
        (lambda: ReportSeries.parse(["Rapport"]), "expected a report series as text, got a list"),
    ],
)
def test_wrong_types_are_validation_errors(call: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        call()  # type: ignore[operator]
    assert str(caught.value) == message


def test_isbn_errors_are_validation_errors() -> None:
    with pytest.raises(ValidationError, match=r"^'91-87213-63-7' is not an ISBN-13"):
        Isbn.parse(" 91-87213-63-7 ")


@pytest.mark.parametrize("label", ["", " x", "a]b", "två\nrader", "a\x0bb", 5])
def test_placeholder_validates_on_construction(label: object) -> None:
    with pytest.raises(ValidationError, match="is not a placeholder label: one line of text"):
        Placeholder(label)  # type: ignore[arg-type]


def test_person_may_be_a_name_only_and_take_placeholders() -> None:
    assert str(Person(name="Anna Berg")) == "Anna Berg"
    assert str(Person(name="Anna Berg", title="utredare")) == "utredare Anna Berg"
    assert str(Person(name=Placeholder("namn"), title=Placeholder("titel"))) == "[titel] [namn]"


def test_postcode_keeps_a_no_break_space() -> None:
    address = PostalAddress(postcode="10333", town="Stockholm")
    assert address.postcode == "103\u00a033"
    assert address.postal_line == "103\u00a033\u00a0Stockholm"
    assert str(PostalAddress(street="Box 14", postcode="851 02", town="Sundsvall")) == (
        "Box 14, 851\u00a002\u00a0Sundsvall"
    )
    with pytest.raises(ValidationError) as caught:
        PostalAddress(postcode="1033", town="Stockholm")
    assert caught.value.message == (
        "'1033' is not a Swedish postcode; write five digits, e.g. '103 33'"
    )


@given(st.text(alphabet=st.characters(exclude_characters="[]\n\r"), min_size=1, max_size=40))
def test_placeholder_parse_round_trips(label: str) -> None:
    assume(label.strip() and first_invalid_xml_char(label) is None)
    found = Placeholder.parse(f"[[{label}]]")
    assert found == Placeholder(label.strip())
    assert Placeholder.parse(str(found)) is None  # the printed form is not content syntax


@given(st.integers(10000, 99999), st.sampled_from(["", " ", "\u00a0"]))
def test_postcode_is_always_printed_the_same_way(code: int, space: str) -> None:
    digits = str(code)
    address = PostalAddress(postcode=f"{digits[:3]}{space}{digits[3:]}", town="Ort")
    assert address.postcode == f"{digits[:3]}\u00a0{digits[3:]}"
