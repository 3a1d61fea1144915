"""Regular English inflections, enough to expand dictionary lemmas into the forms found in news text."""

from __future__ import annotations

VOWELS = set("aeiou")


def verb_forms(lemma: str) -> set[str]:
    """'ban' -> {ban, bans, banned, banning}; irregular forms come from the dictionaries themselves."""
    w = lemma
    forms = {w, plural(w)}
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
    """Short verbs ending consonant-vowel-consonant double their last letter: ban -> banned."""
    return (
        len(w) >= 3 and w[-1] not in VOWELS | set("wxy") and w[-2] in VOWELS and w[-3] not in VOWELS
        and (len(w) <= 4 or w.endswith(("mit", "fer", "pel", "cur", "gret", "trol")))
    )
