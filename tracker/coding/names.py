"""Readable names for every actor code the dictionaries can emit, for the database's actor table."""

from __future__ import annotations

from functools import lru_cache

SECTORS = {
    "GOV": "government",
    "MIL": "military",
    "LEG": "legislature",
    "JUD": "judiciary",
    "COP": "police",
    "OPP": "opposition",
    "PTY": "political party",
    "MED": "media",
    "BUS": "business",
    "CVL": "civilians",
    "REB": "rebels",
    "SPY": "intelligence services",
    "EDU": "education",
    "REL": "religious",
    "LAB": "labour",
    "REF": "refugees",
    "HLH": "health",
    "NGO": "non-governmental organisation",
    "HRI": "human rights",
    "ELI": "elites",
    "AGR": "agriculture",
    "CRM": "criminals",
    "UAF": "unaligned armed forces",
    "IGO": "IGO",
    "DEV": "development",
    "ENV": "environment",
    "INS": "insurgents",
    "SEP": "separatists",
    "PPL": "people",
    "MOD": "moderates",
    "RAD": "radicals",
    "UNO": "United Nations",
    "IMG": "militant group",
    "MNC": "company",
}


def known_actor_names(coder=None) -> dict[str, str]:
    """{code: readable name} for every full actor code the coder can emit (countries x sectors included)."""
    if coder is None:
        return dict(_packaged_names())
    return _names_for(coder.dicts)


@lru_cache(maxsize=1)
def _packaged_names() -> tuple:
    from tracker.coding.dictionary import load_dictionaries

    return tuple(_names_for(load_dictionaries()).items())


def _names_for(d) -> dict[str, str]:
    from tracker.coding.dictionary import END

    codes: dict[str, str] = {}
    sectors: set[str] = set()
    stack = [d.actor_trie]
    while stack:
        node = stack.pop()
        for key, child in node.items():
            if key != END:
                stack.append(child)
                continue
            for entry in child.get("actor", ()):
                codes.setdefault(entry.code, entry.phrase.title())
            if "agent" in child and child["agent"] != "ROLE":
                sectors.add(child["agent"])
    out: dict[str, str] = {}
    countries = {c for c in codes if len(c) == 3} | {c for c in d.names if len(c) == 3}
    for c in countries:
        out[c] = d.names.get(c) or codes.get(c, c)
        for s in sectors:
            out[c + s] = d.names.get(c + s) or f"{out[c]} {SECTORS.get(s, s)}"
    for c, phrase in codes.items():
        if c not in out:
            out[c] = d.names.get(c) or _compose(c, out) or phrase
    for c, name in d.names.items():
        out.setdefault(c, name)
    return dict(sorted(out.items()))


def _compose(code: str, base: dict[str, str]) -> str | None:
    """'CHNGOVMIL' -> 'China government military' from known parts."""
    if len(code) > 3 and code[:3] in base and not code.startswith(("IGO", "NGO", "MNC", "IMG")):
        parts = [SECTORS.get(code[i : i + 3], code[i : i + 3]) for i in range(3, len(code), 3)]
        return " ".join([base[code[:3]], *parts])
    return None
