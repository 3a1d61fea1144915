"""Who did it to whom: source and target of a trigger from word order, voice, quotes and reported speech."""

from __future__ import annotations

from tracker.coding.actors import Mention
from tracker.coding.matching import Trigger
from tracker.coding.text import Token

# A mention right after these is an oblique (place, topic, instrument), not the subject.
OBLIQUE = frozenset("in at near of from with for about over into inside across within among between by via "
                    "under amid during toward towards like including than".split())
TARGET_PREPS = frozenset("on to against with at for from over toward towards".split())
CLAUSE_STOP = frozenset({";"})
QUOTE_OPEN = frozenset({"“", "\"", "‘"})
QUOTE_CLOSE = frozenset({"”", "\"", "’"})
PRONOUNS = frozenset("it they he she we i".split())
COORD = frozenset({"and", ",", "&"})


def quote_regions(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token index ranges inside quotation marks."""
    regions, open_at = [], None
    for i, t in enumerate(tokens):
        if t.key in ("“", "\"") and open_at is None:
            open_at = i
        elif t.key in ("”", "\"") and open_at is not None:
            regions.append((open_at, i))
            open_at = None
    return regions


def region_of(i: int, regions: list[tuple[int, int]]) -> tuple[int, int] | None:
    for a, b in regions:
        if a < i < b:
            return a, b
    return None


def mention_before(tokens: list[Token], mentions: list[Mention], pos: int, floor: int,
                   noun_trigger: bool = False) -> Mention | str | None:
    """The nearest subject-like mention before `pos` (not after `floor`); a pronoun string if one comes first."""
    by_end = {m.end: m for m in mentions}
    k = pos
    while k > floor:
        m = by_end.get(k)
        if m is not None and m.start >= floor:
            if _is_subject(tokens, m, noun_trigger and m.possessive):
                return m
            k = m.start
            continue
        key = tokens[k - 1].key
        if key in CLAUSE_STOP:
            return None
        if key in PRONOUNS and not (k - 2 >= 0 and tokens[k - 2].key in OBLIQUE):
            return key
        k -= 1
    return None


def _is_subject(tokens: list[Token], m: Mention, possessor_ok: bool) -> bool:
    if m.possessive and not possessor_ok:
        return False
    prev = m.start - 1
    while prev >= 0 and tokens[prev].key in ("the", "a", "an"):
        prev -= 1
    return prev < 0 or tokens[prev].key not in OBLIQUE


def mention_after(tokens: list[Token], mentions: list[Mention], pos: int, ceiling: int,
                  limit: int = 14, places: bool = False) -> Mention | None:
    """The first object-like mention after `pos` before `ceiling`; places ('in Beijing') are skipped."""
    for m in mentions:
        if m.start < pos or m.start >= ceiling:
            continue
        if m.start - pos > limit:
            return None
        if any(t.key in CLAUSE_STOP for t in tokens[pos:m.start]):
            return None
        prev = m.start - 1
        while prev >= 0 and tokens[prev].key in ("the", "a", "an"):
            prev -= 1
        if not places and prev >= 0 and tokens[prev].key in ("in", "at", "near", "inside", "across", "during",
                                                             "like", "than"):
            continue
        return m
    return None


def coordinated(tokens: list[Token], mentions: list[Mention], m: Mention) -> list[Mention]:
    """'the US and Britain' / 'France, Germany and Italy': every mention joined to m by 'and' or commas."""
    group = [m]
    ordered = sorted(mentions, key=lambda x: x.start)
    idx = ordered.index(m)
    for step in (1, -1):
        cur = m
        j = idx + step
        while 0 <= j < len(ordered):
            nxt = ordered[j]
            a, b = (cur, nxt) if step == 1 else (nxt, cur)
            gap = [t.key for t in tokens[a.end:b.start] if t.key not in ("the", "its", "their")]
            if not gap or len(gap) > 2 or any(g not in COORD for g in gap):
                break
            if nxt.possessive or cur.possessive and step == 1:
                break
            group.append(nxt)
            cur = nxt
            j += step
    return sorted(group, key=lambda x: x.start)


def passive_source(tokens: list[Token], mentions: list[Mention], t: Trigger, ceiling: int) -> Mention | None:
    """'was condemned by X': X, if 'by' follows the trigger closely."""
    for k in range(t.head_end, min(ceiling, t.head_end + 6)):
        if tokens[k].key == "by":
            for m in mentions:
                if m.start in (k + 1, k + 2):
                    return m
            return None
    return None
