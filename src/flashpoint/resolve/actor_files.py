"""The actor registry's files: reading data/actors.yaml and user files, and checking them.

``_read_entries`` reads one YAML list of actors and says what is wrong with a bad entry;
``_merge`` adds an ``extend: true`` entry's aliases and links to the actor it extends;
``with_state_forces`` adds every state's armed forces and police from the templates in
data/state_forces.yaml; ``_check_links`` finds links to unknown ids. ``ActorRegistry.load``
(actors.py) joins them.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import ConfigError
from .actor_names import normalise

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
TYPES = {"state", "military", "government", "armed_group", "person", "organization", "igo", "civilians"}
LINKS = ("parents", "backed_by", "speaks_for")


def with_state_forces(actors: list[dict], path: Path) -> list[dict]:
    """The actors plus every state's armed forces and police from the templates in ``path``
    (data/state_forces.yaml): a state's existing force of that role gains the aliases it
    lacks; an alias another actor holds stays with it."""
    templates = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    holder = {normalise(n): a for a in actors for n in [a["name"], *(a.get("aliases") or [])]}
    taken = set(holder)
    by_role = {(a.get("role"), a.get("country")): a for a in actors if a.get("role") and a["type"] != "state"}
    ids = {a["id"] for a in actors}
    out = list(actors)
    for state in [a for a in actors if a["type"] == "state" and a.get("country")]:
        demonyms = [d for d in state.get("demonyms") or [] if not _plural(d, state.get("demonyms") or [])]
        for role, tpl in templates.items():
            fill = {"id": state["id"], "name": state["name"]}
            aliases = []
            for form in tpl.get("aliases") or []:
                for demonym in (demonyms if "{demonym}" in form else [""]):
                    alias = form.format(demonym=demonym, **fill)
                    if normalise(alias) not in taken:
                        taken.add(normalise(alias))
                        aliases.append(alias)
            existing = by_role.get((role, state["country"]))
            first = (tpl.get("aliases") or [""])[0].format(demonym=(demonyms or [""])[0], **fill)
            known = holder.get(normalise(first))
            if existing is None and known is not None and known["type"] != "state" and known.get("country") == state["country"]:
                existing = known              # "Iraqi police" is already iraqi_federal_police
                existing.setdefault("role", role)
            if existing is not None:
                existing["aliases"] = [*(existing.get("aliases") or []), *aliases]
                existing["ruler_quiet"] = [*(existing.get("ruler_quiet") or []), *aliases]
                continue
            actor_id = tpl["id"].format(**fill)
            if not aliases or actor_id in ids:
                continue
            ids.add(actor_id)
            out.append({"id": actor_id, "name": tpl["name"].format(**fill), "type": tpl.get("type", "military"),
                        "country": state["country"], "role": role, "parents": [state["id"]], "aliases": aliases,
                        "generated": True, "_file": f"{path.name}: {role} of {state['id']}"})
    return out


def _plural(demonym: str, all_forms: list[str]) -> bool:
    """"Malians", "Croats": a plural of another listed form (these name people, not an army)."""
    return demonym.endswith("s") and not demonym.endswith("ss") and (demonym[:-1] in all_forms or len(all_forms) > 1)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _merge(base: dict, extra: dict) -> None:
    for key in ("aliases", "demonyms", "metonyms", "patterns", "ruler_skip", "parents", "backed_by"):
        base[key] = [*_as_list(base.get(key)), *[v for v in _as_list(extra.get(key)) if v not in _as_list(base.get(key))]]


def _read_entries(path: Path) -> list[dict]:
    if not path.exists():
        raise ConfigError(f"actor file {path} does not exist; pass an existing YAML file")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or []
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML ({exc}); fix the syntax at the line shown") from exc
    if not isinstance(data, list):
        raise ConfigError(f"{path} must hold a list of actors (- id: ..., name: ..., type: ...)")
    for n, entry in enumerate(data, 1):
        where = f"{path}: entry {n}" + (f" (id {entry.get('id')!r})" if isinstance(entry, dict) else "")
        if not isinstance(entry, dict) or not entry.get("id"):
            raise ConfigError(f"{where} must be a mapping with an id")
        if entry.get("extend"):
            continue
        for key in ("name", "type"):
            if not entry.get(key):
                raise ConfigError(f"{where} has no {key}; every actor needs id, name and type")
        if entry["type"] not in TYPES:
            raise ConfigError(f"{where} has type {entry['type']!r}; use one of {sorted(TYPES)}")
        for p in entry.get("patterns") or []:
            try:
                re.compile(p)
            except re.error as exc:
                raise ConfigError(f"{where} has a bad pattern {p!r} ({exc})") from exc
        entry["_file"] = f"{where}"
    return data


def _check_links(actors: list[dict], known: dict) -> None:
    for a in actors:
        for rel in LINKS:
            for up in _as_list(a.get(rel)):
                if up not in known:
                    raise ConfigError(f"{a.get('_file', a['id'])}: {rel} {up!r} is not a known actor id; "
                                      "add that actor or fix the spelling")
