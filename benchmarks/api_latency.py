"""API latency and load on synthetic stores.

Latency: p50/p95 of /api/incidents and /api/graph on a 100k-incident store, one request at
a time through a real uvicorn server on 127.0.0.1 (one worker, as `flashpoint serve` runs it).

Load (``--load``): 50 concurrent loopback clients send 2,000 mixed requests (lists with
filters and pages, incident details, graph, stats, suggestions, actors, escalation) to a
uvicorn server in its own process over a 10,000-incident store; reports requests/s, p50,
p95, max and errors of the median of three runs, and writes benchmarks/results/load.json
and the load section of RELIABILITY.md from it. Requests are bounded in count and time and
go to 127.0.0.1 only.

Stores are built by tests/synthetic.py and cached under artifacts/ (keyed by size and seed).

    python benchmarks/api_latency.py [--incidents 100000] [--requests 200] [--quick]
    python benchmarks/api_latency.py --load [--clients 50] [--total 2000] [--incidents 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import subprocess
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from benchmarks._report import load_baseline, machine, write_section  # noqa: E402
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


RESULTS = Path(__file__).parent / "results"
LOAD_TARGET = {"requests_per_s": 432, "p95_ms": 250}  # 4x the 108 req/s measured before (issue 12)


def mixed_requests(n: int, total: int, seed: int = 0) -> list[tuple[str, dict]]:
    """``total`` requests drawn from what the workbench sends, over a store of ``n`` incidents."""
    rng = random.Random(seed)
    countries = ["IQ", "SY", "Iraq", "YE", "IQ,SY", "Iran"]
    actors = ["kataib_hezbollah", "Houthis", "iran", "United States", "isis"]
    kinds = [
        (20, lambda: ("/api/incidents", {"offset": rng.choice([0, 0, 50, 100, 500])})),
        (12, lambda: ("/api/incidents", {"country": rng.choice(countries), "type": rng.choice(["attack", "attack.drone", "protest"])})),
        (8, lambda: ("/api/incidents", {"actor": rng.choice(actors), "sort": rng.choice(["-date", "-killed", "sources"])})),
        (5, lambda: ("/api/incidents", {"date_from": f"202{rng.randint(1, 3)}-0{rng.randint(1, 6)}-01", "min_killed": rng.choice([1, 5])})),
        (20, lambda: (f"/api/incidents/inc_{rng.randrange(n):08x}", {})),
        (8, lambda: ("/api/stats", {"country": rng.choice(countries)})),
        (6, lambda: ("/api/graph", {"type": "attack", "limit": 1000})),
        (6, lambda: ("/api/suggest", {"field": rng.choice(["country", "actor"]), "q": rng.choice(["ir", "ka", "hou", "sy"])})),
        (5, lambda: ("/api/actors", {})),
        (5, lambda: (f"/api/actors/{rng.choice(['houthis', 'iran', 'kataib_hezbollah', 'isis'])}", {})),
        (5, lambda: ("/api/escalation", {"a": "united_states", "b": rng.choice(["kataib_hezbollah", "iran", "houthis"])})),
    ]
    weights = [k[0] for k in kinds]
    return [rng.choices(kinds, weights)[0][1]() for _ in range(total)]


def start_server_process(db: Path, workers: int) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "FLASHPOINT_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "flashpoint.api:app_from_env",
                             "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                             "--log-level", "warning", "--no-access-log"], env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not answer within 60 s")


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, target: str) -> int:
    """One GET over a kept-alive HTTP/1.1 connection; returns the status after reading the whole body."""
    writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode("latin-1"))
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next((int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:")), None)
    if length is None:
        raise ValueError(f"no content-length in the answer to {target}")
    await reader.readexactly(length)
    return status


async def _hammer(url: str, requests: list[tuple[str, dict]], clients: int, budget_s: float) -> tuple[list[float], list[str], float]:
    """``clients`` connections each sending requests in turn until the list or the time budget runs out.

    The load generator is a minimal asyncio HTTP/1.1 client (keep-alive, one request in flight per
    connection) so that on a small machine it does not take the CPU the server is measured with.
    """
    host_port = url.split("://", 1)[1]
    host, port = host_port.rsplit(":", 1)
    queue = [path + ("?" + urlencode(params) if params else "") for path, params in reversed(requests)]
    times: list[float] = []
    errors: list[str] = []
    deadline = time.perf_counter() + budget_s

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while queue and time.perf_counter() < deadline:
                target = queue.pop()
                t0 = time.perf_counter()
                try:
                    status = await asyncio.wait_for(_get(reader, writer, host_port, target), timeout=30)
                    if status != 200:
                        errors.append(f"{status} {target}")
                except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.TimeoutError) as exc:
                    errors.append(f"{type(exc).__name__} {target}")
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, int(port))
                times.append((time.perf_counter() - t0) * 1000)
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - t0
    errors += [f"not sent (time budget): {len(queue)}"] if queue else []
    return times, errors, wall


def _run(coroutine):
    """The load generator's event loop: uvloop where installed (less of the shared CPU for the client)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def load(n: int, total: int, clients: int, workers: int, budget_s: float = 300) -> dict:
    """One run against a freshly started server: every response is computed once, then cached."""
    db = store(n)
    proc, url = start_server_process(db, workers)
    try:
        requests = mixed_requests(n, total)
        load_before = os.getloadavg()[0]
        cpu0, client0 = _cpu_seconds(proc.pid), time.process_time()
        times, errors, wall = _run(_hammer(url, requests, clients, budget_s))
        cpu, client_cpu = _cpu_seconds(proc.pid) - cpu0, time.process_time() - client0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return {"incidents": n, "requests": len(times), "clients": clients, "workers": workers, "wall_s": wall,
            "requests_per_s": len(times) / wall if wall else 0.0, "p50_ms": statistics.median(times),
            "p95_ms": percentile(times, 95), "max_ms": max(times), "errors": len(errors), "error_samples": errors[:5],
            "server_cpu_ms_per_request": cpu * 1000 / max(1, len(times)),
            "client_cpu_ms_per_request": client_cpu * 1000 / max(1, len(times)),
            "load_before": load_before, "load_after": os.getloadavg()[0]}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (uvicorn workers), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def load_main(args) -> int:
    runs = []
    for i in range(args.repeat):
        runs.append(load(args.incidents or 10_000, args.total, args.clients, args.workers))
        r = runs[-1]
        print(f"run {i + 1}: {r['requests_per_s']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
              f"{r['errors']} errors, server CPU {r['server_cpu_ms_per_request']:.2f} ms/request, "
              f"load average {r['load_before']:.1f}", file=sys.stderr)
    r = sorted(runs, key=lambda x: x["requests_per_s"])[len(runs) // 2]  # the median run by requests/s
    ok = r["errors"] == 0 and r["requests_per_s"] >= LOAD_TARGET["requests_per_s"] and r["p95_ms"] < LOAD_TARGET["p95_ms"]
    every = "; ".join(f"{x['requests_per_s']:.0f} req/s, p95 {x['p95_ms']:.0f} ms, {x['errors']} errors "
                      f"(load average {x['load_before']:.1f})" for x in runs)
    plural = "s" if r["workers"] > 1 else ""
    body = "\n".join([
        f"{r['clients']} concurrent loopback clients (keep-alive HTTP/1.1 connections, a minimal asyncio client) sent "
        f"{r['requests']:,} mixed requests to uvicorn ({r['workers']} worker{plural}, its own process, started afresh for "
        f"each run: every response is computed once, then served from the cache) over a synthetic store of "
        f"{r['incidents']:,} incidents: lists with filters and pages, incident details drawn at random, graph, stats, "
        "suggestions, actors and escalation, in the proportions of `mixed_requests`.",
        "",
        "| requests | clients | requests/s | p50 ms | p95 ms | max ms | errors | server CPU ms/request |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {r['requests']:,} | {r['clients']} | {r['requests_per_s']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
        f"{r['max_ms']:.1f} | {r['errors']} | {r['server_cpu_ms_per_request']:.2f} |",
        "",
        f"The median of {len(runs)} runs by requests/s; every run: {every}. "
        f"Target: 0 errors, at least {LOAD_TARGET['requests_per_s']} requests/s (4x the 108 measured before the snapshot "
        f"reader and the response cache), p95 under {LOAD_TARGET['p95_ms']} ms: {'met' if ok else 'MISSED'}. "
        f"Client and server share the machine ({os.cpu_count()} cores; the client took "
        f"{r['client_cpu_ms_per_request']:.2f} ms of CPU per request); load average {r['load_before']:.1f} when the "
        "median run started (other work on a shared machine slows every figure).",
    ])
    print(body)
    if r["errors"]:
        print("errors:", r["error_samples"], file=sys.stderr)
    if not args.quick:
        write_section("api_load", "API under load (50 clients, 10k-incident store)", body)
        RESULTS.mkdir(exist_ok=True)
        command = "python " + " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])
        (RESULTS / "load.json").write_text(json.dumps({
            "command": command, "date": dt.date.today().isoformat(), "machine": machine(),
            "figures": {"incidents in store": r["incidents"], "clients": r["clients"], "requests": r["requests"],
                        "errors": r["errors"], "requests/s": round(r["requests_per_s"]), "p50 ms": round(r["p50_ms"], 1),
                        "p95 ms": round(r["p95_ms"], 1), "max ms": round(r["max_ms"], 1),
                        "server CPU ms/request": round(r["server_cpu_ms_per_request"], 2)},
            "notes": f"Target: 0 errors, >= {LOAD_TARGET['requests_per_s']} requests/s, p95 < {LOAD_TARGET['p95_ms']} ms: "
                     f"{'met' if ok else 'missed'}. The median of {len(runs)} runs (each against a freshly started "
                     f"server), by requests/s; every run: {every}. Mixed GETs from benchmarks/api_latency.py "
                     f"(mixed_requests); load generator and server on the same machine ({os.cpu_count()} cores; other "
                     "work on a shared machine slows every figure).",
        }, indent=2) + "\n", encoding="utf-8")
        _write_reliability_load()
    return 0 if ok else 1


def _write_reliability_load() -> None:
    """The load section of RELIABILITY.md, as benchmarks/reliability.py writes it from load.json."""
    from benchmarks import reliability

    for name, title, filename, who in reliability.OWNED:
        if name == "load":
            write_section(name, title, reliability.owned_section(filename, who), target=reliability.RELIABILITY_MD,
                          header=reliability.HEADER)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=None, help="store size (100,000 for latency, 10,000 for --load)")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="10k incidents, 30 requests; no BENCHMARKS.md update")
    parser.add_argument("--load", action="store_true", help="the concurrent load test instead of sequential latency")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--total", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="--load runs; the median one by requests/s is reported")
    args = parser.parse_args(argv)
    if args.load:
        return load_main(args)
    args.incidents = args.incidents or 100_000
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
