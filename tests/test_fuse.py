import random

from hypothesis import given, settings, strategies as st

from flashpoint.fuse import cluster, fuse, pair_score
from flashpoint.records import Bounds

from factories import actor, day, mention, place, stance

ASAD = dict(lat=33.79, lon=42.44)
ERBIL_AIRPORT = dict(lat=36.24, lon=43.96)


def asad(precision="site"):
    return place("Ain al-Asad Air Base", "IQ", precision=precision, place_id="ain_al_asad", **ASAD)


def test_same_site_same_day_merge_across_articles():
    a = mention("a1", 10, "attack.rocket", date=day("2021-03-03"), location=asad(), count=Bounds(10, 10))
    b = mention("a2", 40, "attack.rocket", date=day("2021-03-03"), location=asad(), count=Bounds(10, 10))
    [inc] = fuse([a, b])
    assert {m.article for m in inc.mentions} == {"a1", "a2"}
    assert inc.sources == 2


def test_different_dates_do_not_merge():
    a = mention("a1", 10, date=day("2021-03-03"), location=asad())
    b = mention("a2", 10, date=day("2021-07-07"), location=asad())
    assert len(fuse([a, b])) == 2


def test_far_apart_places_do_not_merge():
    a = mention("a1", 10, date=day("2021-03-03"), location=asad())
    b = mention("a2", 10, date=day("2021-03-03"),
                location=place("Erbil International Airport", "IQ", place_id="erbil_airport", **ERBIL_AIRPORT))
    assert pair_score(a, b) is None


def test_events_listed_in_one_sentence_stay_apart():
    a = mention("a1", 10, "attack.drone", date=day("2021-05-08"), sentence_start=0)
    b = mention("a1", 60, "attack.drone", date=day("2021-05-08"), sentence_start=0)
    assert pair_score(a, b) is None


def test_named_victim_joins_an_undated_mention_to_its_event():
    soleimani = actor("qassem_soleimani", "Qassem Soleimani", "person")
    dated = mention("a1", 10, "attack.drone", date=day("2020-01-03"),
                    location=place("Baghdad International Airport", "IQ", 33.26, 44.23), victims=[soleimani])
    passing = mention("a2", 90, "attack.drone", victims=[soleimani])
    unrelated = mention("a3", 5, "attack.drone", date=day("2021-06-26"))
    incidents = fuse([dated, passing, unrelated])
    assert sorted(len(i.mentions) for i in incidents) == [1, 2]


def test_count_contradiction_is_kept_with_sources():
    us, kurds = actor("united_states", "United States"), actor("kurdistan_regional_government", "KRG")
    a = mention("a1", 10, "attack.missile", date=day("2022-03-13"), count=Bounds(6, None), source=us,
                location=place("Erbil", "IQ", 36.19, 44.01, "city"))
    b = mention("a1", 300, "attack.missile", date=day("2022-03-13"), count=Bounds(None, 12), source=kurds,
                location=place("Erbil", "IQ", 36.19, 44.01, "city"))
    [inc] = fuse([a, b])
    [conflict] = [c for c in inc.conflicts if c.field == "weapon.count"]
    assert {v["source_actor"] for v in conflict.values} == {"united_states", "kurdistan_regional_government"}
    assert inc.weapon_count == Bounds(6, 12)   # the intersection of both sources' bounds
    assert "intersection" in conflict.rule


def test_perpetrator_takes_the_strongest_stance():
    irgc, militias = actor("irgc", "IRGC"), actor("iran_backed_militias", "Iran-backed militias")
    m = mention("a1", 10, date=day("2022-03-13"),
                stances=[stance("suspected", militias), stance("claimed", irgc), stance("unclaimed", None)])
    [inc] = fuse([m])
    assert inc.perpetrator.id == "irgc" and inc.perpetrator_status == "claimed"
    assert {s.stance for s in inc.responsibility} == {"suspected", "claimed", "unclaimed"}


def test_only_asserted_mentions_become_incidents():
    m = mention("a1", 10, modality="hypothetical", date=day("2021-03-03"))
    assert fuse([m]) == []


def test_near_duplicate_articles_count_once():
    a = mention("a1", 10, date=day("2021-03-03"), location=asad())
    b = mention("a2", 10, date=day("2021-03-03"), location=asad())
    [inc] = fuse([a, b], duplicates={"a2": "a1"})
    assert inc.sources == 1


_pool = [
    mention("a1", 10, "attack.rocket", date=day("2021-03-03"), location=asad()),
    mention("a2", 20, "attack.rocket", date=day("2021-03-03"), location=asad()),
    mention("a3", 30, "attack.rocket", date=day("2021-03-04"), location=asad("city")),
    mention("a4", 40, "attack.drone", date=day("2021-05-08"), location=asad()),
    mention("a5", 50, "attack.drone", victims=[actor("x", "X", "person")]),
    mention("a6", 60, "attack.drone", victims=[actor("x", "X", "person")], date=day("2021-05-08")),
    mention("a7", 70, "attack.airstrike", date=day("2021-02-25"),
            location=place("Abu Kamal", "SY", 34.45, 40.92, "city")),
]


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_fusion_does_not_depend_on_input_order(rnd: random.Random):
    shuffled = _pool[:]
    rnd.shuffle(shuffled)
    expected = [[m.id for m in g] for g in cluster(_pool)]
    assert [[m.id for m in g] for g in cluster(shuffled)] == expected
    assert [i.id for i in fuse(shuffled)] == [i.id for i in fuse(_pool)]


def test_one_article_telling_a_bombing_twice_in_two_words_merges():
    # a headline's undated, unplaced "bombing" and the story's "suicide bombing" in a city a
    # sentence later: one attack, even though the two words gave two explosive types
    head = mention("a1", 20, "attack.bombing", sentence_start=0)
    story = mention("a1", 150, "attack.suicide_bombing", sentence_start=100,
                    location=place("Jerusalem", "IL", 31.78, 35.22, precision="city", place_id="jerusalem"))
    assert pair_score(head, story) >= 2.0
    assert len(fuse([head, story])) == 1
    # across articles the two types stay as they were: no extra credit
    other = mention("a2", 150, "attack.suicide_bombing", sentence_start=100)
    assert pair_score(head, other) is None or pair_score(head, other) < 2.0


def test_a_report_that_names_no_country_never_chains_two_countries():
    """One group's attacks of one day in Iraq and in Syria each score with a report that
    names the group and the day but no place; it joins the better one, not both."""
    kh = actor("kataib_hezbollah", "Kataib Hezbollah")
    erbil = mention("a1", 10, date=day("2021-03-03"), location=place("Erbil", "IQ", 36.19, 44.01, "city"),
                    perpetrator=kh, count=Bounds(3, 3))
    abu_kamal = mention("a2", 10, date=day("2021-03-03"), location=place("Abu Kamal", "SY", 34.45, 40.92, "city"),
                        perpetrator=kh)
    nowhere = mention("a3", 10, date=day("2021-03-03"), perpetrator=kh, count=Bounds(3, 3))
    assert pair_score(nowhere, erbil) >= 2.0 and pair_score(nowhere, abu_kamal) >= 2.0
    groups = sorted(sorted(m.article for m in g) for g in cluster([erbil, abu_kamal, nowhere]))
    assert groups == [["a1", "a3"], ["a2"]]   # the rocket count agrees with Erbil's
