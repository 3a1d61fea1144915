"""The coder loads its dictionaries once per test session (they are read-only)."""

from __future__ import annotations

import pytest

from tracker.coding import Coder


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder.load()
