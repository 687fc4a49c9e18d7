"""Each rule: a positive example (exact line, column, suggestion) and negative examples."""

from __future__ import annotations

import pytest

from strukturer.check import RULES, CheckConfig, Checker, Severity
from strukturer.check.rules import Rule

from .conftest import FIXTURES, only

pytestmark = pytest.mark.hunspell

NB = "\u00a0"

# (rule id, text, markdown, [(line, column, suggestion), ...])
POSITIVE = [
    ("range-dash", "under 2011-2013 och", False, [(1, 7, "2011–2013")]),
    ("range-dash", "kl. 9.00-15.30", False, [(1, 5, "9.00–15.30")]),
    ("range-dash", "se s. 11-29.", False, [(1, 7, "11–29")]),
    ("sentence-dash", "sex kommuner - Borlänge", False, [(1, 14, "–")]),
    ("sentence-dash", "stöd -- och", False, [(1, 6, "–")]),
    ("em-dash", "stöd — och", False, [(1, 6, "–")]),
    ("quotation-marks", 'rapporten "Strukturer"', False, [(1, 11, "”"), (1, 22, "”")]),
    ("quotation-marks", "„Strukturer“", False, [(1, 1, "”"), (1, 12, "”")]),
    ("quotation-marks", "myndighetens 'bästa'", False, [(1, 14, "’"), (1, 20, "’")]),
    ("space-before-punctuation", "uppdraget .", False, [(1, 10, ".")]),
    ("space-before-punctuation", "stöd , råd", False, [(1, 5, ",")]),
    ("double-space", "stöd.  Det", False, [(1, 6, " ")]),
    ("trailing-space", "rad \nnästa", False, [(1, 4, None)]),
    ("trailing-space", "rad" + NB + "\nnästa", True, [(1, 4, None)]),
    ("markdown-escape", "vård\\- och", False, [(1, 5, "-")]),
    ("markdown-escape", "år 2011\\-2013", False, [(1, 8, "–")]),
    ("markdown-escape", "sex \\- sju", False, [(1, 5, "–")]),
    ("markdown-escape", "2020\\.", False, [(1, 5, ".")]),
    ("markdown-escape", "\\*viktigt\\*", False, [(1, 1, "*"), (1, 10, "*")]),
    ("placeholder", "Datum: [[beslutsdatum]]", False, [(1, 8, None)]),
    ("placeholder", "Datum: [[beslutsdatum]]", True, [(1, 8, None)]),
    ("abbreviation", "t ex detta", False, [(1, 1, "t.ex.")]),
    ("abbreviation", "T. ex. detta", False, [(1, 1, "T.ex.")]),
    ("abbreviation", "som bl a Skolverket", False, [(1, 5, "bl.a.")]),
    ("abbreviation", "två, dvs tre", False, [(1, 6, "dvs.")]),
    ("abbreviation", "två, d.v.s. tre", False, [(1, 6, "dvs.")]),
    ("abbreviation", "c:a 5 procent", False, [(1, 1, "ca")]),
    ("abbreviation", "öppet kl 9", False, [(1, 7, "kl.")]),
    ("abbreviation", "fr o m 2020", False, [(1, 1, "fr.o.m.")]),
    ("abbreviation", "stöd m m", False, [(1, 6, "m.m.")]),
    ("skall", "myndigheten skall redovisa", False, [(1, 13, "ska")]),
    ("skall", "Skall det", False, [(1, 1, "Ska")]),
    ("doubled-word", "i uppdrag att att utvärdera", False, [(1, 15, None)]),
    ("acronym-genitive", "enligt SCBs statistik", False, [(1, 8, "SCB:s")]),
    ("kronor-in-text", "kostar 2 500 kr per år", False, [(1, 14, "kronor")]),
    ("kronor-in-text", "budget 5 mdkr.", False, [(1, 10, "miljarder kronor")]),
    ("list-comma", "Borlänge, Karlstad, och Umeå", False, [(1, 19, None)]),
    ("list-comma", "Polisen, Brottsförebyggande rådet, eller Skolverket", False, [(1, 34, None)]),
    ("number-in-words", "i 6 kommuner", False, [(1, 3, "sex")]),
    ("number-in-words", "under 3 år och 12 månader", False, [(1, 7, "tre"), (1, 16, "tolv")]),
    ("number-in-words", "Det var 1 kommun.", False, [(1, 9, None)]),
    ("number-in-words", "se t.ex. 3 kommuner", False, [(1, 10, "tre")]),
    ("number-in-words", "Beslut. 25 kommuner deltog.", False, [(1, 9, None)]),
    ("title-lowercase", "sade Generaldirektör Jean-Luc", False, [(1, 6, "generaldirektör")]),
    (
        "title-lowercase",
        "enligt Socialministern och Enhetschefen",
        False,
        [(1, 8, "socialministern"), (1, 28, "enhetschefen")],
    ),
    ("ministry-capital", "till socialdepartementet", False, [(1, 6, "Socialdepartementet")]),
    ("ministry-capital", "regeringskansliets beslut", False, [(1, 1, "Regeringskansliets")]),
    (
        "ministry-capital",
        "och klimat- och näringslivsdepartementets",
        False,
        [(1, 5, "Klimat- och näringslivsdepartementets")],
    ),
    ("acronym-genitive", "IVOs tillsyn och FNs", False, [(1, 1, "IVO:s"), (1, 18, "FN:s")]),
    ("heading-full-stop", "# Bakgrund.\nText.", True, [(1, 11, None)]),
    ("heading-full-stop", "**Slutsatser.**", True, [(1, 13, None)]),
    ("heading-full-stop", "## Analys. ##", False, [(1, 10, None)]),
    ("unit-space", "en yta på 21mm", False, [(1, 11, "21\u00a0mm")]),
    ("unit-space", "kostar 2,5mnkr per år", False, [(1, 8, "2,5\u00a0mnkr")]),
    ("doubled-word", "i uppdrag att\natt utvärdera", False, [(2, 1, None)]),
    ("date-format", "den 15/6 2020", False, [(1, 5, "15 juni 2020")]),
    ("date-format", "senast 15/6.", False, [(1, 8, "15 juni")]),
    ("date-format", "datum 2020-6-15", False, [(1, 7, "2020-06-15")]),
    ("date-format", "datum 20-06-15", False, [(1, 7, "2020-06-15")]),
    ("date-format", "den 15.6.2020", False, [(1, 5, "15 juni 2020")]),
    ("date-ordinal", "den 15:e juni", False, [(1, 5, "15 juni")]),
    ("date-ordinal", "den 1:a Maj", False, [(1, 5, "1 maj")]),
    ("date-leading-zero", "den 05 juni", False, [(1, 5, "5 juni")]),
    ("month-capital", "den 15 Juni 2020", False, [(1, 8, "juni")]),
    ("month-capital", "mötet på Måndag", False, [(1, 10, "måndag")]),
    ("invalid-date", "datum 2020-06-31", False, [(1, 7, None)]),
    ("invalid-date", "den 31 juni 2020", False, [(1, 5, None)]),
    ("invalid-date", "den 29 februari 2021", False, [(1, 5, None)]),
    ("invalid-date", "den 31/6", False, [(1, 5, None)]),
    ("thousands-separator", "2.500 kronor", False, [(1, 1, f"2{NB}500")]),
    ("thousands-separator", "1,406,807 invånare", False, [(1, 1, f"1{NB}406{NB}807")]),
    ("number-grouping", "har 1406807 invånare", False, [(1, 5, f"1{NB}406{NB}807")]),
    ("number-grouping", "kostar 25000 kronor", False, [(1, 8, f"25{NB}000")]),
    ("decimal-point", "2.4 miljoner", False, [(1, 1, "2,4")]),
    ("decimal-point", "ökade 12.75 procent", False, [(1, 7, "12,75")]),
    ("percent-sign", "ökade 25%", False, [(1, 7, "25 procent")]),
    ("percent-sign", "ökade 2,5%", False, [(1, 7, "2,5 procent")]),
    ("diarienummer-space", "(U2011/ 4322/JÄM)", False, [(1, 2, "U2011/4322/JÄM")]),
    ("diarienummer-space", "dnr Fi2019 / 00992 / E2", False, [(1, 5, "Fi2019/00992/E2")]),
    ("diarienummer-space", "dnr U 2011/4322/JÄM", False, [(1, 5, "U2011/4322/JÄM")]),
    ("unknown-authority", "kontakt med Ivligrationsverket.", False, [(1, 13, "Migrationsverket")]),
    (
        "unknown-authority",
        "enligt Ivligrationsverkets beslut",
        False,
        [(1, 8, "Migrationsverkets")],
    ),
    (
        "unknown-authority",
        "Myndigheten för vård och omsorgsanalys har fått",
        False,
        [(1, 1, "Myndigheten för vård- och omsorgsanalys")],
    ),
    ("unknown-authority", "till Statens skolverket i", False, [(1, 6, "Statens skolverk")]),
    (
        "unknown-authority",
        "med Länsstyrelsen i Östergötland län",
        False,
        [(1, 5, "Länsstyrelsen i Östergötlands län")],
    ),
    (
        "former-name",
        "samt Sveriges Kommuner och Landsting.",
        False,
        [(1, 6, "Sveriges Kommuner och Regioner")],
    ),
    ("former-name", "Rikspolisstyrelsens beslut", False, [(1, 1, "Polismyndigheten")]),
    ("lowercase-government", "uppdrag från Regeringen.", False, [(1, 14, "regeringen")]),
    ("spelling", "hedersrelaterat våld och förttyck", False, [(1, 26, "förtryck")]),
    ("spelling", "# Rubrik\n\nOm **förttyck**.", True, [(3, 6, "förtryck")]),
    ("diarienummer-department", "dnr Ub2011/4322/JÄM", False, [(1, 5, "U")]),
    ("diarienummer-department", "dnr Soc2020/12", False, [(1, 5, "S")]),
    ("diarienummer-unit", "dnr U2011/4322/JÄN", False, [(1, 16, "JÄM")]),
    ("diarienummer-unit", "dnr S2019/ 03114/FSST", False, [(1, 18, "FST")]),
    ("image-alt-text", "Se ![](figurer/karta.png).", True, [(1, 4, None)]),
    ("heading-level", "# Ett\n\n#### Fyra\n", True, [(3, 1, "###")]),
    ("figure-placement", "Se ![Karta](figurer/karta.png) här.", True, [(1, 4, None)]),
    (
        "figure-placement",
        "Text.\n\n- en punkt\n- ![Karta](figurer/karta.png)",
        True,
        [(4, 3, None)],
    ),
    ("heading-level", "   ###### Sex", True, [(1, 4, "###")]),
    ("spelling-name", "sade Zetterbergh i dag", False, [(1, 6, "Zetterberg")]),
    ("image-alt-text", "![ ](figurer/karta.png){#fig:karta}", True, [(1, 1, None)]),
    ("image-missing", "![Karta](figurer/saknas.png)", True, [(1, 10, None)]),
    ("image-missing", "![Karta](bilder/karta.png){.decorative}", True, [(1, 10, None)]),
]

# (rule id, text, markdown): the rule finds nothing
NEGATIVE = [
    ("kronor-in-text", "kostar 2\u00a0500\u00a0kronor", False),
    ("kronor-in-text", "| Kostnad | 3 mnkr |\n|---|---|", True),
    ("kronor-in-text", "kr och krona", False),
    ("list-comma", "Borlänge, Karlstad och Umeå", False),
    ("list-comma", "Vi träffades, och sedan gick vi hem.", False),
    ("list-comma", "Uppdraget är viktigt och omfattande, och det ska redovisas.", False),
    ("number-in-words", "i sex kommuner och 13 regioner", False),
    ("number-in-words", "se kapitel 3, bilaga 1 och s. 5 samt kl. 9 i dag", False),
    ("number-in-words", "den 5 juni, 5 procent och 3 mnkr", False),
    ("number-in-words", "1. Första punkten\n2. Andra punkten", True),
    ("number-in-words", "| 3 | fyra |", True),
    ("number-in-words", "enligt § 3 gäller", False),
    ("number-in-words", "2019 infördes lagen.", False),
    ("title-lowercase", "Generaldirektör Jean-Luc sade", False),
    ("title-lowercase", "Med vänlig hälsning\nJean-Luc af Geijerstam\nGeneraldirektör", False),
    ("title-lowercase", "Riksåklagaren och Statsrådsberedningen", False),
    ("title-lowercase", "sade generaldirektör Jean-Luc", False),
    ("ministry-capital", "departementet och Socialdepartementet", False),
    ("ministry-capital", "ett nytt socialdepartement", False),
    ("acronym-genitive", "SCB:s statistik och FN:s", False),
    ("acronym-genitive", "PROCESS, SMS och IT-stöd", False),
    ("acronym-genitive", "Vinnovas och Skolverkets", False),
    ("heading-full-stop", "# Stöd m.m.\nText.", True),
    ("heading-full-stop", "# Vad görs?\nDet här.", True),
    ("heading-full-stop", "En mening.", False),
    ("heading-full-stop", "```\n# kommentar.\n```", True),
    ("unit-space", "21 mm och 21\u00a0mm", False),
    ("unit-space", "dnr U2011/4322/JÄM, 4G och A4", False),
    ("unit-space", "kl. 9.00 och år 2020", False),
    ("range-dash", "under 2011–2013 och", False),
    ("range-dash", "datum 2020-06-15", False),
    ("range-dash", "ring 08-123 45 67", False),
    ("range-dash", "sedan 2000-talets början", False),
    ("range-dash", "ISBN 978-91-7555-123-4", False),
    ("range-dash", "dnr U2011/4322/JÄM", False),
    ("sentence-dash", "vård- och omsorgsanalys", False),
    ("sentence-dash", "kommuner – Borlänge", False),
    ("sentence-dash", "Jean-Luc af Geijerstam", False),
    ("sentence-dash", "- en punkt\n- en till", True),
    ("sentence-dash", "| a | - |", False),
    ("em-dash", "stöd – och", False),
    ("quotation-marks", "”Strukturer för stöd”", False),
    ("quotation-marks", 'kod: `"x"`', True),
    ("space-before-punctuation", "uppdraget.", False),
    ("space-before-punctuation", "filen .md och", False),
    ("space-before-punctuation", "och så ... vidare", False),
    ("double-space", "stöd. Det", False),
    ("double-space", "  indragen rad", False),
    ("double-space", "text [^1]  mer", True),
    ("trailing-space", "rad\nnästa", False),
    ("trailing-space", "rad  \nnästa", True),
    ("markdown-escape", "vård\\- och", True),
    ("markdown-escape", "vård- och", False),
    ("placeholder", "[länk](https://example.se)", True),
    ("placeholder", "[1] och [2]", False),
    ("abbreviation", "t.ex. detta", False),
    ("abbreviation", "bl.a. Skolverket", False),
    ("abbreviation", "två, dvs. tre", False),
    ("abbreviation", "och så vidare, osv.", False),
    ("abbreviation", "ca 5 procent", False),
    ("abbreviation", "kl. 9", False),
    ("abbreviation", "t.o.m. 2020 m.fl. m.m. s.k.", False),
    ("skall", "myndigheten ska", False),
    ("skall", "en skalle", False),
    ("doubled-word", "Det det handlar om", False),
    ("doubled-word", "att utvärdera", False),
    ("doubled-word", "slut\n\nslut", False),
    ("date-format", "den 15 juni 2020", False),
    ("date-format", "datum 2020-06-15", False),
    ("date-format", "dnr U2011/4322/JÄM och 1388/2014", False),
    ("date-format", "kl. 9.30", False),
    ("date-ordinal", "den 15 juni", False),
    ("date-leading-zero", "den 5 juni", False),
    ("month-capital", "Juni var varm.", False),
    ("month-capital", "den 15 juni", False),
    ("month-capital", "hälsningar från Maj Andersson", False),
    ("invalid-date", "den 29 februari 2020", False),
    ("invalid-date", "datum 2020-02-29", False),
    ("invalid-date", "den 30 juni", False),
    ("thousands-separator", f"2{NB}500 kronor", False),
    ("thousands-separator", "2,5 miljoner", False),
    ("thousands-separator", "kl. 9.00", False),
    ("number-grouping", "år 2020", False),
    ("number-grouping", "dnr 12345", False),
    ("number-grouping", "Fi2019/00992/E2", False),
    ("number-grouping", "tel. 0701234567", False),
    ("number-grouping", "ISBN 978-91-7555-123-4", False),
    ("number-grouping", f"1{NB}406{NB}807 invånare", False),
    ("number-grouping", "Box 12345", False),
    ("decimal-point", "kl. 9.30 timmar", False),
    ("decimal-point", "avsnitt 3.2 procent", False),
    ("decimal-point", "2,4 miljoner", False),
    ("percent-sign", "25 procent", False),
    ("percent-sign", f"25{NB}%", False),
    ("diarienummer-space", "(U2011/4322/JÄM)", False),
    ("diarienummer-space", "I 2011/2012 års budget", False),
    ("unknown-authority", "Migrationsverket och Migrationsverkets", False),
    ("unknown-authority", "till Statens skolverk och Skolverket", False),
    ("unknown-authority", "Kommunstyrelsen beslutade.", False),
    ("unknown-authority", "Statens ansvar är stort.", False),
    ("unknown-authority", "Länsstyrelsen i Östergötlands län", False),
    ("unknown-authority", "länsstyrelserna och myndigheten", False),
    ("unknown-authority", "Myndigheten för vård- och omsorgsanalys har", False),
    ("former-name", "Sveriges Kommuner och Regioner", False),
    ("lowercase-government", "Regeringen ger", False),
    ("lowercase-government", "uppdrag från regeringen", False),
    ("lowercase-government", "Beslut.\nRegeringen ger", False),
    ("spelling", "hedersrelaterat våld och förtryck", False),
    ("spelling", "Linköpings universitet (Barnafrid)", False),
    ("spelling", "se https://www.vardanalys.se eller info@vardanalys.se", False),
    ("spelling", "Läs på vardanalys.se och regeringen.se/rapporter.", False),
    ("spelling", "dnr U2011/4322/JÄM, t.ex. FN:s och SCB:s", False),
    ("spelling", "sade Jean-Luc af Geijerstam", False),
    ("spelling", "kod `förttyck` här", True),
    ("spelling", "se [text](https://ex.se/förttyck)", True),
    ("spelling", "[[förttyck]]", False),
    ("diarienummer-department", "dnr U2011/4322/JÄM och Fi2025/02181", False),
    ("diarienummer-department", "I 2011/2012 års budget", False),
    ("diarienummer-unit", "dnr U2011/4322/JÄM, Fi2019/00992/E2 och Fi2025/02181", False),
    ("diarienummer-unit", "dnr Xy2011/4322/JÄN", False),
    ("image-alt-text", '![Karta över länen](figurer/karta.png "Figur 1"){#fig:karta}', True),
    ("image-alt-text", "![](figurer/linje.png){.decorative}", True),
    ("heading-level", "### Tre\n\n```\n#### kod\n```\n", True),
    ("heading-level", "#### fyra i en textfil", False),
    ("figure-placement", "Text.\n\n![Karta](figurer/karta.png)\n\nMer text.", True),
    ("figure-placement", "Se ![Karta](figurer/karta.png) i en textfil.", False),
    ("figure-placement", "Tabell: Antal {#tab:antal}\n\n| a | b |\n|---|---|\n| 1 | 2 |", True),
    ("heading-level", "####ingen rubrik", True),
    ("spelling-name", "Zetterbergh sade det.", False),
    ("spelling-name", "enligt förttyck", False),
    ("spelling-name", "enligt JÄMX och Socialstyrelsen", False),
    ("image-alt-text", "![](figurer/karta.png) i en textfil", False),
    ("image-alt-text", "```\n![](figurer/karta.png)\n```", True),
    ("image-missing", '![Karta](figurer/karta.png){#fig:karta source="SCB"}', True),
    ("image-missing", "![Karta](https://example.org/karta.png)", True),
]


@pytest.mark.parametrize(("rule_id", "text", "markdown", "expected"), POSITIVE)
def test_positive(
    checker: Checker,
    rule_id: str,
    text: str,
    markdown: bool,
    expected: list[tuple[int, int, str | None]],
) -> None:
    diagnostics = checker.check_text(text, file="t.txt", markdown=markdown, folder=FIXTURES)
    assert only(diagnostics, rule_id) == expected
    found = [d for d in diagnostics if d.rule_id == rule_id]
    assert all(d.severity is RULES[rule_id].severity for d in found)
    lines = text.split("\n")
    for d in found:  # the diagnostic's text is what stands at its place
        assert lines[d.line - 1][d.column - 1 :].startswith(d.text.split("\n")[0])


@pytest.mark.parametrize(("rule_id", "text", "markdown"), NEGATIVE)
def test_negative(checker: Checker, rule_id: str, text: str, markdown: bool) -> None:
    found = checker.check_text(text, file="t.txt", markdown=markdown, folder=FIXTURES)
    assert only(found, rule_id) == []


def test_every_rule_has_tests() -> None:
    tested = {case[0] for case in POSITIVE} | {"lix"}
    assert tested == set(RULES)
    assert {case[0] for case in NEGATIVE} | {"lix"} == set(RULES)


def test_every_rule_is_described() -> None:
    for rule in RULES.values():
        assert rule.id
        assert rule.source
        assert rule.description
        assert rule.wrong
        assert rule.right
        assert rule.severity in set(Severity)


#: Rules whose documented example is not literal text (a description, a placeholder for a
#: fact, an invisible trailing space); their cases are in POSITIVE and NEGATIVE.
NOT_LITERAL = frozenset({"lix", "placeholder", "trailing-space"})
#: Rules whose example is Markdown (images).
MARKDOWN_EXAMPLES = frozenset(
    {"image-alt-text", "image-missing", "heading-level", "figure-placement"}
)


@pytest.mark.parametrize(
    "rule", [r for r in RULES.values() if r.id not in NOT_LITERAL], ids=lambda r: r.id
)
def test_documented_example_is_flagged(checker: Checker, rule: Rule) -> None:
    """The wrong form in the rule's documented example is flagged; the right form is not."""
    markdown = rule.id in MARKDOWN_EXAMPLES
    wrong = checker.check_text(rule.wrong, markdown=markdown, folder=FIXTURES)
    right = checker.check_text(rule.right, markdown=markdown, folder=FIXTURES)
    assert only(wrong, rule.id)
    assert not only(right, rule.id)


def test_project_words_are_accepted() -> None:
    text = "Hedersportalenx och Vårdanalys"
    with Checker(CheckConfig()) as plain:
        assert [(line, col) for line, col, _ in only(plain.check_text(text), "spelling")] == [
            (1, 1)
        ]
    with Checker(CheckConfig(words=["Hedersportalenx"])) as project:
        assert only(project.check_text(text), "spelling") == []


def test_lix_warns_above_threshold() -> None:
    long_sentence = " ".join(["myndighetsövergripande samordningsuppdrag"] * 30) + "."
    text = "# Rubrik\n\n" + long_sentence + "\n"
    with Checker(CheckConfig(disable=["spelling"])) as lix_checker:
        found = [d for d in lix_checker.check_text(text) if d.rule_id == "lix"]
        assert [(d.line, d.column, d.severity) for d in found] == [(1, 1, Severity.WARNING)]
        assert "Rubrik" in found[0].message
        easy = "# Rubrik\n\n" + " ".join(["Vi ser en katt."] * 20) + "\n"
        assert [d for d in lix_checker.check_text(easy) if d.rule_id == "lix"] == []
    with Checker(CheckConfig(disable=["spelling"], lix_threshold=200)) as relaxed:
        assert [d for d in relaxed.check_text(text) if d.rule_id == "lix"] == []
