"""The coder: article text in, proposed CAMEO events with evidence and explanations out."""

from __future__ import annotations

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from tracker.coding import clauses, roles
from tracker.coding.actors import Mention, build_mentions, find_raw, remember_names
from tracker.coding.dates import resolve_date
from tracker.coding.dictionary import Dictionaries, load_dictionaries
from tracker.coding.events import CodedEvent
from tracker.coding.issues import dominant_issues, find_issues, with_parents
from tracker.coding.matching import Trigger, find_triggers
from tracker.coding.modality import apply_modality
from tracker.coding.text import Token, split_sentences, tokenize

VERSION = "petra-lite-1.0"
# Roots whose events are aimed at someone: without a target in the sentence, the article's counterpart is used.
DIRECTED_ROOTS = frozenset({"02", "10", "11", "12", "13", "16"})


@dataclass
class Sentence:
    start: int
    end: int
    tokens: list[Token]
    mentions: list[Mention]
    issues: list[tuple[str, str]]
    blocked: set[int]           # tokens inside actor phrases (roles included): never event triggers


@dataclass
class Article:
    published: datetime.date | None
    salience: Counter = field(default_factory=Counter)
    issue_counts: Counter = field(default_factory=Counter)
    last_source: Mention | None = None


class Coder:
    version = VERSION

    def __init__(self, dictionaries: Dictionaries, load_seconds: float = 0.0):
        self.dicts = dictionaries
        self.load_seconds = load_seconds

    @classmethod
    def load(cls, extra_paths: Sequence[Path] = ()) -> Coder:
        """The packaged dictionaries plus the user's files or folders of *.json (later ones win)."""
        t0 = time.perf_counter()
        d = load_dictionaries([Path(p) for p in extra_paths])
        return cls(d, time.perf_counter() - t0)

    def code(self, text: str, published: datetime.date | None, title: str | None = None) -> list[CodedEvent]:
        article = Article(published)
        sentences = self._read(text, title, article)
        dominant = dominant_issues(article.issue_counts)
        events: list[CodedEvent] = []
        for s in sentences:
            events.extend(self._code_sentence(text, s, article, dominant))
        return events

    def _read(self, text: str, title: str | None, article: Article) -> list[Sentence]:
        aliases: dict[str, str] = {}
        last_country = None
        if title:
            tokens = tokenize(title)
            for m in build_mentions(tokens, find_raw(tokens, self.dicts.actor_trie, article.published), {}, None):
                article.salience[m.code[:3]] += 2
            article.issue_counts.update(code for code, _ in find_issues(tokens, self.dicts.issue_trie))
        out = []
        for start, end in split_sentences(text):
            tokens = tokenize(text[start:end], start)
            raw = find_raw(tokens, self.dicts.actor_trie, article.published)
            mentions = build_mentions(tokens, raw, aliases, last_country)
            remember_names(tokens, mentions, aliases)
            for m in mentions:
                if not m.code.startswith(("IGO", "NGO", "MNC")):
                    last_country = m.code[:3]
                article.salience[m.code[:3]] += 1
            issues = find_issues(tokens, self.dicts.issue_trie)
            article.issue_counts.update(code for code, _ in issues)
            blocked = {i for m in raw for i in range(m.start, m.end)}
            blocked.update(i for m in mentions for i in range(m.start, m.end))
            out.append(Sentence(start, end, tokens, mentions, issues, blocked))
        return out

    def _code_sentence(self, text: str, s: Sentence, article: Article, dominant: list[str]) -> list[CodedEvent]:
        triggers = find_triggers(s.tokens, self.dicts.patterns, s.blocked)
        if not triggers:
            return []
        regions = roles.quote_regions(s.tokens)
        speech = [t for t in triggers if t.pattern.kind == "speech"]
        acts = [t for t in triggers if t.pattern.kind == "event" and t.pattern.code]
        # PETRARCH-derived triggers may add events but do not shape clauses (they misfire too often).
        firm = [t for t in acts if t.pattern.rank > 0]
        evidence = text[s.start:s.end]
        day, date_phrase = resolve_date(evidence, article.published)
        sentence_issues = [c for c, _ in s.issues]
        issues = with_parents(self._issues(sentence_issues, dominant), self.dicts.issue_codes)
        out, seen, emitted_heads = [], set(), []
        skip, complement_heads = set(), {}
        for t in acts:
            head = clauses.complement_of(s.tokens, s.mentions, t, firm, skip)
            if head is None:
                continue
            complement_heads[id(t)] = head
            if head.pattern.modal and not (head.pattern.after or head.pattern.before):
                t.modality = t.modality or head.pattern.modal  # "pledged to send tanks": the sending, as intent
                t.start = head.start
                skip.add(id(head))
            else:
                skip.add(id(t))
        for t in acts:
            if id(t) in skip or clauses.is_elaboration(s.tokens, t, emitted_heads):
                continue
            if t.negated or t.modality == "hypothetical":
                continue
            coded = self._roles(s, t, firm, speech, regions, article)
            if coded is None:
                continue
            sources, targets, code, info = coded
            code, info["modality"] = apply_modality(code, t.modality, self.dicts.cameo)
            if code is None:
                continue
            stop = min([a.head for a in firm if a.head > t.head and complement_heads.get(id(a)) is not t]
                       + [t.head_end + 20, len(s.tokens)])
            refined = clauses.refine(code, s.tokens, t.head_end, stop, self.dicts.refinements)
            codes = [c for c, _ in refined] or [code]
            if refined:
                info["refined_by"] = [w for _, w in refined]
            if not targets and code[:2] in DIRECTED_ROOTS:
                counterpart = self._counterpart(sources[0].code, article)
                if counterpart:
                    targets, info["target_from"] = [Mention(-1, -1, counterpart, "", "article")], "article"
            article.last_source = sources[0]
            emitted_heads.append(t.head)
            for code in codes:
                for src in sources:
                    for tgt in targets or [None]:
                        tcode = tgt.code if tgt else None
                        if tcode == src.code or (src.code, tcode, code) in seen:
                            continue
                        seen.add((src.code, tcode, code))
                        out.append(CodedEvent(
                            src.code, tcode, code, issues, day, evidence, s.start, s.end,
                            _confidence(t, src, tgt, info),
                            self._explain(s, t, src, tgt, info, date_phrase,
                                          s.issues if sentence_issues else dominant),
                        ))
        out.extend(self._reported_accusations(s, speech, firm, evidence, day, issues, article, seen))
        return out

    def _reported_accusations(self, s, speech, acts, evidence, day, issues, article, seen) -> list[CodedEvent]:
        """'X said Y was using human rights as a pretext': X accuses Y, when the complement is a charge, not a deed."""
        out = []
        for sp in speech:
            later = [o.head for o in speech if o.head > sp.head]
            stop = min(later + [len(s.tokens)])
            if any(sp.head_end <= a.head < stop for a in acts):
                continue  # the complement has a deed of its own: that is coded instead
            speaker = roles.mention_before(s.tokens, s.mentions, sp.start, 0)
            if not isinstance(speaker, Mention):
                continue
            accused = roles.mention_after(s.tokens, s.mentions, sp.head_end, stop, limit=6)
            if accused is None or accused.code[:3] == speaker.code[:3]:
                continue
            charges = clauses.refine("112", s.tokens, accused.end, stop, self.dicts.refinements)
            if not charges:
                continue
            code = charges[0][0]
            if (speaker.code, accused.code, code) in seen:
                continue
            seen.add((speaker.code, accused.code, code))
            explain = {
                "actor_phrase": speaker.phrase, "actor_span": list(speaker.span(s.tokens)),
                "target_phrase": accused.phrase, "target_span": list(accused.span(s.tokens)),
                "pattern_id": f"reported-speech:{sp.pattern.id}", "pattern": f"{sp.pattern.text} <Y> ... charge",
                "trigger_span": [s.tokens[sp.head].start, s.tokens[sp.head_end - 1].end],
                "negated": False, "passive": False, "modality": None, "refined_by": [w for _, w in charges],
                "issue_keywords": [p for _, p in s.issues],
            }
            out.append(CodedEvent(speaker.code, accused.code, code, issues, day, evidence, s.start, s.end,
                                  0.6, explain))
        return out

    def _roles(self, s: Sentence, t: Trigger, acts: list[Trigger], speech: list[Trigger],
               regions: list, article: Article):
        tokens, mentions = s.tokens, s.mentions
        region = roles.region_of(t.head, regions)
        floor = region[0] if region else 0
        ceiling = region[1] if region else len(tokens)
        later = [a.head for a in acts if a.head > t.head_end]
        if later:
            ceiling = min(ceiling, later[0])
        info: dict = {"passive": t.passive, "negated": t.negated}
        if t.passive:
            src = roles.passive_source(tokens, mentions, t, len(tokens))
            tgt = roles.mention_before(tokens, mentions, t.start, floor)
            tgt = tgt if isinstance(tgt, Mention) else None
        else:
            src = roles.mention_before(tokens, mentions, t.start, floor, noun_trigger=not t.pattern.verb)
            tgt = roles.mention_after(tokens, mentions, t.head_end, ceiling, places=t.pattern.place_target)
        if isinstance(src, str):
            info["pronoun"] = src
            src = self._pronoun(tokens, mentions, t, src, region, speech, article)
        if src is None and region is not None:
            src = _speaker(tokens, mentions, region, speech)
            info["source_from"] = "quote speaker" if src else None
        if src is None or not src.code:
            return None
        if t.pattern.rank == 0 and not _strict_frame(tokens, src, tgt, t):
            return None
        code = t.pattern.code
        if tgt is not None and (tgt.code == src.code or (tgt.code[:3] == src.code[:3] and min(
                len(tgt.code), len(src.code)) == 3)):
            tgt = None  # "Chinese officials ... China's standing": not a target of its own
        sources = roles.coordinated(tokens, mentions, src) if src in mentions else [src]
        targets = roles.coordinated(tokens, mentions, tgt) if tgt in mentions else ([tgt] if tgt else [])
        return sources, targets, code, info

    def _pronoun(self, tokens, mentions, t, word, region, speech, article) -> Mention | None:
        if region is not None and word in ("we", "i"):
            return _speaker(tokens, mentions, region, speech)
        k = t.start - 1
        while k >= 0 and tokens[k].key != word:
            k -= 1
        before = roles.mention_before(tokens, mentions, k, 0) if k > 0 else None
        if isinstance(before, Mention):
            return before
        last = article.last_source
        return Mention(-1, -1, last.code, last.phrase, "pronoun") if last else None

    def _issues(self, sentence: list[str], dominant: list[str]) -> list[str]:
        """The sentence's issues, refined by the article's main sub-issues of the same family; else the article's."""
        if not sentence:
            return dominant
        parents = self.dicts.issue_codes
        family = set(sentence) | {parents.get(c) for c in sentence}
        return sentence + [c for c in dominant if c not in sentence and parents.get(c) in family]

    def _counterpart(self, source: str, article: Article) -> str | None:
        for code, _ in article.salience.most_common():
            if code != source[:3] and not (source.startswith(("IGO", "NGO")) and code in ("IGO", "NGO")):
                return code + ("GOV" if len(code) == 3 and code not in ("IGO", "NGO", "MNC") else "")
        return None

    def _explain(self, s, t, src, tgt, info, date_phrase, issue_src) -> dict:
        def span(m):
            if m is None or m.start < 0:
                return None
            a, b = m.span(s.tokens)
            return [a, b]
        return {
            "actor_phrase": src.phrase, "actor_span": span(src),
            "target_phrase": tgt.phrase if tgt else None, "target_span": span(tgt),
            "pattern_id": t.pattern.id, "pattern": t.pattern.text,
            "trigger_span": [s.tokens[t.head].start, s.tokens[t.head_end - 1].end],
            "negated": t.negated, "passive": t.passive, "modality": info.get("modality") or None,
            "country_inferred": src.inferred_country or bool(tgt and tgt.inferred_country),
            "target_from": info.get("target_from"), "pronoun": info.get("pronoun"),
            "reported_by": info.get("reported_by"), "date_phrase": date_phrase,
            "refined_by": info.get("refined_by"),
            "issue_keywords": [p for _, p in issue_src] if issue_src and isinstance(issue_src[0], tuple)
            else {"article_dominant": list(issue_src)},
        }


def _strict_frame(tokens: list[Token], src: Mention, tgt: Mention | None, t: Trigger) -> bool:
    """PETRARCH's patterns were written for parse trees; without one they only fire in the plainest frame:
    subject right before the verb (auxiliaries and adverbs aside) and an object actor after it."""
    if tgt is None or src.start < 0 or tgt.start < t.head_end:
        return False
    between = [tok.key for tok in tokens[src.end:t.start]]
    return all(k in FRAME_FILLERS for k in between)


FRAME_FILLERS = frozenset("has have had was were is are will would also again 's".split())


def _speaker(tokens, mentions, region, speech) -> Mention | None:
    """Who is quoted: the speech verb just after the closing quote or just before the opening one."""
    a, b = region
    for s in speech:
        if b < s.head <= b + 3 or a - 4 <= s.head < a:
            m = roles.mention_before(tokens, mentions, s.start, b if s.head > b else 0)
            if isinstance(m, Mention):
                return m
            after = roles.mention_after(tokens, mentions, s.head_end, len(tokens), limit=3)
            if after is not None:
                return after
    for m in mentions:
        if b < m.start <= b + 4:
            return m
    return None


def _confidence(t: Trigger, src: Mention, tgt: Mention | None, info: dict) -> float:
    c = 0.8 if t.pattern.rank >= 1 else 0.6
    if t.pattern.after or t.pattern.before or info.get("refined_by"):
        c += 0.1
    if src.inferred_country:
        c -= 0.15
    if info.get("pronoun") or info.get("source_from"):
        c -= 0.1
    if info.get("target_from") == "article":
        c -= 0.25
    if info.get("reported_by"):
        c -= 0.1
    return round(max(0.05, min(0.95, c)), 2)
