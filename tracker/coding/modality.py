"""Modality: what an actor says it will do is an intent (03) or a threat (13), not the deed itself."""

from __future__ import annotations

from tracker.coding.dates import WEEKDAYS

# Cooperative deeds announced for the future -> CAMEO 03 "express intent to ...".
INTENT = {
    "04": "036",
    "045": "039",
    "046": "036",
    "05": "032",
    "06": "031",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "07": "033",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "08": "035",
    "081": "0351",
    "082": "0352",
    "083": "034",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
}
# Conflictual deeds announced for the future -> CAMEO 13 "threaten ...".
THREAT = {
    "14": "133",
    "15": "138",
    "16": "131",
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "134",
    "165": "135",
    "166": "136",
    "17": "130",
    "172": "132",
    "175": "137",
    "18": "138",
    "19": "138",
    "20": "1383",
}
# Negated cooperation -> CAMEO 12 "refuse ...", by what is refused ("vowed not to give up an inch" -> 124).
REFUSALS = {
    "04": "125",
    "036": "125",
    "08": "124",
    "0841": "1243",
    "085": "1244",
    "087": "1246",
    "0871": "1246",
}
COOPERATIVE = frozenset({"04", "05", "06", "07", "08"})
CONFLICTUAL = frozenset({"14", "15", "16", "17", "18", "19", "20"})


def apply_modality(code: str, modality: str, cameo: dict[str, str]) -> tuple[str | None, str]:
    """(code to emit, label of the change); intent to make a statement or appeal keeps the statement's code."""
    root = code[:2]
    if not modality:
        return code, ""
    if root == "13":
        return code, "threat"  # already a threat ("warned it would be met with force": 138)
    if modality in ("future", "intent", "decision") and root in COOPERATIVE:
        return _lookup(INTENT, code), "intent"
    if modality == "decision":
        return code, "decision"  # "agreed to cut banks off from SWIFT": the sanction itself
    if modality == "future" and root == "15":
        return code, "future"  # "will send warships through the strait": the deployment itself
    if modality in ("future", "intent", "threat") and root in CONFLICTUAL:
        return _lookup(THREAT, code), "threat"
    if modality == "threat":
        return "130", "threat"
    if modality == "possible":  # "may suspend ties" said by its own government: a threat; else nothing
        return (_lookup(THREAT, code), "threat") if root in CONFLICTUAL else (None, "possible")
    return code, ""


def _lookup(table: dict[str, str], code: str) -> str:
    return table.get(code[:3]) or table[code[:2]]


def refusal(code: str) -> str:
    """The refusal of a cooperative deed: 'would not meet' -> 125, 'would not release' -> 1243, else 120."""
    return REFUSALS.get(code) or REFUSALS.get(code[:3]) or REFUSALS.get(code[:2]) or "120"


# Words that make a warning a threat even when its clause is about a situation ("would not go unanswered").
THREAT_WORDS = frozenset(
    "consequence consequences price respond response retaliate retaliation retaliatory unanswered unpunished "
    "countermeasure countermeasures punishment punish forceful decisive resolute".split()
)
SITUATION_OPENERS = frozenset("the a an this millions thousands humanity prospects famine".split())


def foreboding(keys: list[str], start: int, stop: int, actor_starts: set[int]) -> bool:
    """'warned that the region stood on the brink': a pessimistic comment (012), not a threat. The clause
    after the warning opens with a situation, not an actor or the speaker ('warned it would ...'), and
    names no retaliation."""
    k = start
    while k < stop and (keys[k] in ("on", "that", ",") or keys[k] in WEEKDAYS):  # "warned on Monday that"
        k += 1
    if k >= stop or keys[k - 1] != "that" or k in actor_starts:
        return False
    if keys[k] not in SITUATION_OPENERS and not keys[k].endswith("s"):
        return False
    return not any(key in THREAT_WORDS for key in keys[k:stop])
