"""Responsibility stances in a sentence: claimed, attributed, suspected, denied, unclaimed.

Each cue in data/lexicon.yaml (``stances``) is found in the sentence text; the actor
who holds the stance is read from the parse around the cue:
- "X claimed responsibility", "X denied ...": the subject of the cue's verb;
- "claimed by X", "the hallmarks of X", "the work of X", "carried out by X": the
  phrase after the cue;
- "X likely ...", "X appeared to ...": the subject the hedge modifies.
Who *reports* the stance (the source actor) is the subject of a speech verb in the
sentence ("US officials said ...") or the object of "according to".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..records import ActorRef, Mention, Stance
from .lexicon import Lexicon, Words, may_occur
from .roles import _member_of, _nobody, _phrase



@dataclass
class StanceCue:
    stance: str
    actors: list[Span]          # candidate phrases for who holds the stance, best first
    source: Span | None
    cue_start: int   # char offsets of the cue in the doc
    cue_end: int
    sent: Span


def _token_at(sent: Span, char: int) -> Token:
    for tok in sent:
        if tok.idx <= char < tok.idx + len(tok.text) or tok.idx >= char:
            return tok
    return sent.root


def _subject(tok: Token) -> Token | None:
    node = tok
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i != tok.i:
                return child
        if node.head is node:
            return None
        node = node.head
    return None


def _after(sent: Span, char: int, limit: int = 15) -> list[Span]:
    """Noun phrases after a cue ending at ``char``, in order (the caller picks the first actor)."""
    out: list[Span] = []
    for tok in sent:
        if tok.idx < char or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if len(out) >= limit:
            break
        head = tok
        while head.dep_ in ("compound", "amod", "npadvmod") and head.head is not head and head.head.i > head.i:
            head = head.head
        # "the work of Tamil terrorists belonging to the LTTE": the group before its members
        for span in [*_member_of(head), _phrase(head)]:
            if all((span.start, span.end) != (o.start, o.end) for o in out):
                out.append(span)
    return out


def speaker(sent: Span, lexicon: Lexicon) -> Span | None:
    """Who the sentence is attributed to: "X said", "according to X"."""
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 2 < sent.end and tok.nbor().lower_ == "to":
            return _phrase(tok.nbor(2)) if tok.nbor(2).i < sent.end else None
    for tok in sent:
        if tok.lemma_.lower() in lexicon.speech_verbs and tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ == "nsubj" and child.pos_ != "PRON":
                    return _phrase(child)
    return None


# participles that make the name before them a modifier of the next ("Al-Qaeda linked Abu Sayyaf")
_SPONSOR_WORDS = {"linked", "inspired", "backed", "affiliated", "allied", "aligned", "sponsored", "supported", "led",
                  "based", "trained", "funded", "armed"}
# a one-word hedge that may stand right before the suspect's name ("gunmen, presumably AQIM, ...")
_HEDGE_ADVERBS = {"presumably", "probably", "likely", "possibly", "apparently", "allegedly", "reportedly"}
# the last word of a suspicion cue whose grammatical subject is the suspect ("X is believed to be behind")
_DOER_ENDS = ("responsible", "behind", "blame")
# unclaimed and claimed first: "no group has claimed" must not read as a claim
_ORDER = {"unclaimed": 0, "denied": 1, "claimed": 2, "suspected": 3}


def _ordered(lexicon: Lexicon) -> list[tuple[str, re.Pattern]]:
    return sorted(lexicon.stance_patterns, key=lambda p: _ORDER.get(p[0], 9))


def sentence_stances(sent: Span, lexicon: Lexicon) -> list[StanceCue]:
    """The stance cues of one sentence. In a sentence ``parse.ArticleParser`` left unparsed
    (no tags, a flat placeholder tree, no entities) only an "unclaimed" cue can stand, since
    every other reading needs a subject, a noun phrase, a verb or a named entity: the other
    patterns, the blame verbs and the speaker are not looked for there."""
    text = sent.text
    base = sent.start_char
    parsed = bool(sent[0].tag)
    taken: list[tuple[int, int]] = []
    cues: list[StanceCue] = []
    said: list[Span | None] = []     # the speaker, found when a cue first needs it

    def source_() -> Span | None:
        if not said:
            said.append(speaker(sent, lexicon))
        return said[0]

    words = Words(text)
    for stance, pattern in _ordered(lexicon):
        if (not parsed and stance != "unclaimed") or not may_occur(pattern, words):
            continue
        for m in pattern.finditer(text):
            s, e = base + m.start(), base + m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            cue_tok = _token_at(sent, s)
            actors: list[Span] = []
            phrase = m.group(0).lower()
            subj = _subject(cue_tok)
            if subj is not None and _nobody(subj):
                subj = None       # "No group claimed responsibility, but X is suspected": not "no group"
            if stance == "unclaimed":
                if subj is not None and subj.pos_ != "PRON" and subj.lower_ not in ("group", "one", "nobody", "claim"):
                    actors = [_phrase(subj)]
            elif stance == "suspected" and phrase in _HEDGE_ADVERBS and _name_at(sent, e) is not None:
                # "forty assailants, presumably AQIM, attacked": the name right after the hedge
                actors = [_name_at(sent, e)]
            elif stance == "suspected" and phrase.split()[-1] in _DOER_ENDS:
                # "X is believed to be responsible", "X is thought to have been behind the attack",
                # "X is to blame": the subject is the suspect, whatever hedge comes before
                actors = ([*_member_of(subj), _phrase(subj)] if subj is not None and subj.pos_ != "PRON"
                          else _named_before(sent, cue_tok))
            elif phrase.split()[-1] in ("by", "of", "on", "from") or phrase.endswith("attributed to") or (
                    stance == "suspected" and phrase.split()[0] in ("hallmarks", "bear", "bears", "bore", "believed",
                                                                    "blamed", "widely", "almost")):
                actors = _after(sent, e)
            elif stance == "suspected" and cue_tok.lemma_.lower() == "suspect" and cue_tok.pos_ == "VERB" and any(
                    c.dep_ == "dobj" for c in cue_tok.children):
                # "police suspected al-Shabaab": the object is the suspect, the subject who suspects
                actors = [_phrase(c) for c in cue_tok.children if c.dep_ == "dobj"]
            elif stance == "suspected" and cue_tok.lemma_.lower() == "suspect" and cue_tok.pos_ == "VERB" and any(
                    c.dep_ == "nsubj" for c in cue_tok.children):
                # "officials suspected the Taliban carried it out": the suspect is the clause's
                # subject; "officials suspected this attack was revenge" names none
                actors = [_phrase(g) for c in cue_tok.children if c.dep_ == "ccomp"
                          for g in c.children if g.dep_ in ("nsubj", "nsubjpass") and g.pos_ != "PRON"]
                if not actors:
                    continue
            elif stance == "suspected" and _names_after(text[m.end():]):
                # "gunmen suspected to be members of the ADF": the group named after the cue
                actors = _after(sent, e) + ([_phrase(subj)] if subj is not None and subj.pos_ != "PRON" else [])
            elif subj is not None and subj.pos_ != "PRON":
                actors = [_phrase(subj)]
            elif stance == "suspected" and subj is None:
                actors = _named_before(sent, cue_tok)     # "..., but Islamic State affiliated X is suspected"
            elif subj is not None and source_() is not None:
                actors = [source_()]   # "we deny ...", "it carried out ..." -> the speaker
            actors = [a for a in actors if not _nobody(a.root)]     # "No group ...; however, ..."
            if actors and all(_sponsor(a) for a in actors):
                # "Al-Qaeda linked Abu Sayyaf is suspected", "An al-Qaeda inspired group, Ansar Beit
                # al-Maqdis, claimed ...": the name before "linked" only describes the one named next
                actors = [a for a in _named_before(sent, cue_tok) if not _sponsor(a)]
            if stance != "unclaimed" and not actors:
                continue
            cues.append(StanceCue(stance, actors, source_(), s, e, sent))
    if parsed:
        cues.extend(c for c in _blame_cues(sent, source_) if not any(c.cue_start < te and ts < c.cue_end for ts, te in taken))
    return cues


def _named_before(sent: Span, cue: Token) -> list[Span]:
    """Names in the cue's own clause before it, nearest first: the parser often leaves "X is
    suspected" after "No group claimed responsibility, but" without a subject."""
    out: list[Span] = []
    for tok in reversed(sent[: cue.i - sent.start]):
        if tok.lower_ in ("but", "however", ";", "although", "though", "while"):
            break
        if tok.ent_type_ in ("ORG", "NORP", "PERSON") and tok.ent_iob_ == "B" or (
                tok.ent_type_ in ("ORG", "NORP", "PERSON") and tok.i == sent.start):
            ent = next((e for e in sent.ents if e.start == tok.i), None)
            if ent is not None:
                out.append(ent)
    return out


def _name_at(sent: Span, char: int) -> Span | None:
    """The organisation or group named by the entity that starts right after ``char``."""
    after = [t for t in sent if t.idx >= char]
    if after and after[0].ent_iob_ == "B" and after[0].ent_type_ in ("ORG", "NORP"):
        return next((e for e in sent.ents if e.start == after[0].i), None)
    if not after or after[0].pos_ != "PROPN" or after[0].ent_type_:
        return None
    end = after[0].i + 1         # a name the tagger left out of its entities ("presumably AQIM")
    while end < sent.end and sent.doc[end].pos_ == "PROPN" and not sent.doc[end].ent_type_:
        end += 1
    return sent.doc[after[0].i:end]


def _sponsor(span: Span) -> bool:
    """A name written as a modifier of another: "Al-Qaeda linked", "Iran-backed", "IS-inspired"."""
    doc, i = span.doc, span.end
    if i < len(doc) and doc[i].text in ("-", "\u2013"):
        i += 1
    return i < len(doc) and doc[i].lower_ in _SPONSOR_WORDS


def _names_after(rest: str) -> bool:
    """"suspected to be ...", "suspected of being ...": the suspect is named after the cue."""
    return rest.lstrip().lower().startswith(("to be ", "of being ", "to have been "))


def _blame_cues(sent: Span, source: Callable[[], Span | None]) -> list[StanceCue]:
    """"Authorities blamed the attack on X", "blamed X for the attack", "accused X of
    carrying out the bombing", "officials attributed the blast to X": an attribution to
    X, held by the verb's subject (else by ``source()``, the sentence's speaker)."""
    out = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in ("blame", "accuse", "attribute"):
            continue
        actors = []
        # the parser hangs "on X" on the verb or on its object ("blamed [the attack on X]")
        preps = [c for c in tok.children] + [g for c in tok.children if c.dep_ == "dobj" for g in c.children]
        if lemma in ("blame", "attribute"):
            word = "on" if lemma == "blame" else "to"
            for prep in preps:
                if prep.dep_ in ("prep", "dative") and prep.lower_ == word:
                    actors += [_phrase(c) for c in prep.children if c.dep_ == "pobj" and c.ent_type_ not in ("DATE", "TIME")]
        if lemma == "attribute":
            if actors:
                holder = next((c for c in tok.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
                out.append(StanceCue("attributed", actors, _phrase(holder) if holder is not None else source(),
                                     tok.idx, tok.idx + len(tok.text), sent))
            continue
        # "blamed X (for the attack)", "..., blaming X", "accused X of ...", and the passive "X was
        # blamed for the killing"; the caller takes the first phrase that names an actor, so "blamed
        # the attack" and "on Monday" give nobody
        actors += [_phrase(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if not actors:
            continue
        holder = next((c for c in tok.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if holder is None and tok.dep_ in ("advcl", "xcomp", "conj") and tok.head is not tok:
            # "..., the defence ministry said, blaming X": who blames is who spoke
            holder = next((c for c in tok.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        out.append(StanceCue("attributed", actors, _phrase(holder) if holder is not None else source(),
                             tok.idx, tok.idx + len(tok.text), sent))
    return out


_SHARED_KINDS = {"claimed", "suspected", "attributed"}


def share_blame(mentions: list[Mention], family, registry) -> list[Mention]:
    """In a brief (one story), the first-told attack takes who the brief names for it elsewhere.

    "A bomb exploded outside a bank, injuring two. No group claimed responsibility, but
    Hezbollah is suspected." and "Gunmen fired on two buses. ... Al-Shabaab claimed the
    attack.": the stance sits on a later mention (the classifier's frame on the claim
    sentence, or "the attack" typed otherwise) that fusion may keep apart from the first
    telling. When the first asserted attack names no one but "gunmen", it gets the later
    claims and suspicions, and the attributions to an armed group or a named person (an
    army acting later in a brief is more often the response than the attack)."""
    attacks = sorted((m for m in mentions if family(m.type) == "attack"), key=lambda m: m.trigger.start)
    first = next((m for m in attacks if m.modality == "asserted"), None)
    if first is None or any(_named_actor(s.actor, registry) for s in first.stances):
        return mentions
    shared, seen = [], set()
    answered = _answered(mentions)
    for m in sorted(mentions, key=lambda m: m.trigger.start):
        if m is first or family(m.type) not in ("attack", "statement") or m.id in answered:
            continue
        # "This attack was carried out by the LTTE": an agent gives a perpetrator but no stance
        told = [] if m.perpetrator is None or m.modality not in ("asserted", "anaphoric") else \
            [Stance("attributed", m.perpetrator, None, m.article, m.sentence.replace(rule="stance.attributed"))]
        for s in list(m.stances) + told:
            if s.stance not in _SHARED_KINDS or not _named_actor(s.actor, registry):
                continue
            if s.stance == "attributed" and (s.actor.type or "armed_group") not in ("armed_group", "person"):
                continue
            key = (s.actor.id or s.actor.name, s.stance)
            if key not in seen:
                seen.add(key)
                shared.append(s)
    if not shared:
        return mentions
    return [m.replace(stances=m.stances + tuple(shared)) if m is first else m for m in mentions]


def _answered(mentions: list[Mention]) -> set[str]:
    """Mentions that another one answers ("in retaliation for an IRA bombing earlier in the
    day"): another event, whose doer is not the brief's."""
    out = set()
    for m in mentions:
        for cue in m.cues:
            if cue.target_mention:
                out.add(cue.target_mention)
            at = cue.evidence.start
            out |= {x.id for x in mentions if x.id != m.id and at <= x.trigger.start <= at + len(cue.evidence.text)
                    + len(cue.target_text) + 2}
    return out


def _named_actor(actor: ActorRef | None, registry) -> bool:
    """A named actor: a registry one that is not a description ("gunmen"), or a named group it lacks."""
    if actor is None or actor.id is None:
        return False
    entry = registry.actors.get(actor.id)
    return entry is None or not entry.get("generic")
