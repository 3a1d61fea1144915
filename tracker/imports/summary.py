"""What an import did: per file and in total, rows read / imported / duplicate / rejected / filtered and why."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ImportFilters:
    """The --since / --until / --countries options: valid rows outside them are counted as filtered."""

    since: date | None = None
    until: date | None = None
    countries: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.countries)

    def to_json(self) -> str | None:
        if not self.active:
            return None
        return json.dumps(
            {
                "since": self.since and self.since.isoformat(),
                "until": self.until and self.until.isoformat(),
                "countries": sorted(self.countries),
            },
            sort_keys=True,
        )


@dataclass
class FileResult:
    """One file: its batch id and counts, or why it was skipped or could not be read at all."""

    path: str
    file_name: str
    batch_id: int | None = None
    format: str | None = None
    read: int = 0
    imported: int = 0
    duplicate: int = 0
    rejected: int = 0
    filtered: int = 0
    reasons: Counter = field(default_factory=Counter)
    skipped: str | None = None
    error: str | None = None

    @property
    def status(self) -> str:
        if self.error:
            return "failed"
        if self.skipped:
            return "skipped"
        return "imported"

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "file_name": self.file_name,
            "status": self.status,
            "batch_id": self.batch_id,
            "format": self.format,
            "read": self.read,
            "imported": self.imported,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "filtered": self.filtered,
            "reasons": dict(sorted(self.reasons.items())),
            "skipped": self.skipped,
            "error": self.error,
        }


@dataclass
class ImportSummary:
    """All files of one `tracker import` (or `tracker fetch`) run."""

    dataset: str
    files: list[FileResult] = field(default_factory=list)

    def _total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def read(self) -> int:
        return self._total("read")

    @property
    def imported(self) -> int:
        return self._total("imported")

    @property
    def duplicate(self) -> int:
        return self._total("duplicate")

    @property
    def rejected(self) -> int:
        return self._total("rejected")

    @property
    def filtered(self) -> int:
        return self._total("filtered")

    @property
    def reasons(self) -> Counter:
        total: Counter = Counter()
        for f in self.files:
            total.update(f.reasons)
        return total

    @property
    def valid_rows(self) -> int:
        """Rows that were read without a problem (imported, duplicate or filtered) or files already imported."""
        return self.imported + self.duplicate + self.filtered + sum(1 for f in self.files if f.skipped)

    def to_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "files": [f.to_dict() for f in self.files],
            "totals": {
                "files": len(self.files),
                "read": self.read,
                "imported": self.imported,
                "duplicate": self.duplicate,
                "rejected": self.rejected,
                "filtered": self.filtered,
                "reasons": dict(sorted(self.reasons.items())),
            },
        }
