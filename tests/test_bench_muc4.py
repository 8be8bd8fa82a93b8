"""MUC-4: the scorer on real gold keys, the incident -> template mapping, and a quick floor run."""

from __future__ import annotations


import pytest

from benchmarks.muc4 import incident_template, muc_type
from benchmarks.scoring import ROLES, gtt_score
from flashpoint.records import ActorRef, Evidence, Incident, Mention

pytestmark = pytest.mark.shared


def _ev(text):
    return Evidence("d", 0, len(text), text, "test")


def _incident(code, trigger="attacked", **fields):
    mention = Mention(id="m", article="d", type=code, modality="asserted", trigger=_ev(trigger), sentence=_ev(trigger))
    return Incident(id="i", type=code, mentions=(mention,), **fields)


def test_type_mapping():
    assert muc_type(_incident("attack.bombing")) == "bombing"
    assert muc_type(_incident("attack.grenade")) == "bombing"
    assert muc_type(_incident("abduction")) == "kidnapping"
    assert muc_type(_incident("attack.on_civilians")) == "attack"
    assert muc_type(_incident("looting", trigger="set fire")) == "arson"
    assert muc_type(_incident("looting", trigger="looted")) is None
    assert muc_type(_incident("arrest")) is None
    assert muc_type(_incident("looting", trigger="burned down")) == "arson"


def test_roles_from_an_incident():
    fmln = ActorRef("fmln", "FMLN", "the fmln", type="armed_group")
    incident = _incident("attack.bombing", trigger="bomb", perpetrator=fmln,
                         targets=(ActorRef(None, "power pylon", "a power pylon"),
                                  ActorRef("civilians", "civilians", "peasants", type="civilians")),
                         victims=(ActorRef(None, "jose perez", "jose perez", type="person"),),
                         weapon_evidence=_ev("dynamite"))
    template = incident_template(incident)
    assert template["incident_type"] == "bombing"
    assert template["PerpOrg"] == ["the fmln"] and template["PerpInd"] == []
    assert template["Target"] == ["a power pylon"]
    assert template["Victim"] == ["peasants", "jose perez"]
    assert template["Weapon"] == ["dynamite", "bomb"]     # the count phrase, then the trigger naming the weapon
    assert incident_template(_incident("attack.bombing", trigger="bombing"))["Weapon"] == []   # an event noun is no weapon
    gunmen = incident_template(_incident("attack.on_civilians", perpetrator=ActorRef(None, "urban guerrillas", "urban guerrillas")))
    assert gunmen["PerpInd"] == ["urban guerrillas"] and gunmen["PerpOrg"] == []
    generic = ActorRef("unidentified_militants", "unidentified militants", "guerrillas", type="armed_group")
    mafias = ActorRef("drug_traffickers", "drug traffickers (unspecified)", "drug mafias", type="armed_group")
    both = incident_template(_incident("attack.on_civilians", perpetrator=generic))
    assert both["PerpInd"] == ["guerrillas"]      # an unnamed actor is an individual unless its words name a body
    assert incident_template(_incident("attack.other", perpetrator=mafias))["PerpOrg"] == ["drug mafias"]


def test_scorer_on_gold_keys(benchmarks_dir):
    if not (benchmarks_dir / "muc4" / "processed").is_dir():
        pytest.skip("muc4 benchmark data is absent")
    from benchmarks.muc4 import load_split

    docs = load_split("test")
    as_pred = [[{"incident_type": t["incident_type"].split(" / ")[0], **{r: [e[0] for e in t[r]] for r in ROLES}}
                for t in d["templates"]] for d in docs]
    assert gtt_score([(p, d["templates"]) for p, d in zip(as_pred, docs)])["all"] == (1.0, 1.0, 1.0)
    # Drop every weapon: precision stays 100, recall loses exactly the weapon entities.
    n_weapons = sum(len(t["Weapon"]) for d in docs for t in d["templates"])
    n_all = sum(len(t[r]) for d in docs for t in d["templates"] for r in ROLES)
    no_weapon = [[{**t, "Weapon": []} for t in p] for p in as_pred]
    p, r, _ = gtt_score([(p, d["templates"]) for p, d in zip(no_weapon, docs)])["all"]
    assert p == 1.0 and r == pytest.approx(1 - n_weapons / n_all)


def test_muc4_quick_floors(benchmarks_dir):
    if not (benchmarks_dir / "muc4" / "processed").is_dir():
        pytest.skip("muc4 benchmark data is absent")
    from benchmarks._report import load_baseline
    from benchmarks.muc4 import evaluate

    floors = load_baseline("muc4")
    result = evaluate("test", limit=floors["docs"])
    assert result["docs"] == floors["docs"]
    p, r, f = result["scores"]["all"]
    assert f * 100 >= floors["template_f1"]
    assert p * 100 >= floors["precision"]
