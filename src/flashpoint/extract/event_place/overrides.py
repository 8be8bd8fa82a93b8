"""The overrides on the best reading of a passage: a namesake beside a town of another
country, a name inside a town of another country, a relative anchor abroad, the country of
the place noun a name is called ("the Malian town of Lere"), a namesake abroad, and the
last resorts of a brief (the reporting actor's home, the country the article points to)."""

from __future__ import annotations

from spacy.tokens import Span

from ...records import Place
from ...resolve.gazetteer import Gazetteer, distance_km, normalize
from ...resolve.places import country_of, geocode
from .readings import PlaceReading
from .vocabulary import (COMPASS_WORDS, CONTAINING_NOUNS, LAUNCH_NOUNS, LAUNCH_VERBS, NAMESAKE_ABROAD_MIN_KM,
                         NAMESAKE_ABROAD_POPULATION, ORIGIN_PREPS, PLACE_LABELS, PRECISION_RANK, RELATIVE_PREPS,
                         REPORTING_VERBS, abroad)


class Overrides:
    """The overrides half of ``EventPlaceFinder``: readings that give way to another."""

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
                return other.replace(text=place.text, evidence=place.evidence, basis=place.basis), \
                    f"; place.namesake_abroad {place.country} -> {iso}: the rest of the article points to {iso}"
        top = ranked[0]
        if by_groups or (len(ranked) > 1 and votes[ranked[1]] >= votes[top]):
            return None                   # two countries equally likely: nothing to choose
        country = geocode(top)
        if country is None or country.precision != "country" or place.lat is None or country.lat is None \
                or distance_km(place.lat, place.lon, country.lat, country.lon) < NAMESAKE_ABROAD_MIN_KM:
            return None          # a town near that country may well be where it happened (across a border)
        return country.replace(text=place.text, evidence=place.evidence, basis=place.basis), \
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
            if self._next_to(best, r):
                return r
            node = self.doc[r.span[0]:r.span[1]].root
            while node.dep_ in ("compound", "amod", "nmod") and node.head.i > node.i:
                node = node.head         # "the Nawa district of Helmand province": the noun the name is on
            prep = node.head
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

    def _next_to(self, best: PlaceReading, r: PlaceReading) -> bool:
        """"an attack in Nawa district in Helmand province", "the village of Takeo, in Burkina
        Faso's Sahel Region": an 'in' phrase that
        follows the name at once (after at most a place noun or a comma) holds it, whatever word
        the parser hung it from; so does the 'of' phrase after a bare compass name ("the North
        East of Somalia": a part of Somalia, not Botswana's North East district). Only a holder in a
        country the article's place names point to."""
        if r.place.country not in self.placed:
            return False          # "Qatif in the Oriental province": no name of the article points to Morocco
        i = best.span[1]
        while i < len(self.doc) and i - best.span[1] < 2 and (
                self.doc[i].lower_ in self.words.place_nouns or self.doc[i].text == ","):
            i += 1
        if i >= len(self.doc) or r.span is None or r.span[0] <= i:
            return False
        word = self.doc[i].lower_
        if word == "in":
            return r.preposition == "in" and all(t.lower_ in ("the", "'s", "\u2019s") or t.ent_type_
                                                 for t in self.doc[i + 1:r.span[0]])
        compass = {t.lower_ for t in self.doc[best.span[0]:best.span[1]]} - {"the"}
        return word == "of" and i == best.span[1] and r.span[0] == i + 1 and bool(compass) \
            and compass <= COMPASS_WORDS

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
            if ent is None or best.span[0] <= child.i < best.span[1]:
                continue          # not the name itself ("Azerbaijan" of "western Azerbaijan province")
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
            # the new reading keeps how the name was read (its text, evidence and basis)
            kept = {"text": best.place.text, "evidence": best.place.evidence, "basis": best.place.basis}
            if other is not None and other.country == iso and other.place_id in named:
                place = other.replace(**kept)
            else:
                place = area or geocode(iso)
                if place is None:
                    return best
                place = place.replace(**kept)
            return PlaceReading(place, best.relation, best.scope, best.order, best.preposition, best.span)
        return best

    def _anchor_abroad(self, best: PlaceReading | None, strong: list[PlaceReading]) -> PlaceReading | None:
        """"near Ma'ale Adumim, east of Jerusalem, in the West Bank": a town that only anchors a
        relative phrase ('east of', 'near', '14 miles from') gives way to a country or a province of
        another country that the sentence puts the event 'in'."""
        if best is None or not best.place.country or best.preposition not in RELATIVE_PREPS:
            return best
        inside = [r for r in strong if r.preposition == "in" and r.place.country not in (None, best.place.country)
                  and (r.place.precision == "country" or (r.place.precision == "region" and r.place.admin1 == r.place.name))
                  and not self._next_to(r, best)]       # "the North East of Somalia": Somalia holds it
        return max(inside, key=lambda r: r.rank, default=best)

    def _article_country(self, sent: Span) -> PlaceReading | None:
        """A brief that places its event nowhere we know ("in the village of Tal Maghaz") is
        still set in the country its names, demonyms and actors point to (the mention's
        ``country_hint``): the country, at country precision, the last resort. Not when the
        sentence names that country only as where the attack came from ("rockets fired from
        southern Lebanon"); a person's home or a journey's start ("a volunteer from Berdiansk",
        "a train travelling from Moscow") is no such origin."""
        place = geocode(self.hint) if self.hint else None
        if place is None or place.precision != "country":
            return None
        for ent in self.ents_in(sent):
            root = ent.root
            if ent.label_ in PLACE_LABELS and root.dep_ == "pobj" and root.head.lower_ in ORIGIN_PREPS \
                    and (root.head.head.lemma_.lower() in LAUNCH_VERBS or root.head.head.lower_ in LAUNCH_NOUNS):
                origin = self.resolve(ent)
                if origin is not None and origin.country == self.hint:
                    return None
        return PlaceReading(place.replace(text=None, basis="article_country"), "article_country",
                            "sentence")

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
                    return PlaceReading(place.replace(text=ent.text, basis="actor_country"), "actor_country",
                                        "sentence")
        return None


def _nation_of(demonym: str) -> str | None:
    """The country a demonym names as such ("Malian": ML), not a people's region ("Kurdish")."""
    g = Gazetteer.default()
    entry = g.get(g.demonyms.get(normalize(demonym), ""))
    return entry.country if entry is not None and entry.kind == "country" else None


def _namesake_only(place: Place) -> bool:
    """A reading that is likely only one of a name's namesakes: reached through a fuzzy match
    ("Alau" -> Aarau), or a town under NAMESAKE_ABROAD_POPULATION that is not curated."""
    if place.basis == "fuzzy":
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
