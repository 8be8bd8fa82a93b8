"""Countries by name or code, for filters and suggestions (data/acled_countries.csv, countries.csv).

``code_for("Iraq") == code_for("iq") == code_for("IRQ") == "IQ"``; ``name_of("IQ") == "Iraq"``;
``suggest("ira")`` lists the countries whose name, alias or code starts with (then contains) it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every country we know, by ISO-3166 alpha-2 code."""
    names: dict[str, str] = {}
    alpha3: dict[str, str] = {}
    with open(DATA_DIR / "acled_countries.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names[row["iso2"]] = row["country"]
            if row.get("iso3"):
                alpha3[row["iso2"]] = row["iso3"]
    aliases: dict[str, list[str]] = {}
    with open(DATA_DIR / "countries.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases[row["iso2"]] = [a for a in (row.get("aliases") or "").split("|") if a]
    out = {}
    for code in sorted(set(names) | set(aliases)):
        extra = aliases.get(code, []) + ([alpha3[code]] if code in alpha3 else [])
        out[code] = Country(code, names.get(code, code), tuple(extra))
    return out


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in countries().values():
        for key in (c.name, *c.aliases):
            index.setdefault(key.casefold(), c.code)
    return index


def code_for(text: str) -> str | None:
    """The alpha-2 code for a country name, alias, alpha-2 or alpha-3 code; None if unknown."""
    value = text.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()  # any two letters: stores may hold codes our lists lack
    found = _index().get(value.casefold())
    if found:
        return found
    try:
        import pycountry

        return pycountry.countries.lookup(value).alpha_2
    except (ImportError, LookupError):
        return None


def name_of(code: str | None) -> str | None:
    """The country's English name for a code (the code itself when unknown)."""
    if not code:
        return None
    found = countries().get(code.upper())
    return found.name if found else code


def suggest(text: str, limit: int = 10) -> list[Country]:
    """Countries whose name, alias or code starts with ``text``, then those containing it."""
    needle = text.strip().casefold()
    if not needle:
        return []
    starts, contains = [], []
    for c in countries().values():
        keys = [k.casefold() for k in (c.name, c.code, *c.aliases)]
        if any(k.startswith(needle) for k in keys):
            starts.append(c)
        elif any(needle in k for k in keys):
            contains.append(c)
    return (sorted(starts, key=lambda c: c.name) + sorted(contains, key=lambda c: c.name))[:limit]
