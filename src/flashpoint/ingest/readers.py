"""Plain-text and JSON Lines readers, and the one place an Article is built.

Every reader yields ``Article`` or ``Rejected``; it never raises for a bad input.
Decoding problems are raised as ``InputError`` subclasses inside a reader and turned
into ``Rejected`` by ``read_sources`` (one bad file never stops the run).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ..errors import BinaryInput, NotUTF8
from ..records import Article, Rejected
from .clean import clean_text
from .language import is_english

METADATA_FILE = "articles.jsonl"   # sidecar describing the .txt files beside it
CONTROL_SHARE = 0.05               # more control characters than this: binary
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30

_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0e-\x1f\x7f]")
EARLIEST_PUBLISHED = dt.date(1900, 1, 1)   # earlier metadata dates are errors, not news
FUTURE_SLACK_DAYS = 2                      # time zones and embargoes: up to two days ahead is fine


# --- bytes to text -----------------------------------------------------------

def check_not_binary(data: bytes, what: str = "file") -> None:
    """Raise ``BinaryInput`` when ``data`` holds NUL bytes or many control characters."""
    head = data[:65536]
    if b"\x00" in head:
        raise BinaryInput(f"{what} contains NUL bytes: it is binary, not text; convert it to UTF-8 text first")
    if head and len(_CONTROL.findall(head)) / len(head) > CONTROL_SHARE:
        raise BinaryInput(f"{what} is mostly control characters: it is binary, not text")


def decode_utf8(data: bytes, what: str = "file") -> str:
    """Decode UTF-8 (a byte-order mark is dropped) or raise ``NotUTF8`` saying how to fix it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotUTF8(
            f"{what} is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"re-encode it, e.g. `iconv -f latin1 -t utf-8`"
        ) from exc


def read_text_file(path: Path) -> str:
    data = path.read_bytes()
    check_not_binary(data)
    return decode_utf8(data)


# --- metadata -----------------------------------------------------------------

def parse_published(value) -> dt.date | None:
    """An ISO date or datetime string (or date object) as a date; anything else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def published_problem(published: dt.date | None, today: dt.date | None = None) -> str | None:
    """Why a metadata date cannot be a publication date (before 1900, or more than
    two days after today), or None when it can."""
    if published is None:
        return None
    latest = (today or dt.date.today()) + dt.timedelta(days=FUTURE_SLACK_DAYS)
    if published < EARLIEST_PUBLISHED:
        return f"published date {published} is before {EARLIEST_PUBLISHED}"
    if published > latest:
        return f"published date {published} is after {latest} (today + {FUTURE_SLACK_DAYS} days)"
    return None


def _optional_str(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def is_metadata_file(path: Path) -> bool:
    """A .jsonl whose first record has a ``file`` field and no ``text``: a sidecar, not articles."""
    try:
        with path.open("rb") as handle:
            for raw in handle:
                if raw.strip():
                    record = json.loads(raw.decode("utf-8-sig"))
                    return isinstance(record, dict) and "file" in record and "text" not in record
    except (OSError, ValueError):
        return False
    return False


@lru_cache(maxsize=256)
def _sidecar(directory: Path, mtime: float) -> dict[str, dict]:
    records: dict[str, dict] = {}
    path = directory / METADATA_FILE
    for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            for key in (record.get("file"), record.get("id")):
                if isinstance(key, str):
                    records.setdefault(key, record)
    return records


def sidecar_metadata(path: Path) -> dict:
    """The ``articles.jsonl`` record for a .txt file (matched by file name, then by id == stem)."""
    sidecar = path.parent / METADATA_FILE
    try:
        records = _sidecar(path.parent, sidecar.stat().st_mtime)
    except OSError:
        return {}
    return records.get(path.name) or records.get(path.stem) or {}


# --- building an Article ------------------------------------------------------

def content_hash(text: str) -> str:
    """sha1 of the text lower-cased with whitespace collapsed: the exact-duplicate key."""
    return hashlib.sha1(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def build_article(
    raw_text: str,
    *,
    source: str,
    min_chars: int,
    id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: dt.date | None = None,
    published_source: str | None = None,
    language: str | None = None,
) -> Article | Rejected:
    """Clean ``raw_text`` and return an Article, or a Rejected saying why not."""
    text = clean_text(raw_text)
    if not text:
        return Rejected(source, "empty", "no text left after removing whitespace and boilerplate")
    if len(text) < min_chars:
        return Rejected(source, "too_short", f"{len(text)} characters after cleaning, fewer than min_chars={min_chars}")
    if language and not language.lower().startswith("en"):
        return Rejected(source, "not_english", f"metadata says language {language!r}; only English is supported")
    if not is_english(text):
        return Rejected(source, "not_english", "too few English function words in the first 2000 characters")
    if (problem := published_problem(published)) is not None:
        return Rejected(source, "bad_date", f"{problem}; correct the date in the metadata or leave it out")
    digest = content_hash(text)
    return Article(
        id=id or f"a_{digest[:12]}",
        text=text,
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        published_source=published_source if published else None,
        language="en",
        source=source,
        content_hash=digest,
    )


# --- readers --------------------------------------------------------------------

def split_title(text: str) -> tuple[str | None, str]:
    """Split a headline-like first line off the body: short, not ending like a sentence."""
    stripped = text.lstrip()
    first, sep, rest = stripped.partition("\n")
    first = " ".join(first.split())
    if (
        sep and rest.strip() and first
        and len(first) <= TITLE_MAX_CHARS
        and len(first.split()) <= TITLE_MAX_WORDS
        and not first.endswith((".", ",", ";", ":", "…"))
    ):
        return first, rest
    return None, text


def read_txt(path: Path, *, min_chars: int) -> Iterator[Article | Rejected]:
    """One .txt file: one article, id = file stem, metadata from ``articles.jsonl`` beside it."""
    raw = read_text_file(path)
    meta = sidecar_metadata(path)
    title, body = split_title(raw)
    published = parse_published(meta.get("published"))
    yield build_article(
        body,
        source=str(path),
        min_chars=min_chars,
        id=_optional_str(meta.get("id")) or path.stem,
        title=title,
        url=_optional_str(meta.get("url")),
        outlet=_optional_str(meta.get("outlet")),
        published=published,
        published_source="metadata",
        language=_optional_str(meta.get("language")),
    )


def read_jsonl(path: Path, *, min_chars: int) -> Iterator[Article | Rejected]:
    """One article per non-blank line; a bad line is rejected and reading goes on."""
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            source = f"{path}:{lineno}"
            try:
                check_not_binary(raw, "line")
                record = json.loads(decode_utf8(raw, "line"))
            except (BinaryInput, NotUTF8) as exc:
                yield Rejected(source, exc.reason, str(exc))
                continue
            except ValueError as exc:
                yield Rejected(source, "malformed", f"not valid JSON ({exc}); each line must be one JSON object")
                continue
            if (where := _lone_surrogate(record)) is not None:
                yield Rejected(source, "malformed", f"{where} holds a lone surrogate escape (e.g. \\ud800): "
                                                    "not valid Unicode; fix the escape in that line")
                continue
            try:
                yield jsonl_record(record, source=source, min_chars=min_chars)
            except Exception as exc:  # one line's bad record never ends the file
                yield Rejected(source, "malformed", f"record unreadable ({type(exc).__name__}: {exc})")


def _lone_surrogate(record) -> str | None:
    """The name of the field of a parsed JSON line that holds a lone surrogate, if any."""
    fields = record.items() if isinstance(record, dict) else [("the line", record)]
    for key, value in fields:
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return f"field {key!r}" if isinstance(record, dict) else "the line"
    return None


def jsonl_record(record, *, source: str, min_chars: int) -> Article | Rejected:
    """One parsed JSON Lines record as an Article or a Rejected."""
    if not isinstance(record, dict):
        return Rejected(source, "malformed", f"a JSON {type(record).__name__}, expected an object with 'text'")
    text = record.get("text")
    if not isinstance(text, str):
        return Rejected(source, "malformed", "missing 'text' string; each line needs at least {\"text\": ...}")
    ident = record.get("id")
    return build_article(
        text,
        source=source,
        min_chars=min_chars,
        id=str(ident).strip() or None if ident is not None else None,
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        outlet=_optional_str(record.get("outlet")),
        published=parse_published(record.get("published")),
        published_source="metadata",
        language=_optional_str(record.get("language")),
    )
