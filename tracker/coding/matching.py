"""Event triggers: the most specific dictionary pattern at each token, with negation and modality around it."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.coding.dictionary import Pattern
from tracker.coding.text import Token

# A verb form right after these is a noun ("the demands", "its call").
DETERMINERS = frozenset("the a an 's its their his her our your my this these those such any every".split())
NEGATORS = frozenset(
    "not never no didn't don't doesn't won't wouldn't hasn't haven't hadn't isn't wasn't weren't can't cannot "
    "couldn't shouldn't mustn't neither nor".split()
)
NEGATING_VERBS = frozenset("refused refuses refuse declined declines decline failed fails fail denied".split())
FUTURE = frozenset("will would 'll shall".split())
INTENT_VERBS = frozenset(
    "vowed vows vow pledged pledges pledge promised promises promise plans plan planned intends intend intended "
    "offered offers offer agreed agrees agree ready prepared willing wants want wanted seeks seek sought "
    "hopes hope hoped expects expect expected decided decides".split()
)
THREAT_VERBS = frozenset("threatened threatens threaten warned warns warn".split())
HYPOTHETICAL = frozenset("could might may if unless whether".split())
ADVERBS_SKIP = frozenset(
    "also again still further formally publicly strongly firmly repeatedly consistently once then already "
    "jointly sharply swiftly quickly reportedly allegedly officially immediately recently previously later "
    "subsequently fully openly explicitly".split()
)
VERB_OPENERS = frozenset(
    "to , and or but which who that it they he she we i has have had did does do also , ; : “ ” \" ' ‘ ’ "
    "must should can then later ly officially".split()
)
BE_FORMS = frozenset("was were been being be is are".split())
PARTICIPLE_IRREGULAR = frozenset("shot hit struck held met sent taken given told seen beaten".split())


@dataclass
class Trigger:
    pattern: Pattern
    start: int      # first token of the whole match (before-words included)
    head: int       # first trigger token
    head_end: int   # end of the trigger words
    end: int        # end of the whole match (after-words included)
    negated: bool = False
    modality: str = ""   # "", "future", "intent", "threat", "hypothetical"
    passive: bool = False


def find_triggers(tokens: list[Token], index: dict, blocked: set[int]) -> list[Trigger]:
    """The best pattern at each token (index lists are sorted best first), left to right, no overlaps."""
    out = []
    keyset = {t.key for t in tokens}
    i, n = 0, len(tokens)
    while i < n:
        cands = index.get(tokens[i].key) if i not in blocked else None
        best = None
        if cands:
            verb_ok = None
            name_like = i > 0 and tokens[i].text[0].isupper()
            for p in cands:
                if p.required and any(r.isdisjoint(keyset) for r in p.required):
                    continue  # a word the pattern needs is not in the sentence
                if p.verb:
                    if verb_ok is None:
                        verb_ok = i == 0 or _verb_context(tokens, i, blocked)
                    if not verb_ok:
                        continue  # "the demands", "forced labour", "individuals detained": not a finite verb
                if name_like and p.kind == "event" and len(p.trigger) == 1:
                    continue  # a capitalised word mid-sentence is a name, not a verb
                best = _match(tokens, i, p, blocked)
                if best is not None:
                    break
        if best is None or best.pattern.kind == "ignore":
            i += 1 if best is None else max(1, best.head_end - i)
            continue
        _mark_context(tokens, best)
        out.append(best)
        i = best.head_end
    return out


def _match(tokens: list[Token], i: int, p: Pattern, blocked: set[int]) -> Trigger | None:
    n = len(tokens)
    j = i
    for matcher in p.trigger:
        if j >= n or j in blocked or not matcher(tokens[j].key):
            return None
        j += 1
    head_end = j
    end = j
    for k, matcher in enumerate(p.after):
        limit = min(n, end + (5 if k == 0 else 4))
        while end < limit and not matcher(tokens[end].key) and tokens[end].key not in (";", ".", "“", "”", "\""):
            end += 1
        if end >= limit or not matcher(tokens[end].key):
            return None
        end += 1
    start = i
    for matcher in reversed(p.before):
        k = start - 1
        while k >= max(0, start - 3) and not matcher(tokens[k].key):
            k -= 1
        if k < max(0, start - 3):
            return None
        start = k
    return Trigger(p, start, i, head_end, end)


def _verb_context(tokens: list[Token], i: int, blocked: set[int]) -> bool:
    """A verb form is used as a verb after a subject, an auxiliary, 'to', or a clause boundary."""
    k = i - 1
    while k >= 0 and tokens[k].key in ADVERBS_SKIP:
        k -= 1
    if k < 0 or k in blocked:
        return True
    key = tokens[k].key
    if tokens[k].cap and tokens[k].text.isalpha() and k > 0:
        return True  # after a name
    return key in VERB_OPENERS or key in NEGATORS or key in FUTURE or key in BE_FORMS or key in HYPOTHETICAL


def _mark_context(tokens: list[Token], t: Trigger) -> None:
    """Negation, modality and passive voice from the few words before the trigger."""
    k = t.head - 1
    seen = []
    while k >= 0 and len(seen) < 4:
        key = tokens[k].key
        if key in ADVERBS_SKIP:
            k -= 1
            continue
        if key in (",", ";", ":", "“", "”", "\"") or key in ("and", "but", "which", "who", "that"):
            break
        seen.append(key)
        k -= 1
    if any(w in NEGATORS for w in seen) or any(w in NEGATING_VERBS for w in seen[1:3] if seen[:1] == ["to"]):
        t.negated = True
    if seen[:1] == ["to"] and len(seen) > 1:
        if seen[1] in THREAT_VERBS:
            t.modality = "threat"
        elif seen[1] in INTENT_VERBS or seen[1:3] == ["ready", "is"]:
            t.modality = "intent"
    if any(w in FUTURE for w in seen[:2]):
        t.modality = t.modality or "future"
    if any(w in HYPOTHETICAL for w in seen[:2]):
        t.modality = "hypothetical"
    word = tokens[t.head].key
    if seen and seen[0] in BE_FORMS and (word.endswith(("ed", "en")) or word in PARTICIPLE_IRREGULAR):
        t.passive = True
