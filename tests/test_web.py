"""The workbench in headless Chromium: map, list, filters, incident, article, actor, XSS.

Needs Debian's Chromium (/usr/bin/chromium) and the built bundle
(``npm ci && npm run build`` in src/flashpoint/web); skips with a message otherwise.
Screenshots of every view go to artifacts/screenshots/.
"""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import httpx
import pytest

from synthetic import XSS_ARTICLE, XSS_TEXT, build_synthetic_db

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
BUNDLE = ROOT / "src" / "flashpoint" / "web" / "static" / "dist" / "index.html"
SHOTS = ROOT / "artifacts" / "screenshots"
SEEDS = ROOT.parent / "shared" / "seeds"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: `apt-get install -y chromium` to run the browser tests", allow_module_level=True)
if not BUNDLE.exists():
    pytest.skip(f"{BUNDLE} is absent: run `npm ci && npm run build` in src/flashpoint/web", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright==1.65.2)")


def _pipeline_available() -> bool:
    try:
        return hasattr(importlib.import_module("flashpoint.pipeline"), "run") and SEEDS.is_dir()
    except ImportError:
        return False


@pytest.fixture(scope="module")
def web_db(tmp_path_factory) -> Path:
    """The seeds run through the real pipeline where it exists, else a synthetic store.

    FLASHPOINT_WEB_DB=pipeline makes a pipeline failure an error; =synthetic skips the
    pipeline; the default (auto) falls back to the synthetic store with a warning.
    """
    mode = os.environ.get("FLASHPOINT_WEB_DB", "auto")
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    if mode != "synthetic" and _pipeline_available():
        cmd = [sys.executable, "-c", "from flashpoint.cli import main; main()", "run", str(SEEDS), "--db", str(db)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if done.returncode == 0:
            return db
        message = f"`flashpoint run {SEEDS} --db {db}` failed:\n{done.stderr[-2000:]}"
        assert mode != "pipeline", message
        warnings.warn(message + "\nusing the synthetic store instead")
    return build_synthetic_db(db, 120, seed=3)


class _Server:
    """uvicorn serving create_app(db) on a free 127.0.0.1 port in a daemon thread."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from flashpoint.api import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.time() + 15
        while not self.server.started:
            assert time.time() < deadline, "uvicorn did not start within 15 s"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _ready(page, route: str) -> None:
    page.wait_for_selector(f'main[data-ready="{route}"]', timeout=15000)
    assert page.locator("#error").is_hidden(), page.locator("#error").text_content()


def _linked_drone(url: str) -> tuple[str, dict]:
    """A drone incident with a responds_to edge (any incident with one if no drone has)."""
    for params in ({"type": "attack.drone", "limit": 5000}, {"limit": 5000}):
        graph = httpx.get(f"{url}/api/graph", params=params).json()
        ids = {n["id"] for n in graph["nodes"]}
        for edge in graph["edges"]:
            for end in (edge["source"], edge["target"]):
                if end in ids:
                    return end, params
    full = httpx.get(f"{url}/api/graph", params={"limit": 5000}).json()
    for edge in full["edges"]:
        return edge["source"], {}
    pytest.skip("the store has no responds_to link to follow")


def test_workbench_scenario(web_db, page):
    server = _Server(web_db)
    try:
        page.goto(server.url + "/")
        _ready(page, "explore")
        assert page.locator("[data-testid=map] path.fp-marker").count() > 0, "no incident drawn on the map"
        assert page.locator("[data-testid=map] path.leaflet-interactive, [data-testid=map] svg path").count() > 10
        assert page.locator("[data-testid=incident-row]").count() > 0
        _shot(page, "01-explore")

        chosen, params = _linked_drone(server.url)
        if params.get("type"):
            page.select_option("[data-testid=filter-type]", "attack.drone")
            page.click("[data-testid=filter-apply]")
            page.wait_for_function("location.hash.includes('type=attack.drone')")
            _ready(page, "explore")
            types = page.locator("[data-testid=incident-row]").evaluate_all("rows => rows.map(r => r.dataset.type)")
            assert types and set(types) == {"attack.drone"}
            _shot(page, "02-drone-filter")
        row = page.locator(f'[data-testid=incident-row][data-id="{chosen}"]')
        if row.count():
            row.click()
        else:
            page.evaluate("id => { location.hash = '#/incident/' + encodeURIComponent(id); }", chosen)
        _ready(page, "incident")
        assert page.locator("[data-testid=incident]").get_attribute("data-id") == chosen
        assert page.locator("[data-testid=stances-table] tbody tr").count() > 0
        _shot(page, "03-incident")

        link = page.locator("[data-testid=evidence-list] [data-testid=evidence-link]").first
        quote = link.text_content().strip("“”")
        link.click()
        _ready(page, "article")
        marks = page.locator("[data-testid=article-text] mark.current")
        assert marks.count() > 0, "the evidence span is not highlighted"
        assert quote in "".join(marks.all_text_contents())
        _shot(page, "04-article")

        page.go_back()
        _ready(page, "incident")
        edge = page.locator("[data-testid=responds-to-out-link], [data-testid=responds-to-in-link]").first
        other = edge.get_attribute("data-id")
        edge.click()
        _ready(page, "incident")
        assert page.locator("[data-testid=incident]").get_attribute("data-id") == other != chosen
        _shot(page, "05-linked-incident")

        page.locator("[data-testid=incident-fields] [data-testid=actor-link]").first.click()
        _ready(page, "actor")
        assert page.locator("[data-testid=actor-name]").text_content().strip()
        assert page.locator("[data-testid=actor-perpetrator] tbody tr, [data-testid=actor-target] tbody tr").count() > 0
        _shot(page, "06-actor")

        page.click("[data-testid=nav-timeline]")
        _ready(page, "timeline")
        assert page.locator("#timeline .tl-node").count() > 0
        _shot(page, "07-timeline")
        assert page.errors == []
    finally:
        server.stop()


def test_article_markup_is_shown_as_text(tmp_path, page):
    server = _Server(build_synthetic_db(tmp_path / "xss.duckdb", 30))
    try:
        page.goto(f"{server.url}/#/article/{XSS_ARTICLE}?incident=inc_00000000")
        _ready(page, "article")
        assert page.evaluate("window.__xss") is None
        text = page.locator("[data-testid=article-text]")
        assert XSS_TEXT in text.text_content()
        assert text.locator("script, b").count() == 0
        assert "<script>" in page.locator("[data-testid=article-title]").text_content()
        page.get_by_text("<script>window.__xss=1</script>", exact=False).first.wait_for()
        _shot(page, "08-xss-article")
        assert page.errors == []
    finally:
        server.stop()
