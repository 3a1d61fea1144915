"""The packaged ontology data (tracker/ontology/data), read once per process."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("tracker.ontology").joinpath("data", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def event_types() -> dict[str, dict]:
    """CAMEO code -> row (name, root_code, level, goldstein, goldstein_icews, quad_class, plover_*, description)."""
    out = {}
    for r in _rows("event_types.csv"):
        out[r["code"]] = {
            "code": r["code"],
            "name": r["name"],
            "root_code": r["root_code"],
            "level": int(r["level"]),
            "goldstein": float(r["goldstein"]),
            "goldstein_icews": float(r["goldstein_icews"]) if r["goldstein_icews"] else None,
            "quad_class": int(r["quad_class"]),
            "plover_type": r["plover_type"] or None,
            "plover_mode": r["plover_mode"] or None,
            "plover_context": r["plover_context"] or None,
            "description": r["description"] or None,
        }
    return out


@cache
def countries() -> dict[str, dict]:
    """ISO-3 (or CAMEO region) code -> {code, name, cow, aliases: list}."""
    return {
        r["code"]: {"code": r["code"], "name": r["name"], "cow": r["cow"],
                    "aliases": [a for a in r["aliases"].split("; ") if a]}
        for r in _rows("countries.csv")
    }


@cache
def country_by_name() -> dict[str, str]:
    """Lower-case country name -> code (for imports that carry country names, e.g. ICEWS)."""
    out: dict[str, str] = {}
    for r in _rows("countries.csv"):
        out.setdefault(r["name"].lower(), r["code"])
    return out


@cache
def organisations() -> dict[str, dict]:
    return {r["code"]: {"code": r["code"], "name": r["name"], "kind": r["kind"],
                        "aliases": [a for a in r["aliases"].split("; ") if a]}
            for r in _rows("organisations.csv")}


@cache
def issues() -> dict[str, dict]:
    return {r["code"]: {"code": r["code"], "name": r["name"], "parent_code": r["parent_code"] or None,
                        "plover_context": r["plover_context"] or None, "description": r["description"] or None}
            for r in _rows("issues.csv")}


def issue_family(code: str) -> list[str]:
    """An issue and all its descendants (e.g. human_rights -> human_rights, xinjiang_uyghurs, tibet, ...)."""
    children: dict[str, list[str]] = {}
    for c, row in issues().items():
        if row["parent_code"]:
            children.setdefault(row["parent_code"], []).append(c)
    out, todo = [], [code]
    while todo:
        c = todo.pop()
        out.append(c)
        todo.extend(sorted(children.get(c, [])))
    return out


@cache
def icews_event_labels() -> dict[str, str]:
    """ICEWS 'Event Text' label (lower case) -> CAMEO code; the ICEWS wording wins over CAMEO's."""
    out: dict[str, str] = {}
    rows = _rows("icews_event_labels.csv")
    for r in sorted(rows, key=lambda r: r["variant"] != "icews"):
        out.setdefault(r["label"].strip().lower(), r["code"])
    return out
