"""The coder's output: one proposed event with its evidence and the reasons it was coded."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CodedEvent:
    actor: str  # CAMEO actor code of the source, e.g. "USAGOV"
    target: str | None  # None when the event has no target
    code: str  # CAMEO event code, e.g. "0214"
    issues: tuple[str, ...]
    date: datetime.date | None  # None only when neither the sentence nor the article has a date
    evidence: str  # the sentence
    start: int  # text[start:end] == evidence
    end: int
    confidence: float
    explain: dict = field(default_factory=dict, compare=False, hash=False)

    def to_json(self, explain: bool = False) -> dict:
        out = {
            "actor": self.actor,
            "target": self.target,
            "code": self.code,
            "issues": list(self.issues),
            "date": self.date.isoformat() if self.date else None,
            "evidence": self.evidence,
            "confidence": self.confidence,
        }
        if explain:
            out["explain"] = self.explain
        return out
