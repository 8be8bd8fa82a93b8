"""How the spans of a passage are read into ``PlaceReading``s: tagged names, names the tagger
mislabelled or left out, names run into the event's own name, facilities with a town in
their name, demonyms ("the Somali capital"), a bare "the capital", and the places of the
neighbour sentences and the headline. How each hangs on the event is ``hanging.py``'s."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from spacy.tokens import Doc, Span

from ...records import Place
from ...resolve.gazetteer import Gazetteer
from ...resolve.places import capital_of, country_of, geocode
from .vocabulary import (COMPASS_SIDES, DIVISION_NOUNS, HEADLINE_MAX_CHARS, MISLABELLED, MISLABELLED_MIN_POPULATION,
                         MISLABELLED_RELATIONS, PLACE_LABELS, PRECISION_RANK, RELATION_RANK, SPEAKING_VERBS, STRONG,
                         _CALENDAR_WORDS, abroad)


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


class Readings:
    """The readings half of ``EventPlaceFinder``: every place a passage names for an event."""

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

    def _compass_division(self, span: Span, place: Place) -> Place:
        """"in western Azerbaijan province", "the province of Western Azerbaijan": a country's name
        after a compass word that is part of a name (capitalised inside the sentence) or that a
        division noun follows is the division called "West Azerbaijan" where the gazetteer has one
        (Iran's), not the country."""
        if span.start == 0 or span.start - 1 <= span.sent.start:
            return place
        word = self.doc[span.start - 1]
        side = COMPASS_SIDES.get(word.lower_)
        after = self.doc[span.end].lower_ if span.end < len(self.doc) else ""
        if side is None or not (word.text[:1].isupper() or after in DIVISION_NOUNS):
            return place
        name = f"{side} {span.text}"
        if not any(e.kind == "subdivision" for e in Gazetteer.default().lookup(name)):
            return place
        division = geocode(name)
        if division is None or division.precision != "region":
            return place
        return division.replace(text=f"{word.text} {span.text}", evidence=place.evidence, basis=place.basis)

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
            if place is not None and place.precision == "country":
                place = self._compass_division(span, place)
        elif span.text[:1].isupper() and relation != "modifier" and self._known(span, MISLABELLED_MIN_POPULATION):
            place = self.resolve(span)
        elif _named(span) and (self._known(span, MISLABELLED_MIN_POPULATION) or (
                relation == "locative" and not span.ent_id_ and self._known(span))):
            place = self.resolve(span)
            if place is not None and self.hint and place.country not in (None, self.hint) \
                    and (self.hint in self.placed or not _sizeable(place)):
                # "a market in Taji, north of Baghdad": no namesake abroad of the country the article's place
                # names point to; a hint from demonyms and actors alone vetoes only a small town ("the Baga
                # massacre ... Nigerian villages": not Bagà, Spain; "Grand-Bassam shootings ... French" stands)
                place = None
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


def _sizeable(place: Place) -> bool:
    """Not a small town: a division, a curated place, or a town of MISLABELLED_MIN_POPULATION."""
    entry = Gazetteer.default().get(place.place_id) if place.place_id else None
    return entry is None or entry.kind != "city" or entry.curated or entry.population >= MISLABELLED_MIN_POPULATION


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
