"""The documented schema: every table, view and column with its description.

One source for docs/schema.md (``render_schema_markdown``), the dashboard's schema browser and the test that
keeps the docs complete. Tables come from the SQLModel classes in tracker/schema, views from tracker/db/views.py.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass

from sqlmodel import SQLModel

import tracker.schema
from tracker.db.views import VIEWS


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str            # "table" or "view"
    description: str
    columns: list[Column]


def _table_models() -> list[type[SQLModel]]:
    for mod in pkgutil.iter_modules(tracker.schema.__path__):
        importlib.import_module(f"tracker.schema.{mod.name}")
    models = {}
    for cls in _subclasses(SQLModel):
        table = getattr(cls, "__table__", None)
        if table is not None and cls.__module__.startswith("tracker.schema"):
            models[table.name] = cls
    return [models[name] for name in sorted(models)]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _type(column) -> str:
    from duckdb_engine import Dialect

    try:
        return column.type.compile(dialect=Dialect())
    except Exception:  # noqa: BLE001 - a type without a DuckDB spelling is shown by its class name
        return type(column.type).__name__.upper()


def schema_catalog() -> list[Relation]:
    """Tables (alphabetical), then views, each with described columns."""
    out = []
    for model in _table_models():
        fields = model.model_fields
        cols = [
            Column(c.name, _type(c), (fields[c.name].description if c.name in fields else "") or "")
            for c in model.__table__.columns
        ]
        out.append(Relation(model.__table__.name, "table", inspect.cleandoc(model.__doc__ or ""), cols))
    for view in VIEWS:
        out.append(Relation(view.name, "view", view.description,
                            [Column(n, "", d) for n, d in view.columns.items()]))
    return out


def render_schema_markdown() -> str:
    """docs/schema.md, generated: `python -m tracker.db.catalog > docs/schema.md`."""
    lines = [
        "# The tracker database schema",
        "",
        "Generated from the code by `python -m tracker.db.catalog > docs/schema.md`; a test fails when this file",
        "falls behind. Query it read-only with `tracker sql \"...\"`, from Python with `tracker.open(path)`, or with",
        "the duckdb CLI / R duckdb package on a copy of the file (DuckDB lets one process write at a time).",
        "",
        "Conventions: CAMEO event codes are strings (`'010'` is not `'10'`); dates are `DATE`, times",
        "`TIMESTAMP WITH TIME ZONE` in UTC; references between tables are kept by the library (DuckDB foreign keys",
        "are not used because of their eager checks). Live data = status `proposed` or `accepted`.",
        "",
    ]
    for rel in schema_catalog():
        lines += [f"## `{rel.name}` ({rel.kind})", "", rel.description, ""]
        if rel.kind == "table":
            lines += ["| column | type | description |", "|---|---|---|"]
            lines += [f"| `{c.name}` | {c.type} | {c.description} |" for c in rel.columns]
        else:
            lines += ["| column | description |", "|---|---|"]
            lines += [f"| `{c.name}` | {c.description} |" for c in rel.columns]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_schema_markdown(), end="")
