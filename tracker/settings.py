"""Where the database lives and the other knobs: CLI option > environment (TRACKER_*) > default.

Every setting is declared once here, with its default, its environment variable and its help text;
the CLI and the docs read the same declarations.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

DEFAULT_DB = Path("data") / "tracker.duckdb"


def _meta(env: str, help: str) -> dict:
    return {"env": env, "help": help}


@dataclass(frozen=True)
class Settings:
    db_path: Path = field(default=DEFAULT_DB, metadata=_meta("TRACKER_DB", "DuckDB database file"))
    busy_timeout: float = field(
        default=10.0,
        metadata=_meta("TRACKER_BUSY_TIMEOUT", "seconds to wait for a database file held by another process"),
    )
    sql_timeout: float = field(
        default=5.0, metadata=_meta("TRACKER_SQL_TIMEOUT", "time limit in seconds for researcher SQL")
    )
    sql_row_cap: int = field(
        default=10_000, metadata=_meta("TRACKER_SQL_ROW_CAP", "most rows a researcher query returns")
    )
    sql_memory_limit: str = field(
        default="2GB", metadata=_meta("TRACKER_SQL_MEMORY", "DuckDB memory limit in guarded mode")
    )
    import_memory: str = field(
        default="1GB", metadata=_meta("TRACKER_IMPORT_MEMORY", "DuckDB memory limit for dataset imports")
    )
    gdelt_base_url: str = field(
        default="http://data.gdeltproject.org/gdeltv2",
        metadata=_meta("TRACKER_GDELT_BASE_URL", "where `tracker fetch gdelt` finds masterfilelist.txt and the files"),
    )
    gdelt_dir: str = field(
        default="", metadata=_meta("TRACKER_GDELT_DIR", "download folder for `tracker fetch` (default: <db folder>/gdelt)")
    )
    require_login: bool = field(
        default=False,
        metadata=_meta("TRACKER_REQUIRE_LOGIN", "analysts must log in to see the dashboard (true/false)"),
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> Settings:
        """Settings from the environment, with explicit (CLI) overrides winning over it."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is not None and raw != "":
                values[f.name] = _convert(f.type, raw, f.metadata["env"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "db_path" in values:
            values["db_path"] = Path(values["db_path"])
        return cls(**values)

    def with_db(self, path: Path | str) -> Settings:
        return replace(self, db_path=Path(path))


def _convert(type_name, raw: str, env: str):
    from tracker.errors import InputError

    name = type_name if isinstance(type_name, str) else type_name.__name__
    try:
        if name == "bool":
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if name == "int":
            return int(raw)
        if name == "float":
            return float(raw)
        return raw
    except ValueError:
        raise InputError(f"{env}={raw!r} is not a valid {name}; fix or unset the variable.") from None
