"""Controlled vocabularies: the one list of each set of allowed values (forms and validation read these)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"
    retracted = "retracted"


#: statuses that count as data by default (lists, views, timelines)
LIVE_STATUSES = (Status.proposed.value, Status.accepted.value)


class Role(StrEnum):
    analyst = "analyst"
    coder = "coder"
    admin = "admin"


#: what each role may do; checked again in every write path of the library
ROLE_RANK = {Role.analyst: 0, Role.coder: 1, Role.admin: 2}

#: datasets the tool knows; imports register their own name here
DATASETS = ("manual", "auto", "gdelt", "icews", "acled", "polecat")

AUTO_DATASET = "auto"
MANUAL_DATASET = "manual"


class QuadClass:
    """GDELT's root -> QuadClass mapping (the one GDELT's data carries).

    1 verbal cooperation (01-05), 2 material cooperation (06-09, INVESTIGATE included as GDELT does),
    3 verbal conflict (10-14), 4 material conflict (15-20). Other mappings exist (see docs/codes.md);
    this one is named so that a future mapping can sit beside it.
    """

    NAME = "gdelt"
    LABELS = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}

    @staticmethod
    def of_root(root: str) -> int:
        r = int(root)
        if not 1 <= r <= 20:
            raise ValueError(f"CAMEO root {root!r} is outside 01-20")
        if r <= 5:
            return 1
        if r <= 9:
            return 2
        if r <= 14:
            return 3
        return 4


#: CAMEO sector / agent codes (3 letters) an actor code may be composed of, with their meaning
SECTORS = {
    "GOV": "Government", "MIL": "Military", "COP": "Police", "JUD": "Judiciary", "LEG": "Legislature",
    "OPP": "Opposition", "PTY": "Political party", "REB": "Rebels", "SPY": "Intelligence", "UAF": "Unaligned armed forces",
    "INS": "Insurgents", "SEP": "Separatists", "AGR": "Agriculture", "BUS": "Business", "CRM": "Criminal",
    "CVL": "Civilians", "DEV": "Development", "EDU": "Education", "ELI": "Elites", "ENV": "Environment",
    "HLH": "Health", "HRI": "Human rights", "LAB": "Labour", "MED": "Media", "REF": "Refugees",
    "MOD": "Moderate", "RAD": "Radical", "REL": "Religious", "PRM": "Prime minister's office",
    "PRE": "Partially recognised entity", "SOC": "Society", "UIS": "Unidentified state actor",
    "IGO": "Intergovernmental organisation", "IMG": "International militarised group", "INT": "International",
    "MNC": "Multinational corporation", "NGM": "Non-governmental movement", "NGO": "Non-governmental organisation",
    "SET": "Settlers", "AMN": "Amnesty International", "IRC": "Red Cross", "GRP": "Greenpeace",
    "UNO": "United Nations", "PKO": "Peacekeepers", "MUS": "Muslim", "CHR": "Christian", "BUD": "Buddhist",
    "JEW": "Jewish", "HIN": "Hindu",
}

#: actor kinds in the actor table
ACTOR_KINDS = ("country", "region", "state_actor", "igo", "ngo", "mnc", "group", "person", "other")
