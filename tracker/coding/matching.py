"""Event triggers: the most specific dictionary pattern at each token, with negation and modality around it."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.coding.dates import MONTHS, WEEKDAYS
from tracker.coding.dictionary import Pattern
from tracker.coding.text import Token

# A verb form right after these is a noun ("the demands", "its call").
DETERMINERS = frozenset("the a an 's its their his her our your my this these those such any every".split())
NEGATORS = frozenset(
    "not never no didn't don't doesn't won't wouldn't hasn't haven't hadn't isn't wasn't weren't can't cannot "
    "couldn't shouldn't mustn't neither nor without".split()
)
NEGATING_VERBS = frozenset(
    "refused refuses refuse declined declines decline failed fails fail denied".split()
)
FUTURE = frozenset("will would 'll shall".split())
INTENT_VERBS = frozenset(
    "vowed vows vow pledged pledges pledge promised promises promise plans plan planned intends intend intended "
    "offered offers offer agreed agrees agree ready prepared willing wants want wanted seeks seek sought "
    "hopes hope hoped expects expect expected decided decides open eager".split()
)
DECISION_VERBS = frozenset("agreed agrees agree decided decides decide voted votes vote".split())
THREAT_VERBS = frozenset("threatened threatens threaten warned warns warn".split())
CALENDAR = frozenset(MONTHS) | frozenset(WEEKDAYS)  # "pounded Kurdish-held towns", not "... Thursday"
CONDITIONS = frozenset("if unless whether".split())
HYPOTHETICAL = frozenset("could might may if unless whether".split())
ADVERBS_SKIP = frozenset(
    "also again still further formally publicly strongly firmly repeatedly consistently once then already "
    "jointly sharply swiftly quickly reportedly allegedly officially immediately recently previously later "
    "subsequently fully openly explicitly".split()
)
VERB_OPENERS = frozenset(
    "to , and or but which who that it they he she we i has have had did does do also , ; : “ ” \" ' ‘ ’ "
    "must should can then later ly officially began begin begins started start starts continued continue "
    "continues resumed resume resumes kept keep keeps stopped".split()
)
NOT_SUBJECT_NOUNS = frozenset(
    "in of on with for by at to from into five six seven eight nine ten dozens hundreds thousands several many "
    "some few two three four a an the its their his her this these those all".split()
)
QUANTIFIERS_NOUN = frozenset("any all some no new further more fresh its their his her the".split())
PREPOSITIONS_NOUN = frozenset(
    "with on against to from of for by over under".split()
)  # "comply with US sanctions"
ADJECTIVE_ENDINGS = ("ern", "ean", "ian", "ese", "ish")
QUANTITY_WORDS = frozenset(
    "two three four five six seven eight nine ten dozens hundreds thousands several more at least".split()
)
PAST_FORMS = frozenset(
    "struck shot hit fought seized sent held met froze told gave took brought sold won led paid".split()
)
ATTRIBUTIVE = frozenset(
    "first new latest top planned recent possible proposed former joint major largest annual "
    "suspected last second third rare".split()
)
SUBJECT_BOUNDARY = frozenset(
    'the and but that which as when after before while since because if , ; : “ " then so '
    "also in at of on from with for by near across over into through".split()
)
OBJECT_START = frozenset("the a an its their his her this these those each".split())
NOT_ADVERBS = frozenset(
    "rally italy july supply apply reply ally family assembly anomaly early daily weekly monthly holy fly bully "
    "multiply comply rely only belly jelly ugly".split()
)
SPEECH_WORDS = frozenset("said say says told tell reported stated added".split())
PASSIVE_OF = frozenset({"of", "with", "for"})  # "a diplomat accused of ...", "charged with"
REDUCED_PASSIVES = frozenset(
    "accused charged suspected convicted held detained jailed arrested wanted sentenced "
    "imprisoned blamed freed released".split()
)


def is_adverb(key: str) -> bool:
    return key in ADVERBS_SKIP or (len(key) > 4 and key.endswith("ly") and key not in NOT_ADVERBS)


BE_FORMS = frozenset("was were been being be is are".split())
PARTICIPLE_IRREGULAR = frozenset(
    "shot hit struck held met sent taken given told seen beaten caught brought thrown driven put cut shut left "
    "kept sold bought fought sought built found led paid stolen won broken chosen frozen hidden torn sworn "
    "overrun withdrawn drawn forbidden shaken slain blown flown shown spread".split()
)
INSTRUMENT_NOUNS = frozenset(
    "order decree law measure measures directive memorandum proclamation package".split()
)
COMPOUND_HEADS = frozenset(
    "monitors monitor regime regimes committee panel list package packages relief experts envoy envoys "
    "negotiators talks officials".split()
)
MONEY_WORDS = frozenset("euro euros dollar dollars pound pounds yuan yen billion million trillion".split())
PAIR_NOUNS = frozenset("sides two leaders countries men governments".split())
PLURAL_NOUN_NEXT = frozenset({"have", "has", "in", "on", "at", "across", "near", ",", "."})


@dataclass
class Trigger:
    pattern: Pattern
    start: int  # first token of the whole match (before-words included)
    head: int  # first trigger token
    head_end: int  # end of the trigger words
    end: int  # end of the whole match (after-words included)
    negated: bool = False
    modality: str = ""  # "", "future", "intent", "threat", "decision", "hypothetical", "background"
    passive: bool = False
    reciprocal: bool = False  # set when the pattern of a modal head ("agreed to") makes the deed mutual


def find_triggers(tokens: list[Token], index: dict, blocked: set[int]) -> list[Trigger]:
    """The best pattern at each token (index lists are sorted best first), left to right, no overlaps."""
    out = []
    keys = [t.key for t in tokens]
    keyset = set(keys)
    i, n = 0, len(tokens)
    while i < n:
        cands = index.get(keys[i]) if i not in blocked else None
        best = None
        if cands:
            verb_ok = None
            frame_ok = None
            name_like = i > 0 and tokens[i].cap and tokens[i].text[0].isalpha()
            for p in cands:
                if p.rank == 0:
                    if frame_ok is None:
                        frame_ok = _subject_adjacent(keys, i, blocked)
                    if not frame_ok:
                        break  # PETRARCH patterns (last in the list) need an actor right before the verb
                if p.required and not _has_all(p.required, keyset):
                    continue  # a word the pattern needs is not in the sentence
                if p.verb:
                    if verb_ok is None:
                        verb_ok = i == 0 or _verb_context(tokens, i, blocked)
                    if not verb_ok:
                        continue  # "the demands", "forced labour", "individuals detained": not a finite verb
                if name_like and p.kind == "event" and len(p.trigger) == 1:
                    continue  # a capitalised word mid-sentence is a name, not a verb
                best = _match(keys, i, p, blocked)
                if best is not None:
                    break
        if best is None or best.pattern.kind == "ignore":
            i += 1 if best is None else max(1, best.head_end - i)
            continue
        _mark_context(tokens, best)
        out.append(best)
        i = best.end if best.pattern.after else best.head_end  # its object words are not new triggers
    return out


FRAME_FILLERS = frozenset("has have had was were is are will would also again 's".split())


def _subject_adjacent(keys: list[str], i: int, blocked: set[int]) -> bool:
    k = i - 1
    while k >= 0 and keys[k] in FRAME_FILLERS:
        k -= 1
    return k >= 0 and k in blocked


def _has_all(required: tuple, keyset: set) -> bool:
    for r in required:
        if r.isdisjoint(keyset):
            return False
    return True


AFTER_STOPS = frozenset({";", "."})  # 'warned of "overwhelming" countermeasures': quotes inside the phrase
FUNCTION_AFTER = frozenset({"that"})
UNASSERTED_NOUNS = frozenset(
    "reports report allegations allegation claims claim rumours rumors speculation suggestions "
    "accusations fears".split()
)


def _hit(m, key: str) -> bool:
    return key in m.exact or (bool(m.prefixes) and key.startswith(m.prefixes))


def _match(keys: list[str], i: int, p: Pattern, blocked: set[int]) -> Trigger | None:
    n = len(keys)
    j = i
    for m in p.trigger:
        if (
            j >= n
            or j in blocked
            or not (keys[j] in m.exact or (m.prefixes and keys[j].startswith(m.prefixes)))
        ):
            return None
        j += 1
    head_end = j
    end = j
    for k, m in enumerate(p.after):
        reach = 10 if k == 0 and p.rank > 0 else 5 if k == 0 else 4
        if k == 0 and m.exact and m.exact <= FUNCTION_AFTER:
            reach = min(reach, 5)  # "warned it would slap sanctions on any country that ...": too far
        limit = min(n, end + reach)
        exact, prefixes = m.exact, m.prefixes
        while end < limit:
            key = keys[end]
            if key in exact or (prefixes and key.startswith(prefixes)) or key in AFTER_STOPS:
                break
            end += 1
        if end >= limit or not _hit(m, keys[end]):
            return None
        end += 1
    start = i
    for m in reversed(p.before):
        k = start - 1
        floor = max(0, start - 3)
        while k >= floor and not _hit(m, keys[k]):
            k -= 1
        if k < floor:
            return None
        start = k
    return Trigger(p, start, i, head_end, end)


# Past forms of verbs of collective action that take no object ("exiles rallied outside the embassy").
INTRANSITIVE_ACTS = frozenset("rallied marched protested demonstrated rioted clashed".split())


def _verb_context(tokens: list[Token], i: int, blocked: set[int]) -> bool:
    """A verb form is used as a verb after a subject, an auxiliary, 'to', or a clause boundary."""
    k = i - 1
    while k >= 0 and is_adverb(tokens[k].key):
        k -= 1
    if i + 1 < len(tokens) and tokens[i + 1].key in SPEECH_WORDS:
        return False  # "..., brokers said": a noun
    word = tokens[i].key
    if k < 0:
        return True
    if word == "talks" and k not in blocked:
        return False  # "talks with Ethiopia had ended": the negotiations, not a verb (headlines aside)
    if k in blocked:
        start = k
        while start > 0 and start - 1 in blocked:
            start -= 1
        before = tokens[start - 1] if start > 0 else None
        bare = k == start and len(tokens[start].key) <= 12 and tokens[start].cap
        if (
            before is not None
            and bare
            and (
                before.key in ("a", "an")
                or "-" in before.key
                or before.key in ATTRIBUTIVE
                or before.key in MONEY_WORDS  # "a 50 billion euro EU aid package"
                or (before.key in PREPOSITIONS_NOUN | QUANTIFIERS_NOUN and word.endswith("s"))
            )
        ):
            return False  # "a US request", "the highest-level US visit": the actor modifies a noun
        if (
            word in REDUCED_PASSIVES
            and i + 1 < len(tokens)
            and tokens[i + 1].key in PASSIVE_OF | {"in", "on", "over"}
        ):
            return False  # "a Chinese diplomat accused of ...": an agentless passive, not the actor's deed
        if word.endswith("ed") and i + 1 < len(tokens) and tokens[i + 1].key == "from":
            return False  # "electric vehicles imported from China": a participle describing the noun
        if word == "held" and i + 1 < len(tokens) and tokens[i + 1].key in ("captive", "hostage"):
            return False  # "three Israeli women held captive in Gaza": the captives, not their captors
        if word.endswith("s") and i + 1 < len(tokens) and tokens[i + 1].key in BE_FORMS | PLURAL_NOUN_NEXT:
            return False  # "the EU sanctions were ...", "Houthi targets in Yemen": a noun
        if i + 1 < len(tokens) and tokens[i + 1].key in BE_FORMS | {"has", "have"}:
            return False  # "the Sudanese pound has lost half its value": a noun before its verb
        if (
            word.endswith("s")
            and i + 1 < len(tokens)
            and tokens[i + 1].text.islower()
            and tokens[i + 1].key in COMPOUND_HEADS
        ):
            return False  # "U.N. sanctions monitors said": a noun compound
        return True
    key = tokens[k].key
    if key in PAIR_NOUNS and k > 0 and tokens[k - 1].key in ("both", "two", "the"):
        return True  # "both sides accused each other", "the two agreed"
    if (
        key in ("and", "or")
        and word.endswith("s")
        and k > 0
        and tokens[k - 1].text.islower()
        and tokens[k - 1].key.endswith("s")
        and not tokens[k - 1].key.endswith("ss")
    ):
        return False  # "sweeping tariffs and sanctions on ...": two plural nouns, not a verb
    if key in BE_FORMS and not word.endswith(("ed", "en", "ing")) and word not in PARTICIPLE_IRREGULAR:
        return False  # "they were welcome": an adjective
    if (
        word.endswith("ing")
        and key == "by"
        and k > 1
        and tokens[k - 1].key.endswith("ed")
        and tokens[k - 2].key in BE_FORMS | {"been"}
    ):
        return False  # "displaced by fighting", "damaged by shelling": a cause, not an actor's act
    if word.endswith("ing") and key in (
        "after",
        "before",
        "while",
        "by",
        "without",
        "despite",
        "since",
        "of",
    ):
        return True
    if word.endswith("ed") and i + 1 < len(tokens) and tokens[i + 1].key == "by":
        return True  # "a deal brokered by China": a reduced passive with its agent
    if tokens[k].cap and tokens[k].text.isalpha() and k > 0 and not key.endswith(ADJECTIVE_ENDINGS):
        if word.endswith("s") and not word.endswith("ss"):
            return False  # "bans Pride marches": an unknown name before a plural is a noun compound
        return True  # after a name ("Ramirez condemned"), not after an adjective ("Western sanctions")
    if key in VERB_OPENERS or key in NEGATORS or key in FUTURE or key in BE_FORMS or key in HYPOTHETICAL:
        return True
    if (
        (word.endswith("ed") or word in PARTICIPLE_IRREGULAR)
        and key.isalpha()
        and tokens[k].text.islower()
        and key not in NOT_SUBJECT_NOUNS
        and not key.endswith("ly")
        and (_time_follows(tokens, i + 1) or _relative_prep(tokens, i + 1))
    ):
        return False  # "a peace plan agreed two years ago": a participle describing the noun
    if word.endswith("ing") and key in INSTRUMENT_NOUNS:
        return True  # "signed an executive order imposing 25% tariffs": the order's content is the act
    if word in INTRANSITIVE_ACTS and key.endswith("s") and key.isalpha():
        return True  # "Tibetan exiles rallied outside the embassy": people, then an act with no object
    if key.isalpha() and key not in NOT_SUBJECT_NOUNS and i + 1 < len(tokens):
        nxt = tokens[i + 1]
        if word.endswith("ed") or word in PAST_FORMS:
            return (
                (i + 1 in blocked and nxt.cap)
                or (
                    nxt.cap and nxt.text[:1].isalpha() and nxt.key not in CALENDAR
                )  # "pounded Kurdish-held towns"
                or nxt.key in OBJECT_START
                or nxt.key[:1].isdigit()
                or nxt.key in QUANTITY_WORDS
            )  # "the report accused China", "an air strike killed three"
    return False


CLAUSE_CUTS = frozenset([",", ";", "but", "and", "while"])


def _mark_context(tokens: list[Token], t: Trigger) -> None:
    """Negation, modality and passive voice from the few words before the trigger."""
    k = t.head - 1
    seen = []
    while k >= 0 and len(seen) < 4:
        key = tokens[k].key
        if key in ("capable", "able") and seen in (["to"], ["of"]):
            t.modality = "hypothetical"  # "capable of beating Erdogan at the ballot box"
            return
        if key in ("likely", "unlikely") and seen == ["to"]:
            t.modality = "hypothetical"  # "Beijing is unlikely to back down": a forecast, not an act
            return
        if is_adverb(key):
            k -= 1
            continue
        if key in (",", ";", ":", "“", "”", '"') or key in ("and", "but", "which", "who", "that"):
            break
        seen.append(key)
        k -= 1
    if not NEGATORS.isdisjoint(seen) or (seen[:1] == ["to"] and not NEGATING_VERBS.isdisjoint(seen[1:3])):
        t.negated = True
    if seen[:2] == ["to", "not"] and len(seen) > 2 and seen[2] in INTENT_VERBS | THREAT_VERBS:
        seen = ["to"] + seen[2:]  # "vowed not to give up an inch": a refusal announced as an intention
        t.negated = True
    if seen[:1] == ["to"] and len(seen) > 1:
        if seen[1] in THREAT_VERBS:
            t.modality = "threat"
        elif seen[1] in DECISION_VERBS:
            t.modality = "decision"
        elif seen[1] in INTENT_VERBS or seen[1:3] == ["ready", "is"]:
            t.modality = "intent"
    for j in range(t.head - 1, max(0, t.head - 7), -1):  # this clause only
        key = tokens[j].key
        if key in CLAUSE_CUTS:
            break
        if key == "have" and tokens[j - 1].key in ("would", "could", "might"):
            t.modality = "hypothetical"  # "a draft that would have required Washington to withdraw"
            return
    if not FUTURE.isdisjoint(seen[:3]):
        t.modality = t.modality or "future"
    if not HYPOTHETICAL.isdisjoint(seen[:2]):
        # "Turkey may suspend diplomatic ties": a possibility its own leader voices (a threat when hostile);
        # "if", "unless", "whether" and "could have" stay hypothetical
        possible = (
            seen[:1] and seen[0] in ("may", "might", "could") and not any(w in CONDITIONS for w in seen)
        )
        t.modality = "possible" if possible else "hypothetical"
    word = tokens[t.head].key
    if seen and seen[0] in BE_FORMS and (word.endswith(("ed", "en")) or word in PARTICIPLE_IRREGULAR):
        t.passive = True
    if (
        word.endswith("ed")
        and t.head_end < len(tokens)
        and tokens[t.head_end].key == "by"
        and (not seen or seen[0] not in ("has", "have", "had"))
    ):
        t.passive = True  # "a deal brokered by China"
    if seen[:2] == ["have", "would"] or seen[:2] == ["have", "could"]:
        t.modality = "hypothetical"  # "a resolution that would have demanded ..."
    stopper = tokens[k].key if k >= 0 else ""
    if stopper == "that" and k >= 1 and tokens[k - 1].key in UNASSERTED_NOUNS:
        t.modality = "background"  # "reports that Russian troops had withdrawn": not asserted by anyone here
    if seen == ["had"] and stopper in ("who", "which", "that"):
        t.modality = "background"  # "a lawmaker who had criticised Beijing": not this report's event
    head_text = " ".join(tok.key for tok in tokens[: t.head])
    if "no evidence" in head_text or "not true that" in head_text:
        t.negated = True


RELATIVE_PREPS = frozenset({"at", "in", "during", "under", "last", "earlier", "this", "from"})


def _relative_prep(tokens: list[Token], j: int) -> bool:
    """'a swap agreed at peace talks', but not 'strikes killed at least 492 people'."""
    if j >= len(tokens) or tokens[j].key not in RELATIVE_PREPS:
        return False
    return not (tokens[j].key == "at" and j + 1 < len(tokens) and tokens[j + 1].key in ("least", "most"))


TIME_UNITS = frozenset("year years month months week weeks day days decade decades".split())


def _time_follows(tokens: list[Token], j: int) -> bool:
    """'... two years ago', '... last year', '... in 2015' right after a participle."""
    keys = [t.key for t in tokens[j : j + 4]]
    if "ago" in keys:
        return True
    if keys[:1] == ["last"] and keys[1:2] and keys[1] in TIME_UNITS:
        return True
    return keys[:1] == ["in"] and keys[1:2] != [] and keys[1].isdigit() and len(keys[1]) == 4
