"""The CLI is a contract scripts depend on: commands, options, exit codes, formats."""

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app

runner = CliRunner()
REPORT = ("Ten rockets struck the Ain al-Asad air base in western Iraq on Wednesday, the US-led coalition said. "
          "No one was hurt. Two days later, American jets struck militia depots near Abu Kamal in Syria "
          "in retaliation for the rocket attack on Ain al-Asad, the Pentagon said in a statement. ")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "in.jsonl"
    corpus.write_text("\n".join([
        json.dumps({"id": "good", "text": REPORT * 2, "published": "2021-03-06", "outlet": "Test Wire"}),
        "{not json",
        json.dumps({"id": "empty", "text": ""}),
    ]), encoding="utf-8")
    path = root / "cli.duckdb"
    result = runner.invoke(app, ["run", str(corpus), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path, result.output


def test_run_ends_with_the_accounting(db):
    _, output = db
    assert "3 inputs: 1 ingested" in output and "2 rejected" in output
    assert "malformed" in output and "empty" in output


def test_run_again_adds_nothing(db, tmp_path):
    path, _ = db
    corpus = tmp_path / "again.jsonl"
    corpus.write_text(json.dumps({"id": "good", "text": REPORT * 2, "published": "2021-03-06"}), encoding="utf-8")
    result = runner.invoke(app, ["run", str(corpus), "--db", str(path)])
    assert result.exit_code == 0 and "0 ingested" in result.output and "1 duplicates" in result.output


def test_export_formats(db, tmp_path):
    path, _ = db
    out = runner.invoke(app, ["export", "--db", str(path), "--format", "jsonl"])
    docs = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    rocket = next(d for d in docs if d["type"] == "attack.rocket")
    for key in ("id", "type", "plover", "acled", "date", "location", "perpetrator", "responsibility", "targets",
                "victims", "weapon", "casualties", "responds_to", "conflicts", "mentions"):
        assert key in rocket
    assert rocket["weapon"]["count"] == {"min": 10, "max": 10}
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "--db", str(path), "-f", "csv"]).stdout)))
    assert {"event_date", "event_type", "sub_event_type", "actor1", "latitude", "longitude", "fp_type"} <= set(rows[0])
    geo = json.loads(runner.invoke(app, ["export", "--db", str(path), "-f", "geojson"]).stdout)
    assert geo["type"] == "FeatureCollection" and all(f["geometry"]["type"] == "Point" for f in geo["features"])
    target = tmp_path / "out.parquet"
    assert runner.invoke(app, ["export", "--db", str(path), "-f", "parquet", "--out", str(target)]).exit_code == 0
    assert pq.read_table(target).num_rows == len(docs)


def test_reprisal_chain_and_stats(db):
    path, _ = db
    chains = runner.invoke(app, ["chains", "--db", str(path)]).stdout
    assert "attack.rocket" in chains and "->" in chains
    stats = runner.invoke(app, ["stats", "--db", str(path)])
    assert stats.exit_code == 0 and "united_states" in stats.stdout
    table = runner.invoke(app, ["incidents", "--db", str(path)])
    assert table.exit_code == 0 and "Ain al-Asad" in table.stdout


def test_errors_say_what_to_do(tmp_path):
    missing = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "flashpoint run" in missing.output
    bad = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb"), "--format", "xml"])
    assert bad.exit_code == 2 and "jsonl" in bad.output
    nopath = runner.invoke(app, ["run", str(tmp_path / "nowhere")])
    assert nopath.exit_code == 2 and "no such file" in nopath.output


def test_an_article_whose_extraction_fails_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch):
    import flashpoint.extract.mentions as mentions

    real = mentions.extract_mentions

    def flaky(doc, article, *args):
        if article.id == "bad":
            raise RuntimeError("boom")
        return real(doc, article, *args)

    monkeypatch.setattr(mentions, "extract_mentions", flaky)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "text": REPORT * n, "published": "2021-03-06"})
                                for i, n in (("bad", 3), ("good", 2))), encoding="utf-8")
    result = runner.invoke(app, ["run", str(corpus), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 0
    assert "extraction failed" in result.output and "bad" in result.output
    assert "the database now holds" in result.output
