"""Attacks on the API: SQL injection, path traversal, Host spoofing, out-of-range and repeated
parameters, markup, oversized input. Writes benchmarks/results/attacks.json for RELIABILITY.md.

    python benchmarks/api_attacks.py [--quick]

Every attack is a request against the app over a synthetic store (in-process, TestClient on
127.0.0.1). It succeeds when the server answers 5xx, leaks a file outside the web bundle,
answers a spoofed Host, changes or reveals data it should not (an injected filter that
matches rows a plain unknown value does not), or omits the security headers. Each case
names the check that decides it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from benchmarks._report import machine  # noqa: E402
from flashpoint.api import create_app  # noqa: E402
from synthetic import build_synthetic_db  # noqa: E402

RESULTS = Path(__file__).parent / "results"
INJECTIONS = ["'", "''", "' OR '1'='1", "' OR 1=1 --", "x') OR ('a'='a", "1; DROP TABLE incidents", "'; DELETE FROM incidents; --",
              "\" OR \"\"=\"", "%' OR '%'='", "' UNION SELECT doc FROM incidents --", "inc_00000001' --", "\\' OR 1=1 #",
              "' AND (SELECT count(*) FROM articles) > 0 --", "$$; SELECT 1; $$", "'||(SELECT version())||'", "\x00' OR 1=1"]
FIELDS = ["type", "country", "admin1", "actor", "stance", "q", "date_from", "date_to", "sort", "min_killed"]
TRAVERSALS = ["/../pyproject.toml", "/..%2fpyproject.toml", "/%2e%2e/%2e%2e/etc/passwd", "/vendor/../../api.py",
              "/..%5c..%5cetc%5cpasswd", "/static/../../../../etc/passwd", "/%252e%252e/etc/passwd", "/....//....//etc/passwd",
              "/app.js/../../../query.py", "/vendor/swagger-ui/..%2f..%2f..%2f..%2fapi.py"]
HOSTS = ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example", "attacker.test:80",
         "[::2]", "0.0.0.0", "127.0.0.2", "", "localhost@evil.example"]
RANGES = [("offset", str(2**63)), ("offset", "-1"), ("offset", str(10**30)), ("limit", "-5"), ("limit", "0"), ("limit", str(2**63)),
          ("min_killed", str(2**63)), ("min_killed", "-1"), ("date_from", "9999-99-99"), ("date_from", "0000-01-01"),
          ("limit", "1e9"), ("offset", "NaN")]
LEAKS = ("[build-system]", "root:x:", "def create_app", "import duckdb")


@dataclass
class Attack:
    kind: str
    request: str
    succeeded: bool
    why: str = ""


def run(quick: bool = False) -> list[Attack]:
    out: list[Attack] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = build_synthetic_db(Path(tmp) / "attacks.duckdb", 60, seed=9)
        with TestClient(create_app(db), base_url="http://127.0.0.1:8000") as client:
            baseline = {f: client.get("/api/incidents", params={f: "zz_no_such_value"}).json().get("total")
                        for f in ("actor", "admin1", "q")}
            total = client.get("/api/incidents").json()["total"]
            injections = INJECTIONS[:6] if quick else INJECTIONS
            for field in FIELDS:
                for payload in injections:
                    r = client.get("/api/incidents", params={field: payload})
                    bad = r.status_code >= 500
                    why = f"{r.status_code}"
                    if r.status_code == 200 and field in baseline:
                        n = r.json()["total"]
                        bad = bad or n not in (baseline[field], 0) and n == total  # the injection matched everything
                        why += f", {n} rows"
                    out.append(Attack("sql injection", f"{field}={payload!r}", bad, why))
                for path in ("/api/incidents/", "/api/articles/", "/api/actors/"):
                    r = client.get(path + quote(injections[2], safe=""))
                    out.append(Attack("sql injection", path + injections[2], r.status_code not in (404, 400), str(r.status_code)))
            still = client.get("/api/incidents").json()["total"]
            out.append(Attack("sql injection", "data intact after every injection", still != total, f"{still} of {total}"))
            for path in TRAVERSALS:
                r = client.get(path)
                leaked = any(marker in r.text for marker in LEAKS)
                out.append(Attack("path traversal", path, leaked or r.status_code >= 500, str(r.status_code)))
            for host in HOSTS:
                r = client.get("/api/stats", headers={"host": host})
                out.append(Attack("host spoofing (DNS rebinding)", host or "(empty)", r.status_code == 200, str(r.status_code)))
            for name, value in RANGES:
                r = client.get("/api/incidents", params={name: value})
                out.append(Attack("out-of-range parameter", f"{name}={value}", r.status_code != 400, str(r.status_code)))
            for query in ("country=IQ&country=SY", "contry=IQ", "limit=5&limit=500", "sort=date&sort=-date"):
                r = client.get("/api/incidents?" + query)
                out.append(Attack("repeated or unknown parameter", query, r.status_code != 400, str(r.status_code)))
            for size in (10_000, 60_000):  # the client refuses a query string over 64 KiB
                r = client.get("/api/incidents", params={"q": "x" * size})
                out.append(Attack("oversized input", f"q of {size} characters", r.status_code >= 500, str(r.status_code)))
            for path in ("/", "/api/incidents", "/docs", "/api/nothing"):
                r = client.get(path)
                missing = [h for h, want in (("x-content-type-options", "nosniff"),
                                             ("content-security-policy", "frame-ancestors 'none'"))
                           if want not in r.headers.get(h, "")]
                out.append(Attack("missing security headers", path, bool(missing), ", ".join(missing) or "present"))
            r = client.get("/api/stats", headers={"origin": "http://evil.example"})
            out.append(Attack("cross-origin read (CORS)", "Origin: http://evil.example",
                              "access-control-allow-origin" in r.headers, "no CORS header" if "access-control-allow-origin"
                              not in r.headers else "allowed"))
            for method in ("post", "put", "delete", "patch"):
                r = getattr(client, method)("/api/incidents")
                out.append(Attack("write through the API", method.upper() + " /api/incidents", r.status_code < 400,
                                  str(r.status_code)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer injections; no results file")
    args = parser.parse_args(argv)
    attacks = run(args.quick)
    succeeded = [a for a in attacks if a.succeeded]
    kinds: dict[str, list[int]] = {}
    for a in attacks:
        kinds.setdefault(a.kind, [0, 0])
        kinds[a.kind][0] += 1
        kinds[a.kind][1] += a.succeeded
    for kind, (tried, won) in kinds.items():
        print(f"{kind:32s} tried {tried:4d}  succeeded {won}")
    for a in succeeded:
        print(f"SUCCEEDED {a.kind}: {a.request} ({a.why})")
    if not args.quick:
        RESULTS.mkdir(exist_ok=True)
        command = "python " + " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])
        (RESULTS / "attacks.json").write_text(json.dumps({
            "command": command, "date": dt.date.today().isoformat(), "machine": machine(),
            "figures": {"attacks tried": len(attacks), "attacks succeeded": len(succeeded),
                        **{f"{kind} (tried/succeeded)": f"{tried}/{won}" for kind, (tried, won) in kinds.items()}},
            "notes": "Each attack is one request to the API over a synthetic store (benchmarks/api_attacks.py); "
                     "it succeeds on a 5xx, a leaked file, an answered spoofed Host, an injected filter matching "
                     "every row, a write, a CORS grant or a missing CSP/nosniff/frame-ancestors header."
                     + ("" if not succeeded else " Succeeded: " + "; ".join(f"{a.kind}: {a.request}" for a in succeeded)),
        }, indent=2) + "\n", encoding="utf-8")
    return 1 if succeeded else 0


if __name__ == "__main__":
    sys.exit(main())
