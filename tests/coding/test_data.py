"""The packaged dictionaries are valid: codes exist, issues belong to the taxonomy, sources are attributed."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

from tracker.coding.dictionary import DATA_DIR, PACKAGED_FILES

ROOT = Path(__file__).resolve().parents[2]


def load(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def test_issue_codes_match_the_project_taxonomy():
    with (ROOT / "tracker" / "ontology" / "data" / "issues.csv").open(encoding="utf-8") as fh:
        taxonomy = {row["code"]: row["parent_code"] or None for row in csv.DictReader(fh)}
    assert load("issue_codes.json")["issue_codes"] == taxonomy
    for name in ("issues_phoenix.json", "curated_issues.json"):
        assert {e["issue"] for e in load(name)["issues"]} <= set(taxonomy)


def test_actor_codes_are_made_of_three_letter_parts():
    code = re.compile(r"[A-Z]{3}(?:[A-Z]{3}){0,4}")
    for name in ("actors_phoenix.json", "curated_actors.json", "curated_leaders.json"):
        bad = [e for e in load(name)["actors"] if not code.fullmatch(e["code"])]
        assert bad == []


def test_leader_roles_have_ordered_dates():
    for e in load("curated_leaders.json")["actors"]:
        start, until = e.get("from"), e.get("until")
        if start and until:
            assert date.fromisoformat(start) < date.fromisoformat(until), e


def test_pattern_codes_exist_in_cameo():
    cameo = load("cameo.json")["cameo"]
    doc = load("curated_patterns.json")
    assert {p["code"] for p in doc["patterns"] if p["code"]} <= set(cameo)
    assert {c for r in doc["refinements"] for c in r["codes"].values()} <= set(cameo)
    blocks = load("patterns_phoenix.json")["verb_blocks"]["blocks"]
    assert {p["code"] for b in blocks for p in b["patterns"] if p["code"]} - set(cameo) <= {"---"}


def test_every_packaged_file_exists_and_is_attributed():
    notice = (DATA_DIR / "NOTICE.md").read_text(encoding="utf-8")
    for name in PACKAGED_FILES:
        assert (DATA_DIR / name).exists(), name
        assert name.startswith("cameo") or f"`{name}`" in notice, f"{name} is not in NOTICE.md"
    for needle in ("PETRARCH-2", "Open Event Data Alliance", "CC BY-SA 4.0", "Philip Schrodt"):
        assert needle in notice
