"""Findings and the recommendations that rest on them."""

from __future__ import annotations

import attrs

from strukturer.model._validators import at_least_one, matching, required_text, text_items

_identifier = matching(
    r"[A-Za-z][A-Za-z0-9_-]*", "is not an id: use letters, digits, '-' or '_', e.g. 'f1'"
)


@attrs.frozen(kw_only=True)
class Finding:
    """One finding of the evaluation (an *iakttagelse*), printed in the report."""

    id: str = attrs.field(validator=_identifier)
    text: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class Recommendation:
    """A recommendation to one or more addressees, resting on one or more findings.

    ``addressees`` are written as they read in running text ("regeringen",
    "Socialstyrelsen"); the template joins them ("regeringen och Socialstyrelsen").
    """

    id: str = attrs.field(validator=_identifier)
    addressees: tuple[str, ...] = attrs.field(validator=[at_least_one, text_items])
    text: str = attrs.field(validator=required_text)
    based_on: tuple[str, ...] = ()

    @property
    def addressee(self) -> str:
        """The addressees joined by "och", for templates made before 2.0.0."""
        head, last = self.addressees[:-1], self.addressees[-1]
        return f"{', '.join(head)} och {last}" if head else last
