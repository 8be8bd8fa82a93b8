"""Engines map the article-level stages over a corpus.

- ``local`` (default): spaCy's ``nlp.pipe`` in this process, or ``n_process`` workers.
- ``ray``: Ray Data, for corpora that outgrow one machine (``pip install flashpoint[scale]``).
"""

from __future__ import annotations

from ..errors import ConfigError

ENGINES = ("local", "ray")


def get_engine(name: str):
    if name == "local":
        from . import local

        return local
    if name == "ray":
        from . import ray_engine

        return ray_engine
    raise ConfigError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
