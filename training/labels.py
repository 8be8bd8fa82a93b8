"""Map the public training sets' own labels onto ACLED sub-event types.

Wikipedia's incident lists give a free-text ``type`` ("shooting", "suicide car
bombing", "kidnapping, execution"); PLOVER gives an event and a mode. Both are mapped
here by rule; ``python -m training.labels --sample 40`` prints a random sample of
mapped rows to check by hand (done before the first training run; see MODEL.md).
"""

from __future__ import annotations

import re

from flashpoint.ontology import NO_EVENT

# A security-force target turns an attack into a clash between armed sides (ACLED codes
# attacks on soldiers and police as Battles / Armed clash).
_SECURITY = re.compile(
    r"\b(soldiers?|troops?|army|military|police(?:men|man)?|officers?|checkpoints?|security forces?|"
    r"militiam[ae]n|militia|fighters|peshmerga|gendarmes?|gendarmerie|patrol|convoy|base|outpost|barracks|"
    r"servicem[ae]n|marines|guards?|paramilitar\w*|forces|peacekeepers?|constables?)\b", re.I)

# Wikipedia ``type`` words, most specific first: a row with several types takes the first
# that matches ("suicide bombing, shooting" is a suicide bomb).
_WIKI_RULES: tuple[tuple[str, str], ...] = (
    (r"chemical|chlorine|sarin|poison gas", "Chemical weapon"),
    (r"suicide", "Suicide bomb"),
    (r"air ?strike|drone|aerial", "Air/drone strike"),
    (r"rocket|mortar|shell|artillery|missile", "Shelling/artillery/missile attack"),
    (r"grenade", "Grenade"),
    (r"bomb|ied|explos|land ?mine|mine\b|blast", "Remote explosive/landmine/IED"),
    (r"kidnap|hostage|abduct|hijack", "Abduction/forced disappearance"),
    (r"rape|sexual", "Sexual violence"),
    (r"clash|battle|firefight|ambush|raid|siege", "Armed clash"),
    (r"shoot|massacre|stab|assassin|execut|melee|vehicular|behead|lynch|murder|knife|"
     r"machete|arson|attack|assault|gun|killing|burn", "Attack"),
)


# "police said", "according to the army": the source of the report, not the target
_ATTRIBUTION = re.compile(
    r"\b(?:according to (?:the |local |a )?|(?:the )?)(?:police|army|military|officials?|security (?:forces|sources|officials)|"
    r"officers?)(?: spokesm[ae]n)?(?: (?:said|say|says|reported|confirmed|stated|told)\b)|according to (?:the |local )?"
    r"(?:police|army|military|security \w+)\b|\b(?:police |army )?inform(?:er|ant)s?\b", re.I)


def wiki_label(type_text: str, details: str, dead: str) -> str | None:
    """The ACLED sub-event type of one Wikipedia incident row; None when the row's type
    says nothing usable ("unknown", "shootdown" of an aircraft, "sabotage")."""
    kinds = type_text.lower()
    details = _ATTRIBUTION.sub(" ", details)
    for pattern, label in _WIKI_RULES:
        if re.search(pattern, kinds):
            if label == "Attack":
                if kinds.strip() == "arson" and _count(dead) == 0:
                    return "Looting/property destruction"
                if _SECURITY.search(details):
                    return "Armed clash"
            if label == "Armed clash" and not _SECURITY.search(details):
                return "Attack"      # an "ambush" of a bus of civilians
            return label
    return None


def _count(text: str) -> int:
    digits = re.sub(r"[^0-9]", "", text or "")
    return int(digits) if digits else 0


# PLOVER (event, mode) -> ACLED sub-event; events absent here are verbal (no event).
_PLOVER: dict[tuple[str, str | None], str] = {
    ("PROTEST", "demo-org"): "Peaceful protest", ("PROTEST", "demo-spon"): "Peaceful protest",
    ("PROTEST", "strike-hun"): "Peaceful protest", ("PROTEST", "strike-gen"): "Peaceful protest",
    ("PROTEST", "obstruct"): "Peaceful protest", ("PROTEST", "riot-spon"): "Violent demonstration",
    ("PROTEST", "riot"): "Protest with intervention",
    ("ASSAULT", "explosives"): "Remote explosive/landmine/IED", ("ASSAULT", "suicide-attack"): "Suicide bomb",
    ("ASSAULT", "assassinate"): "Attack", ("ASSAULT", "primitive"): "Attack", ("ASSAULT", "beat"): "Attack",
    ("ASSAULT", "torture"): "Attack", ("ASSAULT", "sexual"): "Sexual violence",
    ("FIGHT", "heavy-weapons"): "Armed clash", ("FIGHT", "firearms"): "Armed clash", ("FIGHT", "other"): "Armed clash",
    ("FIGHT", "explosives"): "Armed clash", ("FIGHT", None): "Armed clash",
    ("COERCE", "arrest"): "Arrests", ("COERCE", "detain"): "Arrests", ("COERCE", "destroy"): "Looting/property destruction",
    ("COERCE", "confiscate"): "Disrupted weapons use", ("COERCE", "firearms"): "Excessive force against protesters",
}
_PLOVER_VERBAL = {"AGREE", "DEMAND", "REJECT", "THREATEN", "DISAPPROVE", "SUPPORT", "CONCEDE", "CONSULT", "AID",
                  "INVESTIGATE", "COOPERATE", "SANCTION", "RETREAT"}


def plover_label(event: str, mode: str | None) -> str | None:
    """ACLED sub-event type for a PLOVER record, ``NO_EVENT`` for verbal events, None
    where the mapping is not clear enough to score (curfews, bans, deportations)."""
    mode = mode or None
    if (event, mode) in _PLOVER:
        return _PLOVER[(event, mode)]
    if event in _PLOVER_VERBAL:
        return NO_EVENT
    return None


if __name__ == "__main__":
    import argparse
    import random

    from training.datasets import wikipedia_rows

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=40)
    args = parser.parse_args()
    rows = wikipedia_rows()
    random.Random(7).shuffle(rows)
    for row in rows[: args.sample]:
        print(f"{row.label:36} | {row.raw_type:28} | {row.text[:110]}")
