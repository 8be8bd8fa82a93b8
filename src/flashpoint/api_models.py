"""Response models of the HTTP API: what /openapi.json promises to generated clients.

``IncidentDoc`` is the incident document of the export contract (OUTPUT.md); the others wrap
the query layer's rows. Every model allows extra fields (the contract permits extras), and
every error, validation errors included, has the one shape of :class:`ErrorResponse`.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Stance(str, Enum):
    claimed = "claimed"
    attributed = "attributed"
    suspected = "suspected"
    denied = "denied"
    unclaimed = "unclaimed"


class PerpetratorStatus(str, Enum):
    claimed = "claimed"
    attributed = "attributed"
    suspected = "suspected"
    denied = "denied"
    unknown = "unknown"


class WeaponClass(str, Enum):
    rocket = "rocket"
    missile = "missile"
    drone = "drone"
    aircraft = "aircraft"
    bomb = "bomb"
    firearm = "firearm"
    chemical = "chemical"
    unknown = "unknown"


class Sort(str, Enum):
    date = "date"
    date_desc = "-date"
    type = "type"
    type_desc = "-type"
    sources = "sources"
    sources_desc = "-sources"
    killed = "killed"
    killed_desc = "-killed"


class ExportFormat(str, Enum):
    csv = "csv"
    geojson = "geojson"
    jsonl = "jsonl"


class SuggestField(str, Enum):
    country = "country"
    actor = "actor"
    admin1 = "admin1"
    type = "type"


# --- errors ---------------------------------------------------------------------------

class ParameterProblem(BaseModel):
    parameter: str | None = Field(None, description="the offending parameter, when one is to blame")
    message: str


class ErrorResponse(BaseModel):
    """The one error shape: 400, 404, 405 and validation errors alike."""

    status: int = Field(..., examples=[400])
    detail: str = Field(..., description="what went wrong and what to do", examples=[
        "unknown query parameter 'contry'; this endpoint takes: country, date_from, ..."])
    errors: list[ParameterProblem] = Field(default_factory=list)


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "a parameter is unknown, repeated, malformed or out of range"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **ERRORS, 404: {"model": ErrorResponse, "description": "no such record"},
}

# --- the incident document (OUTPUT.md) ------------------------------------------------

class Bounds(Open):
    min: int | None = None
    max: int | None = None


class AcledCodes(Open):
    event_type: str | None = None
    sub_event_type: str | None = None


class DateInfo(Open):
    start: str | None = Field(None, description="ISO date", examples=["2021-03-15"])
    end: str | None = None
    precision: str | None = Field(None, examples=["day", "week", "month", "year", "unknown"])
    text: str | None = None


class Location(Open):
    name: str | None = None
    country: str | None = Field(None, description="ISO-3166 alpha-2", examples=["IQ"])
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = Field(None, examples=["site", "city", "admin1", "region", "country"])
    text: str | None = None


class Perpetrator(Open):
    actor: str | None = None
    name: str | None = None
    status: PerpetratorStatus | None = None


class Responsibility(Open):
    actor: str | None = None
    name: str | None = None
    stance: Stance
    source_actor: str | None = None
    article: str | None = None
    evidence: str | None = None


class Party(Open):
    actor: str | None = None
    name: str | None = None
    text: str | None = None


class Weapon(Open):
    class_: WeaponClass | None = Field(None, alias="class")
    count: Bounds | None = None
    text: str | None = None


class Casualties(Open):
    killed: Bounds | None = None
    injured: Bounds | None = None
    attackers_killed: Bounds | None = None   # attackers who died, counted apart from the victims
    text: str | None = None


class ConflictValue(Open):
    value: Any = None
    article: str | None = None
    source_actor: str | None = None


class Conflict(Open):
    field: str
    values: list[ConflictValue | Any] = []


class DocMention(Open):
    article: str
    start: int | None = None
    end: int | None = None
    text: str | None = None


class IncidentDoc(Open):
    """One incident as the export contract (OUTPUT.md) shapes it."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": "inc_3f9a1c2e", "type": "attack.rocket", "plover": "ASSAULT",
        "acled": {"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"},
        "date": {"start": "2021-03-15", "end": "2021-03-15", "precision": "day", "text": "Monday night"},
        "location": {"name": "Balad Air Base", "country": "IQ", "admin1": "Salah ad Din", "lat": 33.94, "lon": 44.36,
                     "precision": "site", "text": "the Al-Balad airbase"},
        "perpetrator": {"actor": "iran_backed_militias", "name": "Iran-backed militias", "status": "suspected"},
        "responsibility": [], "targets": [], "victims": [],
        "weapon": {"class": "rocket", "count": {"min": 7, "max": None}, "text": "At least seven rockets"},
        "casualties": {"killed": {"min": 0, "max": 0}, "injured": {"min": 0, "max": 0}, "text": None},
        "responds_to": [], "conflicts": [], "mentions": []}]})

    id: str
    type: str | None = None
    plover: str | None = None
    acled: AcledCodes | None = None
    date: DateInfo | None = None
    location: Location | None = None
    perpetrator: Perpetrator | None = None
    responsibility: list[Responsibility] = []
    targets: list[Party] = []
    victims: list[Party] = []
    weapon: Weapon | None = None
    casualties: Casualties | None = None
    responds_to: list[str] = []
    conflicts: list[Conflict] = []
    mentions: list[DocMention] = []


# --- list rows and pages --------------------------------------------------------------

class IncidentRow(Open):
    id: str = Field(..., examples=["inc_3f9a1c2e"])
    type: str | None = None
    family: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    place: str | None = None
    country: str | None = None
    country_name: str | None = Field(None, examples=["Iraq"])
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: str | None = None
    perpetrator: str | None = None
    perpetrator_name: str | None = None
    perpetrator_status: str | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    sources: int | None = None
    summary: str | None = None


class IncidentPage(Open):
    total: int
    limit: int
    offset: int
    sort: str
    filters: dict[str, Any]
    items: list[IncidentRow]


class LinkRow(Open):
    id: str
    kind: str | None = None
    article: str | None = None
    evidence: str | None = None
    type: str | None = None
    date_start: str | None = None
    place: str | None = None


class MentionRow(Open):
    id: str | None = None
    article: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None


class StanceRow(Responsibility):
    """A stance as the incident page lists it: the same fields as the exported one."""


class EvidenceRow(Open):
    field: str
    article: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    rule: str | None = None


class ActorName(Open):
    name: str
    registered: bool = Field(..., description="false for a holder the registry does not know: shown as text")


class IncidentDetail(Open):
    id: str
    doc: IncidentDoc
    country_name: str | None = None
    actors: dict[str, ActorName] = {}
    responds_to: list[LinkRow]
    responded_by: list[LinkRow]
    mentions: list[MentionRow]
    stances: list[StanceRow]
    evidence: list[EvidenceRow]


class Span(Open):
    start: int
    end: int
    field: str | None = None
    incident: str | None = None
    kind: str


class Article(Open):
    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    text: str | None = None
    spans: list[Span]


class ActorRow(Open):
    id: str
    name: str | None = None
    type: str | None = None
    country: str | None = None
    incidents: int
    as_perpetrator: int
    as_target: int


class ActorPage(Open):
    total: int
    limit: int
    offset: int
    items: list[ActorRow]


class ActorDetail(Open):
    id: str
    name: str | None = None
    type: str | None = None
    country: str | None = None
    as_perpetrator: list[IncidentRow]
    as_target: list[IncidentRow]
    claims: list[dict[str, Any]]
    denials: list[dict[str, Any]]
    blamed: list[dict[str, Any]]
    stances_held: list[dict[str, Any]]


class Edge(Open):
    source: str
    target: str
    kind: str | None = None
    article: str | None = None
    evidence: str | None = None


class Graph(Open):
    total: int
    truncated: bool
    undated: int = Field(..., description="matching incidents with no date (not on a timeline)")
    filters: dict[str, Any]
    nodes: list[IncidentRow]
    edges: list[Edge]


class Count(Open):
    key: str | None = None
    n: int


class Toll(Open):
    key: str
    n: int
    killed: int


class FamilyCount(Open):
    key: str
    family: str
    n: int


class Stats(Open):
    total: int
    undated: int
    by_type: list[Count]
    by_family: list[Count]
    by_month: list[Count]
    by_country: list[Count]
    by_stance: list[Count]
    killed_by_month: list[Toll]
    killed_by_week: list[Toll]
    by_month_family: list[FamilyCount]
    by_week_family: list[FamilyCount]


class Suggestion(Open):
    value: str = Field(..., examples=["IQ"])
    label: str = Field(..., examples=["Iraq"])
    detail: str | None = Field(None, examples=["IQ · 99 incidents"])


class Suggestions(Open):
    field: SuggestField
    q: str
    items: list[Suggestion]


class Place(Open):
    name: str
    kind: str | None = None
    country: str | None = None
    lat: float
    lon: float


class Places(Open):
    items: list[Place]


class EscalationIncident(Open):
    id: str
    side: str = Field(..., description="'a' or 'b': whose side acted")
    perpetrator: str
    type: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_precision: str | None = None
    place: str | None = None


class EscalationLink(Open):
    source: str
    target: str
    lag_days: int | None = None
    direction: str = Field(..., examples=["b->a"])


class SideSummary(Open):
    incidents: int
    answered: int
    reciprocity: float | None = None
    median_lag_days: float | None = None


class EscalationSide(Open):
    query: str
    ids: list[str]
    name: str


class Escalation(Open):
    a: EscalationSide
    b: EscalationSide
    within_days: int
    incidents: list[EscalationIncident]
    links: list[EscalationLink]
    monthly: list[dict[str, Any]] = Field(..., description="rows of `flashpoint stats` for the pair")
    summary: dict[str, SideSummary]


# --- the change log (GET /api/changes) ------------------------------------------------

class ChangeKind(str, Enum):
    created = "created"
    updated = "updated"
    merged = "merged"
    split = "split"
    deleted = "deleted"


class Change(BaseModel):
    seq: int = Field(..., description="order of the change in the log")
    changed_at: str = Field(..., description="UTC time of the run that made it", examples=["2026-11-30T08:12:03"])
    run: str | None = Field(None, description="the run that made it")
    incident: str = Field(..., examples=["inc_3f9a1c2e"])
    change: ChangeKind
    other: str | None = Field(None, description="merged: the survivor; split: the incident it split from")


class Changes(BaseModel):
    """What changed after ``since``, oldest first: sync a copy by applying them in order."""

    since: str
    changes: list[Change]
    more: bool = Field(..., description="true when ``limit`` cut the list: ask again from the last changed_at")
