"""Where an event happened: every place named in its passage, and how each is tied to it.

The passage is the event's sentence, the sentences either side and the headline (the
article's first line). In the sentence a place can be the event's:

    site            a curated site named anywhere            "rockets hit Ain al-Asad"
    locative        object of in/at/near/outside ...         "a checkpoint in Mazar-e Sharif"
    of_phrase       object of "of" on another noun           "a crowded market of Kano"
    possessive      owner of a facility, or a town's "'s"    "Peshawar University's main campus"
    facility_city   the town inside a facility's name        "stormed the University of Peshawar"
    capital_of      "the <demonym> capital", "the capital"   "the Somali capital" -> Mogadishu
    object          object of the event verb                 "shelling hit Kharkiv"
    modifier        a town naming the event noun             "the Birmingham pub bombing"
    facility_town   a town naming a facility                 "gunmen entered the Paris offices"
    demonym         a demonym on a place noun (country)      "an Afghan village"

A sentence's own place wins; a neighbour sentence that tells no event of its own, or the
headline (for the lead), supplies one only when the sentence has none finer than a country
or region, and then inside it. Last, in a brief, comes the home country of a state actor
that reports the event ("the Burkinabe army said"), a prior any named place overrules; and
after it the country the whole brief points to (its places, demonyms and actors' home
countries: ``MentionBuilder.country_hint``), at country precision; so too for an event of a
longer article's lead. A
name read in one country that the text puts inside a town of another ("the Green Zone in
Kabul") gives way to that town; a lake or sea of several countries takes the country the
sentence names ("Lake Chad ... Chadian soldiers"). A place inside another happening that
'after' / 'before' sets at another time ("the strike came hours after crowds in Kerman
attended the funeral") is that happening's, never the event's. A small town or fuzzy match
read in a country none of the article's other place names points to, while they point to
another, is a namesake abroad ("in Mile, a village of Kaduna": Mile, Ethiopia): it gives way
to the same name in that other country, or to that country itself when it lies far from it
("place.namesake_abroad ET -> NG"). Each reading says why in its evidence rule ("place.possessive",
"place.neighbour_sentence", "place.capital_of"); how its place was reached, for the rules that
weigh it, is the Place's ``basis`` (a fuzzy match, the reporting actor's or the article's country).
"""

from __future__ import annotations

import bisect
from typing import Callable, Iterable

from spacy.tokens import Doc, Span

from ...records import Place
from .hanging import Hanging
from .overrides import Overrides, _refines
from .readings import Readings, Resolver, _headline
from .vocabulary import (BRIEF_SENTENCES, CASE_SAMPLE_CHARS, LEAD_SENTENCES, SCOPE_RANK, STATE_ACTOR_TYPES, STRONG,
                         place_words)


class EventPlaceFinder(Overrides, Readings, Hanging):
    """Reads the places of one parsed article for its events."""

    def __init__(self, doc: Doc, resolve: Resolver, *, locative_preps: frozenset[str],
                 locative_of_heads: frozenset[str], actor_country: Callable[[Span], "str | None"],
                 country_hint: str | None = None, event_types: Callable[[Span], "set[str]"] = lambda s: set(),
                 event_tokens: Callable[[Span], "set[int]"] = lambda s: set(),
                 name_votes: "dict[str, tuple[str, float]] | None" = None,
                 group_country: Callable[[Span], "str | None"] = lambda s: None):
        self.doc, self.resolve, self.hint = doc, resolve, country_hint
        self.group_country = group_country      # an armed group's home country ("the Taliban": AF)
        # each place name's country as ``MentionBuilder._dominant_country`` read it for the article
        self.name_votes = dict(name_votes or {})
        self.placed = {iso for iso, _ in self.name_votes.values()}     # the countries its place names point to
        self.locative_preps, self.locative_of_heads = locative_preps, locative_of_heads
        self.actor_country, self.event_types, self.event_tokens = actor_country, event_types, event_tokens
        self.words = place_words()
        text = doc.text            # spaCy joins every token on each access: once here
        # spaCy rebuilds every entity of the Doc on each access (``Span.ents`` too): read once
        self.ents = doc.ents
        self._ent_starts = [e.start for e in self.ents]
        self.headline = _headline(doc, text)
        # the headline speaks of the lead: the first LEAD_SENTENCES sentences after it
        sents = [s for s in doc.sents if self.headline is None or s.end > self.headline.end]
        self.lead_end = sents[min(len(sents), LEAD_SENTENCES) - 1].end if sents else 0
        self.brief = len(sents) <= BRIEF_SENTENCES
        self.cased = any(ch.isupper() for ch in text[:CASE_SAMPLE_CHARS])

    def ents_in(self, span: Span) -> list[Span]:
        """``span.ents`` (the entities wholly inside it) from the entities read once."""
        out = []
        for ent in self.ents[bisect.bisect_left(self._ent_starts, span.start):]:
            if ent.end > span.end:
                break
            out.append(ent)
        return out

    @classmethod
    def of(cls, builder) -> "EventPlaceFinder":
        """The finder of a MentionBuilder's article (made once, kept on the builder)."""
        finder = builder.__dict__.get("_event_place_finder")
        if finder is None:
            registry = builder.registry

            def actor_country(span: Span) -> str | None:
                actor = registry.actors.get(span.ent_id_) if span.ent_id_ else None
                if actor is None or actor.get("type") not in STATE_ACTOR_TYPES:
                    return None
                return actor.get("country")

            def group_country(span: Span) -> str | None:
                actor = registry.actors.get(span.ent_id_) if span.ent_id_ else None
                return actor.get("country") if actor is not None and actor.get("type") == "armed_group" else None

            finder = builder.__dict__["_event_place_finder"] = cls(
                builder.doc, builder._place, locative_preps=builder.lexicon.locative_preps,
                locative_of_heads=builder.lexicon.locative_of_heads, actor_country=actor_country,
                country_hint=builder.country_hint,
                event_types=lambda sent: {f.type for f in builder.frames if f.sent == sent},
                event_tokens=lambda sent: {i for f in builder.frames if f.sent == sent for i in f.tokens},
                name_votes=getattr(builder, "name_votes", None), group_country=group_country)
        return finder

    # -- choosing ------------------------------------------------------------
    def choose(self, sent: Span, trigger: int, own: Iterable[Span] = (), others: Iterable[Span] = ()) -> \
            tuple[Place, str] | None:
        """The event's place and the evidence rule that says why; None if the passage names none.
        ``own`` are the place spans the frame holds; ``others`` those of other events in the
        sentence, which are never this event's."""
        taken = [(s.start, s.end) for s in others]
        readings = self.sentence_readings(sent, trigger, own, taken)
        if not self.cased:
            # lower-cased text (old wire copy) shows no names: only the frame's own places, and
            # only where they are attached to the event, as a site or after in/at/near
            kept = [r for r in readings if r.order <= len(list(own)) and (
                r.relation == "site" or (r.relation == "locative" and r.preposition in self.locative_preps))]
            best = max(kept, key=lambda r: r.rank, default=None)
            return (best.place, best.rule(len(readings))) if best is not None else None
        strong = [r for r in readings if r.relation in STRONG]
        if not strong:
            capital = self.bare_capital(sent, trigger)
            strong = [capital] if capital is not None else []
        best = max(strong, key=lambda r: r.rank, default=None)
        best = self._namesake_beside_town(best, strong)
        best = self._inside_other_country(best, strong)
        best = self._anchor_abroad(best, strong)
        best = self._country_of_its_noun(best)
        if best is None or best.place.precision in ("country", "region"):
            passage = self.passage_readings(sent)
            finer = [r for r in passage if _refines(r.place, best.place if best else None)]
            finer = [r for r in finer if r.relation in STRONG or r.relation == "headline"]
            if finer:
                best = max(finer, key=lambda r: (SCOPE_RANK[r.scope], r.rank))
        if best is None:
            weak = [r for r in readings if r.relation == "demonym"] + \
                   [r for r in passage if r.place.precision == "country"]
            best = max(weak, key=lambda r: (SCOPE_RANK[r.scope], r.rank), default=None)
        if best is None and self.brief:
            best = self._actor_prior(sent) or self._article_country(sent)
        elif best is None and sent.end <= self.lead_end:
            best = self._article_country(sent)      # a longer article's lead tells its main event
        if best is None:
            return None
        abroad_rule = self._namesake_abroad(best)
        if abroad_rule is not None:
            place, why = abroad_rule
            return place, best.rule(len(readings)) + why
        if best.place.country is None:                  # a sea or lake of several countries
            iso = self._sentence_country(sent)
            if iso:
                return best.place.replace(country=iso), best.rule(len(readings)) + f"; country {iso} from the sentence"
        return best.place, best.rule(len(readings))
