"""The names registry: authorities, municipalities, regions, former names, department codes.

Conventions C1, C4, C7, I1 and I4.

Shipped as CSV files under ``strukturer/check/data`` (sources and dates in each file's
header and in ``data/README.md``) and loaded with :mod:`importlib.resources`.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Iterator
from importlib import resources

import attrs

#: County codes in use (I4): 01, 03–10, 12–14, 17–25.
COUNTY_CODES = frozenset(
    ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14"]
    + [f"{n:02d}" for n in range(17, 26)]
)


@attrs.frozen
class Authority:
    """A state authority, department, court, university or organisation."""

    name: str
    kind: str
    short: str = ""


@attrs.frozen
class Municipality:
    """A municipality: four-digit code, short name ("Borlänge") and official name."""

    code: str
    name: str
    official_name: str

    @property
    def county_code(self) -> str:
        """The first two digits of the code (I4)."""
        return self.code[:2]


@attrs.frozen
class Region:
    """A county (län) with its region and its county administrative board."""

    county_code: str
    county: str
    name: str
    county_board: str


@attrs.frozen
class FormerName:
    """A name no longer in use and the current name that replaced it (C7)."""

    former: str
    current: str
    year: int


@attrs.frozen
class DepartmentCode:
    """A department's diarienummer code (I1), the department, and its known units."""

    code: str
    department: str
    units: tuple[str, ...]


def _rows(filename: str) -> Iterator[dict[str, str]]:
    text = resources.files("strukturer.check").joinpath("data", filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    yield from csv.DictReader(lines)


@attrs.frozen
class Registry:
    """All known names, with helpers to find them in text and to suggest the closest one."""

    authorities: tuple[Authority, ...]
    municipalities: tuple[Municipality, ...]
    regions: tuple[Region, ...]
    former_names: tuple[FormerName, ...]
    department_codes: tuple[DepartmentCode, ...] = ()

    @classmethod
    def load(cls) -> Registry:
        """Load the registry shipped with strukturer."""
        return cls(
            authorities=tuple(
                Authority(r["name"], r["kind"], r["short"]) for r in _rows("authorities.csv")
            ),
            municipalities=tuple(
                Municipality(r["code"], r["name"], r["official_name"])
                for r in _rows("municipalities.csv")
            ),
            regions=tuple(
                Region(r["county_code"], r["county"], r["region"], r["county_board"])
                for r in _rows("regions.csv")
            ),
            former_names=tuple(
                FormerName(r["former"], r["current"], int(r["year"]))
                for r in _rows("former_names.csv")
            ),
            department_codes=tuple(
                DepartmentCode(r["code"], r["department"], tuple(r["units"].split()))
                for r in _rows("diarienummer.csv")
            ),
        )

    @functools.cached_property
    def ministries(self) -> tuple[str, ...]:
        """Regeringskansliet and its departments (conventions C3)."""
        departments = [a.name for a in self.authorities if a.kind == "departement"]
        return ("Regeringskansliet", *departments)

    @functools.cached_property
    def ministry_pattern(self) -> re.Pattern[str]:
        """:attr:`ministries` in any case, with an optional genitive s."""
        names = sorted(self.ministries, key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in names)
        return re.compile(rf"(?<![\w-])(?P<name>{alternatives})(?P<s>s)?(?![\w-])", re.IGNORECASE)

    @functools.cached_property
    def organisation_names(self) -> tuple[str, ...]:
        """Official names of authorities, boards, regions and municipalities (current)."""
        names = [a.name for a in self.authorities]
        names += [a.short for a in self.authorities if a.short]
        names += [r.county_board for r in self.regions]
        names += [r.name for r in self.regions]
        names += [m.official_name for m in self.municipalities]
        return tuple(dict.fromkeys(names))

    @functools.cached_property
    def current(self) -> frozenset[str]:
        """Every current name (official and short forms)."""
        return frozenset(self.organisation_names)

    @functools.cached_property
    def former(self) -> dict[str, FormerName]:
        """Former names by the former name."""
        return {f.former: f for f in self.former_names}

    @functools.cached_property
    def departments_by_code(self) -> dict[str, DepartmentCode]:
        """The diarienummer department codes (I1), by code."""
        return {d.code: d for d in self.department_codes}

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """Every word of every name, as written (for the spelling check)."""
        names = [*self.organisation_names, *self.former, *(m.name for m in self.municipalities)]
        names += [r.county for r in self.regions]
        return frozenset(w for name in names for w in re.findall(r"[^\W\d_]+", name))

    @functools.cached_property
    def name_pattern(self) -> re.Pattern[str]:
        """A regex finding every known (current or former) name, longest first.

        A genitive ``s`` or ``:s`` may follow; whitespace inside a name may be any run of
        whitespace (names break across lines).
        """
        names = sorted({*self.organisation_names, *self.former}, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(re.escape(p) for p in n.split()) for n in names)
        return re.compile(rf"(?<![\w-])(?P<name>{alternatives})(?::s|s)?(?![\w-])")

    def closest(self, candidate: str, *, prefix: str = "", cutoff: float = 0.6) -> str | None:
        """Return the registered name closest to ``candidate`` (difflib ratio ≥ ``cutoff``).

        With ``prefix`` only names starting with it are considered.
        """
        pool = [n for n in self.organisation_names if n.startswith(prefix)]
        found = difflib.get_close_matches(candidate, pool, n=1, cutoff=cutoff)
        return found[0] if found else None


@functools.cache
def default_registry() -> Registry:
    """The registry shipped with strukturer, loaded once per process."""
    return Registry.load()
