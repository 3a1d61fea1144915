"""Article readers: files and folders -> ArticleCreate rows or rejections, one per input record.

Every reader yields ``Record``s: either an article or a rejection with the place (file, line) and the reason,
so the caller can report what it took, what it skipped and why. Nothing is dropped silently.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError as PydanticValidationError

from tracker.errors import InputError
from tracker.ingest.text import parse_date, parse_plain_article
from tracker.schema import ArticleCreate

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ALL_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES
FIELDS = ("url", "title", "author", "source", "published_at", "text", "language")
CSV_FIELD_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class Record:
    where: str                      # "path" or "path:line"
    article: ArticleCreate | None = None
    reason: str | None = None       # set when rejected


def _validate(where: str, fields: dict) -> Record:
    try:
        return Record(where, article=ArticleCreate.model_validate(fields))
    except PydanticValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'row'}: {e['msg']}" for e in exc.errors())
        return Record(where, reason=problems)


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid UTF-16 ({exc.reason})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 (byte {exc.start}); convert it, e.g. `iconv -f cp1252 -t utf-8`"
        ) from None


def read_text_file(path: Path, raw: str) -> Iterator[Record]:
    try:
        fields = parse_plain_article(raw)
    except ValueError as exc:
        yield Record(str(path), reason=str(exc))
        return
    fields.update(origin=f"file:{path}")
    yield _validate(str(path), fields)


def _row_fields(row: dict, where: str, origin: str) -> tuple[dict | None, str | None]:
    fields = {k: row.get(k) for k in FIELDS if row.get(k) not in (None, "")}
    try:
        fields["published_at"] = parse_date(fields.get("published_at"))
    except ValueError as exc:
        return None, f"published_at: {exc}"
    for k, v in list(fields.items()):
        if k != "published_at" and not isinstance(v, str):
            fields[k] = str(v)
    fields["origin"] = origin
    return fields, None


def read_jsonl(path: Path, raw: str) -> Iterator[Record]:
    origin = f"file:{path}"
    # only \n ends a JSON line: str.splitlines() would also cut at \x1c-\x1e, \x85, \u2028 and \u2029, which
    # JSON allows unescaped inside strings
    for n, line in enumerate(raw.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(where, reason=f"broken JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(row, dict):
            yield Record(where, reason="a JSON line must be an object with url/title/author/source/published_at/text")
            continue
        fields, problem = _row_fields(row, where, origin)
        yield Record(where, reason=problem) if problem else _validate(where, fields)


def read_csv_file(path: Path, raw: str) -> Iterator[Record]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    origin = f"file:{path}"
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.DictReader(io.StringIO(raw, newline=""), delimiter=delimiter)
    if not reader.fieldnames or "text" not in [f.strip().lower() for f in reader.fieldnames]:
        yield Record(str(path), reason="no `text` column in the header (expected url,title,author,source,published_at,text)")
        return
    try:
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if None in row:
                yield Record(where, reason="more fields than the header has")
                continue
            row = {k.strip().lower(): v for k, v in row.items()}
            fields, problem = _row_fields(row, where, origin)
            yield Record(where, reason=problem) if problem else _validate(where, fields)
    except csv.Error as exc:
        yield Record(f"{path}:{reader.line_num}", reason=f"unreadable CSV ({exc}); the rest of the file was skipped")


def read_feed(path: Path, raw: str) -> Iterator[Record]:
    import feedparser

    feed = feedparser.parse(raw)
    if feed.bozo and not feed.entries:
        yield Record(str(path), reason=f"not an RSS/Atom feed ({feed.get('bozo_exception')})")
        return
    source = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, start=1):
        where = f"{path}#{n}"
        text = ""
        if entry.get("content"):
            text = entry.content[0].get("value", "")
        text = text or entry.get("summary", "") or entry.get("description", "")
        text = _strip_html(text)
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        fields = {
            "url": entry.get("link"), "title": entry.get("title"), "author": entry.get("author"),
            "source": source, "text": text, "origin": f"feed:{path}",
            "published_at": None if not published else f"{published.tm_year:04d}-{published.tm_mon:02d}-{published.tm_mday:02d}",
        }
        try:
            fields["published_at"] = parse_date(fields["published_at"])
        except ValueError as exc:
            yield Record(where, reason=f"published: {exc}")
            continue
        yield _validate(where, fields)


def _strip_html(s: str) -> str:
    import html
    import re

    s = re.sub(r"(?is)<(script|style).*?</\1>", " ", s)
    s = re.sub(r"(?i)<br\s*/?>|</p>", "\n", s)
    s = re.sub(r"<[^>]+>", " ", s)
    return re.sub(r"[ \t]+", " ", html.unescape(s)).strip()


def _reader_for(path: Path):
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text_file
    if suffix in JSONL_SUFFIXES:
        return read_jsonl
    if suffix in CSV_SUFFIXES:
        return read_csv_file
    if suffix in FEED_SUFFIXES:
        return read_feed
    return None


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files given, and every file inside folders given (sorted). README files and hidden files are skipped;
    files of unknown type are kept so that the report names them."""
    out: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"{p} does not exist; check the path.")
        if p.is_dir():
            out.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and f.stem.upper() != "README"
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            out.append(p)
    return out


def read_path(path: Path) -> Iterator[Record]:
    """Every record of one file; an unreadable file is one rejection."""
    reader = _reader_for(path)
    if reader is None:
        yield Record(str(path), reason=f"unknown file type {path.suffix!r} (use .txt, .jsonl, .csv, .rss/.atom/.xml)")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Record(str(path), reason=f"cannot read the file ({exc.strerror})")
        return
    try:
        raw = _decode(path, data)
    except InputError as exc:
        yield Record(str(path), reason=str(exc).split(": ", 1)[-1])
        return
    yield from reader(path, raw)
