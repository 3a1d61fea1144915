"""Issues: keyword phrases per issue of the project's taxonomy, found with a token trie."""

from __future__ import annotations

from collections import Counter

from tracker.coding.dictionary import longest_at
from tracker.coding.text import Token


def find_issues(tokens: list[Token], trie: dict) -> list[tuple[str, str]]:
    """(issue code, matched phrase) pairs, longest match at each position."""
    found = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].key not in trie:  # most words start no phrase: skip the call
            i += 1
            continue
        best = longest_at(tokens, trie, i)
        if best is None:
            i += 1
            continue
        j, term = best
        phrase = " ".join(t.text for t in tokens[i:j])
        found.extend((issue, phrase) for issue in sorted(term["issues"]))
        i = j
    return found


def with_parents(codes: list[str], parents: dict[str, str | None]) -> tuple[str, ...]:
    """Sub-issues bring their parent ('organ_harvesting' -> also 'human_rights'), most specific first."""
    out: list[str] = []
    for code in codes:
        if code not in out:
            out.append(code)
    for code in list(out):
        parent = parents.get(code)
        while parent and parent not in out:
            out.append(parent)
            parent = parents.get(parent)
    return tuple(out)


def dominant_issues(counts: Counter) -> list[str]:
    """The article's main issues: the most frequent ones (at least two mentions, or the single top one)."""
    if not counts:
        return []
    top = counts.most_common()
    floor = max(2, top[0][1] / 2)
    return [code for code, c in top if c >= floor][:3] or [top[0][0]]
