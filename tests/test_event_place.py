"""The event's place from names the parser does not put after a preposition: a town that
names the event noun ("the Mosul car bombing") or a facility ("the Kampala offices"), and a
town set off by a comma or brackets after a street or village ("in Little Chester Street,
London"). Sentences written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.extract.lexicon import load_lexicon
from flashpoint.extract.mentions import extract_mentions
from flashpoint.records import Article
from flashpoint.resolve.actors import ActorRegistry


@pytest.fixture(scope="module")
def nlp():
    from flashpoint.nlp import build_pipeline

    return build_pipeline()


def _first_place(nlp, text: str):
    article = Article(id="t", text=text, published=dt.date(2019, 5, 3))
    mentions = extract_mentions(nlp(text), article, load_lexicon(), ActorRegistry.default())
    assert mentions, f"no event found in {text!r}"
    return min(mentions, key=lambda m: m.trigger.start).location


@pytest.mark.parametrize("text, name, country, rule", [
    ("The Mosul car bombing killed 14 people near a police station.", "Mosul", "IQ", "place.modifier"),
    ("A Nairobi mall attack by gunmen left 67 people dead on Saturday.", "Nairobi", "KE", "place.modifier"),
    # a town on a noun of the event's compound, or on the head its trigger names, tagged or not
    ("The Peshawar bus bombing killed nine passengers on Friday.", "Peshawar", "PK", "place.modifier"),
    ("A Dhaka grenade attack wounded twenty people at a rally on Saturday.", "Dhaka", "BD", "place.modifier"),
    # a name tagged PERSON after 'in', written with its article
    ("Gunmen killed four farmers in al-Bab on Monday.", "Al Bāb", "SY", "place.locative 'in'"),
    # a name the tagger ran across 'in' or a comma: the town in it
    ("The Tahrir Police Station in Baqubah was attacked by gunmen on Monday.", "Baqubah", "IQ", "place.object"),
    ("A car bomb killed five people in Florencia, Caquetá on Monday.", "Florencia", "CO", "place.locative 'in'"),
    # a hotel's name read as a town abroad gives way to the town the hotel is in
    ("A bomb wounded two guards at the Hilton hotel in Cartagena on Monday.", "Cartagena", "CO", "place.locative 'in'"),
    # 'near' parsed into the name
    ("Near Khartsyzk, two soldiers were wounded by a mine on Monday.", "Khartsyzk", "UA", "place.locative 'near'"),
    ("Militants threw a grenade at a tea shop on Jinnah Road, Quetta on Friday.", "Quetta", "PK", "place.locative"),
    ("Attackers threw a petrol bomb into a bar in Old Mill Lane, Leeds injuring three drinkers.", "Leeds", "GB",
     "place.locative"),
    # a town naming a facility, however the facility hangs
    ("Two gunmen entered the Kampala offices of a radio station and shot dead a presenter.", "Kampala", "UG",
     "place.facility_town"),
    # a division in brackets after an unknown village qualifies it
    ("Six villagers were killed in an attack by rebels in Kikuvo (Lubero Territory, North Kivu).", "North Kivu", "CD",
     "place.locative"),
])
def test_a_town_that_names_or_qualifies_the_events_place(nlp, text, name, country, rule):
    place = _first_place(nlp, text)
    assert place is not None and (place.name, place.country) == (name, country)
    assert rule in place.evidence.rule


def test_a_country_that_names_a_strike_is_its_side_not_its_place(nlp):
    place = _first_place(nlp, "A US drone strike killed two fighters near Jilib on Tuesday.")
    assert place is not None and place.country == "SO"


def test_a_brief_placed_nowhere_known_takes_the_country_it_points_to(nlp):
    text = "A roadside bomb struck a patrol near the hamlet of Qaryat Zawrak on Tuesday, killing three Iraqi soldiers."
    place = _first_place(nlp, text)
    assert place is not None and (place.country, place.precision) == ("IQ", "country")
    assert "place.article_country" in place.evidence.rule and place.basis == "article_country"


def test_a_countrys_possessive_on_a_part_of_it_places_the_event(nlp):
    place = _first_place(nlp, "A US drone strike hit a compound in Pakistan's tribal belt, killing four fighters.")
    assert place is not None and place.country == "PK"


@pytest.mark.parametrize("text, country", [
    # a country's mission abroad is no vote for where the article happened ...
    ("A car bomb went off near the United States embassy in Lima on Friday, killing two guards.", "PE"),
    # ... nor its people abroad, nor the border beyond which it lies
    ("A Canadian hostage was beheaded by his kidnappers on Monday.", None),
    ("Gunmen killed two guards at a checkpoint in the hamlet of Qaryat Zawrak near the border with Syria on Monday.",
     None),
])
def test_a_country_named_as_abroad_does_not_place_the_event(nlp, text, country):
    place = _first_place(nlp, text)
    assert (place.country if place is not None else None) == country


def test_a_town_that_anchors_a_distance_gives_way_to_the_province_of_another_country_it_is_in(nlp):
    place = _first_place(nlp, "Gunmen ambushed a convoy sixty miles from Kandahar in Pakistan's Balochistan province "
                              "on Sunday.")
    assert place is not None and (place.name, place.country) == ("Balochistan", "PK")


def test_the_lead_of_a_longer_article_placed_nowhere_known_takes_its_country(nlp):
    text = ("Gunmen stormed a village police post before dawn on Tuesday, killing four officers. Residents said the "
            "attackers arrived on motorcycles. Nigerian troops later reached the area. The army said it was searching "
            "the forest. Schools nearby were closed.")
    place = _first_place(nlp, text)
    assert place is not None and (place.country, place.precision) == ("NG", "country")
    assert "place.article_country" in place.evidence.rule and place.basis == "article_country"


def test_a_place_the_text_names_is_named_and_a_reporting_armys_home_is_its_country(nlp):
    assert _first_place(nlp, "A car bomb killed five people in Kirkuk on Monday.").basis == "named"
    place = _first_place(nlp, "Gunmen killed four soldiers at a checkpoint, the Burkinabe army said.")
    assert place is not None and (place.country, place.basis) == ("BF", "actor_country")


def test_a_fuzzy_match_says_so_in_its_basis(nlp):
    place = _first_place(nlp, "Boko Haram fighters attacked a checkpoint in Maidugiri, the capital of Borno State.")
    assert place is not None and (place.name, place.basis) == ("Maiduguri", "fuzzy")


@pytest.mark.parametrize("text, country", [
    # a small town of another continent that nothing else in the text points to (Bagan, Russia;
    # Mile, Ethiopia) gives way to the country the rest of the text names, at country precision
    ("Gunmen killed five herders near Bagan in the hills of Khyber Pakhtunkhwa on Monday.", "PK"),
    ("A bomb exploded at a market in Mile, a village of Kaduna, killing four people.", "NG"),
])
def test_a_namesake_abroad_gives_way_to_the_country_the_text_points_to(nlp, text, country):
    place = _first_place(nlp, text)
    assert place is not None and (place.country, place.precision) == (country, "country")
    assert "place.namesake_abroad" in place.evidence.rule


def test_a_town_near_the_country_the_text_names_keeps_its_reading(nlp):
    # Jamrud lies a few hundred km from Afghanistan's centre: a town across a border, not a namesake
    place = _first_place(nlp, "A car bomb killed three soldiers in Jamrud, and the attackers fled towards "
                              "Afghanistan on Monday.")
    assert place is not None and (place.name, place.country) == ("Jamrud", "PK")
    assert "namesake_abroad" not in place.evidence.rule


@pytest.mark.parametrize("text, name, country", [
    # a name read abroad that the text puts inside a town: set beside it, or naming its district
    ("A roadside bomb wounded three police officers in Sha'ab, a neighbourhood of Baghdad, on Tuesday.",
     "Baghdad", "IQ"),
    ("Gunmen shot a judge dead in Al-Mansoura district of Aden on Sunday.", "Aden", "YE"),
    # "outside of" that the parser hung on a clause
    ("A car bomb exploded at a checkpoint outside of Misrata killing three guards.", "Misratah", "LY"),
])
def test_a_name_the_text_puts_inside_a_town_takes_that_town(nlp, text, name, country):
    place = _first_place(nlp, text)
    assert place is not None and (place.name, place.country) == (name, country)


def test_a_persons_home_town_is_not_where_the_event_happened(nlp):
    # "<name>, <age>, of <town>": the victim's home, while the event lies in Helmand (a province,
    # which a town of the sentence would otherwise refine)
    place = _first_place(nlp, "Gunmen in Helmand province shot dead Mohammad Karimi, 52, of Kabul, on Sunday.")
    assert place is not None and (place.name, place.precision) == ("Helmand", "region")


def test_a_small_namesake_gives_way_to_the_big_town_the_sentence_puts_the_event_in(nlp):
    # Balili is a village of the Philippines; the mosque of that name stands in Sana'a (tagged X)
    place = _first_place(nlp, "A suicide bomber struck worshippers at Balili mosque in Sana'a during prayers.")
    assert place is not None and (place.name, place.country) == ("Sanaa", "YE")


def test_with_no_other_place_an_armed_groups_home_picks_among_namesakes(nlp):
    # Sharan is a village of Russia and a town of Paktika: the Taliban's home decides
    place = _first_place(nlp, "Taliban fighters stormed the governor's compound in Sharan, killing two guards.")
    assert place is not None and (place.name, place.country) == ("Sharan", "AF")
    assert "place.namesake_abroad" in place.evidence.rule


@pytest.mark.parametrize("text, name, country", [
    # a town the tagger ran into the event's own name
    ("The 2009 Peshawar Bombings: three car bombs went off near a market.", "Peshawar", "PK"),
    # a facility tagged as a place that the gazetteer does not know: the town in its name
    ("A man fired a flare gun inside London City Airport, injuring two guards.", "City of London", "GB"),
])
def test_a_town_inside_the_events_name_or_a_facility_tagged_as_a_place(nlp, text, name, country):
    place = _first_place(nlp, text)
    assert place is not None and (place.name, place.country) == (name, country)


@pytest.mark.parametrize("text, country", [
    # the country beyond a border is not where the event was
    ("Niger's army says gunmen attacked a patrol in the west near the Mali border, killing four soldiers.", "NE"),
])
def test_a_country_named_only_as_beyond_a_border_does_not_place_the_event(nlp, text, country):
    place = _first_place(nlp, text)
    assert place is not None and place.country == country


def test_a_name_inside_a_place_stays_inside_it_though_a_big_town_abroad_bears_it(nlp):
    # "Damascus Gate in the Old City": the gate named after Damascus is inside the Old City
    place = _first_place(nlp, "Two policemen were wounded in a stabbing attack at the Damascus Gate in the Old City.")
    assert place is not None and place.country != "SY"


@pytest.mark.parametrize("text, name, country", [
    # Lere, Nigeria is the gazetteer's only Lere: the text says the town is Malian
    ("Gunmen attacked an army post in the Malian town of Lere, killing three soldiers.", "Mali", "ML"),
    # a region on the place noun: the settlement lies in the West Bank whatever the gazetteer says
    ("Gunmen stabbed a guard near the West Bank settlement of Ariel.", "West Bank", "PS"),
    # a people's demonym is no country ("Kurdish": Iraq's Kurdistan region in the demonym list)
    ("A car bomb hit the Kurdish city of Qamishli on Tuesday.", "Al Qāmishlī", "SY"),
])
def test_a_country_or_region_on_the_place_noun_holds_the_name(nlp, text, name, country):
    place = _first_place(nlp, text)
    assert place is not None and (place.name, place.country) == (name, country)


def test_the_town_the_attackers_entered_is_the_events(nlp):
    # the object of 'entered' in the event's sentence, over the armed group's home (Somalia)
    place = _first_place(nlp, "Al-Shabaab fighters entered Garissa disguised as police and shot dead four traders.")
    assert place is not None and (place.name, place.country) == ("Garissa", "KE")


@pytest.mark.parametrize("text, name, country", [
    # a town tagged as something else, naming the event: a hint from demonyms alone does not veto it ...
    ("The Grand-Bassam shootings killed 18 people, most of them French.", "Grand-Bassam", "CI"),
    # ... nor a town named on a facility the event is at
    ("A bomb exploded as the bus entered the Hadera central bus station, killing four people.", "Hadera", "IL"),
    # ... but a small namesake abroad of the country the demonyms point to (Bagà, Spain) gives way
    ("The Baga massacre by Boko Haram left northern Nigerian villages in ruins.", "Nigeria", "NG"),
])
def test_a_mislabelled_town_stands_unless_it_is_a_small_namesake_abroad(nlp, text, name, country):
    place = _first_place(nlp, text)
    assert place is not None and (place.name, place.country) == (name, country)


def test_a_journeys_start_does_not_keep_a_brief_from_its_country(nlp):
    place = _first_place(nlp, "A bomb killed three passengers on a train travelling from Moscow to Sochi.")
    assert place is not None and (place.country, place.basis) == ("RU", "article_country")


def test_where_rockets_came_from_is_not_where_they_fell(nlp):
    place = _first_place(nlp, "Rockets fired from southern Lebanon hit a kibbutz on Monday, killing two people.")
    assert place is None or place.country != "LB"


def test_a_district_named_on_its_noun_lies_in_the_province_of_another_country_it_is_of(nlp):
    # Nawa alone reads as a Syrian town; "the Nawa district of Helmand province" puts it in Afghanistan
    place = _first_place(nlp, "Gunmen shot dead two policemen in the Nawa district of Helmand province on Sunday.")
    assert place is not None and (place.name, place.country) == ("Helmand", "AF")


def test_an_in_phrase_right_after_a_name_holds_it_whatever_the_parser_hangs_it_from(nlp):
    # the second 'in' is hung from the attack, yet it says where Nawa district lies
    place = _first_place(nlp, "Insurgents killed four guards in an ambush in Nawa district in Helmand province.")
    assert place is not None and place.country == "AF"
    # so does one after a comma
    place = _first_place(nlp, "Gunmen killed two herders in a raid on the village of Takeo, in Burkina Faso's Sahel Region.")
    assert place is not None and place.country == "BF"


@pytest.mark.parametrize("text, country", [
    # a bare compass name before "of" is a part of that place, no district of Botswana
    ("A car bomb in the North East of Somalia killed three soldiers on Monday.", "SO"),
    # an unparsed holder in a country no other name points to does not win (Morocco's Oriental)
    ("A policeman was killed during a raid at the centre of Qatif in the Oriental province.", "SA"),
    # a country's own border with another is its side
    ("Two herders were killed when a mine exploded on a track near Chad's border with Sudan.", "TD"),
    # a theatre named for its town is in that town
    ("A grenade went off outside the National Theatre of Accra, wounding two guards.", "GH"),
    # a town on the word "metropolis" is the event's town
    ("Gunmen killed three people in the Kharkiv metropolis on Friday.", "UA"),
], ids=["compass-of", "unparsed-holder", "own-border", "theatre", "metropolis"])
def test_the_country_a_place_phrase_puts_the_event_in(nlp, text, country):
    place = _first_place(nlp, text)
    assert place is not None and place.country == country


def test_a_compass_word_before_a_country_and_a_division_noun_names_the_division(nlp):
    # "western Azerbaijan province" is Iran's West Azerbaijan; "western Azerbaijan" alone stays the country
    place = _first_place(nlp, "Rebels killed three border guards in western Azerbaijan province on Sunday.")
    assert place is not None and (place.country, place.precision) == ("IR", "region")
    place = _first_place(nlp, "Rebels killed three border guards in the province of Western Azerbaijan on Sunday.")
    assert place is not None and place.country == "IR"
    place = _first_place(nlp, "Rebels killed three border guards in western Azerbaijan on Sunday.")
    assert place is not None and place.country == "AZ"
