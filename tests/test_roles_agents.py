"""Who did it when the event's own words name no one (issue 9 item 4): the doer of harm
anywhere in the sentence, a lone attacker named as a person, and a group a demonym only
describes. Sentences written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.extract.lexicon import load_lexicon
from flashpoint.fuse import fuse
from flashpoint.pipeline import extract_article
from flashpoint.records import Article


@pytest.fixture(scope="module")
def nlp():
    from flashpoint.nlp import build_pipeline

    return build_pipeline()


def _first(nlp, text: str):
    mentions = extract_article(nlp, Article(id="t", text=text, published=dt.date(2016, 4, 2)))
    family = load_lexicon().family
    attacks = [i for i in fuse(mentions) if family(i.type) == "attack"]
    assert attacks, [m.type for m in mentions]
    return min(attacks, key=lambda i: min(m.trigger.start for m in i.mentions))


@pytest.mark.parametrize("text, actor_id", [
    # the parser reads the verb as a noun and the name as its modifier
    ("ETA bombs a barracks outside Pamplona.", "eta"),
    # the frame sits on one word, the doer on another verb of the sentence
    ("Two villagers were killed and three soldiers wounded when Boko Haram fighters raided a village near Bama.",
     "boko_haram"),
    # "by X" wherever the parser hangs it
    ("The army lost two officers to a roadside mine and an ambush by Boko Haram near Gwoza on Monday.", "boko_haram"),
    ("A district judge was shot along with his two guards by the ELN outside Cucuta.", "eln"),
    # a member of a group, alone or in apposition to a name
    ("A member of Lashkar-e-Jhangvi attacked a shopkeeper in Quetta, leaving him dead.", "lashkar_e_jhangvi"),
])
def test_doer_elsewhere_in_the_sentence(nlp, text, actor_id):
    first = _first(nlp, text)
    assert first.perpetrator is not None and first.perpetrator.id == actor_id, first.perpetrator


def test_an_armed_group_before_the_wounded_soldiers(nlp):
    # "soldiers" is the subject of "injured" here, but Boko Haram did the raiding
    first = _first(nlp, "Two civilians were killed, four soldiers injured and 30 huts burned when Boko Haram "
                        "gunmen raided a village near Konduga.")
    assert first.perpetrator.id == "boko_haram"


def test_lone_attacker_named_as_a_person(nlp):
    first = _first(nlp, "Retired teacher Halvard Stensrud opened fire on shoppers at a mall in Bergen, wounding four.")
    assert first.perpetrator is not None
    assert first.perpetrator.name == "Halvard Stensrud" and first.perpetrator.type == "person"


def test_a_person_on_the_event_noun_is_not_the_attacker(nlp):
    # "the Kowalski assassination", a street named after someone: no attacker named
    first = _first(nlp, "Maple Grove Street bombing: a bomb exploded near a bakery, wounding two passers-by.")
    assert first.perpetrator is None or first.perpetrator.type != "person"


def test_demonym_only_describes_the_group(nlp):
    first = _first(nlp, "A settler was abducted and killed by the Palestinian militant group, the Popular "
                        "Resistance Committees, near Hebron.")
    assert first.perpetrator.id == "popular_resistance_committees"


@pytest.mark.parametrize("text, actor_id", [
    # two subjects for one verb: the headline's noun and the doers
    ("2014 Damboa massacre: Boko Haram gunmen opened fire on traders at a cattle market.", "boko_haram"),
    # the people's group: "tied to", "who defected to", "made up of", "a group of men belonging to"
    ("An Afghan soldier tied to the Taliban shot dead six of his comrades at a base in Helmand.", "taliban"),
    ("Farmers were attacked at night near Vavuniya by a band made up of LTTE cadres.", "ltte"),
    ("A group of men belonging to ISIL stormed a college in Ramadi and took students hostage.", "islamic_state"),
    # "the attackers were X", a clash with a named armed group, "an ambush of X"
    ("A nun was shot in her car near Oicha. The attackers were the Allied Democratic Forces.", "allied_democratic_forces"),
    ("Three soldiers were killed in a firefight with PKK militants near Semdinli.", "pkk"),
    ("An ambush of the FARC left six soldiers dead in Caqueta.", "farc"),
    # cadres, a branch, a wing of a group
    ("Twelve bus passengers were killed by the cadres of the LTTE near Batticaloa.", "ltte"),
    ("The southern wing of al-Shabaab killed two traders at a checkpoint near Kismayo.", "al_shabaab"),
    # a unit of a group
    ("Rebels from the 34th front of the FARC ambushed a police patrol near Ituango.", "farc"),
    # "the militant group X" after its description
    ("The separatist group the Ulster Volunteer Force planted a bomb in a pub in Belfast.", "uvf"),
])
def test_more_ways_of_naming_the_doer(nlp, text, actor_id):
    first = _first(nlp, text)
    assert first.perpetrator is not None and first.perpetrator.id == actor_id, first.perpetrator


def test_a_clash_with_an_army_names_no_perpetrator(nlp):
    first = _first(nlp, "Two rebels died in a clash with the Colombian army near Tumaco.")
    assert first.perpetrator is None or first.perpetrator.id != "colombia_armed_forces"


@pytest.mark.parametrize("text", [
    "2016 Pakistan bombings: a bomb killed nine people at a bus stand in Quetta.",
    "Car bomb at a market in Kabul, Afghanistan kills 30 people.",
])
def test_a_country_named_as_the_place_is_not_the_bomber(nlp, text):
    first = _first(nlp, text)
    assert first.perpetrator is None or first.perpetrator.type != "state", first.perpetrator


@pytest.mark.parametrize("text, actor_id", [
    ("Israeli airstrikes hit a house in Gaza, killing four.", "israel"),
    ("US strikes on militia sites in Syria killed 12 fighters on Friday.", "united_states"),
])
def test_a_state_still_strikes_by_name(nlp, text, actor_id):
    assert _first(nlp, text).perpetrator.id == actor_id


def test_a_copula_frame_takes_no_doer(nlp):
    # "the officers inside were unharmed" does not make the police the attackers
    first = _first(nlp, "A rocket was fired at an armoured jeep in Newry. The police officers inside were unharmed. "
                        "It has been blamed on dissident republicans.")
    assert first.perpetrator.id == "dissident_republicans"


@pytest.mark.parametrize("text, name", [
    ("The attacker, identified as Rachid Benali, stabbed two police officers outside a station in Lyon.",
     "Rachid Benali"),
    ("A Canadian-born man named Dmitri Volkov stabbed three shoppers at a market in Halifax.", "Dmitri Volkov"),
    # "tries to assassinate": the doer is the subject of the verb the attack verb completes
    ("Retired soldier John Keller tries to assassinate the mayor of Denver outside city hall.", "John Keller"),
])
def test_the_attacker_named_by_a_description(nlp, text, name):
    first = _first(nlp, text)
    assert first.perpetrator is not None and first.perpetrator.name == name, first.perpetrator
    assert first.perpetrator.type == "person"
