"""The ACLED-compatible CSV read back by a reader written to ACLED's codebook.

The reader below knows ACLED's columns, their order, their types and their value spaces
independently of flashpoint.acled (it does not import the mapping it checks); it parses
every cell of the export of the bundled examples and fails on any value ACLED would not
hold in that column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pycountry
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flashpoint import acled
from flashpoint.cli import app
from flashpoint.config import Settings
from flashpoint.errors import UsageError
from flashpoint.export import ExportFilters, select, table, write
from flashpoint.pipeline import run
from flashpoint.store import Store

from conftest import EXAMPLES

runner = CliRunner()

CODEBOOK_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
DISORDER = {"Political violence", "Demonstrations", "Strategic developments", "Political violence; Demonstrations"}
REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "South Asia",
           "Southeast Asia", "East Asia", "Middle East", "Europe", "Caucasus and Central Asia", "Central America",
           "South America", "Caribbean", "North America", "Oceania", "Antarctica"}
SOURCE_SCALES = {"Local", "Subnational", "National", "Regional", "International", "New media", "Other"}


def _int(v: str) -> int:
    assert re.fullmatch(r"-?\d+", v), f"not an integer: {v!r}"
    return int(v)


def _opt(parse):
    return lambda v: None if v == "" else parse(v)


def _enum(values):
    def parse(v: str) -> str:
        assert v in values, f"{v!r} is not one of {sorted(values)}"
        return v
    return parse


def _text(v: str) -> str:
    assert "\n" not in v and "\r" not in v, f"raw newline in {v!r}"
    return v


def _required(parse):
    def inner(v: str):
        assert v != "", "empty where ACLED always has a value"
        return parse(v)
    return inner


def _date(v: str) -> dt.date:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", v), f"not YYYY-MM-DD: {v!r}"
    return dt.date.fromisoformat(v)


def _event_id(v: str) -> str:
    assert re.fullmatch(r"[A-Z]{3}\d+", v), f"not a country prefix and a number: {v!r}"
    return v


def _float(v: str) -> float:
    return float(v)


READER = {
    "event_id_cnty": _required(_event_id),
    "event_date": _required(_date), "year": _required(_int), "time_precision": _required(_enum({"1", "2", "3"})),
    "disorder_type": _required(_enum(DISORDER)), "event_type": _required(_enum(set(EVENT_TYPES))),
    "sub_event_type": _required(_text),
    "actor1": _required(_text), "assoc_actor_1": _text, "inter1": _required(_enum(set("12345678"))),
    "actor2": _text, "assoc_actor_2": _text, "inter2": _opt(_enum(set("12345678"))),
    "interaction": _required(_int), "civilian_targeting": _enum({"", "Civilian targeting"}),
    "iso": _required(_int), "region": _required(_enum(REGIONS)), "country": _required(_text),
    "admin1": _text, "admin2": _text, "admin3": _text, "location": _text,
    "latitude": _opt(_float), "longitude": _opt(_float), "geo_precision": _opt(_enum({"1", "2", "3"})),
    "source": _text, "source_scale": _opt(_enum(SOURCE_SCALES)), "notes": _text,
    "fatalities": _required(_int), "tags": _text, "timestamp": _required(_int),
}


def read_acled(text: str) -> list[dict]:
    """Parse an ACLED CSV: every codebook column present, in order, every cell valid."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames
    assert header[:len(CODEBOOK_COLUMNS)] == CODEBOOK_COLUMNS
    assert all(c.startswith("fp_") for c in header[len(CODEBOOK_COLUMNS):])
    rows = []
    for n, raw in enumerate(reader, start=2):
        row = {}
        for col in CODEBOOK_COLUMNS:
            try:
                row[col] = READER[col](raw[col])
            except AssertionError as exc:
                raise AssertionError(f"line {n}, column {col}: {exc}") from None
        row.update({k: v for k, v in raw.items() if k.startswith("fp_")})
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    db = tmp_path_factory.mktemp("acled") / "examples.duckdb"
    run([EXAMPLES], Settings(db_path=db))
    with Store(db, read_only=True) as store:
        outlets = {r[0] for r in store.con.execute("SELECT DISTINCT outlet FROM articles").fetchall()}
        article_ids = {r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()}
        docs = {d["id"]: d for d in store.incident_docs()}
        csv_text = io.StringIO()
        write(store, "csv", csv_text)
    return db, read_acled(csv_text.getvalue()), docs, outlets, article_ids


def test_every_cell_reads_as_the_codebook_says(examples):
    _, rows, _, _, _ = examples
    assert len(rows) >= 10
    for r in rows:
        assert r["sub_event_type"] in EVENT_TYPES[r["event_type"]]
        assert r["year"] == r["event_date"].year
        assert -90 <= r["latitude"] <= 90 and -180 <= r["longitude"] <= 180
        assert r["fatalities"] >= 0
        assert dt.datetime(2000, 1, 1).timestamp() < r["timestamp"] <= dt.datetime.now().timestamp() + 86400


def test_country_is_a_name_with_its_numeric_iso_and_region(examples):
    _, rows, _, _, _ = examples
    for r in rows:
        iso = pycountry.countries.get(numeric=f"{r['iso']:03d}")
        assert iso is not None, r["iso"]
        assert len(r["country"]) > 3 and r["country"] != iso.alpha_2
        assert r["event_id_cnty"].startswith(iso.alpha_3)
        assert r["fp_country_code"] == iso.alpha_2
    by_country = {r["country"]: r["region"] for r in rows}
    assert by_country.get("Iraq") == "Middle East" and by_country.get("Jordan") == "Middle East"


def test_inter_codes_and_interaction(examples):
    _, rows, _, _, _ = examples
    for r in rows:
        inter1, inter2 = int(r["inter1"]), int(r["inter2"]) if r["inter2"] else None
        assert (inter2 is None) == (r["actor2"] == "")
        expected = 10 * inter1 if inter2 is None else int(f"{min(inter1, inter2)}{max(inter1, inter2)}")
        assert r["interaction"] == expected
    k1 = next(r for r in rows if r["location"] == "K1 Air Base")
    assert k1["actor1"] == "Kataib Hezbollah" and k1["inter1"] == "3"     # a PMF faction: political militia


def test_fatalities_are_integers_and_the_bounds_stay_in_fp_columns(examples):
    _, rows, _, _, _ = examples
    for r in rows:
        victims = int(r["fp_killed_min"]) if r["fp_killed_min"] else 0
        attackers = int(r["fp_attackers_killed_min"]) if r["fp_attackers_killed_min"] else 0
        assert r["fatalities"] == victims + attackers   # ACLED counts every death
    assert any(r["fatalities"] > 0 for r in rows) and any(r["fp_killed_min"] == "" for r in rows)


def test_source_names_outlets_not_articles(examples):
    _, rows, _, outlets, article_ids = examples
    for r in rows:
        parts = r["source"].split("; ")
        assert parts and set(parts) <= outlets, parts
        assert not set(parts) & article_ids
        assert set(r["fp_articles"].split()) <= article_ids


def test_actor2_is_an_opposing_actor_never_a_place_or_a_description(examples):
    _, rows, docs, _, _ = examples
    for r in rows:
        if not r["actor2"]:
            continue
        doc = docs[r["fp_id"]]
        described = {p["name"] for p in doc["targets"] + doc["victims"] if p["actor"] is None}
        facilities = {p["name"] for p in doc["targets"] + doc["victims"] if p["kind"] == "facility"}
        assert r["actor2"] not in described | facilities | {r["location"], r["country"]}
        assert r["actor2"] != r["actor1"]


def test_notes_on_one_line_and_civilian_targeting(examples):
    _, rows, _, _, _ = examples
    assert all(r["notes"] for r in rows)
    for r in rows:
        if r["event_type"] == "Violence against civilians" or r["inter2"] == "7":
            assert r["civilian_targeting"] == "Civilian targeting"


def test_statements_are_left_out_unless_asked_for(examples):
    db, rows, docs, _, _ = examples
    verbal = {i for i, d in docs.items() if d["acled"]["event_type"] is None}
    assert verbal and not verbal & {r["fp_id"] for r in rows}
    with Store(db, read_only=True) as store:
        sel = select(store)
    everything = table(sel, all_events=True).rows
    assert verbal <= {r["fp_id"] for r in everything}
    for r in everything:
        if r["fp_id"] in verbal:
            assert (r["event_type"], r["sub_event_type"]) == ("Strategic developments", "Other")
            assert r["event_date"] is not None and r["year"] == r["event_date"].year
    assert table(sel).left_out["statements"] == len(verbal)


def test_event_ids_are_stable_and_unique(examples):
    db, rows, _, _, _ = examples
    again = io.StringIO()
    with Store(db, read_only=True) as store:
        write(store, "csv", again)
    assert [r["event_id_cnty"] for r in read_acled(again.getvalue())] == [r["event_id_cnty"] for r in rows]
    assert len({r["event_id_cnty"] for r in rows}) == len(rows)
    assert acled.event_number("inc_0000ff10") == 0xff10


def _doc(start, end, precision, published=None):
    return {"date": {"start": start, "end": end, "precision": precision, "text": ""},
            "mentions": [{"published": published}] if published else []}


def test_date_precision_conventions():
    assert acled.event_date(_doc("2020-03-01", "2020-03-31", "month")) == (dt.date(2020, 3, 15), 3)
    assert acled.event_date(_doc("2020-01-01", "2020-12-31", "year")) == (dt.date(2020, 7, 1), 3)
    assert acled.event_date(_doc("2020-03-09", "2020-03-15", "week")) == (dt.date(2020, 3, 12), 2)
    assert acled.event_date(_doc("2020-03-09", "2020-03-09", "day")) == (dt.date(2020, 3, 9), 1)
    assert acled.event_date(_doc(None, "2020-03-20", "unknown", "2020-03-18")) == (dt.date(2020, 3, 18), 2)


def test_inter_codes_follow_the_actor_and_where_it_acts():
    assert acled.inter_code("us_military", "IQ", "attack") == 8     # state forces abroad
    assert acled.inter_code("us_military", "US", "attack") == 1
    assert acled.inter_code("kataib_hezbollah", "IQ", "attack") == 3
    assert acled.inter_code("protesters", "IQ", "riot") == 5
    assert acled.interaction(3, 1) == 13 and acled.interaction(6, None) == 60


def test_country_by_name_or_code():
    assert {acled.country_code(x) for x in ("Iraq", "IQ", "iq", "IRQ", "368")} == {"IQ"}
    assert acled.country_code("Ivory Coast") == "CI" and acled.country_code("Côte d'Ivoire") == "CI"
    with pytest.raises(UsageError, match="Iraq"):
        acled.country_code("Irak")


def test_every_lexicon_event_type_is_in_the_codebook():
    from flashpoint.extract.lexicon import load_lexicon

    for code, info in load_lexicon().event_types.items():
        if info.get("acled_event_type"):
            assert info["acled_sub_event_type"] in EVENT_TYPES[info["acled_event_type"]], code


def test_parquet_has_real_dates_and_integers(examples, tmp_path):
    db, rows, _, _, _ = examples
    target = tmp_path / "x.parquet"
    with Store(db, read_only=True) as store:
        write(store, "parquet", target)
    schema = pq.read_schema(target)
    assert schema.field("event_date").type == pa.date32() and schema.field("fp_date_end").type == pa.date32()
    for col in ("year", "fatalities", "inter1", "iso", "timestamp", "fp_killed_min"):
        assert pa.types.is_integer(schema.field(col).type), col
    assert pa.types.is_floating(schema.field("latitude").type)
    got = pq.read_table(target).to_pylist()
    assert [r["event_id_cnty"] for r in got] == [r["event_id_cnty"] for r in rows]
    assert json.loads(got[0]["doc"])["id"] == got[0]["fp_id"]


def test_geojson_properties_are_flat(examples):
    db, rows, _, _, _ = examples
    buf = io.StringIO()
    with Store(db, read_only=True) as store:
        write(store, "geojson", buf)
    features = json.loads(buf.getvalue())["features"]
    assert len(features) == sum(1 for r in rows if r["latitude"] is not None)
    for f in features:
        assert not any(isinstance(v, (dict, list)) for v in f["properties"].values())
        assert f["geometry"]["coordinates"] == [f["properties"]["longitude"], f["properties"]["latitude"]]


def test_export_filters_by_country_name_or_code_and_type(examples):
    db, _, docs, _, _ = examples
    by_name = runner.invoke(app, ["export", "--db", str(db), "-f", "jsonl", "--country", "Iraq", "--type", "attack"])
    by_code = runner.invoke(app, ["export", "--db", str(db), "-f", "jsonl", "--country", "IQ", "--type", "attack"])
    assert by_name.exit_code == 0 and by_name.stdout == by_code.stdout
    got = [json.loads(line) for line in by_name.stdout.splitlines()]
    want = [d for d in docs.values() if d["type"].startswith("attack.") and (d["location"] or {}).get("country") == "IQ"]
    assert sorted(d["id"] for d in got) == sorted(d["id"] for d in want) and got
    assert ExportFilters(types=("attack",)).matches(want[0])
    unknown = runner.invoke(app, ["export", "--db", str(db), "--type", "attak"])
    assert unknown.exit_code == 2 and "family" in unknown.output


def test_since_and_timestamp_use_the_stores_update_times(examples, tmp_path):
    import duckdb
    import shutil

    db, rows, _, _, _ = examples
    copy = tmp_path / "updated.duckdb"
    shutil.copy(db, copy)
    fresh = rows[0]["fp_id"]
    con = duckdb.connect(str(copy))
    con.execute("ALTER TABLE incidents ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP")
    con.execute("UPDATE incidents SET updated_at = TIMESTAMP '2020-01-01 00:00:00'")
    con.execute("UPDATE incidents SET updated_at = TIMESTAMP '2025-06-01 12:00:00' WHERE id = ?", [fresh])
    con.close()
    result = runner.invoke(app, ["export", "--db", str(copy), "-f", "csv", "--since", "2025-01-01"])
    assert result.exit_code == 0, result.output
    [row] = read_acled(result.stdout)
    assert row["fp_id"] == fresh
    assert row["timestamp"] == int(dt.datetime(2025, 6, 1, 12, tzinfo=dt.timezone.utc).timestamp())
    bad = runner.invoke(app, ["export", "--db", str(copy), "--since", "last week"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
