"""Labelled examples for the event classifier, with fixed splits.

- the team corpus (``data/training/*.jsonl``, written for this project): a record's
  split comes from a hash of its id (20% test, 10% dev, 70% train); the rule was fixed
  before any model was trained, and the test part is scored, never tuned on;
- Wikipedia incident descriptions (``../shared/training/wikipedia_terror``): split by
  time, train up to 2016, dev 2017, test 2018-2019;
- PLOVER gold records (``../shared/training/plover_gsr``): evaluation only (323 rows).

Text from ``../shared`` is read here at training time and never written anywhere.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from training.labels import plover_label, wiki_label

ROOT = Path(__file__).resolve().parent.parent
TEAM_DIR = ROOT / "data" / "training"
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared"))
WIKI_FILE = SHARED / "training" / "wikipedia_terror" / "incidents.csv"
PLOVER_FILE = SHARED / "training" / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    source: str          # team | wikipedia | plover
    split: str           # train | dev | test
    raw_type: str = ""   # the source's own label
    group: str = ""      # pass (team), year (wikipedia)


def team_split(record_id: str) -> str:
    bucket = int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 10
    return "test" if bucket < 2 else "dev" if bucket == 2 else "train"


def team_corpus(folder: Path = TEAM_DIR) -> list[Example]:
    out: list[Example] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            out.append(Example(rec["text"], rec["label"], "team", team_split(rec["id"]),
                               rec.get("neg_kind") or rec["label"], rec.get("pass", path.stem)))
    return out


_CITATION = re.compile(r"\[\s*(?:\d+|citation needed|note \d+)\s*\]")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def clean_wiki_text(text: str) -> str:
    return re.sub(r"\s+", " ", _CITATION.sub("", text)).strip()


def wikipedia_rows(path: Path = WIKI_FILE) -> list[Example]:
    """Rows with a mappable type; the year decides the split."""
    if not path.exists():
        return []
    out: list[Example] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = clean_wiki_text(row["details"] or "")
            year = _YEAR.search(row["date"] or "")
            label = wiki_label(row["type"] or "", text, row["dead"])
            if not text or label is None or year is None:
                continue
            y = int(year.group(1))
            split = "test" if y >= 2018 else "dev" if y == 2017 else "train"
            out.append(Example(text, label, "wikipedia", split, row["type"], str(y)))
    return out


def plover_rows(path: Path = PLOVER_FILE) -> list[Example]:
    if not path.exists():
        return []
    out = []
    for rec in json.loads(path.read_text(encoding="utf-8")):
        text = rec.get("text")
        label = plover_label(rec.get("event", ""), rec.get("mode"))
        if text and label is not None:
            out.append(Example(text, label, "plover", "test", f"{rec.get('event')}/{rec.get('mode') or ''}"))
    return out


def shared_available() -> bool:
    return WIKI_FILE.exists()
