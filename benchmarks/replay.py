"""One ``flashpoint run`` with extraction replayed, for the scale benchmark's memory figures.

    python benchmarks/replay.py N EXTRACTED.duckdb WORK_DIR     # prints one JSON line

Writes N inputs made from the articles of EXTRACTED (a database of really extracted
articles): input ``{id}-r{k}`` is base article ``id`` dated ``k`` steps earlier, with
every word of its text tagged with ``k`` so that no two inputs are near-duplicates. A
step is the span of the base (as ``replicate`` moves copies) where the copies fit after
1900 (the earliest publication date admitted), else shorter: the inputs of the largest
runs are then denser in time than the base. The run is the real pipeline (reading, admission
and near-duplicate checks, storing, fusion, ids, links) except the NLP: the engine
returns the base article's stored mentions, renamed and moved like the article. Prints
the run's seconds, inputs ingested and peak RSS (this process, MiB).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.replicate import MARGIN_DAYS, _Template  # noqa: E402

_WORDS = re.compile(r"\b([A-Za-z]+)\b")


def write_inputs(path: Path, n: int, con) -> int:
    """The N inputs (see the module docstring); returns the step in days."""
    from flashpoint.ingest.readers import EARLIEST_PUBLISHED

    rows = con.execute("SELECT id, text, title, outlet, published FROM articles ORDER BY id").fetchall()
    lo, hi = con.execute("SELECT min(published), max(published) FROM articles").fetchone()
    copies = -(-n // len(rows))
    span = min((hi - lo).days + MARGIN_DAYS, (lo - EARLIEST_PUBLISHED).days // copies)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            k, (aid, text, title, outlet, published) = i // len(rows) + 1, rows[i % len(rows)]
            fh.write(json.dumps({"id": f"{aid}-r{k}", "title": title, "outlet": outlet,
                                 "text": _WORDS.sub(lambda m: f"{m.group(1)}{k}", text),
                                 "published": (published - dt.timedelta(days=k * span)).isoformat()
                                 if published else None}) + "\n")
    return span


def replay_engine(con, span: int):
    """A ``map_articles`` that yields each article's base mentions, renamed and moved."""
    from flashpoint.records import Mention, from_dict

    ids = {r[0] for r in con.execute("SELECT id FROM mentions UNION SELECT id FROM articles").fetchall()}
    by_article: dict[str, list[_Template]] = {}
    for article, doc in con.execute("SELECT article, doc FROM mentions ORDER BY id").fetchall():
        by_article.setdefault(article, []).append(_Template(doc, ids, set()))

    def map_articles(articles, settings, *, progress=None):
        out = []
        for a in articles:
            base, k = a.id.rsplit("-r", 1)
            days = dt.timedelta(days=-int(k) * span)
            out.extend(from_dict(Mention, json.loads(t.render(f"-r{k}", days))) for t in by_article.get(base, ()))
        yield out

    return map_articles


def _peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not getrusage's ru_maxrss: Linux carries
    that over from the parent across fork and exec, so a child started by a big parent
    reports the parent's peak."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    import duckdb

    from flashpoint.config import Settings
    from flashpoint.engines import local
    from flashpoint.pipeline import run

    n, extracted, work = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    con = duckdb.connect(str(extracted), read_only=True)
    inputs = work / f"replay-{n}.jsonl"
    span = write_inputs(inputs, n, con)
    local.map_articles = replay_engine(con, span)
    con.close()
    db = work / f"replay-{n}.duckdb"
    start = time.perf_counter()
    report = run([inputs], Settings(db_path=db))
    seconds = time.perf_counter() - start
    peak = _peak_rss_mb()
    print(json.dumps({"inputs": n, "ingested": len(report.ingested), "seconds": seconds, "peak_rss_mb": peak,
                      "incidents": report.incidents, "step_days": span}))
    inputs.unlink()
    for p in (db, Path(str(db) + ".wal")):
        p.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
