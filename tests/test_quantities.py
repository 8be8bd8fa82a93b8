import pytest

from flashpoint.records import Bounds
from flashpoint.resolve.quantities import find_casualties, parse_count


@pytest.mark.parametrize("text,expected", [
    ("At least seven rockets", Bounds(7, None)),
    ("up to a dozen ballistic missiles", Bounds(None, 12)),
    ("half a dozen drones", Bounds(6, 6)),
    ("over a dozen ballistic missiles", Bounds(13, None)),
    ("at least half a dozen missiles", Bounds(6, None)),
    ("more than 30 rockets", Bounds(31, None)),
    ("Ten rockets", Bounds(10, 10)),
    ("14 rockets", Bounds(14, 14)),
    ("1,200 shells", Bounds(1200, 1200)),
    ("a barrage of rockets", Bounds(2, None)),
    ("dozens of drones", Bounds(24, None)),
    ("rockets", Bounds()),
])
def test_parse_count(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("sentence,killed,injured", [
    ("They caused no casualties or damage according to base officials.", Bounds(0, 0), Bounds(0, 0)),
    ("a rocket attack that killed one civilian contractor and wounded several Americans", Bounds(1, 1), Bounds(2, None)),
    ("The rockets injured at least two people and damaged homes.", Bounds(), Bounds(2, None)),
    ("The base was hit by 14 rockets, causing minor injuries.", Bounds(), Bounds(1, None)),
    ("Three soldiers were killed and at least 40 wounded.", Bounds(3, 3), Bounds(40, None)),
    ("A contractor suffered a heart attack while sheltering and later died.", Bounds(1, None), Bounds()),
    ("Officials said no American personnel were injured.", Bounds(), Bounds(0, 0)),
])
def test_find_casualties(sentence, killed, injured):
    k, i, span = find_casualties(sentence)
    assert (k, i) == (killed, injured)
    assert span is not None and 0 <= span[0] < span[1] <= len(sentence)


def test_no_casualty_figure_gives_no_span():
    assert find_casualties("The rockets landed in an empty field.") == (Bounds(), Bounds(), None)


@pytest.mark.parametrize("text", ["99999999999 rockets", "3,000,000,000 rockets", "9" * 5000 + " rockets"])
def test_counts_clamp_to_the_ceiling(text):
    from flashpoint.records import COUNT_CEILING

    assert parse_count(text) == Bounds(COUNT_CEILING, COUNT_CEILING)


def test_a_toll_above_the_ceiling_is_clamped_and_flagged():
    from flashpoint.records import COUNT_CEILING
    from flashpoint.resolve.quantities import CLAMPED_RULE, clamp_rule

    sentence = "The blast killed 2,147,483,648 people, officials said."
    killed, _, span = find_casualties(sentence)
    assert killed == Bounds(COUNT_CEILING, COUNT_CEILING)
    assert clamp_rule("casualties.v1", sentence[span[0]:span[1]]) == f"casualties.v1; {CLAMPED_RULE}"
    assert clamp_rule("casualties.v1", "killed 12 people") == "casualties.v1"


def test_bounds_never_leave_zero_to_ceiling():
    from flashpoint.records import COUNT_CEILING

    assert Bounds(5, 2**63) == Bounds(5, COUNT_CEILING)
    assert Bounds(-3, 4) == Bounds(0, 4)
    assert Bounds(COUNT_CEILING, None).max is None


# -- the toll forms of issue 9 (item 5) -----------------------------------------
from flashpoint.resolve.toll import read_toll  # noqa: E402


@pytest.mark.parametrize("sentence,killed,injured", [
    ("Gunmen raided the village, killing 9 and burning homes.", Bounds(9, 9), Bounds()),
    ("The blast left 14 dead, officials said.", Bounds(14, 14), Bounds()),
    ("Six dead and 23 others wounded in the market blast.", Bounds(6, 6), Bounds(23, 23)),
    ("Twelve people, including a British national, were killed.", Bounds(12, 12), Bounds()),
    ("Dozens of people died, including foreign contractors.", Bounds(24, None), Bounds()),
    ("The death toll rose to 46 on Monday as rescuers cleared the rubble.", Bounds(46, 46), Bounds()),
    ("The death toll from the bombing in Madagali, Adamawa State, climbed to 12.", Bounds(12, 12), Bounds()),
    ("Two soldiers were killed and 11 others were hurt.", Bounds(2, 2), Bounds(11, 11)),
    ("Four people died and five others were injured.", Bounds(4, 4), Bounds(5, 5)),
    ("The shelling killed 15 people and wounded scores.", Bounds(15, 15), Bounds(40, None)),
    ("Hundreds were wounded when the tanker exploded.", Bounds(), Bounds(200, None)),
    ("killing more than 30 people and wounding hundreds.", Bounds(31, None), Bounds(200, None)),
    ("Rebels hacked 22 villagers to death overnight.", Bounds(22, 22), Bounds()),
    ("Militants beheaded 11 villagers, police said.", Bounds(11, 11), Bounds()),
    ("Gunmen shot dead 10 people at a tavern.", Bounds(10, 10), Bounds()),
    ("The group was blamed for the killing of four police officers.", Bounds(4, 4), Bounds()),
])
def test_toll_forms(sentence, killed, injured):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured) == (killed, injured)


@pytest.mark.parametrize("sentence,killed", [
    ("Gunmen killed seven students and a guard before troops ended the siege.", Bounds(8, 8)),
    ("A landmine killed six policemen and their driver.", Bounds(7, 7)),
    ("Five customers and one police officer were killed.", Bounds(6, 6)),
    ("Gunmen killed a journalist and his bodyguard in Tumaco.", Bounds(2, 2)),
    ("Gunmen abducted and killed the village chief of Arbinda, the government said.", Bounds(1, 1)),
    ("Scores of soldiers and volunteers were killed.", Bounds(40, None)),
])
def test_coordinated_victims_add_up(sentence, killed):
    assert read_toll(sentence).killed == killed


@pytest.mark.parametrize("sentence,injured", [
    ("The rocket wounded eleven peacekeepers, four of them seriously, the mission said.", Bounds(11, 11)),
    ("The shelling injured dozens, a medical charity said.", Bounds(24, None)),
    ("The pilot was wounded.", Bounds(1, 1)),
])
def test_parts_and_sources_are_not_more_people(sentence, injured):
    assert read_toll(sentence).injured == injured


@pytest.mark.parametrize("sentence,killed,injured", [
    ("The attack caused no casualties, security sources said.", Bounds(0, 0), Bounds(0, 0)),
    ("Rockets landed near the palace; the army said no one was hurt.", Bounds(0, 0), Bounds(0, 0)),
    ("The bus burned and no injuries were reported.", Bounds(0, 0), Bounds(0, 0)),
    ("Nobody was injured in the blast.", Bounds(0, 0), Bounds(0, 0)),
    ("A mortar round wounded two children; no one else was hurt.", Bounds(0, 0), Bounds(2, 2)),
    ("A bomb wounded five soldiers; no one was killed, the army said.", Bounds(0, 0), Bounds(5, 5)),
    ("Hundreds of families fled but no deaths were reported.", Bounds(0, 0), Bounds()),
    ("The pilot was wounded and no one was killed.", Bounds(0, 0), Bounds(1, 1)),
])
def test_zero_tolls(sentence, killed, injured):
    toll = read_toll(sentence)
    assert (toll.killed, toll.injured) == (killed, injured)


def test_no_one_is_never_one():
    # issue 9: "the army said no one was hurt" gave injured 1
    killed, injured, span = find_casualties("the army said no one was hurt")
    assert (killed, injured) == (Bounds(0, 0), Bounds(0, 0)) and span is not None


@pytest.mark.parametrize("sentence,killed,attackers", [
    ("Militants attacked the post, killing two soldiers; four attackers were also killed.", Bounds(2, 2), Bounds(4, 4)),
    ("A suicide bomber blew herself up, killing herself and eight worshippers.", Bounds(8, 8), Bounds(1, 1)),
    ("The PKK bombed a factory in which two attackers and three employees died.", Bounds(3, 3), Bounds(2, 2)),
    ("Two attackers were shot dead after they stormed the temple; one worshipper was killed.", Bounds(1, 1), Bounds(2, 2)),
    ("The bombers died and four civilians were killed.", Bounds(4, 4), Bounds()),
    ("Three insurgents were also killed after the ambush killed six soldiers.", Bounds(6, 6), Bounds(3, 3)),
])
def test_attackers_are_counted_apart(sentence, killed, attackers):
    toll = read_toll(sentence)
    assert toll.killed == killed
    assert toll.attackers_killed == attackers


def test_a_toll_needs_a_written_count_before_an_active_verb():
    # "A car bomb killed everyone": the bomb is not one victim
    assert read_toll("A car bomb killed everyone on board.").killed == Bounds()
    assert read_toll("A man stabbed shoppers, wounding six before police shot him dead.").killed == Bounds()


def test_the_army_said_no_one_was_hurt_through_the_pipeline(nlp):
    import datetime as dt

    from flashpoint.pipeline import extract_article
    from flashpoint.records import Article

    text = "Rockets struck the Kirkuk air base on Monday; the army said no one was hurt."
    mentions = [m for m in extract_article(nlp, Article(id="a", text=text, published=dt.date(2019, 5, 3)))
                if m.modality == "asserted"]
    assert mentions
    assert all((m.killed, m.injured) == (Bounds(0, 0), Bounds(0, 0)) for m in mentions)
