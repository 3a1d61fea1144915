"""Dev-time converter: ../shared/ontology -> tracker/ontology/data (run once; the package never reads ../shared).

    python tools/build_ontology.py [--shared ../shared/ontology]

Writes event_types.csv, countries.csv and icews_event_labels.csv; organisations.csv and issues.csv are
curated by hand. Attribution of every source is in tracker/ontology/data/NOTICE.md.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tracker" / "ontology" / "data"


def fix_mojibake(s: str) -> str:
    """The ICEWS csv is cp1252 text holding mojibake of UTF-8 punctuation (see shared/ontology/SOURCES.md)."""
    def repair(m: re.Match) -> str:
        try:
            return m.group(0).encode("mac_roman").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return m.group(0)
    return re.sub(r"[^\x00-\x7f]+", repair, s)


def quad(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


def build_event_types(src: Path) -> None:
    names = dict(row for row in csv.reader((src / "gdelt-lookup__CAMEO.eventcodes.txt").open(), delimiter="\t"))
    gold = dict(row for row in csv.reader((src / "gdelt-lookup__CAMEO.goldsteinscale.txt").open(), delimiter="\t"))
    names.pop("CAMEOEVENTCODE"); gold.pop("CAMEOEVENTCODE")
    icews = {}
    with (src / "icews-rpkg__cameo-codes.csv").open(encoding="cp1252") as fh:
        for row in csv.DictReader(fh):
            icews[row["code"]] = row
    plover: dict[str, tuple[str, str, str]] = {}
    for line in (src / "plover__CAMEO2PLOVER-2021.txt").read_text().splitlines():
        m = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        if len(parts) == 1:  # a root header such as "03: AGREE"
            plover.setdefault(m.group(1), (parts[0], "", ""))
            continue
        parts += [""] * (3 - len(parts))
        ctx = ";".join(c.strip() for c in parts[2].split(";") if c.strip())
        plover.setdefault(m.group(1), (parts[0], parts[1], ctx))
    codes = sorted(set(names) | set(icews), key=lambda c: (c[:2], len(c) > 2, c))
    rows = []
    for code in codes:
        ic = icews.get(code, {})
        name = fix_mojibake(ic.get("name") or names.get(code, "")).strip()
        g = gold.get(code)
        gi = ic.get("goldstein")
        gi = None if gi in (None, "", "NA") else float(gi)
        goldstein = float(g) if g is not None else gi
        root = code[:2]
        pt, pm, pc = plover.get(code) or plover.get(code[:3]) or plover.get(root) or ("", "", "")
        desc = " ".join(fix_mojibake(x).strip() for x in (ic.get("description", ""), ic.get("usage_notes", ""))
                        if x and x != "NA")
        rows.append({
            "code": code, "name": name, "gdelt_name": names.get(code, ""), "root_code": root,
            "level": len(code) - 2, "goldstein": goldstein,
            "goldstein_icews": gi if gi is not None else "", "quad_class": quad(root),
            "plover_type": pt, "plover_mode": pm, "plover_context": pc, "description": desc,
        })
    with (OUT / "event_types.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader(); w.writerows(rows)
    print(f"event_types.csv: {len(rows)} codes")


def build_countries(src: Path) -> None:
    countries = {}
    for name, code, cow in csv.reader((src / "text_to_CAMEO__countrynames.txt").open(), delimiter="\t"):
        if code == "---":
            continue
        countries.setdefault(code, {"code": code, "name": name, "cow": cow, "aliases": []})
    # synonyms (adjectives, capitals and big cities) from the PETRARCH country blocks
    current = None
    for line in (src / "petrarch2__Phoenix.Countries.actors.txt").read_text(errors="replace").splitlines():
        m = re.match(r"^([A-Z][A-Z'()._-]*?)_?\s+\[([A-Z]{3})\]\s*$", line)
        if m:
            current = countries.get(m.group(2))
            if current is not None:
                current["aliases"].append(m.group(1).replace("_", " ").strip().title())
            continue
        m = re.match(r"^\+([^#\[]+)", line)
        if m and current is not None:
            alias = m.group(1).replace("_", " ").strip().title()
            if alias and alias not in current["aliases"]:
                current["aliases"].append(alias)
            continue
        if line.strip() and not line.startswith(("#", "+")):
            current = None
    with (OUT / "countries.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "cow", "aliases"])
        for c in sorted(countries.values(), key=lambda c: c["code"]):
            w.writerow([c["code"], c["name"], c["cow"], "; ".join(c["aliases"][:40])])
    print(f"countries.csv: {len(countries)} codes")


def build_icews_labels(src: Path) -> None:
    rows = []
    for line in (src / "text_to_CAMEO__CAMEO_codefile.txt").read_text(errors="replace").splitlines():
        m = re.match(r"^(LABELi?):\s*(\d+)=\s*(.+?)\s*$", line)
        if m:
            rows.append((m.group(3), m.group(2), "icews" if m.group(1) == "LABELi" else "cameo"))
    with (OUT / "icews_event_labels.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["label", "code", "variant"])
        w.writerows(rows)
    print(f"icews_event_labels.csv: {len(rows)} labels")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "ontology")
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    build_event_types(a.shared)
    build_countries(a.shared)
    build_icews_labels(a.shared)
