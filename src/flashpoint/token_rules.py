"""The packaged model's attribute rules (tag -> POS and morphology, a few word
exceptions) applied by lookup instead of spaCy's token Matcher.

``AttributeRuler`` runs a Matcher over every token for its 179 patterns, then sets
the attributes match by match: about an eighth of the model's time. Its patterns
are one- or two-token tests of TAG, LOWER, DEP and IS_SPACE, so which patterns
match a token depends only on those four values (and, for the two-token ones, on
its neighbour's): that answer is memoised, and the same attributes are set in the
same order (pattern order, later patterns win) with spaCy's own ``set_token_attrs``.
The result is the same Doc (tests/test_token_rules.py compares the two).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

try:                                  # spaCy's own setter, so attributes are set exactly as the ruler sets them
    from spacy.pipeline.attributeruler import set_token_attrs
except ImportError:                   # pragma: no cover  (older spaCy keeps it in util)
    from spacy.util import set_token_attrs  # type: ignore

_FEATURES = ("TAG", "LOWER", "DEP", "IS_SPACE")


def _value(tok: Token, attr: str):
    return {"TAG": tok.tag_, "LOWER": tok.lower_, "DEP": tok.dep_, "IS_SPACE": tok.is_space}[attr]


def _test(spec, value) -> bool:
    """One pattern predicate, as the Matcher reads it."""
    if not isinstance(spec, dict):
        return value == spec
    for op, arg in spec.items():
        if op == "IN" and value not in arg:
            return False
        if op == "NOT_IN" and value in arg:
            return False
        if op == "REGEX" and not re.search(arg, value):
            return False
        if op not in ("IN", "NOT_IN", "REGEX"):
            raise ValueError(f"unsupported attribute-rule operator {op}")
    return True


def _matches(token_pattern: dict, features: tuple) -> bool:
    return all(_test(spec, features[_FEATURES.index(attr)]) for attr, spec in token_pattern.items())


class TokenRules:
    """Drop-in for the model's ``attribute_ruler``: ``TokenRules(nlp.get_pipe("attribute_ruler"))``."""

    def __init__(self, ruler):
        self.single: list[tuple[int, dict, dict]] = []            # (order, token test, attrs)
        self.double: list[tuple[int, list[dict], int, dict]] = []  # (order, two token tests, target, attrs)
        for order, (p, attrs) in enumerate(zip(ruler.patterns, ruler.attrs)):   # attrs as the ruler normalised them
            for tokens in p["patterns"]:
                if any(set(tok) - set(_FEATURES) for tok in tokens) or len(tokens) not in (1, 2):
                    raise ValueError(f"unsupported attribute-rule pattern {tokens}")
                if len(tokens) == 1:
                    self.single.append((order, tokens[0], attrs))
                else:
                    self.double.append((order, tokens, p["index"] % 2, attrs))
        self._memo: dict[tuple, tuple[list, list]] = {}

    def _hits(self, features: tuple) -> tuple[list[tuple[int, dict]], list]:
        """(the one-token rules that match, the two-token rules whose first token matches)."""
        hits = self._memo.get(features)
        if hits is None:
            hits = self._memo[features] = (
                [(o, attrs) for o, test, attrs in self.single if _matches(test, features)],
                [d for d in self.double if _matches(d[1][0], features)])
        return hits

    def __call__(self, doc: Doc) -> Doc:
        features = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        hits = [self._hits(f) for f in features]
        todo = [single for single, _ in hits]
        for i, (_, doubles) in enumerate(hits):
            for order, (_, second), target, attrs in doubles:
                if i + 1 < len(doc) and _matches(second, features[i + 1]):
                    todo[i + target] = sorted(todo[i + target] + [(order, attrs)], key=lambda x: x[0])
        for tok, rules in zip(doc, todo):
            for _, attrs in rules:
                set_token_attrs(tok, attrs)
        return doc


@Language.factory("fp_token_rules", assigns=["token.pos", "token.morph", "token.lemma"])
def make_token_rules(nlp: Language, name: str):
    """Built from the ``attribute_ruler`` already in ``nlp`` (see ``use_token_rules``)."""
    return TokenRules(nlp.get_pipe("attribute_ruler"))


def use_token_rules(nlp: Language) -> None:
    """Put ``TokenRules`` in the model's ``attribute_ruler``'s place."""
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe("fp_token_rules", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
