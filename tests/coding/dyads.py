"""The root-level view of coded events that the wire-style and clause tests assert on."""

from __future__ import annotations

from datetime import date

PUB = date(2024, 7, 4)


def dyads(coder, text, published=PUB):
    """(source country/root, target country/root, CAMEO root) of every event, as the root-level score sees
    them."""
    return {(e.actor[:3], (e.target or "")[:3], e.code[:2]) for e in coder.code(text, published)}
