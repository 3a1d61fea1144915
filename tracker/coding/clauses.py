"""Clause-level decisions between triggers: complements, participles, modal heads and code refinements."""

from __future__ import annotations

from tracker.coding.actors import Mention
from tracker.coding.matching import ADVERBS_SKIP, Trigger
from tracker.coding.text import Token

# Roots of verbal acts that a participle clause adds as an event of its own (", accusing it of ...").
VERBAL_ROOTS = frozenset({"02", "10", "11", "13"})
# Generic codes that refinement words may make specific.
GENERIC = frozenset({"020", "100", "120", "112", "030", "070", "090", "160"})


def complement_of(tokens: list[Token], mentions: list[Mention], t: Trigger, acts: list[Trigger],
                  skipped: set[int]) -> Trigger | None:
    """The earlier trigger whose content t is: 'urged China to release', 'demanded that Russia withdraw'."""
    k = t.start - 1
    if k >= 0 and tokens[k].key in ("or", "and"):
        chained = [a for a in acts if a is not t and a.head_end in (k, k - 1) and id(a) in skipped]
        if chained:
            return chained[-1]  # "to substantiate or refute": both belong to the same request
    while k >= 0 and tokens[k].key in ADVERBS_SKIP | {"not"}:
        k -= 1
    ends = {m.end: m for m in mentions}
    if k >= 0 and (k + 1) in ends:
        k = ends[k + 1].start - 1
    elif k >= 0 and tokens[k].key in ("it", "they"):
        k -= 1
    while k >= 0 and tokens[k].key in ADVERBS_SKIP:
        k -= 1
    if k < 0 or tokens[k].key not in ("to", "that"):
        return None
    heads = [a for a in acts if a is not t and a.head < t.head and t.head - a.end <= 12]
    return heads[-1] if heads else None


def is_elaboration(tokens: list[Token], t: Trigger, emitted_heads: list[int]) -> bool:
    """', killing 14 civilians' after a main event elaborates it; ', accusing X of ...' is a second act."""
    word = tokens[t.head].key
    if not word.endswith("ing") or t.head == 0:
        return False
    prev = t.head - 1
    while prev >= 0 and tokens[prev].key in ADVERBS_SKIP:
        prev -= 1
    if prev < 0 or tokens[prev].key not in (",", "and"):
        return False
    return bool(emitted_heads) and (t.pattern.code or "")[:2] not in VERBAL_ROOTS


def refine(code: str, tokens: list[Token], start: int, stop: int,
           refinements: list[tuple[tuple, dict[str, str]]]) -> list[tuple[str, str]]:
    """Specific codes from the words after a generic trigger, in text order: [(code, matched words)]."""
    if code not in GENERIC:
        return []
    root = code[:2]
    found = []
    keys = [t.key for t in tokens[start:stop]]
    joined = " ".join(keys)
    offsets = _word_offsets(keys)
    for regex, codes in refinements:
        if root not in codes:
            continue
        m = regex.search(joined)
        if m is not None:
            first = offsets[m.start()]
            found.append((first, -(joined.count(" ", m.start(), m.end()) + 1), codes[root]))
    found.sort()  # leftmost first, the longest phrase first at one position
    out: list[tuple[str, str]] = []
    taken: set[int] = set()
    for pos, neg_len, c in found:
        span = set(range(pos, pos - neg_len))
        if span & taken or c in [x for x, _ in out]:
            continue
        taken |= span
        out.append((c, " ".join(keys[pos:pos - neg_len])))
    specific = [x for x in out if x[0] != code]
    return (specific or out)[:2]  # "committed genocide": the charge, not the bare accusation


def _word_offsets(keys: list[str]) -> dict[int, int]:
    """Character offset in the space-joined keys -> word index."""
    out, pos = {}, 0
    for i, k in enumerate(keys):
        out[pos] = i
        pos += len(k) + 1
    return out
