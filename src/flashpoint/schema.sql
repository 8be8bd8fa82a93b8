-- Flashpoint store schema (DuckDB). The contract between store.py (writes) and
-- query.py / api.py / web (reads). `doc` columns hold the incident exactly as the
-- JSONL export contract (OUTPUT.md) shapes it, so every reader sees the same thing.

CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR, url VARCHAR, outlet VARCHAR,
    published DATE, published_source VARCHAR,   -- metadata | page | inferred
    published_confidence DOUBLE,
    language VARCHAR, source VARCHAR, content_hash VARCHAR,
    duplicate_of VARCHAR,                        -- near-duplicate of this article id (repost, rewrite)
    text VARCHAR
);

CREATE TABLE IF NOT EXISTS rejects (
    source VARCHAR, reason VARCHAR, detail VARCHAR
);

CREATE TABLE IF NOT EXISTS incidents (
    id VARCHAR PRIMARY KEY,
    type VARCHAR, family VARCHAR,                -- family: attack | protest | riot | strategic | statement ...
    date_start DATE, date_end DATE, date_precision VARCHAR,
    place VARCHAR, country VARCHAR, admin1 VARCHAR,
    lat DOUBLE, lon DOUBLE, location_precision VARCHAR,
    perpetrator VARCHAR, perpetrator_name VARCHAR, perpetrator_status VARCHAR,
    weapon_class VARCHAR,
    killed_min BIGINT, killed_max BIGINT, injured_min BIGINT, injured_max BIGINT,
    sources INTEGER, n_mentions INTEGER,
    summary VARCHAR,                             -- first mention's sentence
    doc JSON                                     -- the OUTPUT.md object
);

CREATE TABLE IF NOT EXISTS mentions (
    id VARCHAR, incident VARCHAR,                -- incident is NULL for non-asserted mentions
    article VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR,
    type VARCHAR, modality VARCHAR,
    doc JSON
);

CREATE TABLE IF NOT EXISTS stances (
    incident VARCHAR, actor VARCHAR, name VARCHAR, stance VARCHAR,
    source_actor VARCHAR, article VARCHAR, start INTEGER, "end" INTEGER, evidence VARCHAR
);

CREATE TABLE IF NOT EXISTS links (                 -- responds_to: source answers target
    source VARCHAR, target VARCHAR, kind VARCHAR,
    article VARCHAR, start INTEGER, "end" INTEGER, evidence VARCHAR
);

CREATE TABLE IF NOT EXISTS evidence (              -- one row per field value of an incident
    incident VARCHAR, field VARCHAR, article VARCHAR,
    start INTEGER, "end" INTEGER, text VARCHAR, rule VARCHAR
);

CREATE TABLE IF NOT EXISTS incident_actors (        -- who is involved, and how
    incident VARCHAR, actor VARCHAR, role VARCHAR  -- perpetrator | target | victim | stance
);

CREATE TABLE IF NOT EXISTS actors (
    id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, country VARCHAR,
    aliases JSON, parents JSON
);

-- Incremental runs (issue 10, 12). Columns added to tables that older databases
-- already hold are added here too, so an old file opens and is rebuilt once.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS state VARCHAR;           -- ingested | extracted | fused
ALTER TABLE articles ADD COLUMN IF NOT EXISTS signature BIGINT[];      -- MinHash values (ingest/dedupe.py)
ALTER TABLE articles ADD COLUMN IF NOT EXISTS lead VARCHAR;            -- first dated asserted mention
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS family VARCHAR;          -- fusion block: family, country
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS country VARCHAR;         -- '?' when the mention names none
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS date_start DATE;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS thin BOOLEAN;            -- not dated to one day (fuse._thin)
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS win_lo DATE;           -- the days its event may lie in (fuse._window)
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS win_hi DATE;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS undated BOOLEAN;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS persons VARCHAR;         -- named person victims, '|a|b|'
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS unanchored BOOLEAN;     -- undated, placed no finer than a region (fuse._unanchored)
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS evidence VARCHAR[];      -- fuse.evidence_keys: how an unanchored one is paired
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS best VARCHAR;            -- a thin mention's one partner
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS best_score DOUBLE;
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS best_dated BOOLEAN;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS created_at TIMESTAMP;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP;
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS split_from VARCHAR;     -- the incident this one split off
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS profile JSON;           -- what responds_to matching reads
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS link_day DATE;          -- its start, or first report when undated

CREATE TABLE IF NOT EXISTS redirects (             -- an id that lives on in another incident
    id VARCHAR PRIMARY KEY, merged_into VARCHAR, run VARCHAR, redirected_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS changes (               -- created | updated | merged | split | deleted
    seq BIGINT, changed_at TIMESTAMP, run VARCHAR, incident VARCHAR, change VARCHAR, other VARCHAR
);

CREATE TABLE IF NOT EXISTS dirty_incidents (       -- incidents whose mentions were replaced; fused next
    incident VARCHAR
);

CREATE TABLE IF NOT EXISTS runs (
    id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR
);

CREATE TABLE IF NOT EXISTS article_bands (         -- near-duplicate index: one key per MinHash LSH band
    article VARCHAR, band INTEGER, "key" BIGINT
);

CREATE TABLE IF NOT EXISTS meta (                  -- versions of the rules stored columns were computed by
    "key" VARCHAR PRIMARY KEY, value VARCHAR
);

CREATE TABLE IF NOT EXISTS link_keys (             -- what finds the incidents a run's links may change
    incident VARCHAR, kind VARCHAR,                -- name: of an attack (a text cue's candidate)
    "key" VARCHAR, day DATE                        -- word: of a text cue; mention: a cue's target
);                                                 -- day: its link_day (name), its end or link_day (word)
