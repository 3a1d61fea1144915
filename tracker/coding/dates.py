"""Event dates: explicit and relative expressions resolved against the article's publication date."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE_RE = re.compile(
    r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b"
    rf"|\b{_MONTH.replace('(jan', '(?P<m1>jan', 1)}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?\b"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.replace('(jan', '(?P<m2>jan', 1)}(?:,?\s+(?P<y2>\d{{4}}))?\b"
    r"|\b(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night|last week|"
    r"last month|last year|earlier this week|earlier this month|the day before)\b"
    r"|\b(?:on|last|this past|late on|early on)?\s*(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


DATE_WORDS = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | {
        "yesterday",
        "today",
        "tonight",
        "morning",
        "afternoon",
        "evening",
        "night",
        "week",
        "month",
        "year",
        "day",
    }
)


_DIGIT = re.compile(r"\d")


def resolve_date(sentence: str, published: date | None, keys=None) -> tuple[date | None, str | None]:
    """The first date expression in the sentence resolved against `published`; else `published`.
    `keys` (the sentence's token keys) lets sentences without any date word skip the regular expression."""
    if keys is not None and DATE_WORDS.isdisjoint(keys) and not _DIGIT.search(sentence):
        return published, None
    for m in DATE_RE.finditer(sentence):
        day = _resolve(m, published)
        if day is not None:
            return day, m.group().strip()
    return published, None


def _resolve(m: re.Match, published: date | None) -> date | None:
    try:
        if m.group("iso"):
            return date.fromisoformat(m.group("iso"))
        if m.group("d1") or m.group("d2"):
            month_word = (m.group("m1") if m.group("d1") else m.group("m2")).lower().rstrip(".")
            month = MONTHS.get(month_word) or MONTHS.get(month_word[:3])
            day = int(m.group("d1") or m.group("d2"))
            year_text = m.group("y1") or m.group("y2")
            if year_text:
                return date(int(year_text), month, day)
            if published is None:
                return None
            candidate = date(published.year, month, day)
            # "December 30" in a January article is last year's.
            return (
                candidate
                if candidate <= published + timedelta(days=31)
                else date(published.year - 1, month, day)
            )
    except ValueError:
        return None
    if published is None:
        return None
    if m.group("rel"):
        return _relative(m.group("rel").lower(), published)
    if m.group("wd"):
        back = (published.weekday() - WEEKDAYS[m.group("wd").lower()]) % 7
        return published - timedelta(days=back)
    return None


def _relative(word: str, published: date) -> date:
    if word in ("yesterday", "last night", "the day before"):
        return published - timedelta(days=1)
    if word == "last week":
        return published - timedelta(days=7)
    if word == "last month":
        first = published.replace(day=1)
        return (first - timedelta(days=1)).replace(day=min(published.day, 28))
    if word == "last year":
        return published.replace(year=published.year - 1, day=min(published.day, 28))
    return published
