"""The names registry shipped as data (I4, C4, C7)."""

from __future__ import annotations

import re
from collections import Counter

from strukturer.check.names import COUNTY_CODES, Registry, default_registry
from strukturer.model.values import DIARIENUMMER_DEPARTMENT, DIARIENUMMER_UNIT


def registry() -> Registry:
    return default_registry()


def test_290_municipalities_with_unique_four_digit_codes() -> None:
    municipalities = registry().municipalities
    assert len(municipalities) == 290
    codes = [m.code for m in municipalities]
    assert len(set(codes)) == 290
    assert all(len(c) == 4 and c.isdigit() for c in codes)
    assert len({m.name for m in municipalities}) == 290
    assert len({m.official_name for m in municipalities}) == 290


def test_county_prefixes_are_valid() -> None:
    counts = Counter(m.county_code for m in registry().municipalities)
    assert set(counts) == COUNTY_CODES
    assert len(COUNTY_CODES) == 21
    assert counts["01"] == 26  # Stockholms län
    assert counts["09"] == 1  # Gotland
    assert counts["12"] == 33  # Skåne
    assert counts["14"] == 49  # Västra Götaland


def test_21_regions_and_county_boards() -> None:
    regions = registry().regions
    assert len(regions) == 21
    assert {r.county_code for r in regions} == COUNTY_CODES
    assert len({r.name for r in regions}) == 21
    assert all(r.county_board == f"Länsstyrelsen i {r.county}" for r in regions)
    names = {r.name for r in regions}
    assert {"Region Stockholm", "Västra Götalandsregionen", "Region Skåne"} <= names
    assert "Region Jönköpings län" in names


def test_official_municipality_names_are_irregular_and_written_out() -> None:
    by_code = {m.code: m for m in registry().municipalities}
    assert by_code["0180"].official_name == "Stockholms stad"
    assert by_code["0180"].name == "Stockholm"
    assert by_code["2080"].official_name == "Falu kommun"
    assert by_code["0980"].official_name == "Region Gotland"
    assert by_code["0123"].official_name == "Järfälla kommun"
    assert by_code["2081"].official_name == "Borlänge kommun"
    assert by_code["0581"].official_name == "Norrköpings kommun"
    assert by_code["0331"].name == "Heby"  # Uppsala län since 2007
    seed = {"Borlänge", "Karlstad", "Norrköping", "Söderhamn", "Umeå", "Västerås"}
    assert seed <= {m.name for m in registry().municipalities}


def test_seed_authorities_are_registered() -> None:
    names = registry().current
    for name in [
        "Barnombudsmannen",
        "Brottsförebyggande rådet",
        "Jämställdhetsmyndigheten",
        "Migrationsverket",
        "Myndigheten för familjerätt och föräldraskapsstöd",
        "Polismyndigheten",
        "Socialstyrelsen",
        "Statens skolverk",
        "Åklagarmyndigheten",
        "Myndigheten för vård- och omsorgsanalys",
        "Länsstyrelsen i Östergötlands län",
        "Regeringskansliet",
        "Arbetsmarknadsdepartementet",
        "Utrikesdepartementet",
        "Sveriges Kommuner och Regioner",
        "Linköpings universitet",
        "Barnafrid",
        "Vårdanalys",
    ]:
        assert name in names, name
    assert len(registry().authorities) >= 250


def test_former_names_point_to_registered_names() -> None:
    reg = registry()
    skl = reg.former["Sveriges Kommuner och Landsting"]
    assert (skl.current, skl.year) == ("Sveriges Kommuner och Regioner", 2019)
    for former in reg.former_names:
        assert former.current in reg.current, former
        assert former.former not in reg.current, former


def test_no_duplicate_authorities() -> None:
    names = [a.name for a in registry().authorities]
    assert len(names) == len(set(names))


def test_closest() -> None:
    reg = registry()
    assert reg.closest("Ivligrationsverket") == "Migrationsverket"
    assert reg.closest("Socialstyrelssen") == "Socialstyrelsen"
    assert reg.closest("xyz") is None


def test_department_codes_follow_the_models_grammar() -> None:
    registry = default_registry()
    departments = {a.name for a in registry.authorities if a.kind == "departement"}
    assert {"U", "S", "Fi", "UD", "KN", "LI"} <= set(registry.departments_by_code)
    for code in registry.department_codes:
        assert re.fullmatch(DIARIENUMMER_DEPARTMENT, code.code), code
        assert code.department in departments, code
        for unit in code.units:
            assert re.fullmatch(DIARIENUMMER_UNIT, unit), (code.code, unit)
    assert len(registry.departments_by_code) == len(registry.department_codes)
