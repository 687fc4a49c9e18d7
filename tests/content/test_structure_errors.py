"""Only the converter's own errors become content problems; anything else is a bug."""

from __future__ import annotations

import pytest
from cattrs.errors import ClassValidationError

from strukturer.content.converter import make_converter
from strukturer.content.structure_errors import walk
from strukturer.errors import ValidationError
from strukturer.model import Finding, Recommendation


def test_a_validation_error_is_a_located_message() -> None:
    assert list(walk(ValidationError("must not be empty", ("text",)), ("findings", 0))) == [
        (("findings", 0, "text"), "must not be empty")
    ]


@pytest.mark.parametrize("bug", [RuntimeError("bug"), KeyError("x"), TypeError("t")])
def test_anything_else_is_raised_again(bug: Exception) -> None:
    with pytest.raises(type(bug)):
        list(walk(bug))
    group = ClassValidationError("While structuring Finding", [bug], Finding)
    with pytest.raises(type(bug)):
        list(walk(group))


def test_missing_field_and_did_you_mean_from_the_converter() -> None:
    converter = make_converter()
    with pytest.raises(ClassValidationError) as caught:
        converter.structure({"id": "r1", "adressees": ["regeringen"]}, Recommendation)
    assert sorted(walk(caught.value)) == [
        (("adressees",), "unknown key; did you mean 'addressees'?"),
        (("text",), "missing required field"),
    ]
