from __future__ import annotations

import attrs
import pytest

from strukturer import load_project
from strukturer.errors import StrukturerError, ValidationError
from strukturer.model import Finding, Recommendation


def test_recommendation_must_rest_on_known_findings() -> None:
    evaluation = load_project().evaluation
    bad = Recommendation(id="r1", addressees=("regeringen",), text="Gör så.", based_on=("okänd",))
    with pytest.raises(ValidationError, match="rests on unknown finding") as caught:
        attrs.evolve(evaluation, recommendations=(bad,))
    assert caught.value.path == ("recommendations", 0, "based_on")


def test_finding_ids_are_unique() -> None:
    evaluation = load_project().evaluation
    twice = (Finding(id="a", text="Ett."), Finding(id="a", text="Två."))
    with pytest.raises(ValidationError, match="finding ids must be unique; repeated: a"):
        attrs.evolve(evaluation, findings=twice, recommendations=())


def test_findings_for_returns_the_findings_in_order() -> None:
    evaluation = load_project().evaluation
    rec = evaluation.recommendations[0]
    assert [f.id for f in evaluation.findings_for(rec)] == list(rec.based_on)


def test_validation_error_is_a_public_strukturer_error() -> None:
    evaluation = load_project().evaluation
    twice = (Finding(id="a", text="Ett."), Finding(id="a", text="Två."))
    with pytest.raises(StrukturerError) as caught:
        attrs.evolve(evaluation, findings=twice, recommendations=())
    assert isinstance(caught.value, ValidationError)
    assert caught.value.message == "finding ids must be unique; repeated: a"
    assert caught.value.path == ("findings",)


def test_one_or_several_addressees() -> None:
    one = Recommendation(id="r1", addressees=("regeringen",), text="Gör så.")
    two = Recommendation(id="r2", addressees=("regeringen", "Socialstyrelsen"), text="Gör så.")
    assert (one.addressee, two.addressee) == ("regeringen", "regeringen och Socialstyrelsen")
    with pytest.raises(ValidationError, match=r"^needs at least one entry$"):
        Recommendation(id="r3", addressees=(), text="Gör så.")


def test_finding_numbers_follow_the_printed_order() -> None:
    evaluation = load_project().evaluation
    assert [evaluation.finding_number(f.id) for f in evaluation.findings] == [1, 2, 3, 4]


def test_an_unknown_deliverable_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        load_project().deliverable("rapprot")
    assert str(caught.value) == (
        "no deliverable 'rapprot'; this project has: rapport, missiv, pressmeddelande, "
        "regeringsbeslut"
    )
