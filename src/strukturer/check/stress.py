"""A long paragraph for the check, to show that every rule is linear in text length.

Used by the test that guards against quadratic blow-up (issue 13) and callable from a
benchmark: ``check_long_paragraph(1_000_000)`` checks one paragraph of a million
characters with every rule and returns the report.
"""

from __future__ import annotations

from strukturer.check.checker import Checker
from strukturer.check.config import CheckConfig
from strukturer.check.diagnostics import CheckReport
from strukturer.check.text import Document

#: Sentences that give most rules something to look at: names, former names, dates,
#: numbers, abbreviations, references, a diarienummer, a link, a figure, a placeholder.
SENTENCES = (
    "Regeringen gav den 5 juni 2020 Myndigheten för vård- och omsorgsanalys i uppdrag "
    "att utvärdera stödet (U2011/4322/JÄM), t.ex. i Borlänge, Karlstad och Umeå.",
    "Enligt prop. 2013/14:110 och SFS 2014:1102 ska Socialstyrelsen, Migrationsverket "
    "och Sveriges Kommuner och Regioner samverka med 1 406 807 invånare i 21 regioner.",
    "Under 2011–2013 ökade kostnaderna med 2,4 miljoner kronor, dvs. 25 procent, "
    "vilket framgår av [rapporten](https://www.vardanalys.se) och av SCB:s statistik.",
    "Analytikern Jean-Luc af Geijerstam beskrev ett sektorsövergripande "
    "samordningsuppdrag med myndighetsövergripande strukturer för stöd m.m.",
    "Uppgiften [[beslutsdatum]] saknas fortfarande, och ![Karta över länen](figurer/karta.png) "
    "visar fördelningen mellan länen.",
)


def long_paragraph(characters: int = 1_000_000) -> str:
    """One paragraph (no blank line) of at least ``characters`` characters of prose."""
    sentence_block = " ".join(SENTENCES) + " "
    repeats = characters // len(sentence_block) + 1
    return sentence_block * repeats


def check_long_paragraph(
    characters: int = 1_000_000, config: CheckConfig | None = None
) -> CheckReport:
    """Check :func:`long_paragraph` as Markdown with every rule (and its readability)."""
    text = long_paragraph(characters)
    with Checker(config) as checker:
        return checker.report([Document.from_text(text, file="long.md", markdown=True)])
