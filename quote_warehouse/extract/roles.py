"""Whether a role noun fits the role a person is known by.

"the senator" is Sen. Marco Rubio, "the deputy foreign minister" is not the
Secretary-General: `entities.DocumentEntities` asks here when it resolves a
role noun to a person named before.
"""

from __future__ import annotations

import functools

_GENERIC_HEADS = frozenset({"diplomat", "official", "head", "chief", "leader", "politician"})
_HEAD_FAMILIES = {
    "diplomat": {"ambassador", "envoy", "minister", "diplomat", "secretary", "foreign"},
    "ambassador": {"ambassador", "envoy"},
    "minister": {"minister", "secretary"},
    "spokesman": {"spokesman", "spokesperson", "press secretary"},
    "spokeswoman": {"spokeswoman", "spokesperson", "press secretary"},
}


_RANK_MODIFIERS = frozenset("deputy vice assistant acting former foreign defence defense interior finance prime".split())


# Abbreviated titles as a name's role carries them ("Sen. Marco Rubio")
_TITLE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                        "sec": "secretary", "pres": "president", "col": "colonel", "adm": "admiral",
                        "atty": "attorney", "amb": "ambassador", "lt": "lieutenant"}
# Heads that say whose side someone is on, not what office they hold ("the
# Wisconsin Republican" is Speaker Paul Ryan): they fit any role
_AFFILIATION_HEADS = frozenset("""republican democrat democratic conservative liberal progressive
    independent libertarian socialist billionaire businessman businesswoman mogul native veteran""".split())


# Titles of honour that name no office: "Sir Ian Blair" may be "London's most senior police
# officer". (A courtesy title stays a role that fits no office: "Mr. Manafort" is not "the
# American ambassador"; measured on PolNeAR train, two speakers went wrong otherwise.)
_HONORIFICS = frozenset({"sir", "dame", "lord", "lady"})


@functools.lru_cache(maxsize=4096)
def _spelled_out(role: str) -> str:
    """A known role in lower case with its abbreviated titles spelled out
    ("Sen." -> "senator"): computed once per role, not once per comparison."""
    return " ".join(_TITLE_ABBREVIATIONS.get(w.rstrip("."), w) for w in role.lower().split())


def role_compatible(head: str | None, entity_role: str | None, mods: str = "") -> bool | None:
    """True/False when the entity's known role fits the role noun; None when unknown.

    Rank words in front of the head must be in the known role too: "the
    deputy foreign minister" is not the "Secretary-General".
    """
    if not head or not entity_role or head in _AFFILIATION_HEADS:
        return None
    role = _spelled_out(entity_role)
    if all(w.rstrip(".") in _HONORIFICS for w in role.split()):
        return None  # "Sir Ian Blair" holds no known office: he may be "London's most senior police officer"
    family = _HEAD_FAMILIES.get(head, {head})
    ranks = [w for w in mods.lower().split() if w in _RANK_MODIFIERS]
    if any(word in role for word in family):
        return all(r in role for r in ranks)
    if head in _GENERIC_HEADS:
        return None
    return False
