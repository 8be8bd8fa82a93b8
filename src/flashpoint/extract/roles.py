"""Who did it, to what, to whom: perpetrator, target and victim phrases of a frame.

Read from the dependency parse around the frame's triggers:
- perpetrator: the subject of the verb that carries the event ("Iran launched
  missiles"), the agent of a passive ("was carried out by X"), or a modifier of a
  noun trigger ("US airstrikes", "an Israeli airstrike", "Iran's attack");
- target: what the event is "on", "against", "at" or "targeting";
- victim: the object of "killed"/"wounded" ("killed Major General Qassem Soleimani").
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from ..resolve.actor_words import member_words
from .frames import Frame, subject_of

CARRY_VERBS = {"launch", "fire", "carry", "conduct", "stage", "mount", "claim", "unleash", "order", "perform", "aim", "use"}
# Verbs whose subject speaks about, suffers or stops an event it did not carry out:
# "Authorities blamed the attack on ...", "the UN condemned the bombing", "troops repelled an attack".
NOT_CARRY_VERBS = {"blame", "condemn", "denounce", "deny", "decry", "criticize", "criticise", "investigate", "probe",
                   "report", "confirm", "describe", "witness", "survive", "repel", "repulse", "foil", "thwart", "prevent",
                   "avert", "escape", "mourn", "protest", "accuse", "attribute", "link", "suspect", "call", "see",
                   "record", "document", "verify", "say", "tell", "announce", "follow", "intercept", "stop", "halt",
                   "block", "counter", "resist", "fight", "suffer", "face", "fear", "warn", "threaten", "expect"}
# "The police officers inside were unharmed": a frame the classifier put on a copula has no doer as subject
COPULAS = {"be", "have", "get", "become", "remain", "seem"}
TARGET_PREPS = {"on", "against", "at", "targeting"}
# Weapons a state wields by name ("US airstrikes", "Israel strikes"): with other event words a
# country's name says where ("2016 Afghanistan bombings", "Cameroon clashes"), not who
STATE_WEAPON_TYPES = {"attack.airstrike", "attack.missile", "attack.drone", "attack.rocket", "attack.other"}
# Words for a state's own forces that modify an event noun: "government airstrikes", "junta shelling".
STATE_WORDS = {"government", "regime", "junta", "army", "military"}
HARM_VERBS = {"kill", "wound", "injure", "hurt", "abduct", "kidnap", "detain", "arrest", "execute", "assassinate"}
# "militants belonging to X", "gunmen linked to X": the people's group
EMBASSY_WORDS = {"embassy", "embassies", "consulate", "mission", "parliament", "ministry", "school", "bus", "church",
                 "mosque", "hotel", "restaurant", "market", "office", "offices", "headquarters"}
MEMBER_WORDS = {"belong", "belonging", "link", "linked", "affiliate", "affiliated", "loyal", "allied", "tied", "connected",
                "tie", "associate", "associated", "align", "aligned", "defect", "answer"}
# "an armed group made up of LTTE cadres", "a unit consisting of ...": what the people are
MADE_OF_WORDS = {"make", "consist", "compose"}
TARGET_NOUNS = {"convoy", "convoys", "base", "bases", "embassy", "consulate", "airport", "hangar", "troops", "forces",
                "targets", "target", "installation", "sites", "site", "garrison", "facility", "facilities", "compound",
                "positions", "position", "personnel", "vessel", "ship", "tanker", "checkpoint", "headquarters", "camp",
                "airbase", "airfield", "militia", "militias", "village", "town", "city", "soldiers", "patrol", "complex"}


def _phrase(token: Token) -> Span:
    """The entity covering ``token``, else its noun phrase (left modifiers + token)."""
    doc = token.doc
    if token.ent_type_:
        for ent in token.sent.ents:
            if ent.start <= token.i < ent.end:
                return ent
    left = token.left_edge.i
    right = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "appos") and child.left_edge.i == right:
            right = child.i + 1          # "the radical group Boko Haram"
    return doc[left:right]


def _carriers(frame: Frame) -> list[Token]:
    """The trigger roots and the verbs that carry them."""
    out = []
    for span in frame.triggers:
        root = span.root
        out.append(root)
        head = root.head
        if root.dep_ in ("dobj", "nsubjpass", "pobj", "attr") and head.pos_ in ("VERB", "AUX", "ADP"):
            verb = head.head if head.pos_ == "ADP" else head
            lemma = verb.lemma_.lower()
            # "Hamas killed 2 in a bombing": who kills in an attack carried it out
            harm_in = root.dep_ == "pobj" and head.lower_ == "in" and lemma in HARM_VERBS and verb.pos_ == "VERB"
            if lemma in CARRY_VERBS or harm_in or (root.dep_ != "pobj" and lemma not in NOT_CARRY_VERBS):
                out.append(verb)
    return out


def _city_name(span: Span) -> bool:
    """"the 2015 Beirut bombings", "the Kabul attack": a city (a capital the registry reads
    as its government) on an event noun says where, not who."""
    from ..resolve.actors import ActorRegistry, normalise

    if span.root.ent_type_ != "GPE":
        return False
    return normalise(span.text) in _metonyms(ActorRegistry.default())


def _country_name(span: Span) -> bool:
    """"Afghanistan" in "the 2016 Afghanistan bombings": a state's own name (not its demonym)."""
    from ..resolve.actors import ActorRegistry, normalise

    if span.root.ent_type_ != "GPE":
        return False
    return normalise(span.text) in _state_names(ActorRegistry.default())


@lru_cache(maxsize=1)
def _state_names(registry) -> frozenset[str]:
    from ..resolve.actors import normalise

    return frozenset(normalise(n) for a in registry.actors.values() if a["type"] == "state"
                     for n in [a["name"], *(a.get("aliases") or [])])


@lru_cache(maxsize=1)
def _metonyms(registry) -> frozenset[str]:
    from ..resolve.actors import normalise

    return frozenset(normalise(m) for a in registry.actors.values() for m in a.get("metonyms") or [])


def _nobody(token: Token) -> bool:
    """"No group claimed responsibility", "nobody has claimed", "no one": a subject that names no one."""
    return token.lower_ in ("nobody", "none", "noone") or any(
        c.dep_ == "det" and c.lower_ in ("no", "neither") for c in token.children)


def _subjects(verb: Token) -> list[Token]:
    """The verb's subjects, the nearest first: "2015 Baga massacre: Boko Haram militants
    opened fire" gives the parser two, the headline's noun and the doers. A verb without a
    subject of its own inherits the first verb's (``subject_of``)."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(own) > 1:
        return sorted(own, key=lambda c: -c.i)
    first = subject_of(verb)
    if first is None and (verb.dep_ == "xcomp" or (verb.dep_ == "acl" and any(
            c.dep_ == "nsubj" for c in verb.head.children))) and verb.head is not verb:
        first = subject_of(verb.head)      # "X tries to assassinate", "X attempted to bomb" (an acl when misparsed)
    return [first] if first is not None else []


# passive verbs of report that raise the doer of their complement: "X have been reported to have murdered"
RAISING_VERBS = {"report", "say", "believe", "think", "allege", "know", "understand", "suppose", "claim", "rumour",
                 "rumor", "presume"}


def _doer_subject(subj: Token, verb: Token) -> bool:
    """Whether ``subj`` may be the doer of ``verb``: its active subject, or the passive subject
    of a verb of report whose complement ``verb`` is ("X is said to have bombed ...")."""
    if subj.dep_ == "nsubj":
        return True
    return subj.dep_ == "nsubjpass" and verb.dep_ == "xcomp" and subj.head.i == verb.head.i and \
        verb.head.lemma_.lower() in RAISING_VERBS and not any(c.dep_ == "auxpass" for c in verb.children)


def _bare_participle(verb: Token) -> bool:
    """"Two killed, four soldiers injured and ...", "Rajiv Gandhi assassinated in a bomb
    blast": a harm verb with no object and no auxiliary (a participle, or one that says where
    or by whom) is a passive with "was" left out, and its subject is the victim."""
    return verb.lemma_.lower() in HARM_VERBS and not any(c.dep_ in ("dobj", "aux", "auxpass") for c in verb.children) \
        and (verb.tag_ == "VBN" or any(c.dep_ == "prep" and c.lower_ in ("in", "by", "during") for c in verb.children))


def _member_of(token: Token) -> list[Span]:
    """"Militants belonging to Boko Haram", "gunmen linked to ISIL", "fighters loyal to X":
    the group the phrase's people belong to."""
    out = []
    clauses = list(token.children)
    if token.dep_ == "nsubj" and token.head is not token:
        clauses.append(token.head)      # "terrorists belonging to the LTTE" parsed as a clause of its own
    for clause in clauses:
        lemma = clause.lemma_.lower()
        # "policemen who defected to Hamas", "a man who belonged to the IRA": a relative clause too
        if (clause.dep_ in ("acl", "amod", "relcl", "pcomp") or clause is token.head) and lemma in MEMBER_WORDS:
            for prep in clause.children:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
                    out += [_phrase(obj) for obj in prep.children if obj.dep_ == "pobj"]
        elif clause.dep_ == "acl" and lemma in MADE_OF_WORDS:
            for prep in clause.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    out += [_phrase(obj) for obj in prep.children if obj.dep_ == "pobj"]
    return out




def member_title(span: Span) -> Span | None:
    """The group written before a named person with a word for its member: "Hamas militant
    Izz al-Din al-Masri", "Black September member X", "a Medellin cartel hitman, X" gives the
    "Hamas" / "Black September" / "Medellin cartel" span; None when no such words precede."""
    doc = span.doc
    end = span.start - (1 if span.start > span.sent.start and doc[span.start - 1].text == "," else 0)
    if end - 1 < span.sent.start or doc[end - 1].lower_ not in member_words().titles:
        return None
    start = end - 1
    while start - 1 >= span.sent.start and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ") and \
            doc[start - 1].lower_ not in member_words().titles:
        start -= 1
    words = doc[start:end - 1]
    return words if len(words) and any(t.pos_ == "PROPN" or t.ent_type_ for t in words) else None


def _before_trigger(span: Span) -> Span | None:
    """A name written just before a noun trigger, in its noun phrase: "a Hamas suicide
    bomber", "an LTTE car bomb", "a Taliban ambush" (the parse often hangs it elsewhere)."""
    i = span.start - 1
    doc = span.doc
    while i >= span.sent.start and doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "NUM") and not doc[i].is_punct:
        if doc[i].ent_type_ in ("ORG", "NORP"):
            return _phrase(doc[i])
        if doc[i].lower_ in TARGET_NOUNS | EMBASSY_WORDS:
            return None      # "the Jordanian embassy bombing": the name is the target's
        if doc[i].pos_ == "PROPN" and not doc[i].ent_type_ in ("ORG", "NORP"):
            return None      # "the French Hill attacks": a place's name, whatever precedes it
        i -= 1
    return None


def perpetrator_phrases(frame: Frame) -> list[tuple[Span, str]]:
    """(phrase, how) pairs, best first: how is subject | claim (subject of "claim") | agent | modifier."""
    found: list[tuple[Span, str]] = []
    triggers = frame.tokens
    for tok in _carriers(frame):
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in NOT_CARRY_VERBS | COPULAS and not _bare_participle(tok):
            # (a frame the classifier found may sit on "blamed" or "suspected": its subject accuses)
            for subj in _subjects(tok):
                if not _doer_subject(subj, tok) or subj.pos_ == "PRON" or subj.i in triggers or _nobody(subj):
                    continue
                # "X claimed the blast": X says it did it
                how = "claim" if tok.lemma_.lower() == "claim" else "subject"
                found += [(group, how) for group in _member_of(subj)]
                # "Six attackers, suspected members of ISIL, seized ...": the apposition names them
                found += [(_phrase(a), how) for a in subj.children if a.dep_ == "appos" and a.i > subj.i + 1]
                found.append((_phrase(subj), how))
                break
        for child in tok.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found += [(group, "agent") for group in _member_of(obj)]
                        found.append((_phrase(obj), "agent"))
            elif tok.pos_ in ("NOUN", "PROPN") and child.dep_ == "acl" and child.pos_ == "VERB":
                # "an IED planted by the Taliban", "a bomb set off by the PIRA"
                for prep in child.children:
                    if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ == "by"):
                        found += [(_phrase(obj), "agent") for obj in prep.children if obj.dep_ == "pobj"]
            elif tok.pos_ in ("NOUN", "PROPN") and child.dep_ in ("poss", "compound", "amod", "nmod") and (
                child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or child.lower_ in STATE_WORDS
            ) and not _city_name(_phrase(child)) and not (frame.type not in STATE_WEAPON_TYPES and
                                                        _country_name(_phrase(child))):
                found.append((_phrase(child), "modifier"))
    for span in frame.triggers:
        name = _before_trigger(span) if span.root.pos_ in ("NOUN", "PROPN") else None
        if name is not None:
            found.append((name, "modifier"))
        found += _headline_doers(span.root)
    return _first_per_span(found)


def _headline_doers(root: Token) -> list[tuple[Span, str]]:
    """"Garissa University attack: Six gunmen associated with al-Shabaab opened fire ...",
    "2014 school massacre: Seven gunmen with ties to the TTP scaled the walls ...": an event
    noun heading its sentence before a colon; the parser hangs the sentence after it on the
    noun (its subject as an apposition, or its verb as a clause), or takes the noun for a
    second subject of the sentence's verb: that subject is the doer."""
    if root.dep_ not in ("ROOT", "nsubj") or root.pos_ not in ("NOUN", "PROPN") or root.i + 1 >= root.sent.end or \
            root.nbor().text != ":":
        return []
    out: list[tuple[Span, str]] = []
    if root.dep_ == "nsubj":
        for doer in (c for c in root.head.children if c.dep_ == "nsubj" and c.i > root.i and c.pos_ != "PRON"):
            out += [(group, "subject") for group in _member_of(doer)]
            out.append((_phrase(doer), "subject"))
        return out
    for child in root.children:
        if child.i <= root.i:
            continue
        doers = [child] if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") else []
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            doers = [c for c in child.children if c.dep_ == "nsubj" and c.pos_ != "PRON" and not _nobody(c)]
        for doer in doers:
            out += [(group, "subject") for group in _member_of(doer)]
            out.append((_phrase(doer), "subject"))
    return out


def target_phrases(frame: Frame) -> list[Span]:
    out = []
    for tok in _carriers(frame):
        if tok.head.lemma_.lower() in ("blame", "accuse", "attribute"):
            continue      # "blamed the attack on X": X is who did it, not what was hit
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        out.append(_phrase(obj))
                        out.extend(_phrase(c) for c in obj.children if c.dep_ == "conj")
            elif child.dep_ in ("dobj", "nsubjpass") and tok.lemma_.lower() in ("target", "attack", "hit", "strike", "storm"):
                out.append(_phrase(child))
            elif child.dep_ == "acl" and child.lemma_.lower() == "target":
                out.extend(_phrase(c) for c in child.children if c.dep_ == "dobj")
    return [s for s in out if s.root.ent_type_ or s.root.lower_ in TARGET_NOUNS or _kind_of_target(s)]


def _kind_of_target(span: Span) -> bool:
    """A phrase that names what was hit ("a police station", "a bus", "a church")."""
    from ..resolve.targets import default_lexicon

    return default_lexicon().by_words(span.text) is not None


def victim_phrases(frame: Frame) -> list[Span]:
    """Objects of the frame's own harm words: "killed Major General Qassem Soleimani",
    "Soleimani, who was killed in ...", "the killing of X", "Soleimani's killing"."""
    out = []
    own = frame.tokens
    near = own | {t.head.i for t in frame.sent if t.i in own} | {c.i for i in own for c in frame.sent.doc[i].children}
    for tok in frame.sent:
        if tok.i not in near and tok.head.i not in own:
            continue
        if tok.lemma_.lower() in HARM_VERBS and tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ in ("dobj", "nsubjpass") and child.pos_ in ("PROPN", "NOUN"):
                    out.append(_phrase(child))
                elif child.dep_ == "nsubjpass" and child.lower_ in ("who", "that") and tok.dep_ == "relcl":
                    head = tok.head                  # "Soleimani, the leader of ..., who was killed in ..."
                    while head.dep_ == "appos" and head.head is not head:
                        head = head.head
                    out.append(_phrase(head))
        elif tok.lower_ in ("killing", "death", "deaths", "assassination", "kidnapping", "abduction"):
            for child in tok.children:
                if child.dep_ == "poss":
                    out.append(_phrase(child))
                if child.dep_ == "prep" and child.lower_ == "of":
                    out.extend(_phrase(c) for c in child.children if c.dep_ == "pobj")
    return [s for s in out if s[0].lower_ not in ("no", "none") and s.root.ent_type_ not in ("DATE", "TIME")]


# Verbs whose subject did the harm, and nouns whose "by X" names who did it: read across the
# whole sentence when the frame's own words name no one ("X kidnaps and kills ...", a frame
# the classifier put on another word of the sentence).
ATTACK_VERBS = {"attack", "bomb", "kill", "shoot", "raid", "ambush", "kidnap", "abduct", "hijack", "storm", "assassinate",
                "murder", "behead", "execute", "massacre", "detonate", "explode", "fire", "launch", "plant", "seize",
                "overrun", "stab", "burn", "torch", "blow", "hit", "strike", "target", "take",
                "shootdown", "open", "carry", "throw", "set", "ram", "besiege", "capture", "slaughter", "lynch", "hack",
                "gun", "stage", "mount", "bombard", "shell", "detain", "invade"}
ATTACK_NOUNS = {"attack", "attacks", "bombing", "bombings", "ambush", "raid", "massacre", "kidnapping", "killing",
                "killings", "assassination", "hijacking", "shooting", "blast", "explosion", "bomb", "bombs", "assault",
                "siege", "abduction", "murder", "murders", "execution", "executions", "landmine", "mine", "fire"}


DOER_NOUNS = {"attackers", "attacker", "perpetrators", "perpetrator", "assailants", "assailant", "gunmen", "gunman",
              "bombers", "bomber", "culprits", "culprit", "killers", "killer", "shooter", "shooters", "kidnappers",
              "terrorist", "terrorists"}
_PRONOUNS = {"they", "he", "she"}
CLASH_NOUNS = {"clash", "clashes", "fighting", "firefight", "shootout", "gunfight", "gunbattle", "battle", "encounter",
               "confrontation", "skirmish", "skirmishes", "fight", "firefights", "shootouts", "gunfights", "battles",
               "encounters", "confrontations", "fights", "shooting", "gunbattles"}
OF_NOUNS = {"ambush", "attack", "attacks", "raid", "offensive", "assault", "incursion"}


def sentence_agents(sent: Span, skip: frozenset[int] = frozenset()) -> list[tuple[Span, str]]:
    """(phrase, how) for every doer of harm in the sentence: the subject of an attack verb
    ("Black September kidnaps and kills eleven athletes"), a name compounded onto one ("ETA
    bombs a convoy"), "by X" on a harm verb or an attack noun ("was killed ... by ETA", "an
    ambush by Boko Haram"). The caller keeps only named actors. Words in ``skip`` (the
    triggers of the sentence's other events) are not read: their doers are theirs. how is
    subject | agent | clash | loose (a "by" on a word that names no harm: only an armed
    group there)."""
    found: list[tuple[Span, str]] = []
    for tok in sent:
        if tok.i in skip:
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in ATTACK_VERBS and not _bare_participle(tok) and not any(
                c.dep_ == "dobj" and c.lemma_.lower() in ("responsibility", "credit") for c in tok.children) and \
                not _carries_no_attack(tok):
            for subj in _subjects(tok):
                if not _doer_subject(subj, tok) or subj.pos_ == "PRON" or _nobody(subj) or subj.lower_ in ATTACK_NOUNS:
                    continue
                found += [(group, "subject") for group in _member_of(subj)]
                found += [(_phrase(a), "subject") for a in subj.children if a.dep_ == "appos" and a.i > subj.i + 1]
                found.append((_phrase(subj), "subject"))
                break
        if lemma in ATTACK_VERBS or tok.lower_ in ATTACK_NOUNS:
            # "ETA bombs a police convoy", "Black September kidnaps ...": the parser took the
            # verb for a noun and the name for its modifier
            found += [(_phrase(c), "subject") for c in tok.children
                      if c.dep_ in ("compound", "amod") and c.i < tok.i and c.ent_type_ == "ORG"]
        doer = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in DOER_NOUNS | _PRONOUNS for c in tok.children) or (
            tok.dep_ == "acl" and tok.head.lower_ in DOER_NOUNS)
        if (lemma == "belong" or lemma in member_words().tie_verbs) and doer:
            # "officials said they believed the gunmen belonged to al-Shabaab", "the attacker is
            # affiliated with al-Shabaab", "the bomber was linked to the 15 May Organization"
            found += [(_phrase(obj), "loose") for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in (
                      "to", "with") for obj in prep.children if obj.dep_ == "pobj"]
        if lemma == "identify" and doer:
            # "The bomber was identified as a member of Hamas": the group he is one of
            found += [(_phrase(obj), "loose") for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "as"
                      for obj in prep.children if obj.dep_ == "pobj"]
        if lemma == "convict" and tok.pos_ == "VERB":
            # "X was convicted of the bombings", "X is convicted for placing the bomb": who did it
            for subj in (c for c in tok.children if c.dep_ == "nsubjpass" and c.pos_ != "PRON" and not _nobody(c)):
                found += [(group, "agent") for group in _member_of(subj)]
                found.append((_phrase(subj), "agent"))
        if lemma == "be" and any(c.dep_ == "nsubj" and c.lower_ in DOER_NOUNS for c in tok.children):
            # "The attackers were members of the ADF", "the perpetrator was X"
            found += [(_phrase(c), "subject") for c in tok.children if c.dep_ == "attr"]
        if tok.lower_ in CLASH_NOUNS | OF_NOUNS:
            # "a clash with PKK militants", "an ambush of the FARC": the other side, an armed
            # group (the caller keeps these only when the registry types them so)
            words = ("with", "against", "between") if tok.lower_ in CLASH_NOUNS else ("of",)
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in words:
                    for obj in prep.children:
                        if obj.dep_ != "pobj":
                            continue
                        # "fighting between the army and Al-Shabaab": either side may be the group
                        sides = [obj, *(c for c in obj.children if c.dep_ == "conj")] if prep.lower_ == "between" \
                            else [obj]
                        for side in sides:
                            found += [(group, "clash") for group in _member_of(side)]
                            found.append((_phrase(side), "clash"))
        if tok.dep_ in ("agent", "prep") and tok.lower_ == "by" and tok.head.lemma_.lower() not in NOT_CARRY_VERBS:
            # "was killed ... by ETA", "an ambush by Boko Haram", "bombings targeting a shop by
            # the PIRA": wherever the parser hangs it, "by" + a name in an attack sentence
            if tok.head.i in skip:
                continue
            head = tok.head
            how = "agent" if head.lemma_.lower() in ATTACK_VERBS | HARM_VERBS or head.lower_ in ATTACK_NOUNS else "loose"
            for obj in tok.children:
                if obj.dep_ == "pobj":
                    found += [(group, how) for group in _member_of(obj)]
                    found.append((_phrase(obj), how))
    return _first_per_span(found)


def _carries_no_attack(verb: Token) -> bool:
    """"security forces were carrying out a search operation", "troops staged a parade": a verb
    that carries whatever its object names is a doer's verb only when that object is an attack."""
    if verb.lemma_.lower() not in ("carry", "stage", "mount", "launch", "conduct"):
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # "carries out a series of bombings", "launched a wave of attacks": the attack is the "of"
    objects += [g for o in objects for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                for g in p.children if g.dep_ == "pobj"]
    return bool(objects) and not any(o.lower_ in ATTACK_NOUNS | _STRIKE_NOUNS for o in objects)


_STRIKE_NOUNS = {"strike", "strikes", "airstrike", "airstrikes", "offensive", "raids", "assaults", "ambushes"}


def _first_per_span(found: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """``found`` with each span kept once, with the reading first given for it."""
    seen: set[tuple[int, int]] = set()
    out = []
    for span, how in found:
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            out.append((span, how))
    return out
