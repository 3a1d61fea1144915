"""The import-direction rule of STYLE.md, checked on the source with ast."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# what each layer of tracker/ may import from tracker (besides itself, errors, settings and schema)
ALLOWED = {
    "schema": set(),
    "db": {"schema"},
    "ontology": {"schema", "db"},
    "ingest": {"schema", "db", "ontology"},
    "coding": {"schema", "db", "ontology"},
    "imports": {"schema", "db", "ontology", "ingest"},
    "queries": {"schema", "db", "ontology", "analysis"},
    "services": {"schema", "db", "ontology", "ingest", "coding", "queries", "imports", "analysis"},
    "analysis": set(),
    "cli": None,  # anything in tracker
}
BASE = {"errors", "settings", "__init__"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _py_files(folder: Path):
    return [p for p in folder.rglob("*.py") if ".venv" not in p.parts]


def test_library_never_imports_ui_frameworks():
    for path in _py_files(ROOT / "tracker"):
        bad = {n for n in _imports(path) if n.split(".")[0] in {"streamlit", "plotly"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_only_cli_imports_typer():
    for path in _py_files(ROOT / "tracker"):
        if "cli" in path.relative_to(ROOT / "tracker").parts[:1]:
            continue
        bad = {n for n in _imports(path) if n.split(".")[0] in {"typer", "click"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_layers_point_one_way():
    problems = []
    for path in _py_files(ROOT / "tracker"):
        parts = path.relative_to(ROOT / "tracker").parts
        layer = parts[0].removesuffix(".py") if len(parts) > 1 else None
        if layer is None or ALLOWED.get(layer, set()) is None:
            continue
        allowed = ALLOWED.get(layer, set()) | {layer} | BASE
        for name in _imports(path):
            if name.startswith("tracker."):
                target = name.split(".")[1]
                if target not in allowed and target not in {"api"}:
                    problems.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not problems, "\n".join(problems)


def test_pages_do_not_touch_the_database_directly():
    pages = _py_files(ROOT / "dashboards")
    for path in pages:
        bad = {n for n in _imports(path) if n.split(".")[0] in {"duckdb", "sqlalchemy", "sqlmodel"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_no_create_table_strings_outside_schema():
    """Tables are declared once, as SQLModel classes; only temporary work tables are created by SQL."""
    pattern = re.compile(r"CREATE\s+(OR\s+REPLACE\s+)?TABLE", re.IGNORECASE)
    for path in _py_files(ROOT / "tracker"):
        hits = pattern.findall(path.read_text())
        assert not hits, f"{path.relative_to(ROOT)} holds a CREATE TABLE string; declare tables in tracker/schema"
