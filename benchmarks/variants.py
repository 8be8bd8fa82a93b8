"""A large synthetic corpus made from variations of the bundled texts, for scale benchmarks.

    python benchmarks/variants.py OUT.jsonl --articles 1000 [--seed 0] [--offset 0]

Each variant takes the paragraphs of one base article (the seeds in ``../shared/seeds``
when present, and ``examples/``), appends one paragraph of another, replaces every
place it names (from the gazetteer, ``places.csv``) by another place of the same
country, moves its publication date by a number of days (so relative dates such as
"on Friday" land elsewhere) and gives it one of 50 invented outlets. The result is a
JSON Lines file with one article per line; the same arguments write the same file.
``--offset`` starts numbering further on, so a second file holds new articles.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks._report import SHARED  # noqa: E402

SOURCES = [SHARED.parent / "seeds", ROOT / "examples"]
PLACES_CSV = ROOT / "src" / "flashpoint" / "data" / "places.csv"
OUTLETS = [f"Variant Outlet {i:02d}" for i in range(50)]


def _base_articles():
    from flashpoint.ingest import read_sources
    from flashpoint.records import Article

    found = [a for a in read_sources([p for p in SOURCES if p.is_dir()]) if isinstance(a, Article)]
    if not found:
        raise SystemExit(f"no base articles in {', '.join(map(str, SOURCES))}")
    return found


def _places_by_country() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    with PLACES_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] in ("city", "base", "site") and row["country"]:
                out[row["country"]].append(row["name"])
    return out


def variants(n: int, *, seed: int = 0, offset: int = 0):
    """``n`` article dicts (id, text, title, outlet, published), numbered from ``offset``."""
    base = _base_articles()
    by_country = _places_by_country()
    country_of = {name: c for c, names in by_country.items() for name in names}
    names = sorted(country_of, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(x) for x in names))
    paragraphs = [[p for p in a.text.split("\n\n") if p.strip()] for a in base]
    for i in range(offset, offset + n):
        rng = random.Random(f"{seed}:{i}")
        k = i % len(base)
        original = base[k]
        other = paragraphs[(k + 1 + i // len(base)) % len(base)]
        text = "\n\n".join(paragraphs[k] + [rng.choice(other)])
        swap: dict[str, str] = {}

        def replace(match: re.Match) -> str:
            name = match.group(0)
            if name not in swap:
                swap[name] = rng.choice(by_country[country_of[name]])
            return swap[name]

        text = pattern.sub(replace, text)
        published = (original.published or dt.date(2021, 1, 1)) + dt.timedelta(days=rng.randrange(-900, 900))
        yield {"id": f"var-{i:06d}", "title": f"{original.title or original.id} ({i})", "text": text,
               "outlet": rng.choice(OUTLETS), "published": published.isoformat()}


def write(path: Path, n: int, *, seed: int = 0, offset: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for row in variants(n, seed=seed, offset=offset):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--offset", type=int, default=0)
    args = parser.parse_args()
    write(args.out, args.articles, seed=args.seed, offset=args.offset)
    print(f"{args.articles} articles written to {args.out}")


if __name__ == "__main__":
    main()
