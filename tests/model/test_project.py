from __future__ import annotations

import attrs
import pytest

from strukturer import load_project
from strukturer.model import Finding, Recommendation
from strukturer.model._validators import FieldValueError


def test_recommendation_must_rest_on_known_findings() -> None:
    evaluation = load_project().evaluation
    bad = Recommendation(id="r1", addressee="regeringen", text="Gör så.", based_on=("okänd",))
    with pytest.raises(FieldValueError, match="rests on unknown finding") as caught:
        attrs.evolve(evaluation, recommendations=(bad,))
    assert caught.value.path == ("recommendations", 0, "based_on")


def test_finding_ids_are_unique() -> None:
    evaluation = load_project().evaluation
    twice = (Finding(id="a", text="Ett."), Finding(id="a", text="Två."))
    with pytest.raises(FieldValueError, match="finding ids must be unique; repeated: a"):
        attrs.evolve(evaluation, findings=twice, recommendations=())


def test_findings_for_returns_the_findings_in_order() -> None:
    evaluation = load_project().evaluation
    rec = evaluation.recommendations[0]
    assert [f.id for f in evaluation.findings_for(rec)] == list(rec.based_on)
