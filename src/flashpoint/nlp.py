"""Build the spaCy pipeline: the packaged English model, our entity ruler ahead of
its NER, then Flashpoint's extraction components.

The ruler is built from the gazetteer (bases, airports, embassies: ``FAC``/``GPE``)
and the actor registry (``ORG``/``NORP``/``PERSON``), so "Al Asad Airbase" and
"Kataib Hezbollah" come out as one entity with the registry id in ``ent_id_``.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.pipeline import EntityRuler

from .config import Settings
from .errors import ModelMissing


@Language.component("fp_sentences", assigns=["token.is_sent_start"])
def fp_sentences(doc):
    """News lists events after a colon or semicolon ("a series of drone strikes: an
    April 14 attack ...; a May 11 strike ...: Harir airfield"): keep them one sentence."""
    if len(doc) < 2:
        return doc
    stops = np.array([doc.vocab.strings.add(":"), doc.vocab.strings.add(";")], dtype=np.uint64)
    for i in np.flatnonzero(np.isin(doc.to_array(ORTH)[:-1], stops)).tolist():
        doc[i + 1].is_sent_start = False
    return doc


class _EntityRuler(EntityRuler):
    """spaCy's ``EntityRuler``, less its per-Doc count of every pattern (20,000 of them)
    to warn about a ruler with none: it checks only whether any label has one."""

    def _require_patterns(self) -> None:
        if not any(self.token_patterns.values()) and not any(self.phrase_patterns.values()):
            super()._require_patterns()


@Language.factory("fp_entity_ruler", assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
                  default_config={"phrase_matcher_attr": None, "overwrite_ents": False})
def make_entity_ruler(nlp: Language, name: str, phrase_matcher_attr: str | None, overwrite_ents: bool):
    return _EntityRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, overwrite_ents=overwrite_ents)


def ruler_patterns(settings: Settings | None = None) -> tuple[list[dict], list[dict]]:
    """Entity-ruler patterns from the gazetteer and the actor registry, as phrase patterns
    wherever they can be: spaCy's PhraseMatcher costs the same for 20,000 phrases as for
    one, while its token Matcher slows with every pattern (it was 45% of run time).
    Returns (case-insensitive patterns, case-sensitive patterns: "US", "IS", "DRC")."""
    from .resolve.actors import ActorRegistry
    from .resolve.places import ruler_patterns as place_patterns

    lower: list[dict] = []
    exact: list[dict] = []
    for pattern in list(place_patterns()) + list(ActorRegistry.default().ruler_patterns()):
        tokens = pattern["pattern"]
        if isinstance(tokens, list) and tokens and all(set(t) == {"ORTH"} for t in tokens):
            exact.append({**pattern, "pattern": " ".join(t["ORTH"] for t in tokens)})
            continue
        phrases = _phrase_variants(tokens) if isinstance(tokens, list) else None
        if phrases is None:
            lower.append(pattern)
        else:
            lower.extend({**pattern, "pattern": phrase} for phrase in phrases)
    return lower, exact


def _phrase_variants(tokens: list[dict]) -> list[str] | None:
    """The phrases a token pattern stands for, when it uses only LOWER, punctuation ORTH
    and optional ("?") tokens; None when it needs the token matcher."""
    parts: list[list[str]] = []
    for tok in tokens:
        keys = set(tok) - {"OP"}
        if len(keys) != 1 or tok.get("OP") not in (None, "?"):
            return None
        key = keys.pop()
        value = tok[key]
        if key not in ("LOWER", "ORTH") or not isinstance(value, str):
            return None
        if key == "ORTH" and any(ch.isalnum() for ch in value):
            return None                       # "US", "IS": must keep their case
        parts.append([value.lower(), ""] if tok.get("OP") == "?" else [value.lower()])
    phrases = {" ".join(w for w in combo if w) for combo in itertools.product(*parts)}
    return sorted(p for p in phrases if p)


def use_numpy_gemm(nlp: Language) -> None:
    """The pipeline's models multiply matrices with numpy's BLAS instead of the BLIS build
    that thinc bundles: the same products (mentions identical on the throughput corpus and the
    arguments dev set), about three times faster on our CPUs (OpenBLAS, one thread: 36 ms
    against 103 ms for a 20,000 x 288 by 288 x 288 product), a sixth of the pipeline's time.
    The parser's transition loop keeps thinc's own BLAS (compiled code).

    Process-wide, numpy's BLAS is held to one thread from here on: more threads cost more
    CPU time than they save on these small products (4x the wall time per paragraph on a
    busy machine), and the pool engine runs one process per core."""
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    threadpool_limits(limits=1, user_api="blas")


def load_model(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelMissing(name) from exc


def build_pipeline(settings: Settings | None = None, *, extract: bool = True) -> Language:
    """The packaged model + entity ruler (+ extraction components when ``extract``)."""
    from .token_rules import use_token_rules

    settings = settings or Settings()
    nlp = load_model(settings.spacy_model)
    use_numpy_gemm(nlp)
    use_token_rules(nlp)     # the model's attribute rules by lookup: the same Doc, an eighth of spaCy's time saved
    nlp.add_pipe("fp_sentences", before="parser")
    lower, exact = ruler_patterns(settings)
    acronyms = nlp.add_pipe("fp_entity_ruler", name="fp_acronyms", before="ner",
                            config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler = nlp.add_pipe("fp_entity_ruler", name="entity_ruler", before="ner",
                         config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    with nlp.select_pipes(enable=[]):
        acronyms.add_patterns(exact)
        ruler.add_patterns(lower)
    if extract:
        from . import extract as _components  # noqa: F401  registers the factories

        nlp.add_pipe("fp_frames", config={"lexicon_path": str(settings.lexicon_file),
                                          "event_model": settings.event_model,
                                          "detect_threshold": settings.event_detect_threshold,
                                          "type_threshold": settings.event_type_threshold,
                                          "override_threshold": settings.event_override_threshold,
                                          "veto_threshold": settings.event_veto_threshold,
                                          "long_threshold": settings.event_long_threshold})
    return nlp


@functools.lru_cache(maxsize=2)
def shared_pipeline(model: str = Settings.spacy_model):
    """One pipeline per process (workers load it once): the full pipeline behind an
    ``ArticleParser``, which parses only the sentences that may report an event."""
    from .parse import ArticleParser

    settings = Settings(spacy_model=model)
    return ArticleParser(build_pipeline(settings), settings)
