"""The CLI is a contract scripts depend on: commands, options, exit codes, formats."""

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flashpoint import __version__
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
    assert pq.read_table(target).num_rows == len(rows)     # parquet is the ACLED table, typed


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
    assert missing.exit_code == 1 and "flashpoint run" in missing.output
    bad = runner.invoke(app, ["export", "--db", str(tmp_path / "none.duckdb"), "--format", "xml"])
    assert bad.exit_code == 2 and "jsonl" in bad.output
    nopath = runner.invoke(app, ["run", str(tmp_path / "nowhere")])
    assert nopath.exit_code == 2 and "no such file" in nopath.output


@pytest.mark.parametrize("command", ["export", "incidents", "chains", "stats", "serve"])
def test_a_missing_database_is_a_message_and_exit_1(command, tmp_path):
    result = runner.invoke(app, [command, "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 1, result.output
    assert "no database" in result.output and "flashpoint run" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_an_unwritable_out_is_a_message_and_exit_1(db, tmp_path, fmt):
    path, _ = db
    target = tmp_path / "no-such-dir" / f"x.{fmt}"
    result = runner.invoke(app, ["export", "--db", str(path), "-f", fmt, "--out", str(target)])
    assert result.exit_code == 1 and "cannot write" in result.output and str(target) in result.output
    assert isinstance(result.exception, SystemExit)


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"flashpoint {__version__}"


def test_run_that_ingests_nothing_says_so_and_fails(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["run", str(empty), "--db", str(tmp_path / "e.duckdb")])
    assert result.exit_code == 1 and "nothing ingested" in result.stderr
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["run", str(junk), "--db", str(tmp_path / "j.duckdb")])
    assert result.exit_code == 1 and "rejected" in result.stderr


def test_a_path_with_markup_characters_prints_as_written(tmp_path):
    odd = tmp_path / "in[" / "x]" / "[bold]notes.txt"
    odd.parent.mkdir(parents=True)
    odd.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "in["), "--db", str(tmp_path / "o.duckdb")])
    assert result.exit_code == 1
    assert "in[/x]/[bold]notes.txt" in result.stdout


def test_json_and_csv_output(db):
    path, _ = db
    docs = json.loads(runner.invoke(app, ["incidents", "--db", str(path), "--json"]).stdout)
    assert docs and all("mentions" in d for d in docs)
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["incidents", "--db", str(path), "--csv"]).stdout)))
    assert [r["id"] for r in rows] == [d["id"] for d in docs]
    chains = json.loads(runner.invoke(app, ["chains", "--db", str(path), "--json"]).stdout)
    assert chains and all(len(c["incidents"]) >= 2 for c in chains)
    chain_rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["chains", "--db", str(path), "--csv"]).stdout)))
    assert {r["id"] for r in chain_rows} == {i["id"] for c in chains for i in c["incidents"]}
    stats = json.loads(runner.invoke(app, ["stats", "--db", str(path), "--json"]).stdout)
    assert any(r["actor"] == "united_states" for r in stats)
    stats_rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["stats", "--db", str(path), "--csv"]).stdout)))
    assert len(stats_rows) == len(stats)
    both = runner.invoke(app, ["stats", "--db", str(path), "--json", "--csv"])
    assert both.exit_code == 2


def test_filters_on_incidents(db):
    path, _ = db
    every = json.loads(runner.invoke(app, ["incidents", "--db", str(path), "--json"]).stdout)
    rockets = json.loads(runner.invoke(app, ["incidents", "--db", str(path), "--json", "--type", "attack.rocket"]).stdout)
    assert rockets and {d["type"] for d in rockets} == {"attack.rocket"} and len(rockets) < len(every)
    syria = json.loads(runner.invoke(app, ["incidents", "--db", str(path), "--json", "--country", "Syria"]).stdout)
    assert {d["location"]["country"] for d in syria} == {"SY"}


def test_quiet_and_progress_go_to_stderr(db, tmp_path):
    path, _ = db
    loud = runner.invoke(app, ["export", "--db", str(path), "-f", "csv"])
    assert "incidents written" in loud.stderr and "incidents written" not in loud.stdout
    quiet = runner.invoke(app, ["--quiet", "export", "--db", str(path), "-f", "csv"])
    assert quiet.stderr == "" and quiet.stdout == loud.stdout
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "p", "text": REPORT * 2, "published": "2021-03-06"}), encoding="utf-8")
    ran = runner.invoke(app, ["run", str(corpus), "--db", str(tmp_path / "p.duckdb")])
    assert ran.stderr.index("loading") < ran.stderr.index("extracting")
    hushed = runner.invoke(app, ["run", "-q", str(corpus), "--db", str(tmp_path / "q.duckdb")])
    assert hushed.exit_code == 0 and hushed.stderr == ""


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
