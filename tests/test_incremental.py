"""Incremental fusion against the store: the same corpus fed in one run or in random
batches over many runs ends in the same partition of mentions into incidents, ids stay
stable as reporting arrives, and every change is logged."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from flashpoint.fuse import cluster, leads_of
from flashpoint.incremental import fuse_new
from flashpoint.records import Article, Bounds
from flashpoint.store import Store

from factories import actor, cue, day, mention, place

SITES = [place("Ain al-Asad Air Base", "IQ", 33.79, 42.44, place_id="ain_al_asad"),
         place("Erbil", "IQ", 36.19, 44.01, "city"),
         place("Abu Kamal", "SY", 34.45, 40.92, "city"),
         place("Iraq", "IQ", 33.0, 44.0, "country")]
TYPES = ["attack.rocket", "attack.drone", "attack.airstrike", "attack.missile"]
PEOPLE = [actor("p1", "Abu One", "person"), actor("p2", "Abu Two", "person")]
CUE_TEXTS = ["the killing of Abu One", "the strike on Erbil", "the raid at Abu Kamal", "recent attacks"]
# a group and the umbrella it is part of (they share a key), one unrelated, a generic one (names nobody)
PERPETRATORS = [actor("kataib_hezbollah", "Kataib Hezbollah"), actor("islamic_resistance_in_iraq", "IRI"),
                actor("us_military", "US forces"), actor("iran_backed_militias", "Iran-backed militias")]
TARGETS = [actor("ain_al_asad", "Ain al-Asad", "facility"), actor(None, "a convoy")]


def _month(iso: str):
    from flashpoint.records import When

    start = dt.date.fromisoformat(iso)
    return When(start.replace(day=1), start.replace(day=28), "month", "that month")


def random_corpus(rng: random.Random, n_articles: int = 14) -> list:
    """Mentions of ``n_articles`` articles: dated, vaguely dated and undated; placed and not;
    in articles published within weeks of the events, long after them, or on no known day."""
    out = []
    for a in range(n_articles):
        published = rng.choice([None, dt.date(2021, 3, rng.randint(2, 30)), dt.date(2021, 6, 1)])
        for k in range(rng.randint(1, 3)):
            when = rng.random()
            date = (day(f"2021-03-{rng.randint(1, 6):02d}") if when < 0.6 else
                    _month("2021-03-10") if when < 0.75 else None)
            out.append(mention(f"a{a:02d}", 10 + 200 * k, rng.choice(TYPES), date=date,
                               location=rng.choice(SITES + [None, None]),
                               victims=[rng.choice(PEOPLE)] if rng.random() < 0.3 else [],
                               cues=[cue("retaliation", rng.choice(CUE_TEXTS), f"a{a:02d}")] if rng.random() < 0.2 else [],
                               perpetrator=rng.choice(PERPETRATORS) if rng.random() < 0.4 else None,
                               targets=[rng.choice(TARGETS)] if rng.random() < 0.2 else [],
                               count=Bounds(5, 5) if rng.random() < 0.2 else Bounds(),
                               sentence_start=200 * k).replace(published=published))
    return out


def feed(db, batches, at=None) -> Store:
    """Store each batch (whole articles) and fuse it into what is stored, as a run does."""
    store = Store(db)
    for i, batch in enumerate(batches):
        articles = sorted({m.article for m in batch})
        store.add_articles([(Article(a, f"text of {a}"), None) for a in articles])
        store.add_mentions(batch)
        store.set_leads(leads_of(batch))
        with store.transaction():
            fuse_new(store, batch, run=f"run-{i}", at=at or dt.datetime(2024, 1, 1, 0, 0, i))
            store.set_state(articles, "fused")
    return store


def partition(store: Store) -> list[list[str]]:
    rows = store.con.execute("SELECT list(id ORDER BY id) FROM mentions WHERE incident IS NOT NULL GROUP BY incident")
    return sorted(r[0] for r in rows.fetchall())


def links_by_members(store: Store) -> set:
    """responds_to links as (first mention of the source, of the target): ids may differ between stores."""
    first = dict(store.con.execute("SELECT incident, min(id) FROM mentions WHERE incident IS NOT NULL"
                                   " GROUP BY incident").fetchall())
    return {(first[s], first[t]) for s, t in store.links()}


def links_of_all_profiles(store: Store) -> set:
    """Each incident's links resolved against every stored profile allowed by the window
    (an attack placed in the year before it: ``store.link_day``, ``store.LINK_DAYS``)."""
    import datetime as dt

    from flashpoint.escalation import resolve_links
    from flashpoint.store import LINK_DAYS

    profiles = store.profiles()
    days = store.link_days([p.id for p in profiles])
    targets = {c.target_mention for p in profiles for _, c in p.cues if c.target_mention}
    incident_of = store.incident_of(targets)
    first = dict(store.con.execute("SELECT incident, min(id) FROM mentions WHERE incident IS NOT NULL"
                                   " GROUP BY incident").fetchall())
    out = set()
    for p in profiles:
        end = p.end or days.get(p.id)
        allowed = [o for o in profiles if o.id == p.id or o.id in incident_of.values() or
                   (end and days.get(o.id) and end - dt.timedelta(days=LINK_DAYS) <= days[o.id] <= end)]
        for link in resolve_links(allowed, incident_of).get(p.id, ()):
            out.add((first[link.source], first[link.target]))
    return out


def by_article(mentions):
    groups: dict[str, list] = {}
    for m in mentions:
        groups.setdefault(m.article, []).append(m)
    return list(groups.values())


@pytest.mark.parametrize("seed", range(12))
def test_random_batches_end_in_the_partition_of_one_fusion(tmp_path, seed):
    rng = random.Random(seed)
    corpus = random_corpus(rng)
    expected = sorted(sorted(m.id for m in g) for g in cluster(corpus))
    articles = by_article(corpus)
    rng.shuffle(articles)
    cuts = sorted(rng.sample(range(1, len(articles)), k=min(len(articles) - 1, rng.randint(1, 6))))
    batches = [sum(articles[i:j], []) for i, j in zip([0] + cuts, cuts + [len(articles)])]
    with feed(tmp_path / "batches.duckdb", batches) as store:
        assert partition(store) == expected
        assert store.counts()["incidents"] == len(expected)
        links = links_by_members(store)
        assert links == links_of_all_profiles(store)   # what resolving every stored profile gives
    with feed(tmp_path / "one.duckdb", [corpus]) as store:
        assert partition(store) == expected
        assert links_by_members(store) == links


def test_an_incident_keeps_its_id_as_reporting_arrives(tmp_path):
    asad = SITES[0]
    first = mention("a1", 10, date=day("2021-03-03"), location=asad)
    later = mention("a2", 10, date=day("2021-03-03"), location=asad, count=Bounds(10, 10))
    with feed(tmp_path / "db.duckdb", [[first]]) as store:
        [(before,)] = store.con.execute("SELECT id FROM incidents").fetchall()
    with feed(tmp_path / "db.duckdb", [[later]], at=dt.datetime(2024, 2, 1)) as store:
        [(after, n)] = store.con.execute("SELECT id, n_mentions FROM incidents").fetchall()
        changes = [(c["incident"], c["change"]) for c in store.changes_since("2024-01-15")]
    assert after == before and n == 2
    assert changes == [(before, "updated")]


def test_a_merge_leaves_a_redirect_and_the_log_says_so(tmp_path):
    asad = SITES[0]
    a = mention("a1", 10, date=day("2021-03-02"), location=asad)
    b = mention("a2", 10, date=day("2021-03-04"), location=asad)     # two days apart: never one event
    bridge = mention("a3", 10, date=day("2021-03-03"), location=asad)
    with feed(tmp_path / "db.duckdb", [[a, b]]) as store:
        ids = sorted(r[0] for r in store.con.execute("SELECT id FROM incidents").fetchall())
    assert len(ids) == 2
    with feed(tmp_path / "db.duckdb", [[bridge]], at=dt.datetime(2024, 3, 1)) as store:
        [(survivor,)] = store.con.execute("SELECT id FROM incidents").fetchall()
        [gone] = [i for i in ids if i != survivor]
        assert survivor in ids
        assert store.resolve_id(gone) == survivor and store.resolve_id(survivor) == survivor
        assert store.resolve_id("inc_nothing") is None
        log = {(c["incident"], c["change"], c["other"]) for c in store.changes_since(dt.datetime(2024, 2, 1))}
        assert (gone, "merged", survivor) in log and (survivor, "updated", None) in log
        assert [d["id"] for d in store.incident_docs_since("2024-02-01")] == [survivor]


def test_changes_since_reads_dates_and_refuses_what_is_not_one(tmp_path):
    from flashpoint.changes import changes_since
    from flashpoint.errors import StoreError

    with feed(tmp_path / "db.duckdb", [[mention("a1", 10, date=day("2021-03-03"), location=SITES[0])]]) as store:
        assert [c["change"] for c in changes_since(store.con, dt.date(2023, 12, 31))] == ["created"]
        assert changes_since(store.con, "2024-01-02") == []
        with pytest.raises(StoreError, match="YYYY-MM-DD"):
            changes_since(store.con, "yesterday")


@pytest.mark.parametrize("seed", range(5))
def test_the_candidate_rule_is_the_one_fusion_scores_by(seed, tmp_path):
    """The pairs ``cluster`` scores are exactly those ``could_pair`` allows, and the index
    and the store query incremental fusion looks candidates up with find exactly those."""
    from collections import defaultdict

    from flashpoint.fuse import CandidateIndex, _block_key, _candidate_pairs, could_pair

    corpus = random_corpus(random.Random(100 + seed), n_articles=20)
    blocks = defaultdict(list)
    for m in sorted(corpus, key=lambda m: m.id):
        blocks[_block_key(m)].append(m)
    scored = []
    for (family, country), members in blocks.items():
        pool = blocks.get((family, "?"), []) if country != "?" else []
        scored += [frozenset((a.id, b.id)) for a, b in _candidate_pairs(members, pool)]
    allowed = {frozenset((a.id, b.id)) for a in corpus for b in corpus if a.id != b.id and could_pair(a, b)}
    assert set(scored) == allowed and len(scored) == len(allowed)   # each pair once
    assert any(not could_pair(a, b) for a in corpus for b in corpus if _block_key(a) == _block_key(b))
    index = CandidateIndex([(m, m.id) for m in corpus])
    with feed(tmp_path / "db.duckdb", [corpus]) as store:
        for m in corpus:
            expected = {o.id for o in corpus if o.id != m.id and could_pair(m, o)}
            assert {c.id for c, _ in index.near(m)} - {m.id} == expected
            assert {c.id for c, _, _ in store.candidates([m])} - {m.id} == expected


@pytest.mark.parametrize("seed", range(5))
def test_an_unanchored_mention_is_left_out_only_of_pairs_that_cannot_merge(seed):
    """Undated mentions placed no finer than a region meet the year before their article
    only through an evidence key; every pair of overlapping windows that rule leaves out
    is one ``pair_score`` refuses anyway, so fusion's result does not change."""
    from flashpoint.fuse import _block_key, _unanchored, _window, could_pair, pair_score

    corpus = random_corpus(random.Random(200 + seed), n_articles=30)
    left_out = 0
    for a in corpus:
        for b in corpus:
            (fa, ca), (fb, cb) = _block_key(a), _block_key(b)
            wa, wb = _window(a), _window(b)
            if a.id >= b.id or fa != fb or (ca != cb and "?" not in (ca, cb)) or None in (wa, wb):
                continue
            if (wa[0] - wb[1]).days <= 1 and (wb[0] - wa[1]).days <= 1 and not could_pair(a, b):
                assert _unanchored(a) or _unanchored(b)
                assert pair_score(a, b) is None
                left_out += 1
    assert left_out > 0


def test_a_report_naming_no_country_regroups_only_its_best_partners_incident(tmp_path):
    """A country-less report scores with the group's attacks of the day in every country but
    joins only the best: the step regroups that incident alone, and ends where one fusion does."""
    from flashpoint.fuse import MERGE_AT, pair_score

    kh = PERPETRATORS[0]
    stored = [mention("a1", 10, date=day("2021-03-03"), location=SITES[1], perpetrator=kh),     # Erbil, IQ
              mention("a2", 10, date=day("2021-03-03"), location=SITES[2], perpetrator=kh)]     # Abu Kamal, SY
    report = mention("a3", 10, date=day("2021-03-03"), perpetrator=kh)
    assert all(pair_score(report, m) >= MERGE_AT for m in stored)    # either could be its partner
    with feed(tmp_path / "db.duckdb", [stored]) as store:
        store.add_articles([(Article("a3", "text of a3"), None)])
        store.add_mentions([report])
        store.set_leads(leads_of([report]))
        with store.transaction():
            summary = fuse_new(store, [report], run="run-x", at=dt.datetime(2024, 1, 2))
        assert summary.regrouped == 2          # the report and its one partner, not both attacks
        assert partition(store) == sorted(sorted(m.id for m in g) for g in cluster(stored + [report]))
