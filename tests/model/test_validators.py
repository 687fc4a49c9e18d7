"""The shared validators: the XML 1.0 character rule against its definition."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from strukturer.model._validators import first_invalid_xml_char


def _allowed(char: str) -> bool:
    """XML 1.0's Char production (https://www.w3.org/TR/xml/#charsets), as written there."""
    code = ord(char)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_the_first_invalid_xml_char_is_the_first_outside_xml_char(text: str) -> None:
    expected = next((char for char in text if not _allowed(char)), None)
    assert first_invalid_xml_char(text) == expected


def test_controls_surrogates_and_noncharacters_are_found_where_they_stand() -> None:
    assert first_invalid_xml_char("Ale kommun") is None
    assert first_invalid_xml_char("tab\tand\r\nnew line") is None
    for bad in ("\x00", "\x0b", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"):
        assert first_invalid_xml_char(f"a{bad}b{bad}") == bad
