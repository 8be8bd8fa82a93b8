"""The event ontology: our type codes and their ACLED and PLOVER names, in one place.

The table lives in ``data/lexicon.yaml`` (``event_types``), so a domain expert edits
one file; extraction, the event classifier, fusion and export all read it from here.

    >>> code_for("Air/drone strike", weapon="drone")
    'attack.drone'
    >>> acled_pair("arrest")
    ('Strategic developments', 'Arrests')

The classifier predicts one of ACLED's 25 sub-event types (or ``NO_EVENT``); our codes
are finer for the kinetic types (rocket vs missile, drone vs aircraft), so
``code_for`` takes the weapon the rules found as a hint.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import DATA_DIR

NO_EVENT = "none"

# ACLED's sub-event types in the order of its codebook (event type by event type).
ACLED_SUB_EVENTS: tuple[str, ...] = (
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade",
    "Sexual violence", "Attack", "Abduction/forced disappearance",
    "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    "Violent demonstration", "Mob violence",
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
)

# Where one ACLED sub-event stands for several of our codes, the weapon decides;
# the first code is the default when the text names no weapon.
_BY_WEAPON: dict[str, dict[str | None, str]] = {
    "Shelling/artillery/missile attack": {None: "attack.rocket", "rocket": "attack.rocket", "missile": "attack.missile"},
    "Air/drone strike": {None: "attack.airstrike", "aircraft": "attack.airstrike", "drone": "attack.drone"},
    "Armed clash": {None: "attack.armed_clash"},
}


@dataclass(frozen=True, slots=True)
class EventType:
    code: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    plover: str | None
    weapon: str | None
    family: str            # attack | territory | protest | riot | strategic | statement


@functools.lru_cache(maxsize=4)
def event_types(path: str | Path = DATA_DIR / "lexicon.yaml") -> dict[str, EventType]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return {code: EventType(code, *row) for code, row in data["event_types"].items()}


def acled_pair(code: str) -> tuple[str | None, str | None]:
    t = event_types().get(code)
    return (t.acled_event_type, t.acled_sub_event_type) if t else (None, None)


def family(code: str) -> str:
    t = event_types().get(code)
    return t.family if t else "other"


@functools.lru_cache(maxsize=1)
def _code_by_sub_event() -> dict[str, str]:
    table: dict[str, str] = {}
    for t in event_types().values():
        if t.acled_sub_event_type and t.acled_sub_event_type not in table and t.code != "attack.other":
            table[t.acled_sub_event_type] = t.code
    return table


def code_for(sub_event: str, weapon: str | None = None) -> str | None:
    """Our code for an ACLED sub-event type; ``weapon`` (a weapon class the rules found)
    picks the finer kinetic code. None for ``NO_EVENT`` or an unknown name."""
    if sub_event in _BY_WEAPON:
        choices = _BY_WEAPON[sub_event]
        return choices.get(weapon, choices[None])
    return _code_by_sub_event().get(sub_event)
