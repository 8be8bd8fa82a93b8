"""The DuckDB store: articles, rejects, mentions, incidents and their evidence.

The schema (schema.sql) is the contract with the readers (query.py, api.py, web).
Writes go through Arrow tables (one bulk insert per batch, not a row at a time).
Incidents are a corpus-level view kept up to date incrementally (``incremental.py``):
a run rewrites only the incidents its new mentions touch, inside one transaction per
step, and every article carries its processing state (ingested -> extracted -> fused)
so a run that was interrupted is finished by the next one.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import datetime as dt

import duckdb
import pyarrow as pa

from .errors import StoreError
from .export import incident_doc
from .query import INDEXES
from .records import Article, Incident, Mention, Rejected, from_dict


_DAY = dt.timedelta(days=1)
_EPOCH = dt.date(1970, 1, 1)
# Secondary indexes a writer does not keep: DuckDB loads a whole index on the first write
# to its table and writes it out whole at each checkpoint, so each one makes every run
# cost in proportion to what is stored (measured: 7 of 23 s of a 100-article run on 10k
# stored articles). Lookups here go by columnar scans; a reader may build the ones it
# wants on its own copy (``query.INDEXES``, ``snapshot``'s prepare).
_UNINDEXED = tuple(statement.split()[5] for statement in INDEXES) + ("article_bands_key",)
FUSION_RULES = "5"   # bumped when ``fuse.could_pair`` changes: stored windows are filled again, incidents rebuilt
# A writer's cap on DuckDB's buffer cache: left to its default (80% of RAM) the cache keeps
# every block a run has written, so a run's memory grows with the database it writes
# (measured: 212 MiB of buffers at the end of a run of 4k inputs under the default). Blocks
# over the cap are evicted to the file or spilled to a temporary one, not lost. A run's
# cache grows with what it has stored until it reaches the cap, so the cap is what a long
# run holds: near what a run of 1k inputs fills anyway (88 MB), the peak RSS of replayed
# runs stays flat with their size (``benchmarks/scale.py``; replayed runs of 10k inputs:
# 650 MiB under 256 MB, 521 under 128 MB, 484 under 96 MB, against 460 for 1k inputs).
# 64 MB was too little for a fusion step's candidates query when it still sorted the
# candidates' documents (some operators do not spill); it now returns ids only, and is still
# too much for 64 MB: tried again, 64 MB gave 388 MiB for 1k inputs and 404 for 10k (against
# 410 and 438), but all three replayed runs of 50k failed late in fusion with DuckDB's
# out-of-memory error in that query (its unions of joins), after 20% more CPU time.
WRITER_MEMORY_LIMIT = "96MB"
# The cap is a target, not a wall: a query that needs more than it (hash joins and unions do
# not all spill) makes the pipeline roll its step back, double the cap and run the step again
# (``widen_memory``), up to this many MB; only then does the run stop, its step left pending.
WRITER_MEMORY_MAX_MB = 1536
# A writer's DuckDB runs its queries on one thread. Its queries are many and small (a
# fusion step's candidates, members and rewrites), so a second thread buys little time, and
# each thread keeps its own allocator caches and scan buffers: replayed runs of 10k inputs
# peaked at 516 MiB on one thread against 577 on two (1k inputs: 485 against 513), and
# the 50k run used 1,140 CPU s against 1,330. The extraction workers are separate
# processes; a reader (the API, exports, ``snapshot``) keeps DuckDB's default.
WRITER_THREADS = 1
_DOCS_AT_ONCE = 2048   # stored mention documents fetched per query by ``candidates``


def _table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows)


def _decoded(result, chunk: int = _DOCS_AT_ONCE) -> Iterator[tuple]:
    """The rows of a query whose first column is a mention document, that document
    decoded, fetched ``chunk`` rows at a time: a fusion step reads thousands of
    documents, and their JSON text is never all held beside the records made from it."""
    while rows := result.fetchmany(chunk):
        for doc, *rest in rows:
            yield from_dict(Mention, json.loads(doc)), *rest


class Store:
    def __init__(self, path: str | Path = "flashpoint.duckdb", *, read_only: bool = False):
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path}; run `flashpoint run PATH --db {self.path}` first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        if not read_only:
            self.con.execute(f"SET memory_limit = '{WRITER_MEMORY_LIMIT}'")
            self.memory_mb = int(WRITER_MEMORY_LIMIT.removesuffix("MB"))
            self.con.execute(f"SET threads = {WRITER_THREADS}")
            self.con.execute(resources.files("flashpoint").joinpath("schema.sql").read_text(encoding="utf-8"))
            for name in _UNINDEXED:
                self.con.execute(f"DROP INDEX IF EXISTS {name}")

    def upgrade(self) -> bool:
        """Fill what a database written before incremental runs (or under older fusion
        rules) lacks: the fusion blocks and windows of its mentions; True when its
        incidents must then be rebuilt once (``refuse``)."""
        from .fuse import block_columns, window_columns

        row = self.con.execute("SELECT value FROM meta WHERE key = 'fusion_rules'").fetchone()
        where = "family IS NULL" if row and row[0] == FUSION_RULES else "true"
        stale = self.con.execute(f"SELECT id, doc FROM mentions WHERE {where}").fetchall()
        if stale:
            rows = []
            for i, doc in stale:
                m = from_dict(Mention, json.loads(doc))
                rows.append({"id": i, **block_columns(m), **window_columns(m)})
            self.con.register("_blocks", _table(rows))
            self.con.execute("UPDATE mentions SET family = b.family, country = b.country, thin = b.thin,"
                             " date_start = b.date_start, win_lo = b.win_lo, win_hi = b.win_hi,"
                             " undated = b.undated, persons = b.persons, unanchored = b.unanchored,"
                             " evidence = b.evidence FROM _blocks b WHERE mentions.id = b.id")
            self.con.unregister("_blocks")
        if not (row and row[0] == FUSION_RULES):
            self.con.execute("DELETE FROM link_keys")
            self.con.execute("UPDATE incidents SET link_day = coalesce(incidents.date_start, f.day) FROM (SELECT"
                             " m.incident, min(a.published) AS day FROM mentions m JOIN articles a ON a.id = m.article"
                             " GROUP BY m.incident) f WHERE f.incident = incidents.id")
            days = dict(self.con.execute("SELECT id, link_day FROM incidents").fetchall())
            self._insert("link_keys", [k for p in self.profiles() for k in _link_keys(p, days.get(p.id))])
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('fusion_rules', ?)", [FUSION_RULES])
        self._fill_place_basis()
        unstamped = self.con.execute("SELECT count(*) FROM incidents WHERE created_at IS NULL").fetchone()[0]
        return bool(stale or unstamped)

    def _fill_place_basis(self) -> None:
        """Give the locations of mentions stored before ``Place.basis`` existed the basis their
        evidence rule recorded (fusion reads ``article_country`` from it), once per database:
        they then fuse as the same text extracted today would."""
        if self.con.execute("SELECT 1 FROM meta WHERE key = 'place_basis'").fetchone():
            return
        rule = "json_extract_string(doc, '$.location.evidence.rule')"
        ids = [r[0] for r in self.con.execute(
            "SELECT id FROM mentions WHERE json_type(doc, '$.location') = 'OBJECT'"
            " AND json_extract(doc, '$.location.basis') IS NULL ORDER BY id").fetchall()]
        for start in range(0, len(ids), _DOCS_AT_ONCE):   # a statement each: the writer's cache holds a step's docs
            self.con.execute(
                "UPDATE mentions SET doc = json_merge_patch(doc, json_object('location', json_object('basis', CASE"
                f" WHEN {rule} LIKE '%place.article_country%' THEN 'article_country'"
                f" WHEN {rule} LIKE '%place.actor_country%' THEN 'actor_country'"
                f" WHEN {rule} LIKE '%place.fuzzy%' THEN 'fuzzy' ELSE 'named' END)))"
                " WHERE id IN (SELECT unnest(?))", [ids[start:start + _DOCS_AT_ONCE]])
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('place_basis', '1')")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _insert(self, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        arrow = _table(rows)
        self.con.register("_rows", arrow)
        cols = ", ".join(f'"{c}"' for c in arrow.column_names)
        self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _rows")
        self.con.unregister("_rows")

    # -- articles -----------------------------------------------------------
    def content_hashes(self, ids: list[str]) -> dict[str, str]:
        """Stored id -> content hash for those of ``ids`` already stored (ingest.id_conflict compares with it)."""
        if not ids:
            return {}
        return dict(self.con.execute("SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))",
                                     [ids]).fetchall())

    def add_articles(self, items: list[tuple[Article, str | None]],
                     signatures: dict[str, list[int]] | None = None) -> None:
        """Store admitted articles in state ``ingested`` with their MinHash signatures."""
        signatures = signatures or {}
        self._insert("articles", [{
            "id": a.id, "title": a.title, "url": a.url, "outlet": a.outlet, "published": a.published,
            "published_source": a.published_source, "published_confidence": a.published_confidence,
            "language": a.language, "source": a.source,
            "content_hash": a.content_hash, "duplicate_of": dup, "text": a.text,
            "state": "ingested", "signature": signatures.get(a.id),
        } for a, dup in items])

    def stored_states(self, ids: list[str]) -> dict[str, str]:
        """id -> processing state of those of ``ids`` already stored."""
        if not ids:
            return {}
        return dict(self.con.execute("SELECT id, coalesce(state, 'fused') FROM articles WHERE id IN (SELECT unnest(?))",
                                     [ids]).fetchall())

    def set_signatures(self, values: dict[str, list[int]]) -> None:
        for article_id, sig in values.items():
            self.con.execute("UPDATE articles SET signature = ? WHERE id = ?", [sig, article_id])

    def hash_owners(self, hashes: list[str]) -> dict[str, str]:
        """content hash -> the (first) stored article with that text."""
        if not hashes:
            return {}
        return dict(self.con.execute("SELECT content_hash, min(id) FROM articles WHERE content_hash IN"
                                     " (SELECT unnest(?)) GROUP BY content_hash", [hashes]).fetchall())

    def band_matches(self, rows: list[tuple[int, int, int]]) -> dict[int, list[str]]:
        """rows: (query number, band, key) -> stored articles sharing a band key, per query."""
        if not rows:
            return {}
        self.con.register("_bands", _table([{"q": q, "band": b, "key": k} for q, b, k in rows]))
        found = self.con.execute('SELECT DISTINCT q.q, a.article FROM _bands q JOIN article_bands a'
                                 ' ON a."key" = q."key" AND a.band = q.band ORDER BY 1, 2').fetchall()
        self.con.unregister("_bands")
        out: dict[int, list[str]] = {}
        for q, article in found:
            out.setdefault(q, []).append(article)
        return out

    def signatures_of(self, ids: list[str]) -> dict[str, list[int]]:
        if not ids:
            return {}
        return dict(self.con.execute("SELECT id, signature FROM articles WHERE signature IS NOT NULL"
                                     " AND id IN (SELECT unnest(?))", [ids]).fetchall())

    def add_bands(self, rows: list[tuple[str, int, int]]) -> None:
        self._insert("article_bands", [{"article": a, "band": b, "key": k} for a, b, k in rows])

    def articles_without_bands(self) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_bands b WHERE b.article = a.id)"
            " ORDER BY id").fetchall()]

    def ids_in_state(self, state: str, *, by_date: bool = False, limit: int | None = None) -> list[str]:
        """Articles in ``state``, by id; ``by_date``: by publication date first (undated
        last), so that consecutive ones report the same weeks; ``limit``: only the first so many."""
        order = "published NULLS LAST, id" if by_date else "id"
        tail = " LIMIT ?" if limit is not None else ""
        return [r[0] for r in self.con.execute(f"SELECT id FROM articles WHERE state = ? ORDER BY {order}{tail}",
                                               [state, *([limit] if limit is not None else [])]).fetchall()]

    def set_state(self, ids: list[str], state: str) -> None:
        if ids:
            self.con.execute("UPDATE articles SET state = ? WHERE id IN (SELECT unnest(?))", [state, ids])

    def set_leads(self, leads: dict[str, str]) -> None:
        if leads:
            self.con.register("_leads", _table([{"id": k, "lead": v} for k, v in leads.items()]))
            self.con.execute("UPDATE articles SET lead = _leads.lead FROM _leads WHERE articles.id = _leads.id")
            self.con.unregister("_leads")

    def leads(self, article_ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(article_ids))
        return dict(self.con.execute("SELECT id, lead FROM articles WHERE lead IS NOT NULL AND id IN (SELECT unnest(?))",
                                     [ids]).fetchall()) if ids else {}

    def add_rejects(self, rejects: list[Rejected]) -> None:
        """Record rejects once per input: a source rejected again replaces its earlier row."""
        if rejects:
            self.con.execute("DELETE FROM rejects WHERE source IN (SELECT unnest(?))", [[r.source for r in rejects]])
        self._insert("rejects", [r.as_dict() for r in rejects])

    def articles(self, ids: list[str]) -> list[Article]:
        rows = self.con.execute(
            "SELECT id, text, title, url, outlet, published, published_source, published_confidence, language, source,"
            " content_hash FROM articles WHERE id IN (SELECT unnest(?)) ORDER BY id", [ids]).fetchall()
        names = ("id", "text", "title", "url", "outlet", "published", "published_source", "published_confidence",
                 "language", "source", "content_hash")
        return [Article(**dict(zip(names, r))) for r in rows]

    def undated_articles(self, run: str | None = None) -> list[str]:
        """Articles with no publication date; with ``run``, those with a mention in an
        incident that run created or changed (only their estimates can have moved), or
        that a run killed before it finished changed (its dating may not have happened)."""
        if run is None:
            return [r[0] for r in self.con.execute("SELECT id FROM articles WHERE published IS NULL ORDER BY id").fetchall()]
        return [r[0] for r in self.con.execute(
            "SELECT DISTINCT a.id FROM articles a JOIN mentions m ON m.article = a.id JOIN changes c"
            " ON c.incident = m.incident WHERE (c.run = ? OR c.run IN (SELECT id FROM runs WHERE status = 'running'))"
            " AND a.published IS NULL ORDER BY a.id", [run]).fetchall()]

    def incident_dates_for(self, article_id: str) -> list:
        """Day-precise dates of incidents this article reports that other articles report too."""
        return [r[0] for r in self.con.execute(
            "SELECT DISTINCT i.date_start FROM incidents i JOIN mentions m ON m.incident = i.id"
            " WHERE m.article = ? AND i.date_precision = 'day' AND EXISTS (SELECT 1 FROM mentions o"
            " WHERE o.incident = i.id AND o.article <> ?)", [article_id, article_id]).fetchall()]

    def set_published(self, article_id: str, date, source: str, confidence: float) -> None:
        self.con.execute("UPDATE articles SET published = ?, published_source = ?, published_confidence = ?"
                         " WHERE id = ?", [date, source, confidence, article_id])

    def delete_mentions(self, article_ids: list[str]) -> None:
        self.con.execute("DELETE FROM mentions WHERE article IN (SELECT unnest(?))", [article_ids])

    def duplicates(self, article_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Near-duplicate article -> its original (of ``article_ids`` when given)."""
        sql = "SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL"
        if article_ids is None:
            return dict(self.con.execute(sql).fetchall())
        return dict(self.con.execute(sql + " AND id IN (SELECT unnest(?))", [sorted(set(article_ids))]).fetchall())

    # -- mentions -----------------------------------------------------------
    def add_mentions(self, mentions: Iterable[Mention]) -> None:
        from .fuse import block_columns, window_columns

        self._insert("mentions", [{
            "id": m.id, "incident": None, "article": m.article, "start": m.sentence.start, "end": m.sentence.end,
            "text": m.sentence.text, "type": m.type, "modality": m.modality, "doc": json.dumps(m.as_dict()),
            **block_columns(m), **window_columns(m),
        } for m in mentions])

    def mentions(self, article_ids: list[str] | None = None) -> list[Mention]:
        """Stored mentions (of ``article_ids`` when given), by id."""
        if article_ids is None:
            result = self.con.execute("SELECT doc FROM mentions ORDER BY id")
        else:
            result = self.con.execute("SELECT doc FROM mentions WHERE article IN (SELECT unnest(?)) ORDER BY id",
                                      [article_ids])
        return [m for m, in _decoded(result)]

    def fused_mentions(self) -> list[Mention]:
        """Asserted mentions of every article that has been fused or waits to be."""
        result = self.con.execute(
            "SELECT m.doc FROM mentions m JOIN articles a ON a.id = m.article WHERE m.modality = 'asserted'"
            " AND coalesce(a.state, 'fused') IN ('extracted', 'fused') ORDER BY m.id")
        return [m for m, in _decoded(result)]

    def candidates(self, seekers: list[Mention]) -> list[tuple[Mention, str, tuple | None]]:
        """Fused asserted mentions that ``fuse.could_pair`` allows with some seeker, with
        their incident and their stored best edge (partner dated, score, partner id) when
        they are thin, by id."""
        return [c for batch in self.candidate_batches(seekers) for c in batch]

    def candidate_batches(self, seekers: list[Mention]) -> Iterator[list[tuple[Mention, str, tuple | None]]]:
        """``candidates``, a slice of at most ``_DOCS_AT_ONCE`` at a time, so that a caller
        that only scores them need not hold them all. Lookups: windows (a range join, of
        anchored mentions only), articles, no window, person victims, and evidence keys (an
        unanchored mention of the two, a key in common and the windows)."""
        from .fuse import block_columns, window_columns

        if not seekers:
            return
        spans: dict[tuple, list] = {}
        articles, persons, keys = set(), [], []
        for m in seekers:
            cols = {**block_columns(m), **window_columns(m)}
            block = (cols["family"], cols["country"])
            lo, hi = cols["win_lo"], cols["win_hi"]
            if not (lo and cols["unanchored"]):
                spans.setdefault(block, []).append((lo - _DAY, hi + _DAY) if lo else None)
            if lo:
                keys.extend({"family": block[0], "country": block[1], "key": k, "lo": lo - _DAY, "hi": hi + _DAY,
                             "unanchored": cols["unanchored"]} for k in cols["evidence"] or ())
            articles.add((*block, m.article, cols["thin"]))
            persons.extend({"family": block[0], "country": block[1], "undated": cols["undated"],
                            "person": f"|{p}|"} for p in (cols["persons"] or "").strip("|").split("|") if p)
        rows = []   # per block, the seekers' windows merged (lo None: a seeker with no window)
        for (family, country), found in sorted(spans.items()):
            merged: list[list] = []
            for lo, hi in sorted(w for w in found if w):
                if merged and lo <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], hi)
                else:
                    merged.append([lo, hi])
            rows.extend({"family": family, "country": country, "lo": lo, "hi": hi} for lo, hi in merged)
            if None in found:
                rows.append({"family": family, "country": country, "lo": None, "hi": None})
        # an empty lookup keeps its columns with one row of the empty family, which no block has
        self.con.register("_seek", _table(rows or [{"family": "", "country": "", "lo": _EPOCH, "hi": _EPOCH}]))
        self.con.register("_arts", _table([{"family": f, "country": c, "article": a, "thin": t}
                                           for f, c, a, t in sorted(articles)]))
        self.con.register("_pers", _table(persons or [{"family": "", "country": "", "undated": False, "person": ""}]))
        self.con.register("_keys", _table(keys or [{"family": "", "country": "", "key": "", "lo": _EPOCH, "hi": _EPOCH,
                                                    "unanchored": False}]))
        same_block = "m.family = s.family AND (m.country = s.country OR m.country = '?' OR s.country = '?')"
        hits = [r[0] for r in self.con.execute(
            "WITH hits AS ("
            f" SELECT m.id FROM mentions m JOIN _seek s ON m.win_lo <= s.hi AND m.win_hi >= s.lo WHERE {same_block}"
            " AND NOT coalesce(m.unanchored, false)"
            f" UNION SELECT m.id FROM mentions m JOIN _arts s ON m.article = s.article WHERE {same_block}"
            " AND (s.thin OR m.thin)"
            f" UNION SELECT m.id FROM mentions m JOIN _seek s ON m.family = s.family WHERE {same_block} AND s.lo IS NULL"
            f" UNION SELECT m.id FROM mentions m JOIN _arts s ON m.family = s.family WHERE {same_block}"
            " AND m.win_lo IS NULL"
            f" UNION SELECT m.id FROM mentions m JOIN _pers s ON m.family = s.family WHERE {same_block}"
            " AND m.persons IS NOT NULL AND contains(m.persons, s.person) AND (s.undated OR m.undated)"
            " UNION SELECT m.id FROM (SELECT id, family, country, win_lo, win_hi, unanchored, unnest(evidence) AS key"
            f" FROM mentions WHERE evidence IS NOT NULL) m JOIN _keys s ON m.key = s.key WHERE {same_block}"
            " AND m.win_lo <= s.hi AND m.win_hi >= s.lo AND (s.unanchored OR m.unanchored))"
            " SELECT m.id FROM mentions m WHERE m.incident IS NOT NULL AND m.modality = 'asserted'"
            " AND m.id IN (SELECT id FROM hits) ORDER BY m.id").fetchall()]
        for name in ("_seek", "_arts", "_pers", "_keys"):
            self.con.unregister(name)
        for start in range(0, len(hits), _DOCS_AT_ONCE):   # no query holds (nor sorts) every document
            self.con.register("_hits", pa.table({"id": hits[start:start + _DOCS_AT_ONCE]}))
            rows = self.con.execute("SELECT m.doc, m.incident, m.best_dated, m.best_score, m.best FROM mentions m"
                                    " JOIN _hits h ON h.id = m.id ORDER BY m.id").fetchall()
            self.con.unregister("_hits")
            yield [(from_dict(Mention, json.loads(doc)), inc, (dated, score, best) if best else None)
                   for doc, inc, dated, score, best in rows]

    def incident_members(self, incident_ids: Iterable[str]) -> list[tuple[Mention, str, tuple | None]]:
        """Every mention of these incidents, with its incident and stored best edge."""
        ids = sorted(set(incident_ids))
        if not ids:
            return []
        result = self.con.execute(
            "SELECT doc, incident, best_dated, best_score, best FROM mentions"
            " WHERE incident IN (SELECT unnest(?)) ORDER BY id", [ids])
        return [(m, inc, (dated, score, best) if best else None) for m, inc, dated, score, best in _decoded(result)]

    def replace_article_mentions(self, article_ids: list[str], mentions: list[Mention]) -> None:
        """Swap an article's mentions for new ones; their incidents are fused again next."""
        self.con.execute("INSERT INTO dirty_incidents SELECT DISTINCT incident FROM mentions"
                         " WHERE incident IS NOT NULL AND article IN (SELECT unnest(?))", [article_ids])
        self.delete_mentions(article_ids)
        self.add_mentions(mentions)
        self.set_state(article_ids, "extracted")

    def dirty_incidents(self) -> list[str]:
        return sorted({r[0] for r in self.con.execute("SELECT incident FROM dirty_incidents").fetchall()})

    def widen_memory(self) -> int | None:
        """Double the writer's DuckDB cap for the rest of this connection, after a query ran
        out of it; the new cap in MB, or None when it is at ``WRITER_MEMORY_MAX_MB`` already."""
        if self.memory_mb >= WRITER_MEMORY_MAX_MB:
            return None
        self.memory_mb = min(2 * self.memory_mb, WRITER_MEMORY_MAX_MB)
        self.con.execute(f"SET memory_limit = '{self.memory_mb}MB'")
        return self.memory_mb

    # -- transactions ---------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self):
        """All of the block's writes, or none of them."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- incidents ----------------------------------------------------------
    def previous_incidents(self, ids: Iterable[str]):
        """(id, members, created_at) of stored incidents, for identity."""
        from .identity import Previous

        ids = sorted(set(ids))
        if not ids:
            return []
        rows = self.con.execute(
            "SELECT i.id, i.created_at, list(m.id) FROM incidents i LEFT JOIN mentions m ON m.incident = i.id"
            " WHERE i.id IN (SELECT unnest(?)) GROUP BY i.id, i.created_at", [ids]).fetchall()
        return [Previous(i, frozenset(x for x in members if x), created) for i, created, members in rows]

    def unstamped(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` stored without created_at or link profile (an older database)."""
        ids = sorted(set(ids))
        return {r[0] for r in self.con.execute(
            "SELECT id FROM incidents WHERE (created_at IS NULL OR profile IS NULL) AND id IN (SELECT unnest(?))",
            [ids]).fetchall()} if ids else set()

    def ids_taken(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` used by an incident or a redirect."""
        ids = sorted(set(ids))
        return {r[0] for r in self.con.execute(
            "SELECT id FROM incidents WHERE id IN (SELECT unnest(?)) UNION SELECT id FROM redirects"
            " WHERE id IN (SELECT unnest(?))", [ids, ids]).fetchall()} if ids else set()

    def id_taken(self, incident_id: str) -> bool:
        return bool(self.con.execute("SELECT (SELECT count(*) FROM incidents WHERE id = ?)"
                                     " + (SELECT count(*) FROM redirects WHERE id = ?)",
                                     [incident_id, incident_id]).fetchone()[0])

    def incident_docs_by_id(self, ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(ids))
        return dict(self.con.execute("SELECT id, doc FROM incidents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()) if ids else {}

    def delete_incidents(self, ids: Iterable[str]) -> None:
        """Remove incidents and every row that hangs off them (links are ``set_links``')."""
        ids = sorted(set(ids))
        if not ids:
            return
        for table in ("stances", "evidence", "incident_actors", "link_keys"):
            self.con.execute(f"DELETE FROM {table} WHERE incident IN (SELECT unnest(?))", [ids])
        self.con.execute("UPDATE mentions SET incident = NULL WHERE incident IN (SELECT unnest(?))", [ids])
        self.con.execute("DELETE FROM incidents WHERE id IN (SELECT unnest(?))", [ids])

    def add_incidents(self, incidents: list[Incident], stamps: dict[str, tuple]) -> None:
        """Insert incidents with their rows; ``stamps``: id -> (created_at, updated_at, split_from)."""
        from .escalation import profile

        inc_rows, stance_rows, ev_rows, actor_rows = [], [], [], []
        for inc in incidents:
            row = _incident_row(inc)
            created, updated, split_from = stamps[inc.id]
            row.update(created_at=created, updated_at=updated, split_from=split_from,
                       profile=json.dumps(profile(inc).as_dict(), ensure_ascii=False), link_day=link_day(inc))
            inc_rows.append(row)
            stance_rows.extend(_stance_rows(inc, actor_rows))
            ev_rows.extend(_evidence_rows(inc))
            actor_rows.extend(_actor_rows(inc))
        self._insert("incidents", inc_rows)
        self._insert("link_keys", [row for inc in incidents for row in _link_keys(profile(inc), link_day(inc))])
        self._insert("stances", stance_rows)
        self._insert("evidence", ev_rows)
        self._insert("incident_actors", [dict(t) for t in sorted({tuple(r.items()) for r in actor_rows})])

    def set_members(self, rows: list[dict]) -> None:
        """rows: {id, incident, best, best_score, best_dated} for mentions that fusion regrouped."""
        if rows:
            self.con.register("_members", _table(rows))
            self.con.execute("UPDATE mentions SET incident = _members.incident, best = _members.best,"
                             " best_score = _members.best_score, best_dated = _members.best_dated"
                             " FROM _members WHERE mentions.id = _members.id")
            self.con.unregister("_members")

    def clear_dirty(self) -> None:
        self.con.execute("DELETE FROM dirty_incidents")

    def profiles(self, ids: Iterable[str] | None = None):
        """Stored link profiles (of ``ids`` when given), by id."""
        from .escalation import LinkProfile

        sql = "SELECT profile FROM incidents WHERE profile IS NOT NULL"
        rows = (self.con.execute(sql + " ORDER BY id").fetchall() if ids is None else
                self.con.execute(sql + " AND id IN (SELECT unnest(?)) ORDER BY id", [sorted(set(ids))]).fetchall())
        return [LinkProfile.from_dict(json.loads(r[0])) for r in rows]

    def link_holders(self, targets: Iterable[str], names: list[tuple[str, object]], mentions: Iterable[str]) -> set[str]:
        """Incidents whose responds_to links may change: those linking to ``targets``, those
        with a text cue naming one of ``names`` ((name, ``link_day`` of the incident that
        has it): a cue answers an incident of the ``LINK_DAYS`` before its end), and those
        with a cue that targets one of ``mentions``."""
        found = {r[0] for r in self.con.execute("SELECT DISTINCT source FROM links WHERE target IN (SELECT unnest(?))",
                                                [sorted(set(targets))]).fetchall()}
        found |= {r[0] for r in self.con.execute(
            "SELECT DISTINCT incident FROM link_keys WHERE kind = 'mention' AND \"key\" IN (SELECT unnest(?))",
            [sorted(set(mentions))]).fetchall()}
        if names:
            self.con.register("_names", _table([{"key": k, "day": d} for k, d in names]))
            found |= {r[0] for r in self.con.execute(
                "SELECT DISTINCT k.incident FROM link_keys k JOIN _names n ON k.\"key\" = n.\"key\""
                " WHERE k.kind = 'word' AND k.day BETWEEN n.day AND n.day + ?", [LINK_DAYS]).fetchall()}
            self.con.unregister("_names")
        return found

    def link_candidates(self, words: list[tuple[str, object]]) -> dict[tuple, set[str]]:
        """(word, end of the incident whose cue has it) -> the attack incidents with that word
        among their names, placed in the ``LINK_DAYS`` before that end."""
        if not words:
            return {}
        self.con.register("_words", _table([{"key": k, "day": d} for k, d in sorted(set(words))]))
        out: dict[tuple, set[str]] = {}
        for key, day, incident in self.con.execute(
                "SELECT DISTINCT w.\"key\", w.day, k.incident FROM link_keys k JOIN _words w ON k.\"key\" = w.\"key\""
                " WHERE k.kind = 'name' AND k.day BETWEEN w.day - ? AND w.day", [LINK_DAYS]).fetchall():
            out.setdefault((key, day), set()).add(incident)
        self.con.unregister("_words")
        return out

    def incident_of(self, mention_ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(mention_ids))
        return dict(self.con.execute("SELECT id, incident FROM mentions WHERE incident IS NOT NULL"
                                     " AND id IN (SELECT unnest(?))", [ids]).fetchall()) if ids else {}

    def link_days(self, ids: Iterable[str]) -> dict:
        ids = sorted(set(ids))
        return dict(self.con.execute("SELECT id, link_day FROM incidents WHERE link_day IS NOT NULL"
                                     " AND id IN (SELECT unnest(?))", [ids]).fetchall()) if ids else {}

    def link_rows(self, sources: Iterable[str] | None = None) -> dict[str, list[tuple]]:
        sql = 'SELECT source, target, kind, article, start, "end", evidence FROM links'
        rows = (self.con.execute(sql + " ORDER BY source, target").fetchall() if sources is None else
                self.con.execute(sql + " WHERE source IN (SELECT unnest(?)) ORDER BY source, target",
                                 [sorted(set(sources))]).fetchall())
        out: dict[str, list[tuple]] = {}
        for row in rows:
            out.setdefault(row[0], []).append(tuple(row))
        return out

    def set_links_of(self, changed: dict[str, tuple], updated_at) -> None:
        """Replace the responds_to links of several incidents (source -> links) and the
        lists in their documents, in one statement per table."""
        if not changed:
            return
        sources = sorted(changed)
        self.con.execute("DELETE FROM links WHERE source IN (SELECT unnest(?))", [sources])
        self._insert("links", [_link_row(link) for s in sources for link in changed[s]])
        docs = self.incident_docs_by_id(sources)
        rows = []
        for source, text in docs.items():
            doc = json.loads(text)
            doc["responds_to"] = [link.target for link in changed[source]]
            rows.append({"id": source, "doc": json.dumps(doc, ensure_ascii=False)})
        if rows:
            self.con.register("_docs", _table(rows))
            self.con.execute("UPDATE incidents SET doc = _docs.doc, updated_at = ? FROM _docs"
                             " WHERE incidents.id = _docs.id", [updated_at])
            self.con.unregister("_docs")

    def drop_links_to(self, ids: Iterable[str]) -> None:
        ids = sorted(set(ids))
        if ids:
            self.con.execute("DELETE FROM links WHERE source IN (SELECT unnest(?))", [ids])

    def add_redirects(self, merged: dict[str, str], run: str, at) -> None:
        self._insert("redirects", [{"id": k, "merged_into": v, "run": run, "redirected_at": at}
                                   for k, v in sorted(merged.items())])

    def log_changes(self, rows: list[tuple[str, str, str | None]], run: str, at) -> None:
        """rows: (incident, change, other); numbered after the last change."""
        if not rows:
            return
        last = self.con.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        self._insert("changes", [{"seq": last + i + 1, "changed_at": at, "run": run, "incident": inc,
                                  "change": change, "other": other} for i, (inc, change, other) in enumerate(rows)])

    def start_run(self, run: str, at) -> None:
        self.con.execute("INSERT INTO runs VALUES (?, ?, NULL, 'running')", [run, at])

    def finish_run(self, run: str, at) -> None:
        """Mark ``run`` done; runs killed before it are marked interrupted (this run finished their work)."""
        self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running' AND id <> ?", [run])
        self.con.execute("UPDATE runs SET finished_at = ?, status = 'done' WHERE id = ?", [at, run])

    # -- ids and changes, for export --since and the API ----------------------
    def resolve_id(self, incident_id: str) -> str | None:
        """The live incident an id names, following ``merged_into`` redirects; None if unknown."""
        from .changes import resolve_id

        return resolve_id(self.con, incident_id)

    def changes_since(self, since) -> list[dict]:
        """Every change logged after ``since`` (a datetime or ISO string), oldest first:
        {seq, changed_at, run, incident, change, other}. Deleted and merged ids are listed
        so a client can drop or redirect its copies."""
        from .changes import changes_since

        return changes_since(self.con, since)

    def incident_docs_since(self, since) -> list[dict]:
        """Documents of the live incidents created or changed after ``since``."""
        rows = self.con.execute("SELECT doc FROM incidents WHERE updated_at > CAST(? AS TIMESTAMP)"
                                " ORDER BY date_start NULLS LAST, id", [since]).fetchall()
        return [json.loads(r[0]) for r in rows]

    def replace_actors(self, rows: list[dict]) -> None:
        self.con.execute("DELETE FROM actors")
        self._insert("actors", [{**r, "aliases": json.dumps(r.get("aliases", [])),
                                 "parents": json.dumps(r.get("parents", []))} for r in rows])

    # -- reads used by the CLI ----------------------------------------------
    def incident_docs(self) -> list[dict]:
        rows = self.con.execute("SELECT doc FROM incidents ORDER BY date_start NULLS LAST, id").fetchall()
        return [json.loads(r[0]) for r in rows]

    def links(self) -> list[tuple[str, str]]:
        return self.con.execute("SELECT source, target FROM links ORDER BY source, target").fetchall()

    def counts(self) -> dict[str, int]:
        q = {
            "articles": "SELECT count(*) FROM articles",
            "near_duplicates": "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL",
            "rejects": "SELECT count(*) FROM rejects",
            "mentions": "SELECT count(*) FROM mentions",
            "incidents": "SELECT count(*) FROM incidents",
            "links": "SELECT count(*) FROM links",
        }
        return {k: self.con.execute(v).fetchone()[0] for k, v in q.items()}


def _incident_row(inc: Incident) -> dict:
    doc = incident_doc(inc)
    loc, date = inc.location, inc.date
    return {
        "id": inc.id, "type": inc.type, "family": inc.type.split(".")[0],
        "date_start": date.start if date else None, "date_end": date.end if date else None,
        "date_precision": date.precision if date else "unknown",
        "place": loc.name if loc else None, "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None, "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None, "location_precision": loc.precision if loc else None,
        "perpetrator": inc.perpetrator.id if inc.perpetrator else None,
        "perpetrator_name": inc.perpetrator.name if inc.perpetrator else None,
        "perpetrator_status": inc.perpetrator_status, "weapon_class": inc.weapon_class,
        "killed_min": inc.killed.min, "killed_max": inc.killed.max,
        "injured_min": inc.injured.min, "injured_max": inc.injured.max,
        "sources": inc.sources, "n_mentions": len(inc.mentions), "summary": doc["summary"],
        "doc": json.dumps(doc, ensure_ascii=False),
    }


def _stance_rows(inc: Incident, actor_rows: list[dict]) -> list[dict]:
    rows = []
    for s in inc.responsibility:
        rows.append({"incident": inc.id, "actor": s.actor.id if s.actor else None,
                     "name": s.actor.name if s.actor else None, "stance": s.stance,
                     "source_actor": (s.source_actor.id or s.source_actor.name) if s.source_actor else None,
                     "article": s.article, "start": s.evidence.start, "end": s.evidence.end,
                     "evidence": s.evidence.text})
        if s.actor and s.actor.id:
            actor_rows.append({"incident": inc.id, "actor": s.actor.id, "role": "stance"})
    return rows


def _actor_rows(inc: Incident) -> list[dict]:
    rows = []
    if inc.perpetrator and inc.perpetrator.id:
        rows.append({"incident": inc.id, "actor": inc.perpetrator.id, "role": "perpetrator"})
    for role, refs in (("target", inc.targets), ("victim", inc.victims)):
        rows.extend({"incident": inc.id, "actor": r.id, "role": role} for r in refs if r.id)
    return rows


LINK_DAYS = 365   # a text cue answers an incident of the year before it (escalation.resolve_links' candidates)


def link_day(inc: Incident):
    """The day that places an incident for responds_to matching: its start, or when it is
    undated the day it was first reported (None when that is unknown too)."""
    if inc.date and inc.date.start:
        return inc.date.start
    return min((m.published for m in inc.mentions if m.published), default=None)


def _link_keys(p, day) -> list[dict]:
    """``link_keys`` rows of one link profile (see ``escalation.resolve_links``): its names
    when it is an attack (a candidate from ``day``), the words of its text cues (looking
    back from its end, or ``day``) and the mentions its cues target."""
    from .escalation import STOP, _WORD

    rows = [{"incident": p.id, "kind": "name", "key": n, "day": day} for n in sorted(p.names)] \
        if p.type.startswith("attack") and day else []
    for _, cue in p.cues:
        if cue.target_mention:
            rows.append({"incident": p.id, "kind": "mention", "key": cue.target_mention, "day": None})
        elif cue.target_text and (p.end or day):
            rows.extend({"incident": p.id, "kind": "word", "key": w, "day": p.end or day}
                        for w in sorted(set(_WORD.findall(cue.target_text.lower())) - STOP))
    return rows


def _link_row(link) -> dict:
    return {"source": link.source, "target": link.target, "kind": link.kind, "article": link.article,
            "start": link.evidence.start, "end": link.evidence.end, "evidence": link.evidence.text}


def _evidence_rows(inc: Incident) -> list[dict]:
    rows = []

    def add(field: str, ev, rule: str | None = None) -> None:
        if ev is not None:
            rows.append({"incident": inc.id, "field": field, "article": ev.article, "start": ev.start,
                         "end": ev.end, "text": ev.text, "rule": rule or ev.rule})

    add("date", inc.date.evidence if inc.date else None)
    add("location", inc.location.evidence if inc.location else None)
    add("weapon", inc.weapon_evidence)
    add("casualties", inc.casualties_evidence)
    if inc.perpetrator is not None:
        add("perpetrator", inc.perpetrator.evidence)
    for t in inc.targets:
        add("targets", t.evidence)
    for v in inc.victims:
        add("victims", v.evidence)
    for m in inc.mentions:
        add("type", m.trigger)
    return rows
