"""Which mention a stance, a cue or a toll is about.

A stance ("no group has claimed", "Iran denied", "claimed by X") is often in a
sentence of its own, or points at an event with "the attack" or "either attack";
a responds_to cue may sit on "the Iranian attack" rather than on the report that
dates and places it; a toll is often told of "the attack" or "the blast" a sentence
after the event ("Seventy people were killed in the attack."). These rules hand each
to the mention it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..records import ActorRef, Evidence, Mention, Stance
from ..resolve.actors import ActorRegistry
from ..resolve.quantities import clamp_rule
from ..resolve.toll import Toll, read_toll, toll_words
from .lexicon import Lexicon
from .stances import StanceCue

if TYPE_CHECKING:
    from .mentions import MentionBuilder


def attach_stances(mentions: list[Mention], builder: MentionBuilder, cues: list[StanceCue]) -> list[Mention]:
    """Give each stance to the mention(s) it is about; return the updated mentions.

    In order: "either attack"/"both" -> the two latest reports (an unclaimed stance
    skips those already claimed); a denial of "recent attacks" -> every attack the
    text does not give to someone else; an asserted event in the same sentence -> the
    nearest; "the attack" -> its antecedent; else the previous event, or the next.
    """
    art, lex, registry = builder.article, builder.lexicon, builder.registry
    extra: dict[str, list[Stance]] = {m.id: [] for m in mentions}
    order = sorted(mentions, key=lambda m: m.trigger.start)
    incidents = [m for m in order if m.modality == "asserted" and lex.family(m.type) == "attack"]
    for cue in cues:
        actor = builder._first_agent(cue.actors, "stance." + cue.stance)
        if actor is None and cue.stance != "unclaimed":
            continue
        source = registry.resolve_speaker(cue.source.text, cue.sent.text) if cue.source is not None else None
        if source is None and cue.stance in ("claimed", "denied") and actor is not None:
            source = actor
        stance = Stance(cue.stance, actor, source, art.id,
                        Evidence(art.id, cue.sent.start_char, cue.sent.end_char, cue.sent.text, "stance." + cue.stance))
        targets = _stance_targets(cue, actor, cues, order, incidents, extra, builder)
        if builder.brief and cue.stance != "denied":
            # a brief tells one story: "Boko Haram was blamed for the IED explosion" is about
            # the bombing told before, and a claim about "the attack" also about the headline's telling
            targets += [t for t in (_first_telling(m, incidents, art.text) for m in targets)
                        if t is not None and t not in targets]
            targets += _told_with(targets, incidents, extra)
        for m in targets:
            extra[m.id].append(stance)
    mentions = [m.replace(stances=m.stances + tuple(extra[m.id])) if extra[m.id] else m for m in mentions]
    if not builder.brief:
        return mentions
    mentions = share_across_tellings(mentions, lex, art.text)
    sents = list(builder.doc.sents)
    return story_tolls(mentions, lex, art.text, [(s.start_char, s.end_char) for s in sents], art.id,
                       toll_of=lambda i: builder.sentence_toll(sents[i]))


def _told_with(targets: list[Mention], incidents: list[Mention], extra: dict[str, list[Stance]]) -> list[Mention]:
    """In a brief, the attacks told earlier in a target's own sentence with no one named for
    them: "Café bombing: 11 people were killed when a suicide bomber exploded ... X claimed
    the attack" tells one attack twice in one sentence, and the claim is about both."""
    out = []
    for t in targets:
        s_start, s_end = t.sentence.start, t.sentence.end
        out += [i for i in incidents if s_start <= i.trigger.start < t.trigger.start and i.id != t.id
                and i not in targets and i not in out and i.perpetrator is None and not extra[i.id]
                and _retells(t, i)]
    return out


_EXPLOSIVE = {"attack.bombing", "attack.suicide_bombing", "attack.grenade"}


def _retells(m: Mention, i: Mention) -> bool:
    """Whether ``m`` may tell again the event ``i`` (types that can name one attack)."""
    return m.type == i.type or "attack.other" in (m.type, i.type) or {m.type, i.type} <= _EXPLOSIVE


def _first_telling(m: Mention, incidents: list[Mention], text: str) -> Mention | None:
    """The asserted mention that "the attack", "the blast" (``m``, anaphoric or definite)
    retells, or that a later sentence's toll tells the cost of ("Gunmen stormed a
    church. Six people were killed.": the trigger is the toll word itself): the latest
    earlier one of a type that fits, and back along a chain of
    definite retellings ("A bomb ... The bomb ... The blast") to the first; None when the
    text tells none before it."""
    toll_only = m.modality == "asserted" and m.trigger.text.lower() in toll_words()
    if not (m.modality == "anaphoric" or (m.modality == "asserted" and _definite(m, text)) or toll_only):
        return None
    owner = None
    # a toll word's own type is the classifier's guess ("One guard was killed." typed a clash):
    # it tells the cost of whatever attack was told before
    earlier = [i for i in incidents if i.trigger.start < m.trigger.start and (toll_only or _retells(m, i))
               and not (toll_only and i.sentence.start == m.sentence.start)]
    while earlier:
        owner = earlier[-1]
        if not _definite(owner, text):
            break
        earlier = [i for i in earlier[:-1] if _retells(owner, i)]
    return owner if owner is not None and owner.id != m.id else None


def share_across_tellings(mentions: list[Mention], lexicon: Lexicon, text: str) -> list[Mention]:
    """What one telling of a brief's attack says, given to the telling it retells.

    "A car bomb exploded outside a mosque. At least four people were killed in the
    attack.": in a brief (one story), a toll told on a mention that points back ("the attack", "the blast")
    belongs to the event it retells, the earliest asserted one of a type that fits (a
    chain of "the bomb ... the blast" goes back to the first telling), when that event
    states no figure of its own of that kind; and an earlier telling in the same sentence
    takes the figures, and the attacker, of a later one."""
    incidents = sorted((m for m in mentions if m.modality == "asserted" and lexicon.family(m.type) == "attack"),
                       key=lambda m: m.trigger.start)
    given: dict[str, dict] = {}
    for m in sorted(mentions, key=lambda m: m.trigger.start):
        if not (m.killed.known or m.injured.known) or lexicon.family(m.type) != "attack":
            continue
        owner = _first_telling(m, incidents, text)
        if owner is None:
            continue
        _give(given, owner, m)
    attacks = [_given(i, given) for i in mentions if lexicon.family(i.type) == "attack"]
    for m in incidents:
        # "Beirut bombings: an Islamic State suicide bomber detonated a bike loaded with
        # explosives, killing 43": one sentence telling one attack twice or more; the
        # figures and the attacker read onto a later telling are the first telling's too
        later = sorted((i for i in attacks if i.sentence.start == m.sentence.start and i.trigger.start > m.trigger.start
                        and _retells(i, m)), key=lambda i: i.trigger.start)
        if not (m.killed.known or m.injured.known):
            # the figures of one sentence's attack, whatever the types its words got ("A chlorine
            # gas rocket attack killed 3"), unless the sentence turns to another attack first
            told = sorted((i for i in attacks if i.sentence.start == m.sentence.start and i.trigger.start > m.trigger.start
                           and (_retells(i, m) or not _turns(text[m.trigger.end:i.trigger.start]))),
                          key=lambda i: i.trigger.start)
            donor = next((i for i in told if i.killed.known or i.injured.known), None)
            if donor is not None:
                _give(given, m, donor)
        if m.perpetrator is None and not m.stances:
            donor = next((i for i in later if i.perpetrator is not None and i.modality == "asserted"), None)
            if donor is not None:
                given.setdefault(m.id, {}).update(perpetrator=donor.perpetrator, stances=donor.stances)
    return [m.replace(**given[m.id]) if given.get(m.id) else m for m in mentions]


# A sentence that turns to another attack: "In a separate attack", "Another bomb",
# "Elsewhere", "Meanwhile", "The next day".
_TOLL = ("killed", "injured", "attackers_killed")   # the figures a toll hands on
_NEW_ATTACK = re.compile(
    r"(?:\b(?:another|separate|similar|earlier|later|further|other|next|previous)|(?:^\W*|\ba\s+|^\W*(?:in\s+)?the\s+)"
    r"(?:second|third|fourth|fifth|final|last))\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attacks?|bomb\w*|blasts?|explosions?|shootings?|raids?|incidents?|ambush\w*|strikes?|"
    r"assaults?|suicide|gunmen|car|grenades?|rockets?|mortars?)\b"
    r"|\b(?:elsewhere|meanwhile|separately|in addition|additionally|in other|same day|next day|following day|"
    r"a day later|days later|earlier that|later that|earlier in|simultaneous\w*)\b"
    r"|^\W*(?:later|earlier|also|then)\b", re.I)
_NOBODY = re.compile(r"\bno\s*(?:one|body)\b|\bnobody\b|\bno\s+(?:casualties|injuries|deaths|fatalities)\b|"
                     r"\bwithout\s+(?:any\s+)?casualties\b", re.I)


def _turns(between: str) -> bool:
    """Whether the words between two tellings in one sentence turn to another attack."""
    return ";" in between or bool(_NEW_ATTACK.search(between)) or bool(re.search(r"\bwhile\b|\bwhereas\b", between))


def story_tolls(mentions: list[Mention], lexicon: Lexicon, text: str, sentences: list[tuple[int, int]],
                article_id: str, toll_of: Callable[[int], Toll] | None = None) -> list[Mention]:
    """A brief's toll told in a sentence of its own, given to the attack it tells.

    "Gunmen stormed a hotel in Mogadishu. The death toll rose to 12. Another 20 were
    hurt.": in a brief (one story), the first-told attack that states no figure of a kind
    takes it from the first later sentence that states one, until a sentence turns to
    another attack ("In a separate attack", "Meanwhile", "Another bomb"), whose figures are
    its own and are not added to the first. A zero counts only when it says nobody
    ("no one was hurt"), not a subgroup ("no Americans were hurt"). ``toll_of(i)`` reads
    sentence ``i``'s toll where the parse is at hand; else ``read_toll`` reads its text."""
    first = min((m for m in mentions if m.modality == "asserted" and lexicon.family(m.type) == "attack"),
                key=lambda m: m.trigger.start, default=None)
    if first is None:
        return mentions
    missing = [k for k in _TOLL if not getattr(first, k).known]
    fields: dict = {}
    for i, (start, end) in enumerate(sentences):
        if not missing or start <= first.sentence.start:
            continue
        sentence = text[start:end]
        if _NEW_ATTACK.search(sentence):
            break
        toll = toll_of(i) if toll_of is not None else read_toll(sentence)
        span = toll.span
        for kind in _TOLL:
            bounds = getattr(toll, kind)
            if kind not in missing or not bounds.known:
                continue
            if bounds.max == 0 and not _NOBODY.search(sentence):
                continue
            fields[kind] = bounds
            missing.remove(kind)
            fields.setdefault("casualties_evidence", Evidence(
                article_id, start + span[0], start + span[1], sentence[span[0]:span[1]],
                clamp_rule("casualties.story", sentence[span[0]:span[1]])))
    if first.casualties_evidence is not None:
        fields.pop("casualties_evidence", None)
    if not fields:
        return mentions
    return [m.replace(**fields) if m.id == first.id else m for m in mentions]


def _given(m: Mention, given: dict[str, dict]) -> Mention:
    """``m`` with the figures handed to it so far: a telling that got a later sentence's toll
    passes it on to an earlier telling in its own sentence."""
    fields = {k: v for k, v in given.get(m.id, {}).items() if k in (*_TOLL, "casualties_evidence")}
    return m.replace(**fields) if fields else m


def _give(given: dict[str, dict], owner: Mention, m: Mention) -> None:
    """Hand ``m``'s killed, injured and attackers-killed figures to ``owner`` where it states none."""
    fields = given.setdefault(owner.id, {})
    for kind in _TOLL:
        if getattr(m, kind).known and not getattr(owner, kind).known and kind not in fields:
            fields[kind] = getattr(m, kind)
            fields.setdefault("casualties_evidence", m.casualties_evidence)


def _stance_targets(cue: StanceCue, actor, cues, order, incidents, extra, builder) -> list[Mention]:
    lex, registry = builder.lexicon, builder.registry
    s_start, s_end = cue.sent.start_char, cue.sent.end_char

    def fits(m: Mention) -> bool:
        # a claim or suspicion about X is not about an event the text gives to someone else
        return cue.stance not in ("claimed", "suspected", "attributed") or not _perpetrated_by_other(m, actor, registry)

    sentence_frames = [m for m in order if s_start <= m.trigger.start < s_end and lex.family(m.type) == "attack"
                       and not _on_the_cue(m, cue)]
    before = [m for m in incidents if m.trigger.start < s_start and fits(m)]
    if any(w in cue.sent.text.lower().split() for w in ("either", "both")):
        unclaimed_here = any(c.stance == "unclaimed" and c.sent == cue.sent for c in cues)
        eligible = [m for m in before if not m.continues and not (unclaimed_here and _claimed(m, extra))]
        return eligible[-2:]
    if cue.stance == "denied" and any(m.modality == "generic" for m in sentence_frames):
        return [m for m in incidents if not _perpetrated_by_other(m, actor, registry)]
    if cue.stance in ("claimed", "denied"):
        # "saying it carried out a missile attack", "claimed responsibility for the strike"
        named = [m for m in sentence_frames if 0 <= m.trigger.start - cue.cue_end <= 60]
        if named:
            m = min(named, key=lambda m: m.trigger.start)
            if m.modality != "asserted" or _definite(m, builder.article.text):
                # "...; the ELN said it carried out the attack": the attack told before, in this
                # sentence whatever its type ("a suicide bomber struck ...; X was behind the blast")
                earlier = [i for i in incidents if s_start <= i.trigger.start < m.trigger.start and i.id != m.id]
                m = (earlier[-1] if earlier else _antecedent(m, [i for i in incidents if i.id != m.id], registry)) or (
                    m if m.modality == "asserted" else None)
            if m is not None and fits(m):
                return [m]
    here = [m for m in sentence_frames if m.modality == "asserted" and fits(m)]
    if here:
        return [min(here, key=lambda m: abs(m.trigger.start - cue.cue_start))]
    nearest = min(sentence_frames, key=lambda m: abs(m.trigger.start - cue.cue_end), default=None)
    if nearest is not None:
        antecedent = _antecedent(nearest, incidents, registry)
        if antecedent is not None and fits(antecedent):
            return [antecedent]
    after = [m for m in incidents if m.trigger.start >= s_end and fits(m)]
    return before[-1:] if before else after[:1]


def hand_cues_to_antecedents(mentions: list[Mention], lexicon: Lexicon, registry: ActorRegistry) -> list[Mention]:
    """"the Iranian attack ... in retaliation for Soleimani's killing": a cue on an
    anaphoric mention belongs to the event it points back to."""
    incidents = [m for m in mentions if m.modality == "asserted" and lexicon.family(m.type) == "attack"]
    by_id = {m.id: m for m in mentions}

    def answered(cue, owner: str):
        # "in response to Biden's strikes": a generic or anaphoric target stands for its event
        target = by_id.get(cue.target_mention) if cue.target_mention else None
        if target is None or target.modality == "asserted" or lexicon.family(target.type) != "attack":
            return cue
        real = _antecedent(target, incidents, registry, exclude=owner)
        return cue.replace(target_mention=real.id if real is not None else None)

    moved: dict[str, tuple] = {}
    for m in mentions:
        if m.modality == "anaphoric" and m.cues:
            target = _antecedent(m, incidents, registry)
            if target is not None:
                moved[target.id] = moved.get(target.id, ()) + m.cues
    out = []
    for m in mentions:
        cues = m.cues + moved.get(m.id, ())
        if cues:
            m = m.replace(cues=tuple(answered(c, m.id) for c in cues))
        out.append(m)
    return out


def _antecedent(m: Mention, incidents: list[Mention], registry: ActorRegistry | None = None,
                exclude: str | None = None) -> Mention | None:
    """The asserted mention an anaphoric one ("the attack", "the Iranian attack") points
    to: the latest earlier one of a compatible type whose perpetrator does not clash,
    else (a lead that names the event before telling it) the first later one."""
    def compatible(i: Mention, strict: bool) -> bool:
        if i.id == exclude or (m.type != "attack.other" and i.type != m.type):
            return False
        if registry is None or m.perpetrator is None:
            return True
        if strict:   # looking ahead, "Biden's strikes" must find strikes the text gives to the US
            return i.perpetrator is not None and not _perpetrated_by_other(i, m.perpetrator, registry)
        return not _perpetrated_by_other(i, m.perpetrator, registry)

    earlier = [i for i in incidents if i.trigger.start < m.trigger.start and compatible(i, False)]
    if earlier:
        return earlier[-1]
    later = [i for i in incidents if i.trigger.start > m.trigger.start and compatible(i, True)]
    return later[0] if later else None


_ACCUSING = {"blamed", "blames", "blaming", "blame", "suspected", "suspects", "suspect", "accused", "accuses", "accusing"}


def _on_the_cue(m: Mention, cue: StanceCue) -> bool:
    """A frame the classifier put on the stance's own verb ("Police blamed the ADF.") is the
    accusation, not an event: the stance is about the event told before."""
    overlaps = m.trigger.start < cue.cue_end and cue.cue_start < m.trigger.end
    return overlaps or m.trigger.text.lower() in _ACCUSING


def _definite(m: Mention, text: str) -> bool:
    """"the attack", "the blast", "this bombing": a noun that points back to an event told before."""
    before = text[max(0, m.trigger.start - 6):m.trigger.start].lower().split()
    return bool(before) and before[-1] in ("the", "this", "that", "these", "those", "its")


def _claimed(m: Mention, extra: dict[str, list[Stance]]) -> bool:
    return any(s.stance == "claimed" for s in list(m.stances) + extra[m.id])


def _perpetrated_by_other(m: Mention, actor: ActorRef | None, registry: ActorRegistry) -> bool:
    """A denial of "recent attacks" does not cover attacks the text gives to someone else."""
    if actor is None or actor.id is None or m.perpetrator is None or m.perpetrator.id is None:
        return False
    if m.perpetrator.id == actor.id:
        return False
    try:
        if registry.get(m.perpetrator.id).get("generic"):
            return False   # "Militants" is no one in particular: a named group's claim may still be about it
        family = set(registry.ancestors(m.perpetrator.id))
    except KeyError:
        return False
    return actor.id not in family


