"""Watches: saved filters that raise an alert when a run creates or changes a matching incident.

    add(store, Watch(name="iraq-drones", type="attack.drone", country="IQ"))
    report = fire(db_path, run_id)      # after a run: alerts appended to JSONL, POSTed to webhooks

A watch filters on type (a code or a family), country (any name or code; stored as
ISO alpha-2), admin1, actor (an actor id, or part of a name, among the perpetrator,
the actors with a stance, the targets and the victims), a minimum death toll (the
lower bound of ``killed``) and text (words in the summary, a mention or the place
name); every filter given must hold. Watches live in the database (table
``watches``, created here on first use). ``fire`` reads the change log of one run
(``changes``): each watch gets one alert per incident that run created, split off
or updated. An alert is one JSON line appended to the watch's alerts file and,
when it has one, a POST of the same JSON to its webhook; a webhook that fails is
reported, never fatal (the JSONL line is written first).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import OutputError, UsageError
from .store import Store

log = logging.getLogger("flashpoint")

ALERTING_CHANGES = ("created", "split", "updated")   # the incident lives on after these
WEBHOOK_TIMEOUT = 10.0
_TABLE = """CREATE TABLE IF NOT EXISTS watches (
    name VARCHAR PRIMARY KEY, type VARCHAR, country VARCHAR, admin1 VARCHAR, actor VARCHAR,
    min_killed BIGINT, text VARCHAR, alerts VARCHAR, webhook VARCHAR, created_at TIMESTAMP
)"""
_FIELDS = ("name", "type", "country", "admin1", "actor", "min_killed", "text", "alerts", "webhook", "created_at")


@dataclass(frozen=True)
class Watch:
    """A saved filter and where its alerts go. Unset filters match everything."""

    name: str
    type: str | None = None
    country: str | None = None          # ISO alpha-2
    admin1: str | None = None
    actor: str | None = None
    min_killed: int | None = None
    text: str | None = None
    alerts: str = "alerts.jsonl"        # JSONL file the alerts are appended to
    webhook: str | None = None          # http(s) URL that receives each alert as a JSON POST
    created_at: dt.datetime | None = None

    def matches(self, doc: dict) -> bool:
        """Whether an incident document (export.incident_doc) passes every filter this watch sets."""
        loc = doc.get("location") or {}
        if self.type and not (doc.get("type") == self.type or (doc.get("type") or "").startswith(self.type + ".")):
            return False
        if self.country and loc.get("country") != self.country:
            return False
        if self.admin1 and (loc.get("admin1") or "").casefold() != self.admin1.casefold():
            return False
        if self.actor and not _names_actor(doc, self.actor):
            return False
        if self.min_killed is not None:
            killed = ((doc.get("casualties") or {}).get("killed") or {}).get("min")
            if killed is None or killed < self.min_killed:
                return False
        if self.text and not _holds_text(doc, self.text):
            return False
        return True

    def describe(self) -> str:
        parts = [f"{k}={getattr(self, k)}" for k in ("type", "country", "admin1", "actor", "min_killed", "text")
                 if getattr(self, k) not in (None, "")]
        return " ".join(parts) or "every incident"


def _names_actor(doc: dict, wanted: str) -> bool:
    wanted = wanted.casefold()
    refs = [doc.get("perpetrator") or {}, *(doc.get("responsibility") or []), *(doc.get("targets") or []),
            *(doc.get("victims") or [])]
    for ref in refs:
        if (ref.get("actor") or "").casefold() == wanted or wanted in (ref.get("name") or "").casefold():
            return True
    return False


def _holds_text(doc: dict, wanted: str) -> bool:
    words = wanted.casefold().split()
    haystack = " ".join([doc.get("summary") or "", ((doc.get("location") or {}).get("name") or ""),
                         *((m.get("text") or "") for m in doc.get("mentions") or [])]).casefold()
    return all(w in haystack for w in words)


def new_watch(name: str, *, type: str | None = None, country: str | None = None, admin1: str | None = None,
              actor: str | None = None, min_killed: int | None = None, text: str | None = None,
              alerts: str | Path = "alerts.jsonl", webhook: str | None = None) -> Watch:
    """A Watch from what a user typed: the type checked against the lexicon, the country
    read from a name or any code. Raises ``UsageError`` saying what to fix."""
    from . import acled
    from .export import known_types

    name = name.strip()
    if not name:
        raise UsageError("a watch needs a name: flashpoint watches add NAME [filters]")
    if type and type.strip() not in known_types():
        families = sorted({c.split(".")[0] for c in known_types()})
        raise UsageError(f"unknown type {type!r}; give a type code (attack.drone) or a family: {', '.join(families)}")
    if min_killed is not None and min_killed < 0:
        raise UsageError("--min-killed must be 0 or more")
    if webhook and not webhook.startswith(("http://", "https://")):
        raise UsageError(f"webhook {webhook!r} is not an http(s) URL")
    return Watch(name=name, type=(type or "").strip() or None,
                 country=acled.country_code(country) if country and country.strip() else None,
                 admin1=_division_name(admin1), actor=(actor or "").strip() or None,
                 min_killed=min_killed, text=(text or "").strip() or None, alerts=str(alerts), webhook=webhook or None)


def _division_name(admin1: str | None) -> str | None:
    """The name incidents carry for a typed division: "Arbil" and "Erbil" both watch Erbil."""
    typed = (admin1 or "").strip()
    if not typed:
        return None
    from .resolve.gazetteer import Gazetteer

    names = {e.admin1 for e in Gazetteer.default().lookup(typed) if e.kind in ("subdivision", "region") and e.admin1}
    return names.pop() if len(names) == 1 else typed


# -- the table ----------------------------------------------------------------------------
def _ensure(store: Store) -> None:
    store.con.execute(_TABLE)


def _has_table(store: Store) -> bool:
    return bool(store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'watches'")
                .fetchone()[0])


def add(store: Store, watch: Watch) -> Watch:
    _ensure(store)
    if store.con.execute("SELECT 1 FROM watches WHERE name = ?", [watch.name]).fetchone():
        raise UsageError(f"a watch named {watch.name!r} exists; remove it first "
                         f"(flashpoint watches remove {watch.name}) or choose another name")
    stamped = Watch(**{**asdict(watch), "created_at": watch.created_at or dt.datetime.now(dt.timezone.utc)
                       .replace(tzinfo=None)})
    store.con.execute(f"INSERT INTO watches ({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})",
                      [getattr(stamped, f) for f in _FIELDS])
    return stamped


def all_watches(store: Store) -> list[Watch]:
    if not _has_table(store):
        return []
    rows = store.con.execute(f"SELECT {', '.join(_FIELDS)} FROM watches ORDER BY name").fetchall()
    return [Watch(**dict(zip(_FIELDS, r))) for r in rows]


def remove(store: Store, name: str) -> None:
    known = [w.name for w in all_watches(store)]
    if name not in known:
        raise UsageError(f"no watch named {name!r}; the watches are: {', '.join(known) or 'none'}")
    store.con.execute("DELETE FROM watches WHERE name = ?", [name])


# -- alerts -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Alert:
    watch: str
    change: str               # created | split | updated
    incident: str
    run: str
    at: str                   # when the alert was raised, ISO 8601 UTC
    doc: dict                 # the incident document

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class AlertReport:
    alerts: list[Alert] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)     # webhooks or files that could not be reached


def run_changes(store: Store, run: str) -> list[tuple[str, str]]:
    """(incident, change) for each live incident one run created, split off or updated;
    the first change logged for an incident counts (created, then updated, is 'created')."""
    rows = store.con.execute("SELECT incident, change FROM changes WHERE run = ? ORDER BY seq", [run]).fetchall()
    first: dict[str, str] = {}
    for incident, change in rows:
        first.setdefault(incident, change)
    return [(i, c) for i, c in first.items() if c in ALERTING_CHANGES]


def alerts_for(store: Store, run: str) -> list[Alert]:
    """The alerts one run raises, by watch, then by incident change order."""
    watches = all_watches(store)
    if not watches:
        return []
    changed = run_changes(store, run)
    docs = {k: json.loads(v) for k, v in store.incident_docs_by_id([i for i, _ in changed]).items()}
    at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return [Alert(w.name, change, incident, run, at, docs[incident])
            for w in watches for incident, change in changed if incident in docs and w.matches(docs[incident])]


def deliver(alerts: list[Alert], watches: list[Watch], *, post=None) -> AlertReport:
    """Append each alert to its watch's JSONL file and POST it to the watch's webhook."""
    post = post or post_json
    by_name = {w.name: w for w in watches}
    report = AlertReport(alerts=list(alerts))
    for alert in alerts:
        watch = by_name[alert.watch]
        line = json.dumps(alert.as_dict(), ensure_ascii=False, default=str)
        try:
            path = Path(watch.alerts)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        except OSError as exc:
            report.failures.append(f"watch {watch.name}: cannot append to {watch.alerts} ({exc.strerror or exc}); "
                                   "give it a writable --alerts file")
        if watch.webhook:
            try:
                post(watch.webhook, line.encode("utf-8"))
            except OutputError as exc:
                report.failures.append(f"watch {watch.name}: {exc}")
    return report


def post_json(url: str, body: bytes, timeout: float = WEBHOOK_TIMEOUT) -> None:
    """POST a JSON body; raise ``OutputError`` unless the answer is 2xx."""
    from . import __version__

    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": f"Flashpoint/{__version__} (watch alerts)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(65536)
    except urllib.error.HTTPError as exc:
        raise OutputError(f"webhook {url} answered HTTP {exc.code}; check the URL") from None
    except (urllib.error.URLError, OSError) as exc:
        raise OutputError(f"webhook {url} unreachable ({getattr(exc, 'reason', exc)}); the alert is in the "
                          "JSONL file") from None


def fire(db_path: str | Path, run: str, *, post=None) -> AlertReport:
    """Raise and deliver the alerts of one finished run of the database at ``db_path``."""
    with Store(db_path) as store:
        watches = all_watches(store)
        alerts = alerts_for(store, run)
    return deliver(alerts, watches, post=post)
