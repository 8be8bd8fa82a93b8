"""Incident arguments on the team dev set (issue 9): where, who, what it cost.

    python benchmarks/arguments.py                 # all 200 paragraphs, writes BENCHMARKS.md
    python benchmarks/arguments.py --quick         # every 4th paragraph, prints JSON (the CI test)
    python benchmarks/arguments.py --dump out.jsonl   # also each paragraph's key and prediction

Each paragraph of ``data/eval/arguments_dev.jsonl`` goes through the whole pipeline alone
(``extract_article`` then ``fuse``), dated by its ``published`` field. The *main incident*
is the asserted incident of the attack family whose first mention comes first in the text.
Each field of it is compared with the key (``field_scores``); a paragraph that yields no
attack incident counts as wrong on every field whose key states something.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._report import load_baseline, write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT / "data" / "eval" / "arguments_dev.jsonl"
FIELDS = ("country", "admin1", "place", "perpetrator", "perpetrator_status", "killed", "injured")
_REGION_WORDS = {"province", "state", "region", "governorate", "county", "department", "oblast", "district",
                 "division", "territory", "prefecture", "republic", "of", "the"}


@dataclass(frozen=True)
class Key:
    """One paragraph and what its main incident should say."""

    id: str
    text: str
    published: dt.date
    country: str
    admin1: str | None
    place: str | None
    perpetrator: str | None
    perpetrator_status: str
    killed: tuple[int | None, int | None] | None
    injured: tuple[int | None, int | None] | None


def load_keys(path: Path = DEV_SET) -> list[Key]:
    def bounds(value):
        return None if value is None else (value["min"], value["max"])

    keys = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        keys.append(Key(row["id"], row["text"], dt.date.fromisoformat(row["published"]), row["country"],
                        row["admin1"], row["place"], row["perpetrator"], row["perpetrator_status"],
                        bounds(row["killed"]), bounds(row["injured"])))
    return keys


def fold(name: str | None) -> str:
    """Lowercase ASCII letters and digits only, so "Mazar-e Sharif" and "Mazar e sharif" agree."""
    if not name:
        return ""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_.lower())


def _region(name: str | None) -> str:
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower())
    return "".join(w for w in words if w not in _REGION_WORDS)


def same_place_name(key: str, predicted: str | None) -> bool:
    """Names of one place in two spellings: equal once folded, one a word-prefix of the
    other ("Cotabato" / "Cotabato City"), or close (transliterations: "Mazar-e Sharif" /
    "Mazar-i-Sharif")."""
    a, b = fold(key), fold(predicted)
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.85


def same_region(key: str, predicted: str | None) -> bool:
    a, b = _region(key), _region(predicted)
    return bool(a and b) and (a == b or SequenceMatcher(None, a, b).ratio() >= 0.85)


def same_actor(key: str, predicted, registry) -> bool:
    """Whether the predicted ActorRef is the group the key names: one registry id (or one
    the parent of the other), else the same name once folded, or one name inside the other."""
    if predicted is None:
        return False
    key_id = registry.resolve(key).id
    if key_id and predicted.id:
        if key_id == predicted.id:
            return True
        try:
            if key_id in registry.ancestors(predicted.id) or predicted.id in registry.ancestors(key_id):
                return True
            # a name two registry groups bear ("Ansar al-Sunna": Iraq's and Mozambique's): the key,
            # read out of context, does not say which; the predicted group bearing it is that group
            return fold(key) in {fold(n) for n in registry.names(predicted.id)}
        except KeyError:
            return False
    names = {fold(predicted.name), fold(predicted.text)}
    if predicted.id:
        try:
            names |= {fold(n) for n in registry.names(predicted.id)}
        except KeyError:
            pass
    want = fold(key)
    if _is_state(predicted, registry):
        # a state's name inside a longer key counts only where the rest names the state's own
        # government or forces ("Army of Niger"), not a group called after a place ("Niger Delta
        # Militants" is no reading of the state of Niger)
        return want in names or any(_state_inside(key, n) for n in names if n)
    return any(n and (n == want or (len(n) >= 4 and (n in want or want in n))) for n in names)


_STATE_WORDS = {"government", "army", "military", "armed", "forces", "force", "police", "security", "state",
                "regime", "national", "air", "navy", "of", "the", "and"}


def _is_state(predicted, registry) -> bool:
    if predicted.type == "state":
        return True
    try:
        return bool(predicted.id) and registry.get(predicted.id).get("type") == "state"
    except KeyError:
        return False


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower())


def _state_inside(key: str, folded_name: str) -> bool:
    """Is the key the state ``folded_name`` with only words for its government or forces around it?"""
    words = _words(key)
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            if "".join(words[i:j]) == folded_name:
                return set(words[:i] + words[j:]) <= _STATE_WORDS
    return False


def main_incident(incidents: list, family) -> object | None:
    """The attack-family incident told first in the text."""
    attacks = [i for i in incidents if family(i.type) == "attack"]
    if not attacks:
        return None
    return min(attacks, key=lambda i: min(m.trigger.start for m in i.mentions))


def predict(nlp, key: Key):
    from flashpoint.extract.lexicon import load_lexicon
    from flashpoint.fuse import fuse
    from flashpoint.pipeline import extract_article
    from flashpoint.records import Article

    mentions = extract_article(nlp, Article(id=key.id, text=key.text, published=key.published))
    return main_incident(fuse(mentions), load_lexicon().family)


def _bounds(b) -> tuple[int | None, int | None] | None:
    return (b.min, b.max) if b is not None and b.known else None


def field_scores(key: Key, incident, registry) -> dict[str, bool]:
    """Right or wrong for each field of one paragraph."""
    loc = incident.location if incident is not None else None
    city_level = loc is not None and loc.precision in ("site", "city")
    perp = incident.perpetrator if incident is not None else None
    status = incident.perpetrator_status if incident is not None and perp is not None else "unknown"
    if key.perpetrator is None:
        perpetrator_ok = perp is None
    else:
        perpetrator_ok = same_actor(key.perpetrator, perp, registry)
    return {
        "country": loc is not None and loc.country == key.country,
        "admin1": (same_region(key.admin1, loc.admin1 if loc else None) if key.admin1
                   else not (loc and loc.admin1 and loc.precision != "country")),
        "place": (city_level and (same_place_name(key.place, loc.name) or same_place_name(key.place, loc.text))
                  if key.place else not city_level),
        "perpetrator": perpetrator_ok,
        "perpetrator_status": perpetrator_ok and status == key.perpetrator_status,
        "killed": _bounds(incident.killed if incident else None) == key.killed,
        "injured": _bounds(incident.injured if incident else None) == key.injured,
    }


def _stated(key: Key, field: str) -> bool:
    """Whether the key states something for ``field`` (the issue's "where the text says")."""
    value = {"perpetrator_status": key.perpetrator}.get(field, getattr(key, field))
    return value is not None


def evaluate(keys: list[Key], nlp=None, dump: Path | None = None) -> dict:
    from flashpoint.nlp import build_pipeline
    from flashpoint.resolve.actors import ActorRegistry

    nlp = nlp or build_pipeline()
    registry = ActorRegistry.default()
    right_all = {f: 0 for f in FIELDS}
    right_stated = {f: 0 for f in FIELDS}
    stated = {f: 0 for f in FIELDS}
    found = 0
    rows = []
    started = time.perf_counter()
    for key in keys:
        incident = predict(nlp, key)
        found += incident is not None
        scores = field_scores(key, incident, registry)
        for f, ok in scores.items():
            right_all[f] += ok
            if _stated(key, f):
                stated[f] += 1
                right_stated[f] += ok
        if dump is not None:
            rows.append({"id": key.id, "text": key.text, "scores": scores, "predicted": _summary(incident)})
    seconds = time.perf_counter() - started
    if dump is not None:
        dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    n = len(keys)
    return {
        "paragraphs": n,
        "incident_found": 100.0 * found / n,
        "all": {f: 100.0 * right_all[f] / n for f in FIELDS},
        "stated": {f: 100.0 * right_stated[f] / stated[f] if stated[f] else None for f in FIELDS},
        "stated_n": stated,
        "seconds_per_paragraph": seconds / max(n, 1),
    }


def _summary(incident) -> dict | None:
    if incident is None:
        return None
    loc = incident.location
    return {
        "type": incident.type,
        "location": loc and {"name": loc.name, "country": loc.country, "admin1": loc.admin1, "precision": loc.precision},
        "perpetrator": incident.perpetrator and incident.perpetrator.name,
        "status": incident.perpetrator_status,
        "killed": _bounds(incident.killed), "injured": _bounds(incident.injured),
    }


_LABELS = {"country": "country", "admin1": "admin1", "place": "place (city or finer)",
           "perpetrator": "perpetrator", "perpetrator_status": "perpetrator and its status",
           "killed": "killed (min and max)", "injured": "injured (min and max)"}


def report(result: dict) -> str:
    rows = "\n".join(
        f"| {_LABELS[f]} | {result['stated'][f]:.1f} ({result['stated_n'][f]}) | {result['all'][f]:.1f} |"
        for f in FIELDS)
    return f"""Set: `data/eval/arguments_dev.jsonl`, {result['paragraphs']} invented paragraphs (1-3 sentences, 82
countries, every inhabited continent) written by the team for issue 9 before any tuning; keys and
conventions in `data/eval/README.md`. Each paragraph runs alone through the whole pipeline
(`extract_article`, then `fuse`) with its publication date; the main incident is the
first-told incident of the attack family. A paragraph with no such incident is wrong on every
field whose key states something ({result['incident_found']:.1f}% of paragraphs gave one).

Matching: country by ISO code; admin1 and place by name once folded to ASCII letters, with
a transliteration margin (similarity ≥ 0.85) and region words ("province", "state") ignored;
place counts only at city or site precision, and where the key has no place, a city-level
answer is wrong. Perpetrator: the same registry id (or its parent), else the same name;
with status, the incident's `perpetrator_status` must also equal the key's. Tolls: both
bounds equal the key's (`dozens` = 24.., `more than 30` = 31..).

| field | right where the text states it (n) | right on all paragraphs (null keys must stay null) |
|---|---|---|
{rows}

{result['seconds_per_paragraph'] * 1000:.0f} ms a paragraph.

What moved it: the first run, on the tree of the day the set was written (before the toll
reader of issue 9 item 5), gave killed 77.4 and injured 78.0 where stated (country 51.0,
place 46.6, perpetrator 55.2); the toll reader alone took killed to 88.1 and injured to
82.9 on that same tree. Country, place and perpetrator figures move with the place and
actor work of issue 9 (items 1-4), which landed in parallel. The next round's event-place work
(tuned on the Wikipedia descriptions' dev years, see below) took place from 82.0 to 84.8:
villages the tagger calls PERSON read after 'of' and 'near' (Gajiram, Aguililla) and towns of
districts.csv (Kolofata, Sheikh Zuweid, Tarmiyah); the other fields did not move."""


def quick(keys: list[Key]) -> list[Key]:
    return keys[::4]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="every 4th paragraph; print JSON, write nothing")
    parser.add_argument("--dump", type=Path, help="write each paragraph's prediction and scores here (JSON lines)")
    args = parser.parse_args()
    keys = load_keys()
    if args.quick:
        result = evaluate(quick(keys), dump=args.dump)
        result["floors"] = load_baseline("arguments")
        print(json.dumps(result, indent=1))
        return
    result = evaluate(keys, dump=args.dump)
    print(json.dumps(result, indent=1))
    write_section("arguments", "Incident arguments: team dev set (issue 9)", report(result))


if __name__ == "__main__":
    main()
