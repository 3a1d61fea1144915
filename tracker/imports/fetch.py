"""`tracker fetch gdelt`: download GDELT 2.0 event exports listed in masterfilelist.txt and import them.

The list gives ``<size> <md5> <url>`` per file. For each ``YYYYMMDDHHMMSS.export.CSV.zip`` in the date range:
skip it if a batch of that name was imported, else download it into the cache folder (``<name>.part`` while
incomplete, resumed with an HTTP Range request the next time), check size and md5, and import it. A file that
fails (cut off, wrong md5, HTTP error) is reported and the others go on; a wrong-md5 download is deleted.
Files are fetched from the base URL by name, so a mirror serving the same names works.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from http.client import HTTPException
from pathlib import Path

from tracker.db import Database
from tracker.errors import DownloadError
from tracker.imports.batch import import_source
from tracker.imports.gdelt import GdeltReader
from tracker.imports.sources import find_sources
from tracker.imports.summary import FileResult, ImportFilters, ImportSummary

_NAME = re.compile(r"^(\d{14})\.export\.CSV\.zip$")
_CHUNK = 1 << 16




@dataclass(frozen=True)
class Listed:
    size: int
    md5: str
    name: str
    stamp: datetime


def read_masterlist(url: str, since: date, until: date, timeout: float = 60) -> list[Listed]:
    """The export files of the master list whose 15-minute stamp falls on a day in [since, until]."""
    out = []
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            for raw in resp:
                parts = raw.decode("utf-8", "replace").split()
                if len(parts) != 3 or not parts[0].isdigit():
                    continue
                name = parts[2].rsplit("/", 1)[-1]
                m = _NAME.match(name)
                if not m:
                    continue
                stamp = datetime.strptime(m.group(1), "%Y%m%d%H%M%S")
                if since <= stamp.date() <= until:
                    out.append(Listed(int(parts[0]), parts[1].lower(), name, stamp))
    except (urllib.error.URLError, HTTPException, OSError) as exc:
        raise DownloadError(
            f"Cannot read the GDELT file list {url}: {_why(exc)}. Check the network or "
            "TRACKER_GDELT_BASE_URL."
        ) from None
    return sorted(out, key=lambda f: f.stamp)


def download(url: str, listed: Listed, folder: Path, timeout: float = 60) -> Path:
    """The verified file in ``folder``, downloading (or resuming) it as needed."""
    final, part = folder / listed.name, folder / (listed.name + ".part")
    if final.exists() and final.stat().st_size == listed.size and _md5(final) == listed.md5:
        return final
    have = part.stat().st_size if part.exists() else 0
    if have > listed.size:
        part.unlink()
        have = 0
    if have < listed.size:
        req = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                if have and resp.status != 206:
                    have = 0
                with part.open("ab" if have else "wb") as out:
                    while block := resp.read(_CHUNK):
                        out.write(block)
        except (urllib.error.URLError, HTTPException, OSError) as exc:
            got = part.stat().st_size if part.exists() else 0
            raise DownloadError(
                f"download interrupted after {got} of {listed.size} bytes ({_why(exc)}); "
                "run the command again to resume"
            ) from None
    got = part.stat().st_size
    if got != listed.size:
        raise DownloadError(
            f"download stopped after {got} of {listed.size} bytes; run the command again to resume"
        )
    digest = _md5(part)
    if digest != listed.md5:
        part.unlink()
        raise DownloadError(f"md5 mismatch (listed {listed.md5}, got {digest}); the download was deleted")
    part.replace(final)
    return final


def fetch_gdelt(
    db: Database,
    since: date,
    until: date,
    folder: Path,
    filters: ImportFilters | None = None,
    url: str | None = None,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> ImportSummary:
    """Download and import the GDELT 2.0 exports of [since, until]; one FileResult per listed file."""
    url = (url or db.settings.gdelt_base_url).rstrip("/")
    listed = read_masterlist(f"{url}/masterfilelist.txt", since, until)
    folder.mkdir(parents=True, exist_ok=True)
    done = _imported_names(db)
    reader, summary = GdeltReader(), ImportSummary("gdelt")
    if on_start:
        on_start(len(listed))
    for item in listed:
        member = item.name.removesuffix(".zip")
        if member in done or item.name in done:
            result = FileResult(path=item.name, file_name=member, skipped="already imported")
        else:
            try:
                path = download(f"{url}/{item.name}", item, folder)
            except DownloadError as exc:
                result = FileResult(path=item.name, file_name=member, error=str(exc))
            else:
                sources = find_sources([path], reader.suffixes, reader.skip)
                result = import_source(db, reader, sources[0], filters or ImportFilters())
        summary.files.append(result)
        if on_file:
            on_file(result)
    return summary


def _imported_names(db: Database) -> set[str]:
    with db.connect() as conn:
        return {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT file_name FROM import_batch WHERE dataset = 'gdelt'"
            ).fetchall()
        }


def _md5(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _why(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__
