"""The shipped data files load, and YAML 1.1 has not turned a word into a boolean
("no", "on", "NO" for Norway all parse as booleans unless quoted)."""

from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "data"
BOOLEAN_FLAGS = {"generic"}   # fields that are meant to be true/false


def _booleans(value, path=""):
    if isinstance(value, bool):
        if path.rsplit("/", 1)[-1] not in BOOLEAN_FLAGS:
            yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, bool):
                yield f"{path}/<key {k}>"
            yield from _booleans(v, f"{path}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _booleans(v, f"{path}[{i}]")


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yaml")), ids=lambda p: p.name)
def test_no_word_became_a_boolean(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(_booleans(data)) == []
