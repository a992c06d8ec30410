"""Fixtures of the hardening tests: the project's rules in an in-memory database (the actions get a fixed clock)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.thresholds import ThresholdStore
from tests.actions.conftest import memory_rules_store


@pytest.fixture
def rules_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThresholdStore]:
    """What every action reads: an in-memory SQLite store holding the project's rules."""
    yield from memory_rules_store(monkeypatch)
