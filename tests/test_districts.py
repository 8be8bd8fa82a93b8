"""districts.csv: districts and towns of conflict zones that GeoNames lacks or spells
otherwise, read into the gazetteer beside places.csv."""

from __future__ import annotations

import csv

import pycountry
import pytest

from flashpoint.config import DATA_DIR
from flashpoint.resolve.places import geocode

ROWS = list(csv.DictReader((DATA_DIR / "districts.csv").open(encoding="utf-8", newline="")))


def test_every_row_is_a_place_in_a_real_country():
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    for r in ROWS:
        assert pycountry.countries.get(alpha_2=r["country"]) is not None, r["id"]
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["id"]
        assert r["kind"] in ("region", "city", "district"), r["id"]


@pytest.mark.parametrize("name, country", [
    ("Swat District", "PK"), ("Swat", "PK"), ("Shah Wali Kot district", "AF"), ("Talafar", "IQ"),
    ("Sheikh Zuwaid", "EG"), ("Choueifat", "LB"), ("Ingushetia", "RU"),
    ("Taji", "IQ"), ("Qayyara", "IQ"), ("Sevare", "ML"), ("Al-Qaa", "LB"), ("Haret Hreik", "LB"),
    ("Maale Adumim", "PS"), ("Bulo Burde", "SO"), ("Ben Guerdane", "TN"),
    # names GeoNames gives first to a small namesake (Palmyra, US; Lhasa as "Lassa") or lacks
    ("Palmyra", "SY"), ("Lassa", "NG"), ("Khan al-Baghdadi", "IQ"), ("El Gorah", "EG"), ("Woolwich", "GB"),
])
def test_a_district_or_another_spelling_resolves(name, country):
    place = geocode(name)
    assert place is not None and place.country == country
