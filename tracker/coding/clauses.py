"""Clause-level decisions between triggers: complements, participles, modal heads and code refinements."""

from __future__ import annotations

from tracker.coding.actors import Mention
from tracker.coding.matching import ADVERBS_SKIP, Trigger, is_adverb
from tracker.coding.text import Token

# Roots of verbal acts that a participle clause adds as an event of its own (", accusing it of ...").
VERBAL_ROOTS = frozenset({"02", "10", "11", "13"})
ASPECT = frozenset(
    "keep keeps kept continue continues continued begin begins began start starts started "
    "resume resumes resumed".split()
)
# Generic codes that refinement words may make specific.
GENERIC = frozenset({"020", "100", "120", "112", "030", "070", "090", "160", "130", "131"})


PRONOUN_SUBJECTS = frozenset("it they he she we".split())
NOUN_OPENERS = frozenset("the a an its their his her our this that these those".split())


def complement_of(
    tokens: list[Token], mentions: list[Mention], t: Trigger, acts: list[Trigger], skipped: set[int]
) -> tuple[Trigger, str] | None:
    """The earlier trigger whose content t is: 'urged China to release', 'demanded that Russia withdraw',
    'accused China of torturing and detaining', 'to repeal the law and release everyone'."""
    heads = [a for a in acts if a is not t and a.head < t.head and t.head - a.end <= 14]
    if not heads:
        return None
    future = False
    k = t.start - 1
    while k >= 0 and is_adverb(tokens[k].key) or (k >= 0 and tokens[k].key == "not"):
        k -= 1
    if k >= 0 and tokens[k].key in ("or", "and"):
        chained = [a for a in acts if a is not t and a.head_end in (k, k - 1) and id(a) in skipped]
        if chained:
            return chained[-1], "and"  # "to substantiate or refute": both belong to the same request
        for j in range(k - 1, max(-1, k - 10), -1):
            inner = [a for a in acts if a.head == j and a is not t]
            if inner and id(inner[0]) in skipped and not tokens[t.head].key.endswith(("ed", "ing")):
                return inner[0], "and"  # "urged Washington to lift sanctions on ... and stop suppressing"
            if tokens[j].key in (",", ";") or inner:
                break
            if tokens[j].key == "to" and _prepositional(tokens, mentions, j):
                continue  # "recalled its ambassador to Lithuania and demanded": a place, not an infinitive
            if tokens[j].key in ("to", "that"):
                return heads[-1], "and"  # "to repeal the law and release everyone"
        return None
    if k >= 0 and tokens[k].key in ("of", "against", "from") and tokens[t.head].key.endswith("ing"):
        return heads[-1], "of"  # "accused China of torturing", "warned Japan against deploying"
    if k >= 0 and tokens[k].key in ASPECT:
        k -= 1  # "pledged to keep supporting"
    if k >= 1 and tokens[k].key in ("would", "will") and tokens[k - 1].key in PRONOUN_SUBJECTS:
        k -= 1  # "warned it would impose sanctions", "vowed they will respond"
        future = True
    ends = {m.end: m for m in mentions}
    if k >= 0 and (k + 1) in ends:
        k = ends[k + 1].start - 1
        while k >= 0 and tokens[k].key in ("the", "a", "an"):
            k -= 1  # "demanded that the United States stop ..."
    elif k >= 0 and tokens[k].key in ("it", "they", "them"):
        k -= 1
    while k >= 0 and is_adverb(tokens[k].key):
        k -= 1
    if k >= 0 and heads[-1].head_end - 1 == k:
        return heads[-1], "would" if future else "bare"  # "demanded it immediately withdraw"
    if k < 0 or tokens[k].key not in ("to", "that"):
        return None
    head = heads[-1]
    between = [
        tok
        for j, tok in enumerate(tokens[head.end : k], head.end)
        if not any(m.start <= j < m.end for m in mentions) and not is_adverb(tok.key)
    ]
    if len(between) > 4:
        return None  # the "to" must belong to the head, not to a later verb
    return head, "would" if future else tokens[k].key


def _prepositional(tokens: list[Token], mentions: list[Mention], j: int) -> bool:
    """'to' at j opens a noun phrase ('to Lithuania', 'to the region'), not an infinitive."""
    if j + 1 >= len(tokens):
        return False
    nxt = tokens[j + 1]
    return nxt.cap or nxt.key in NOUN_OPENERS or any(m.start == j + 1 for m in mentions)


def is_participle(tokens: list[Token], t: Trigger) -> bool:
    """', accusing ...', 'and killing ...': an -ing verb opening a participle clause."""
    if not tokens[t.head].key.endswith("ing") or t.head == 0:
        return False
    prev = t.head - 1
    while prev >= 0 and is_adverb(tokens[prev].key):
        prev -= 1
    return prev >= 0 and tokens[prev].key in (",", "and")


def after_and(tokens: list[Token], t: Trigger) -> bool:
    """'... and expelled a diplomat': the second verb of a coordination."""
    k = t.start - 1
    while k >= 0 and (is_adverb(tokens[k].key) or tokens[k].key in ("will", "would", "has", "have", "had")):
        k -= 1
    return k >= 0 and tokens[k].key in ("and", "then")


def is_elaboration(tokens: list[Token], t: Trigger) -> bool:
    """After a main event, ', killing 14 civilians' or ', calling them a punishment' elaborates it;
    ', accusing its staff of espionage' (a bare speech-act verb) is a second act."""
    word = tokens[t.head].key
    if not word.endswith("ing") or t.head == 0:
        return False
    prev = t.head - 1
    while prev >= 0 and tokens[prev].key in ADVERBS_SKIP:
        prev -= 1
    if prev < 0 or tokens[prev].key not in (",", "and"):
        return False
    code = t.pattern.code or ""
    # ", calling the incursion a provocation": a named criticism is an act of its own (wire-copy convention)
    verbal = code[:2] in VERBAL_ROOTS and (not (t.pattern.after or t.pattern.before) or code == "111")
    pledge = code[:2] == "03" and len(code) == 4  # ", pledging another $500 million in military aid": an act
    return not (verbal or pledge)


def refine(
    code: str, tokens: list[Token], start: int, stop: int, refinements: list[tuple[tuple, dict[str, str]]]
) -> list[tuple[str, str]]:
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
        out.append((c, " ".join(keys[pos : pos - neg_len])))
    specific = [x for x in out if x[0] != code]
    out = specific or out  # "committed genocide": the charge, not the bare accusation
    if len(out) > 1 and not _joined_by_and(keys, out[0][1], out[1][1]):
        out = out[:1]  # a second demand only when coordinated: "repeal the law and release everyone"
    return out[:2]


def _word_offsets(keys: list[str]) -> dict[int, int]:
    """Character offset in the space-joined keys -> word index."""
    out, pos = {}, 0
    for i, k in enumerate(keys):
        out[pos] = i
        pos += len(k) + 1
    return out


def _joined_by_and(keys: list[str], first: str, second: str) -> bool:
    text = " ".join(keys)
    a, b = text.find(first), text.find(second)
    return 0 <= a < b and text[a + len(first) : b].strip().split()[-1:] == ["and"]
