"""How a place span hangs on the event in its sentence: the relation (locative, of_phrase,
possessive, object, modifier, facility_town ...) and the preposition that governs it, and
whether the place sits inside a happening set at another time ("after crowds in Kerman ...")."""

from __future__ import annotations

from spacy.tokens import Span

from .vocabulary import (BARE_PREPS, DISTANCE_WORDS, ENTRY_VERBS, ORIGIN_PREPS, PROJECTILE_WORDS,
                         SPEAKING_VERBS)


class Hanging:
    """The syntax half of ``EventPlaceFinder``: how a span is tied to the event's trigger."""

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
