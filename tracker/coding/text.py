"""Sentences and tokens with character offsets: the only text processing the coder needs (no parser, no model)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Initialisms first (U.S., U.N.), then words with inner hyphens/apostrophes, the possessive as its own token,
# numbers, and any other single non-space character (punctuation and quotes).
TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?=['’]s\b)"
    r"|['’]s\b"
    r"|[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*"
    r"|\d+(?:[.,:/]\d+)*(?:st|nd|rd|th)?"
    r"|[^\sA-Za-z\d]"
)

# Tokens that end with a period without ending a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov pres amb sec rev fr st mt ft "
    "jr sr inc corp co ltd bros no nos vol vs etc al approx dept est fig jan feb mar apr jun jul aug sep sept "
    "oct nov dec mon tue tues wed thu thur thurs fri sat sun u.s u.k u.n e.u a.m p.m d.c ph.d".split()
)
# After these initialisms a capitalised sentence opener does start a new sentence ("... on the U.S. The ...").
SENTENCE_OPENERS = frozenset(
    "the he she it they we i in on at but and a an this that these those its their his her our after before "
    "meanwhile however earlier later last when while".split()
)
QUOTES = "\"“”‘’'"


@dataclass(slots=True)
class Token:  # not frozen: frozen dataclasses are slower to build, and a sentence makes dozens
    text: str
    key: str  # normalised form used for dictionary look-ups
    start: int
    end: int
    cap: bool  # starts with a capital letter or a digit


def normalise(word: str) -> str:
    """Lower-case, no dots, straight apostrophes: 'U.S.' -> 'us', 'Gen.' -> 'gen'."""
    return word.replace("’", "'").replace(".", "").lower()


# "Saudi-led coalition", "British-flagged tanker", "Kurdish-held towns": the noun belongs to the named
# country, so the token is looked up as the country word ("Iran-backed militias" are not Iran's).
OWNER_SUFFIXES = frozenset(
    "led flagged owned held run controlled based operated commanded made built drafted sponsored "
    "proposed".split()
)
_SPECIAL_KEYS = {"'s": "'s", "’s": "'s", "us": "~us", "WHO": "who_org"}  # the pronoun is never the country;
_KEYS: dict[str, tuple[str, bool]] = {}  # raw -> (key, capitalised); WHO is the health organisation


def tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens = []
    append = tokens.append
    keys = _KEYS
    for m in TOKEN_RE.finditer(text):
        raw = m.group()
        known = keys.get(raw)
        if known is None:
            key = _SPECIAL_KEYS.get(raw) or normalise(raw)
            if "-" in key and raw[0].isupper():
                head, _, tail = key.rpartition("-")
                if tail in OWNER_SUFFIXES and head:
                    key = head
            first = raw[0]
            known = (key, first.isupper() or first.isdigit())
            if len(keys) < 200_000:
                keys[raw] = known
        start, end = m.span()
        append(Token(raw, known[0], start + offset, end + offset, known[1]))
    return tokens


_END_RE = re.compile(r"[.!?]+[\"”’')\]]*(?=\s)|\n\s*\n|\n(?=\s*[A-Z\"“])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of sentences, trimmed of surrounding white space."""
    spans = []
    start = 0
    for m in _END_RE.finditer(text):
        if m.group()[0] in ".!?" and not _is_boundary(text, m.start(), m.end()):
            continue
        if m.group()[0] == "\n" and m.group().count("\n") == 1 and not _line_break_ends(text, m.start()):
            continue
        end = m.end() if m.group()[0] in ".!?" else m.start()
        _add_span(text, start, end, spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def _line_break_ends(text: str, pos: int) -> bool:
    """A single newline ends a sentence after closing punctuation or a short heading-like line."""
    line_start = text.rfind("\n", 0, pos) + 1
    line = text[line_start:pos].rstrip()
    return not line or line[-1] in '.!?:"”’' or len(line) < 100


def _is_boundary(text: str, dot: int, after: int) -> bool:
    if text[dot] != ".":
        return True
    word = re.search(r"([A-Za-z.]+)$", text[:dot])
    if not word:
        return True
    w = word.group(1).lower().rstrip(".")
    following = re.match(r"\s+[\"“‘']?([A-Za-z]+)", text[after:])
    next_word = following.group(1) if following else ""
    if next_word and next_word[0].islower():
        return False
    if len(w) == 1 and w.isalpha():
        return False  # an initial: "J. Smith"
    if w in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", w):
        return "." in w and next_word.lower() in SENTENCE_OPENERS
    return True


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# A wire dateline opening an article or a paragraph: "TAIPEI, Oct 14 (Reuters) - ", "BEIJING (AP) — ",
# "KYIV, Ukraine — ", "BEIJING, March 22 (Xinhua) -- ". It names where the story was filed, not an actor.
_DATELINE_RE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z'.-]+(?:[ -][A-Z][A-Z'.-]+)*"  # TAIPEI, VATICAN CITY, PORT-AU-PRINCE
    r"(?:"
    r"(?:,[ \t]*[A-Z][A-Za-z.]*(?:[ \t][A-Za-z0-9.]+){0,3}?)(?:,[ \t]*\d{4})?"  # , Oct 14 / , Ukraine
    r"[ \t]*(?:\([A-Za-z .&/-]{2,40}\)[ \t]*)?"  # (Reuters), (AP), (Xinhua)
    r"|[ \t]*\([A-Za-z .&/-]{2,40}\)[ \t]*"  # BEIJING (AP)
    r")"
    r"(?:--|[-—–])[ \t]+"
)


def mask_datelines(text: str) -> str:
    """The text with its datelines blanked out (same length, so character offsets stay valid)."""
    if "-" not in text and "—" not in text and "–" not in text:
        return text
    return _DATELINE_RE.sub(lambda m: " " * len(m.group()), text)


def dateline(text: str) -> str | None:
    """The place of the article's first dateline ('NOVI SAD, Serbia', 'TAIPEI'), or None."""
    if "-" not in text and "—" not in text and "–" not in text:
        return None
    m = _DATELINE_RE.match(text)
    if m is None:
        return None
    return re.split(r"\(|--|[—–]| - ", m.group())[0].strip(" ,\t")
