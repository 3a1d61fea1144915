"""Regular English inflections, enough to expand dictionary lemmas into the forms found in news text."""

from __future__ import annotations

VOWELS = set("aeiou")
IRREGULAR = {
    "say": "said",
    "tell": "told",
    "meet": "met",
    "hold": "held",
    "send": "sent",
    "fight": "fought",
    "strike": "struck",
    "shoot": "shot",
    "speak": "spoke spoken",
    "take": "took taken",
    "give": "gave given",
    "begin": "began begun",
    "lay": "laid",
    "beat": "beat beaten",
    "bring": "brought",
    "sell": "sold",
    "lead": "led",
    "leave": "left",
    "win": "won",
    "find": "found",
    "freeze": "froze frozen",
    "break": "broke broken",
    "drive": "drove driven",
    "fly": "flew flown",
    "forgive": "forgave forgiven",
    "hit": "hit",
    "put": "put",
    "set": "set",
    "cut": "cut",
    "shut": "shut",
    "spread": "spread",
    "write": "wrote written",
    "withdraw": "withdrew withdrawn",
    "rise": "rose risen",
    "go": "went gone",
    "come": "came",
    "run": "ran",
    "see": "saw seen",
    "throw": "threw thrown",
    "overthrow": "overthrew overthrown",
    "sweep": "swept",
    "keep": "kept",
    "stand": "stood",
    "build": "built",
    "lend": "lent",
    "pay": "paid",
    "deal": "dealt",
    "make": "made",
    "swear": "swore sworn",
    "forbid": "forbade forbidden",
    "uphold": "upheld",
    "withhold": "withheld",
    "oversee": "oversaw overseen",
    "undertake": "undertook undertaken",
    "buy": "bought",
    "seek": "sought",
    "teach": "taught",
    "think": "thought",
    "shake": "shook shaken",
    "bid": "bid",
    "forsake": "forsook forsaken",
    "rebuild": "rebuilt",
    "mistake": "mistook mistaken",
    "arise": "arose arisen",
    "fall": "fell fallen",
    "lose": "lost",
    "stick": "stuck",
    "sink": "sank sunk",
    "tear": "tore torn",
    "wear": "wore worn",
    "bear": "bore borne",
    "slay": "slew slain",
    "hang": "hung hanged",
    "feel": "felt",
    "hear": "heard",
    "mean": "meant",
    "read": "read",
    "spend": "spent",
    "wake": "woke woken",
    "spring": "sprang sprung",
    "blow": "blew blown",
    "draw": "drew drawn",
    "be": "is are was were been being",
    "have": "has had having",
    "do": "does did done doing",
}


def verb_forms(lemma: str) -> set[str]:
    """'ban' -> {ban, bans, banned, banning}; irregular forms come from the dictionaries themselves."""
    w = lemma
    forms = {w, plural(w)} | set(IRREGULAR.get(w, "").split())
    if w.endswith("o"):
        forms.add(w + "es")  # veto -> vetoes
    if w.endswith("l") and len(w) > 2 and w[-2] in VOWELS:
        forms |= {w + "led", w + "ling"}  # British: initial -> initialled, label -> labelled
    if w.endswith("e") and not w.endswith("ee"):
        forms |= {w + "d", w[:-1] + "ing"}
    elif w.endswith("ee"):
        forms |= {w + "d", w + "ing"}
    elif w.endswith("y") and len(w) > 2 and w[-2] not in VOWELS:
        forms |= {w[:-1] + "ied", w + "ing"}
    else:
        forms |= {w + "ed", w + "ing"}
        if _cvc(w):
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


def plural(w: str) -> str:
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if w.endswith("y") and len(w) > 2 and w[-2] not in VOWELS:
        return w[:-1] + "ies"
    if w.endswith("man"):
        return w[:-3] + "men"
    return w + "s"


def noun_forms(word: str) -> set[str]:
    return {word, plural(word)}


def _cvc(w: str) -> bool:
    """Verbs ending consonant-vowel-consonant may double their last letter (ban -> banned, airdrop ->
    airdropped); both spellings are generated, a form that never occurs costs nothing."""
    return len(w) >= 3 and w[-1] not in VOWELS | set("wxy") and w[-2] in VOWELS and w[-3] not in VOWELS
