"""What the CLI prints for incidents, chains and stats: a Rich table for people, JSON or CSV
for scripts. Every value from the data goes into Rich as plain Text, never as markup, so
a name such as "[/x]" prints as written."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from rich.table import Table
from rich.text import Text

OUTPUTS = ("table", "json", "csv")
INCIDENT_COLUMNS = ("id", "date_start", "date_end", "date_precision", "type", "place", "country", "admin1",
                    "perpetrator", "perpetrator_status", "weapon_class", "weapon_min", "weapon_max",
                    "killed_min", "killed_max", "injured_min", "injured_max", "sources", "conflicts", "responds_to")
CHAIN_COLUMNS = ("chain", "step", "id", "date", "type", "place")
STATS_COLUMNS = ("month", "actor", "against", "incidents", "by_type", "reciprocity", "median_lag")


def bounds(b: dict) -> str:
    lo, hi = b.get("min"), b.get("max")
    if lo is None and hi is None:
        return ""
    if lo == hi:
        return str(lo)
    return f"{'' if lo is None else lo}..{'' if hi is None else hi}"


def incident_row(d: dict) -> dict:
    """One incident as a flat record (the CSV and JSON shape of `flashpoint incidents`)."""
    loc = d.get("location") or {}
    return {
        "id": d["id"], "date_start": d["date"]["start"], "date_end": d["date"]["end"],
        "date_precision": d["date"]["precision"], "type": d["type"], "place": loc.get("name"),
        "country": loc.get("country"), "admin1": loc.get("admin1"), "perpetrator": d["perpetrator"]["name"],
        "perpetrator_status": d["perpetrator"]["status"], "weapon_class": d["weapon"]["class"],
        "weapon_min": d["weapon"]["count"]["min"], "weapon_max": d["weapon"]["count"]["max"],
        "killed_min": d["casualties"]["killed"]["min"], "killed_max": d["casualties"]["killed"]["max"],
        "injured_min": d["casualties"]["injured"]["min"], "injured_max": d["casualties"]["injured"]["max"],
        "sources": d.get("sources"), "conflicts": " ".join(c["field"] for c in d["conflicts"]),
        "responds_to": " ".join(d["responds_to"]),
    }


def incident_table(docs: list[dict], title: str = "Incidents") -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    for col in ("date", "type", "where", "perpetrator", "weapon", "killed", "injured", "src", "id"):
        table.add_column(col, overflow="fold")
    for d in docs:
        date = d["date"]["start"] or "?"
        if d["date"]["end"] and d["date"]["end"] != d["date"]["start"]:
            date += f"..{d['date']['end']}"
        loc = d.get("location") or {}
        where = f"{loc.get('name')} ({loc.get('country')})" if loc else ""
        perp = d["perpetrator"]["name"] or ""
        if perp:
            perp += f" [{d['perpetrator']['status']}]"
        weapon = bounds(d["weapon"]["count"]) + " " + (d["weapon"]["class"] or "")
        flag = " !" if d["conflicts"] else ""
        cells = (date, d["type"], where, perp, weapon.strip() + flag, bounds(d["casualties"]["killed"]),
                 bounds(d["casualties"]["injured"]), str(d.get("sources", "")), d["id"])
        table.add_row(*(Text(c) for c in cells))
    return table


def chain_records(docs: list[dict], links: list[tuple[str, str]]) -> list[dict]:
    """Each chain of incidents that answer each other, cause first, one record per step."""
    from .escalation import chains as find_chains

    by_id = {d["id"]: d for d in docs}
    out = []
    for n, chain in enumerate(find_chains(links), start=1):
        for step, incident_id in enumerate(chain, start=1):
            d = by_id.get(incident_id, {})
            out.append({"chain": n, "step": step, "id": incident_id, "date": (d.get("date") or {}).get("start"),
                        "type": d.get("type"), "place": (d.get("location") or {}).get("name")})
    return out


def chain_lines(records: list[dict]) -> list[str]:
    lines: dict[int, list[str]] = {}
    for r in records:
        lines.setdefault(r["chain"], []).append(f"{r['date'] or '?'} {r['type'] or '?'} @ {r['place'] or '?'} ({r['id']})")
    return [" -> ".join(steps) for steps in lines.values()]


def stats_table(rows: list[dict], within: int) -> Table:
    table = Table(title=f"Escalation by actor pair and month (answered within {within} days)")
    for col in ("month", "actor", "against", "incidents", "by type", "answered", "median lag (days)"):
        table.add_column(col)
    for r in rows:
        cells = (r["month"], r["actor"], r["against"], str(r["incidents"]), r["by_type"], f"{r['reciprocity']:.0%}",
                 "" if r["median_lag"] is None else f"{r['median_lag']:.0f}")
        table.add_row(*(Text(str(c)) for c in cells))
    return table


def write_json(records: Iterable[dict], out: IO[str]) -> None:
    json.dump(list(records), out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_csv(records: Iterable[dict], columns: tuple[str, ...], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in records:
        writer.writerow({k: "" if r.get(k) is None else r[k] for k in columns})


def chain_groups(records: list[dict]) -> list[dict]:
    """The chain records grouped: [{"chain": 1, "incidents": [{step, id, date, type, place}, ...]}]."""
    grouped: dict[int, list[dict]] = {}
    for r in records:
        grouped.setdefault(r["chain"], []).append({k: v for k, v in r.items() if k != "chain"})
    return [{"chain": n, "incidents": steps} for n, steps in grouped.items()]
