"""Which data files a list of paths stands for: plain files, zip archives (one entry per member) and folders.

A zip member is extracted to a temporary file for DuckDB to read (DuckDB reads plain and gzip files itself);
its checksum is that of the member's bytes, so the same file imported from a zip and unpacked is recognised.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import InputError

_CHUNK = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    """One data file to import: a path on disk, or a member of a zip archive."""

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        return Path(self.member).name if self.member else self.path.name

    @property
    def display(self) -> str:
        return f"{self.path}!{self.member}" if self.member else str(self.path)

    @contextmanager
    def local(self) -> Iterator[tuple[Path, str]]:
        """A readable local path for the file and the sha256 of its bytes."""
        if self.member is None:
            yield self.path, sha256_of(self.path)
            return
        tmp = Path(tempfile.mkdtemp(prefix="tracker-import-"))
        try:
            target = tmp / self.name
            digest = hashlib.sha256()
            with zipfile.ZipFile(self.path) as zf, zf.open(self.member) as src, target.open("wb") as dst:
                while block := src.read(_CHUNK):
                    digest.update(block)
                    dst.write(block)
            yield target, digest.hexdigest()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def find_sources(
    paths: list[Path], suffixes: tuple[str, ...], skip: tuple[str, ...] = ()
) -> list[SourceFile]:
    """Expand paths into data files, in a stable order.

    Folders are searched recursively for names ending in one of ``suffixes`` (case-insensitive) or ``.zip``;
    names containing one of ``skip`` (e.g. GDELT's ``.mentions.``) are left out. A file named explicitly is
    always taken. A missing path is an ``InputError``.
    """
    out: list[SourceFile] = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise InputError(f"{path} does not exist; give data files, zip archives or folders.")
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _wanted(child.name, suffixes + (".zip",), skip):
                    out.extend(_expand(child, suffixes, skip))
        else:
            out.extend(_expand(path, suffixes, skip))
    return out


def _wanted(name: str, suffixes: tuple[str, ...], skip: tuple[str, ...]) -> bool:
    low = name.lower()
    if low.startswith(".") or any(s in low for s in skip):
        return False
    return low.endswith(suffixes)


def _expand(path: Path, suffixes: tuple[str, ...], skip: tuple[str, ...]) -> list[SourceFile]:
    if not zipfile.is_zipfile(path):
        return [SourceFile(path)]
    try:
        with zipfile.ZipFile(path) as zf:
            members = [i.filename for i in zf.infolist() if not i.is_dir()]
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path} is not a readable zip archive ({exc}); download it again.") from None
    chosen = [m for m in members if _wanted(Path(m).name, suffixes, skip)]
    if not chosen and len(members) == 1 and not any(s in members[0].lower() for s in skip):
        chosen = members
    return [SourceFile(path, m) for m in sorted(chosen)]
