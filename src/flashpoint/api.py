"""The analyst's workbench over HTTP: a read-only JSON API and the web UI, one process.

``create_app(db_path)`` builds the FastAPI app; ``serve`` runs it with uvicorn on 127.0.0.1
by default. Every handler calls a function of :mod:`flashpoint.query` on a snapshot of the
store (:mod:`flashpoint.snapshot`), so a `flashpoint run` may write the file meanwhile.
Responses are cached per snapshot, as bytes answered before routing; an uncached one is
computed once however many requests ask for it at the same time, and at most a few heavy
ones run at once. Each snapshot carries every incident's detail parts, prepared before it is
published, so a detail is one indexed read. The docs (/docs, /redoc) load Swagger UI and
Redoc from the bundle, never from a CDN; every response carries CSP, nosniff and
frame-ancestors.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any, Callable

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from flashpoint import changes, export, query
from flashpoint import api_models as m
from flashpoint.errors import StoreError
from flashpoint.query import Filters, QueryError
from flashpoint.snapshot import SnapshotStore

STATIC_DIR = Path(__file__).parent / "web" / "static" / "dist"
NOT_BUILT = (
    "<!doctype html><title>Flashpoint</title><h1>The web UI is not built</h1>"
    "<p>Run <code>npm ci &amp;&amp; npm run build</code> in <code>src/flashpoint/web</code> (or <code>make web</code>), "
    "then restart <code>flashpoint serve</code>. The API works meanwhile: its schema is at "
    "<a href='/openapi.json'>/openapi.json</a>.</p>"
)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
CSP = ("default-src 'self'; script-src 'self'{extra}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
CACHE_SIZE = 2048
# Responses computed at once (the rest wait for a slot). DuckDB releases the GIL, so a few
# more than the cores keep both busy; 3 made cheap list pages queue behind heavy stats and
# actor pages (load test p95 250-330 ms against 150-210 ms with 8 to 40 at load average 3-4).
COMPUTE_SLOTS = 16
FLIGHT_WAIT_S = 30  # how long a request waits for the same response being computed by another


async def incident_filters(
    date_from: Annotated[str | None, Query(description="ISO date YYYY-MM-DD; incidents ending on or after it")] = None,
    date_to: Annotated[str | None, Query(description="ISO date YYYY-MM-DD; incidents starting on or before it")] = None,
    type: Annotated[str | None, Query(description="type codes (attack.drone) or families (attack), comma-separated",
                                      examples=["attack.drone,attack.rocket"])] = None,
    country: Annotated[str | None, Query(description="country names or ISO codes, comma-separated",
                                         examples=["IQ,SY", "Iraq"])] = None,
    admin1: Annotated[str | None, Query(description="first-level divisions by name, comma-separated",
                                        examples=["Anbar"])] = None,
    actor: Annotated[str | None, Query(description="actor ids, names or aliases (perpetrator, target or stance "
                                                   "holder), comma-separated", examples=["Kataib Hezbollah"])] = None,
    stance: Annotated[m.Stance | None, Query(description="incidents with this stance (about `actor` when given)")] = None,
    q: Annotated[str | None, Query(description="text search over mentions and evidence (case-insensitive)")] = None,
    min_killed: Annotated[int | None, Query(description="at least this many killed (lower bound of the toll)")] = None,
    undated: Annotated[bool, Query(description="only incidents without a date")] = False,
) -> Filters:
    return Filters(date_from, date_to, type, country, actor, stance.value if stance else None, q, admin1, min_killed,
                   undated)


FilterDep = Annotated[Filters, Depends(incident_filters)]


class FastJSON(Response):
    """JSON straight from json.dumps: the query layer already returns plain values."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        if isinstance(content, bytes):
            return content
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _error(status: int, detail: str, errors: list[dict] | None = None) -> JSONResponse:
    body = m.ErrorResponse(status=status, detail=detail, errors=errors or []).model_dump()
    return JSONResponse(status_code=status, content=body)


# --- parameters: unknown or repeated ones are errors -----------------------------------

_ALLOWED: dict[int, set[str]] = {}


def _query_names(dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def check_parameters(request: Request) -> None:
    """400 for a parameter the endpoint does not take (``contry=IQ``) or one given twice."""
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    allowed = _ALLOWED.get(id(route))
    if allowed is None:
        allowed = _ALLOWED[id(route)] = _query_names(route.dependant)
    given = request.query_params
    unknown = sorted({k for k in given.keys() if k not in allowed})
    repeated = sorted({k for k in given.keys() if len(given.getlist(k)) > 1 and k in allowed})
    problems = [{"parameter": k, "message": f"unknown parameter {k!r}"} for k in unknown]
    problems += [{"parameter": k, "message": f"{k!r} given {len(given.getlist(k))} times; give it once "
                                             "(several values go comma-separated in one)"} for k in repeated]
    if problems:
        takes = ", ".join(sorted(allowed)) or "no parameters"
        raise HTTPException(400, "; ".join(p["message"] for p in problems) + f". This endpoint takes: {takes}")


# --- the store, cached ----------------------------------------------------------------

class _Flight:
    """One computation of a response that other requests for the same key wait for."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.data: bytes | None = None
        self.error: BaseException | None = None


class Reader:
    """Snapshot-backed cursors plus a per-snapshot LRU of rendered JSON responses.

    Concurrent requests for a response not cached yet compute it once: the first computes,
    the others wait for its bytes (or its error) instead of running the same queries.
    """

    def __init__(self, db_path: str | Path) -> None:
        self.snapshots = SnapshotStore(db_path, prepare=query.prepare_snapshot)
        self.cache: OrderedDict[tuple, bytes] = OrderedDict()
        self.flights: dict[tuple, _Flight] = {}
        self.lock = threading.Lock()
        self.computing = threading.BoundedSemaphore(int(os.environ.get("FLASHPOINT_API_COMPUTE", COMPUTE_SLOTS)))

    def cursor(self):
        return self.snapshots.cursor()

    def hit(self, path: str, query_string: str) -> bytes | None:
        """The rendered response for a request already answered on the current snapshot, if any."""
        key = (self.snapshots.snapshot().version, path, query_string)
        with self.lock:
            found = self.cache.get(key)
            if found is not None:
                self.cache.move_to_end(key)
            return found

    def cached(self, request: Request, compute: Callable[[Any], Any], quick: bool = False) -> bytes | None:
        """The response's bytes from the cache, else computed (once for concurrent requests).

        ``quick`` computations (one indexed lookup, run on the event loop) neither queue for a
        slot nor wait for another request: they are cheaper than the waiting.
        """
        snap = self.snapshots.snapshot()
        key = (snap.version, request.scope["path"], request.scope.get("query_string", b"").decode("latin-1"))
        with self.lock:
            hit = self.cache.get(key)
            if hit is not None:
                self.cache.move_to_end(key)
                return hit
            flight = None if quick else self.flights.get(key)
            first = flight is None
            if first and not quick:
                flight = self.flights[key] = _Flight()
        if quick:
            data = self._render(snap, compute)
            self._keep(key, data)
            return data
        if not first:
            if flight.done.wait(FLIGHT_WAIT_S):
                if flight.error is not None:
                    raise flight.error
                return flight.data
            with self.computing:  # the first one is stuck: do not wait longer
                return self._render(snap, compute)
        try:
            with self.computing:
                flight.data = self._render(snap, compute)
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            self._keep(key, flight.data)
            with self.lock:
                self.flights.pop(key, None)
            flight.done.set()
        return flight.data

    def _render(self, snap, compute: Callable[[Any], Any]) -> bytes | None:
        body = compute(self.snapshots.cursor(snap))
        return None if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _keep(self, key: tuple, data: bytes | None) -> None:
        if data is None:
            return
        with self.lock:
            self.cache[key] = data
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)

    def close(self) -> None:
        self.snapshots.close()


# --- headers and the Host check (pure ASGI: cheap on every request) -----------------

class Guard:
    """Refuses requests whose Host is not an allowed name (DNS rebinding) and adds security headers."""

    def __init__(self, app, allowed_hosts: set[str], reader: "Reader | None" = None) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}
        self.reader = reader

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        host = ""
        for key, value in scope.get("headers") or []:
            if key == b"host":
                host = value.decode("latin-1").strip().lower()
                break
        name = host.split("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
        if "*" not in self.allowed and name not in self.allowed:
            body = json.dumps(m.ErrorResponse(
                status=400, detail=f"host {host!r} is not served here; allowed hosts: {', '.join(sorted(self.allowed))} "
                "(add one with `flashpoint serve --allow-host NAME` or FLASHPOINT_ALLOWED_HOSTS)").model_dump()).encode()
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", b"application/json"), *_security_headers(CSP.format(extra=""))]})
            await send({"type": "http.response.body", "body": body})
            return

        if self.reader is not None and scope["method"] == "GET" and scope["path"].startswith("/api/"):
            # a request answered before on this snapshot: the same bytes, without routing or queries
            body = self.reader.hit(scope["path"], scope.get("query_string", b"").decode("latin-1"))
            if body is not None:
                await send({"type": "http.response.start", "status": 200, "headers": [
                    (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                    *_security_headers(CSP.format(extra=""))]})
                await send({"type": "http.response.body", "body": body})
                return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                for k, v in _security_headers(CSP.format(extra="")):
                    if k not in present:
                        headers.append((k, v))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    return [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer")]


def _html_with_hashes(html: str) -> HTMLResponse:
    """An HTML page whose inline scripts (FastAPI's docs bootstrap) are allowed by hash, nothing else."""
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
              for s in re.findall(r"<script>(.*?)</script>", html, re.S)]
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP.format(extra="".join(" " + h for h in hashes))})


def allowed_hosts_from(env: str | None, extra: list[str] | None = None) -> set[str]:
    hosts = set(LOOPBACK_HOSTS) | set(extra or [])
    hosts |= {h.strip() for h in (env or "").split(",") if h.strip()}
    return hosts


# --- the app --------------------------------------------------------------------------

def create_app(db_path: str | Path, allowed_hosts: list[str] | None = None,
               cors_origins: list[str] | None = None) -> FastAPI:
    """The app over the store at ``db_path``, read through snapshots.

    ``allowed_hosts`` adds names to the loopback ones accepted in the Host header ("*" for any);
    ``cors_origins`` turns CORS on for those origins (off by default).
    """
    app = FastAPI(
        default_response_class=FastJSON,
        title="Flashpoint",
        version="0.2.0",
        description="Incidents fused from news reporting, with their evidence, stances and responds_to links. "
                    "Every error has one shape (ErrorResponse); unknown or repeated parameters are 400s.",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(check_parameters)],
    )
    reader = Reader(db_path)
    app.state.reader = reader
    app.router.on_shutdown.append(reader.close)

    @app.exception_handler(QueryError)
    async def bad_parameter(_: Request, exc: QueryError) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"parameter": str(e["loc"][-1]) if e.get("loc") else None, "message": e.get("msg", "invalid")}
                    for e in exc.errors()]
        detail = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems)
        return _error(400, detail, problems)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail))

    def cached(request: Request, compute: Callable[[Any], Any], missing: str | None = None) -> Response:
        data = reader.cached(request, compute)
        if data is None:
            raise HTTPException(404, missing or "not found")
        return FastJSON(data)

    @app.get("/api/incidents", tags=["incidents"], response_model=None,
             responses={200: {"model": m.IncidentPage}, **m.ERRORS})
    def incidents(
        request: Request,
        filters: FilterDep,
        sort: m.Sort = Query(m.Sort.date_desc, description="sort key; '-' for descending"),
        limit: int = Query(50, description=f"page size, 1..{query.MAX_LIMIT}"),
        offset: int = Query(0, description=f"rows to skip, 0..{query.MAX_OFFSET}"),
    ):
        return cached(request, lambda cur: query.list_incidents(cur, filters, sort=sort.value, limit=limit, offset=offset))

    @app.get("/api/incidents/{incident_id}", tags=["incidents"], response_model=None,
             responses={200: {"model": m.IncidentDetail}, 308: {"description": "the id was merged into another"},
                        **m.NOT_FOUND})
    async def incident(incident_id: str, request: Request):
        def answer(quick: bool) -> Response:
            data = reader.cached(request, lambda cur: query.get_incident(cur, incident_id), quick=quick)
            if data is None:
                merged = changes.resolve_id(reader.cursor(), incident_id)
                if merged and merged != incident_id:
                    return RedirectResponse(f"/api/incidents/{merged}", status_code=308)
                raise HTTPException(404, f"no incident with id {incident_id!r}; list them at /api/incidents")
            return FastJSON(data)

        if reader.snapshots.snapshot().prepared:
            return answer(True)  # one indexed row: cheaper here than the hop to a worker thread
        return await run_in_threadpool(answer, False)

    @app.get("/api/articles/{article_id}", tags=["articles"], response_model=None,
             responses={200: {"model": m.Article}, **m.NOT_FOUND})
    def article(article_id: str, request: Request):
        return cached(request, lambda cur: query.get_article(cur, article_id), f"no article with id {article_id!r}")

    @app.get("/api/actors", tags=["actors"], response_model=None, responses={200: {"model": m.ActorPage}, **m.ERRORS})
    def actors(
        request: Request,
        q: str | None = Query(None, description="substring of the actor id or name"),
        limit: int = Query(100, description=f"page size, 1..{query.MAX_LIMIT}"),
        offset: int = Query(0, description=f"rows to skip, 0..{query.MAX_OFFSET}"),
    ):
        return cached(request, lambda cur: query.list_actors(cur, q=q, limit=limit, offset=offset))

    @app.get("/api/actors/{actor_id}", tags=["actors"], response_model=None,
             responses={200: {"model": m.ActorDetail}, **m.NOT_FOUND})
    def actor(actor_id: str, request: Request):
        return cached(request, lambda cur: query.get_actor(cur, actor_id),
                      f"no actor with id {actor_id!r}; list them at /api/actors")

    @app.get("/api/graph", tags=["incidents"], response_model=None, responses={200: {"model": m.Graph}, **m.ERRORS})
    def graph(
        request: Request,
        filters: FilterDep,
        limit: int = Query(1000, description=f"most recent incidents to include, 1..{query.MAX_GRAPH_NODES}"),
    ):
        return cached(request, lambda cur: query.graph(cur, filters, limit=limit))

    @app.get("/api/stats", tags=["incidents"], response_model=None, responses={200: {"model": m.Stats}, **m.ERRORS})
    def stats(request: Request, filters: FilterDep):
        return cached(request, lambda cur: query.stats(cur, filters))

    @app.get("/api/suggest", tags=["filters"], response_model=None,
             responses={200: {"model": m.Suggestions}, **m.ERRORS})
    def suggest(
        request: Request,
        field: m.SuggestField = Query(..., description="the filter to suggest values for"),
        q: str = Query("", description="what the user typed so far", examples=["ira"]),
        limit: int = Query(10, description="most suggestions, 1..50"),
    ):
        return cached(request, lambda cur: query.suggest(cur, field.value, q, limit=limit))

    @app.get("/api/places", tags=["filters"], response_model=None, responses={200: {"model": m.Places}, **m.ERRORS})
    def places(request: Request):
        return cached(request, lambda _: query.places())

    @app.get("/api/escalation", tags=["actors"], response_model=None,
             responses={200: {"model": m.Escalation}, **m.ERRORS})
    def escalation(
        request: Request,
        a: str = Query(..., description="one actor: id, name or alias", examples=["united_states"]),
        b: str = Query(..., description="the other actor", examples=["Kataib Hezbollah"]),
        within: int = Query(30, description="days within which an answer counts, 1..3650"),
    ):
        return cached(request, lambda cur: query.escalation(cur, a, b, within_days=within))

    @app.get("/api/export", tags=["incidents"], response_model=None,
             responses={200: {"description": "the matching incidents as a file",
                              "content": {"text/csv": {}, "application/geo+json": {}, "application/x-ndjson": {}}},
                        **m.ERRORS})
    def export_file(
        filters: FilterDep,
        format: m.ExportFormat = Query(..., description="csv (ACLED columns and ours), geojson or jsonl"),
        all_events: bool = Query(False, description="CSV/GeoJSON: keep the rows ACLED would not code (statements, "
                                                    "incidents with no country or date)"),
    ):
        cur = reader.cursor()
        text = _export_text(cur, query.incident_docs(cur, filters), format.value, all_events)
        media = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
                 "jsonl": "application/x-ndjson"}[format.value]
        return Response(text, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="flashpoint-incidents.{format.value}"'})

    @app.get("/api/changes", tags=["incidents"], response_model=None,
             responses={200: {"model": m.Changes}, **m.ERRORS})
    def changes_after(
        since: str = Query(..., description="UTC date or time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS); "
                                            "changes logged after it", examples=["2026-11-30"]),
        limit: int = Query(1000, description="most changes to return, 1..10000"),
    ):
        if not 1 <= limit <= 10_000:
            raise QueryError(f"limit={limit} is out of range; give 1..10000")
        try:
            rows = changes.changes_since(reader.cursor(), since, limit=limit + 1)
        except StoreError as exc:
            raise QueryError(str(exc)) from None
        rows = [{**r, "changed_at": r["changed_at"].isoformat() if hasattr(r["changed_at"], "isoformat")
                 else str(r["changed_at"])} for r in rows]
        return FastJSON({"since": since, "changes": rows[:limit], "more": len(rows) > limit})

    _tidy_openapi(app)
    _docs_routes(app)
    if (STATIC_DIR / "index.html").is_file():
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="web")
    else:

        @app.get("/", include_in_schema=False)
        def not_built() -> HTMLResponse:
            return HTMLResponse(NOT_BUILT, status_code=503)

    hosts = allowed_hosts_from(os.environ.get("FLASHPOINT_ALLOWED_HOSTS"), allowed_hosts)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET"], allow_headers=["*"])
    # cached answers skip the app; with CORS on they go through it, for its headers
    app.add_middleware(Guard, allowed_hosts=hosts, reader=None if cors_origins else reader)
    return app


def _export_text(cur, docs: list[dict], fmt: str, all_events: bool) -> str:
    """What `flashpoint export` writes for these incidents: outlets and update times from the store."""
    return export.to_string(export.select(cur, docs=docs), fmt, export.filters(all_events=all_events))


def _tidy_openapi(app: FastAPI) -> None:
    """The schema as clients see it: no 422 (validation errors are 400 ErrorResponse), no stray types."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        spec = build()
        for ops in spec.get("paths", {}).values():
            for op in ops.values():
                responses = op.get("responses", {})
                responses.pop("422", None)
                for body in responses.get("200", {}).get("content", {}).values():
                    schema = body.get("schema", {})
                    if "$ref" in schema:
                        body["schema"] = {"$ref": schema["$ref"]}
        for name in ("HTTPValidationError", "ValidationError"):
            spec.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi


def _docs_routes(app: FastAPI) -> None:
    vendor = STATIC_DIR / "vendor"
    missing = HTMLResponse(NOT_BUILT, status_code=503)

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        if not (vendor / "swagger-ui" / "swagger-ui-bundle.js").is_file():
            return missing
        html = get_swagger_ui_html(
            openapi_url="/openapi.json", title="Flashpoint API",
            swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/vendor/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None},
        )
        return _html_with_hashes(html.body.decode())

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        if not (vendor / "redoc" / "redoc.standalone.js").is_file():
            return missing
        html = get_redoc_html(openapi_url="/openapi.json", title="Flashpoint API",
                              redoc_js_url="/vendor/redoc/redoc.standalone.js",
                              redoc_favicon_url="/vendor/swagger-ui/favicon-32x32.png", with_google_fonts=False)
        return _html_with_hashes(html.body.decode())


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, allowed_hosts: list[str] | None = None,
          cors_origins: list[str] | None = None) -> None:
    """Serve the API and web UI until interrupted. Binds localhost unless told otherwise."""
    import uvicorn

    extra = list(allowed_hosts or [])
    if host not in ("0.0.0.0", "::") and host not in LOOPBACK_HOSTS:
        extra.append(host)  # the name it was asked to bind is a name it answers to
    app = create_app(db_path, allowed_hosts=extra, cors_origins=cors_origins)
    app.state.reader.snapshots.snapshot()  # fail now, with the message, if the store cannot be read
    uvicorn.run(app, host=host, port=port, log_level="info")


def app_from_env() -> FastAPI:
    """The app over $FLASHPOINT_DB, for `uvicorn --factory flashpoint.api:app_from_env` (several workers)."""
    db = os.environ.get("FLASHPOINT_DB")
    if not db:
        raise RuntimeError("set FLASHPOINT_DB to the database file to serve")
    return create_app(db)
