"""A brief's toll reaches the attack it is about (issue 9 item 5): a later sentence's
figures, a toll word the classifier typed differently, "its blast", and a second attack's
toll kept to itself. Sentences written for this test."""

from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.extract.lexicon import load_lexicon
from flashpoint.fuse import fuse
from flashpoint.pipeline import extract_article
from flashpoint.records import Article, Bounds


@pytest.fixture(scope="module")
def nlp():
    from flashpoint.nlp import build_pipeline

    return build_pipeline()


def _first_attack(nlp, text: str):
    mentions = extract_article(nlp, Article(id="t", text=text, published=dt.date(2016, 4, 2)))
    family = load_lexicon().family
    attacks = [i for i in fuse(mentions) if family(i.type) == "attack"]
    assert attacks, [m.type for m in mentions]
    return min(attacks, key=lambda i: min(m.trigger.start for m in i.mentions))


@pytest.mark.parametrize("text, killed, injured", [
    # the toll in a sentence with no event of its own
    ("Gunmen attacked a police post in Ghazni. The death toll rose to 12.", Bounds(12, 12), Bounds()),
    ("Gunmen stormed a hotel in Mogadishu. The siege ended at dawn. Nine guests died and 14 others were hurt.",
     Bounds(9, 9), Bounds(14, 14)),
    # a toll word typed as another kind of attack still tells this attack's cost
    ("Militants tried to bomb a gas pipeline near Sibi but were driven off by guards. One guard was killed.",
     Bounds(1, 1), Bounds()),
    # "its blast" points back to the grenade
    ("A grenade was lobbed into a bus station in Garissa. Its blast wounded eight travellers.",
     Bounds(), Bounds(8, 8)),
    # "in the fourth attack on the city this month" counts attacks; it turns to no other
    ("A suicide bomber struck a police compound in Khost. At least 21 people were killed in the fourth attack "
     "on the city this month.", Bounds(21, None), Bounds()),
    # one sentence, one attack, whatever types its words got
    ("A chlorine gas rocket strike on the market killed 4 and injured dozens.", Bounds(4, 4), Bounds(24, None)),
    ("An explosion near the tent of a slain tribal chief killed 9 people and wounded 12.",
     Bounds(9, 9), Bounds(12, 12)),
    # a second attack's toll is its own, not added to the first
    ("Gunmen stormed a hotel in Mogadishu. In a separate attack, a bomb killed four soldiers in Baidoa.",
     Bounds(), Bounds()),
    # a zero about a subgroup is no toll of the attack
    ("A bomb went off near the embassy in Kabul. The street was busy at the time. No foreigners were hurt.",
     Bounds(), Bounds()),
    ("A bomb went off near the embassy in Kabul. The street was busy at the time. No one was hurt.",
     Bounds(0, 0), Bounds(0, 0)),
])
def test_a_briefs_toll_reaches_its_attack(nlp, text, killed, injured):
    incident = _first_attack(nlp, text)
    assert (incident.killed, incident.injured) == (killed, injured)


@pytest.mark.parametrize("text, killed, attackers", [
    # the attackers who died are counted apart from their victims, in the sentence or after it
    ("Gunmen killed six villagers and a teacher in Zamfara; two of the attackers were also killed.",
     Bounds(7, 7), Bounds(2, 2)),
    ("A car bomb killed 11 people, including the bomber, at a checkpoint outside Mogadishu.",
     Bounds(10, 10), Bounds(1, 1)),
    ("Militants attacked an army post near Diffa. Soldiers repelled them and three assailants were killed.",
     Bounds(), Bounds(3, 3)),
    ("Gunmen attacked a church in Owo, killing 40 worshippers.", Bounds(40, 40), Bounds()),
])
def test_attackers_killed_apart_from_victims(nlp, text, killed, attackers):
    incident = _first_attack(nlp, text)
    assert (incident.killed, incident.attackers_killed) == (killed, attackers)


@pytest.mark.parametrize("text, killed", [
    ("Separate bombings in the northern city killed 12 people and wounded another 30.", 12),
    ("A series of suicide bombings killed 9 pilgrims on the road to the shrine.", 9),
    ("Bombings killed 2 and another 5 were hurt.", 2),
])
def test_plural_attacks_told_with_their_toll_are_events(nlp, text, killed):
    """A bare plural that kills a counted number is the day's attacks, not a habit."""
    assert _first_attack(nlp, text).killed == Bounds(killed, killed)


@pytest.mark.parametrize("text, injured", [
    ("Grenades were thrown at a police post, wounding two officers.", 2),
    ("Petrol bombs were thrown at the mosque, injuring three worshippers.", 3),
])
def test_plural_weapons_told_in_the_past_passive_are_events(nlp, text, injured):
    """ "Grenades were thrown": something done once, not a habit."""
    assert _first_attack(nlp, text).injured == Bounds(injured, injured)


@pytest.mark.parametrize("text", ["Car bombs have killed thousands of people since the war began.",
                                  "Attacks by militias are common in the region.",
                                  "Bombs have been thrown at the office for years."])
def test_plural_attacks_without_a_counted_toll_stay_habits(nlp, text):
    mentions = extract_article(nlp, Article(id="t", text=text, published=dt.date(2016, 4, 2)))
    assert not [m for m in mentions if m.modality == "asserted" and m.type.startswith("attack")]


@pytest.mark.parametrize("text, killed", [
    # the count stands apart from its verb: the toll is read from the parse (resolve/toll_parse.py)
    ("Eleven pilgrims, who were returning from the shrine at Karbala, were killed when a bomb exploded "
     "beside their bus.", Bounds(11, 11)),
    ("Gunmen stormed a village near Maiduguri on Sunday. Nine farmers, who had gone to their fields at dawn, "
     "were killed.", Bounds(9, 9)),
])
def test_a_toll_read_from_the_parse_reaches_its_attack(nlp, text, killed):
    assert _first_attack(nlp, text).killed == killed
