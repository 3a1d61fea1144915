"""CAMEO-style actor codes: what a code means and whether it is made of known parts.

A code is a country (ISO-3 or CAMEO region) followed by 3-letter sector parts (``CHNGOV``, ``USAMILGOV``), or a
packaged organisation code (``IGOUNO``, ``NGOHRIAMN``), or a sector-led code (``NGOUIG``). Codes made of known
parts are accepted and described automatically; anything else needs an explicit new actor.
"""

from __future__ import annotations

from tracker.ontology.catalog import countries, organisations
from tracker.schema.vocab import SECTORS

_STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PRM"}
_STANDARD_SECTORS = ("GOV", "MIL", "LEG", "JUD", "COP", "OPP", "MED", "BUS", "CVL")


def describe(code: str) -> dict | None:
    """An actor-table row for a composable code, or None when the code is not made of known parts."""
    code = code.upper()
    orgs = organisations()
    if code in orgs:
        o = orgs[code]
        return {"code": code, "name": o["name"], "country": None, "sector": code[:3], "kind": o["kind"],
                "aliases": "; ".join(o["aliases"]) or None}
    cs = countries()
    head, rest = code[:3], code[3:]
    if code in cs:
        c = cs[code]
        return {"code": code, "name": c["name"], "country": code, "sector": None,
                "kind": "country", "aliases": "; ".join(c["aliases"]) or None}
    if len(rest) % 3:
        return None
    parts = [rest[i:i + 3] for i in range(0, len(rest), 3)]
    if head in cs:
        if not parts or not all(p in SECTORS or p in cs for p in parts):
            return None
        label = ", ".join(SECTORS.get(p, cs.get(p, {}).get("name", p)) for p in parts)
        kind = "state_actor" if parts[0] in _STATE_SECTORS else "group"
        return {"code": code, "name": f"{cs[head]['name']} ({label.lower()})", "country": head,
                "sector": parts[0], "kind": kind, "aliases": None}
    if head in ("IGO", "NGO", "MNC", "IMG", "NGM") and all(p in SECTORS or p in cs for p in parts):
        base = orgs.get(head, {"name": SECTORS[head]})["name"]
        extra = ", ".join(SECTORS.get(p, cs.get(p, {}).get("name", p)) for p in parts)
        kind = {"IGO": "igo", "NGO": "ngo", "MNC": "mnc"}.get(head, "group")
        country = next((p for p in parts if p in cs), None)
        return {"code": code, "name": f"{base} ({extra})" if extra else base, "country": country,
                "sector": head, "kind": kind, "aliases": None}
    return None


def country_of(code: str | None) -> str | None:
    """The country part of an actor code (ISO-3), if it has one."""
    if not code:
        return None
    d = describe(code)
    return d["country"] if d else None


def packaged_actors() -> list[dict]:
    """Every actor row the package ships: countries, their standard sectors, organisations."""
    rows = []
    for code in countries():
        rows.append(describe(code))
        if len(code) == 3:
            rows.extend(describe(code + s) for s in _STANDARD_SECTORS)
    rows.extend(describe(code) for code in organisations())
    return [r for r in rows if r is not None]
