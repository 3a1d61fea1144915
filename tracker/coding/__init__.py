"""The automatic event coder: article text in, proposed CAMEO events with evidence out. Pure: no database.

coder = Coder.load()
events = coder.code(text, published=date(2024, 7, 2))
"""

from tracker.coding.coder import VERSION, Coder
from tracker.coding.events import CodedEvent
from tracker.coding.names import known_actor_names

__all__ = ["VERSION", "Coder", "CodedEvent", "known_actor_names"]
