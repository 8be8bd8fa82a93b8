"""The toll read from the dependency parse where the string reader reads none (issue 9).

Every sentence is written for this test. Each positive case puts something between the
count and its toll word (a relative clause, an aside, a preposition, a raising verb, a
chain of verbs) or names a single victim as the toll verb's object; each negative case has
a count or a name that is no victim.
"""

from __future__ import annotations

import pytest

from flashpoint.records import Bounds
from flashpoint.resolve.toll import Toll, read_toll
from flashpoint.resolve.toll_parse import fill_from_parse, read_parse_toll


def _sentence(nlp, text: str):
    sents = list(nlp(text).sents)
    assert len(sents) == 1, [s.text for s in sents]
    return sents[0]


def _toll(nlp, text: str) -> Toll:
    sent = _sentence(nlp, text)
    return fill_from_parse(sent, read_toll(sent.text))


@pytest.mark.parametrize("text, killed", [
    # a raising verb between the subject and the toll
    ("Nine villagers were believed to have been killed in the raid on the settlement.", Bounds(9, 9)),
    # an adverb, then a second group with a verb of its own
    ("Six pilgrims were accidentally killed and four others hurt when the shell landed.", Bounds(6, 6)),
    # an apposition after the count
    ("Officials said at least 20 people, all of them traders, were killed in the market.", Bounds(20, None)),
    # a relative clause
    ("Fourteen miners, who had been returning from a shift at the quarry, were killed by the gunmen.",
     Bounds(14, 14)),
    # two verbs in a chain
    ("Three aid workers were pulled from their vehicle and shot dead near the border.", Bounds(3, 3)),
    # an aside of ages
    ("Two brothers, aged 17 and 19, were shot dead at a checkpoint outside the village.", Bounds(2, 2)),
    # a preposition phrase naming where the victims worked
    ("Seven workers with a Chinese construction firm have been killed in the province.", Bounds(7, 7)),
    # "died" after a long subject
    ("Four children, who were playing near the school when the shell exploded, died.", Bounds(4, 4)),
    # a place in the subject's preposition is no single victim
    ("Two police officers in Port Harcourt, Rivers were shot and killed at a roadblock.", Bounds(2, 2)),
    # a number written with a hyphen before its scale
    ("Two-hundred prisoners, who had been held in the camp for months, were executed.", Bounds(200, 200)),
])
def test_count_apart_from_its_verb(nlp, text, killed):
    assert read_toll(text).killed == Bounds()          # the string reader alone misses it
    assert _toll(nlp, text).killed == killed


def test_part_of_the_wounded_who_died(nlp):
    # the later deaths of some of the wounded are deaths the sentence tells
    assert _toll(nlp, "Three of the wounded, who had been taken to the provincial hospital, died on Sunday.").killed \
        == Bounds(3, 3)


def test_named_victims_count_one_each(nlp):
    text = "Ruiz, a retired judge, and Mendoza, his driver, were killed when the car was ambushed."
    assert read_toll(text).killed == Bounds()
    assert _toll(nlp, text).killed == Bounds(2, 2)


def test_named_victim_as_object_counts_one(nlp):
    text = "Gunmen on a motorbike killed Rahim Ullah Khan, a local journalist, outside his home in Peshawar."
    assert _toll(nlp, text).killed == Bounds(1, 1)


def test_attackers_beside_victims_counted_apart(nlp):
    toll = _toll(nlp, "At least 12 suspected rebels and three policemen from the rapid response unit "
                      "were killed in the clash.")
    assert toll.killed == Bounds(3, 3)
    assert toll.attackers_killed == Bounds(12, None)


def test_injured_from_an_object_with_its_own_aside(nlp):
    toll = _toll(nlp, "The grenade exploded in the bazaar, wounding a shopkeeper's son and at least four other "
                      "people, witnesses said.")
    assert toll.injured == Bounds(5, None)


@pytest.mark.parametrize("text", [
    "Two bombs, which were hidden in shopping bags, exploded in the market.",
    "Three vehicles were damaged and five suspects were arrested near the scene.",
    "Five suspects, who were detained after the attack, were questioned by the police.",
    "The gunmen had tried to kill the governor of the province twice before.",
    "A man stabbed two shoppers; police shot and wounded him.",
    "Six people were either killed or wounded in the blast near the mosque.",
    "Two of them were wounded by shrapnel from the second shell.",
    "The attack came a week after the funeral of Abdul Karim (killed by militants in March).",
    "Militants in Kunduz, Afghanistan were blamed for the attack.",
])
def test_no_victims_counted(nlp, text):
    parsed = read_parse_toll(_sentence(nlp, text))
    assert parsed.killed == Bounds() and parsed.injured == Bounds()


@pytest.mark.parametrize("text, killed", [
    # an age or a date beside the victim is no count
    ("A farmer, 45, who had refused to pay the militants, was killed in his field on 12 March 2015.",
     Bounds(1, 1)),
    ("Sergeant Ali Reza 31, of the border police, was killed at the crossing.", Bounds(1, 1)),
])
def test_ages_and_dates_are_no_counts(nlp, text, killed):
    assert _toll(nlp, text).killed == killed


def test_a_figure_the_string_reader_found_stands(nlp):
    sent = _sentence(nlp, "Gunmen killed seven guards who were protecting the depot and five policemen.")
    string = read_toll(sent.text)
    assert string.killed.known
    assert fill_from_parse(sent, string).killed == string.killed


def test_a_zero_is_left_to_the_string_reader(nlp):
    sent = _sentence(nlp, "No soldiers, who were guarding the gate at the time, were killed.")
    assert read_parse_toll(sent).killed == Bounds()


def test_things_burned_down_are_no_toll(nlp):
    text = "Over 40 shops, a clinic and a school in the old quarter were burned down by the mob."
    assert read_parse_toll(_sentence(nlp, text)).killed == Bounds()


@pytest.mark.parametrize("text", [
    "Two of the accused were sentenced to death by the military court.",
    "He was the fourth journalist killed in the state this year.",
    "The civil war killed more than half a million people over a decade.",
    "Twelve soldiers and an unknown number of insurgents who had stormed the base were killed in the fighting.",
])
def test_counts_the_reader_cannot_take(nlp, text):
    assert read_parse_toll(_sentence(nlp, text)).killed == Bounds()



@pytest.mark.parametrize("text, killed, injured", [
    # "them both": two
    ("Gunmen stopped a taxi carrying two teachers outside Quetta, killing them both.", Bounds(2, 2), Bounds()),
    # a verb of dying chained to a passive one
    ("A shopkeeper had been shot several times during the robbery and died at the scene.", Bounds(1, 1), Bounds()),
    ("The guard was badly burned in the blast and died in hospital on Friday.", Bounds(1, 1), Bounds()),
])
def test_chained_and_paired_toll_verbs(nlp, text, killed, injured):
    toll = _toll(nlp, text)
    assert (toll.killed, toll.injured) == (killed, injured)


@pytest.mark.parametrize("text, injured", [
    # a second passive with its verb left out
    ("A district judge was killed and his bodyguard wounded when the convoy was ambushed.", Bounds(1, 1)),
    ("A customs officer was killed and a porter wounded at the border post.", Bounds(1, 1)),
    # "leaving them with wounds": the victims are the object before
    ("A man stabbed three passengers on the tram, leaving them with light wounds.", Bounds(3, 3)),
])
def test_injured_told_without_its_own_verb(nlp, text, injured):
    assert _toll(nlp, text).injured == injured


def test_each_group_of_victims_counted(nlp):
    # a list the parser reads as an apposition with conjuncts: one person has no breakdown
    text = ("The governor's secretary, another clerk and three porters who had been carrying supplies to the camp "
            "were killed by the mine.")
    assert _toll(nlp, text).killed == Bounds(5, 5)


def test_a_list_cut_in_two_by_the_parser_is_no_count_of_one(nlp):
    # parsed as two subjects: reading the first alone would say one person was hurt
    text = "The mayor's driver, a passing cyclist and two traffic wardens standing near the junction were injured."
    assert read_parse_toll(_sentence(nlp, text)).injured in (Bounds(), Bounds(4, 4))


def test_a_family_is_no_count(nlp):
    text = "A retired teacher and his family, who had returned to the village in May, were killed in the raid."
    assert read_parse_toll(_sentence(nlp, text)).killed == Bounds()


def test_a_subject_with_a_toll_of_its_own_is_not_the_next_verbs(nlp):
    # misparsed as two subjects of "wounded": the first has its own (misspelt) "killed"
    parsed = read_parse_toll(_sentence(nlp, "fourteen people where killed and six others were wounded."))
    assert parsed.injured in (Bounds(), Bounds(6, 6))
    assert parsed.killed in (Bounds(), Bounds(14, 14))
