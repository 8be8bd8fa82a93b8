"""API latency: p50/p95 of /api/incidents and /api/graph on a synthetic 100k-incident store.

Requests go through a real uvicorn server on 127.0.0.1 (one worker, as `flashpoint serve`
runs it) with an httpx client, one request at a time. The store is built by
tests/synthetic.py and cached under artifacts/ (keyed by size and seed).

    python benchmarks/api_latency.py [--incidents 100000] [--requests 200] [--quick]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from benchmarks._report import load_baseline, write_section  # noqa: E402
from flashpoint.api import create_app  # noqa: E402
from synthetic import build_synthetic_db  # noqa: E402

CASES = [
    ("incidents", "/api/incidents", {}),
    ("incidents type=attack.drone", "/api/incidents", {"type": "attack.drone"}),
    ("incidents country+date range, -killed", "/api/incidents",
     {"country": "IQ", "date_from": "2022-01-01", "date_to": "2022-06-30", "sort": "-killed"}),
    ("incidents actor+stance", "/api/incidents", {"actor": "kataib_hezbollah", "stance": "claimed"}),
    ("incidents q=retaliation, offset 200", "/api/incidents", {"q": "retaliation", "offset": 200}),
    ("graph type=attack (1000 nodes)", "/api/graph", {"type": "attack", "limit": 1000}),
    ("graph country=IQ, 2023", "/api/graph", {"country": "IQ", "date_from": "2023-01-01", "date_to": "2023-12-31"}),
    ("incident detail", "/api/incidents/inc_00000400", {}),
]


def store(n: int, seed: int = 0) -> Path:
    path = ROOT / "artifacts" / f"api_latency_{n}_{seed}.duckdb"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        build_synthetic_db(path, n, seed=seed)
        print(f"built {path.name} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return path


def start_server(db: Path) -> tuple[uvicorn.Server, threading.Thread, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(n: int, requests: int) -> list[dict]:
    server, thread, url = start_server(store(n))
    results = []
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            for name, path, params in CASES:
                client.get(path, params=params).raise_for_status()  # warm-up
                times = []
                for _ in range(requests):
                    t0 = time.perf_counter()
                    r = client.get(path, params=params)
                    times.append((time.perf_counter() - t0) * 1000)
                    r.raise_for_status()
                body = r.json()
                rows = body.get("total", 1)
                results.append({"case": name, "rows": rows, "p50": statistics.median(times),
                                "p95": percentile(times, 95), "max": max(times)})
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="10k incidents, 30 requests; no BENCHMARKS.md update")
    args = parser.parse_args(argv)
    n, reqs = (10_000, 30) if args.quick else (args.incidents, args.requests)
    results = measure(n, reqs)
    target = load_baseline("api_latency")["p95_ms"]
    lines = ["| request | matching incidents | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|"]
    lines += [f"| {r['case']} | {r['rows']:,} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} |" for r in results]
    worst = max(r["p95"] for r in results)
    verdict = "meets" if worst < target else "MISSES"
    body = "\n".join([
        f"Synthetic store of {n:,} incidents (tests/synthetic.py: about 1.4 mentions, 1.4 stances, "
        f"7 evidence rows per incident; 30% carry a responds_to link). {reqs} sequential requests per row "
        "through uvicorn on 127.0.0.1 with httpx, after one warm-up request; times are client-side wall time "
        "including JSON encoding. List pages are 50 rows; graph requests return up to 1,000 nodes.",
        "",
        *lines,
        "",
        f"Worst p95: {worst:.1f} ms; target p95 < {target} ms: {verdict}. "
        f"Load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(other processes on a shared machine inflate every figure).",
    ])
    print(body)
    if not args.quick:
        write_section("api_latency", "API latency (synthetic 100k-incident store)", body)
    return 0 if worst < target else 1


if __name__ == "__main__":
    sys.exit(main())
