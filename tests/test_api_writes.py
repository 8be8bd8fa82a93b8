"""`serve` while a run writes: the old state, then the new one, never a 500 (issue 12, item 6).

A writer process holds DuckDB's write lock on the store and inserts incidents in several
transactions (as `flashpoint run` does), while the test hammers the API over real HTTP.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import httpx

from benchmarks.api_latency import start_server
from synthetic import build_synthetic_db

WRITER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    for batch in range(6):
        con.execute("BEGIN")
        con.execute("INSERT INTO incidents SELECT 'new_' || $b || '_' || id AS id, * EXCLUDE (id) "
                    "FROM incidents WHERE id LIKE 'inc_%' LIMIT 5", {"b": batch})
        con.execute("COMMIT")
        time.sleep(0.4)
    con.close()
    print("done", flush=True)
""")


def test_server_keeps_answering_while_a_run_writes(tmp_path):
    db = build_synthetic_db(tmp_path / "live.duckdb", 40, seed=5)
    server, thread, url = start_server(db)
    statuses: list[int] = []
    totals: list[int] = []
    try:
        with httpx.Client(base_url=url, timeout=10) as client:
            assert client.get("/api/incidents").json()["total"] == 40
            writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
            assert writer.stdout.readline().strip() == "locked"
            deadline = time.time() + 30
            while writer.poll() is None and time.time() < deadline:
                for path in ("/api/incidents", "/api/stats", "/api/graph", "/api/incidents/inc_00000001"):
                    r = client.get(path, params={"limit": 5} if path == "/api/incidents" else None)
                    statuses.append(r.status_code)
                    if path == "/api/incidents" and r.status_code == 200:
                        totals.append(r.json()["total"])
            assert writer.wait(timeout=30) == 0
            after = None
            for _ in range(60):  # the new state shows within seconds, without a restart
                r = client.get("/api/incidents", params={"limit": 5})
                statuses.append(r.status_code)
                after = r.json()["total"]
                if after == 70:
                    break
                time.sleep(0.2)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    assert totals and totals[0] == 40  # the state before the run while it writes
    assert set(totals) <= {40, 70}  # never a half-written state
    assert after == 70
