"""Every engine must find exactly the mentions the local engine finds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import sys

import pytest

from flashpoint.config import Settings
from flashpoint.engines import get_engine, pool
from flashpoint.errors import ConfigError
from flashpoint.records import Article

TEXTS = {
    "eng-1": (dt.date(2024, 1, 29),
              "Three American soldiers were killed on Sunday when a drone struck Tower 22, a small "
              "outpost in northeastern Jordan near the Syrian border, US officials said. Dozens more "
              "were injured. Washington blamed militias backed by Iran for the attack."),
    "eng-2": (dt.date(2024, 2, 3),
              "The United States carried out airstrikes on Friday against more than 85 targets in Iraq "
              "and Syria, hitting command centres and weapons depots used by the Revolutionary Guards "
              "and allied militias. The Pentagon said the strikes were a response to the drone attack "
              "that killed three soldiers in Jordan."),
    "eng-3": (dt.date(2020, 1, 8),
              "Iran fired more than a dozen ballistic missiles at Ain al-Asad air base in western Iraq "
              "early on Wednesday. No one was killed, the Iraqi military said. The Revolutionary Guards "
              "claimed responsibility, calling the barrage revenge for the killing of Qassem Soleimani."),
    "eng-4": (dt.date(2023, 10, 20),
              "Two rockets landed inside the Baghdad International Airport complex on Thursday night, "
              "wounding one contractor, according to an Iraqi security source. No group has claimed "
              "the attack. Kataib Hezbollah denied any involvement in a statement on Friday."),
    "eng-5": (dt.date(2021, 7, 7),
              "A drone carrying explosives hit Erbil airport late on Tuesday, the Kurdistan region's "
              "interior ministry said. Nobody was hurt. Officials in Erbil suspect an Iran-aligned "
              "faction launched it from a village south of the city."),
    "eng-6": (dt.date(2019, 12, 30),
              "American jets bombed five sites belonging to Kataib Hezbollah in Iraq and Syria on "
              "Sunday, killing at least 25 fighters and wounding 51, the group said. US officials "
              "described the raids as retaliation for the rocket attack on the K1 base near Kirkuk."),
    "eng-7": (dt.date(2024, 3, 2),
              "Local farmers in the valley said the harvest was the best in a decade. Prices at the "
              "market in the town rose slightly after the regional council approved a new road."),
}

ARTICLES = [Article(id=k, text=text, published=published, source=f"{k}.txt") for k, (published, text) in TEXTS.items()]


def _key(mention):
    return (mention.article, mention.trigger.start, mention.id)


def _mentions(engine, settings, progress=None):
    return sorted((m for batch in engine.map_articles(ARTICLES, settings, progress=progress) for m in batch), key=_key)


@pytest.fixture(scope="module")
def local_mentions():
    mentions = _mentions(get_engine("local"), Settings())
    assert mentions, "the local engine found no mentions in the test articles"
    return mentions


def test_chunk_size_spreads_work_and_respects_batch_size():
    assert pool.chunk_size(7, 2, 32) == 1
    assert pool.chunk_size(200, 2, 32) == 25
    assert pool.chunk_size(10_000, 2, 32) == 32
    assert pool.chunk_size(1, 4, 32) == 1


def test_pool_engine_matches_local(local_mentions):
    seen: list[tuple[int, int]] = []
    settings = Settings(processes=2, batch_size=2)
    batches = list(pool.map_articles(ARTICLES, settings, progress=lambda done, total: seen.append((done, total))))
    mentions = sorted((m for batch in batches for m in batch), key=_key)
    assert mentions == local_mentions
    assert len(batches) == len(ARTICLES)          # chunks of one article each
    assert seen[-1] == (len(ARTICLES), len(ARTICLES))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_pool_engine_with_no_articles_yields_nothing():
    assert list(pool.map_articles([], Settings(processes=2))) == []


def test_ray_engine_without_ray_says_how_to_install(monkeypatch):
    from flashpoint.engines import ray_engine

    monkeypatch.setitem(sys.modules, "ray", None)    # makes `import ray` raise ImportError
    with pytest.raises(ConfigError, match=r"pip install 'flashpoint\[scale\]'"):
        list(ray_engine.map_articles(ARTICLES, Settings(engine="ray")))


needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                               reason="ray is not installed: pip install 'flashpoint[scale]' to test the ray engine")


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray runtime on 2 CPUs for this module's ray tests."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield ray
    ray.shutdown()


RAY = Settings(engine="ray", processes=2, batch_size=4)


@needs_ray
def test_ray_engine_matches_local(local_mentions, local_ray, tmp_path):
    seen: list[int] = []
    settings = Settings(engine="ray", processes=2, batch_size=4, extra={"ray_mentions_dir": str(tmp_path)})
    mentions = _mentions(get_engine("ray"), settings, progress=lambda done, total: seen.append(done))
    assert mentions == local_mentions
    assert seen[-1] == len(ARTICLES)
    assert list(tmp_path.rglob("*.parquet"))          # the workers wrote the mentions where asked


@needs_ray
def test_ray_fusion_gives_the_incidents_of_the_local_engine(tmp_path, local_ray, monkeypatch):
    from flashpoint import fuse
    from flashpoint.engines import ray_engine
    from flashpoint.pipeline import refuse_all, run
    from flashpoint.store import Store

    run(ARTICLES, Settings(db_path=tmp_path / "local.duckdb"))
    run(ARTICLES, dataclasses.replace(RAY, db_path=tmp_path / "ray.duckdb"))
    calls = []
    on_ray = ray_engine.cluster_with

    def spy(part, **kw):
        got = on_ray(part, **kw)
        calls.append((got, fuse.cluster_with(part, leads=kw.get("leads"), known_best=kw.get("known_best"))))
        return got

    monkeypatch.setattr(ray_engine, "cluster_with", spy)
    report = refuse_all(dataclasses.replace(RAY, db_path=tmp_path / "ray.duckdb"))
    [(by_ray, by_local)] = calls
    assert [[m.id for m in g] for g in by_ray.groups] == [[m.id for m in g] for g in by_local.groups]
    assert by_ray.best == by_local.best and len(by_ray.groups) > 3
    assert report.changes == {}                       # the rebuild on Ray changed no incident
    with Store(tmp_path / "local.duckdb", read_only=True) as a, Store(tmp_path / "ray.duckdb", read_only=True) as b:
        assert a.mentions() == b.mentions()
        assert a.incident_docs() == b.incident_docs()


@needs_ray
def test_a_corpus_in_parquet_is_fused_on_the_workers(local_mentions, local_ray, tmp_path):
    from flashpoint import fuse
    from flashpoint.engines import ray_engine

    folder = ray_engine.write_mentions(ARTICLES, RAY, tmp_path / "mentions")
    groups = ray_engine.cluster_mentions_parquet(folder, RAY)
    expected = {m.id: g[0].id for g in fuse.cluster(local_mentions) for m in g}
    assert groups == expected
