"""Does the cost of a run grow with what it adds, or with what is stored?

    python benchmarks/scale.py                      # 1k and 10k stored articles, writes BENCHMARKS.md
    python benchmarks/scale.py --sizes 1000 --no-write

For each size N a database holding N articles is built, then the time to add 100 new
articles with ``flashpoint run`` is measured (model loading excluded: it is loaded once
before any timing), against the same 100 added to an empty database.

The corpus comes from ``benchmarks/variants.py`` (the bundled texts with their places,
dates and outlets varied). Extracting 10k articles would take the better part of an hour
on a shared 2-core machine and says nothing about fusion, so a stored corpus is built
from ``--extract`` (default 500) variants run through the whole pipeline, then
replicated: each copy renames the articles and their mentions and moves every date by a
whole number of 41-day steps, and its mentions are fused into the store like a run's.
The 100 added articles are new variants (numbered after the stored ones) that go
through the whole pipeline, extraction included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks import variants  # noqa: E402
from benchmarks._report import write_section  # noqa: E402

STEP_DAYS = 41


def _shift(value, days: int):
    return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat() if value else value


def _copy_mentions(mentions, article_ids: dict[str, str], days: int):
    """The mentions with new article and mention ids and every date moved by ``days``
    (a mention refers to other mentions of its own article only)."""
    from flashpoint.records import Mention, from_dict

    by_article: dict[str, list] = {}
    for m in mentions:
        by_article.setdefault(m.article, []).append(m)
    out = []
    for article, ms in by_article.items():
        renames = {f'"{m.id}"': f'"{m.id}c{days}"' for m in ms}
        renames[f'"{article}"'] = f'"{article_ids[article]}"'
        for m in ms:
            d = m.as_dict()
            d["published"] = _shift(d.get("published"), days)
            if d.get("date"):
                d["date"]["start"], d["date"]["end"] = _shift(d["date"]["start"], days), _shift(d["date"]["end"], days)
            text = json.dumps(d)
            for old, new in renames.items():
                text = text.replace(old, new)
            out.append(from_dict(Mention, json.loads(text)))
    return out


def build_store(db: Path, n_articles: int, extracted: Path, workdir: Path) -> None:
    """A store of ``n_articles``: the extracted base, then shifted copies of it."""
    from flashpoint.fuse import leads_of
    from flashpoint.pipeline import RunReport, _fuse_pending
    from flashpoint.store import Store

    shutil.copy(extracted, db)
    with Store(db) as store:
        base = store.con.execute("SELECT id FROM articles ORDER BY id").fetchall()
        base_ids = [r[0] for r in base]
        copies = -(-n_articles // len(base_ids)) - 1
        for k in range(1, copies + 1):
            days = k * STEP_DAYS
            want = min(len(base_ids), n_articles - k * len(base_ids))
            ids = base_ids[:want]
            names = {a: f"{a}-c{k}" for a in ids}
            articles = [a.replace(id=names[a.id], published=a.published + dt.timedelta(days=days) if a.published else None)
                        for a in store.articles(ids)]
            sigs = dict(store.con.execute("SELECT id, signature FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall())
            mentions = _copy_mentions(store.mentions(ids), names, days)
            with store.transaction():
                store.add_articles([(a, None) for a in articles], {names[i]: s for i, s in sigs.items()})
                store.add_mentions(mentions)
                store.set_leads(leads_of(mentions))
                store.set_state(list(names.values()), "extracted")
            _fuse_pending(store, f"build-{k}", RunReport(), 2000)


def timed_add(db: Path, new: Path) -> tuple[float, int]:
    from flashpoint.config import Settings
    from flashpoint.pipeline import run

    start = time.perf_counter()
    report = run([new], Settings(db_path=db))
    return time.perf_counter() - start, len(report.ingested)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--extract", type=int, default=500, help="variants extracted for real before replication")
    parser.add_argument("--add", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from flashpoint.config import Settings
    from flashpoint.nlp import shared_pipeline
    from flashpoint.pipeline import run
    from flashpoint.store import Store

    shared_pipeline(Settings().spacy_model)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base_jsonl = variants.write(work / "base.jsonl", args.extract)
        new_jsonl = variants.write(work / "new.jsonl", args.add, offset=10_000_000)
        extracted = work / "extracted.duckdb"
        t = time.perf_counter()
        run([base_jsonl], Settings(db_path=extracted))
        print(f"extracted {args.extract} base articles in {time.perf_counter() - t:.0f} s", flush=True)
        empty_s, added = timed_add(work / "empty.duckdb", new_jsonl)
        rows.append((0, 0, empty_s, added))
        print(f"empty: {empty_s:.1f} s for {added} articles", flush=True)
        for size in args.sizes:
            db = work / f"db-{size}.duckdb"
            t = time.perf_counter()
            build_store(db, size, extracted, work)
            with Store(db, read_only=True) as store:
                counts = store.counts()
            print(f"built {counts['articles']} articles / {counts['incidents']} incidents in "
                  f"{time.perf_counter() - t:.0f} s", flush=True)
            seconds, added = timed_add(db, new_jsonl)
            rows.append((counts["articles"], counts["incidents"], seconds, added))
            print(f"{size}: {seconds:.1f} s for {added} articles", flush=True)
    lines = [f"| stored articles | stored incidents | add {args.add} articles (s) | vs empty |", "|---:|---:|---:|---:|"]
    for articles, incidents, seconds, _ in rows:
        lines.append(f"| {articles:,} | {incidents:,} | {seconds:.1f} | {seconds / rows[0][2]:.2f}x |")
    body = (__doc__.split("\n\n", 2)[2].strip() + "\n\n" + "\n".join(lines) +
            f"\n\nA stored corpus of {args.extract} extracted variants, replicated; "
            f"the added articles are {args.add} new variants.")
    print("\n".join(lines))
    if not args.no_write:
        write_section("scale", f"Scale: adding {args.add} articles to a growing database", body)


if __name__ == "__main__":
    main()
