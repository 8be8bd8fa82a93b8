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
"place.neighbour_sentence", "place.capital_of").
"""

from __future__ import annotations

import bisect
import calendar
import functools
from dataclasses import dataclass
from typing import Callable, Iterable

import yaml
from spacy.tokens import Doc, Span

from ..config import DATA_DIR
from ..records import Place
from ..resolve.gazetteer import Gazetteer, distance_km
from ..resolve.places import capital_of, country_of, geocode

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Tagged as something else but standing where a place stands ("a market of Kano" as PERSON,
# "near Gwadar" as PRODUCT): kept when the gazetteer knows the name.
MISLABELLED = frozenset({"PERSON", "PRODUCT", "ORG", "NORP", "WORK_OF_ART", "EVENT", "LANGUAGE", "UNTAGGED"})   # NORP: "an Auckland supermarket"
RELATION_RANK = {"site": 8, "locative": 7, "possessive": 6, "facility_city": 6, "of_phrase": 6, "capital_of": 6,
                 "facility_town": 5, "object": 5, "modifier": 5, "headline": 3, "demonym": 2, "actor_country": 1,
                 "article_country": 0}
STRONG = frozenset(r for r, rank in RELATION_RANK.items() if rank >= RELATION_RANK["object"])
PRECISION_RANK = {"site": 4, "city": 3, "region": 2, "country": 1}
SCOPE_RANK = {"sentence": 2, "neighbour_sentence": 1, "headline": 0}
ORIGIN_PREPS = frozenset({"from"})
BARE_PREPS = frozenset({"near", "outside"})
# a town after these is an anchor the event lies away from ("east of Jerusalem", "14 miles from Jerusalem")
RELATIVE_PREPS = frozenset({"near", "from", "outside", "outside of", "east of", "west of", "north of", "south of",
                            "northeast of", "northwest of", "southeast of", "southwest of", "north-east of",
                            "north-west of", "south-east of", "south-west of"})     # right before a name: a place, however it is parsed
# "<name>, a neighbourhood of <town>", "<name> district of <town>": the town holds the name ("a
# village of Kaduna" names the state, which the namesake rule reads at country precision)
CONTAINING_NOUNS = frozenset({"neighbourhood", "neighborhood", "district", "suburb", "suburbs", "quarter", "area",
                              "part", "outskirts", "heart", "centre", "center"})
# verbs of going into a place: their object is where the sentence's event happened
ENTRY_VERBS = frozenset({"enter", "storm", "invade", "infiltrate", "overrun", "raid"})
PROJECTILE_WORDS = frozenset({"rocket", "rockets", "missile", "missiles", "mortar", "mortars", "drone", "drones",
                              "artillery", "shell", "shells", "air", "cross-border", "border"})
DISTANCE_WORDS = frozenset({"km", "kilometers", "kilometres", "miles", "mi", "away", "located", "situated"})  # "30 km from X"
STATE_ACTOR_TYPES = frozenset({"military", "police", "government"})
REPORTING_VERBS = frozenset({"say", "report", "announce", "confirm", "state", "tell", "add"})
SPEAKING_VERBS = REPORTING_VERBS | {"deny", "warn", "demand", "urge", "call", "vow", "accuse", "blame", "threaten",
                                    "claim", "insist", "reject", "condemn", "want", "seek"}
_CALENDAR_WORDS = frozenset(w.lower() for w in (*calendar.month_name, *calendar.month_abbr, *calendar.day_name,
                                                 *calendar.day_abbr, "Christmas", "Easter", "Ramadan", "Eid") if w)
HEADLINE_MAX_CHARS = 160
LEAD_SENTENCES = 2
CASE_SAMPLE_CHARS = 2000      # a text with no capital letter here is lower-cased throughout
BRIEF_SENTENCES = 3       # a wire brief: its headline's country is where it happened
# a town under this, read in a country nothing else in the article points to, is taken for a namesake
NAMESAKE_ABROAD_POPULATION = 100_000
# ... and gives way to the country the article points to only when it lies this far from its centre
# (Mile, Ethiopia in a text on Kaduna, Nigeria): nearer, it may be a town across the border
NAMESAKE_ABROAD_MIN_KM = 1000.0
MISLABELLED_MIN_POPULATION = 10000   # a town that big, tagged PERSON or ORG, is still read as a place
# where it stands as a place: after in/at/of, owning a place noun, the event verb's object, or
# naming the event ("the 2014 Dijon attack", Dijon tagged PERSON)
MISLABELLED_RELATIONS = frozenset({"locative", "of_phrase", "possessive", "object", "modifier"})


@dataclass(frozen=True, slots=True)
class PlaceWords:
    facility_heads: frozenset[str]
    name_particles: frozenset[str]
    capital_nouns: frozenset[str]
    place_nouns: frozenset[str]
    reporting_nouns: frozenset[str]
    locative_preps: frozenset[str]
    time_links: frozenset[str]
    abroad_nouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    path = DATA_DIR / "place_words.yaml"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; restore src/flashpoint/data/place_words.yaml from the repository")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PlaceWords(*(frozenset(str(w).lower() for w in data[k])
                        for k in ("facility_heads", "name_particles", "capital_nouns", "place_nouns",
                                  "reporting_nouns", "locative_preps", "time_links", "abroad_nouns")))


def abroad(ent: Span) -> bool:
    """Does this country name or demonym speak of something outside that country: its mission
    or its people abroad ("the Indian consulate", "five Togolese peacekeepers"), or the border
    beyond which it lies ("near the Mali border", "the border with Syria", "the border between
    Turkey and Syria")? Such a name is no vote for where an article happened."""
    nouns = place_words().abroad_nouns
    root = ent.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head             # "the Pakistani, Indian and Iranian consulates": each of them
    if root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.lower_ in nouns:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("with", "between") and root.head.head.lower_ in nouns


@dataclass(frozen=True, slots=True)
class PlaceReading:
    """A place in the passage, how it is tied to the event, and where it stands."""

    place: Place
    relation: str             # a RELATION_RANK key
    scope: str                # sentence | neighbour_sentence | headline
    order: int = 0            # the frame's own places first, in the order the frame holds them
    preposition: str | None = None
    span: tuple[int, int] | None = None    # token offsets in the sentence's doc

    @property
    def rank(self) -> tuple:
        return (PRECISION_RANK.get(self.place.precision, 0), RELATION_RANK[self.relation], -self.order)

    def rule(self, among: int) -> str:
        how = f"place.{self.relation}" + (f" '{self.preposition}'" if self.preposition else "")
        where = "" if self.scope in ("sentence", self.relation) else f"; place.{self.scope}"
        return f"{how}{where}; {among} place reading(s) in the passage"


Resolver = Callable[[Span], "Place | None"]


class EventPlaceFinder:
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

    def _namesake_abroad(self, best: PlaceReading) -> tuple[Place, str] | None:
        """"a market in Mile, a village of Kaduna": a reading that is likely only a namesake (a
        fuzzy match, or a town under NAMESAKE_ABROAD_POPULATION that is not curated: Mile,
        Ethiopia) in a country that none of the article's other place names points to, while
        they do point elsewhere, gives way to the same name read in the country they point to
        (most names first); failing that, to the country they point to most, at country
        precision, when the namesake lies NAMESAKE_ABROAD_MIN_KM or more from it. With no other
        place named, the home countries of the armed groups named vote instead ("the Taliban
        ... in Sharan": Sharan, Afghanistan, not Russia), for the same name there only: a
        group often strikes abroad, so its home is never taken at country precision. Names that only
        modify a noun ("a US drone strike"), say where something came from, or speak of a country
        abroad cast no vote. Returns the place and what the rule adds ("place.namesake_abroad ET
        -> NG"), or None when the reading stands."""
        place = best.place
        if place.country is None or place.precision not in ("city", "region") or not place.text \
                or best.relation in ("actor_country", "article_country", "demonym"):
            return None
        if not _namesake_only(place):
            return None
        votes: dict[str, float] = {}
        gazetteer = Gazetteer.default()
        for ent in self.ents:          # the article's other place names, as they were read for its country
            root = ent.root
            if ent.label_ not in PLACE_LABELS or ent.text == place.text or ent.text not in self.name_votes \
                    or not ent.text[:1].isupper() or abroad(ent) or root.dep_ in ("compound", "amod") \
                    or (root.dep_ == "pobj" and root.head.lower_ in ORIGIN_PREPS):
                continue          # not where a rocket came from ("launched from the Jabaliya area"), nor a
                # name that only modifies a noun ("a US drone strike", "the Japan Karaoke restaurant"), nor "man."
            before = self.doc[ent.start - 1] if ent.start > ent.sent.start else None
            if before is not None and before.is_title and before.pos_ == "PROPN":
                continue          # a piece of a longer name the tagger split ("Puerto" + "Jordan")
            iso = self.name_votes[ent.text][0]
            votes[iso] = votes.get(iso, 0.0) + 1.0
        by_groups = not votes
        if by_groups:          # no other place named: the armed groups' home ("the Taliban ... Sharan")
            for ent in self.ents:
                iso = self.group_country(ent) if ent.ent_id_ else None
                if iso:
                    votes[iso] = votes.get(iso, 0.0) + 1.0
        if not votes or place.country in votes:
            return None
        ranked = sorted(votes, key=lambda c: -votes[c])
        named = {e.id for e in gazetteer.lookup(place.text)}
        for iso in ranked:
            other = geocode(place.text, country_hint=iso)     # the same name there, not a fuzzy match
            if other is not None and other.country == iso and other.place_id in named:
                return other.replace(text=place.text, evidence=place.evidence), \
                    f"; place.namesake_abroad {place.country} -> {iso}: the rest of the article points to {iso}"
        top = ranked[0]
        if by_groups or (len(ranked) > 1 and votes[ranked[1]] >= votes[top]):
            return None                   # two countries equally likely: nothing to choose
        country = geocode(top)
        if country is None or country.precision != "country" or place.lat is None or country.lat is None \
                or distance_km(place.lat, place.lon, country.lat, country.lon) < NAMESAKE_ABROAD_MIN_KM:
            return None          # a town near that country may well be where it happened (across a border)
        return country.replace(text=place.text, evidence=place.evidence), \
            f"; place.namesake_abroad {place.country} -> {top}: a namesake, the rest of the article points to {top}"

    def _sentence_country(self, sent: Span) -> str | None:
        """The one country the sentence's demonyms and country names point to ("the Lake Chad
        island of Kaiga ... 23 Chadian soldiers"), else the article's."""
        found = {country_of(e.text) for e in self.ents_in(sent) if e.label_ in ("NORP", "GPE")} - {None}
        return found.pop() if len(found) == 1 else self.hint

    def _inside_other_country(self, best: PlaceReading | None, strong: list[PlaceReading]) -> PlaceReading | None:
        """"the Green Zone in Kabul": a name read in one country that the text puts inside a
        place of another (its 'in'/'at' phrase) is a namesake; the container wins."""
        if best is None or best.span is None or not best.place.country:
            return best
        for r in strong:
            if r is best or r.span is None or not r.place.country or r.place.country == best.place.country:
                continue
            prep = self.doc[r.span[0]:r.span[1]].root.head
            part = (r.preposition or "").endswith(" of") and r.preposition[:-3] in CONTAINING_NOUNS
            if not (r.preposition in ("in", "at") and prep.lower_ == r.preposition or part and prep.lower_ == "of"):
                continue
            named = self.doc[best.span[0]:best.span[1]].root
            # "the Green Zone in Kabul"; "the Hilton hotel in Cartagena" (the name on the noun 'in' hangs
            # from); "Al-Mansoura district of Aden"; "Sha'ab, a neighbourhood of Baghdad" (set beside the name)
            owner = named.head.i if named.dep_ in ("compound", "poss") and named.head.i >= best.span[1] else None
            beside = part and prep.head.dep_ == "appos" and best.span[0] <= prep.head.head.i < best.span[1]
            if best.span[0] <= prep.head.i < best.span[1] or prep.head.i == owner or beside:
                return r
        return best

    def _namesake_beside_town(self, best: PlaceReading | None, strong: list[PlaceReading]) -> PlaceReading | None:
        """"at Balili mosque in Sana'a": a small town or fuzzy match (``_namesake_only``) read in
        one country gives way to a town of another country that is no namesake (a big or
        curated one) which the same sentence puts the event 'in' or 'at'."""
        if best is None or not best.place.country or best.place.precision != "city" or not _namesake_only(best.place):
            return best
        towns = [r for r in strong if r is not best and r.preposition in ("in", "at") and r.place.country
                 and r.place.country != best.place.country and r.place.precision in ("city", "site")
                 and not _namesake_only(r.place)]
        return max(towns, key=lambda r: r.rank, default=best)

    def _country_of_its_noun(self, best: PlaceReading | None) -> PlaceReading | None:
        """"the Malian town of Lere", "the West Bank settlement of Ariel": a name read in one
        country that the text calls a place of another (a demonym, a country or a region on the
        place noun it names) is read in that country: the same name there, else that region,
        else that country."""
        if best is None or best.span is None or not best.place.country or best.place.precision not in ("city", "region"):
            return best
        root = self.doc[best.span[0]:best.span[1]].root
        if root.dep_ == "pobj" and root.head.lower_ == "of":
            noun = root.head.head
        elif root.dep_ in ("appos", "compound") and root.head.i >= best.span[1]:
            noun = root.head
        else:
            return best
        if noun.lower_ not in self.words.place_nouns:
            return best
        for child in noun.children:
            if child.dep_ not in ("amod", "compound", "nmod") or child.ent_type_ not in ("NORP", "GPE", "LOC"):
                continue
            ent = next((e for e in self.ents if e.start <= child.i < e.end), None)
            if ent is None:
                continue
            iso = _nation_of(ent.text) if child.ent_type_ == "NORP" else country_of(ent.text)
            area = None
            if child.ent_type_ == "NORP" and iso is None:
                continue          # "the Kurdish city of Qamishli": a people of several countries
            if iso is None:
                area = self.resolve(ent)
                if area is None or area.precision not in ("region", "country"):
                    continue
                iso = area.country
            if not iso or iso == best.place.country:
                return best
            named = {e.id for e in Gazetteer.default().lookup(best.place.text or "")}
            other = geocode(best.place.text, country_hint=iso) if best.place.text else None
            if other is not None and other.country == iso and other.place_id in named:
                place = other.replace(text=best.place.text, evidence=best.place.evidence)
            else:
                place = area or geocode(iso)
                if place is None:
                    return best
                place = place.replace(text=best.place.text, evidence=best.place.evidence)
            return PlaceReading(place, best.relation, best.scope, best.order, best.preposition, best.span)
        return best

    def _anchor_abroad(self, best: PlaceReading | None, strong: list[PlaceReading]) -> PlaceReading | None:
        """"near Ma'ale Adumim, east of Jerusalem, in the West Bank": a town that only anchors a
        relative phrase ('east of', 'near', '14 miles from') gives way to a country or a province of
        another country that the sentence puts the event 'in'."""
        if best is None or not best.place.country or best.preposition not in RELATIVE_PREPS:
            return best
        inside = [r for r in strong if r.preposition == "in" and r.place.country not in (None, best.place.country)
                  and (r.place.precision == "country" or (r.place.precision == "region" and r.place.admin1 == r.place.name))]
        return max(inside, key=lambda r: r.rank, default=best)

    def _article_country(self, sent: Span) -> PlaceReading | None:
        """A brief that places its event nowhere we know ("in the village of Tal Maghaz") is
        still set in the country its names, demonyms and actors point to (the mention's
        ``country_hint``): the country, at country precision, the last resort. Not when the
        sentence names that country only as where the attack came from ("rockets fired from
        southern Lebanon")."""
        place = geocode(self.hint) if self.hint else None
        if place is None or place.precision != "country":
            return None
        for ent in self.ents_in(sent):
            if ent.label_ in PLACE_LABELS and ent.root.dep_ == "pobj" and ent.root.head.lower_ in ORIGIN_PREPS:
                origin = self.resolve(ent)
                if origin is not None and origin.country == self.hint:
                    return None
        return PlaceReading(place.replace(text=None), "article_country", "sentence")

    def _actor_prior(self, sent: Span) -> PlaceReading | None:
        """"..., the Burkinabe army said": in a brief, a national army, police or ministry that
        reports an event is taken to report one at home (an actor that does the attacking is
        not). A long article's many reports leave it to the article's country instead."""
        for ent in self.ents_in(sent):
            if ent.label_ not in ("ORG", "NORP", "GPE"):
                continue
            root = ent.root
            if ent.label_ in ("GPE", "NORP") and root.dep_ in ("poss", "amod", "compound") \
                    and root.head.lower_ in self.words.reporting_nouns:
                root = root.head          # "Mozambique's police said", "Ecuadorian officials said"
            reports = root.dep_ == "nsubj" and root.head.lemma_.lower() in REPORTING_VERBS
            according = root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"
            if not (reports or according):
                continue
            before = self.doc[ent.start - 1] if ent.start > sent.start else None
            joined = country_of(f"{before.text} {ent[0].text}") if before is not None and before.is_title else None
            # "South" + "Sudan's army" (the tagger split the name): South Sudan, not Sudan's army's country
            iso = joined or self.actor_country(ent) or (country_of(ent.text) if root is not ent.root else None)
            split = joined and self.hint == (self.actor_country(ent) or country_of(ent.text))
            if iso and (self.hint in (None, iso) or split):   # the article's places point elsewhere: not at home
                # (unless the hint is only the split name's: "South" + "Sudan's army" hinted Sudan)
                place = geocode(iso)
                if place is not None:
                    return PlaceReading(place.replace(text=ent.text), "actor_country", "sentence")
        return None

    # -- readings ------------------------------------------------------------
    def sentence_readings(self, sent: Span, trigger: int, own: Iterable[Span] = (),
                          taken: list[tuple[int, int]] = ()) -> list[PlaceReading]:
        out: list[PlaceReading] = []
        seen: set[tuple[int, int]] = set()
        ents = self.ents_in(sent)
        spans = list(own) + [e for e in ents if (e.label_ in PLACE_LABELS or e.label_ in MISLABELLED)] \
            + [_as_untagged(e) for e in ents if _name_tagged_date(e)] + self.untagged_names(sent) \
            + self.names_in_event_names(ents, trigger)
        for span in spans:
            if (span.start, span.end) in seen or any(s <= span.start < e for s, e in taken):
                continue
            seen.add((span.start, span.end))
            if self.at_another_time(span, trigger):
                continue
            for reading in self._read(span, "sentence", trigger):
                out.append(PlaceReading(reading.place, reading.relation, reading.scope, len(seen), reading.preposition,
                                        (span.start, span.end)))
        return out

    def untagged_names(self, sent: Span) -> list[Span]:
        """Runs of capitalised proper nouns the tagger left out ("an ambush near Damboa"),
        kept when the gazetteer knows them as a town of some size, a curated place or a
        division; they are read only where a place can stand (see ``_read``)."""
        out, i = [], sent.start
        while i < sent.end:
            tok = self.doc[i]
            # a name starts on a capitalised proper noun or foreign word ("Sana'a" as X), or mid-sentence
            # on a capitalised word the tagger took for an adjective or noun ("the Deir ez-Zor desert")
            if tok.ent_type_ or not tok.text[:1].isupper() or not (
                    tok.pos_ in ("PROPN", "X") or (tok.pos_ in ("ADJ", "NOUN") and i > sent.start)):
                i += 1
                continue
            j = i + 1
            while j < sent.end and not self.doc[j].ent_type_ and (
                    (self.doc[j].pos_ == "PROPN" and self.doc[j].text[:1].isupper()) or self._joins_name(j, sent)):
                j += 1
            while j > i + 1 and not self.doc[j - 1].text[:1].isupper():
                j -= 1                                 # a run ends on a name word, not a particle
            span = Span(self.doc, i, j, label="UNTAGGED")
            if self._known(span, MISLABELLED_MIN_POPULATION):
                out.append(span)
            i = j
        return out

    def names_in_event_names(self, ents: list[Span], trigger: int) -> list[Span]:
        """A name the tagger ran into the event's own name ("May 2005 Yangon Bombings" as PERSON,
        "Battle of Mosul" as WORK_OF_ART, "London City Airport" is not one): the runs of
        capitalised words in an entity that holds the trigger, other than the trigger, kept when
        the gazetteer knows them as a town of some size, a curated place or a division."""
        out = []
        start = trigger
        while start > self.doc[trigger].sent.start and self.doc[start - 1].text[:1].isupper() \
                and self.doc[start - 1].is_alpha and not self.doc[start - 1].ent_type_:
            start -= 1        # an untagged run ending on a capitalised trigger ("Peshawar Bombings")
        run_to_trigger = [Span(self.doc, start, trigger + 1)] if self.doc[trigger].text[:1].isupper() else []
        for ent in [*ents, *run_to_trigger]:
            if not ent.start <= trigger < ent.end or len(ent) < 2:
                continue
            i = ent.start
            while i < ent.end:
                j = i
                while j < ent.end and j != trigger and self.doc[j].text[:1].isupper() and self.doc[j].is_alpha \
                        and self.doc[j].lower_ not in _CALENDAR_WORDS:
                    j += 1
                if j > i:
                    run = Span(self.doc, i, j, label="UNTAGGED")
                    if self._known(run, MISLABELLED_MIN_POPULATION):
                        out.append(run)
                i = j + 1
        return out

    def _joins_name(self, j: int, sent: Span) -> bool:
        """A hyphen or particle between two name words ("Pul-e Alam", "Mazar-i-Sharif")."""
        tok = self.doc[j]
        nxt = self.doc[j + 1] if j + 1 < sent.end else None
        return nxt is not None and (tok.text in ("-", "\u2011") or tok.lower_ in self.words.name_particles) \
            and (nxt.text[:1].isupper() or nxt.text in ("-", "\u2011") or nxt.lower_ in self.words.name_particles)

    def passage_readings(self, sent: Span) -> list[PlaceReading]:
        """Readings of the sentence before (if it tells no event), the sentence after (if it
        tells none of another kind) and the headline."""
        out: list[PlaceReading] = []
        doc = sent.doc
        own = self.event_types(sent)
        neighbours = []
        if sent.start > 0:       # an event before it: the mention continues that report (MentionBuilder)
            neighbours.append((doc[sent.start - 1].sent, set()))
        if sent.end < len(doc):  # "... agreed to a ceasefire. The truce took effect in ...": same kind
            neighbours.append((doc[sent.end].sent, own))
        for other, allowed in neighbours:
            if self.headline is not None and other.start < self.headline.end:
                continue
            if self.event_types(other) - allowed:
                continue          # it tells another event: its places are that event's
            for ent in self.ents_in(other):
                if ent.label_ in PLACE_LABELS or ent.label_ in MISLABELLED:
                    out += [r for r in self._read(ent, "neighbour_sentence")
                            if r.relation in STRONG and r.place.precision != "country"]
        if self.headline is not None and sent.start < self.lead_end:
            for ent in self.ents_in(self.headline):
                if ent.root.dep_ == "nsubj" and ent.root.head.lemma_.lower() in SPEAKING_VERBS:
                    continue      # "Iran says ...": the speaker, not the place
                if ent.label_ in PLACE_LABELS or ent.label_ in MISLABELLED:
                    for r in self._read(ent, "headline"):
                        if r.place.precision == "country" and not self.brief:
                            continue      # a long article's headline country is its topic, not a place
                        out.append(r if r.relation in STRONG else PlaceReading(r.place, "headline", "headline"))
        return out

    def _read(self, span: Span, scope: str, trigger: int | None = None) -> list[PlaceReading]:
        """How ``span`` can place the event: itself, the town inside it, or a capital. A country
        named as abroad ("near the Mali border", "close to the Nigerian border", "the Indian
        consulate") is the country beyond, not the event's."""
        if span.label_ in ("NORP", "GPE") and country_of(span.text) and abroad(span):
            return []
        if span.label_ == "NORP" and country_of(span.text):
            return self._demonym(span, scope, trigger)
        span = self._rejoin(span)
        tagged = span.label_ in PLACE_LABELS
        relation, prep = self.relation(span, trigger)
        # a name tagged as something else: a town of some size; where only a place can stand ("a
        # shooting incident in Omeath"), or naming the event ("the 2014 Dijon attack"), or written
        # "al-Bab", a town of the article's country; "withdrew into the bush" (tagged PERSON) is no town
        place = None
        if tagged:
            place = self.resolve(span)
        elif span.text[:1].isupper() and relation != "modifier" and self._known(span, MISLABELLED_MIN_POPULATION):
            place = self.resolve(span)
        elif _named(span) and (self._known(span, MISLABELLED_MIN_POPULATION) or (
                relation == "locative" and not span.ent_id_ and self._known(span))):
            place = self.resolve(span)
            if place is not None and self.hint and place.country not in (None, self.hint):
                place = None    # "a market in Taji, north of Baghdad": no namesake abroad
        if relation in ("modifier", "facility_town") and place is not None and place.precision not in ("city", "site"):
            relation = None         # "US drone strikes", "the US embassy": a country naming a strike is its side
        if place is not None and place.precision == "site" and span.root.dep_ != "poss":
            return [PlaceReading(place, "site", scope)]
        # a name tagged as something else is a place where only a place can stand ("near Djibo", "struck Chaman"),
        # unless it is a known organisation ("the UN", "Hamas")
        if place is not None and (tagged or (not span.ent_id_ and relation in MISLABELLED_RELATIONS)):
            if relation is not None:
                return [PlaceReading(place, relation, scope, preposition=prep)]
            return [PlaceReading(place, "headline", scope)] if scope == "headline" else []
        if place is None and relation is not None and not span.ent_id_:
            split = self._split(span)
            if split is not None:
                return [PlaceReading(split, relation, scope, preposition=prep)]
        if span.label_ in ("ORG", "FAC") or (tagged and place is None):    # "London City Airport" as GPE
            return self._facility(span, relation, prep, scope)
        return []

    def _split(self, span: Span) -> Place | None:
        """"The Tahrir Police Station in Baqubah", "Florencia, Caquetá", "Tame in Arauca
        Department" tagged as one name that the gazetteer does not know: the town before the
        comma or the 'in', else the one after it (any town of the article's country)."""
        cut = next((t.i for t in span[1:-1] if t.lower_ == "in" or t.text == ","), None)
        if cut is None:
            return None
        for part in (self.doc[span.start:cut], self.doc[cut + 1:span.end]):
            while len(part) > 1 and part[0].lower_ == "the":
                part = part[1:]
            if not _named(part) or not self._known(part):
                continue
            place = self.resolve(part)
            if place is not None and place.precision != "country" and (not self.hint or place.country == self.hint):
                return place
        return None

    def _facility(self, span: Span, relation: str | None, prep: str | None, scope: str) -> list[PlaceReading]:
        """"Peshawar University's campus", "the University of Maiduguri": the town in the name."""
        tokens = [t for t in span if t.lower_ not in ("the", "'s", "\u2019s", "'")]
        if not tokens or relation is None or not any(t.lower_ in self.words.facility_heads for t in tokens):
            return []
        inner = None
        words = [t.lower_ for t in tokens]
        if "of" in words[:-1]:                              # "University of Peshawar"
            start = tokens[words.index("of") + 1].i
            inner = self.doc[start: tokens[-1].i + 1]
        else:                                               # "Peshawar University", "Kano Central Market"
            for n in range(len(tokens) - 1, 0, -1):
                candidate = self.doc[tokens[0].i: tokens[n - 1].i + 1]
                if self._known(candidate, towns_only=True):
                    inner = candidate
                    break
        if inner is None or not self._known(inner, towns_only=True):
            return []
        place = self.resolve(inner)
        if place is None or place.precision == "country":
            return []
        how = "possessive" if relation == "possessive" else "facility_city"
        return [PlaceReading(place, how, scope, preposition=prep if how == "facility_city" else None)]

    def _demonym(self, span: Span, scope: str, trigger: int | None = None) -> list[PlaceReading]:
        """"the Somali capital" -> Mogadishu; "an Afghan village" -> Afghanistan."""
        iso = country_of(span.text)
        if not iso:
            return []
        head = span.root.head
        if span.root.dep_ in ("amod", "compound") and head.lower_ in self.words.capital_nouns:
            relation, prep = self.relation(self.doc[head.i: head.i + 1], trigger)
            place = capital_of(iso)
            if place is not None:     # not tied to the event: still the city, as weak as a demonym
                text = self.doc[span.start: head.i + 1]
                return [PlaceReading(place.replace(text=text.text), "capital_of" if relation is not None else "demonym",
                                     scope, preposition=prep)]
        if span.root.dep_ in ("amod", "compound") and head.lower_ in self.words.place_nouns:
            place = geocode(iso)
            if place is not None:
                return [PlaceReading(place.replace(text=span.text), "demonym", scope)]
        return []

    def bare_capital(self, sent: Span, trigger: int) -> PlaceReading | None:
        """"in the capital" with no country named: the capital of the article's country."""
        if not self.hint:
            return None
        for tok in sent:
            if tok.lower_ in self.words.capital_nouns and not any(c.dep_ in ("amod", "compound") and c.ent_type_
                                                                   for c in tok.children):
                relation, prep = self.relation(sent.doc[tok.i: tok.i + 1], trigger)
                if relation in ("locative", "object"):
                    place = capital_of(self.hint)
                    if place is not None:
                        return PlaceReading(place.replace(text=tok.text), "capital_of", "sentence", 0, prep)
        return None

    # -- syntax --------------------------------------------------------------
    def at_another_time(self, span: Span, trigger: int | None) -> bool:
        """"The strike came hours after crowds in Kerman attended the funeral": a place inside a
        happening that an 'after' / 'before' ... sets at another time, one with its own subject
        ("after crowds ... attended") or a noun ("after the funeral in Kerman"), which holds
        neither the event's trigger nor an event of its own, is where that happening was. A
        clause with no subject of its own, or a pronoun for one, tells the event's own course
        ("died after being shot in Quetta", "were shot dead after they stormed a temple in
        Kabul"). Walks up from the place until it meets the trigger's line of heads."""
        if trigger is None:
            return False
        links = self.words.time_links
        line = {t.i for t in [self.doc[trigger], *self.doc[trigger].ancestors]}
        node = span.root
        for _ in range(12):
            if node.i in line:
                return False
            clause = None
            if node.lower_ in links and node.dep_ in ("prep", "mark", "advmod"):
                # "after crowds in Kerman ...", "ahead of talks in Doha"; not "after being shot in ..."
                if not any(c.dep_ == "pcomp" and not _has_subject(c) for c in node.children):
                    clause = node
            elif any(c.dep_ == "mark" and c.lower_ in links for c in node.children) and _has_subject(node):
                clause = node                          # "after thousands marched in Kabul"
            if clause is not None:
                return not ({t.i for t in clause.subtree} & self.event_tokens(span.sent))
            if node.head is node:
                return False
            node = node.head
        return False

    def relation(self, span: Span, trigger: int | None = None) -> tuple[str | None, str | None]:
        """How a place span hangs in its sentence, and the preposition if one governs it. An
        object counts only as the object of the event's own verb ("shelling hit Kharkiv",
        "explosions rocked the capital"), a possessive only on a place or facility noun
        ("Kano's main market", not "Iran's missile strikes"). A town naming a facility ("the
        Paris offices", "a Mogadishu restaurant") is its town however the facility hangs."""
        relation, prep = self._hang(span, trigger)
        root = span.root
        before = self.doc[span.start - 1] if span.start > span.sent.start else None
        after = self.doc[span.end] if span.end < span.sent.end else None
        if relation is None and before is not None and before.lower_ == "of" and span.start - 2 >= span.sent.start \
                and self.doc[span.start - 2].lower_ == "outside" and root.dep_ not in ("compound", "amod", "poss"):
            before = self.doc[span.start - 2]   # "a checkpoint outside of Misrata killing ..." parsed as a clause
        if relation is None and before is not None and before.lower_ in BARE_PREPS and before.dep_ != "pobj" \
                and (after is None or not after.text[:1].isupper()):
            return "locative", before.lower_    # "Near Khartsyzk, a commander ..." parsed as one name
        if relation is None and root.dep_ in ("compound", "nmod") and root.head.lower_ in self.words.facility_heads:
            return "facility_town", None
        return relation, prep

    def _hang(self, span: Span, trigger: int | None) -> tuple[str | None, str | None]:
        node = span.root
        qualified = self._qualifies(span)
        if qualified is not None:
            return "locative", qualified
        for _ in range(5):
            head = node.head
            if head is node:
                return None, None
            if node.dep_ == "pobj" and head.lower_ in ORIGIN_PREPS and head.head.lower_ not in DISTANCE_WORDS \
                    and not any(c.lower_ in DISTANCE_WORDS for c in head.children):
                return None, None       # "rockets fired from southern Lebanon": where they came from
            if node.dep_ == "pobj" and (head.lower_ in self.locative_preps or head.lower_ in self.words.locative_preps):
                return "locative", head.lower_
            if node.dep_ == "pobj" and head.lower_ == "of":
                if head.head.lower_ in self.locative_of_heads:
                    return "locative", f"{head.head.lower_} of"
                if _a_person(head.head):
                    return None, None       # "Sgt. Yehoshua Sofer, 39, of Beersheba": the man's home town
                return "of_phrase", None
            if node.dep_ == "poss":
                owned = head.lower_
                facility = any(t.lower_ in self.words.facility_heads for t in span)
                if facility or owned in self.words.facility_heads or owned in self.words.place_nouns \
                        or owned in self.locative_of_heads or head.pos_ == "PROPN":
                    return "possessive", None       # "Kano's market", "Kingston's Tivoli Gardens"
                return None, None
            if node.dep_ == "npadvmod" and head.pos_ in ("VERB", "AUX") and span[-1].lower_ in self.locative_of_heads:
                return "locative", None     # "hit a market in Razih district, Saada province": a division set off by commas
            if node.dep_ in ("appos", "conj") or (node.dep_ in ("compound", "amod", "nmod") and (
                    head.lower_ in self.locative_of_heads or head.lower_ in self.words.facility_heads
                    or head.lower_ in self.words.place_nouns)):
                node = head      # "the capital Baghdad", "Erbil province", "Kano and Kaduna", "an Auckland mall"
                continue
            if node.dep_ in ("compound", "nmod") and trigger is not None and _names_event(head, trigger):
                return "modifier", None     # "Birmingham pub bombing", "the Kabul attack", "the Karachi bus bombing"
            if node.dep_ in ("dobj", "nsubjpass") and trigger is not None and self._event_verb(head, trigger):
                return "object", None
            if node.dep_ == "dobj" and node.i == span.root.i and trigger is not None \
                    and head.lemma_.lower() in ENTRY_VERBS and head.sent.start <= trigger < head.sent.end:
                return "object", None       # "Gunmen entered Mpeketoni ... before shooting": where they went in
            if node.dep_ == "nsubj" and head.lemma_ == "come" and any(c.lower_ == "under" for c in head.children):
                return "object", None       # "Kharkiv came under a barrage of glide bombs"
            return None, None
        return None, None

    def _qualifies(self, span: Span) -> str | None:
        """"a pub in Little Chester Street, London", "in Kitevya (Beni Territory, North Kivu)": a
        place set off by a comma, or in brackets, right after the object of a locative
        preposition qualifies that place (whatever the parser made of it); returns the
        preposition."""
        i = span.start - 1
        for j in range(span.start - 1, max(span.sent.start, span.start - 8) - 1, -1):
            if self.doc[j].text == ")":
                break
            if self.doc[j].text == "(":
                i = j                # the bracket's first word, or a later one after a comma
                break
        if i < span.sent.start + 1 or self.doc[i].text not in (",", "("):
            return None
        prev = self.doc[i - 1]
        if prev.pos_ not in ("PROPN", "NOUN") or not prev.text[:1].isupper():
            return None
        while prev.dep_ in ("compound", "appos") and prev.head.i > prev.i:
            prev = prev.head
        if prev.dep_ == "pobj" and (prev.head.lower_ in self.locative_preps or prev.head.lower_ in self.words.locative_preps):
            return prev.head.lower_
        return None

    def _event_verb(self, verb, trigger: int) -> bool:
        """Is ``verb`` the event's own verb: the trigger, the verb the trigger is subject of
        ("shelling hit"), or of a subject the trigger describes ("rockets fired from Lebanon
        struck"), or joined to the trigger ("rounds fired ... struck")?"""
        trig = self.doc[trigger]
        for _ in range(3):                   # "Mortar rounds", "Artillery fire": the phrase's head noun
            if trig.dep_ not in ("compound", "amod") or trig.head is trig:
                break
            trig = trig.head
        if verb.i in (trigger, trig.i) or (verb.dep_ == "conj" and verb.head.i in (trigger, trig.i)):
            return True
        if trig.dep_ == "acl" and trig.head.dep_ in ("nsubj", "nsubjpass"):
            trig = trig.head
        if trig.dep_ not in ("nsubj", "nsubjpass"):
            return False
        governor = trig.head
        if governor.dep_ == "ccomp" and governor.head.i == verb.i and verb.lemma_.lower() not in SPEAKING_VERBS:
            return True          # "Rockets fired from Lebanon struck Kiryat Shmona" parsed as "fired" under "struck"
        return verb.i == governor.i or (verb.dep_ == "conj" and verb.head.i == governor.i)

    def _rejoin(self, span: Span) -> Span:
        """"Mazar" + "-e" + "Sharif" tagged apart: the longest run around ``span`` of capitalised
        words, hyphens and name particles that the gazetteer knows as one name."""
        sent = span.sent
        lo, hi = span.start, span.end
        while lo > sent.start and self._joins(self.doc[lo - 1]):
            lo -= 1
        while hi < sent.end and self._joins(self.doc[hi]):
            hi += 1
        if (lo, hi) == (span.start, span.end):
            return span
        for a in range(lo, span.start + 1):
            for b in range(hi, span.end - 1, -1):
                if (a, b) != (span.start, span.end) and self._known(self.doc[a:b]) \
                        and self.doc[a].text[:1].isupper() and self.doc[b - 1].text[:1].isupper():
                    return Span(self.doc, a, b, label=span.label_ if span.label_ in PLACE_LABELS else "GPE")
        return span

    def _joins(self, tok) -> bool:
        return tok.text in ("-", "\u2011") or tok.lower_ in self.words.name_particles or \
            (tok.is_title and tok.pos_ == "PROPN")

    def _known(self, span: Span, min_population: int = 0, towns_only: bool = False) -> bool:
        """Does the gazetteer know ``span`` as a name (a town of ``min_population`` at least, a
        curated place, a division; with ``towns_only``, no country)?"""
        from ..resolve.gazetteer import Gazetteer

        text = span.text
        for mark in ("'s ", "\u2019s "):           # "Guanajuato's Acambaro": a town of the owner's country
            if mark in text and not Gazetteer.default().lookup(text):
                place = geocode(text)
                text = place.name if place is not None else text
        for e in Gazetteer.default().lookup(text):
            if towns_only and e.kind in ("country", "continent"):
                continue
            if e.kind != "city" or e.curated or e.population >= min_population:
                return True
        return False


def _nation_of(demonym: str) -> str | None:
    """The country a demonym names as such ("Malian": ML), not a people's region ("Kurdish")."""
    from ..resolve.gazetteer import normalize

    g = Gazetteer.default()
    entry = g.get(g.demonyms.get(normalize(demonym), ""))
    return entry.country if entry is not None and entry.kind == "country" else None


def _a_person(tok) -> bool:
    """A person's name, or a name with an age after it ("Sofer 39, of ...", "Miller, 45, of ...")."""
    return tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and any(
        c.dep_ in ("nummod", "appos") and c.i > tok.i and c.like_num and c.text.isdigit() and 0 < int(c.text) < 110
        for c in tok.children))


def _has_subject(verb) -> bool:
    """A subject of its own, not a pronoun that points back to the event's actors ("after they
    stormed a temple in Kabul")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON" for c in verb.children)


def _names_event(head, trigger: int) -> bool:
    """Is ``head`` the event noun, or a noun of a compound that ends on it ("the Karachi bus
    bombing", "the Quetta Ashura massacre")? Not through a projectile's name: "a Gaza rocket
    attack" tells where the rocket came from."""
    event = head.doc[trigger]
    nouns = {trigger}
    while event.dep_ in ("compound", "amod") and event.head.i > event.i:
        event = event.head              # "the Dhaka grenade attack", "a suicide bombing": the phrase's head
        nouns.add(event.i)
    for _ in range(3):
        if head.i in nouns:
            return True
        if head.dep_ not in ("compound", "nmod") or head.head.i <= head.i or head.lower_ in PROJECTILE_WORDS:
            return False
        head = head.head
    return False


def _named(span: Span) -> bool:
    """Written as a name: a capital first letter, or a lower-case article joined to a capitalised
    name ("al-Bab", "el-Arish")."""
    text = span.text
    if text[:1].isupper():
        return True
    head, dash, rest = text.partition("-")
    return bool(dash) and head in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "en", "es", "ez", "ul") \
        and rest[:1].isupper()


def _name_tagged_date(span: Span) -> bool:
    """"a vegetable market of Turbat" with Turbat tagged DATE: one capitalised proper noun, no
    digit, no calendar word; it is read as a place only where a place can stand (``_read``)."""
    if span.label_ != "DATE" or len(span) != 1:
        return False
    tok = span[0]
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.is_alpha and tok.lower_ not in _CALENDAR_WORDS


def _as_untagged(span: Span) -> Span:
    return Span(span.doc, span.start, span.end, label="UNTAGGED")


def _headline(doc: Doc, text: str) -> Span | None:
    """The article's first line when it reads as a headline (short, no full stop at its end);
    ``text``: the Doc's."""
    cut = text.find("\n")
    if cut <= 0 or cut > HEADLINE_MAX_CHARS or text[:cut].rstrip().endswith("."):
        return None
    return doc.char_span(0, cut, alignment_mode="contract")


def _namesake_only(place: Place) -> bool:
    """A reading that is likely only one of a name's namesakes: reached through a fuzzy match
    ("Alau" -> Aarau), or a town under NAMESAKE_ABROAD_POPULATION that is not curated."""
    rule = place.evidence.rule if place.evidence is not None else ""
    if "place.fuzzy" in rule:
        return True
    entry = Gazetteer.default().get(place.place_id) if place.place_id else None
    return entry is not None and entry.kind == "city" and not entry.curated \
        and entry.population < NAMESAKE_ABROAD_POPULATION


def _refines(place: Place, broader: Place | None) -> bool:
    """Is ``place`` finer than ``broader`` and inside it (same country; same admin1 for a region)?"""
    if broader is None:
        return True
    if PRECISION_RANK.get(place.precision, 0) <= PRECISION_RANK.get(broader.precision, 0):
        return False
    if broader.country and place.country != broader.country:
        return False
    return broader.precision != "region" or not broader.admin1 or place.admin1 == broader.admin1
