"""The coder: article text in, proposed CAMEO events with evidence and explanations out."""

from __future__ import annotations

import datetime
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tracker.coding import clauses, roles
from tracker.coding.actors import NOT_STATES, Mention, build_mentions, find_raw, remember_names, set_verb_keys
from tracker.coding.dates import resolve_date
from tracker.coding.dictionary import Dictionaries, load_dictionaries
from tracker.coding.events import CodedEvent
from tracker.coding.issues import dominant_issues, find_issues, with_parents
from tracker.coding.matching import CALENDAR, Trigger
from tracker.coding.modality import foreboding, apply_modality, refusal
from tracker.coding.sentence import DIRECTED_ROOTS, SentenceRoles, pairs
from tracker.coding.text import Token, dateline, mask_datelines, split_sentences, tokenize

VERSION = "petra-lite-1.0"
WEAPONS = frozenset(
    "drones drone missiles missile artillery aircraft jets jet warships warplanes fighter rockets "
    "helicopters tanks".split()
)
PAST_IRREGULAR = frozenset(
    "said told met held sent fought struck shot took gave began laid beat brought led left won "
    "found froze broke drove flew forgave hit put set cut shut spread wrote withdrew rose went "
    "came ran saw threw swept kept stood built lent paid dealt made swore upheld sought".split()
)
NAMED_CHARGES = ("war crime", "genocide", "crimes against humanity", "ethnic cleansing", "atrocit")
VERB_OBJECT_START = frozenset("the a an its their his her to that with on against for".split())
# Generic codes refined by the words after them even when a pattern already named an object.
REFINABLE_WITH_OBJECT = frozenset({"070", "090", "020", "100", "120", "112", "130", "131"})
FUNCTION_WORDS = frozenset(
    "and or of in on at to for with from who which that have has had was were is are will would could should can "
    "may might also said say says told the a an as by but not reportedly after before while when since because "
    "although though despite during over under against into through near outside inside about across among "
    "between amid until unless if whether where whom whose than then there here this these those their its his "
    "her our so such very more most less only just even still yet again".split()
)


@dataclass
class Sentence:
    start: int
    end: int
    tokens: list[Token]
    mentions: list[Mention]
    issues: list[tuple[str, str]]
    blocked: set[int]  # tokens inside actor phrases (roles included): never event triggers
    salience: Counter = field(default_factory=Counter)  # countries/organisations named in the sentence


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
        set_verb_keys(frozenset(dictionaries.patterns))

    @classmethod
    def load(cls, extra_paths: Sequence[Path] = ()) -> Coder:
        """The packaged dictionaries plus the user's files or folders of *.json (later ones win)."""
        t0 = time.perf_counter()
        d = load_dictionaries([Path(p) for p in extra_paths])
        return cls(d, time.perf_counter() - t0)

    def code(self, text: str, published: datetime.date | None, title: str | None = None) -> list[CodedEvent]:
        article = Article(published)
        # evidence still quotes `text`; the dateline's country places unplaced people ("NOVI SAD, Serbia")
        sentences = self._read(mask_datelines(text), title, article, self._dateline_country(text, published))
        dominant = dominant_issues(article.issue_counts)
        events: list[CodedEvent] = []
        for s in sentences:
            events.extend(self._code_sentence(text, s, article, dominant))
        return events

    def _dateline_country(self, text: str, published: datetime.date | None) -> str | None:
        place = dateline(text)
        if not place:
            return None
        tokens = tokenize(place.title())
        for m in find_raw(tokens, self.dicts.actor_trie, published):
            if m.code and not m.code.startswith(NOT_STATES):
                return m.code[:3]
        return None

    def _read(
        self, text: str, title: str | None, article: Article, last_country: str | None = None
    ) -> list[Sentence]:
        aliases: dict[str, str] = {}
        if title:
            tokens = tokenize(title)
            for m in build_mentions(
                tokens, find_raw(tokens, self.dicts.actor_trie, article.published), {}, None
            ):
                if m.code:
                    article.salience[m.code[:3]] += 2
            article.issue_counts.update(code for code, _ in find_issues(tokens, self.dicts.issue_trie))
        out = []
        for start, end in split_sentences(text):
            tokens = tokenize(text[start:end], start)
            raw = find_raw(tokens, self.dicts.actor_trie, article.published)
            mentions = [
                m for m in build_mentions(tokens, raw, aliases, last_country) if self._is_actor(tokens, m)
            ]
            remember_names(tokens, mentions, aliases)
            salience = Counter(m.code[:3] for m in mentions if m.code)
            for m in mentions:
                if m.code and not m.code.startswith(NOT_STATES):
                    last_country = m.code[:3]
            article.salience.update(salience)
            issues = find_issues(tokens, self.dicts.issue_trie)
            article.issue_counts.update(code for code, _ in issues)
            blocked = {i for m in raw if m.sector == "ROLE" for i in range(m.start, m.end)}
            blocked.update(i for m in mentions for i in range(m.start, m.end))
            out.append(Sentence(start, end, tokens, mentions, issues, blocked, salience))
        return out

    def _code_sentence(
        self, text: str, s: Sentence, article: Article, dominant: list[str]
    ) -> list[CodedEvent]:
        if not s.mentions:
            return []
        sr = SentenceRoles(s, self.dicts.patterns, article, self.dicts.refinements)
        if not sr.acts and not sr.speech:
            return []
        evidence = text[s.start : s.end]
        day, date_phrase = resolve_date(evidence, article.published, [tok.key for tok in s.tokens])
        sentence_issues = [c for c, _ in s.issues]
        issues = with_parents(self._issues(sentence_issues, dominant), self.dicts.issue_codes)
        issue_src = s.issues if sentence_issues else dominant
        out, seen = [], set()
        for t in sr.live(refusals=True):
            elaborates = (
                sr.main is not None and clauses.is_participle(s.tokens, t) and not sr.after_attribution(t)
            )
            if elaborates and clauses.is_elaboration(s.tokens, t):
                continue
            if t.pattern.rank == 0 and any(sp.head < t.head for sp in sr.speech):
                continue  # PETRARCH patterns inside reported speech misfire; the reported-speech rules decide
            if t.pattern.id.endswith(":v:retaliate") and not t.modality:
                continue  # "retaliated by expelling ...": the expulsion is the event; "will retaliate" a threat
            role = sr.roles(t)
            if (
                elaborates
                and role is not None
                and role.sources
                and not role.targets
                and (role.code or "")[:2] in ("03", "05")
                and out
                and out[-1].actor == _as_state(role.sources[0].code, role.code)
                and out[-1].target
            ):  # "Biden made a visit to Kyiv, pledging another half-billion dollars in military aid": to Kyiv
                role.targets = [Mention(-1, -1, out[-1].target, "", "shared")]
                role.info["target_from"] = "main event"
            mediation = role is not None and (role.code or "")[:3] == "045"
            if mediation and role.sources and not role.targets and out:
                parties = list(dict.fromkeys(e.actor for e in out if e.actor[:3] != role.sources[0].code[:3]))
                # "... held talks in Paris, with U.S. envoy Tom Barrack mediating": between the talks' parties
                role.targets = [Mention(-1, -1, code, "", "party") for code in parties[:2]]
            named_act = elaborates and role is not None and _names_the_act(s.tokens, t)
            if named_act and role.sources and not role.targets:
                doer = next((e for e in out if e.actor[:3] != role.sources[0].code[:3]), None)
                if doer is not None:  # "..., calling the raids a violation": the raids' author
                    role.targets = [Mention(-1, -1, doer.actor, "", "act")]
                    role.info["target_from"] = "criticised act"
            if role is None or not role.sources or (elaborates and not role.targets):
                continue
            role.info["coordinated"] = clauses.after_and(s.tokens, t)
            code = role.code
            if t.negated:
                code = refusal(code)  # "would not approve Sweden's bid": a refusal
            speaker = sr.reported_by(t, role)
            if speaker is not None:
                role, code = speaker
            if code[:2] == "14" and _state(role.sources[0].code):
                # a government that "protested" lodged an official protest; one that boycotts sanctions
                if code == "143" and "strike" in t.pattern.text:
                    code = "190"  # "India launched strikes on nine sites": military strikes, not a walkout
                else:
                    code = "163" if code == "143" else "114"
            if (
                code == "163"
                and t.pattern.id.endswith(":v:ban")
                and (not role.targets or role.targets[0].code[:3] == role.sources[0].code[:3])
            ):
                code = "172"  # a ban at home (a group, a song) is an administrative sanction
            if (
                code == "1711"
                and t.pattern.id.endswith(":v:freeze")
                and role.targets
                and role.targets[0].code[:3] != role.sources[0].code[:3]
            ):
                code = "163"  # a foreign government's assets frozen: a sanction (guidelines 163)
            if (
                code == "051"
                and t.pattern.id.endswith(":v:welcome")
                and role.targets
                and role.targets[0].code[3:6] == "GOV"
                and not role.targets[0].possessive
                and (t.passive or 0 <= role.targets[0].start - t.head_end <= 1)
            ):
                code = "043"  # "Xi welcomed Brazilian President Lula": a host receiving a visitor
            if (
                code in ("180", "182", "190", "193")
                and role.sources[0].code[3:6] in ("MIL", "COP", "GOV")
                and role.targets
                and _crowd(s.tokens, role.targets[0])
            ):
                code = (
                    "175"  # "soldiers opened fire on opposition supporters protesting": repression of a crowd
                )
            if (
                code in ("180", "190", "193", "195", "1823")
                and role.targets
                and s.tokens[t.head].key.startswith(KILLING)
                and _individual(s.tokens, role.targets[0])
            ):
                code = "186"  # "the SBU killed Lieutenant General Igor Kirillov": an assassination
            armed = any(tok.key in STRIKE_WORDS for tok in s.tokens[max(0, t.start - 4) : t.start])
            if (
                code[:2] in ("18", "19")
                and not armed  # "Israeli air strikes killed at least 492 people": still an air strike
                and s.tokens[t.head].key.startswith(("kill", "slaughter", "murder", "massacre", "execut"))
            ):
                if _mass_toll(s.tokens, t.head_end):
                    code = "202"  # "killed more than 400 people": a mass killing
            if (
                code == "195"
                and not role.targets
                and s.tokens[t.head].key.startswith(("fir", "launch", "test"))
            ):
                code = "150"  # missiles fired at no one: a test (guidelines 150)
            if code == "112" and t.pattern.id.endswith(":v:charge") and _state(role.sources[0].code):
                code = "173"  # prosecutors or police "charged" someone: a legal action (guidelines 173)
            if (
                code == "1711"
                and s.tokens[t.head].key.startswith("seiz")
                and role.sources[0].code[3:6] in ("MIL", "REB")
                and role.targets
                and (len(role.targets[0].code) == 3 or role.targets[0].code[3:6] == "GOV")
            ):
                code = "192"  # "Syrian rebels seized Damascus": territory, not property
            if (
                code[:2] == "04"
                and s.tokens[t.head].key.startswith("enter")
                and role.sources[0].code[3:6] in ("MIL", "REB")
                and role.targets
                and (len(role.targets[0].code) == 3 or role.targets[0].code[3:6] == "GOV")
            ):
                code = "192"  # "Syrian rebels entered Damascus": taking territory, not a visit
            if code[:2] in ("18", "19") and code != "186":
                before = {tok.key for tok in s.tokens[max(0, t.start - 8) : t.start]}
                if "suicide" in before:
                    code = "1831"  # "a suicide bomber ... rammed a vehicle into a convoy"
                elif before & {"car", "explosives-laden", "truck"} and "bomb" in " ".join(sorted(before)):
                    code = "1832"
            if (
                code[:3] == "181"
                and role.sources[0].code[3:6] in ("GOV", "MIL", "COP", "JUD")
                and s.tokens[t.head].key.startswith("seiz")
            ):
                code = "1711"  # "Finnish authorities seized an oil tanker": a state confiscating a vessel
            if code == "192" and role.sources[0].code[3:6] in ("CVL", "OPP", "EDU", "LAB", "AGR", "REL"):
                code = "144"  # protesters who "occupied several airports" obstructed them
            if (
                code[:2] in ("18", "19")
                and role.sources[0].code[3:6] in ("CVL", "OPP", "EDU", "LAB", "AGR")
                and s.tokens[t.head].key.startswith(
                    ("storm", "torch", "ransack", "attack", "set", "broke", "burn")
                )
                and role.targets
                and role.targets[0].code[3:6] in ("GOV", "LEG", "JUD", "")
            ):
                code = "145"  # "supporters stormed Congress", "protesters attacked the embassies": a riot
            if code == "190" and role.sources[0].code[3:6] in (
                "CVL",
                "OPP",
                "LAB",
                "REL",
                "EDU",
                "BUS",
                "AGR",
            ):
                code = "180"  # civilians who "attacked" used unsophisticated violence
            codes = [code]
            if not (t.pattern.after or t.pattern.before) or code in REFINABLE_WITH_OBJECT:
                # a threat's content runs to the end of the sentence ("would be met with force")
                stop = len(s.tokens) if code[:2] == "13" else sr.ceiling(t)
                refined = clauses.refine(code, s.tokens, t.head_end, stop, self.dicts.refinements)
                if refined:
                    codes, role.info["refined_by"] = [c for c, _ in refined], [w for _, w in refined]
            if t.modality == "possible" and not _own_voice(s, sr, role.sources[0]):
                continue  # "analysts said China could impose sanctions": speculation, not China's threat
            codes = [apply_modality(c, t.modality, self.dicts.cameo) for c in codes]
            if (
                codes[0][0]
                and codes[0][0][:2] == "13"
                and s.tokens[t.head].key.startswith("warn")
                and foreboding(
                    [tok.key for tok in s.tokens], t.head_end, sr.ceiling(t), {m.start for m in s.mentions}
                )
            ):
                codes, role.targets = [("012", "warning")], []  # "warned that famine was spreading"
            role.info["modality"] = codes[0][1]
            codes = [c for c, _ in codes if c]
            if not codes:
                continue
            code = codes[0]
            dyads = [(a, b) for a in role.sources for b in role.targets or [None]]
            if role.info.get("both_sides"):
                dyads = pairs(role.sources)  # "both sides accused each other": every direction
            elif (
                len(role.sources) > 1
                and code == "150"
                and (
                    all(m.code[:3] in {x.code[:3] for x in role.sources} for m in role.targets)
                    or any(tok.key in ("their", "joint") for tok in s.tokens[t.head_end : t.end])
                )
            ):  # "Chinese and Russian forces began a joint exercise near Zhanjiang": joint, at home
                codes, dyads = ["062"], pairs(role.sources)  # "the US and South Korea began exercises": joint
            elif (
                len(role.sources) > 1
                and code[:2] in ("04", "05", "06")
                and role.info.get("target_topic")
            ):  # "Japan and South Korea began sharing data on North Korean missile launches": with each other
                dyads = pairs(role.sources)
            elif (
                len(role.sources) > 1
                and (t.pattern.reciprocal or t.reciprocal)
                and (not role.targets or (t.pattern.reciprocal and not role.info.get("target_with")))
            ):
                dyads = pairs(role.sources)
            elif not role.targets and (code[:2] in DIRECTED_ROOTS or code == "016"):
                counterpart = self._counterpart(role.sources, article.salience - s.salience)
                origin = "article"
                if counterpart is None and (
                    code[:2] in ("11", "12", "13", "16") or code == "016"
                ):  # not appeals
                    counterpart, origin = self._counterpart(role.sources, s.salience), "sentence"
                if counterpart:
                    role.info["target_from"] = origin
                    tgt = Mention(-1, -1, counterpart, "", "article")
                    dyads = [(a, tgt) for a in role.sources]
            if not role.targets and dyads and dyads[0][1] is None and _dissent(code, role.sources[0].code):
                # "the opposition rejected the results": aimed at its own government
                home = Mention(-1, -1, role.sources[0].code[:3] + "GOV", "", "home")
                role.info["target_from"] = "own government"
                dyads = [(a, home) for a in role.sources]
            if code == "175" and not role.targets and dyads and dyads[0][1] is None:
                # "riot police responded with pepper spray and water cannon": the crowd at home
                crowd = Mention(-1, -1, role.sources[0].code[:3] + "CVL", "", "crowd")
                role.info["target_from"] = "crowd"
                dyads = [(a, crowd) for a in role.sources if not a.code.startswith(NOT_STATES)]
            if sr.main is None:
                sr.main = role.sources[0]
            article.last_source = role.sources[0]
            for code in codes:
                for src, tgt in dyads:
                    if tgt is not None and _as_target(tgt.code, code) == _as_state(src.code, code):
                        tgt = None  # an actor is not its own target
                    key = (src.code, tgt.code[:3] if tgt else None, code)
                    if key in seen or (tgt is None and (src.code, code[:3]) in seen):
                        continue  # one event per dyad and code; no target-less repeat of a coded act
                    seen.update({key, (src.code, code[:3])})
                    out.append(
                        CodedEvent(
                            _as_state(src.code, code),
                            _as_target(tgt.code, code) if tgt else None,
                            code,
                            issues,
                            day,
                            evidence,
                            s.start,
                            s.end,
                            _confidence(t, src, tgt, role.info),
                            self._explain(s, t, src, tgt, role.info, date_phrase, issue_src),
                        )
                    )
        out.extend(self._reported_accusations(s, sr.speech, sr.firm, evidence, day, issues, article, seen))
        out = _share_objects(out)
        targeted = {(e.actor, e.code[:2]) for e in out if e.target}
        return [e for e in out if e.target or (e.actor, e.code[:2]) not in targeted]

    def _reported_accusations(
        self, s, speech, acts, evidence, day, issues, article, seen
    ) -> list[CodedEvent]:
        """'X said Y was using human rights as a pretext': X accuses Y, when the complement is a charge, not a deed."""
        out = []
        for sp in speech:
            later = [o.head for o in speech if o.head > sp.head]
            stop = min(later + [len(s.tokens)])
            begin = sp.head_end
            after = s.tokens[sp.head_end].key if sp.head_end < len(s.tokens) else "."
            speaker = None
            if after in TAIL_NEXT or after in CALENDAR:  # cheap test first: the sentence may end here
                speaker = roles.mention_before(s.tokens, s.mentions, sp.start, 0)
                if isinstance(speaker, Mention) and _tail_speaker(s.tokens, speaker, sp, s.mentions):
                    # "North Korea was responsible for the theft, the FBI said": the claim comes first
                    begin, stop = 0, roles.coordinated(s.tokens, s.mentions, speaker)[0].start - 1
            tail = begin == 0
            deed = any(begin <= a.head < stop for a in acts)
            if deed and not any(
                any(w in words.lower() for w in NAMED_CHARGES)
                for _, words in clauses.refine("112", s.tokens, begin, stop, self.dicts.refinements)
            ) and not (tail and _modal_claim(s.tokens, s.mentions, stop)):
                continue  # the complement has a deed of its own: that is coded instead (unless it is a named
                # charge: "HRW said the military had committed war crimes by bombing a village"), or, in a
                # claim attributed at the end, a demand: "Russian border guards must leave, Yerevan said"
            if speaker is None:
                speaker = roles.mention_before(s.tokens, s.mentions, sp.start, 0)
            if not isinstance(speaker, Mention) or not speaker.code:
                continue
            pos = begin
            for k in range(begin, min(stop, begin + 5)):
                if s.tokens[k].key == "that":
                    pos = k + 1  # "said on Wednesday that China had ..."
                    break
            accused = next(
                (
                    m
                    for m in sorted(s.mentions, key=lambda x: x.start)
                    if pos <= m.start < min(stop, pos + 14)
                    and m.code
                    and roles.preceding_word(s.tokens, m) not in roles.LOCATIVE
                ),
                None,
            )
            if not isinstance(accused, Mention) or not accused.code or accused.code[:3] == speaker.code[:3]:
                continue
            group = [m for m in roles.coordinated(s.tokens, s.mentions, accused) if m.code] or [accused]
            last = group[-1]
            modal = s.tokens[last.end].key if last.end < len(s.tokens) else ""
            if modal not in ("must", "should"):
                group = [accused]  # "Thailand and Cambodia must stop fighting": each of them is addressed
            if modal in ("must", "should"):
                base = "100" if modal == "must" else "020"  # "told Blinken that Washington must stop ..."
                charges = clauses.refine(base, s.tokens, last.end, stop, self.dicts.refinements) or [
                    (base, modal)
                ]
            else:
                charges = clauses.refine("112", s.tokens, pos, stop, self.dicts.refinements)
            if not charges:
                continue
            code = charges[0][0]
            for accused in group:
                if accused.code[:3] == speaker.code[:3] or (speaker.code, accused.code[:3], code) in seen:
                    continue
                seen.add((speaker.code, accused.code[:3], code))
                out.append(self._accusation(s, sp, speaker, accused, code, charges, issues, day, evidence))
        return out

    def _accusation(self, s, sp, speaker, accused, code, charges, issues, day, evidence) -> CodedEvent:
        """The reported-speech event, with its explanation."""
        explain = {
            "actor_phrase": speaker.phrase,
            "actor_span": list(speaker.span(s.tokens)),
            "target_phrase": accused.phrase,
            "target_span": list(accused.span(s.tokens)),
            "pattern_id": f"reported-speech:{sp.pattern.id}",
            "pattern": f"{sp.pattern.text} <Y> ... charge",
            "trigger_span": [s.tokens[sp.head].start, s.tokens[sp.head_end - 1].end],
            "negated": False,
            "passive": False,
            "modality": None,
            "refined_by": [w for _, w in charges],
            "issue_keywords": [p for _, p in s.issues],
        }
        return CodedEvent(
            speaker.code, accused.code, code, issues, day, evidence, s.start, s.end, 0.6, explain
        )

    def _is_actor(self, tokens: list[Token], m: Mention) -> bool:
        """A bare sector noun that modifies another noun ('military drills', 'refugee camp') or names a weapon
        ('drones') is not an actor."""
        if m.code:
            return True
        if tokens[m.end - 1].key in WEAPONS:
            return False
        if m.end < len(tokens) and not any(isinstance(p, tuple) for p in m.parts):
            nxt = tokens[m.end]
            if nxt.text.isalpha() and nxt.text.islower() and nxt.key not in FUNCTION_WORDS:
                last = tokens[m.end - 1].key
                if nxt.key.endswith("ing") and last.endswith("s") and not last.endswith("ss"):
                    return True  # "journalists covering the protests", "troops fighting in Ukraine"
                if nxt.key not in self.dicts.patterns:
                    return False  # "military drills", "refugee camp"
                after = tokens[m.end + 1] if m.end + 1 < len(tokens) else None
                verb_like = (
                    (after is not None and (after.cap or after.key in VERB_OBJECT_START))
                    or nxt.key.endswith("ed")
                    or nxt.key in PAST_IRREGULAR
                    or (
                        last.endswith("s")
                        and not last.endswith("ss")
                        and not nxt.key.endswith("s")
                        and (m.start == 0 or tokens[m.start - 1].key in CLAUSE_OPENERS)
                    )
                )  # "Protesters rally in Belgrade": a plural subject, then its present-tense verb
                if not verb_like:
                    return False  # "his official visit.", "naval patrols in ...": a noun after a modifier
        return True

    def _issues(self, sentence: list[str], dominant: list[str]) -> list[str]:
        """The sentence's issues, refined by the article's main sub-issues of the same family; else the article's."""
        if not sentence:
            return dominant
        parents = self.dicts.issue_codes
        family = set(sentence) | {parents.get(c) for c in sentence}
        return sentence + [c for c in dominant if c not in sentence and parents.get(c) in family]

    def _counterpart(self, sources: list[Mention], salience: Counter) -> str | None:
        """The actor the rest of the article is most about, other than the source: the addressee of an
        appeal or a criticism that names no one ('... demand a robust international response')."""
        own = {m.code[:3] for m in sources}
        for code, _ in salience.most_common():
            if code not in own and not code.startswith(NOT_STATES):
                return code + "GOV"
        return None

    def _explain(self, s, t, src, tgt, info, date_phrase, issue_src) -> dict:
        def span(m):
            if m is None or m.start < 0:
                return None
            a, b = m.span(s.tokens)
            return [a, b]

        return {
            "actor_phrase": src.phrase,
            "actor_span": span(src),
            "target_phrase": tgt.phrase if tgt else None,
            "target_span": span(tgt),
            "pattern_id": t.pattern.id,
            "pattern": t.pattern.text,
            "trigger_span": [s.tokens[t.head].start, s.tokens[t.head_end - 1].end],
            "negated": t.negated,
            "passive": t.passive,
            "modality": info.get("modality") or None,
            "country_inferred": src.inferred_country or bool(tgt and tgt.inferred_country),
            "target_from": info.get("target_from"),
            "pronoun": info.get("pronoun"),
            "reported_by": info.get("reported_by"),
            "date_phrase": date_phrase,
            "refined_by": info.get("refined_by"),
            "coordinated": info.get("coordinated", False),
            "issue_keywords": [p for _, p in issue_src]
            if issue_src and isinstance(issue_src[0], tuple)
            else {"article_dominant": list(issue_src)},
        }


# Roots whose targets are places or populations: a bare country stays bare ("Russia shelled Ukraine").
BARE_TARGET_ROOTS = frozenset({"07", "15", "17", "18", "19", "20"})


CROWD_WORDS = frozenset(
    "protesters protestors demonstrators crowds crowd marchers rioters mourners worshippers students "
    "supporters".split()
)


CLAUSE_OPENERS = frozenset(
    [",", ";", ":", "-", "—", "--", "and", "but", "while", "as", "when", "after", "before"]
)


def _modal_claim(tokens: list[Token], mentions: list[Mention], stop: int) -> bool:
    """The claim opens with an actor (or several) and 'must' or 'should'."""
    first = next((m for m in sorted(mentions, key=lambda x: x.start) if m.start < 3 and m.code), None)
    if first is None:
        return False
    last = roles.coordinated(tokens, mentions, first)[-1]
    return last.end < stop and tokens[last.end].key in ("must", "should")


def _tail_speaker(tokens: list[Token], speaker: Mention, sp: Trigger, mentions: list[Mention]) -> bool:
    """', the FBI said': an attribution after the claim (a comma or a closing quote before the speaker)."""
    k = speaker.start - 1
    while k > 0 and tokens[k].key in ("the", "a", "an"):
        k -= 1  # ", the FBI said"
    if k > 1 and tokens[k].key == "'s":
        owner = next((m for m in mentions if m.end == k), None)
        k = owner.start - 1 if owner is not None else k  # ", Armenia's security council secretary said"
    after = tokens[sp.head_end].key if sp.head_end < len(tokens) else "."
    return (
        k > 2
        and tokens[k].key in (",", "'", "’", '"', "”")
        and speaker.end <= sp.start + 1
        and (after in TAIL_NEXT or after in CALENDAR)
    )


TAIL_NEXT = frozenset(
    [",", ".", "", "on", "in", "at", "late", "earlier", "later", "this", "last", "reporters", "journalists"]
)


def _names_the_act(tokens: list[Token], t: Trigger) -> bool:
    """', calling the raids a violation', ', calling the move unjustified': a criticism of the act just
    reported."""
    if (t.pattern.code or "")[:2] != "11" or not tokens[t.head].key.startswith("call"):
        return False
    k = t.head_end
    return k + 1 < len(tokens) and tokens[k].key in ("the", "this", "that", "it") and (
        tokens[k].key == "it" or tokens[k + 1].key in ACT_NOUNS
    )


ACT_NOUNS = frozenset(
    "move step decision raid raids strike strikes attack attacks seizure incursion incursions launch "
    "launches test tests drills exercises deployment sale sales ban bans sanctions measure measures action "
    "actions arrest arrests detention verdict ruling sentence sentences expulsion expulsions killing killings "
    "shelling bombardment offensive operation invasion annexation visit".split()
)


def _crowd(tokens: list[Token], m: Mention) -> bool:
    """A target that is a crowd of protesters ('opposition supporters protesting', 'the crowds')."""
    if m.start < 0:
        return False
    words = {t.key for t in tokens[max(0, m.start - 2) : m.end + 2]}
    return bool(words & CROWD_WORDS) or (m.end < len(tokens) and tokens[m.end].key.startswith("protest"))


STRIKE_WORDS = frozenset(
    "strike strikes airstrike airstrikes bombing bombings bombardment shelling missile missiles drone drones "
    "rocket rockets artillery".split()
)
KILLING = ("kill", "shot", "shoot", "murder", "slay", "slain", "eliminat", "assassinat")
GROUP_WORDS = frozenset(
    "forces force army armies guards guard brigade brigades party ministry council government military police "
    "troops rebels militants fighters movement front committee authorities navy command corps units".split()
)
TITLE_WORDS = frozenset(
    "president prime minister general lieutenant colonel commander chief leader king prince sheikh "
    "spokesman foreign defence defense secretary political".split()
)


def _individual(tokens: list[Token], m: Mention) -> bool:
    """A named person ('Lieutenant General Igor Kirillov', 'Ismail Haniyeh'), not a group or a country."""
    if m.start < 0 or len(m.code) < 6:
        return False
    words = [t for t in tokens[m.start : m.end] if t.key not in ("of", "the", "'s", "-")]
    if any(t.key in GROUP_WORDS for t in words):
        return False
    names = [t for t in words if t.cap and t.text.isalpha() and t.key not in TITLE_WORDS]
    return len(names) >= 2 and names[-1] is words[-1]


def _own_voice(s, sr, source: Mention) -> bool:
    """A possibility ('Turkey may suspend ties') counts when the source's own side says it."""
    for sp in sr.speech:
        speaker = roles.mention_before(s.tokens, s.mentions, sp.start, 0)
        if isinstance(speaker, Mention) and speaker.code and speaker.code[:3] == source.code[:3]:
            return True
    return False


def _dissent(code: str, source: str) -> bool:
    """The opposition's rejections and criticism with no target aim at their own government (protests with
    no target keep none: the guidelines code a target only when one is named)."""
    sector = source[3:6]
    if source.startswith(NOT_STATES) or len(source) < 6:
        return False
    return code[:2] in ("10", "11", "12") and sector == "OPP"


def _mass_toll(tokens: list[Token], pos: int) -> bool:
    """'killed more than 400 people', 'killed hundreds': a toll of at least a hundred."""
    for tok in tokens[pos : pos + 5]:
        if tok.key in ("hundreds", "thousands"):
            return True
        digits = tok.key.replace(",", "")
        if digits.isdigit():
            return int(digits) >= 100
    return False


def _as_state(code: str, event: str = "") -> str:
    """A country acting alone ('China', 'Beijing') acts as a state: CHNGOV (the gold convention's first choice),
    or as its armed forces when the act is military (drills, strikes: CHNMIL); a multinational of a country is
    that country's business (MNCUSA -> USABUS)."""
    if code.startswith("MNC") and len(code) >= 6:
        return code[3:6] + "BUS"
    if len(code) == 3 and not code.startswith(NOT_STATES):
        return code + ("MIL" if event[:2] in MILITARY_ROOTS or event == "062" else "GOV")
    return code


MILITARY_ROOTS = frozenset({"15", "18", "19", "20"})


def _as_target(code: str, event: str) -> str:
    if event == "062":
        return _as_state(code, event)
    return code if event[:2] in BARE_TARGET_ROOTS else _as_state(code)


def _state(code: str) -> bool:
    return len(code) == 3 and not code.startswith(NOT_STATES) or code[3:6] in ("GOV", "MIL", "LEG")


def _share_objects(events: list[CodedEvent]) -> list[CodedEvent]:
    """Coordinated verbs share their object: 'rejected the allegations and expelled a Canadian diplomat', 'beat
    and detained a BBC journalist' (the later object), 'met Pope Francis ... and asked for support' (the
    earlier one)."""
    out = []
    for e in events:
        if e.target is None and e.explain.get("trigger_span"):
            start = e.explain["trigger_span"][1]
            same = [
                o
                for o in events
                if o is not e
                and o.actor == e.actor
                and o.target
                and o.explain.get("target_span")
                and o.explain.get("trigger_span")
            ]
            later = [o for o in same if o.explain["target_span"][0] > start and o.explain.get("coordinated")]
            earlier = (
                [o for o in same if o.explain["trigger_span"][1] < start]
                if e.explain.get("coordinated")
                else []
            )
            donor = (later or earlier[-1:] or [None])[0]
            if donor is not None and not any(
                o.actor == e.actor and o.code == e.code and o.target for o in events
            ):
                x = dict(
                    e.explain,
                    target_phrase=donor.explain["target_phrase"],
                    target_span=donor.explain["target_span"],
                    target_from="shared object",
                )
                e = replace(
                    e, target=donor.target, explain=x, confidence=round(max(0.05, e.confidence - 0.1), 2)
                )
        out.append(e)
    return out


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
