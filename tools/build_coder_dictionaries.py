"""Convert the PETRARCH-2 / Phoenix / CAMEO source files in ../shared/ontology into the coder's own format.

Dev-time only: run it when the upstream files change, then commit tracker/coding/data. The runtime code never
reads ../shared. Hand-written dictionaries (curated_*.json) are left alone; this writes the derived files:

    cameo.json          CAMEO event codes and names
    actors_phoenix.json country names/adjectives, leaders with date bounds, IGOs/NGOs, armed groups
    agents_phoenix.json sector nouns ("foreign minister" -> GOV)
    patterns_phoenix.json verb blocks with their forms, default codes and object patterns
    issues_phoenix.json issue phrases mapped onto the project's issue taxonomy
    issue_codes.json    the project's issue codes, copied from tracker/ontology/data/issues.csv
    names_countries.json readable country names for actor codes

Usage: python tools/build_coder_dictionaries.py [--ontology ../shared/ontology] [--out tracker/coding/data]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Phoenix issue codes -> the project's taxonomy (tracker/ontology/data/issues.csv); unmapped codes are dropped.
ISSUE_MAP = {
    "HUMAN_RIGHTS": "human_rights",
    "ID_TORTURE": "repression",
    "POLITICAL_PRISONER": "political_prisoners",
    "DISCRIMINATION": "inequality",
    "CENSORSHIP": "censorship",
    "MEDIA_CENSORSHIP": "censorship",
    "INTERNET_CENSORSHIP": "censorship",
    "SANCTIONS": "sanctions",
    "TRADE_DISPUTE": "trade",
    "CYBER_SECURITY": "cyber",
    "CYBER_ATTACK": "cyber",
    "REFUGEES": "asylum",
    "ID_IMMIGRATION": "migration",
    "ID_SMUGGLING": "trafficking",
    "ID_DEMOCRACY": "pro_democracy",
    "ELECTION": "election",
    "ELECTIONS": "election",
    "CORRUPTION": "corruption",
    "ENVIRONMENT": "environment",
    "NATURAL_DISASTER": "disasters",
    "HEALTH": "health",
    "TERROR": "terrorism",
    "WMD": "cbrn",
    "ID_PROLIFERATION": "cbrn",
    "ID_ARMS_DEAL": "military",
    "AIRSTRIKE": "military",
    "DRONE": "military",
    "PEACEKEEPERS": "peacekeeping",
    "SECURITY_SERVICES": "intelligence",
    "GENDER_VIOLENCE": "gender",
    "LGBT": "lgbt",
    "HUMANITARIAN_CRISIS": "human_security",
    "SHORTAGE": "human_security",
    "CRIME": "crime",
    "ENERGY": "natural_resource",
    "ECONOMIC": "economic",
    "COUPS": "pro_autocracy",
    "FOREIGN_AID": "economic",
    "KIDNAP": "crime",
}


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def phrase_of(token: str) -> str:
    """PETRARCH phrase (WORDS_JOINED_BY_UNDERSCORE_) -> lower-case words."""
    return " ".join(w for w in token.strip().strip("_").lower().replace("_", " ").split())


def parse_date(text: str) -> str | None:
    text = text.strip()
    if len(text) == 8 and text.isdigit():
        y, m, d = text[:4], text[4:6], text[6:]
    elif len(text) == 6 and text.isdigit():
        yy = int(text[:2])
        y, m, d = str(1900 + yy if yy > 30 else 2000 + yy), text[2:4], text[4:]
    else:
        return None
    if not ("01" <= m <= "12" and "01" <= d <= "31"):
        return None
    return f"{y}-{m}-{d}"


def parse_code(spec: str) -> list[dict]:
    """'[CHNGOV 681031-720224]' -> [{'code','from','until'}]; several [...] groups allowed."""
    out = []
    for group in re.findall(r"\[([^\]]*)\]", spec):
        parts = group.split()
        if not parts:
            continue
        code = parts[0].lstrip("~").upper()
        if not re.fullmatch(r"[A-Z]{3}(?:[A-Z]{3}){0,4}", code):
            continue
        start = until = None
        if len(parts) > 1:
            rng = parts[1]
            if rng.startswith(">"):
                start = parse_date(rng[1:])
            elif rng.startswith("<"):
                until = parse_date(rng[1:])
            elif "-" in rng:
                a, b = rng.split("-", 1)
                start, until = parse_date(a), parse_date(b)
            if start is None and until is None:
                continue  # malformed date: unusable bound
        out.append({"code": code, "from": start, "until": until})
    return out


def parse_actor_file(path: Path) -> list[dict]:
    """TABARI actor blocks: a head line, '+' synonym lines, then tab-indented [CODE dates] lines."""
    entries: list[dict] = []
    names: list[str] = []
    codes: list[dict] = []

    def flush():
        for name in names:
            for c in codes:
                entries.append({"phrase": name, **c})

    for raw in read_lines(path):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw[0] in "\t " and line.strip().startswith("["):
            codes.extend(parse_code(line))
            continue
        if line.startswith("+"):
            names.append(phrase_of(re.sub(r"\[.*", "", line[1:])))
            codes.extend(parse_code(line))
            continue
        flush()
        head = re.sub(r"\[.*", "", line)
        names, codes = [phrase_of(head)], parse_code(line)
    flush()
    return [e for e in entries if e["phrase"]]


def parse_agents(path: Path) -> list[dict]:
    subs: dict[str, list[str]] = {}
    out = []
    for raw in read_lines(path):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"(!\w+!)\s*=\s*(.*)", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.match(r"([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[~?([A-Z]+)\]", line)
        if not m:
            continue
        heads = [m.group(1)] + (m.group(2) or "").split()
        for head in heads:
            variants = [head]
            for key, words in subs.items():
                if key in head:
                    variants = [v.replace(key, w) for v in variants for w in words]
            for v in variants:
                p = phrase_of(v)
                if p and p.split()[-1] not in ("to", "of", "for", "in", "on", "at", "with", "from"):
                    out.append({"phrase": p, "code": m.group(3)[:3]})
    return out


def parse_verbs(path: Path) -> dict:
    lines = read_lines(path)
    synsets: dict[str, list[str]] = {}
    blocks: list[dict] = []
    mode = "head"
    current_set = None
    block = None
    for raw in lines:
        if raw.startswith("####### SYNONYM"):
            mode = "syn"
            continue
        if raw.startswith("####### VERB"):
            mode = "verb"
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            current_set = None if mode == "syn" else current_set
            continue
        if mode == "syn":
            if line.startswith("&"):
                current_set = line.strip().rstrip("_")
                synsets[current_set] = []
            elif line.startswith("+") and current_set:
                synsets[current_set].append(phrase_of(line[1:]))
            continue
        if mode != "verb":
            continue
        m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]\s*-*\s*---", line)
        if m:
            block = {"id": m.group(1), "code": clean_code(m.group(2)), "verbs": [], "patterns": []}
            blocks.append(block)
            continue
        if block is None:
            continue
        if line.startswith("-"):
            pm = re.match(r"-\s*(.*?)\s*\[([^\]]*)\]", line)
            if not pm or "*" not in pm.group(1):
                continue
            before, after = pm.group(1).split("*", 1)
            block["patterns"].append(
                {
                    "before": pattern_words(before),
                    "after": pattern_words(after),
                    "code": clean_code(pm.group(2)),
                }
            )
            continue
        vm = re.match(r"\+?([A-Z][A-Z_'\-]*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?", line.strip())
        if vm:
            forms = [phrase_of(f.lstrip("+")) for f in (vm.group(2) or "{}")[1:-1].split()]
            code = clean_code(vm.group(3)[1:-1]) if vm.group(3) else block["code"]
            block["verbs"].append({"lemma": phrase_of(vm.group(1)), "forms": forms, "code": code})
    return {"synsets": synsets, "blocks": blocks}


def clean_code(text: str) -> str | None:
    code = text.strip().split(":")[0].strip()
    return code if re.fullmatch(r"\d{2,4}", code) else None


def pattern_words(text: str) -> list[str]:
    """Literal words and &SETS of a PETRARCH pattern side; slot markers ($ + ^ %) and brackets are dropped."""
    words = []
    for tok in re.sub(r"[(){}]", " ", text).split():
        if tok in {"$", "+", "^", "%", "|"} or not re.search(r"[A-Za-z]", tok):
            continue
        words.append(tok.rstrip("_") if tok.startswith("&") else phrase_of(tok))
    return [w for w in words if w]


def parse_issues(path: Path) -> list[dict]:
    out = []
    for raw in read_lines(path):
        line = raw.strip()
        m = re.match(r"([^\[~<#][^\[]*?)\s*\[([A-Z_]+)\]", line)
        if not m or m.group(2) not in ISSUE_MAP:
            continue
        phrase = m.group(1)
        prefix_words = []
        for w in phrase.split():
            for part in w.split("+"):  # "cyber+n:attack": "cyber attack*", not "attack*" alone
                inflect = part.startswith(("n:", "v:"))
                part = part.split(":", 1)[-1].lower()
                prefix_words.append(part + ("*" if inflect else ""))
        out.append({"phrase": " ".join(prefix_words), "issue": ISSUE_MAP[m.group(2)]})
    return out


def parse_cameo(path: Path) -> dict[str, str]:
    codes = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and row[0].isdigit():
                codes[row[0]] = row[1]
    return codes


def write(out: Path, name: str, source: str, payload: dict) -> None:
    payload = {"source": source, **payload}
    (out / name).write_text(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ontology", type=Path, default=ROOT.parent / "shared" / "ontology")
    ap.add_argument("--out", type=Path, default=ROOT / "tracker" / "coding" / "data")
    args = ap.parse_args()
    src, out = args.ontology, args.out
    out.mkdir(parents=True, exist_ok=True)
    write(
        out,
        "cameo.json",
        "gdelt-lookup__CAMEO.eventcodes.txt",
        {"cameo": parse_cameo(src / "gdelt-lookup__CAMEO.eventcodes.txt")},
    )
    actors = []
    for name in (
        "petrarch2__Phoenix.Countries.actors.txt",
        "petrarch2__Phoenix.International.actors.txt",
        "petrarch2__Phoenix.MilNonState.actors.txt",
    ):
        actors.extend(parse_actor_file(src / name))
    seen, unique = set(), []
    for a in actors:
        key = (a["phrase"], a["code"], a["from"], a["until"])
        if key not in seen:
            seen.add(key)
            unique.append(a)
    # Nationality plurals ("Georgians", "Americans") name a country's people: CVL.
    adjectives = {
        (a["phrase"], a["code"])
        for a in unique
        if len(a["code"]) == 3
        and a["from"] is None
        and a["until"] is None
        and re.fullmatch(r"[a-z]+(?:an|ian)", a["phrase"])
    }
    unique += [
        {"phrase": p + "s", "code": c + "CVL", "from": None, "until": None} for p, c in sorted(adjectives)
    ]
    write(
        out,
        "actors_phoenix.json",
        "petrarch2 Phoenix.{Countries,International,MilNonState}.actors.txt",
        {"actors": unique},
    )
    write(
        out,
        "agents_phoenix.json",
        "petrarch2 Phoenix.agents.txt",
        {"agents": parse_agents(src / "petrarch2__Phoenix.agents.txt")},
    )
    verbs = parse_verbs(src / "petrarch2__CAMEO.2.0.verbs.txt")
    cameo = parse_cameo(src / "gdelt-lookup__CAMEO.eventcodes.txt")
    for block in verbs["blocks"]:  # a few PETRARCH codes (176, 1213) are not in the CAMEO code list
        block["patterns"] = [p for p in block["patterns"] if p["code"] is None or p["code"] in cameo]
        for verb in block["verbs"]:
            verb["code"] = verb["code"] if verb["code"] in cameo else None
    write(out, "patterns_phoenix.json", "petrarch2 CAMEO.2.0.txt", {"verb_blocks": verbs})
    write(
        out,
        "issues_phoenix.json",
        "petrarch2 Phoenix.IssueCoding.txt",
        {"issues": parse_issues(src / "petrarch2__Phoenix.IssueCoding.txt")},
    )
    with (ROOT / "tracker" / "ontology" / "data" / "issues.csv").open(encoding="utf-8") as fh:
        write(
            out,
            "issue_codes.json",
            "tracker/ontology/data/issues.csv",
            {"issue_codes": {row["code"]: row["parent_code"] or None for row in csv.DictReader(fh)}},
        )
    names = {}
    for row in csv.reader((src / "text_to_CAMEO__countrynames.txt").open(encoding="utf-8"), delimiter="\t"):
        if len(row) >= 2 and re.fullmatch(r"[A-Z]{3}", row[1]) and row[1] not in names:
            names[row[1]] = row[0]
    write(out, "names_countries.json", "text_to_CAMEO countrynames.txt", {"names": names})
    print(f"wrote {out}: {len(unique)} actor entries, {len(verbs['blocks'])} verb blocks")


if __name__ == "__main__":
    main()
