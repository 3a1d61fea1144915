"""Normalising article text: content hashes, dates and the plain-text article shape."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime

_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y/%m/%d", "%d.%m.%Y")
#: trailing page furniture left over from copying a web page (compared case-insensitively)
BOILERPLATE = {
    "html tutorial", "advertisement", "share this article", "share this", "read more", "related articles",
    "subscribe", "sign up for our newsletter", "print", "comments", "cookie policy", "back to top",
}


def content_hash(text: str) -> str:
    """sha256 of the text with Unicode normalised (NFKC), whitespace collapsed and case folded."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    norm = " ".join(text.split()).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def parse_date(value) -> date | None:
    """A date from the usual spellings; None for empty; ValueError for anything unreadable or impossible."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    if not s:
        return None
    s = re.sub(r"\s*\(.*\)\s*$", "", s)  # "July 2, 2024 (3 weeks ago)"
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {s!r} (use YYYY-MM-DD)")


def strip_boilerplate(lines: list[str]) -> list[str]:
    """Drop trailing lines that are page furniture rather than article text."""
    lines = list(lines)
    while lines and (not lines[-1].strip() or lines[-1].strip().casefold().rstrip(".:") in BOILERPLATE):
        lines.pop()
    return lines


def parse_plain_article(raw: str) -> dict:
    """Title line, optional `by AUTHOR` line, optional `Published: Month D, YYYY` line, then the body."""
    lines = [ln.rstrip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = strip_boilerplate(lines)
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines):
        raise ValueError("the file is empty")
    title = lines[i].strip()
    i += 1
    author = published = None
    while i < len(lines):
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        m_by = re.match(r"^by\s+(.+)$", s, re.IGNORECASE)
        m_pub = re.match(r"^(?:published|date|posted)\s*:?\s*(.+)$", s, re.IGNORECASE)
        if m_by and author is None and published is None:
            author = m_by.group(1).strip()
        elif m_pub and published is None:
            published = parse_date(m_pub.group(1))
        else:
            break
        i += 1
    paragraphs, current = [], []
    for ln in lines[i:]:
        if ln.strip():
            current.append(ln.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    body = "\n\n".join(paragraphs)
    if not body:
        raise ValueError("the article has a title but no body text")
    return {"title": title, "author": author, "published_at": published, "text": body}
