"""Tables of the dataset imports (GDELT, ICEWS, ACLED, POLECAT): one row per imported file, one per refused row.

Declared here, like the core tables in tracker/schema/tables.py, so that the docs and the schema browser describe
them; created by the migration ``0002_imports``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel

from tracker.schema.tables import _seq_pk, _tz


class ImportBatch(SQLModel, table=True):
    """One imported file: where it came from, its checksum and what happened to its rows.

    A batch row is written in the same transaction as its events, so a batch exists only for a file whose
    import completed; ``rows_read = rows_imported + rows_duplicate + rows_rejected + rows_filtered``.
    """

    __tablename__ = "import_batch"
    id: int | None = _seq_pk("import_batch_id_seq", "Import batch id (event.batch_id points here).", big=True)
    dataset: str = Field(description="gdelt, icews, acled or polecat.")
    file_name: str = Field(index=True, description="Name of the data file (the member name for a file inside a zip).")
    path: str = Field(description="Where it was read from: the file path, or 'archive.zip!member' for a zip member.")
    sha256: str = Field(index=True, description="sha256 of the file's bytes (of the member, for a zip member).")
    format: str | None = Field(default=None, description="Format detected, e.g. 'gdelt2 (61 columns)', 'icews (no CAMEO Code)'.")
    filters: str | None = Field(default=None, description="The --since/--until/--countries filters used, as JSON; empty when none.")
    rows_read: int = Field(default=0, sa_type=BigInteger, description="Data rows in the file (header excluded).")
    rows_imported: int = Field(default=0, sa_type=BigInteger, description="Rows stored as new events.")
    rows_duplicate: int = Field(default=0, sa_type=BigInteger, description="Rows whose (dataset, external_id) was already stored or repeated in the file.")
    rows_rejected: int = Field(default=0, sa_type=BigInteger, description="Rows that could not be read; see import_rejected.")
    rows_filtered: int = Field(default=0, sa_type=BigInteger, description="Valid rows left out by --since/--until/--countries.")
    started_at: datetime | None = _tz("When the import of this file started (UTC).")
    finished_at: datetime | None = _tz("When it finished (UTC); the batch row is written at the end.", nullable=True)
    tool_version: str = Field(description="tracker version that imported it.")


class ImportRejected(SQLModel, table=True):
    """A row of an imported file that could not be read, with the raw line and why: nothing is dropped silently."""

    __tablename__ = "import_rejected"
    id: int | None = _seq_pk("import_rejected_id_seq", "Rejected row id.", big=True)
    batch_id: int = Field(index=True, sa_type=BigInteger, description="import_batch the row belongs to.")
    line: int | None = Field(default=None, sa_type=BigInteger, description="Line number in the file (1 = first line), when known.")
    reason: str = Field(description="Short reason: wrong column count, bad encoding, bad date, bad number, missing event code, ...")
    detail: str | None = Field(default=None, description="The column concerned and the reader's message.")
    raw_line: str | None = Field(default=None, description="The line as read (tab- or comma-joined fields).")


IMPORT_TABLES = [ImportBatch, ImportRejected]
