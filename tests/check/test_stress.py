"""Every rule is linear in text length: a 1 MB paragraph is checked in bounded time.

The one time bound of the suite (issue 13): it guards against quadratic blow-up (LIX took
60 s for 200,000 characters), not a speed target, so it counts this process's CPU time
(not the wall clock of a shared machine) and is generous.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from strukturer.check.stress import SENTENCES, check_long_paragraph, long_paragraph

pytestmark = pytest.mark.hunspell

MEGABYTE = 1_000_000


def test_long_paragraph_is_one_paragraph() -> None:
    text = long_paragraph(MEGABYTE)
    assert len(text) >= MEGABYTE
    assert "\n" not in text
    assert text.startswith(SENTENCES[0])


def test_a_megabyte_paragraph_is_checked_in_bounded_time() -> None:
    started = time.process_time()
    report = check_long_paragraph(MEGABYTE)
    spent = time.process_time() - started
    assert spent < 20, f"checking 1 MB took {spent:.1f} s of CPU time"
    repeats = len(long_paragraph(MEGABYTE)) // len(" ".join(SENTENCES) + " ")
    assert Counter(d.rule_id for d in report.diagnostics) == {
        "placeholder": repeats,  # one [[beslutsdatum]] a repeat
        "figure-placement": 1,  # the images stand in the one paragraph
        "trailing-space": 1,  # the paragraph ends with a space
    }
    assert report.readability[0].words > 100_000
