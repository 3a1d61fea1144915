"""Creating or upgrading a database file: migrations, then the packaged ontology."""

from __future__ import annotations

from tracker.db import Database, migrate
from tracker.errors import DatabaseError
from tracker.ontology import load_ontology
from tracker.services.topics import create_preset_topics


def _coder_actors() -> list[dict]:
    """Actor names the automatic coder can emit, so its codes resolve to names in the views."""
    try:
        from tracker.coding import known_actor_names
    except ImportError:
        return []
    from tracker.ontology.actors import describe

    rows = []
    for code, name in known_actor_names().items():
        row = describe(code) or {"code": code, "country": None, "sector": None, "kind": "other", "aliases": None}
        rows.append({**row, "name": name})
    return rows


def init_database(db: Database) -> dict:
    """Create the file if needed, apply pending migrations, (re)load the ontology. Never drops data."""
    try:
        db.path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"Cannot create the folder {db.path.parent}: {exc.strerror}.") from None
    applied = migrate(db)
    counts = load_ontology(db, extra_actors=_coder_actors())
    create_preset_topics(db)
    return {"database": str(db.path), "migrations_applied": applied, "ontology": counts}
