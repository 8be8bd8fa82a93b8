"""The analyst's workbench over HTTP: a read-only JSON API and the web UI, one process.

``create_app(db_path)`` builds the FastAPI app (OpenAPI at /docs); ``serve`` runs it with
uvicorn on 127.0.0.1 by default. Every handler calls a function of :mod:`flashpoint.query`.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from flashpoint import query
from flashpoint.query import Filters, QueryError

STATIC_DIR = Path(__file__).parent / "web" / "static" / "dist"
NOT_BUILT = (
    "<!doctype html><title>Flashpoint</title><h1>The web UI is not built</h1>"
    "<p>Run <code>npm ci &amp;&amp; npm run build</code> in <code>src/flashpoint/web</code>, "
    "then restart <code>flashpoint serve</code>. The API works meanwhile: see <a href='/docs'>/docs</a>.</p>"
)


def incident_filters(
    date_from: Annotated[str | None, Query(description="ISO date YYYY-MM-DD; incidents ending on or after it")] = None,
    date_to: Annotated[str | None, Query(description="ISO date YYYY-MM-DD; incidents starting on or before it")] = None,
    type: Annotated[str | None, Query(description="type code (attack.drone) or family (attack)")] = None,
    country: Annotated[str | None, Query(description="ISO-3166 alpha-2 code, e.g. IQ")] = None,
    actor: Annotated[str | None, Query(description="actor id: perpetrator, target or stance holder")] = None,
    stance: Annotated[str | None, Query(description="claimed | attributed | suspected | denied | unclaimed")] = None,
    q: Annotated[str | None, Query(description="text search over mentions and evidence (case-insensitive)")] = None,
) -> Filters:
    return Filters(date_from, date_to, type, country, actor, stance, q)


FilterDep = Annotated[Filters, Depends(incident_filters)]


class FastJSON(Response):
    """JSON straight from json.dumps: the query layer already returns plain values."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _Store:
    """One read-only connection per app, opened on first use; a cursor per request."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = db_path
        self.con = None
        self.lock = threading.Lock()

    def cursor(self):
        with self.lock:
            if self.con is None:
                self.con = query.connect(self.db_path)
            return self.con.cursor()


def _found(record: dict | None, missing: str) -> FastJSON:
    """The record as JSON, or a 404 that says what was not found and where to look."""
    if record is None:
        raise HTTPException(404, missing)
    return FastJSON(record)


def _cursor(request: Request):
    cur = request.app.state.store.cursor()
    try:
        yield cur
    finally:
        cur.close()


Cur = Annotated[Any, Depends(_cursor)]


def create_app(db_path: str | Path) -> FastAPI:
    """The app over the store at ``db_path``, opened read-only on first use."""
    app = FastAPI(
        default_response_class=FastJSON,
        title="Flashpoint",
        version="0.1.0",
        description="Incidents fused from news reporting, with their evidence, stances and responds_to links.",
    )
    app.state.store = _Store(db_path)

    @app.exception_handler(QueryError)
    async def bad_parameter(_: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"detail": str(exc)})

    @app.get("/api/incidents", tags=["incidents"])
    def incidents(
        cur: Cur,
        filters: FilterDep,
        sort: str = Query("-date", description="date, type, sources or killed; prefix '-' for descending"),
        limit: int = Query(50, description=f"page size, 1..{query.MAX_LIMIT}"),
        offset: int = Query(0, description="rows to skip"),
    ):
        return FastJSON(query.list_incidents(cur, filters, sort=sort, limit=limit, offset=offset))

    @app.get("/api/incidents/{incident_id}", tags=["incidents"])
    def incident(incident_id: str, cur: Cur):
        found = query.get_incident(cur, incident_id)
        return _found(found, f"no incident with id {incident_id!r}; list them at /api/incidents")

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(article_id: str, cur: Cur):
        found = query.get_article(cur, article_id)
        return _found(found, f"no article with id {article_id!r}")

    @app.get("/api/actors", tags=["actors"])
    def actors(
        cur: Cur,
        q: str | None = Query(None, description="substring of the actor id or name"),
        limit: int = Query(100, description=f"page size, 1..{query.MAX_LIMIT}"),
        offset: int = Query(0),
    ):
        return FastJSON(query.list_actors(cur, q=q, limit=limit, offset=offset))

    @app.get("/api/actors/{actor_id}", tags=["actors"])
    def actor(actor_id: str, cur: Cur):
        found = query.get_actor(cur, actor_id)
        return _found(found, f"no actor with id {actor_id!r}; list them at /api/actors")

    @app.get("/api/graph", tags=["incidents"])
    def graph(
        cur: Cur,
        filters: FilterDep,
        limit: int = Query(1000, description=f"most recent incidents to include, 1..{query.MAX_GRAPH_NODES}"),
    ):
        return FastJSON(query.graph(cur, filters, limit=limit))

    @app.get("/api/stats", tags=["incidents"])
    def stats(cur: Cur, filters: FilterDep):
        return FastJSON(query.stats(cur, filters))

    if (STATIC_DIR / "index.html").is_file():
        app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="web")
    else:

        @app.get("/", include_in_schema=False)
        def not_built() -> HTMLResponse:
            return HTMLResponse(NOT_BUILT, status_code=503)

    return app


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the API and web UI until interrupted. Binds localhost unless told otherwise."""
    import uvicorn

    query.connect(db_path).close()  # fail now, with the message, if the store cannot be opened
    uvicorn.run(create_app(db_path), host=host, port=port, log_level="info")
