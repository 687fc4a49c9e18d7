"""Markdown awareness: syntax is not reported, positions stay those of the file."""

from __future__ import annotations

import pytest

from strukturer.check import Checker

from .conftest import only

pytestmark = pytest.mark.hunspell


CLEAN = """---
title: Rapport 2011-2013
---

# Strukturer för stöd

Texten har **fet** och *kursiv* stil, en [länk](https://example.se/a-b/2011-2013 "titel")
och en fotnot[^1]. Se även <https://www.vardanalys.se/rapport-2020-5>.

- första punkten
- andra punkten
  1. en numrerad punkt
* [ ] en uppgift

> Ett citat i ett stycke.

| Kolumn | Annan |
|--------|-------|
| ett    | två   |

```text
förttyck skall 2011-2013 "rå" text
```

Text med `kod - med 25% och "citat"` i sig.

---

Slut.<!-- en kommentar med förttyck skall -->

[^1]: En fotnot.
[ref]: https://example.se/x-y
"""


def test_markdown_syntax_is_not_reported(checker: Checker) -> None:
    found = checker.check_text(CLEAN, file="r.md", markdown=True)
    assert [d for d in found if d.rule_id != "lix"] == []


def test_errors_inside_markup_keep_their_place(checker: Checker) -> None:
    text = "# Rubrik med förttyck\n\n- punkt om **Ivligrationsverket** och [t ex](https://x.se)\n"
    found = checker.check_text(text, file="r.md", markdown=True)
    assert only(found, "spelling") == [(1, 14, "förtryck")]
    assert only(found, "unknown-authority") == [(3, 14, "Migrationsverket")]
    assert only(found, "abbreviation") == [(3, 40, "t.ex.")]


def test_plain_text_keeps_markdown_characters(checker: Checker) -> None:
    text = "**Bakgrund**\nDet skall 2011\\-2013.\n"
    found = checker.check_text(text, file="r.txt", markdown=False)
    assert only(found, "skall") == [(2, 5, "ska")]
    assert only(found, "markdown-escape") == [(2, 15, "–")]
    assert only(found, "range-dash") == [(2, 11, "2011–2013")]


def test_hard_line_break_is_not_trailing_space(checker: Checker) -> None:
    assert only(checker.check_text("rad  \nnästa\n", markdown=True), "trailing-space") == []
    assert only(checker.check_text("rad  \nnästa\n", markdown=False), "trailing-space") == [
        (1, 4, None)
    ]
