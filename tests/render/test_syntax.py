"""The markup of tables, figures and references, as a language check should skip it."""

from __future__ import annotations

from strukturer.render.syntax import markup_spans


def cut(line: str) -> list[str]:
    return [line[start:end] for start, end in markup_spans(line)]


def test_image_attributes_are_markup() -> None:
    line = '![Karta](figurer/k.png "Titel"){#fig:k source="SCB"} och text'
    assert cut(line) == ['{#fig:k source="SCB"}']


def test_caption_attributes_and_references_are_markup() -> None:
    line = 'Tabell: Antal enligt tabell {ref:tab:a} {#tab:b source="SCB"}'
    assert cut(line) == ["{ref:tab:a}", '{#tab:b source="SCB"}']


def test_braces_in_running_text_are_prose() -> None:
    assert cut("Mängden {a, b} är liten.") == []


def test_text_in_another_language_is_not_swedish_prose() -> None:
    line = "På engelska [Web Accessibility Directive]{lang=en} heter det."
    assert markup_spans(line) == [(12, 50)]
