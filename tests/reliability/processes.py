"""Real processes for the reliability suites: input files, a coder that saves through the form functions, and
a runner that starts them, collects their output and reports how long each waited."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.imports.gdelt_rows import gdelt_row, line

PYTHON = sys.executable
TRACKER = str(Path(sys.executable).parent / "tracker")
ROOT = Path(__file__).resolve().parents[2]

#: a coder at the dashboard: each save through record_event (and every fourth an edit through edit_event),
#: on a guarded Database as the pages open it; a busy file is retried, as a person clicks Save again
CODER = textwrap.dedent("""
    import json, sys, time
    from tracker.db import Database
    from tracker.errors import DatabaseBusyError
    from tracker.services.auth import CurrentUser
    from tracker.services.events import edit_event, record_event
    from tracker.settings import Settings
    path, k, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    db = Database(path, Settings.from_env(db_path=path), guarded=True)
    user = CurrentUser(f"coder{k}", "coder")
    print(json.dumps({"started": True}), flush=True)
    def retried(action):
        # a busy file is reported before anything is written (DatabaseBusyError comes from opening it)
        tries = 0
        while True:
            tries += 1
            try:
                return action(), tries
            except DatabaseBusyError:
                if tries >= 20:
                    raise
    for i in range(n):
        marker = f"coder{k}-save{i}"
        start = time.perf_counter()
        eid, tries = retried(lambda: record_event(db, {
            "event_date": "2024-07-01", "actor_code": "USAGOV", "target_code": "CHNGOV", "code": "112",
            "issues": ["human_rights"], "evidence": marker}, user))
        if i % 4 == 3:
            _, more = retried(lambda: edit_event(db, eid, {"code": "111"}, user))
            tries += more - 1
        print(json.dumps({"marker": marker, "id": eid, "seconds": time.perf_counter() - start,
                          "tries": tries, "edited": i % 4 == 3}), flush=True)
""")


def gdelt_file(path: Path, rows: int, first_id: int = 1) -> Path:
    """A GDELT 2.0 export file of ``rows`` valid events with ids from ``first_id``."""
    rest = line(gdelt_row(0)).split("\t", 1)[1]
    with path.open("w") as fh:
        fh.writelines(f"{i}\t{rest}\n" for i in range(first_id, first_id + rows))
    return path


def articles_file(path: Path, count: int, tag: str = "a") -> Path:
    """A JSONL file of ``count`` distinct articles."""
    with path.open("w") as fh:
        for i in range(count):
            fh.write(json.dumps({
                "url": f"https://example.org/{tag}/{i}", "title": f"Article {tag} {i}", "source": "Example",
                "published_at": "2024-07-01",
                "text": f"Washington, 1 July 2024. Article {tag} number {i}: the United States criticised "
                        f"China over human rights in Xinjiang. " * 3}) + "\n")
    return path


def env(db_path: Path, **extra: str) -> dict:
    return dict(os.environ, TRACKER_DB=str(db_path), PYTHONPATH=str(ROOT), **extra)


def start_coder(db_path: Path, k: int, saves: int, **extra: str) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, "-c", CODER, str(db_path), str(k), str(saves)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env(db_path, **extra), cwd=ROOT)


def start_tracker(db_path: Path, *args: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen([TRACKER, "--db", str(db_path), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env(db_path, **extra), cwd=ROOT)


def json_lines(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines() if x.startswith("{")]
