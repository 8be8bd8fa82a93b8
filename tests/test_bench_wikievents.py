"""WikiEvents runner: head words and the gold side, without running the pipeline."""

from __future__ import annotations

import pytest

from benchmarks.wikievents import gold_arguments, head_word


@pytest.mark.parametrize("phrase,head", [
    ("The Taliban", "taliban"),
    ("members of the Afghan security forces", "members"),
    ("a military compound in central Maidan Wardak province", "compound"),
    ("Kabul", "kabul"),
    ("the NDS training center, a base", "center"),
    ("the", ""),
])
def test_head_word(phrase, head):
    assert head_word(phrase) == head


def test_gold_keeps_attack_roles_only_and_folds_them():
    doc = {"event_mentions": [
        {"event_type": "Conflict.Attack.DetonateExplode", "arguments": [
            {"role": "Attacker", "text": "the attackers"}, {"role": "ExplosiveDevice", "text": "a car bomb"},
            {"role": "Place", "text": "Kabul"}]},
        {"event_type": "Life.Die.Unspecified", "arguments": [
            {"role": "Killer", "text": "The Taliban"}, {"role": "Victim", "text": "members of the forces"}]},
        {"event_type": "Contact.Contact.Broadcast", "arguments": [{"role": "Communicator", "text": "an official"}]},
    ]}
    assert gold_arguments(doc) == {("Attacker", "attackers"), ("Instrument", "bomb"), ("Place", "kabul"),
                                   ("Attacker", "taliban"), ("Victim", "members")}
