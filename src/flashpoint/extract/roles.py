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

from .frames import Frame, subject_of

CARRY_VERBS = {"launch", "fire", "carry", "conduct", "stage", "mount", "claim", "unleash", "order", "perform", "aim", "use"}
# Verbs whose subject speaks about, suffers or stops an event it did not carry out:
# "Authorities blamed the attack on ...", "the UN condemned the bombing", "troops repelled an attack".
NOT_CARRY_VERBS = {"blame", "condemn", "denounce", "deny", "decry", "criticize", "criticise", "investigate", "probe",
                   "report", "confirm", "describe", "witness", "survive", "repel", "repulse", "foil", "thwart", "prevent",
                   "avert", "escape", "mourn", "protest", "accuse", "attribute", "link", "suspect", "call", "see",
                   "record", "document", "verify", "say", "tell", "announce", "follow", "intercept", "stop", "halt",
                   "block", "counter", "resist", "fight", "suffer", "face", "fear", "warn", "threaten", "expect"}
TARGET_PREPS = {"on", "against", "at", "targeting"}
# Words for a state's own forces that modify an event noun: "government airstrikes", "junta shelling".
STATE_WORDS = {"government", "regime", "junta", "army", "military"}
HARM_VERBS = {"kill", "wound", "injure", "hurt", "abduct", "kidnap", "detain", "arrest", "execute", "assassinate"}
# "militants belonging to X", "gunmen linked to X": the people's group
MEMBER_WORDS = {"belong", "belonging", "link", "linked", "affiliate", "affiliated", "loyal", "allied", "tied", "connected"}
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


@lru_cache(maxsize=1)
def _metonyms(registry) -> frozenset[str]:
    from ..resolve.actors import normalise

    return frozenset(normalise(m) for a in registry.actors.values() for m in a.get("metonyms") or [])


def _nobody(token: Token) -> bool:
    """"No group claimed responsibility", "nobody has claimed", "no one": a subject that names no one."""
    return token.lower_ in ("nobody", "none", "noone") or any(
        c.dep_ == "det" and c.lower_ in ("no", "neither") for c in token.children)


def _bare_participle(verb: Token) -> bool:
    """"Two killed, four soldiers injured and ...": a harm participle with no object and no
    auxiliary is a passive with "were" left out, and its subject is the victim."""
    return verb.tag_ == "VBN" and verb.lemma_.lower() in HARM_VERBS and not any(
        c.dep_ in ("dobj", "aux", "auxpass") for c in verb.children)


def _member_of(token: Token) -> list[Span]:
    """"Militants belonging to Boko Haram", "gunmen linked to ISIL", "fighters loyal to X":
    the group the phrase's people belong to."""
    out = []
    for clause in token.children:
        if clause.dep_ in ("acl", "amod") and clause.lemma_.lower() in MEMBER_WORDS:
            for prep in clause.children:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
                    out += [_phrase(obj) for obj in prep.children if obj.dep_ == "pobj"]
    return out


def _before_trigger(span: Span) -> Span | None:
    """A name written just before a noun trigger, in its noun phrase: "a Hamas suicide
    bomber", "an LTTE car bomb", "a Taliban ambush" (the parse often hangs it elsewhere)."""
    i = span.start - 1
    doc = span.doc
    while i >= span.sent.start and doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "NUM") and not doc[i].is_punct:
        if doc[i].ent_type_ in ("ORG", "NORP"):
            return _phrase(doc[i])
        i -= 1
    return None


def perpetrator_phrases(frame: Frame) -> list[tuple[Span, str]]:
    """(phrase, how) pairs, best first: how is subject | claim (subject of "claim") | agent | modifier."""
    found: list[tuple[Span, str]] = []
    triggers = frame.tokens
    for tok in _carriers(frame):
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in NOT_CARRY_VERBS and not _bare_participle(tok):
            # (a frame the classifier found may sit on "blamed" or "suspected": its subject accuses)
            subj = subject_of(tok)
            if subj is not None and subj.dep_ == "nsubj" and subj.pos_ != "PRON" and subj.i not in triggers \
                    and not _nobody(subj):
                # "X claimed the blast": X says it did it
                how = "claim" if tok.lemma_.lower() == "claim" else "subject"
                found += [(group, how) for group in _member_of(subj)]
                # "Six attackers, suspected members of ISIL, seized ...": the apposition names them
                found += [(_phrase(a), how) for a in subj.children if a.dep_ == "appos" and a.i > subj.i + 1]
                found.append((_phrase(subj), how))
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
            ) and not _city_name(_phrase(child)):
                found.append((_phrase(child), "modifier"))
    for span in frame.triggers:
        name = _before_trigger(span) if span.root.pos_ in ("NOUN", "PROPN") else None
        if name is not None:
            found.append((name, "modifier"))
    seen, out = set(), []
    for span, how in found:
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            out.append((span, how))
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
                "gun", "hold", "kill", "use", "stage", "mount", "bombard", "shell", "post", "send", "detain", "invade"}
ATTACK_NOUNS = {"attack", "attacks", "bombing", "bombings", "ambush", "raid", "massacre", "kidnapping", "killing",
                "killings", "assassination", "hijacking", "shooting", "blast", "explosion", "bomb", "bombs", "assault",
                "siege", "abduction", "murder", "murders", "execution", "executions", "landmine", "mine", "fire"}


def sentence_agents(sent: Span) -> list[tuple[Span, str]]:
    """(phrase, how) for every doer of harm in the sentence: the subject of an attack verb
    ("Black September kidnaps and kills eleven athletes"), a name compounded onto one ("ETA
    bombs a convoy"), "by X" on a harm verb or an attack noun ("was killed ... by ETA", "an
    ambush by Boko Haram"). The caller keeps only named actors."""
    found: list[tuple[Span, str]] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in ATTACK_VERBS and not _bare_participle(tok) and not any(
                c.dep_ == "dobj" and c.lemma_.lower() in ("responsibility", "credit") for c in tok.children):
            subj = subject_of(tok)
            if subj is not None and subj.dep_ == "nsubj" and subj.pos_ != "PRON" and not _nobody(subj):
                found += [(group, "subject") for group in _member_of(subj)]
                found += [(_phrase(a), "subject") for a in subj.children if a.dep_ == "appos" and a.i > subj.i + 1]
                found.append((_phrase(subj), "subject"))
        if lemma in ATTACK_VERBS or tok.lower_ in ATTACK_NOUNS:
            # "ETA bombs a police convoy", "Black September kidnaps ...": the parser took the
            # verb for a noun and the name for its modifier
            found += [(_phrase(c), "subject") for c in tok.children
                      if c.dep_ in ("compound", "amod") and c.i < tok.i and c.ent_type_ == "ORG"]
        if tok.dep_ in ("agent", "prep") and tok.lower_ == "by" and tok.head.lemma_.lower() not in NOT_CARRY_VERBS:
            # "was killed ... by ETA", "an ambush by Boko Haram", "bombings targeting a shop by
            # the PIRA": wherever the parser hangs it, "by" + a name in an attack sentence
            for obj in tok.children:
                if obj.dep_ == "pobj":
                    found += [(group, "agent") for group in _member_of(obj)]
                    found.append((_phrase(obj), "agent"))
    seen, out = set(), []
    for span, how in found:
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            out.append((span, how))
    return out
