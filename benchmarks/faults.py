"""Kill a run, or fill its disk, at every named point; check the next run loses nothing.

    python benchmarks/faults.py            # every point, writes benchmarks/results/faults.json

For each point in ``flashpoint.faults.POINTS`` and each fault (``kill``: SIGKILL in a
child process; ``disk_full``: an ENOSPC raised in the run) a run of ``examples/`` is
interrupted there, the database is opened read-only (as ``incidents`` or ``serve``
would), and a second, clean run finishes the work. The fault *survived* when the
incidents after the second run (ids, members and responds_to links) are exactly those
of one uninterrupted run; *data lost* counts the mentions of the uninterrupted run
missing from any incident. Runs commit in small steps (4 articles, 5 per fusion) so
every point is reached several times. The redating points are tried on ``examples/``
plus one undated article that a run dates from the corpus; a point a run never reaches
is listed as not fired.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLES = ROOT / "examples"
RESULTS = Path(__file__).parent / "results" / "faults.json"
SMALL_STEPS = {"stream_batch": 4, "fuse_batch": 5}


def settings_for(db: Path):
    from flashpoint.config import Settings

    return Settings(db_path=db, extra=dict(SMALL_STEPS))


def snapshot(db: Path) -> dict:
    """What must survive: each incident's id and members, and the links."""
    from flashpoint.store import Store

    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT i.id, list(m.id ORDER BY m.id) FROM incidents i"
                                 " JOIN mentions m ON m.incident = i.id GROUP BY i.id ORDER BY i.id").fetchall()
        return {"incidents": {i: list(ms) for i, ms in rows}, "links": sorted(map(list, store.links()))}


def uninterrupted(corpus: Path, db: Path) -> dict:
    from flashpoint.pipeline import run

    run([corpus], settings_for(db))
    return snapshot(db)


def killed_run(corpus: Path, db: Path, point: str, nth: int) -> bool:
    """A run in a child process that SIGKILLs itself at ``point`` (the nth time); True if it did."""
    code = ("import sys; sys.path.insert(0, %r); from benchmarks.faults import settings_for;"
            " from flashpoint.pipeline import run; from pathlib import Path;"
            " run([%r], settings_for(Path(%r)))") % (str(ROOT), str(corpus), str(db))
    env = {**os.environ, "FLASHPOINT_CRASH_AT": f"{point}:{nth}"}
    env.pop("FLASHPOINT_FAIL_WRITE_AT", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    if done.returncode not in (0, -9):
        raise RuntimeError(f"the run failed instead of dying at {point}:{nth}:\n{done.stderr[-2000:]}")
    return done.returncode == -9


def disk_full_run(corpus: Path, db: Path, point: str, nth: int) -> bool:
    """A run in this process whose write fails with ENOSPC at ``point``; True if it did."""
    from flashpoint.pipeline import run

    os.environ["FLASHPOINT_FAIL_WRITE_AT"] = f"{point}:{nth}"
    try:
        run([corpus], settings_for(db))
    except OSError:
        return True
    finally:
        del os.environ["FLASHPOINT_FAIL_WRITE_AT"]
    return False


def scenario(kind: str, point: str, nth: int, corpus: Path, workdir: Path, reference: dict) -> dict:
    from flashpoint.pipeline import run

    db = workdir / f"{kind}-{point}-{nth}.duckdb"
    fired = (killed_run if kind == "kill" else disk_full_run)(corpus, db, point, nth)
    reopened = True
    if db.exists():
        try:
            snapshot(db)             # every reader opens the database right after the fault
        except Exception:
            reopened = False
    run([corpus], settings_for(db))
    after = snapshot(db)
    kept = {m for ms in after["incidents"].values() for m in ms}
    lost = sorted({m for ms in reference["incidents"].values() for m in ms} - kept)
    return {"fault": kind, "point": f"{point}:{nth}", "fired": fired, "reopened": reopened,
            "survived": after == reference, "mentions_lost": len(lost)}


def run_all(workdir: Path, points: list[tuple[str, str, int]], corpus: Path = EXAMPLES) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    reference = uninterrupted(corpus, workdir / "reference.duckdb")
    rows = [scenario(kind, point, nth, corpus, workdir, reference) for kind, point, nth in points]
    fired = [r for r in rows if r["fired"]]
    return {
        "corpus": str(corpus.relative_to(ROOT)) if corpus.is_relative_to(ROOT) else str(corpus),
        "faults_injected": len(fired),
        "survived": sum(r["survived"] and r["reopened"] for r in fired),
        "data_lost": sum(1 for r in fired if r["mentions_lost"]),
        "mentions_lost": sum(r["mentions_lost"] for r in fired),
        "not_fired": [f"{r['fault']} {r['point']}" for r in rows if not r["fired"]],
        "scenarios": rows,
    }


UNDATED = ("More than thirty rockets struck the K1 military base near Kirkuk on Friday evening, killing an "
           "American civilian contractor and wounding several service members, officials said. The base hosts "
           "Iraqi federal police and US-led coalition troops. American officials blamed Kataib Hezbollah, an "
           "Iran-backed militia, for the barrage. The group did not comment. Iraqi security forces said they "
           "found the launch site west of the base.")


def redating_corpus(folder: Path) -> Path:
    """``examples/`` and one undated article about the K1 attack, which a run dates from
    the incidents the examples pin down (so the redating points are reached)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for f in list(EXAMPLES.glob("ex-*.txt")) + [EXAMPLES / "articles.jsonl"]:
        shutil.copy(f, folder / f.name)
    (folder / "undated.jsonl").write_text(json.dumps({"id": "undated-k1", "text": UNDATED}) + "\n", encoding="utf-8")
    return folder


def all_points(stages=None) -> list[tuple[str, str, int]]:
    from flashpoint.faults import POINTS

    return [(kind, point, nth) for kind in ("kill", "disk_full") for point in stages or POINTS for nth in (1, 2)]


def merge(*results: dict) -> dict:
    rows = [r for res in results for r in res["scenarios"]]
    fired = [r for r in rows if r["fired"]]
    return {
        "corpus": " + ".join(res["corpus"] for res in results),
        "faults_injected": len(fired),
        "survived": sum(r["survived"] and r["reopened"] for r in fired),
        "data_lost": sum(1 for r in fired if r["mentions_lost"]),
        "mentions_lost": sum(r["mentions_lost"] for r in fired),
        "not_fired": [n for res in results for n in res["not_fired"]],
        "scenarios": rows,
    }


def main() -> None:
    import datetime as dt
    import tempfile

    from benchmarks._report import machine

    from flashpoint.faults import POINTS

    with tempfile.TemporaryDirectory() as tmp:
        plain = run_all(Path(tmp) / "examples", all_points([p for p in POINTS if not p.startswith("redat")]))
        undated = redating_corpus(Path(tmp) / "undated")
        redating = run_all(Path(tmp) / "redating", all_points(["redating", "redated"]), undated)
        redating["corpus"] = "examples + one undated article"
        result = merge(plain, redating)
    result.update(date=dt.date.today().isoformat(), machine=machine(), command="python benchmarks/faults.py")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{result['faults_injected']} faults injected, {result['survived']} survived, "
          f"{result['data_lost']} lost data; written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
