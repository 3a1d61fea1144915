"""Dictionaries: the packaged JSON files plus the user's own, compiled into token tries and pattern indexes.

File format (documented in docs/coder.md): one JSON object with any of the keys `actors`, `agents`, `patterns`,
`issues`, `names`, `synsets`. Later files win over earlier ones: user files over curated over PETRARCH-derived.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from pathlib import Path

from tracker.coding.inflect import noun_forms, verb_forms
from tracker.coding.text import normalise, tokenize
from tracker.errors import InputError

DATA_DIR = Path(__file__).parent / "data"
# Order matters: later files take precedence for the same phrase or pattern.
PACKAGED_FILES = (
    "cameo.json",
    "names_countries.json",
    "actors_phoenix.json",
    "agents_phoenix.json",
    "patterns_phoenix.json",
    "issues_phoenix.json",
    "curated_actors.json",
    "curated_leaders.json",
    "curated_agents.json",
    "curated_patterns.json",
    "curated_issues.json",
)
END = ""  # trie terminal key (never a token key)


def longest_at(tokens, trie: dict, i: int) -> tuple[int, dict] | None:
    """The longest dictionary phrase starting at token i: (end index, its entry), or None."""
    node, j, best = trie, i, None
    n = len(tokens)
    while j < n and tokens[j].key in node:
        node = node[tokens[j].key]
        j += 1
        if END in node:
            best = (j, node[END])
    return best


@dataclass(frozen=True, slots=True)
class ActorEntry:
    code: str
    start: date | None
    until: date | None
    phrase: str

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return self.until is None
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True, slots=True)
class Matcher:
    """One word position of a pattern: exact keys and/or key prefixes."""

    exact: frozenset
    prefixes: tuple = ()

    def __call__(self, key: str) -> bool:
        return key in self.exact or (bool(self.prefixes) and key.startswith(self.prefixes))


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    code: str | None  # None: the words are recognised but code nothing (e.g. "call" as a phone call)
    trigger: tuple  # Matchers for the trigger words, the first is the index key
    before: tuple  # Matchers that must precede the trigger (nearest last)
    after: tuple  # Matchers that must follow, in order, with small gaps
    text: str  # human-readable form for --explain
    rank: int  # precedence tier: 0 PETRARCH, 1 curated, 2 user
    kind: str = "event"  # "event", "speech" (reported-speech verb) or "ignore"
    verb: bool = False  # the trigger is a verb: a determiner before it makes it a noun, so no match
    modal: str = ""  # "intent" / "threat": a head like "pledged to" whose complement carries the deed
    place_target: bool = False  # the target may be a place ("visited Taipei")
    required: tuple = ()  # word sets of which the sentence must contain one each (a fast pre-check)
    reciprocal: bool = False  # "Biden and Xi met": each party is the other's target
    reverse: bool = False  # "received jets from Denmark": the object is the source
    needs_target: bool = False  # only an event when someone receives it ("released prisoners", not water)
    order: tuple = ()  # precedence key, computed once when indexed (see pattern_order)

    @property
    def specificity(self) -> int:
        return len(self.trigger) + len(self.before) + len(self.after)


@dataclass
class Dictionaries:
    cameo: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    actor_trie: dict = field(default_factory=dict)
    patterns: dict[str, list[Pattern]] = field(default_factory=dict)
    issue_trie: dict = field(default_factory=dict)
    synsets: dict[str, list[str]] = field(default_factory=dict)
    refinements: list[tuple[tuple, dict[str, str]]] = field(default_factory=list)
    issue_codes: dict[str, str | None] = field(default_factory=dict)  # code -> parent code
    sources: list[str] = field(default_factory=list)


def load_dictionaries(extra_paths: Sequence[Path] = ()) -> Dictionaries:
    """Build every trie and index in memory; the garbage collector is paused meanwhile (it would rescan
    the hundred thousand new containers again and again, doubling the load time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(extra_paths)
    finally:
        if enabled:
            gc.enable()


def _load(extra_paths: Sequence[Path]) -> Dictionaries:
    d = Dictionaries()
    docs = [
        (
            DATA_DIR / name,
            json.loads((DATA_DIR / name).read_text(encoding="utf-8")),
            0 if "phoenix" in name else 1,
        )
        for name in PACKAGED_FILES
        if (DATA_DIR / name).exists()
    ]
    for path in extra_paths:
        for file in sorted(Path(path).glob("*.json")) if Path(path).is_dir() else [Path(path)]:
            docs.append((file, read_user_file(file), 2))
    d.issue_codes = docs_issue_codes()
    for _, doc, _ in docs:
        d.synsets.update({"&" + k.lstrip("&").upper(): v for k, v in doc.get("synsets", {}).items()})
        d.synsets.update({k: v for k, v in doc.get("verb_blocks", {}).get("synsets", {}).items()})
    for file, doc, rank in docs:
        d.sources.append(str(file))
        d.cameo.update(doc.get("cameo", {}))
        d.names.update(doc.get("names", {}))
        if rank < 2:
            _add_packaged_actors(d.actor_trie, doc.get("actors", ()))
        else:
            for entry in doc.get("actors", ()):
                add_actor(d.actor_trie, entry, file)
        for entry in doc.get("agents", ()):
            add_agent(d.actor_trie, entry, file)
        for block in doc.get("verb_blocks", {}).get("blocks", ()):
            add_verb_block(d, block)
        for entry in doc.get("patterns", ()):
            add_pattern(d, entry, rank, file)
        for entry in doc.get("issues", ()):
            add_issue(d, entry, file)
        for entry in doc.get("refinements", ()):
            add_refinement(d, entry, file)
    by_order = attrgetter("order")
    for cands in d.patterns.values():
        cands.sort(key=by_order, reverse=True)
    return d


def pattern_order(p: Pattern) -> tuple:
    """Precedence: user over curated over PETRARCH, then patterns with context words, then the longest."""
    return (p.rank, len(p.before) + len(p.after) > 0, p.specificity)


def read_user_file(file: Path) -> dict:
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"Dictionary file {file} does not exist; check --dict or TRACKER_CODER_DICTS."
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"Dictionary file {file} is not valid JSON ({exc}); see docs/coder.md for the format."
        ) from None
    if not isinstance(doc, dict):
        raise InputError(f"Dictionary file {file} must hold one JSON object; see docs/coder.md.")
    unknown = set(doc) - {
        "actors",
        "agents",
        "patterns",
        "refinements",
        "issues",
        "names",
        "synsets",
        "source",
        "comment",
    }
    if unknown:
        raise InputError(f"Dictionary file {file} has unknown keys {sorted(unknown)}; see docs/coder.md.")
    return doc


def docs_issue_codes() -> dict[str, str | None]:
    return json.loads((DATA_DIR / "issue_codes.json").read_text(encoding="utf-8"))["issue_codes"]


_PLAIN = re.compile(r"[a-z ]+")
_ACTOR_CODE = re.compile(r"[A-Z]{3}(?:[A-Z]{3}){0,4}")


def phrase_keys(phrase: str) -> list[str]:
    if _PLAIN.fullmatch(phrase):
        return phrase.split()  # the common case, ten times faster than the tokenizer
    return [t.key if t.key != "~us" else "us" for t in tokenize(phrase)]


def _trie_node(trie: dict, keys: list[str]) -> dict:
    node = trie
    for k in keys:
        node = node.setdefault(k, {})
    return node.setdefault(END, {})


def add_actor(trie: dict, entry: dict, file: Path, trusted: bool = False) -> None:
    """Packaged files are validated by the test suite, so they skip the per-entry checks (load time)."""
    if trusted:
        phrase, code = entry["phrase"], entry["code"]
    else:
        phrase, code = _require(entry, ("phrase", "code"), file, "actor")
        code = code.upper()
    if not trusted and not _ACTOR_CODE.fullmatch(code):
        raise InputError(
            f"{file}: actor code {code!r} for {phrase!r} must be 3-letter CAMEO parts, e.g. USAGOV."
        )
    keys = phrase_keys(phrase)
    if not keys:
        return
    term = _trie_node(trie, keys)
    new = ActorEntry(code, _date(entry.get("from"), file), _date(entry.get("until"), file), phrase)
    old = term.get("actor", [])
    if new.start is None and new.until is None:
        old = [e for e in old if e.start or e.until]  # an undated entry replaces earlier undated ones
    term["actor"] = old + [new]


def _add_packaged_actors(trie: dict, entries) -> None:
    """add_actor for the packaged files (validated by the tests), inlined: they hold ~50,000 entries."""
    plain, fromiso = _PLAIN.fullmatch, date.fromisoformat
    for e in entries:
        phrase = e["phrase"]
        keys = phrase.split() if plain(phrase) else phrase_keys(phrase)
        if not keys:
            continue
        node = trie
        for k in keys:
            child = node.get(k)
            if child is None:
                child = node[k] = {}
            node = child
        term = node.get(END)
        if term is None:
            term = node[END] = {}
        start, until = e.get("from"), e.get("until")
        new = ActorEntry(
            e["code"], fromiso(start) if start else None, fromiso(until) if until else None, phrase
        )
        old = term.get("actor")
        if old is None:
            term["actor"] = [new]
        elif start or until:
            old.append(new)
        else:
            term["actor"] = [x for x in old if x.start or x.until] + [new]


def add_agent(trie: dict, entry: dict, file: Path) -> None:
    phrase, code = _require(entry, ("phrase", "code"), file, "agent")
    keys = phrase_keys(phrase)
    if not keys:
        return
    variants = [keys]
    if keys[-1].isalpha() and not entry.get("exact"):
        variants += [keys[:-1] + [f] for f in noun_forms(keys[-1]) if f != keys[-1]]
    for v in variants:
        _trie_node(trie, v)["agent"] = code.upper()


def _require(entry: dict, keys: tuple, file: Path, what: str) -> list:
    if not isinstance(entry, dict) or any(not isinstance(entry.get(k), str) for k in keys):
        raise InputError(f"{file}: each {what} needs string fields {', '.join(keys)}; got {entry!r}.")
    return [entry[k] for k in keys]


def _date(value, file: Path) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"{file}: date {value!r} must be YYYY-MM-DD.") from None


def word_matcher(word: str, synsets: dict[str, list[str]], prefix_len: int = 0) -> Matcher:
    """'v:call' verb forms, 'n:demand' noun forms, '&SET' synonyms, 'harvest*' a prefix, else the word."""
    key = (word, prefix_len, id(synsets))
    cached = _MATCHERS.get(key)
    if cached is None:
        cached = _MATCHERS[key] = _word_matcher(word, synsets, prefix_len)
    return cached


_MATCHERS: dict[tuple, Matcher] = {}


def _word_matcher(word: str, synsets: dict[str, list[str]], prefix_len: int) -> Matcher:
    if word.startswith("&"):
        members = synsets.get(word.upper().rstrip("_"), [])
        exact = set()
        for m in members:
            first = phrase_keys(m)[:1]
            exact |= {f for k in first for f in noun_forms(k)}
        return Matcher(frozenset(exact))
    if word.startswith("v:"):
        return Matcher(frozenset(verb_forms(normalise(word[2:]))))
    if word.startswith("n:"):
        return Matcher(frozenset(noun_forms(normalise(word[2:]))))
    if word.endswith("*"):
        return Matcher(frozenset(), (normalise(word[:-1]),))  # a bare "*" matches any one word
    w = normalise(word)
    if prefix_len and len(w) >= prefix_len:
        return Matcher(frozenset({w}), (w,))
    return Matcher(frozenset(noun_forms(w)) if prefix_len else frozenset({w}))


def add_pattern(d: Dictionaries, entry: dict, rank: int, file: Path) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("trigger"), str):
        raise InputError(f"{file}: each pattern needs a 'trigger' string; got {entry!r}.")
    code = entry.get("code")
    kind = entry.get("kind", "event")
    if code is not None and code not in d.cameo:
        raise InputError(
            f"{file}: pattern {entry.get('id', entry['trigger'])!r} has code {code!r}, not a CAMEO code."
        )
    words = entry["trigger"].split()
    trigger = tuple(word_matcher(w, d.synsets) for w in words)
    before = tuple(word_matcher(w, d.synsets) for p in entry.get("before", ()) for w in p.split())
    after = tuple(word_matcher(w, d.synsets) for p in entry.get("after", ()) for w in p.split())
    pid = entry.get("id") or f"{file.stem}:{entry['trigger']}"
    text = " ".join([*entry.get("before", ()), f"<{entry['trigger']}>", *entry.get("after", ())])
    _index(
        d,
        Pattern(
            pid,
            code,
            trigger,
            before,
            after,
            text,
            rank,
            kind,
            words[0].startswith("v:"),
            entry.get("modal", ""),
            bool(entry.get("place_target")),
            reciprocal=bool(entry.get("reciprocal")),
            reverse=bool(entry.get("reverse")),
            needs_target=bool(entry.get("needs_target")),
        ),
    )


def _index(d: Dictionaries, p: Pattern) -> None:
    required = tuple(m.exact for m in (*p.trigger[1:], *p.before, *p.after) if m.exact and not m.prefixes)
    object.__setattr__(p, "required", required)  # frozen for users of the dictionaries, filled in once here
    object.__setattr__(p, "order", pattern_order(p))
    for key in p.trigger[0].exact:
        d.patterns.setdefault(key, []).append(p)


def add_verb_block(d: Dictionaries, block: dict) -> None:
    """A PETRARCH verb block: each verb with its default code; the block's object patterns apply to all its verbs."""
    all_forms: set[str] = set()
    for verb in block["verbs"]:
        words = verb["lemma"].split()
        forms = verb_forms(words[0]) | {f.split()[0] for f in verb["forms"]}
        if len(words) == 1:
            all_forms |= forms
        trigger = (Matcher(frozenset(forms)),) + tuple(Matcher(frozenset({w})) for w in words[1:])
        if verb["code"] and verb["code"][:2] != "01":  # bare statements ("said", "committed") are noise
            name = f"petrarch:{block['id']}:{verb['lemma']}"
            _index(d, Pattern(name, verb["code"], trigger, (), (), f"<{verb['lemma']}>", 0, verb=True))
    trigger = (Matcher(frozenset(all_forms)),)
    for pat in block["patterns"]:
        if not pat["code"] or not (pat["before"] or pat["after"]) or not all_forms:
            continue
        before = tuple(word_matcher(w, d.synsets, 5) for w in pat["before"])
        after = tuple(word_matcher(w, d.synsets, 5) for w in pat["after"])
        text = " ".join([*pat["before"], f"<{block['id'].lower()}>", *pat["after"]])
        _index(
            d,
            Pattern(
                f"petrarch:{block['id']}:{text}", pat["code"], trigger, before, after, text, 0, verb=True
            ),
        )


def add_issue(d: Dictionaries, entry: dict, file: Path) -> None:
    phrase, issue = _require(entry, ("phrase", "issue"), file, "issue")
    if issue not in d.issue_codes:
        raise InputError(f"{file}: issue {issue!r} is not in the project's issue taxonomy (issues.csv).")
    variants: list[list[str]] = [[]]
    for word in phrase.split():
        if word.endswith("*"):
            base = normalise(word[:-1])
            alternatives = [[f] for f in sorted(noun_forms(base) | verb_forms(base))]
        else:
            alternatives = [phrase_keys(word)]
        variants = [v + alt for v in variants for alt in alternatives]
    for v in variants:
        node = _trie_node(d.issue_trie, v)
        node.setdefault("issues", set()).add(issue)
        node["phrase"] = phrase


def add_refinement(d: Dictionaries, entry: dict, file: Path) -> None:
    """Words after a generic trigger that make its code specific: 'urged X to release' -> 0253."""
    if (
        not isinstance(entry, dict)
        or not isinstance(entry.get("phrases"), list)
        or not isinstance(entry.get("codes"), dict)
    ):
        raise InputError(
            f"{file}: each refinement needs 'phrases' (list) and 'codes' (root -> code); got {entry!r}."
        )
    for code in entry["codes"].values():
        if code not in d.cameo:
            raise InputError(f"{file}: refinement code {code!r} is not a CAMEO code.")
    d.refinements.append((phrase_regex(entry["phrases"], d.synsets), dict(entry["codes"])))


def phrase_regex(phrases: list[str], synsets: dict[str, list[str]]) -> re.Pattern:
    """One regular expression over space-joined token keys for a list of phrases (C speed, not word loops)."""
    alternatives = []
    for phrase in phrases:
        parts = []
        for word in phrase.split():
            m = word_matcher(word, synsets)
            options = [re.escape(k) for k in sorted(m.exact, key=len, reverse=True)]
            options += [re.escape(pre) + r"[^ ]*" for pre in m.prefixes]
            parts.append("(?:" + "|".join(options) + ")")
        alternatives.append(" ".join(parts))
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![^ ])(?:" + "|".join(alternatives) + r")(?![^ ])")
