"""Shared fixtures. Tests that need ../shared skip with a message where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the seeds and public benchmarks live beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent")
    return seeds


@pytest.fixture(scope="session")
def benchmarks_dir(shared_dir: Path) -> Path:
    path = shared_dir / "benchmarks"
    if not path.is_dir():
        pytest.skip(f"{path} is absent")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline with our entity ruler (loaded once per session)."""
    from flashpoint.nlp import build_pipeline

    return build_pipeline()
