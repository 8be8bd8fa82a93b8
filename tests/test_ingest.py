"""Readers, rejection reasons, the accounting invariant and the language test."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest

from flashpoint.ingest import content_hash, is_english, read_sources
from flashpoint.ingest.language import ENGLISH_THRESHOLD, english_share
from flashpoint.ingest.readers import parse_published, split_title
from flashpoint.records import Article, Rejected

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
CORPUS = FIXTURES / "corpus"

ENGLISH_BODY = (
    "Militants fired a barrage of mortar rounds at an army outpost in the hills before dawn on "
    "Saturday, killing one soldier and wounding three, a military spokesman said. The outpost "
    "returned fire and the attackers withdrew towards the river, where helicopters were later "
    "seen searching the area. It was the third attack on the position this month."
)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- the fixture corpus -------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_items():
    return list(read_sources([CORPUS]))


def test_every_input_yields_exactly_one_record(corpus_items):
    files = [p for p in CORPUS.rglob("*") if p.is_file() and p.name != "articles.jsonl"]
    jsonl_lines = sum(1 for line in (CORPUS / "wire.jsonl").read_text().splitlines() if line.strip())
    expected = len(files) - 1 + jsonl_lines          # wire.jsonl counts by its lines
    articles = [i for i in corpus_items if isinstance(i, Article)]
    rejected = [i for i in corpus_items if isinstance(i, Rejected)]
    assert len(corpus_items) == expected == len(articles) + len(rejected)
    assert len({i.source for i in corpus_items}) == expected


def test_metadata_sidecar_is_not_an_article(corpus_items):
    assert not any("articles.jsonl" in item.source for item in corpus_items)


def test_txt_uses_sidecar_metadata_and_splits_title(corpus_items):
    convoy = next(i for i in corpus_items if i.source.endswith("convoy.txt"))
    assert isinstance(convoy, Article)
    assert convoy.id == "convoy-1"
    assert convoy.title == "Roadside bomb strikes supply convoy near northern border crossing"
    assert convoy.title not in convoy.text
    assert convoy.text.startswith("A roadside bomb struck")
    assert convoy.outlet == "Example Wire" and convoy.url == "https://example.org/convoy"
    assert convoy.published == dt.date(2023, 5, 2) and convoy.published_source == "metadata"
    assert "Read more" not in convoy.text and "Comments are closed" not in convoy.text
    assert convoy.content_hash == content_hash(convoy.text)


def test_txt_without_metadata_gets_stem_id_and_no_date(corpus_items):
    drone = next(i for i in corpus_items if i.source.endswith("drone.txt"))
    assert isinstance(drone, Article)
    assert drone.id == "drone" and drone.title is None
    assert drone.published is None and drone.published_source is None
    assert drone.text.startswith("Two drones were shot down")


def test_jsonl_lines(corpus_items):
    lines = {i.source.rsplit(":", 1)[1]: i for i in corpus_items if ".jsonl:" in i.source}
    assert set(lines) == {"1", "2", "4", "5", "6"}      # line 3 is blank
    first = lines["1"]
    assert isinstance(first, Article) and first.id == "j1"
    assert first.title == "Militia fires rockets at embassy compound"
    assert first.published == dt.date(2022, 11, 6) and first.published_source == "metadata"
    assert lines["2"].reason == "malformed" and "JSON" in lines["2"].detail
    assert lines["4"].reason == "malformed" and "text" in lines["4"].detail
    assert lines["6"].reason == "malformed"
    no_id = lines["5"]
    assert isinstance(no_id, Article)
    assert no_id.id == "a_" + no_id.content_hash[:12]
    assert no_id.published is None and no_id.published_source is None   # "yesterday" is not ISO


def test_rejection_reasons_in_corpus(corpus_items):
    reasons = {Path(i.source).name: i.reason for i in corpus_items if isinstance(i, Rejected) and ".jsonl" not in i.source}
    assert reasons == {
        "empty.txt": "empty",
        "short.txt": "too_short",
        "french.txt": "not_english",
        "notes.md": "unsupported",
    }


def test_min_chars_is_honoured():
    items = list(read_sources([CORPUS / "short.txt"], min_chars=10))
    assert len(items) == 1 and isinstance(items[0], Article)


# --- rejections built in tmp_path ---------------------------------------------

def test_binary_file_is_rejected(tmp_path):
    path = _write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    [item] = read_sources([path])
    assert item.reason == "binary"


def test_control_characters_are_binary(tmp_path):
    path = _write(tmp_path / "noise.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 65]) * 100)
    [item] = read_sources([path])
    assert item.reason == "binary"


def test_latin1_file_is_rejected_as_not_utf8(tmp_path):
    path = _write(tmp_path / "latin.txt", ("Caf\u00e9 " + ENGLISH_BODY).encode("latin-1"))
    [item] = read_sources([path])
    assert item.reason == "not_utf8" and "iconv" in item.detail


def test_utf8_bom_is_accepted(tmp_path):
    path = _write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ENGLISH_BODY.encode())
    [item] = read_sources([path])
    assert isinstance(item, Article) and item.text.startswith("Militants")


def test_missing_path_and_unreadable_file(tmp_path, monkeypatch):
    [missing] = read_sources([tmp_path / "nope.txt"])
    assert missing.reason == "unreadable"
    locked = _write(tmp_path / "locked.txt", ENGLISH_BODY.encode())

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    [item] = read_sources([locked])
    assert item.reason == "unreadable" and "Permission denied" in item.detail


def test_a_reader_bug_becomes_a_rejection(monkeypatch):
    import flashpoint.ingest.readers as readers

    def explode(text):
        raise RuntimeError("boom")

    monkeypatch.setattr(readers, "clean_text", explode)
    items = list(read_sources([CORPUS / "convoy.txt", CORPUS / "nested" / "drone.txt"]))
    assert [i.reason for i in items] == ["malformed", "malformed"]
    assert "boom" in items[0].detail


def test_metadata_language_rejects(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH_BODY)
    (tmp_path / "articles.jsonl").write_text(json.dumps({"id": "a", "file": "a.txt", "language": "de"}) + "\n")
    [item] = read_sources([tmp_path])
    assert item.reason == "not_english"


def test_same_file_given_twice_is_read_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH_BODY)
    assert len(list(read_sources([path, tmp_path]))) == 1


def test_explicit_sidecar_is_reported_not_read():
    [item] = read_sources([CORPUS / "articles.jsonl"])
    assert item.reason == "unsupported" and "metadata" in item.detail


def test_empty_jsonl_file_is_accounted_for(tmp_path):
    path = _write(tmp_path / "none.jsonl", b"\n\n")
    [item] = read_sources([path])
    assert item.reason == "empty"


# --- HTML and WARC --------------------------------------------------------------

def test_html_page():
    [item] = read_sources([FIXTURES / "page.html"])
    assert isinstance(item, Article)
    assert item.title == "Artillery shells hit border village"
    assert item.text.startswith("Artillery shells fired from across the border")
    assert "\n\n" in item.text                          # paragraphs kept apart
    assert "Subscribe" not in item.text and "Home" not in item.text
    assert item.published == dt.date(2024, 2, 19) and item.published_source == "page"
    assert item.outlet == "Example Herald"
    assert item.id == "a_" + item.content_hash[:12]


def test_html_date_is_not_guessed_from_a_copyright_footer(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Mortars hit outpost</title></head><body><article>"
        + "".join(f"<p>{s}.</p>" for s in ENGLISH_BODY.split(". "))
        + "</article><footer>Copyright 2019 Example Media</footer></body></html>"
    )
    [item] = read_sources([page])
    assert isinstance(item, Article)
    assert item.published is None and item.published_source is None
    assert "Copyright" not in item.text


def test_latin1_html_with_declared_charset(tmp_path):
    page = tmp_path / "old.htm"
    body = "".join(f"<p>{s}.</p>" for s in ENGLISH_BODY.split(". ")) + "<p>The caf\u00e9 was closed.</p>"
    page.write_bytes(f'<html><head><meta charset="iso-8859-1"><title>T</title></head><body><article>{body}</article></body></html>'.encode("latin-1"))
    [item] = read_sources([page])
    assert isinstance(item, Article) and "caf\u00e9" in item.text


def _html(body: str, head: str = "") -> bytes:
    return f"<html><head>{head}<title>T</title></head><body><article>{body}</article></body></html>".encode()


def _warc(path: Path, records: list[tuple[str, str, bytes]], gz: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for uri, content_type, payload in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), http_headers=http,
                warc_headers_dict={"WARC-Date": "2023-09-14T12:00:00Z"},
            )
            writer.write_record(record)
    return path


@pytest.mark.parametrize("gz", [False, True])
def test_warc_records(tmp_path, gz):
    paragraphs = "".join(f"<p>{s}.</p>" for s in ENGLISH_BODY.split(". "))
    dated = '<meta property="article:published_time" content="2023-09-10">'
    path = _warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), [
        ("https://example.org/a", "text/html; charset=utf-8", _html(paragraphs)),
        ("https://example.org/logo.png", "image/png", b"\x89PNG\x00\x00"),
        ("https://example.org/b", "text/html", _html(paragraphs.replace("Saturday", "Sunday"), dated)),
        ("https://example.org/c", "text/html", _html("<p>Too short.</p>")),
    ], gz)
    items = list(read_sources([path]))
    assert len(items) == 3                              # the image is not an article
    first, second, third = items
    assert isinstance(first, Article) and first.url == "https://example.org/a"
    assert first.published == dt.date(2023, 9, 14) and first.published_source == "metadata"
    assert isinstance(second, Article) and second.published == dt.date(2023, 9, 10)
    assert second.published_source == "page"
    assert third.reason in ("too_short", "empty")
    assert len({i.source for i in items}) == 3


def test_warc_without_html_and_broken_warc(tmp_path):
    images = _warc(tmp_path / "img.warc", [("https://example.org/x.png", "image/png", b"\x89PNG")], False)
    [item] = read_sources([images])
    assert item.reason == "empty"
    broken = _write(tmp_path / "broken.warc.gz", gzip.compress(b"this is not a WARC record at all\r\n" * 20))
    items = list(read_sources([broken]))
    assert len(items) == 1 and items[0].reason == "malformed"


# --- helpers --------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2021-03-16", dt.date(2021, 3, 16)),
    ("2022-11-06T21:30:00Z", dt.date(2022, 11, 6)),
    ("2022-11-06T21:30:00+03:00", dt.date(2022, 11, 6)),
    ("2022-11-06 garbage", dt.date(2022, 11, 6)),
    ("last Tuesday", None),
    ("", None),
    (None, None),
    (20210316, None),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


def test_split_title():
    assert split_title("A headline here\n\nBody text.") == ("A headline here", "\nBody text.")
    assert split_title("A full sentence that ends.\n\nBody.")[0] is None
    assert split_title("Only one line")[0] is None


# --- language ---------------------------------------------------------------------

LANGUAGE_SAMPLES = {
    "en": ENGLISH_BODY,
    "en_quotes": "“We will not accept this,” the minister told reporters after the meeting. "
                 "He said the government had asked the UN to investigate the strike on the port.",
    "fr": "Des militants ont tiré plusieurs obus de mortier sur un poste de l'armée avant l'aube samedi, "
          "tuant un soldat et en blessant trois autres, a indiqué un porte-parole militaire. Les assaillants "
          "se sont ensuite repliés vers la rivière où des hélicoptères les ont recherchés.",
    "es": "Milicianos dispararon varios proyectiles de mortero contra un puesto del ejército antes del amanecer "
          "del sábado, matando a un soldado e hiriendo a otros tres, según un portavoz militar. Los atacantes "
          "se retiraron hacia el río, donde más tarde se vieron helicópteros buscando en la zona.",
    "de": "Bewaffnete haben am Samstag vor Sonnenaufgang mehrere Mörsergranaten auf einen Armeeposten in den "
          "Hügeln abgefeuert und dabei einen Soldaten getötet und drei weitere verletzt, sagte ein Sprecher des "
          "Militärs. Die Angreifer zogen sich danach in Richtung des Flusses zurück, wo später Hubschrauber die "
          "Gegend absuchten. Es war der dritte Angriff auf die Stellung in diesem Monat.",
    "ar": "أطلق مسلحون عدة قذائف هاون على موقع للجيش في التلال قبل فجر يوم السبت، ما أسفر عن مقتل جندي "
          "وإصابة ثلاثة آخرين، بحسب متحدث عسكري. وانسحب المهاجمون بعد ذلك نحو النهر.",
}


@pytest.mark.parametrize("lang", sorted(LANGUAGE_SAMPLES))
def test_is_english(lang):
    assert is_english(LANGUAGE_SAMPLES[lang]) == lang.startswith("en")


def test_threshold_has_margin_on_both_sides():
    english = min(english_share(t)[0] for k, t in LANGUAGE_SAMPLES.items() if k.startswith("en"))
    other = max(english_share(t)[0] for k, t in LANGUAGE_SAMPLES.items() if not k.startswith("en"))
    assert other + 0.08 < ENGLISH_THRESHOLD < english - 0.08


def test_english_seeds_are_english(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        assert is_english(path.read_text(encoding="utf-8")), path.name


def test_too_few_words_is_not_english():
    assert not is_english("Rockets hit")
    assert not is_english("12 34 56 !!")


def test_seeds_ingest_with_metadata(seeds_dir):
    items = list(read_sources([seeds_dir]))
    articles = {i.id: i for i in items if isinstance(i, Article)}
    assert sorted(articles) == [f"seed-00{n}" for n in range(5)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert all(i.reason == "unsupported" for i in rejected)   # README.md
    assert len(items) == len([p for p in seeds_dir.iterdir() if p.name != "articles.jsonl"])
    for article in articles.values():
        assert article.published and article.published_source == "metadata"
        assert article.title and article.title not in article.text
