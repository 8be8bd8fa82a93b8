"""The member words (titles.yaml ``member_words``): one list read by roles and the matcher."""

from __future__ import annotations

import pytest

from flashpoint.errors import ConfigError
from flashpoint.resolve import actor_words


def test_the_lists_are_read_lowercase_and_whole():
    words = actor_words.member_words()
    assert "guerrillas" in words.after_name and "hitman" in words.titles
    assert "rebels" in words.against_state and "allegiance" in words.tie_nouns and "affiliate" in words.tie_verbs
    for field in ("after_name", "titles", "against_state", "tie_nouns", "tie_verbs"):
        assert all(w == w.lower() for w in getattr(words, field))


def test_a_missing_list_is_a_config_error_naming_it(tmp_path, monkeypatch):
    (tmp_path / "titles.yaml").write_text("member_words:\n  after_name: [fighters]\n", encoding="utf-8")
    monkeypatch.setattr(actor_words, "DATA_DIR", tmp_path)
    actor_words.member_words.cache_clear()
    try:
        with pytest.raises(ConfigError, match="titles"):
            actor_words.member_words()
    finally:
        monkeypatch.undo()
        actor_words.member_words.cache_clear()
    assert actor_words.member_words().titles


def test_group_members_resolve_through_the_shared_words():
    from flashpoint.resolve.actors import ActorRegistry

    registry = ActorRegistry.load()
    for text in ("FARC guerrillas", "PKK militants", "Hezbollah fighters"):
        ref = registry.resolve(text)
        assert ref is not None and ref.type == "armed_group", text
    syrian = registry.resolve("Syrian rebels")
    assert syrian is None or syrian.type != "state"
