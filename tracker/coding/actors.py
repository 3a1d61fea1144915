"""Actor mentions: dictionary phrases found with a token trie, then joined into noun phrases.

"US" + "Secretary of State" + "Jessica Ramirez" becomes one mention coded USAGOV; "Chinese" + "officials" CHNGOV;
"the Foreign Ministry of China" CHNGOV; a person name seen after a role ("Ramirez") is remembered for the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tracker.coding.dictionary import ActorEntry, longest_at
from tracker.coding.text import Token

# Sector codes that make a role of an organisation rather than a new actor ("Amnesty spokesperson").
ROLE = "ROLE"
SKIP_BETWEEN = frozenset({"'s", "the"})
LOCATIVE = frozenset({"in", "at", "near", "inside", "across", "throughout", "around"})
_VERBS: dict = {}  # set by the coder: the trigger words, which cannot be noun modifiers


def set_verb_keys(keys) -> None:
    _VERBS["keys"] = keys


MODIFIER_STOP = frozenset(
    "and or of in on at to for with from by as said says told who which that is are was were "
    "has have had will would".split()
)
# Sectors whose country may be taken from the article ("a Foreign Ministry spokesman" after "China").
INFERRABLE = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})
# Actor-code prefixes that are not states: organisations, media, religions, regions ("MED" for Reuters,
# "AFR" for Africa). A code starting with one of these names no country for inference or targets.
NOT_STATES = tuple(
    "IGO NGO MNC MED IMG ELI INT BAH MOS HIN BUD KKL CHR JEW SHI SUN WEU SAS MEA SEA EAF SAF NMR EEU SAM ASA "
    "AFR CAS LAM EUR NAF WAF CFR EIN".split()
)
GENERIC_PLURALS = frozenset({"governments", "countries", "nations", "states", "leaders", "militaries"})
PRONOUN_SUBJECTS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her"})
NOT_NAMES = frozenset(
    "the a an and or but in on at of for to by with from as that this these those it its they their he she his her "
    "we our on monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december i".split()
)


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    code: str  # CAMEO actor code ("" while only a sector is known)
    phrase: str
    kind: str  # "actor", "agent", "alias", "pronoun"
    sector: str = ""
    inferred_country: bool = False
    possessive: bool = False  # followed by 's / its own noun: "the US's demands"
    fallback_country: str | None = None  # for a bare sector ("protesters"): the article's last country
    parts: list = field(default_factory=list)

    def span(self, tokens: list[Token]) -> tuple[int, int]:
        return tokens[self.start].start, tokens[self.end - 1].end


def resolve_entry(entries: list[ActorEntry], day: date | None) -> str | None:
    """The entry valid on the day; undated entries are the fallback, expired roles are not used."""
    dated = [e for e in entries if (e.start or e.until) and e.valid_on(day or date.today())]
    if dated:
        return max(dated, key=lambda e: e.start or date.min).code
    undated = [e for e in entries if not (e.start or e.until)]
    return undated[-1].code if undated else None


def find_raw(tokens: list[Token], trie: dict, day: date | None) -> list[Mention]:
    """Longest dictionary matches, left to right. Named actors must be capitalised ('us' is not the US)."""
    out = []
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
        if "actor" in term and "agent" in term and out and _owned_by_other(tokens, out[-1], i, term, day):
            term = {"agent": term["agent"]}  # "South Korea's National Security Council" is not the US one
        m = _mention(tokens, i, j, term, day)
        if m is None:
            i += 1
            continue
        out.append(m)
        i = j
    return out


def _owned_by_other(tokens: list[Token], prev: Mention, i: int, term: dict, day: date | None) -> bool:
    """A country's possessive ('South Korea's', 'Japanese') right before an institution known by another
    country's name."""
    gap = tokens[prev.end : i]
    if not prev.code or len(prev.code) != 3 or [t.key for t in gap] not in (["'s"], []):
        return False
    code = resolve_entry(term["actor"], day)
    return bool(code) and code[:3] != prev.code  # "Armenia's security council": not the UN's


def _mention(tokens: list[Token], i: int, j: int, term: dict, day: date | None) -> Mention | None:
    phrase = " ".join(t.text for t in tokens[i:j])
    organisation = "actor" in term and term["actor"][-1].code.startswith(("IGO", "NGO"))
    if "actor" in term and (tokens[i].cap or organisation):
        if j - i == 1 and _other_first_name(tokens, i, term["actor"]):
            return None  # "Gulshan Abbas" is not Mahmoud Abbas
        code = resolve_entry(term["actor"], day)
        if code:
            return Mention(i, j, code, phrase, "actor")
    if "agent" in term:
        return Mention(i, j, "", phrase, "agent", sector=term["agent"])
    return None


# Words that may stand before a leader's surname ("President Erdogan", "Mr Sunak", "Gen. Burhan").
TITLES = frozenset(
    "president minister premier chancellor secretary king queen prince princess crown leader general gen "
    "spokesman spokeswoman spokesperson mr mrs ms dr sheikh emir sultan ayatollah pope envoy ambassador senator "
    "sen rep governor mayor chief commander judge justice speaker chairman chairwoman counterpart vice deputy "
    "foreign defence defense prime interior finance trade state acting former ousted late supreme army "
    "opposition field marshal lt col colonel admiral adm pm fm".split()
)


def _other_first_name(tokens: list[Token], i: int, entries: list) -> bool:
    """A one-word leader entry (a surname, with dated roles) right after another capitalised name."""
    if i == 0 or not any(e.start or e.until for e in entries):
        return False
    prev = tokens[i - 1]
    return prev.cap and prev.text.isalpha() and prev.key not in TITLES and prev.key not in NOT_NAMES


def build_mentions(
    tokens: list[Token], raw: list[Mention], aliases: dict[str, str], last_country: str | None
) -> list[Mention]:
    """Join country + sector + name into one mention; resolve remembered names; infer missing countries."""
    raw = _add_aliases(tokens, raw, aliases)
    merged: list[Mention] = []
    k = 0
    while k < len(raw):
        m = raw[k]
        while k + 1 < len(raw) and _joinable(tokens, m, raw[k + 1]):
            m = _join(m, raw[k + 1])
            k += 1
        merged.append(m)
        k += 1
    out = []
    skip_until = -1
    for idx, m in enumerate(merged):
        if (out and m.start < out[-1].end) or m.start < skip_until:
            continue  # already absorbed (a name, or the countries of "residents of X and Y")
        m.end = _absorb_name(tokens, m, aliases)
        if m.end < len(tokens) and tokens[m.end].key == "'s":
            m.possessive = True
        if m.kind == "agent" and m.sector == ROLE:
            owner = _role_owner(tokens, m, merged[idx + 1 :])
            if owner is not None:  # "a spokesman for the Kremlin"
                out.append(
                    Mention(
                        m.start,
                        owner.end,
                        owner.code,
                        f"{m.phrase} {tokens[m.end].text} {owner.phrase}",
                        "actor",
                        owner.sector,
                        parts=[m, owner],
                    )
                )
                skip_until = owner.end
            continue
        if (
            m.kind == "agent"
            and m.start > 0
            and tokens[m.start].cap
            and tokens[m.start - 1].cap
            and tokens[m.start - 1].text.isalpha()
            and not any(r.end == m.start for r in raw)
        ):
            continue  # "the cargo ship Galaxy Leader": part of a name, not a role
        if m.kind == "agent" and (
            (m.start > 0 and tokens[m.start - 1].key in UNKNOWN_MARKERS)
            or tokens[m.start].key in UNKNOWN_MARKERS
        ):
            continue  # "unidentified gunmen": no actor to code
        if m.kind == "agent" and " ".join(t.key for t in tokens[m.start : m.end]) in FACELESS:
            continue  # "Gunmen kidnapped 17 passengers": no one identified (GUIDELINES 1)
        if m.kind == "agent":
            if tokens[m.end - 1].key in GENERIC_PLURALS and m.end - m.start == 1:
                continue  # "world leaders", "Western governments"; but "opposition leaders" is a group
            if (
                tokens[m.start].key in QUANTITIES
                and m.end < len(tokens)
                and tokens[m.end].key == "of"
                and not (idx + 1 < len(merged) and merged[idx + 1].start in (m.end + 1, m.end + 2))
            ):
                continue  # "hundreds of balloons": a quantity of things, not people
            if (
                tokens[m.start].key in QUANTITIES
                and m.end < len(tokens)
                and tokens[m.end].key == "of"
                and idx + 1 < len(merged)
                and merged[idx + 1].kind == "agent"
                and merged[idx + 1].sector == "MIL"
                and m.end + 1 <= merged[idx + 1].start <= m.end + 3
            ):
                continue  # "thousands of additional troops": the troops, not civilians
            country, through = _of_country(tokens, m, merged[idx + 1 :])
            if country:
                m.code, skip_until = country + m.sector, through
            else:  # the country is settled by the mention's role in an event
                m.code, m.inferred_country, m.fallback_country = "", True, last_country
            m.kind = "actor"
        if m.code and m.kind != "alias" and not m.code.startswith(NOT_STATES):
            last_country = m.code[:3]
        out.append(m)
    return out


def _joinable(tokens: list[Token], a: Mention, b: Mention) -> bool:
    gap = [t.key for t in tokens[a.end : b.start]]
    if (
        a.kind == "actor"
        and b.kind == "agent"
        and len(a.code) == 3
        and len(gap) == 1
        and tokens[a.end].text.isalpha()
        and tokens[a.end].text.islower()
        and gap[0] not in MODIFIER_STOP
        and not gap[0].endswith(("ed", "ing"))
        and gap[0] not in _VERBS.get("keys", ())
    ):
        return True  # "US defence firms", "Chinese seafood firms" (but not "Russia massed troops")
    if any(g not in SKIP_BETWEEN for g in gap) or len(gap) > 1:
        return False
    if a.kind == "actor" and b.kind == "agent":
        return True
    if a.kind == "actor" and b.kind == "actor" and len(a.code) == 3 and len(b.code) > 3:
        return b.code.startswith(a.code)  # "US" + "Secretary of State"
    if a.kind == "actor" and b.kind == "actor" and len(a.code) > 3 and len(b.code) > 3 and not gap:
        return a.code[:3] == b.code[:3]  # "Secretary of State" + "Antony Blinken"
    if a.kind == "agent" and b.kind == "agent":
        return not gap
    if a.kind == "agent" and b.kind == "actor" and not gap:
        return len(b.code) > 3 and not b.code.startswith(("IGO", "NGO"))  # "President Xi Jinping"
    return False


def _join(a: Mention, b: Mention) -> Mention:
    if a.kind == "actor" and b.kind == "agent":
        if a.code.startswith(NOT_STATES) or len(a.code) > 3 or b.sector == ROLE:
            code = a.code
        else:
            code = a.code + b.sector
        return Mention(a.start, b.end, code, f"{a.phrase} {b.phrase}", "actor", b.sector, parts=[a, b])
    if a.kind == "agent" and b.kind == "agent":
        sector = a.sector if a.sector != ROLE else b.sector
        return Mention(a.start, b.end, "", f"{a.phrase} {b.phrase}", "agent", sector, parts=[a, b])
    return Mention(
        a.start, b.end, b.code, f"{a.phrase} {b.phrase}", "actor", a.sector or b.code[3:6], parts=[a, b]
    )


QUANTITIES = frozenset("thousands hundreds dozens tens".split())
FACELESS = frozenset(
    "gunmen gunman assailants assailant attackers attacker kidnappers bombers bomber".split()
)
UNKNOWN_MARKERS = frozenset(
    "unidentified unknown masked anonymous western foreign overseas international "
    "multinational global".split()
)


def _role_owner(tokens: list[Token], m: Mention, following: list[Mention]) -> Mention | None:
    if m.end >= len(tokens) or tokens[m.end].key not in ("for", "of", "at") or not following:
        return None
    nxt = following[0]
    gap = [t.key for t in tokens[m.end + 1 : nxt.start]]
    return nxt if nxt.kind == "actor" and nxt.code and all(g == "the" for g in gap) else None


def _of_country(tokens: list[Token], m: Mention, following: list[Mention]) -> tuple[str | None, int]:
    """'the Foreign Ministry of China', 'residents of Shanghai and Beijing' -> (CHN, token index after them);
    'refugees from Ukraine', 'firms linked to Russia' -> (UKR / RUS, ...)."""
    if m.end >= len(tokens):
        return None, -1
    pos = m.end + 1
    key = tokens[m.end].key
    owned = m.start > 0 and tokens[m.start - 1].key in ("its", "their", "his", "her", "our")
    if key in ("from", "linked", "tied") and m.sector != "MIL" and not owned:
        # 'refugees from Ukraine', 'businesses linked to Russia' (not 'its troops from Niger')
        if key != "from":
            if pos >= len(tokens) or tokens[pos].key != "to":
                return None, -1
            pos += 1
        if not following or following[0].kind != "actor" or not following[0].code:
            return None, -1
        if following[0].code.startswith(NOT_STATES):
            return None, -1
        if any(t.key != "the" for t in tokens[pos : following[0].start]):
            return None, -1
        after = following[0].end
        if (
            after + 1 < len(tokens)
            and tokens[after].key in (",", "and")
            and len(following) > 1
            and (following[1].start in (after + 1, after + 2))
        ):
            return None, -1  # "diplomats from Estonia, Latvia and Lithuania": the list is the object
        return following[0].code[:3], following[0].end
    if key != "of":
        return None, -1
    countries = []
    for other in following:
        gap = [t.key for t in tokens[pos : other.start]]
        if other.kind != "actor" or any(g not in ("the", "and", ",") for g in gap) or len(gap) > 2:
            break
        countries.append(other)
        pos = other.end
    if not countries:
        return None, -1
    return countries[0].code[:3], countries[-1].end


def _absorb_name(tokens: list[Token], m: Mention, aliases: dict[str, str]) -> int:
    """Capitalised unknown words after a role are a person's name: remember it for later sentences."""
    if m.kind == "alias" or (m.kind == "actor" and not m.sector and len(m.code) == 3):
        return m.end

    j = m.end
    while j < len(tokens) and tokens[j].cap and tokens[j].text.isalpha() and tokens[j].key not in NOT_NAMES:
        j += 1
    if j > m.end and j - m.end <= 3:
        m.phrase += " " + " ".join(t.text for t in tokens[m.end : j])
        m.parts.append(("name", m.end, j))
        return j
    return m.end


def _add_aliases(tokens: list[Token], raw: list[Mention], aliases: dict[str, str]) -> list[Mention]:
    if not aliases:
        return raw
    taken = {i for m in raw for i in range(m.start, m.end)}
    extra = []
    for i, t in enumerate(tokens):
        if t.cap and t.key in aliases and i not in taken:
            extra.append(Mention(i, i + 1, aliases[t.key], t.text, "alias"))
    return sorted(raw + extra, key=lambda m: m.start) if extra else raw


def remember_names(tokens: list[Token], mentions: list[Mention], aliases: dict[str, str]) -> None:
    for m in mentions:
        if not m.code:
            continue
        for part in m.parts:
            if isinstance(part, tuple) and part[0] == "name" and m.code:
                for t in tokens[part[1] : part[2]]:
                    aliases[t.key] = m.code
