"""Who did it to whom: source and target of a trigger from word order, voice, quotes and coordination."""

from __future__ import annotations

from dataclasses import replace

from tracker.coding.actors import NOT_NAMES, NOT_STATES, Mention
from tracker.coding.matching import Trigger
from tracker.coding.text import Token

# A mention right after these is an oblique (place, topic, instrument, recipient), not the subject.
OBLIQUE = frozenset(
    "in at near of from with for about over into inside across within among between by via "
    "under amid during toward towards like including than on against to through outside".split()
)
LOCATIVE = frozenset(
    "in at near inside across during like than through throughout around outside within off along".split()
)
OWN_GROUND = frozenset("coast coastline shore shores waters territory soil border borders capital".split())
RELATIONAL_NOUNS = frozenset(
    "neighbour neighbor neighbours neighbors rival rivals adversary adversaries foe foes".split()
)
DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern eastern western".split()
)
DETERMINERS = frozenset("the a an its their his her our this these those".split())
CLAUSE_STOP = frozenset({";"})
PRONOUNS = frozenset("it they he she we i".split())
BARE_OBJECT_PRONOUNS = frozenset("it them him her".split())
TOPIC_MARKERS = frozenset("over about regarding concerning amid despite under".split())
CLAUSE_BREAKS = frozenset(
    "which who whom where whose after before while when because although though whereas despite".split()
)
SUBJECT_BREAKS = frozenset({"where", ";"})
COORD = frozenset({"and", ",", "&", "then"})
# A comma, then an actor and one of these: the attribution that closes a sentence (", the ministry said."),
# never the target of the event before it.
ATTRIBUTION_VERBS = frozenset(
    "said says told announced reported added confirmed concluded stated noted wrote tweeted".split()
)
QUANTIFIERS = frozenset(
    "hundreds thousands dozens millions scores tens some many most all several groups "
    "members one two three four five six seven eight nine ten".split()
)


def quote_regions(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token index ranges inside quotation marks."""
    regions, open_at = [], None
    for i, t in enumerate(tokens):
        if t.key in ("“", '"') and open_at is None:
            open_at = i
        elif t.key in ("”", '"') and open_at is not None:
            regions.append((open_at, i))
            open_at = None
    return regions


def region_of(i: int, regions: list[tuple[int, int]]) -> tuple[int, int] | None:
    for a, b in regions:
        if a < i < b:
            return a, b
    return None


def preceding_word(tokens: list[Token], m: Mention) -> str | None:
    """The word before a mention, skipping articles and possessive pronouns ('at their Vilnius summit' -> at)."""
    prev = m.start - 1
    while prev >= 0 and tokens[prev].key in DETERMINERS:
        prev -= 1
    return tokens[prev].key if prev >= 0 else None


def mention_before(
    tokens: list[Token], mentions: list[Mention], pos: int, floor: int, noun_trigger: bool = False
) -> Mention | str | None:
    """The nearest subject-like mention before `pos`; a pronoun string if one comes first; a possessor
    ("the State Department's report accused") only when nothing else qualifies."""
    by_end = {m.end: m for m in mentions}
    k = pos
    fallback = None
    while k > floor:
        m = by_end.get(k)
        if m is not None and m.start >= floor:
            if preceding_word(tokens, m) not in OBLIQUE or _quantified(tokens, m):
                if not m.possessive or noun_trigger:
                    return m
                fallback = fallback or m
            k = m.start
            continue
        key = tokens[k - 1].key
        if key in CLAUSE_STOP or key in SUBJECT_BREAKS:
            break
        if key in PRONOUNS and not (k - 2 >= 0 and tokens[k - 2].key in OBLIQUE):
            return fallback or key
        k -= 1
    return fallback


NOUN_STOP = frozenset(
    "and or of in on at to for with from by as said says who which that is are was were has have "
    "had will would".split()
)


def _modifies_noun(tokens: list[Token], m: Mention) -> bool:
    """'in an Israeli strike': an indefinite article, the actor, then the noun it qualifies."""
    nxt = tokens[m.end] if m.end < len(tokens) else None
    indefinite = m.start > 0 and tokens[m.start - 1].key in ("a", "an")
    return (
        indefinite
        and nxt is not None
        and nxt.text.isalpha()
        and nxt.text.islower()
        and nxt.key not in NOUN_STOP
        and len(m.code) == 3
    )


def _quantified(tokens: list[Token], m: Mention) -> bool:
    """'Hundreds of thousands of protesters': 'of' after a quantity does not make an oblique."""
    k = m.start - 1
    while k >= 0 and tokens[k].key in DETERMINERS:
        k -= 1
    return (
        k >= 1
        and tokens[k].key == "of"
        and (
            tokens[k - 1].key in QUANTIFIERS
            or tokens[k - 1].key.isdigit()
            or tokens[k - 1].key in STATE_NOUNS  # "the Pacific island nation of Nauru severed ties"
        )
    )


STATE_NOUNS = frozenset("nation country state kingdom republic emirate archipelago".split())


def mention_after(
    tokens: list[Token],
    mentions: list[Mention],
    pos: int,
    ceiling: int,
    limit: int = 14,
    places: bool | frozenset = False,
    topics: bool = True,
) -> Mention | str | None:
    """The first object-like mention after `pos` before `ceiling`, stopping at a relative or subordinate
    clause; places ('in Beijing', 'in Anchorage, Alaska') are skipped unless `places`. An object pronoun
    ('accusing her') is returned as a string when it comes first; a possessive one ('its staff') only when
    no mention follows."""
    for k in range(pos, min(ceiling, len(tokens))):
        key = tokens[k].key
        relative_that = (
            key == "that"
            and k > pos + 1
            and tokens[k - 1].text.islower()
            and tokens[k - 1].key != ","
            and not tokens[k - 1].key.endswith(("ing", "ed"))  # "demanding that Russia reverse": its object
        )
        participle = key == "," and k + 1 < len(tokens) and tokens[k + 1].key.endswith("ing")
        absolute = key == "with" and k > pos and tokens[k - 1].key == ","  # ", with Britain calling it ..."
        if key in CLAUSE_BREAKS or relative_that or participle or absolute:
            ceiling = k
            break
    candidates = sorted((m for m in mentions if pos <= m.start < ceiling), key=lambda x: x.start)
    if any(tokens[k].key in ("“", '"') for k in range(pos, min(ceiling, len(tokens)))):
        quoted = [
            r for r in quote_regions(tokens) if r[0] >= pos
        ]  # 'exercises dubbed "Guardians of the Nile"'
        candidates = [m for m in candidates if not any(a < m.start < b for a, b in quoted)]
    if (
        pos + 1 < min(ceiling, len(tokens))
        and tokens[pos].key in ("its", "their", "the")
        and tokens[pos + 1].key in RELATIONAL_NOUNS
        and (not candidates or candidates[0].start > pos + 1)
    ):
        return "its"  # "accused its neighbour of backing M23 rebels": the other country named before
    for k in range(pos, min(ceiling, pos + 3)):
        key = tokens[k].key
        if key in BARE_OBJECT_PRONOUNS and (not candidates or k < candidates[0].start):
            if key == "her" and candidates and candidates[0].start == k + 1:
                break  # "met her Chinese counterpart Wang Yi": a possessive, the mention is the object
            return key
        if key not in DETERMINERS:
            break
    previous_place = None
    for m in candidates:
        if m.start - pos > limit:
            break
        if _attribution(tokens, m, pos):
            break
        if any(t.key in CLAUSE_STOP for t in tokens[pos : m.start]):
            break
        word = preceding_word(tokens, m) if m.start > pos else None  # "lashed out at Washington": not a place
        if word in LOCATIVE and _modifies_noun(tokens, m):
            word = None  # "in an Israeli strike": the actor owns the strike, it is not a place
        if word == "at" and (m.inferred_country or len(m.parts) > 1):
            word = None  # "fired tear gas at crowds", "at a Philippine vessel": people and craft, not places
        place = word in LOCATIVE or (
            word == "," and previous_place is not None and previous_place.end == m.start - 1
        )
        allowed = places is True or (isinstance(places, frozenset) and word in places)
        if m.end < len(tokens) and tokens[m.end].key == "-":
            continue  # "under a U.S.-brokered deal": a modifier, not the target
        if _owner_follows(tokens, m, candidates):
            continue  # "froze the US assets of two Chinese officials": the officials own the assets
        if word in TOPIC_MARKERS or (topics and word == "for" and m.possessive):
            continue  # "sanctions over Xinjiang", "for Kara-Murza's poisoning": a topic, not the target
        if place and not allowed:
            previous_place = m
            continue
        return m
    for k in range(pos, min(ceiling, pos + 3)):
        if tokens[k].key in ("its", "their"):
            if any(t.key in OWN_GROUND for t in tokens[k + 1 : k + 3]):
                return None  # "fired a missile off its east coast": its own ground, no target
            return tokens[k].key
    return None


def _attribution(tokens: list[Token], m: Mention, pos: int) -> bool:
    """', the health ministry said', ', officials in Baku said', 'according to officials in London'."""
    if m.start >= 2 and tokens[m.start - 1].key == "to" and tokens[m.start - 2].key == "according":
        return True
    if not any(t.key == "," for t in tokens[pos : m.start]):
        return False
    for k in range(m.end, min(len(tokens), m.end + 4)):
        key = tokens[k].key
        if key in ATTRIBUTION_VERBS:
            return True
        if key in (",", ";", "that", "and"):
            return False
    return False


def _start(m: Mention) -> int:
    return m.start


def coordinated(tokens: list[Token], mentions: list[Mention], m: Mention) -> list[Mention]:
    """'the US and Britain', 'France, Germany and Italy': every mention joined to m; a bare country
    coordinated with a sector phrase shares the sector ('US and Chinese diplomats' -> USAGOV, CHNGOV)."""
    ordered = sorted(mentions, key=_start)
    idx = -1
    for i, x in enumerate(ordered):  # identity first: dataclass equality compares every field
        if x is m:
            idx = i
            break
    if idx < 0:
        if m not in ordered:
            return [m]
        idx = ordered.index(m)
    group, joiners = [m], []
    for step in (1, -1):
        cur, j = m, idx + step
        while 0 <= j < len(ordered):
            nxt = ordered[j]
            a, b = (cur, nxt) if step == 1 else (nxt, cur)
            gap = [t.key for t in tokens[a.end : b.start] if t.key not in ("the", "its", "their")]
            if gap in (
                [",", "along", "with"],
                [",", "together", "with"],
                ["as", "well", "as"],
                ["along", "with"],
            ):
                gap = ["and"]  # "Britain, along with France and Germany"
            if not gap or len(gap) > 2 or any(g not in COORD for g in gap) or a.possessive:
                break
            if step == 1 and "and" in joiners and "and" not in gap:
                break  # "Denmark and the Netherlands, officials in Kyiv said": the list has ended
            if preceding_word(tokens, nxt) in LOCATIVE and step == 1:
                break
            group.append(nxt)
            joiners += gap
            cur, j = nxt, j + step
    if len(group) == 1:
        return group  # the common case: nothing coordinated
    headline = (
        len(group) == 2
        and joiners == [","]
        and min(x.start for x in group) == 0
        and max(x.end for x in group) < len(tokens)
        and tokens[max(x.end for x in group)].key != ","
    )  # "Egypt, Turkey hold first joint naval drills": a headline's pair
    if len(group) > 1 and "and" not in joiners and "&" not in joiners and not headline:
        return [m]  # commas alone do not make a list ("At the review in Geneva, the United States ...")
    group.sort(key=lambda x: x.start)
    countries = {x.code[:3] for x in group if x.code and not x.code.startswith(("IGO", "NGO"))}
    if len(countries) == 1 and any(not x.code and x.sector for x in group):
        country = countries.pop()  # "Ukrainian prisoners of war and civilian detainees": Ukrainian detainees
        group = [replace(x, code=country + x.sector) if not x.code and x.sector else x for x in group]
    sectors = {
        x.code[3:6]
        for x in group
        if len(x.code) >= 6
        and not x.code.startswith(("IGO", "NGO"))
        and any(isinstance(p, Mention) and p.kind == "agent" for p in x.parts)
    }
    if len(sectors) == 1:
        sector = sectors.pop()
        group = [
            replace(x, code=x.code + sector)
            if len(x.code) == 3
            and x.kind == "actor"
            and tokens[x.end - 1].key not in ("'s",)
            and _adjectival(tokens, x, group)
            else x
            for x in group
        ]
    return group


def _adjectival(tokens: list[Token], x: Mention, group: list[Mention]) -> bool:
    """'US and Chinese diplomats': the bare country is directly followed by 'and' and the sector phrase."""
    return x is not group[-1] and x.end < len(tokens) and tokens[x.end].key == "and"


def passive_source(tokens: list[Token], mentions: list[Mention], t: Trigger, ceiling: int) -> Mention | None:
    """'was condemned by X', 'a deal brokered by X': X, if 'by' follows the trigger closely."""
    for k in range(t.head_end, min(ceiling, max(t.head_end + 6, t.end + 3))):
        if tokens[k].key == "by":
            for m in sorted(mentions, key=lambda x: x.start):
                gap = tokens[k + 1 : m.start]
                if (
                    m.start > k
                    and len(gap) <= 3
                    and all(g.key in DETERMINERS or g.text.islower() for g in gap)
                ):
                    return m  # "by Qatar", "by an off-duty Turkish police officer"
                if m.start > k:
                    break
            return None
    return None


PLACE_NOUNS = frozenset("streets street outskirts centre center capital city suburbs".split())


def locative_country(tokens: list[Token], mentions: list[Mention]) -> str | None:
    """The country of a place in the sentence ('protesters ... in Istanbul' -> TUR); 'in' before others."""
    for m in mentions:
        word = preceding_word(tokens, m)
        k = m.start - 1
        while word not in LOCATIVE and k >= 1 and k >= m.start - 3 and _place_modifier(tokens[k]):
            k -= 1  # "in the southern Gaza city of Rafah", "in the occupied West Bank"
            while k >= 0 and tokens[k].key in DETERMINERS:
                k -= 1
            word = tokens[k].key if k >= 0 else None
        if word == "of" and m.start >= 2 and tokens[m.start - 2].key in DIRECTIONS | PLACE_NOUNS:
            word = "in"  # "east of Port-au-Prince", "the streets of Istanbul"
        if (
            m.code
            and word in ("in", "across", "through", "throughout", "inside")
            and not m.code.startswith(NOT_STATES)
        ):
            return m.code[:3]
    return None


def _place_modifier(tok: Token) -> bool:
    """Lower-case words that qualify a place name: 'southern', 'occupied', 'war-torn', 'besieged'."""
    return (
        tok.text.isalpha()
        and tok.text.islower()
        and tok.key not in LOCATIVE | OBLIQUE | CLAUSE_BREAKS
        and tok.key not in ("and", "or", "but", "that", "said")
    )


PERSON_DESCRIPTIONS = frozenset(
    "former ex- chief minister ministers opposition leader leaders activist activists prominent dissident "
    "journalist journalists lawyer lawyers politician politicians lawmaker lawmakers senior veteran jailed "
    "detained exiled outspoken blogger blogger rights pro-democracy pro-independence student students "
    "candidate candidates presidential mayor governor deputy businessman tycoon media writer author "
    "scholar professor academic cleric pastor bishop artist two three four several".split()
)


def named_person(tokens: list[Token], pos: int, blocked: set[int]) -> tuple[int, int] | None:
    """'detained Aung San Suu Kyi': two or more capitalised words right after a verb that no dictionary
    knows are a person's name; lower-case descriptions may come first ('detained former chief ministers Omar
    Abdullah', 'arrested prominent activist Joshua Wong')."""
    k = pos
    while k < len(tokens) and k - pos < 5 and tokens[k].key in PERSON_DESCRIPTIONS and not tokens[k].cap:
        k += 1
    pos = k if k < len(tokens) and tokens[k].cap else pos
    j = pos
    while (
        j < len(tokens)
        and j not in blocked
        and tokens[j].cap
        and tokens[j].text.isalpha()
        and tokens[j].key not in NOT_NAMES
    ):
        j += 1
    return (pos, j) if j - pos >= 2 else None


def _owner_follows(tokens: list[Token], m: Mention, candidates: list[Mention]) -> bool:
    """A bare country used as an adjective ('the US assets') before 'of' and another actor."""
    k = m.end
    if (
        len(m.code) != 3
        or k + 1 >= len(tokens)
        or not tokens[k].text.isalpha()
        or not tokens[k].text.islower()
    ):
        return False
    if tokens[k + 1].key != "of":
        return False
    return any(c.start in (k + 2, k + 3, k + 4) for c in candidates)
