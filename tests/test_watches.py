"""Watches: saved filters that fire on a matching new or changed incident, and not on others."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.config import Settings
from flashpoint.errors import OutputError, UsageError
from flashpoint.pipeline import run
from flashpoint.records import Article
from flashpoint.store import Store
from flashpoint.watches import Alert, Watch, add, all_watches, deliver, fire, new_watch, post_json, remove
from loopback import Loopback

ERBIL = ("A drone struck a fuel depot outside Erbil on Sunday night, killing two guards, the Kurdistan "
         "interior ministry said. Firefighters worked through the night to contain the blaze.")
IDLIB = ("A drone strike hit a car near Idlib in northwestern Syria on Monday, killing three men, a war "
         "monitor said. The monitor blamed government forces for the strike.")

DOC = {
    "id": "inc_00000001", "type": "attack.drone", "summary": "A drone struck a fuel depot outside Erbil.",
    "location": {"name": "Erbil", "country": "IQ", "admin1": "Arbil"},
    "perpetrator": {"actor": "islamic_resistance_in_iraq", "name": "Islamic Resistance in Iraq", "status": "claimed"},
    "responsibility": [{"actor": "iran_foreign_ministry", "name": "Iranian Foreign Ministry", "stance": "denied"}],
    "targets": [{"actor": None, "name": "fuel depot"}], "victims": [],
    "casualties": {"killed": {"min": 2, "max": 2}, "injured": {"min": None, "max": None}},
    "mentions": [{"text": "A drone struck a fuel depot outside Erbil on Sunday night."}],
}


@pytest.mark.parametrize("watch, fires", [
    (Watch("all"), True),
    (Watch("family", type="attack"), True),
    (Watch("code", type="attack.drone"), True),
    (Watch("other-code", type="attack.rocket"), False),
    (Watch("prefix-is-not-a-family", type="attack.dr"), False),
    (Watch("country", country="IQ"), True),
    (Watch("wrong-country", country="SY"), False),
    (Watch("admin1", admin1="arbil"), True),
    (Watch("wrong-admin1", admin1="Baghdad"), False),
    (Watch("perpetrator-id", actor="islamic_resistance_in_iraq"), True),
    (Watch("stance-name", actor="foreign ministry"), True),
    (Watch("target-name", actor="Fuel Depot"), True),
    (Watch("no-such-actor", actor="Hamas"), False),
    (Watch("toll-met", min_killed=2), True),
    (Watch("toll-not-met", min_killed=3), False),
    (Watch("text", text="fuel DEPOT"), True),
    (Watch("text-missing", text="hospital"), False),
    (Watch("every-filter", type="attack", country="IQ", admin1="Arbil", actor="iran", min_killed=1, text="erbil"), True),
    (Watch("one-filter-fails", type="attack", country="IQ", min_killed=5), False),
])
def test_a_watch_matches_only_when_every_filter_holds(watch, fires):
    assert watch.matches(DOC) is fires


def test_an_unknown_toll_does_not_meet_a_minimum():
    doc = {**DOC, "casualties": {"killed": {"min": None, "max": None}}}
    assert not Watch("toll", min_killed=0).matches(doc)


def test_new_watch_reads_what_users_type_and_refuses_what_cannot_be():
    assert new_watch("w", country="Iraq").country == "IQ"
    assert new_watch("w", country="irq", type=" attack ").country == "IQ"
    with pytest.raises(UsageError, match="unknown type"):
        new_watch("w", type="attack.spaceship")
    with pytest.raises(UsageError, match="country"):
        new_watch("w", country="Atlantis")
    with pytest.raises(UsageError, match="http"):
        new_watch("w", webhook="ftp://example.org/hook")
    with pytest.raises(UsageError, match="name"):
        new_watch("  ")


def test_watches_are_stored_listed_and_removed(tmp_path):
    db = tmp_path / "w.duckdb"
    with Store(db) as store:
        assert all_watches(store) == []
        add(store, new_watch("b-iraq", country="IQ", alerts=tmp_path / "a.jsonl"))
        add(store, new_watch("a-deadly", min_killed=10))
        with pytest.raises(UsageError, match="exists"):
            add(store, new_watch("a-deadly"))
    with Store(db, read_only=True) as store:
        saved = all_watches(store)
    assert [w.name for w in saved] == ["a-deadly", "b-iraq"]
    assert saved[1].country == "IQ" and saved[1].alerts == str(tmp_path / "a.jsonl") and saved[1].created_at
    with Store(db) as store:
        remove(store, "a-deadly")
        with pytest.raises(UsageError, match="no watch named 'nope'"):
            remove(store, "nope")
        assert [w.name for w in all_watches(store)] == ["b-iraq"]


def _article(article_id: str, text: str, published: str) -> Article:
    import datetime as dt

    from flashpoint.ingest.readers import build_article

    return build_article(text, source=article_id, min_chars=25, id=article_id,
                         published=dt.date.fromisoformat(published), published_source="metadata")


@pytest.fixture(scope="module")
def alerted(tmp_path_factory):
    """Two watches with webhooks on loopback; one run reporting Erbil, then one reporting Idlib."""
    root = tmp_path_factory.mktemp("watches")
    db = root / "w.duckdb"
    settings = Settings(db_path=db)
    with Loopback({"/hook": (204, "text/plain", b"")}) as site:
        with Store(db) as store:
            add(store, new_watch("iraq-attacks", type="attack", country="Iraq", alerts=root / "iraq.jsonl",
                                 webhook=site.url("/hook")))
            add(store, new_watch("syria", country="SY", min_killed=1, alerts=root / "syria.jsonl"))
        first = run([_article("iq-1", ERBIL, "2024-03-11")], settings)
        after_first = fire(db, first.run_id)
        posts_after_first = list(site.requests)
        second = run([_article("sy-1", IDLIB, "2024-03-12")], settings)
        after_second = fire(db, second.run_id)
    return root, after_first, after_second, posts_after_first, site.requests


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_a_watch_fires_on_a_matching_new_incident_and_not_on_others(alerted):
    root, first, second, _, _ = alerted
    assert {a.watch for a in first.alerts} == {"iraq-attacks"}
    assert {a.watch for a in second.alerts} == {"syria"}
    iraq, syria = _lines(root / "iraq.jsonl"), _lines(root / "syria.jsonl")
    assert iraq and all(a["doc"]["location"]["country"] == "IQ" for a in iraq)
    assert all(a["watch"] == "iraq-attacks" and a["change"] == "created" for a in iraq)
    assert syria and all(a["doc"]["location"]["name"] == "Idlib" for a in syria)
    assert not first.failures and not second.failures


def test_alerts_are_posted_to_the_webhook_as_json(alerted):
    root, first, _, posts_after_first, posts = alerted
    assert [m for m, *_ in posts_after_first] == ["POST"] * len(first.alerts)
    assert len(posts) == len(posts_after_first)          # the Idlib run matched nothing that posts
    bodies = [json.loads(body) for _, _, _, body in posts]
    assert bodies == _lines(root / "iraq.jsonl")
    assert all(h["content-type"] == "application/json" for _, _, h, _ in posts)


def test_an_unreachable_webhook_is_reported_and_the_jsonl_line_still_written(tmp_path):
    with Loopback() as site:
        dead = site.url("/hook")
    watch = Watch("w", alerts=str(tmp_path / "out" / "a.jsonl"), webhook=dead)
    alert = Alert("w", "created", "inc_1", "run-1", "2024-03-11T00:00:00+00:00", DOC)
    report = deliver([alert], [watch])
    assert len(report.failures) == 1 and "unreachable" in report.failures[0]
    assert _lines(tmp_path / "out" / "a.jsonl")[0]["incident"] == "inc_1"
    with pytest.raises(OutputError):
        post_json(dead, b"{}", timeout=2)


def test_watches_commands(tmp_path):
    runner = CliRunner()
    db = tmp_path / "cli.duckdb"
    added = runner.invoke(app, ["watches", "add", "iraq", "--db", str(db), "--country", "Iraq", "--type", "attack",
                                "--min-killed", "1"])
    assert added.exit_code == 0, added.output
    assert runner.invoke(app, ["watches", "add", "iraq", "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["watches", "add", "x", "--db", str(db), "--type", "nonsense"]).exit_code == 2
    listed = json.loads(runner.invoke(app, ["watches", "list", "--db", str(db), "--json"]).stdout)
    assert [(w["name"], w["country"], w["type"], w["min_killed"]) for w in listed] == [("iraq", "IQ", "attack", 1)]
    assert listed[0]["alerts"] == str((tmp_path / "cli.alerts.jsonl").resolve())
    assert "iraq: type=attack country=IQ min_killed=1" in runner.invoke(app, ["watches", "list", "--db", str(db)]).stdout
    assert runner.invoke(app, ["watches", "remove", "iraq", "--db", str(db)]).exit_code == 0
    assert runner.invoke(app, ["watches", "remove", "iraq", "--db", str(db)]).exit_code == 2
    assert "no watches" in runner.invoke(app, ["watches", "list", "--db", str(db)]).stdout


def test_flashpoint_run_sends_the_alerts_of_its_watches(tmp_path):
    runner = CliRunner()
    db = tmp_path / "run.duckdb"
    runner.invoke(app, ["watches", "add", "erbil", "--db", str(db), "--admin1", "Arbil"])
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(json.dumps({"id": "iq-1", "text": ERBIL, "published": "2024-03-11"}), encoding="utf-8")
    result = runner.invoke(app, ["run", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    alerts = _lines(tmp_path / "run.alerts.jsonl")
    assert alerts and {a["watch"] for a in alerts} == {"erbil"}
    assert all(a["doc"]["location"]["admin1"] == "Erbil" for a in alerts)     # GeoNames' "Arbil" goes by Erbil
