"""Coding one sentence: triggers -> (sources, targets, codes) with the clause rules, then events."""

from __future__ import annotations

from dataclasses import dataclass, replace

from tracker.coding import clauses, roles
from tracker.coding.actors import NOT_STATES, Mention
from tracker.coding.matching import REDUCED_PASSIVES, Trigger, find_triggers, is_adverb
from tracker.coding.text import Token

# Roots aimed at someone: without a target in the sentence, the article's counterpart is the target.
DIRECTED_ROOTS = frozenset({"02", "10", "11", "12", "13", "16"})
# Roots whose target may be a place ("fired missiles at cities across Ukraine").
PLACE_PREPS = {
    "14": frozenset(
        {"outside", "at", "in", "through", "across", "around"}
    ),  # "protested outside the Chinese consulate"
    "15": frozenset(
        {"around", "off", "near", "along"}
    ),  # drills "around Taiwan" (guidelines: around/against)
    "09": frozenset(
        {"in", "into", "across"}
    ),  # "an investigation into possible crimes against humanity in Venezuela"
    "11": frozenset({"at"}),  # "fired a broadside at Riga", "voiced outrage at Beijing's sentence"
    "114": False,  # "filed a complaint at the WTO": the venue
    "12": frozenset({"at"}),  # "scoffed at Beijing's formula"
    "18": True,
    "19": True,
    "20": True,  # "struck targets across southern Lebanon"
}
# Roots whose bare-sector target belongs to the place or the article, not to the source's country.
HOSTILE_ROOTS = frozenset({"18", "19", "20"})
# Statements with no addressee: "said he was pessimistic" has no target.
UNDIRECTED_CODES = frozenset({"010", "011", "012", "013", "019"})
# Roots whose bare-sector object is rarely the source's own people ("appealed for the release of prisoners").
FOREIGN_OBJECT_ROOTS = frozenset({"01", "02", "03", "04", "05", "06", "07", "10", "12", "15", "16"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
PARTICIPLE_OPENERS = frozenset({",", "after", "before", "while", "by", "without", "despite", "since", "when"})
SUBORDINATORS = frozenset(
    {"after", "before", "while", "when", "since", "because", "as", "if", "unless", "until"}
)
NOUN_HEADS = frozenset(
    "decision plan plans move bid attempt attempts effort efforts proposal proposals push "
    "campaign right freedom ability authority power law bill measure measures threat "
    "refusal failure reluctance".split()
)
ATTACK_NOUNS = frozenset(
    "attack attacks strike strikes airstrike airstrikes bombing bombings raid raids blast blasts explosion "
    "explosions shelling barrage assault offensive ambush massacre fire clashes war conflict fighting violence "
    "insurgency unrest".split()
)
DISASTERS = frozenset(
    "earthquake quake storm typhoon cyclone hurricane flood floods flooding fire wildfire wildfires landslide "
    "landslides tsunami eruption avalanche drought heatwave accident crash collapse derailment outbreak "
    "epidemic pandemic".split()
)
PLACE_DESCRIPTIONS = frozenset("island enclave territory kingdom peninsula strip republic".split())
THING_NOUNS = frozenset(
    "canopy roof building bridge dam earthquake quake storm fire flood floods blast explosion bomb crash "
    "collapse virus disease outbreak accident landslide wall structure stampede".split()
)
REACTION_NOUNS = frozenset(
    "move step decision verdict ruling charge accusation speech remark remarks statement claim claims act "
    "attack action actions measure measures incursion plan proposal announcement visit deal".split()
)
CAUSATIVES = frozenset(
    "prompting prompted forcing forced leading led causing caused pushing pushed spurring spurred "
    "persuading persuaded".split()
)
AUXILIARIES = frozenset("will would has have had also not then could may might shall".split())
PREPOSITIONS = frozenset({"with", "to", "on", "against", "for", "from", "at", "into"})
MEASURE_NOUNS = frozenset("sanctions tariffs restrictions curbs measures embargo duties levies".split())


@dataclass
class Role:
    sources: list[Mention]
    targets: list[Mention]
    code: str
    info: dict


class SentenceRoles:
    """The per-sentence state the rules share: tokens, mentions, triggers, complements, quotes."""

    def __init__(self, s, patterns: dict, article, refinements: list = ()):
        self.s, self.tokens, self.mentions, self.article = s, s.tokens, s.mentions, article
        self.refinements = refinements
        triggers = find_triggers(s.tokens, patterns, s.blocked)
        self.speech = [t for t in triggers if t.pattern.kind == "speech"]
        self.acts = [t for t in triggers if t.pattern.kind == "event" and t.pattern.code]
        # PETRARCH-derived triggers may add events but do not shape clauses (they misfire too often).
        self.firm = [t for t in self.acts if t.pattern.rank > 0]
        self.regions = roles.quote_regions(s.tokens)
        self.skip: set[int] = set()
        self.complement_head: dict[int, Trigger] = {}
        self.main: Mention | None = None  # source of the sentence's first event: subject of its participles
        self._complements()
        self.relatives = _relative_clauses(s.tokens)
        # the subject of each speech verb, found once (several rules ask for it)
        self.speaker_of = {
            id(sp): roles.mention_before(s.tokens, s.mentions, sp.start, 0) for sp in self.speech
        }
        self.speakers = [
            first.start
            for sp in self.speech
            for m in [self.speaker_of[id(sp)]]
            if isinstance(m, Mention) and m.end >= sp.start - 1
            for first in [roles.coordinated(s.tokens, s.mentions, m)[0]]
            if _attribution_tail(s.tokens, first, sp)
        ]

    def _complements(self) -> None:
        for t in self.acts:
            found = clauses.complement_of(self.tokens, self.mentions, t, self.acts, self.skip)
            if found is None:
                continue
            head, marker = found
            self.complement_head[id(t)] = head
            if head.modality == "hypothetical":
                t.modality = "hypothetical"  # "would have required Washington to withdraw": neither happened
            between = {tok.key for tok in self.tokens[head.head_end : t.start]}
            if (
                head.pattern.modal
                and not (head.pattern.after or head.pattern.before)
                and marker == "to"
                and between
                <= {"to", "not", "never"} | clauses.ASPECT | {"also", "further", "swiftly", "soon"}
            ):
                t.modality = (
                    t.modality or head.pattern.modal
                )  # "pledged to send tanks": the sending, as intent
                t.reciprocal = head.pattern.reciprocal
                t.start = head.start
                self.skip.add(id(head))
            elif marker == "would" and not t.negated:
                # "warned (that) it would slap sanctions": the sanction, as a threat; the head adds nothing
                t.modality = head.pattern.modal or t.modality or "future"
                code = head.pattern.code
                if head.pattern.modal or code is None or code[:2] in ("01", "03", "13"):
                    self.skip.add(id(head))
            else:
                self.skip.add(id(t))

    def _alleged(self, t: Trigger) -> bool:
        """'firms accused of helping Moscow': what someone is accused of is not an event."""
        k = t.start - 1
        return k >= 1 and self.tokens[k].key in ("of", "with") and self.tokens[k - 1].key in REDUCED_PASSIVES

    def live(self, refusals: bool = False) -> list[Trigger]:
        """Triggers to code; with `refusals`, a negated promise ('would not approve') is kept as a refusal."""
        return [
            t
            for t in self.acts
            if id(t) not in self.skip
            and not self._alleged(t)
            and (
                not t.negated
                or (
                    refusals
                    and t.modality in ("future", "intent")
                    and t.pattern.code[:2] in ("03", "04", "05", "06", "07", "08")
                )
            )
            and t.modality not in ("hypothetical", "background")
            and not self._reduced_relative(t)
            and not self._describes_attack(t)
            and not self._noun_complement(t)
        ]

    def _noun_complement(self, t: Trigger) -> bool:
        """'Beijing's decision to impose sanctions drew criticism': an infinitive completing a noun."""
        k = t.start - 1
        return k >= 1 and self.tokens[k].key == "to" and self.tokens[k - 1].key in NOUN_HEADS

    def reported_by(self, t: Trigger, role: Role) -> tuple[Role, str] | None:
        """'Amnesty said Chinese authorities must release ...' is Amnesty's demand (10), 'should' its appeal
        (02), and 'Washington would pay the price' the speaker's threat (13): the speaker is the source and
        the reported subject the target."""
        modal = self._modal_before(t)
        threat = role.code[:2] == "13"
        if modal is None and not threat:
            return None
        region = roles.region_of(t.head, self.regions)
        for sp in self.speech:
            quoted = region is not None and (region[1] < sp.head <= region[1] + 3)
            if not ((sp.head < t.head and t.head - sp.head <= 14) or quoted):
                continue
            speaker = (
                self._quote_speaker(region)
                if quoted
                else roles.mention_before(self.tokens, self.mentions, sp.start, 0)
            )
            if not isinstance(speaker, Mention) or not speaker.code:
                continue
            subject = role.sources[0]
            if _same_actor(speaker.code, subject.code) or (subject.start < sp.head_end and not quoted):
                return None  # "China said it would ...": the speaker's own intention, coded as such
            if modal in ("must", "should"):
                base = "100" if modal == "must" else "020"
                refined = clauses.refine(base, self.tokens, t.start, self.ceiling(t) + 1, self.refinements)
                code = refined[0][0] if refined else base
            elif threat or modal == "would":
                code = role.code if threat else None
                if code is None:
                    return None
            else:
                return None
            info = dict(role.info, reported_by=speaker.phrase)
            return Role([speaker], role.sources, code, info), code
        return None

    def _modal_before(self, t: Trigger) -> str | None:
        k = t.head - 1
        while k >= 0 and (tokens_is_adverb(self.tokens[k]) or self.tokens[k].key in ("not", "be")):
            k -= 1
        if k < 0:
            return None
        key = self.tokens[k].key
        if key in ("must", "should"):
            return key
        if key == "to" and k > 0 and self.tokens[k - 1].key in ("needs", "need", "has", "have", "ought"):
            return "must"
        if key in ("would", "will"):
            return "would"
        return None

    def _describes_attack(self, t: Trigger) -> bool:
        """'the attack on Khan Sheikhoun that killed more than 80 people': the clause tells the toll of an act
        already named, it is not a second event."""
        k = t.start - 1
        while k >= 0 and (tokens_is_adverb(self.tokens[k]) or self.tokens[k].key in AUXILIARIES):
            k -= 1
        if k < 1 or self.tokens[k].key not in ("that", "which"):
            return False
        if (t.pattern.code or "")[:2] not in ("18", "19", "20"):
            return False
        for j in range(k - 1, max(-1, k - 7), -1):  # "the attack on Khan Sheikhoun that killed ..."
            if self.tokens[j].key in ATTACK_NOUNS:
                return True
            if self.tokens[j].key in (";", "said", "and"):
                return False
        return False

    def _reduced_relative(self, t: Trigger) -> bool:
        """'to reinforce Russian troops fighting in Ukraine': an -ing form right after an actor, once the
        sentence already has its verb, describes that actor."""
        if not self.tokens[t.head].key.endswith("ing") or t.head == 0 or (t.head - 1) not in self.s.blocked:
            return False
        if (t.pattern.code or "")[:2] == "14":
            return False  # "detained 1,000 Tibetans protesting against a dam": they did protest
        if self._absolute_subject(t) is not None:
            return False  # ", with U.S. envoy Tom Barrack mediating": a clause of its own
        return any(a.head < t.head for a in self.firm if a is not t)

    def ceiling(self, t: Trigger) -> int:
        region = roles.region_of(t.head, self.regions)
        later = [
            a.head for a in self.firm if a.head > t.head_end and self.complement_head.get(id(a)) is not t
        ]
        tail = [k for k in self.speakers if k > t.head_end] + [
            sp.head
            for sp in self.speech
            if sp.head > t.head_end and sp.pattern.id.endswith(("v:say", "v:tell"))
        ]
        return min(later + tail + [region[1] if region else len(self.tokens)])

    def roles(self, t: Trigger) -> Role | None:
        tokens, mentions = self.tokens, self.mentions
        region = roles.region_of(t.head, self.regions)
        floor = region[0] if region else 0
        ceiling = self.ceiling(t)
        info: dict = {"passive": t.passive, "negated": t.negated}
        if t.passive:
            src = roles.passive_source(tokens, mentions, t, len(tokens))
            named = [
                m for m in mentions if m.code
            ]  # "prisoners ... in a deal mediated by Qatar": the parties
            tgt = roles.mention_before(tokens, named, t.start, floor) or roles.mention_before(
                tokens, mentions, t.start, floor
            )
        else:
            src = self._subject(t, floor)
            both = self._both_sides(t) or self._each_other(t, src) or self._they_met(t, src)
            if both and not self._each_other(t, src):
                obj = roles.mention_after(tokens, mentions, t.head_end, self.ceiling(t), places=False)
                if (
                    isinstance(obj, Mention)
                    and obj.code
                    and obj.start <= t.end + 6
                    and obj.code[:3] not in {m.code[:3] for m in both}
                ):  # "the two leaders rejected Trump's proposal": both of them, against a third party
                    sources = [self._settle(m, None, t.pattern.code) for m in both]
                    return Role(sources, [obj], t.pattern.code, info)
            if both:
                info["both_sides"] = True
                role_code = t.pattern.code
                return Role(
                    [self._settle(m, None, role_code) for m in both],
                    [],
                    role_code,
                    info,
                )
            start = t.end if t.pattern.after and t.pattern.after[-1].exact & PREPOSITIONS else t.head_end
            code3, root = t.pattern.code[:3], t.pattern.code[:2]  # a code's own entry ("114") before its root's
            places = PLACE_PREPS[code3] if code3 in PLACE_PREPS else PLACE_PREPS.get(root, False)
            places = True if t.pattern.place_target else places
            topics = t.pattern.code[:2] not in (
                "02",
                "03",
                "07",
                "10",
            )  # "a loan for Ukraine's reconstruction"
            tgt = None
            if start != t.head_end:  # "suspended Russia from the council": the object before the preposition
                tgt = roles.mention_after(
                    tokens, mentions, t.head_end, t.end - 1, places=False, topics=topics
                )
                tgt = tgt if isinstance(tgt, Mention) and tgt.end <= t.end - 1 else None
            if tgt is None:
                tgt = roles.mention_after(tokens, mentions, start, ceiling, places=places, topics=topics)
            if tgt is None and start != t.head_end:
                tgt = roles.mention_after(tokens, mentions, t.head_end, ceiling, places=places, topics=topics)
            if isinstance(tgt, Mention) and self._qualifies_object(t, tgt):
                # "reimpose U.N. sanctions on Iran", "slapped US sanctions on ...": whose measure, then on whom
                later = roles.mention_after(tokens, mentions, tgt.end + 1, ceiling, places=places, topics=topics)
                tgt = later if isinstance(later, Mention) else tgt
            if (
                isinstance(tgt, Mention)
                and t.pattern.code[:2] in ("15", "19")
                and tokens[t.head].key.startswith(("fire", "test", "launch"))
                and any(tok.key == "as" for tok in tokens[t.head_end : tgt.start])
            ):
                tgt = None  # "fires a missile into the sea as US and South Korean forces hold drills"
            self._target_search = (ceiling, places)
        if isinstance(src, str):
            info["pronoun"] = src
            src = self._pronoun(t, src, region)
        if src is None and region is not None:
            src = self._quote_speaker(region)
            info["source_from"] = "quote speaker" if src else None
        if src is not None and not isinstance(src, Mention):
            src = None
        if src is None:
            return None
        if isinstance(tgt, str):
            tgt = self._pronoun(t, tgt, region) if t.passive else self._object_pronoun(t, src, tgt)
            tgt = tgt if tgt is not src else None
        code = t.pattern.code
        src = self._settle(src, None, code)
        if (
            not src.code
            and src.sector in STATE_SECTORS
            and code[:2] == "17"
            and isinstance(tgt, Mention)
            and tgt.code
            and not tgt.code.startswith(NOT_STATES)
        ):
            src = replace(src, code=tgt.code[:3] + src.sector)  # "Investigators detained President Yoon": at home
        if not src.code or self._conditional(src):
            return None
        if (
            isinstance(tgt, Mention)
            and not t.passive
            and t.pattern.after
            and t.head_end <= tgt.start
            and tgt.end == t.end
            and tgt.inferred_country
        ):  # "resumed sharing intelligence with Ukraine": the pattern's object word, then the partner
            later = roles.mention_after(tokens, mentions, t.end, ceiling, places=places)
            tgt = later if isinstance(later, Mention) else tgt
        first = tgt
        if (
            isinstance(tgt, Mention)
            and t.pattern.after
            and tgt.end == t.end
            and not tgt.code
            and not any(tok.cap for tok in tokens[tgt.start : tgt.end])  # "the opposition Move Forward Party"
        ):
            tgt = None  # "dropped its opposition": the pattern's own object word is not an actor here
        else:
            tgt = _domestic(src, self._settle(tgt, src, code), code) if tgt is not None else None
        tgt = self._described_country(tgt, src)
        if tgt is None and code[:2] in ("11", "12", "13", "15", "16", "18", "19") and not t.passive:
            tgt = self._definite_place(t, src, ceiling)
        if not t.passive and isinstance(src, Mention) and src.start >= 2:
            rel = self.tokens[src.start - 1].key
            if rel in ("which", "whom", "who") and (tgt is None or tgt.start > t.head_end + 1):
                end = src.start - 2 if self.tokens[src.start - 2].key == "," else src.start - 1
                antecedent = next((m for m in mentions if m.end == end and m.code), None)
                if antecedent is not None:
                    tgt = antecedent  # "the UAE, which Khartoum accuses of arming the RSF": the UAE
        if code[:2] == "07" and not t.passive:
            tgt = self._recipient(t, tgt, ceiling, places)
        if not t.passive and self.main is not None and isinstance(src, Mention) and src.start >= 2:
            tgt = self._reaction_target(t, src, tgt)
        for _ in range(3):  # an unplaceable sector or the source's own troops: try the next actor
            if tgt is not None or t.passive or not isinstance(first, Mention) or first.start < 0:
                break
            nxt = roles.mention_after(tokens, mentions, first.end, ceiling, places=places)
            if not isinstance(nxt, Mention) or nxt.start - first.end > 4:
                break  # only a nearby actor in the same phrase ("its troops from Niger")
            first = nxt
            tgt = _domestic(src, self._settle(first, src, code), code)
        if t.pattern.rank == 0 and not _strict_frame(tokens, src, tgt, t):
            return None
        if t.pattern.reverse and tgt is not None:
            src, tgt = tgt, src
        sources = [self._settle(m, None, code) for m in roles.coordinated(tokens, mentions, src)]
        targets = (
            [
                _domestic(src, self._settle(m, src, code), code)
                for m in roles.coordinated(tokens, mentions, tgt)
            ]
            if tgt
            else []
        )
        if code == "062" and len(sources) == 1 and not targets and not t.passive:
            code = "150"  # "China launched joint drills around Taiwan": one side's show of force
            around = roles.mention_after(
                tokens, mentions, t.head_end, self.ceiling(t), places=PLACE_PREPS["15"]
            )
            targets = [m for m in [self._settle(around, src, code)] if isinstance(m, Mention)]
        if not targets and code[:2] in ("17", "18") and not t.passive and src.code:
            span = roles.named_person(tokens, t.head_end, self.s.blocked)
            if span:  # "detained Aung San Suu Kyi": a person the dictionaries do not know, at home
                name = " ".join(tok.text for tok in tokens[span[0] : span[1]])
                targets = [Mention(span[0], span[1], src.code[:3] + "CVL", name, "actor", "CVL")]
        if code in UNDIRECTED_CODES:
            targets = []
        if not targets and code[:2] in HOSTILE_ROOTS and not t.passive and src.code:
            place = roles.locative_country(tokens, mentions)
            if place and place != src.code[:3]:
                # "Officials in Kyiv said Russian troops had shelled the city": the place's country
                targets = [Mention(-1, -1, place, "", "place")]
        if t.pattern.needs_target and not targets:
            return None  # "began releasing treated wastewater": no one was released
        if tgt is not None and tgt.start > 0:
            info["target_with"] = roles.preceding_word(tokens, tgt) in ("with", "to")
            info["target_topic"] = roles.preceding_word(tokens, tgt) in ("on", "about", "over", "regarding")
        return Role([m for m in sources if m.code], [m for m in targets if m and m.code], code, info)

    def _qualifies_object(self, t: Trigger, m: Mention) -> bool:
        """The actor is a modifier of the object noun that follows it: a measure ('U.N. sanctions on Iran') or
        the pattern's own object word ('slapped US sanctions on ...')."""
        if m.end + 1 >= len(self.tokens):
            return False
        nxt, after = self.tokens[m.end].key, self.tokens[m.end + 1].key
        if nxt in MEASURE_NOUNS and after in ("on", "against"):
            return True
        return (
            t.head_end <= m.start
            and m.end <= t.end - 1
            and t.end != t.head_end
            and self.tokens[t.end - 1].key in PREPOSITIONS
            and nxt not in PREPOSITIONS
            and any(nxt in p.exact or (p.prefixes and nxt.startswith(p.prefixes)) for p in t.pattern.after)
        )

    def _reaction_target(self, t: Trigger, src: Mention, tgt) -> Mention | None:
        """'..., a move Britain condemned as unacceptable', 'a verdict Britain condemned', 'a speech that Beijing
        condemned': the reaction's object is the act just reported, so its target is that act's source."""
        first = roles.coordinated(self.tokens, self.mentions, src)[0] if src in self.mentions else src
        k = first.start - 1  # "a move Egypt, Saudi Arabia and Qatar condemned": before the first of them
        if self.tokens[k].key in ("that", "which"):
            k -= 1
        if self.tokens[k].key not in REACTION_NOUNS or self.tokens[k - 1].key not in ("a", "an", ","):
            return tgt
        if isinstance(tgt, Mention) and tgt.start >= 0 and tgt.start <= t.head_end + 1:
            return tgt  # the verb has an object of its own
        main = self.main
        if main.code and main.code[:3] != src.code[:3]:
            return main
        return tgt

    def _recipient(self, t: Trigger, tgt, ceiling: int, places) -> Mention | None:
        """'sent a team of rescue workers to Turkey': what is sent is not the recipient; 'to X' is."""
        if isinstance(tgt, Mention) and roles.preceding_word(self.tokens, tgt) in ("to", "for"):
            return tgt
        for k in range(t.head_end, min(ceiling, len(self.tokens))):
            if self.tokens[k].key == "to":
                later = roles.mention_after(self.tokens, self.mentions, k + 1, ceiling, limit=5, places=True)
                if isinstance(later, Mention) and later.start - k <= 6:
                    return later  # "to Turkey", "to more than a million people in northwest Syria"
        return tgt

    def _definite_place(self, t: Trigger, src, ceiling: int) -> Mention | None:
        """'drills around the island', 'a siege on the enclave': the place named earlier in the sentence."""
        if not isinstance(src, Mention) or not src.code:
            return None
        for k in range(t.head_end, min(ceiling, len(self.tokens)) - 1):
            if self.tokens[k].key == "the" and self.tokens[k + 1].key in PLACE_DESCRIPTIONS:
                for m in sorted(self.mentions, key=lambda x: -x.start):  # the nearest before it
                    if (
                        m.code
                        and not m.code.startswith(NOT_STATES)
                        and m.code[:3] != src.code[:3]
                        and m.end <= k
                    ):
                        return replace(m, code=m.code[:3])
                return None
        return None

    def _described_country(self, tgt: Mention | None, src: Mention) -> Mention | None:
        """'the South American country', 'the Gulf state': a country named elsewhere in the sentence."""
        if not isinstance(tgt, Mention) or tgt.start < 0 or tgt.end >= len(self.tokens):
            return tgt
        if not tgt.code.startswith(NOT_STATES) or self.tokens[tgt.end].key not in (
            "country",
            "nation",
            "state",
        ):
            return tgt
        for m in self.mentions:
            if m.code and not m.code.startswith(NOT_STATES) and m.code[:3] != src.code[:3]:
                return replace(m, code=m.code[:3])
        return tgt

    def _both_sides(self, t: Trigger) -> list[Mention]:
        """'both sides accused each other', 'the two agreed to ...': the pair named earlier in the sentence."""
        k = t.start - 1
        while k >= 0 and (tokens_is_adverb(self.tokens[k]) or self.tokens[k].key in AUXILIARIES):
            k -= 1
        words = [tok.key for tok in self.tokens[max(0, k - 2) : k + 1]]
        if not (
            words[-2:]
            in (
                ["both", "sides"],
                ["two", "sides"],
                ["both", "countries"],
                ["two", "countries"],
                ["both", "leaders"],
                ["two", "leaders"],
                ["two", "men"],
                ["both", "governments"],
            )
            or words[-2:] == ["the", "two"]
        ):
            return []
        for m in sorted(self.mentions, key=lambda x: x.start):
            if m.start >= k or not m.code:
                continue
            group = [x for x in roles.coordinated(self.tokens, self.mentions, m) if x.code]
            if len({x.code[:3] for x in group}) >= 2:
                return group
        named = self._states_before(k)  # "Rubio spoke with Lavrov ..., and the two agreed"
        return named[:2] if len(named) >= 2 else []

    def _they_met(self, t: Trigger, src) -> list[Mention]:
        """'asked Xi to lift the ban when they met in San Francisco': 'they' are the two named before."""
        if src != "they" or (t.pattern.code or "")[:2] != "04":
            return []
        named = self._states_before(t.start)
        return named if len(named) == 2 else []

    def _states_before(self, pos: int) -> list[Mention]:
        """The actors of distinct countries named before token `pos`, first mention of each, in order."""
        found: list[Mention] = []
        for m in sorted(self.mentions, key=lambda x: x.start):
            if m.start < pos and m.code and not m.code.startswith(NOT_STATES):
                if all(m.code[:3] != x.code[:3] for x in found):
                    found.append(m)
        return found

    def _each_other(self, t: Trigger, src) -> list[Mention]:
        """'Indian and Chinese soldiers battled each other': the coordinated subjects, in every direction."""
        keys = [tok.key for tok in self.tokens[t.head_end : t.head_end + 2]]
        if keys not in (["each", "other"], ["one", "another"]) or not isinstance(src, Mention):
            return []
        group = [m for m in roles.coordinated(self.tokens, self.mentions, src) if m.code or m.sector]
        return group if len(group) >= 2 else []

    def _conditional(self, src: Mention) -> bool:
        """'if the United States and South Korea held their drills': a condition, not an event."""
        if src.start <= 0:
            return False
        first = roles.coordinated(self.tokens, self.mentions, src)[0] if src in self.mentions else src
        k = first.start - 1
        while k >= 0 and self.tokens[k].key in roles.DETERMINERS:
            k -= 1
        if k >= 2 and [tok.key for tok in self.tokens[k - 2 : k + 1]] == ["as", "long", "as"]:
            return True  # "as long as Washington insisted on its denuclearisation"
        return k >= 0 and self.tokens[k].key in ("if", "unless", "whether")

    def _subject(self, t: Trigger, floor: int) -> Mention | str | None:
        k = t.start - 1
        while k >= 0 and (tokens_is_adverb(self.tokens[k]) or self.tokens[k].key in AUXILIARIES):
            k -= 1
        prev = self.tokens[k].key if k >= 0 else None
        word = self.tokens[t.start].key  # "vowing to retaliate": the head verb of the complement
        participle = word.endswith("ing") and prev in PARTICIPLE_OPENERS
        absolute = self._absolute_subject(t)
        if absolute is not None:
            return absolute  # ", with U.S. envoy Tom Barrack mediating": the envoy mediates
        if word.endswith("ing") and (t.pattern.code or "")[:2] == "14":
            described = next((m for m in self.mentions if m.end == t.start), None)
            if described is not None:
                return described  # "fired tear gas at crowds protesting the death of ...": the crowds
        if participle and prev == ",":
            said = self._attribution_before(k)
            if said is not None:
                return said  # "..., Taliban officials said, vowing to retaliate": the speaker's vow
        if participle and self.main is None and self._natural_subject():
            return None  # "A 7.7-magnitude earthquake struck central Myanmar, killing ...": no actor did it
        if prev in DISASTERS:
            return None  # "after a powerful earthquake killed thousands"
        if participle and prev == "," and (t.pattern.code or "")[:2] in ("01", "02", "10", "11", "12", "13"):
            speaker = self._speaker_before(k)
            if speaker is not None and self._spoke_first(speaker, k):
                return speaker  # "X said on Monday that ..., warning that the region stood on the brink"
        if (
            participle
            and prev == ","
            and self.main is None
            and not self.speech
            and (t.pattern.code or "")[:2] in ("11", "12")
        ):
            first = self._first_subject(t)
            if first is not None:
                return first  # "Niger's junta revoked an agreement that ..., calling the American presence illegal"
        verbal = (t.pattern.code or "")[:2] in ("02", "03", "10", "11", "12", "13")
        if self.main is None and prev == "and" and verbal:
            speaker = self._speaker_before(k)
            if speaker is not None and self._spoke_first(speaker, k):
                return speaker  # "Pakistan said 26 civilians were killed and vowed to retaliate"
        if self.main is not None and (participle or prev in ("and", "then")):
            own = self._clause_subject(t)
            if own is None and prev == "and" and self.main.start >= 0:
                speaker = self._speaker_before(self.main.start)
                if speaker is not None and speaker.start < self.main.start and t.head > self.main.end:
                    # "Amnesty said security forces had tortured detainees, and called on the authorities
                    # to free them": the second verb is the speaker's, not the reported subject's
                    if verbal or (
                        self.tokens[t.start - 1].key == "and" and self.tokens[t.start - 2].key == ","
                    ):
                        return speaker
            return own or self.main  # ", accusing its staff of ..." / "beat and detained": the main subject
        if prev == "that" and k > 0 and (k - 1) not in self.s.blocked:
            thing = self.tokens[k - 1]
            if thing.key in THING_NOUNS:
                return None  # "a railway station canopy that killed 15 people": a thing did it
        if prev in ("which", "who") and k > 0:
            end = k - 1 if self.tokens[k - 1].key == "," else k
            antecedent = next((m for m in self.mentions if m.end == end), None)
            if antecedent is not None:
                return antecedent  # "a furious response from Beijing, which downgraded ties"
        if prev == "to" and k > 0:
            caused = next((m for m in self.mentions if m.end == k), None)
            if caused is not None and roles.preceding_word(self.tokens, caused) in CAUSATIVES:
                return caused  # "prompting U.S. Secretary of State Marco Rubio to vow a response"
        if prev == "to" and k > 0 and self.tokens[k - 1].key not in ("ready", "willing", "able"):
            first = self._first_subject(t)  # "agreed to use frozen Russian assets to help Ukraine"
            if first is not None:
                return first
        visible = self.mentions
        if self.relatives:
            visible = [m for m in self.mentions if not self._in_relative(m, t)]
        found = roles.mention_before(self.tokens, visible, t.start, floor, noun_trigger=not t.pattern.verb)
        if self.main is not None and prev == "," and not participle and isinstance(found, Mention):
            if any(found.start in (a.head_end, a.end) for a in self.acts if a.head < t.head):
                return self.main  # "China summons Canadian envoy, demands release": the envoy is summoned
        return found

    def _absolute_subject(self, t: Trigger) -> Mention | None:
        """', with X -ing': X, the subject of an absolute clause."""
        if not self.tokens[t.head].key.endswith("ing"):
            return None
        m = next((x for x in self.mentions if x.end == t.start and x.code), None)
        if m is None or m.start < 2:
            return None
        k = m.start - 1
        while k > 0 and self.tokens[k].key in roles.DETERMINERS:
            k -= 1
        return m if self.tokens[k].key == "with" and self.tokens[k - 1].key == "," else None

    def _natural_subject(self) -> bool:
        """The sentence opens with a disaster or an accident, not an actor."""
        first = min((m.start for m in self.mentions), default=len(self.tokens))
        return any(tok.key in DISASTERS for tok in self.tokens[: min(first, 8)])

    def after_attribution(self, t: Trigger) -> bool:
        """', Taliban officials said, vowing to retaliate': a participle that is the speaker's own act."""
        k = t.start - 1
        return k > 0 and self.tokens[k].key == "," and self._attribution_before(k) is not None

    def _attribution_before(self, comma: int) -> Mention | None:
        """', X said,' ending right at token `comma`: X."""
        for sp in self.speech:
            if sp.head_end == comma:
                m = roles.mention_before(self.tokens, self.mentions, sp.start, 0)
                if isinstance(m, Mention) and m.code and self.tokens[m.start - 1].key == ",":
                    return m
        return None

    def _spoke_first(self, speaker: Mention, pos: int) -> bool:
        """The speaker opens the sentence and every actor between its speech verb and `pos` is reported."""
        return all(
            m.start < speaker.start or m.start > pos or m is speaker or m.start > speaker.end
            for m in self.mentions
        ) and not any(m.start < speaker.start and m.code for m in self.mentions)

    def _speaker_before(self, pos: int) -> Mention | None:
        """The subject of a speech verb ('X said ...') that comes before token `pos`."""
        for sp in self.speech:
            if sp.head < pos:
                m = self.speaker_of[id(sp)]
                if isinstance(m, Mention) and m.code:
                    return m
        return None

    def _first_subject(self, t: Trigger) -> Mention | None:
        """The sentence's subject: the first actor before t that is not in a prepositional phrase."""
        if self.main is not None:
            return self.main
        for m in sorted(self.mentions, key=lambda x: x.start):
            if m.start >= t.start:
                return None
            if (
                (m.code or m.sector)
                and not m.possessive
                and roles.preceding_word(self.tokens, m) not in roles.OBLIQUE
            ):
                return m
        return None

    def _in_relative(self, m: Mention, t: Trigger) -> bool:
        """'Xi, who met Putin in Moscow, called for talks': Putin sits in a relative clause that closed
        before the trigger, so it cannot be the trigger's subject."""
        for a, b in self.relatives:
            if a <= m.start and m.end <= b <= t.start:
                return True
        return False

    def _clause_subject(self, t: Trigger) -> Mention | None:
        """'... and Beijing retaliated by expelling': a subject of its own between the main event and t
        (an actor right after a verb is that verb's object, not a subject)."""
        main_end = self.main.end if self.main is not None and self.main.start >= 0 else 0
        heads_end = {a.head_end for a in self.acts} | {a.end for a in self.acts}
        for m in sorted(self.mentions, key=lambda x: -x.start):
            if m.end > t.start or m.start < main_end:
                continue
            word = roles.preceding_word(self.tokens, m)
            if m.start in heads_end or word in roles.OBLIQUE or m.possessive or not (m.code or m.sector):
                continue
            first = roles.coordinated(self.tokens, self.mentions, m)[0]
            if roles.preceding_word(self.tokens, first) in roles.OBLIQUE:
                continue  # "mediate between Moscow and Kyiv and host talks": Kyiv is no subject
            if word in ("and", ",", ";", None):
                return m
        return None

    def _pronoun(self, t: Trigger, word: str, region) -> Mention | None:
        """'China said it would ...': the sentence's main subject, else its first subject-like mention."""
        if region is not None and word in ("we", "i"):
            return self._quote_speaker(region)
        if self.main is not None:
            return self.main
        for m in sorted(self.mentions, key=lambda x: x.start):
            if m.start >= t.start:
                break
            if (
                (m.code or m.sector)
                and not m.possessive
                and roles.preceding_word(self.tokens, m) not in roles.OBLIQUE
            ):
                return m
        last = self.article.last_source
        return Mention(-1, -1, last.code, last.phrase, "pronoun") if last else None

    def _object_pronoun(self, t: Trigger, src, word: str = "") -> Mention | None:
        """'accusing her of ...': the first actor named after the source; 'its airspace': preferably one named
        before the source ("Japan's ministry ... after bombers flew near its airspace")."""
        if word in ("them", "him", "her"):
            speaker = self._speaker_before(t.start)
            if speaker is not None and speaker.code and not _same_actor(speaker.code, src.code):
                return speaker  # "prisoners told U.N. investigators that Russian guards had beaten them"
        own = roles.coordinated(self.tokens, self.mentions, src) if src in self.mentions else [src]
        others = [
            m
            for m in self.mentions
            if m.code
            and all((m.start, m.end) != (o.start, o.end) for o in own)
            and not _same_actor(m.code, src.code)
            and m.end <= t.head
        ]
        after = src.end if isinstance(src, Mention) and src.start >= 0 else 0
        later = sorted((m for m in others if m.start >= after), key=lambda x: x.start)
        earlier = sorted((m for m in others if m.end <= after), key=lambda x: -x.start)
        order = earlier + later if word in ("its", "their") else later + earlier
        return order[0] if order else None

    def _quote_speaker(self, region) -> Mention | None:
        """Who is quoted: the speech verb just after the closing quote or just before the opening one."""
        a, b = region
        for sp in self.speech:
            if b < sp.head <= b + 3 or a - 4 <= sp.head < a:
                m = roles.mention_before(self.tokens, self.mentions, sp.start, b if sp.head > b else 0)
                if isinstance(m, Mention):
                    return m
                after = roles.mention_after(
                    self.tokens, self.mentions, sp.head_end, len(self.tokens), limit=3
                )
                if isinstance(after, Mention):
                    return after
        for m in self.mentions:
            if b < m.start <= b + 4:
                return m
        return None

    def _settle(self, m: Mention | None, source: Mention | None, code: str) -> Mention | None:
        """A bare sector ('protesters', 'businesses') gets a country: as the target of a non-hostile act the
        source's; else the country of a place in the sentence; else the article's last country."""
        if m is None or m.code:
            return m
        if m.start > 0 and self.tokens[m.start - 1].key in ("former", "ousted", "ex") and m.sector in STATE_SECTORS:
            m = replace(m, sector="ELI")  # "former chief ministers": no longer the government
        country = None
        if (
            source is not None
            and source.code
            and not source.code.startswith(NOT_STATES)
            and code[:2] not in HOSTILE_ROOTS | FOREIGN_OBJECT_ROOTS
        ):
            country = source.code[:3]
        if country is None and source is None and m.sector in STATE_SECTORS:
            # "A spokesman for the Israeli military said troops had arrested ... across the West Bank": the
            # troops belong to the state named as an actor, not to the place
            attached = next((x for x in self.mentions if x.start == m.end + 1 and x.code), None)
            if attached is not None and self.tokens[m.end].key == "in":
                country = attached.code[:3]  # "lawmakers in Washington", "a court in Moscow"
            else:
                country = next(
                    (
                        x.code[:3]
                        for x in sorted(self.mentions, key=lambda x: -x.start)
                        if x.code
                        and x.end <= m.start
                        and not x.code.startswith(NOT_STATES)
                        and roles.preceding_word(self.tokens, x) not in roles.LOCATIVE
                    ),
                    None,
                )
        country = country or roles.locative_country(self.tokens, self.mentions) or m.fallback_country
        if country is None and source is not None and source.code and code[:2] == "17":
            if not source.code.startswith(NOT_STATES):
                country = source.code[:3]  # "placed former chief ministers under house arrest": at home
        if (
            country
            and source is not None
            and source.code
            and code[:2] in HOSTILE_ROOTS
            and (country == source.code[:3])
            and source.code[3:6] not in ("GOV", "COP", "JUD")  # executions at home stay at home
        ):
            others = [
                x.code[:3]
                for x in self.mentions
                if x.code and x.code[:3] != country and not x.code.startswith(NOT_STATES)
            ]
            country = (
                others[0] if others else country
            )  # "Indian troops ..., killing two civilians": not India's
        return replace(m, code=country + m.sector) if country else m


def _domestic(src: Mention, tgt: Mention | None, code: str = "") -> Mention | None:
    """Same country on both sides: 'protests against China' by Chinese residents target its government;
    'Chinese officials ... China's standing' is no target at all."""
    if tgt is None or not tgt.code or not src.code:
        return None
    if src.code == tgt.code:
        return None
    if src.code[:3] == tgt.code[:3]:
        src_state = len(src.code) == 3 or src.code[3:6] in STATE_SECTORS
        if len(tgt.code) == 3:
            if not src_state:
                return replace(
                    tgt, code=tgt.code + "GOV"
                )  # protesters against their own country: its government
            if code[:2] in ("17", "18", "19", "20"):
                return replace(tgt, code=tgt.code + "CVL")  # a state bombing its own town: its people
            return None
        if tgt.code[3:6] not in STATE_SECTORS or not src_state:
            if src_state and code[:2] == "16":
                return None  # "New Delhi downgraded ties over an attack on tourists": not the tourists
            return tgt  # "China sentenced a Uyghur academic": the state acting on its own people
        executive, force = {"", "GOV"}, {"MIL", "COP", "SPY"}
        sectors = {src.code[3:6] or "GOV", tgt.code[3:6]}
        if (
            (src.code[3:6] or "GOV") in force
            and tgt.code[3:6] in executive
            and code[:2] == "17"
            and any(isinstance(part, Mention) and part.code for part in tgt.parts)
        ):
            return tgt  # "Sudanese soldiers arrested Prime Minister Abdalla Hamdok": a coup, not its own forces
        if (src.code[3:6] or "GOV") == tgt.code[3:6] or (sectors & executive and sectors & force):
            return None  # "Moscow put its nuclear forces on alert": its own forces, not a target
        return tgt  # a court against the government, parliament against the president
    return tgt


def _relative_clauses(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token spans ', who|which ... ,' (the closing comma included)."""
    spans = []
    for i in range(len(tokens) - 1):
        if tokens[i].key == "," and tokens[i + 1].key in ("who", "which", "whose"):
            for j in range(i + 2, len(tokens)):
                if tokens[j].key == ",":
                    spans.append((i, j + 1))
                    break
    return spans


def _attribution_tail(tokens: list[Token], speaker: Mention, sp: Trigger) -> bool:
    """', Human Rights Watch said.' at the end of a sentence attributes it; 'if Washington insisted' does not."""
    before = tokens[speaker.start - 1].key if speaker.start > 0 else ""
    after = [tok.key for tok in tokens[sp.head_end : sp.head_end + 3]]
    return before in (",", "”", '"') and (
        not after or after[0] in (".", ",", "on", "in", "to") or "." in after
    )


def tokens_is_adverb(tok: Token) -> bool:
    return is_adverb(tok.key)


def _same_actor(a: str, b: str) -> bool:
    return a == b or (a[:3] == b[:3] and min(len(a), len(b)) == 3)


def _strict_frame(tokens: list[Token], src: Mention, tgt: Mention | None, t: Trigger) -> bool:
    """PETRARCH's patterns were written for parse trees; without one they only fire in the plainest frame:
    subject right before the verb (auxiliaries and adverbs aside) and an object actor after it."""
    if tgt is None or src.start < 0 or tgt.start < t.head_end or tokens[t.head].key.endswith("ing"):
        return False
    return all(tok.key in FRAME_FILLERS for tok in tokens[src.end : t.start])


FRAME_FILLERS = frozenset("has have had was were is are will would also again 's".split())


def pairs(sources: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Reciprocal events: every ordered pair of distinct parties."""
    return [(a, b) for a in sources for b in sources if a is not b and not _same_actor(a.code, b.code)]
