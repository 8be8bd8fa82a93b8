"""Words for a group's people and their ties to it (data/titles.yaml ``member_words``).

    words = member_words()
    "militants" in words.after_name      # "PKK militants" stands for the PKK

One reading of one list for the extractor's roles (``extract.roles``, ``extract.mentions``)
and the actor matcher (``resolve.actor_match``), so the two never disagree on who a
group's members are. ``state_body_words`` reads the words of a state body's name for the
geocoder ("US Federal Reserve", "Mexican Senate") from the same file: the ``named_groups``
words of government, state forces and police, and its own ``state_body_words``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import yaml

from ..errors import ConfigError
from .actor_files import DATA_DIR, _Loader


@dataclass(frozen=True)
class MemberWords:
    after_name: frozenset[str]       # "FARC guerrillas"
    titles: frozenset[str]           # "Hamas militant X"
    against_state: frozenset[str]    # "Syrian rebels" are not Syria
    tie_nouns: frozenset[str]        # "ties to X"
    tie_verbs: frozenset[str]        # "affiliated with X" (lemmas)


@functools.lru_cache(maxsize=1)
def member_words() -> MemberWords:
    path = DATA_DIR / "titles.yaml"
    section = (yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}).get("member_words") or {}
    missing = [f for f in MemberWords.__dataclass_fields__ if not section.get(f)]
    if missing:
        raise ConfigError(f"{path}: member_words lacks {missing}; each is a list of lowercase words")
    return MemberWords(**{f: frozenset(str(w).lower() for w in section[f]) for f in MemberWords.__dataclass_fields__})


# The named_groups kinds whose words also name a state's bodies ("Mexican Army", "UK Home Office").
STATE_BODY_GROUPS = ("government", "state_forces", "police")


@functools.lru_cache(maxsize=1)
def state_body_words() -> frozenset[str]:
    """Words of a state body's name: titles.yaml ``named_groups`` words of ``STATE_BODY_GROUPS``
    and ``state_body_words`` (treasury, senate, court ... which name no armed or ruling group)."""
    path = DATA_DIR / "titles.yaml"
    titles = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    groups = titles.get("named_groups") or {}
    missing = [k for k in STATE_BODY_GROUPS if not groups.get(k)]
    if missing or not titles.get("state_body_words"):
        raise ConfigError(f"{path}: named_groups lacks {missing} or state_body_words is empty; each is a list of words")
    words = [w for k in STATE_BODY_GROUPS for w in groups[k]] + list(titles["state_body_words"])
    return frozenset(str(w).lower() for w in words)
