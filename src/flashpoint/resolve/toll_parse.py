"""The toll the string reader misses, read from the dependency parse.

``read_toll`` reads a count where it stands next to its verb. When something stands
between them, it reads nothing:

    "127 civilians, who were travelling in three buses, were killed by the rebels."
    "Five persons were said to have been killed in the attack."
    "Four contractors were dragged from their car and killed."

The parse still links the verb to its victims: the passive subject of the toll verb (or
of the verb it is an ``xcomp`` or a passive ``conj`` of: "were said to have been killed",
"were dragged ... and killed"), the subject of "died", the object of an active toll verb
("killed Ananta Das, a blogger"), and the subject or object beside "dead" ("were shot
dead", "left five people dead"). That noun phrase is cut to its count: right-hand
modifiers (prepositions, relative clauses, appositions, asides between commas) go,
coordinated conjuncts stay. The cut phrase is then read by ``read_toll`` itself, as
"<phrase> were killed.", so bounds ("at least"), word numbers and attackers counted apart
from victims have one implementation.

``fill_from_parse(sentence, toll)`` only fills a figure ``toll`` left unknown; a figure the
string reader found always stands.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from spacy.tokens import Span, Token

from ..records import Bounds
from .toll import Toll, _sum, _words, read_toll

# Dependents that end the counted noun phrase: what stands right of its head and tells
# more about it ("civilians, who were travelling ...", "soldiers with the ISAF").
_CUT = frozenset(("prep", "relcl", "acl", "appos", "punct", "advcl", "parataxis", "cc", "conj", "dep", "npadvmod"))
# Heads of the phrase that are no victims even as a toll verb's subject or object.
_PRONOUNS = frozenset(("he", "she", "it", "they", "him", "her", "them", "himself", "herself", "themselves",
                       "itself", "who", "whom", "which", "that", "this", "these", "those", "we", "us", "you", "i"))
_KILLED_BY = frozenset(("fatally", "mortally"))   # "were fatally shot"
_MAX_CONJUNCTS = 4


@functools.lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    """Toll verb or adjective -> its kind (killed | injured)."""
    words = _words()
    out = {w: "injured" for w in words["injured_forward"] | words["injured_backward"]}
    out.update({w: "killed" for w in words["killed_forward"] | words["killed_backward"]})
    return out


def _kind(tok: Token) -> str | None:
    """The kind of toll ``tok`` reports as a verb or an adjective ("killed", "dead", "fatally shot")."""
    if tok.pos_ not in ("VERB", "ADJ", "AUX"):
        return None
    kind = _kinds().get(tok.lower_)
    to_death = any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children)
                   for c in tok.children)
    if kind is None and to_death and tok.pos_ == "VERB" and tok.lower_ not in _words()["not_to_death"]:
        return "killed"      # "were boiled to death", "was stabbed to death"
    if kind is None and (tok.lower_ in _words()["chained"] and any(c.lower_ in _KILLED_BY for c in tok.children)
                         or tok.lower_ in ("gunned", "mowed") and any(c.lower_ == "down" for c in tok.children)):
        return "killed"      # "were fatally shot", "was gunned down" (not "houses were burned down")
    return kind


def _vague(tok: Token) -> bool:
    """A toll word that does not tell which toll: negated ("were not killed"), an aim in the
    base form ("to kill", "will kill"), or shared by "or" ("either killed or wounded") or
    with a toll word of the other kind ("killing and wounding 20")."""
    if tok.tag_ == "VB" or any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.lower_ in ("died", "dies", "perished"):
        return False         # "was critically injured and died": one fate after the other
    kind = _kind(tok)
    linked = [c for c in tok.children if c.dep_ == "conj"] + ([tok.head] if tok.dep_ == "conj" else [])
    for other in linked:
        first = other if other.i == tok.head.i else tok   # the conjunction hangs on the first verb
        ccs = {c.lower_ for c in first.children if c.dep_ in ("cc", "preconj")}
        if ccs & {"or", "nor", "either"}:
            return True
        own = ("nsubjpass", "nsubj", "dobj", "npadvmod", "auxpass", "aux")
        if _kind(other) not in (None, kind) and not (_child(other, *own) and _child(tok, *own)):
            return True
    return False


def _child(tok: Token, *deps: str) -> Token | None:
    """The first dependent of ``tok`` in one of ``deps``. Of two subjects (a misparse), not a
    heading before a colon ("2004 Fallujah ambush: Four contractors were ..."), nor one with
    a toll of its own ("21 people where killed and eight others were wounded"), and else the
    first ("127 civilians, who were travelling in 3 buses and 2 trucks were killed")."""
    found = [c for c in tok.children if c.dep_ in deps
             and not any(_kinds().get(g.lower_) for g in c.children if g.dep_ in ("relcl", "acl"))]
    if len(found) > 1:
        doc = tok.doc
        found = [c for c in found if ":" not in (c.right_edge.text, doc[min(c.right_edge.i + 1, len(doc) - 1)].text)]
        if len(found) > 1 and any(c.dep_ == "conj" for c in found[1].children):
            last = max(t.i for t in found[0].subtree if not t.is_punct)
            if [t.text for t in doc[last + 1: found[1].left_edge.i]] == [","]:
                return None  # "the mayor's driver, a cyclist and two wardens": a list cut in two
    return found[0] if found else None


def _counted(tok: Token) -> bool:
    """Whether the phrase of ``tok`` holds a count ("two", "14"; not "the fourth journalist")."""
    return any(t.tag_ == "CD" for t in tok.subtree)


def _victims(tok: Token) -> tuple[Token, str] | None:
    """The head of the noun phrase that names whom toll word ``tok`` struck, and how the parse
    ties it to ``tok``: "object" (of an active verb), "passive" (its passive subject, or the
    passive subject of the verb it completes) or "subject" (of "died", or a bare count)."""
    if tok.lower_ == "dead" and tok.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advmod", "dobj") \
            and tok.head.i != tok.i:
        verb = tok.head      # "were shot dead", "were found dead", "left five people dead"
        if _vague(verb):
            return None
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i != tok.i), None)
        if obj is not None and not _child(verb, "nsubjpass"):
            return obj, "object"
        subject = _child(verb, "nsubj")
        if subject is not None and verb.lemma_ in ("be", "lie", "remain"):
            return subject, "subject"
        subject = _passive_subject(verb, tok)
        return (subject, "passive") if subject is not None else None
    obj = _child(tok, "dobj")
    if obj is not None:
        return (obj, "object") if not _child(tok, "auxpass") else None
    subject = _child(tok, "nsubjpass")
    if subject is not None:
        return subject, "passive"
    subject = _child(tok, "nsubj")
    if subject is not None and tok.lower_ in ("died", "dies", "perished", "dead"):
        return subject, "subject"   # "two soldiers died", "two people, aged 25 and 26, are dead"
    if tok.lower_ in ("died", "dies", "perished"):
        subject = _passive_subject(tok)   # "the policeman was critically injured and died"
        return (subject, "passive") if subject is not None else None
    if tok.tag_ in ("VBN", "VBD") and tok.dep_ == "conj" and _child(tok.head, "auxpass") \
            and not _child(tok, "aux", "auxpass", "dobj"):
        subject = _child(tok, "nsubj")   # "X was killed and his son wounded": a passive, its verb left out
        if subject is not None:
            return subject, "passive"
    if tok.tag_ != "VBN":
        return None
    if tok.dep_ == "acl" and tok.head.dep_ == "conj" and _kind(tok.head.head) and _child(tok.head.head, "auxpass"):
        return tok.head, "passive"       # "a police officer was killed and a soldier wounded"
    own = _child(tok, "npadvmod", "nsubj")
    if own is not None and own.pos_ in ("NUM", "NOUN") and _counted(own):
        return own, "subject"   # "and about forty injured", "and two others wounded" read as a clause
    if tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NUM", "NOUN") and _counted(tok.head):
        return tok.head, "subject"
    subject = _passive_subject(tok)
    return (subject, "passive") if subject is not None else None


def _passive_subject(verb: Token, dead: Token | None = None) -> Token | None:
    """The passive subject of ``verb``, or of the verb it completes or follows in a chain:
    "were said to have been killed", "were dragged from their car and killed" (``dead``: the
    "dead" of "and shot dead", which the parser may take for the verb's object)."""
    for _ in range(4):
        subject = _child(verb, "nsubjpass")
        if subject is not None:
            return subject
        own = [c for c in verb.children if c.dep_ in ("nsubj", "dobj") and (dead is None or c.i != dead.i)]
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i or own:
            return None
        verb = verb.head
    return None


def _trim(head: Token) -> list[Token]:
    """``head`` with the dependents left of it (its count, adjectives, compounds) and none to
    its right: "at least 13 people, all civilians," -> "at least 13 people". A count's own
    "of" stays where it names attackers or a subset ("two of the gunmen")."""
    out: list[Token] = []

    def walk(t: Token) -> None:
        for c in t.lefts:
            if c.dep_ not in _CUT or (c.dep_ == "punct" and c.text in ("-", "(", ")")):
                walk(c)
        out.append(t)
        if t.i != head.i:
            for c in t.rights:
                if c.dep_ not in _CUT:
                    walk(c)

    walk(head)
    if head.pos_ == "NUM" or head.lower_ in ("one", "some", "many", "most", "all", "several", "dozens", "scores"):
        of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            walk(of)
    return sorted(out, key=lambda t: t.i)


def _person(head: Token) -> bool:
    """Whether a name can be a victim: not a place or a date. The tagger calls some names of
    people an organisation; one told with "a blogger", "the mayor" after it is a person."""
    if head.pos_ != "PROPN" or head.ent_type_ in ("PERSON", ""):
        return True
    return head.ent_type_ == "ORG" and any(c.dep_ == "appos" and c.pos_ == "NOUN" for c in head.children)


def _text(tokens: list[Token]) -> str:
    """The words of ``tokens`` as written, with a space where the phrase skips words."""
    out = []
    for a, b in zip(tokens, tokens[1:] + [None]):
        out.append(a.text + (a.whitespace_ if b is not None and b.i == a.i + 1 else " "))
    return "".join(out).strip()


def _conjuncts(head: Token) -> list[Token]:
    """``head`` and the nouns coordinated with it ("ten insurgents and four Marines"), up to
    one that opens a clause of its own ("killed one soldier and 6 others were injured")."""
    out, todo = [], [head]
    while todo and len(out) < _MAX_CONJUNCTS:
        t = todo.pop(0)
        if t.i != head.i:
            after = t.doc[t.right_edge.i + 1] if t.right_edge.i + 1 < len(t.doc) else None
            if after is not None and after.pos_ == "AUX" and after.head.i != head.head.i:
                break        # "killed one soldier and 6 others were injured"
            if any(_kind(c) for c in t.children if c.dep_ in ("acl", "relcl")):
                break        # "two civilians were killed and two soldiers injured"
        out.append(t)
        todo.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM"))
        if t.i == head.i and _single(head) and not any(g.tag_ == "CD" for c in head.lefts for g in c.subtree):
            # "the governor's secretary, another clerk and three porters": the parser takes a
            # list for an apposition with conjuncts; one person has no breakdown
            todo.extend(c for c in t.children if c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children))
    return out


def _single(head: Token) -> bool:
    """Whether ``head`` names one person ("the driver", "Das"; not "his family")."""
    return head.tag_ in ("NN", "NNP") and head.lower_ not in _words()["collective"]


def _read(words: str, kind: str, single: bool, also: bool) -> Toll:
    verb = "killed" if kind == "killed" else "injured"
    return read_toll(f"{words} {'was' if single else 'were'}{' also' if also else ''} {verb}.")


def _named(head: Token) -> bool:
    return head.tag_ == "NNP" and not _counted(head)


def _words_of(head: Token, subset: bool, names: bool) -> str:
    """What the string reader is given for one conjunct: its cut phrase; in a list of names
    (``names``), a name as "one person" ("De Salis and Howie were killed"); a part told of a
    group before ("one of the wounded died") as its count alone."""
    if names:
        return "one person"
    tokens = _trim(head)
    if subset:
        of = next(c for c in head.children if c.dep_ == "prep" and c.lower_ == "of")
        tokens = [t for t in tokens if not (of.left_edge.i <= t.i <= of.right_edge.i)]
    return _text(tokens)


def _agrees(reading: Toll, head: Token, kind: str) -> bool:
    """Whether the string reader's reading of one conjunct took its count: a phrase with a
    number the reader does not know ("half a million people", "an unknown number of
    Maoists") reads as one person, which it is not."""
    if any(t.lower_ in _words()["unknown_counts"] for t in head.lefts):
        return False
    count = getattr(reading, kind) if getattr(reading, kind).known else reading.attackers_killed
    numbers = [t for t in head.subtree if t.tag_ == "CD" and t.i <= head.i]
    return not (numbers and count == Bounds(1, 1) and not any(t.lower_ in ("one", "1") for t in numbers))


def _left_hurt(tok: Token) -> Token | None:
    """ "stabbed four people, leaving them with light wounds": the object of the verb that
    "leaving them with" follows, for the noun "wounds" or "injuries"."""
    if tok.lower_ not in ("wounds", "injuries") or tok.dep_ != "pobj" or tok.head.lower_ != "with":
        return None
    leave = tok.head.head
    them = _child(leave, "dobj")
    if leave.lemma_ != "leave" or them is None or them.lower_ != "them" or leave.dep_ not in ("advcl", "conj"):
        return None
    return _child(leave.head, "dobj")


def _subset(head: Token) -> bool:
    """ "two of them", "five of the injured": part of a group told before."""
    return head.pos_ == "NUM" and any(c.dep_ == "prep" and c.lower_ == "of" and any(
        g.lower_ in _PRONOUNS or _kinds().get(g.lower_) for g in c.children) for c in head.children)


def read_parse_toll(sent: Span) -> Toll:
    """Killed and injured read from the parse of one sentence (``Toll()`` when none)."""
    found: dict[str, tuple[Bounds, Bounds, tuple[int, int]]] = {}
    for tok in sent:
        kind, left = _kind(tok), _left_hurt(tok)
        if left is not None and "injured" not in found:
            kind, victims = "injured", (left, "object")
        elif kind is None or kind in found or _vague(tok):
            continue
        else:
            victims = _victims(tok)
        if victims is None:
            continue
        head, role = victims
        after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
        if head.lower_ == "them" and after is not None and after.lower_ == "both":   # "killing them both"
            end = after.idx + len(after) - sent.start_char
            found[kind] = (Bounds(2, 2), Bounds(), (tok.idx - sent.start_char, end))
            continue
        if head.lower_ in _PRONOUNS or head.pos_ == "PRON" or not _person(head):
            continue         # "him", "Arkansas": no victim to count
        subset = _subset(head)
        if subset and not (kind == "killed" and tok.lower_ in ("died", "dies", "perished")):
            continue         # "two of them were wounded" was told before; "one of the wounded died" is new
        heads = _conjuncts(head)
        if role == "object":   # "injuring the wife of a diplomat and at least three other people"
            heads += [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM")
                      and c.i > head.i][:_MAX_CONJUNCTS - len(heads)]
        also = any(c.lower_ == "also" for c in tok.children) or any(c.lower_ == "also" for c in tok.head.children)
        names = all(_named(h) for h in heads)   # not "three members, Gold, Oughton and Robbins"
        parts = [_words_of(h, subset and h.i == head.i, names) for h in heads]
        readings = [_read(p, kind, _single(h), also) for p, h in zip(parts, heads)]
        if not all((getattr(r, kind).known or r.attackers_killed.known) and _agrees(r, h, kind)
                   for r, h in zip(readings, heads)):
            continue         # "council members, civilians and a journalist": no number for all of them
        toll = _read(" and ".join(parts), kind, len(heads) == 1 and _single(head), also)
        bounds = getattr(toll, kind)
        attackers = toll.attackers_killed if kind == "killed" else Bounds()
        if len(heads) > 1 and not attackers.known and not any(r.attackers_killed.known for r in readings) \
                and (names or not any(_named(h) for h in heads)):
            # victims only: each conjunct as the reader reads it alone ("the mayor's driver,
            # another passenger and two pedestrians"); with attackers, the reader's split stands,
            # and names after a count are its breakdown ("three members, Gold, Oughton and Robbins")
            bounds = _sum(getattr(r, kind) for r in readings)
        if bounds.max == 0 or not bounds.known:
            continue         # a zero is the string reader's to read; attackers alone it read already
        first = min(t.idx for t in head.subtree)
        start = min(first, tok.idx) - sent.start_char
        end = max(head.idx + len(head), tok.idx + len(tok)) - sent.start_char
        found[kind] = (bounds, attackers, (start, end))
    if not found:
        return Toll()
    spans = [v[2] for v in found.values()]
    attackers = found["killed"][1] if "killed" in found else Bounds()
    return Toll(found.get("killed", (Bounds(),))[0], found.get("injured", (Bounds(),))[0], attackers, min(spans))


def fill_from_parse(sent: Span, toll: Toll) -> Toll:
    """``toll`` (the string reader's figures of ``sent``) with the kinds it left unknown read
    from the parse; a figure it found is never changed."""
    if toll.killed.known and toll.injured.known:
        return toll
    parsed = read_parse_toll(sent)
    fields: dict = {}
    for kind in ("killed", "injured"):
        if not getattr(toll, kind).known and getattr(parsed, kind).known:
            fields[kind] = getattr(parsed, kind)
    if "killed" in fields and not toll.attackers_killed.known and parsed.attackers_killed.known:
        fields["attackers_killed"] = parsed.attackers_killed
    if not fields:
        return toll
    if toll.span is None:
        fields["span"] = parsed.span
    return replace(toll, **fields)
