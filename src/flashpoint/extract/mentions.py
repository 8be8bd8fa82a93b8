"""Frames on a parsed Doc -> Mention records, with every field resolved and evidenced.

This is where extraction meets resolution: date spans go through ``resolve_when``
against the publication date, place spans through the gazetteer, actor phrases
through the registry; stances found anywhere in the article are attached to the
mentions they are about.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from spacy.tokens import Doc, Span

from ..records import ActorRef, Article, Bounds, Cue, Evidence, Mention, Place, Stance, When
from ..resolve.actor_words import member_words
from ..resolve.actors import ActorRegistry, normalise
from ..resolve.places import country_of, geocode
from ..resolve.quantities import clamp_rule, parse_count
from ..resolve.targets import category_of, classify
from ..resolve.toll import Toll, read_toll
from ..resolve.toll_parse import fill_from_parse
from ..resolve.when import resolve_when
from .attach import attach_stances, hand_cues_to_antecedents
from .event_place import EventPlaceFinder, abroad
from .frames import BRIEF_SENTENCES, Frame
from .lexicon import Lexicon
from .links import frame_cues, lead_cues
from .roles import (STATE_WEAPON_TYPES, _member_of, _phrase, member_title, perpetrator_phrases, sentence_agents,
                    target_phrases, victim_phrases)
from .stances import StanceCue, sentence_stances, share_blame, speaker

_NAME_ENTS = {"FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "PERSON"}   # "Tower 22"
_GROUP_NOUNS = {"group", "organisation", "organization", "movement", "militia", "outfit", "faction"}
_QUANTITY_NOUNS = {"barrage", "volley", "salvo", "dozens", "scores", "hundreds", "thousands", "series", "wave", "swarm"}
PRECISION_RANK = {"site": 4, "city": 3, "region": 2, "country": 1}
RULE = "rules.v1"


def _ev(article: Article, start: int, end: int, rule: str) -> Evidence:
    return Evidence(article.id, start, end, article.text[start:end], rule)


def _span_ev(article: Article, span: Span, rule: str) -> Evidence:
    return _ev(article, span.start_char, span.end_char, rule)


class MentionBuilder:
    """Builds the mentions of one article; holds the article-level context."""

    def __init__(self, doc: Doc, article: Article, lexicon: Lexicon, registry: ActorRegistry):
        self.doc, self.article, self.lexicon, self.registry = doc, article, lexicon, registry
        self.frames: list[Frame] = doc._.fp_frames or []
        self._places: dict[tuple[str, int], Place | None] = {}
        self._tolls: dict[str, Toll] = {}   # sentence text -> its toll
        # each place name's country and mentions, as read for the hint (``EventPlaceFinder`` asks
        # where the article's other names point: is "Mile" Ethiopia's or Nigeria's?)
        self.name_votes: dict[str, tuple[str, float]] = {}
        self.country_hint = self._dominant_country()
        self.sent_index = {s.start: i for i, s in enumerate(doc.sents)}
        self.brief = len(self.sent_index) <= BRIEF_SENTENCES
        self.anchor: When | None = None   # the last event date told: "earlier in the day" hangs on it

    # -- resolution helpers -------------------------------------------------
    def _place(self, span: Span) -> Place | None:
        """Geocode a place span; the same name in the same sentence is looked up once
        (a target and a location are often one span)."""
        key = (span.text, span.sent.start)
        if key not in self._places:
            # the geocoder adds to the rule how it matched ("place.fuzzy 0.89, in ...")
            self._places[key] = geocode(span.text, country_hint=self.country_hint, context=span.sent.text,
                                        evidence=Evidence(self.article.id, 0, 0, "", "gazetteer.v1"))
        place = self._places[key]
        if place is None:
            return None
        rule = place.evidence.rule if place.evidence is not None else "gazetteer.v1"
        return place.replace(evidence=_span_ev(self.article, span, rule))

    def _actor(self, span: Span, rule: str) -> ActorRef:
        return self.registry.resolve(span.text, context=span.sent.text, country_hint=self.country_hint,
                                     evidence=_span_ev(self.article, span, rule))

    def _agent(self, span: Span, rule: str) -> ActorRef | None:
        """An actor who can do things: a known actor (a person stands for what they speak
        for), a named group the registry lacks ("the Kayin Liberation Front"), or a phrase
        headed by an actor noun ("unidentified gunmen"); else None."""
        ref = self._known_or_named(span, rule)
        root = span.root
        named_as = self._named_as(root, rule)
        if named_as is not None:
            return named_as        # "a man named X", "the attacker, identified as X"
        if root.lower_ in self.lexicon.actor_nouns:
            # "Fighters of ISWAP", "Gunmen from the Gran Grif gang": the group they belong to; a
            # description ("a group of terrorists from the Red Brigades") only when no group is named
            described = None
            for prep in root.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "from", "with", "loyal"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            # "a group of men belonging to the ISIL": the group of the members;
                            # "guerrillas from the IV front of the FARC": the group of the unit
                            # "gunmen with ties to the TTP": the group the ties are to
                            inner = [_phrase(g) for p in obj.children if p.dep_ == "prep" and (
                                     p.lower_ in ("of", "from") or (p.lower_ == "to" and obj.lemma_.lower() in member_words().tie_nouns))
                                     for g in p.children if g.dep_ == "pobj"]
                            # "gunmen from the opposition party, Renamo": a group in apposition
                            appos = [_phrase(c) for c in obj.children if c.dep_ == "appos"]
                            for phrase in [_phrase(obj), *_member_of(obj), *inner, *appos]:
                                named = self._known_or_named(phrase, rule + ".member")
                                entry = self.registry.actors.get(named.id) if named.id is not None else None
                                if phrase in appos and named.type != "armed_group":
                                    continue
                                if entry is not None and entry.get("generic"):
                                    described = described or named
                                elif named.id is not None:
                                    return named
            if described is not None:
                return described
            named = self._which_group(span, rule) if ref.id is None else None
            if named is not None:
                return named
            # "armed men suspected to be members of the ADF": the suspected group
            for clause in root.children:
                if clause.dep_ == "acl" and clause.lemma_.lower() in ("suspect", "believe", "think"):
                    for tok in clause.subtree:
                        if tok.i > clause.i and tok.dep_ in ("attr", "pobj") and tok.pos_ in ("NOUN", "PROPN"):
                            named = self._agent(_phrase(tok), rule + ".suspected")
                            if named is not None and named.id is not None:
                                return named
            # "the army said its soldiers killed ...": the speaker's own forces
            if any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in root.children):
                said_by = speaker(span.sent, self.lexicon)
                if said_by is not None and not (said_by.start <= root.i < said_by.end):
                    own = self._agent(said_by, rule + ".speaker")
                    if own is not None and own.id is not None:
                        return own
        if ref.id is not None and ref.evidence is not None and any(
                t.lower_ in ("suspected", "alleged", "presumed") for t in root.doc[root.left_edge.i:root.i]):
            ref = ref.replace(evidence=ref.evidence.replace(rule=ref.evidence.rule.replace(rule, rule + ".suspected", 1)))
        if ref.id is not None and ref.type == "state" and ref.evidence is not None and \
                ref.evidence.rule.endswith("actors.contains") and rule.startswith("perpetrator"):
            doer = self._described(span, rule)
            if doer is not None:
                return doer
            if root.pos_ == "NOUN" and root.lower_ not in self.lexicon.actor_nouns:
                return None    # "a South Vietnamese ranger", "an Iranian-American student": who, not which state
        if ref.id is not None and ref.type == "state" and rule.startswith("perpetrator") and root.dep_ == "appos" and \
                root.head.ent_type_ == "PERSON" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children):
            return None    # "X, a Czech of Slovak origin, opened fire": the named person, not the state
        if ref.id is not None and ref.type == "person":
            speaker_ref = self.registry.resolve_speaker(span.text, span.sent.text,
                                                        evidence=_span_ev(self.article, span, rule))
            return speaker_ref or ref
        if ref.id is not None:
            return ref
        forces = self.registry.state_forces(span.text, self.country_hint, evidence=_span_ev(self.article, span, rule))
        if forces is not None:
            return forces      # "government airstrikes", "the junta": the country's armed forces
        if rule.startswith("perpetrator") and "modifier" not in rule and span.label_ == "PERSON":
            group = member_title(span)
            if group is not None:       # "Hamas militant X blew himself up": X's group did it
                named = self._known_or_named(group, rule + ".member")
                if named.id is not None and named.type == "armed_group":
                    return named
            person = self.registry.person(span.text, evidence=_span_ev(self.article, span, rule))
            if person is not None:
                return person  # "Mir Qazi opened fire on ...": a lone attacker the registry lacks
        return ref if root.lower_ in self.lexicon.actor_nouns else None

    def _which_group(self, span: Span, rule: str) -> ActorRef | None:
        """The group a description of a group stands for: "The radical group claimed ..." (the
        group the text named before), "the communist group Shining Path", "the Loyalist group
        the Ulster Volunteer Force" (the name that follows)."""
        root, doc = span.root, span.doc
        if root.lower_ in _GROUP_NOUNS and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                               for c in root.children):
            named = self._named_before(span, rule)
            if named is not None:
                return named
        nxt = span.end + (1 if span.end < span.sent.end and doc[span.end].lower_ == "the" else 0)
        if nxt < span.sent.end and doc[nxt].ent_type_ == "ORG" and doc[nxt].ent_iob_ == "B":
            named = self._known_or_named(_phrase(doc[nxt]), rule + ".named")
            if named.id is not None:
                return named
        return None

    def _described(self, span: Span, rule: str) -> ActorRef | None:
        """The doer a demonym only describes: "the Palestinian terrorist group, the Popular
        Resistance Committees" (the name in apposition), "Egyptian Islamist El Sayyid Nosair"
        (the person)."""
        root, doc = span.root, span.doc
        after = doc[span.end + 1: min(span.end + 4, span.sent.end)] if span.end < span.sent.end and \
            doc[span.end].text == "," else []
        for appos in [c for c in root.children if c.dep_ == "appos"] + [t for t in after if t.ent_type_ == "ORG"][:1]:
            named = self._agent(_phrase(appos), rule)
            if named is not None and named.id is not None and named.type != "state":
                return named
        person = next((e for e in span.ents if e.label_ == "PERSON" and e.start <= root.i < e.end), None)
        if person is not None:
            return self.registry.person(person.text, evidence=_span_ev(self.article, person, rule))
        return None

    def _named_as(self, root, rule: str) -> ActorRef | None:
        """"A man named Petter Kyvik", "an Iranian-American named X", "the gunman, identified
        as X": the person the description names, when the registry lacks them; "a group
        called X", "a group calling itself X": the group."""
        group = root.lower_ in _GROUP_NOUNS
        if not (rule.startswith("perpetrator") or group):
            return None
        for clause in root.children:
            if clause.dep_ not in ("acl", "appos", "relcl") or clause.lemma_.lower() not in ("name", "call", "identify"):
                continue
            words = [t for c in clause.children if c.dep_ in ("oprd", "dobj", "attr", "xcomp", "npadvmod") for t in [c]]
            words += [t for c in clause.children if c.dep_ == "prep" and c.lower_ == "as"
                      for t in c.children if t.dep_ == "pobj"]
            if group:   # "a group calling itself the Warriors of the Boer Nation"
                words += [t for c in clause.children if c.dep_ in ("oprd", "xcomp", "attr") for t in c.subtree
                          if t.ent_iob_ == "B" and t.ent_type_ in ("ORG", "NORP")]
            for tok in words:
                ent = next((e for e in tok.sent.ents if e.start <= tok.i < e.end), None)
                if ent is not None and ent.label_ == "PERSON" and not group:
                    found = self.registry.person(ent.text, evidence=_span_ev(self.article, ent, rule))
                    if found is not None:
                        return found
                elif ent is not None and ent.label_ in ("ORG", "NORP") and group:
                    # "a group called National Socialist Underground": a group, whatever its words
                    found = self._known_or_named(ent, rule + ".called")
                    if found.id is None:
                        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                        found = ActorRef(normalise(name).replace(" ", "_"), name, ent.text, "armed_group",
                                         evidence=_span_ev(self.article, ent, rule + ".called"))
                    return found
        return None

    def _named_before(self, span: Span, rule: str) -> ActorRef | None:
        """The latest armed group named before ``span`` in the article ("Boko Haram ... The
        radical group claimed ..."), when the span is in the next sentence or its own."""
        doc = span.doc
        start = doc[span.sent.start - 1].sent.start if span.sent.start > 0 else span.sent.start
        for ent in reversed([e for e in doc.ents if start <= e.start < span.start and e.label_ == "ORG"]):
            ref = self._actor(ent, rule + ".anaphor")
            if ref.id is not None and ref.type == "armed_group" and not self._nobody_in_particular(ref):
                return ref
        return None

    def _nobody_in_particular(self, ref: ActorRef) -> bool:
        """"Gunmen", "militants", "a suicide bomber": a description, not an attribution to anyone. It stays the
        mention's perpetrator, but holds no stance that could outweigh a named group the text
        blames ("Gunmen killed 13 people ...; officials blamed the OLA")."""
        if ref.id is None:     # "a suicide bomber", "two men": words, no name, none the registry knows
            words = (ref.text or ref.name or "").split()
            return len(words) >= 2 and not any(w[:1].isupper() for w in words[1:])
        entry = self.registry.actors.get(ref.id)
        return bool(entry and entry.get("generic") and not entry.get("country") and not entry.get("backed_by"))

    def _known_or_named(self, span: Span, rule: str) -> ActorRef:
        """The registry's actor for the span, else a named group it lacks, else the bare text."""
        ref = self._actor(span, rule)
        if ref.id is None:
            named = self.registry.named(span.text, evidence=_span_ev(self.article, span, rule))
            if named is not None:
                return named
        return ref

    def _first_agent(self, spans: list[Span], rule: str) -> ActorRef | None:
        for span in spans:
            ref = self._agent(span, rule)
            if ref is not None:
                return ref
        return None

    def _locative(self, span: Span) -> bool:
        """Is this place where the event happened (a prepositional object), rather than
        an actor ("Iran launched") or a modifier ("Iran-backed")?"""
        return EventPlaceFinder.of(self).relation(span)[0] == "locative"

    def _target(self, span: Span) -> ActorRef:
        """A target that is a known site (a base, an airport) is that facility."""
        place = self._place(span)
        if place is not None and place.precision == "site":
            return ActorRef(place.place_id, place.name, span.text, "facility", place.country,
                            _span_ev(self.article, span, "target.site"),
                            category=category_of(f"{span.text} {place.name}"))
        return classify(self._known_or_named(span, "target"), self.registry)

    def _dominant_country(self) -> str | None:
        """The article's country: the places it names (each mention one vote), its demonyms
        ("Somali", "Burkinabe": one vote) and the home countries of the actors it names (half
        a vote: a prior that named places overrule); not a name that speaks of a country's mission,
        people or border abroad ("the Indian consulate", "near the Mali border")."""
        counts: Counter[str] = Counter()
        ents = [ent for ent in self.doc.ents if not abroad(ent)]   # spaCy rebuilds them on each access
        names = Counter(ent.text for ent in ents if ent.label_ in ("GPE", "LOC", "FAC"))
        text = self.doc.text
        for name, n in names.items():          # each distinct name geocoded once
            place = geocode(name, context=text, country_hint=None)   # read beside the others: "Lebanese" + "Tripoli"
            if place is not None and place.country:
                counts[place.country] += n
                self.name_votes[name] = (place.country, n)
        for ent in ents:
            if ent.label_ == "NORP":
                iso = country_of(ent.text)
                if iso:
                    counts[iso] += 1.0
            elif ent.label_ == "ORG" and ent.ent_id_ and ent.ent_id_ in self.registry.actors:
                iso = self.registry.get(ent.ent_id_).get("country")
                if iso:
                    counts[iso] += 0.5
        return counts.most_common(1)[0][0] if counts else None

    # -- fields -------------------------------------------------------------
    def _date(self, frame: Frame) -> When | None:
        published = self.article.published
        governed = [s for s in frame.dates if s.start in frame.governed]
        spans = sorted(governed or frame.dates, key=lambda s: s.start)
        # "Tuesday" + "night" come as two entities: read them together
        merged: list[tuple[int, int]] = []
        for s in spans:
            start = s.start_char
            lead = self.doc[max(s.sent.start, s.start - 2): s.start]
            if lead.text.lower() in ("earlier in", "later in", "early in", "late in"):
                start = lead.start_char   # spaCy tags "the day" alone
            if s.start > 0 and self.doc[s.start - 1].lower_ in ("since", "until", "till") and s.start not in frame.clause_dates:
                continue                  # "since January 2020" bounds a period, it does not date the event
            if merged and start - merged[-1][1] <= 1:
                merged[-1] = (merged[-1][0], s.end_char)
            else:
                merged.append((start, s.end_char))
        best: When | None = None
        for start, end in merged:
            text = self.article.text[start:end]
            when = resolve_when(text, published, anchor=self.anchor, evidence=_ev(self.article, start, end, "dates.v1"))
            if when is not None and when.start is not None:
                if published is not None and when.start > published:
                    continue      # a report tells what happened: a later date is a plan or a prediction
                if best is None or _precision(when) > _precision(best):
                    best = when
        return best

    def _location(self, frame: Frame) -> Place | None:
        """The event's place among every place of its passage (its sentence, the sentences
        either side, the headline), and why it was chosen, kept in the evidence rule: see
        extract/event_place/ for the readings and their order."""
        family = self.lexicon.family(frame.type)      # a rally's place is also the grenade's at it
        others = [span for f in self.frames if f is not frame and f.sent == frame.sent
                  and self.lexicon.family(f.type) == family for span in f.places]
        own = {(s.start, s.end) for s in frame.places}
        chosen = EventPlaceFinder.of(self).choose(frame.sent, frame.triggers[0].start, frame.places,
                                                  [s for s in others if (s.start, s.end) not in own])
        if chosen is None:
            return None
        place, reason = chosen
        evidence = place.evidence
        if evidence is None or not evidence.text:       # a country or capital read off a demonym or actor
            span = self.article.text.find(place.text, frame.sent.start_char) if place.text else -1
            if span < 0 and place.text:
                span = self.article.text.find(place.text)
            evidence = _ev(self.article, span, span + len(place.text), "gazetteer.v1") if span >= 0 else None
        if evidence is None:       # a country the whole brief points to: its sentence is the evidence
            evidence = _ev(self.article, frame.sent.start_char, frame.sent.end_char, "gazetteer.v1")
        return place.replace(evidence=evidence.replace(rule=f"{evidence.rule}; {reason}"))

    def _preposition(self, span: Span) -> str:
        node = span.root
        while node.dep_ in ("appos", "conj", "compound") and node.head is not node:
            node = node.head
        return node.head.lower_ if node.dep_ == "pobj" else node.dep_

    def _weapon_count(self, frame: Frame) -> tuple[Bounds, Evidence | None]:
        """The number on the weapon noun ("At least seven rockets", "a barrage of rockets")."""
        for trig in frame.triggers:
            root = trig.root
            if root.pos_ not in ("NOUN", "PROPN"):
                continue
            quantity = [c for c in root.children if c.dep_ in ("nummod", "quantmod") and not c.ent_type_ in _NAME_ENTS]
            holder = root.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
            if not quantity and holder is not None and holder.head.lower_ in _QUANTITY_NOUNS:
                quantity = [holder.head]          # "a barrage of rockets", "dozens of drones"
            if not quantity:
                continue
            first = min(q.left_edge.i for q in quantity)
            phrase = self.doc[first: root.i + 1]
            bounds = parse_count(phrase.text)
            if not bounds.known or any(1900 <= (v or 0) <= 2100 for v in (bounds.min, bounds.max)):
                continue          # "the 2020 strike" names a year, not a count
            if root.tag_ == "NNS" and root.lower_ in ("attacks", "strikes") and bounds.max is not None:
                bounds = Bounds(bounds.min, None)   # "four rocket attacks": at least four rockets
            return bounds, _span_ev(self.article, phrase, clamp_rule("counts.v1", phrase.text))
        return Bounds(), None

    def _casualties(self, frame: Frame, kinetic_in_sentence: int) -> tuple[Toll, Evidence | None]:
        """The toll of the frame's sentence (or of its follow-up), with its evidence."""
        if self.lexicon.family(frame.type) not in ("attack", "riot") and frame.type != "protest.excessive_force":
            return Toll(), None   # abductions and riots cost lives too; protests and talk do not
        sent = frame.sent
        toll = self.sentence_toll(sent)
        if toll.span is None:
            sent = self._follow_up(frame.sent) if kinetic_in_sentence == 1 else None
            if sent is None:
                return Toll(), None
            toll = self.sentence_toll(sent)
            if toll.span is None:
                return Toll(), None
            kinetic_in_sentence = 1
        base, span = sent.start_char, toll.span
        if kinetic_in_sentence > 1:
            # several events in one sentence: the figures belong to the nearest trigger
            owner = min(self.frames_in(frame.sent), key=lambda f: abs(f.triggers[0].start_char - (base + span[0])))
            if owner is not frame:
                return Toll(), None
        return toll, _ev(self.article, base + span[0], base + span[1],
                         clamp_rule("casualties.v1", sent.text[span[0]:span[1]]))

    def sentence_toll(self, sent: Span) -> Toll:
        """``read_toll`` of a sentence, read once: the frames of a sentence share it. A kind
        the string reader leaves unknown is read from the parse (``fill_from_parse``)."""
        text = sent.text
        if text not in self._tolls:
            self._tolls[text] = fill_from_parse(sent, read_toll(text))
        return self._tolls[text]

    def _lead_cues(self, mentions: list[Mention]) -> list[Mention]:
        """Give ownerless cues of the opening sentences to the article's lead event."""
        lead = next((m for m in sorted(mentions, key=lambda m: m.trigger.start)
                     if m.modality == "asserted" and m.date and self.lexicon.family(m.type) == "attack"), None)
        if lead is None:
            return mentions
        art = self.article
        cues = tuple(
            Cue(c.kind, c.target_text, _ev(art, c.start, c.end, "cue.lead." + c.kind),
                target_type=t.type if t is not None else None,
                target_mention=mention_id(art.id, t.triggers[0].start_char, t.type) if t is not None else None)
            for c in lead_cues(self.doc, self.frames, self.lexicon) for t in (c.target_frames or [None])
        )
        return [m.replace(cues=m.cues + cues) if m is lead and cues else m for m in mentions]

    def _follow_up(self, sent: Span) -> Span | None:
        """"They caused no casualties or damage": the next sentence, when it tells no event
        of its own and opens on a pronoun, still speaks of this one."""
        nxt = sent.doc[sent.end].sent if sent.end < len(sent.doc) else None
        if nxt is None or self.frames_in(nxt):
            return None
        return nxt if nxt[0].lower_ in ("they", "it", "there", "no", "none") else None

    def frames_in(self, sent: Span) -> list[Frame]:
        return [f for f in self.frames if f.sent == sent and self.lexicon.family(f.type) == "attack"]

    # -- mentions -----------------------------------------------------------
    def build(self) -> list[Mention]:
        mentions: list[Mention] = []
        previous: tuple[Frame, Mention] | None = None
        for frame in self.frames:
            mention = self._mention(frame)
            if previous is not None:
                mention = self._continue(previous, frame, mention)
            if self.lexicon.family(frame.type) == "attack" and mention.modality == "asserted":
                previous = (frame, mention)
                self.anchor = mention.date or self.anchor
            mentions.append(mention)
        mentions = self._lead_cues(mentions)
        mentions = hand_cues_to_antecedents(mentions, self.lexicon, self.registry)
        mentions = attach_stances(mentions, self, self._stance_cues())
        return share_blame(mentions, self.lexicon.family, self.registry) if self.brief else mentions

    def _continue(self, previous: tuple[Frame, Mention], frame: Frame, mention: Mention) -> Mention:
        """"Another five rockets landed in a nearby village": a mention with neither date
        nor place, right after a dated one of the same type, continues that report."""
        prev_frame, prev = previous
        if mention.date or mention.location or mention.modality != "asserted" or mention.type != prev.type:
            return mention
        gap = self.sent_index[frame.sent.start] - self.sent_index[prev_frame.sent.start]
        if not (1 <= gap <= 2 or (self.brief and gap >= 1)):   # a brief tells one story
            return mention
        date = prev.date.replace(evidence=prev.date.evidence and prev.date.evidence.replace(rule="dates.continued")) if prev.date else None
        additive = any(c.lower_ in ("another", "more") for c in frame.head.children)
        return mention.replace(date=date, location=prev.location, continues=prev.id, additive=additive)

    def _mention(self, frame: Frame) -> Mention:
        art = self.article
        trig = frame.triggers[0]
        date = self._date(frame)
        location = self._location(frame)
        perpetrator, stances = None, []
        for span, how in perpetrator_phrases(frame):
            ref = self._agent(span, f"perpetrator.{how}")
            if ref is None:
                continue
            perpetrator = perpetrator or ref
            kind = "suspected" if ref.evidence is not None and ".suspected" in ref.evidence.rule else "attributed"
            kind = "claimed" if how == "claim" else kind
            if (how in ("subject", "modifier", "claim") or kind == "suspected") and self.lexicon.family(frame.type) == "attack" \
                    and not self._nobody_in_particular(ref):
                stances.append(Stance(kind, ref, None, art.id, _span_ev(art, frame.sent, "stance." + kind)))
        if perpetrator is None and frame.introduced_by is not None:
            for span, how in perpetrator_phrases(frame.introduced_by):
                perpetrator = self._agent(span, "perpetrator.list")
                if perpetrator is not None:
                    stances.append(Stance("attributed", perpetrator, None, art.id,
                                          _span_ev(art, frame.introduced_by.sent, "stance.attributed")))
                    break
        if self.brief and (perpetrator is None or (not stances and self._nobody_in_particular(perpetrator))) and \
                self.lexicon.family(frame.type) == "attack":
            # no one named, or only "gunmen": a named doer elsewhere in the sentence
            named, named_stances = self._sentence_agent(frame)
            if named is not None:
                perpetrator, stances = named, named_stances
        targets = tuple(self._target(s) for s in target_phrases(frame) if s.label_ not in ("DATE", "TIME"))
        victims = tuple(classify(self._actor(s, "victim"), self.registry) for s in victim_phrases(frame))
        count, count_ev = self._weapon_count(frame)
        kinetic = len(self.frames_in(frame.sent))
        toll, cas_ev = self._casualties(frame, kinetic)
        killed, injured = toll.killed, toll.injured
        cues = tuple(
            Cue(c.kind, c.target_text, _ev(art, c.start, c.end, "cue." + c.kind),
                target_type=t.type if t is not None else None,
                target_mention=mention_id(art.id, t.triggers[0].start_char, t.type) if t is not None else None)
            for c in frame_cues(frame, self.frames, self.lexicon) for t in (c.target_frames or [None])
        ) if self.lexicon.family(frame.type) == "attack" else ()
        modality = frame.modality
        anchored = bool(date or (location and location.precision != "country") or count.known
                        or killed.known or injured.known or any(v.type == "person" for v in victims))
        plural = frame.head.tag_ in ("NNS", "NNPS")
        dets = {c.lower_ for c in frame.head.children if c.dep_ == "det"}
        definite = bool(dets & {"the", "this", "that", "these", "those"})
        if self.brief and not anchored:
            # a wire brief or a feed item is the report itself: nothing earlier for it to retell
            anchored = bool(perpetrator or targets or victims or location or not plural)
        if modality == "asserted" and self.lexicon.family(frame.type) not in ("statement",):
            if not anchored:
                modality = "generic" if plural and not definite else "anaphoric"
            elif frame.type == "attack.other" and plural and not (date and count.known):
                modality = "generic"      # "attacks in the West", "the latest attacks in Iraq"
            elif frame.type == "attack.other" and definite and not count.known:
                modality = "anaphoric"    # "after the strike Tuesday evening" retells an event
            elif dets & {"these", "those"}:
                modality = "anaphoric"    # "these two attacks" points back
        speaker_span = speaker(frame.sent, self.lexicon)
        source = self.registry.resolve_speaker(speaker_span.text, frame.sent.text) if speaker_span is not None else None
        return Mention(
            id=mention_id(art.id, trig.start_char, frame.type),
            article=art.id, type=frame.type, modality=modality,
            trigger=_span_ev(art, trig, _type_rule(frame)),
            sentence=_span_ev(art, frame.sent, "sentence"),
            published=art.published, published_source=art.published_source, date=date, location=location, perpetrator=perpetrator,
            stances=tuple(stances), targets=targets, victims=victims,
            weapon_class=self.lexicon.weapon_class(frame.type),
            weapon_count=count, weapon_evidence=count_ev,
            killed=killed, injured=injured, attackers_killed=toll.attackers_killed, casualties_evidence=cas_ev,
            cues=cues, source_actor=source, country_hint=self.country_hint,
            type_model=frame.model, type_probability=frame.probability,
        )

    def _sentence_agent(self, frame: Frame) -> tuple[ActorRef | None, list[Stance]]:
        """A named doer of harm elsewhere in the frame's sentence (roles.sentence_agents), when
        the frame's own words name no one; descriptions ("gunmen") are left to the frame."""
        named = []
        others = frozenset(i for f in self.frames if f is not frame and f.sent == frame.sent for i in f.tokens)
        for span, how in sentence_agents(frame.sent, others):
            ref = self._agent(span, f"perpetrator.sentence_{how}")
            entry = self.registry.actors.get(ref.id) if ref is not None and ref.id else None
            if ref is not None and ref.id is not None and not (entry is not None and entry.get("generic")) and (
                    how not in ("clash", "loose") or ref.type == "armed_group") and (
                    ref.type != "state" or frame.type in STATE_WEAPON_TYPES):   # "Colombo, Sri Lanka kills"
                named.append(ref)
        if not named:
            return None, []
        # an armed group before a state's forces: "soldiers ... when Boko Haram fighters raided"
        ref = next((r for r in named if r.type == "armed_group"), named[0])
        kind = "suspected" if ref.evidence is not None and ".suspected" in ref.evidence.rule else "attributed"
        art = self.article
        return ref, [Stance(kind, ref, None, art.id, _span_ev(art, frame.sent, "stance." + kind))]

    def _stance_cues(self) -> list[StanceCue]:
        out: list[StanceCue] = []
        for sent in self.doc.sents:
            out.extend(sentence_stances(sent, self.lexicon))
        return out


def _type_rule(frame: Frame) -> str:
    """The type's provenance: "event_type.v1 p=0.87" when the model chose it."""
    if frame.model is None:
        return "lexicon.v1"
    return f"{frame.model} p={frame.probability:.2f}" if frame.probability is not None else frame.model


def mention_id(article_id: str, trigger_start: int, type_: str) -> str:
    key = f"{article_id}|{trigger_start}|{type_}"
    return "m_" + hashlib.sha1(key.encode()).hexdigest()[:12]


def _precision(when: When) -> int:
    return {"day": 4, "week": 3, "month": 2, "year": 1}.get(when.precision, 0)


def _attack(m: Mention, lexicon_family) -> bool:
    return lexicon_family(m.type) == "attack"


def extract_mentions(doc: Doc, article: Article, lexicon: Lexicon, registry: ActorRegistry) -> list[Mention]:
    return MentionBuilder(doc, article, lexicon, registry).build()
