"""Second-level divisions outside the US, UK and Ireland (admin_areas.csv, derived by
training/derive_admin_areas.py): read when the text names them as divisions, never in place of a
town that carries the name."""

from __future__ import annotations

import pytest

from flashpoint.resolve.gazetteer import Gazetteer
from flashpoint.resolve.places import geocode
from training.derive_admin_areas import clean_name, derive


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer(min_city_population=15000)


@pytest.mark.parametrize("text", ["Gunmen killed three soldiers in Laguna province on Monday.",
                                  "Rebels ambushed a police patrol in the province of Laguna, killing two officers."])
def test_a_province_is_read_in_its_country(gaz, text):
    # "Laguna" alone is a town in Brazil and California; written as a province it is the Philippines'
    place = geocode("Laguna", context=text, gazetteer=gaz)
    assert place.country == "PH" and place.admin1 == "Calabarzon" and place.precision == "region"


def test_a_province_named_with_its_word(gaz):
    place = geocode("Soum Province", context="Two people were shot dead on Saturday in Soum Province.", gazetteer=gaz)
    assert place.country == "BF" and place.precision == "region"


@pytest.mark.parametrize("text,name", [("Maoists blew up a police jeep in Bihar's Nalanda district.", "Bihar's Nalanda district"),
                                       ("Maoists blew up a police jeep in Nalanda district, Bihar.", "Nalanda district")])
def test_a_district_named_with_its_state(gaz, text, name):
    place = geocode(name, context=text, gazetteer=gaz)
    assert place.country == "IN" and place.admin1 == "Bihar" and place.precision == "region"


def test_a_same_named_town_still_wins_without_context(gaz):
    # Arua is a Ugandan town and the district around it: the bare name is the town
    place = geocode("Arua", context="Gunmen attacked a market in Arua on Monday.", gazetteer=gaz)
    assert place.country == "UG" and place.precision == "city"
    # a second-level division outside the US, UK and Ireland answers only with its word
    assert all(e.kind != "county" for e in gaz.lookup("Laguna"))
    assert any(e.kind == "county" and e.country == "PH" for e in gaz.lookup("Laguna Province"))
    # and a division word elsewhere in the text does not turn the town into it
    place = geocode("Kasese", context="Gunmen attacked a bus in Kasese district, killing four.", gazetteer=gaz)
    assert place.country == "UG" and place.name == "Kasese"


@pytest.mark.parametrize("raw,clean", [("Province of Laguna", "Laguna"), ("Dangam District", "Dangam"),
                                       ("Province de l'Oudalan", "Oudalan"), ("Amphoe Bang Sai", "Bang Sai"),
                                       ("Kabupaten Langkat", "Langkat"), ("Aktanyshskiy Rayon", "Aktanyshskiy"),
                                       ("Cotabato City", "Cotabato City"), ("Adilabad", "Adilabad")])
def test_division_names_are_cleaned_to_what_reports_write(raw, clean):
    assert clean_name(raw) == clean


def test_a_division_sits_at_the_mean_of_its_towns():
    towns = [{"cc": "PH", "admin1": "Calabarzon", "admin2": "Province of Laguna", "lat": "14.0", "lon": "121.0"},
             {"cc": "PH", "admin1": "Calabarzon", "admin2": "Province of Laguna", "lat": "14.5", "lon": "121.5"},
             {"cc": "PH", "admin1": "Calabarzon", "admin2": "Calabarzon", "lat": "14.0", "lon": "121.0"},
             {"cc": "AF", "admin1": "Kunar", "admin2": "Dangam District", "lat": "34.9", "lon": "71.4"}]
    rows = derive(towns, {("PH", "Calabarzon"): "40"}, {"PH"})
    # one row: Afghanistan not asked for, and a division that repeats its first-level name left out
    assert rows == [{"country": "PH", "admin1_code": "40", "admin1": "Calabarzon", "admin2": "Laguna",
                     "lat": "14.25", "lon": "121.25", "towns": "2"}]


@pytest.mark.parametrize("text,country", [
    ("Awami League activists were attacked in Gopalganj District, Bangladesh, leaving three dead.", "BD"),
    ("Maoists blew up a police jeep in Gopalganj District of Bihar.", "IN")])
def test_a_district_the_gazetteer_has_in_one_country_only_leaves_the_others_their_town(gaz, text, country):
    # India's Gopalganj district is known, Bangladesh's is not: its town of the name stands for it
    assert geocode("Gopalganj District", context=text, gazetteer=gaz).country == country
