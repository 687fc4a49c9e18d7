"""Findings and the recommendations that rest on them."""

from __future__ import annotations

import attrs

from strukturer.model._validators import matching, required_text

_identifier = matching(
    r"[A-Za-z][A-Za-z0-9_-]*", "is not an id: use letters, digits, '-' or '_', e.g. 'f1'"
)


@attrs.frozen(kw_only=True)
class Finding:
    """One finding of the evaluation."""

    id: str = attrs.field(validator=_identifier)
    text: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class Recommendation:
    """A recommendation to an addressee, resting on one or more findings."""

    id: str = attrs.field(validator=_identifier)
    addressee: str = attrs.field(validator=required_text)
    text: str = attrs.field(validator=required_text)
    based_on: tuple[str, ...] = ()
