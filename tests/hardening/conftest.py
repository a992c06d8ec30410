"""Fixtures of the hardening tests: the project's rules in an in-memory database, a fixed 'today'."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import actions.common
from bot import thresholds
from bot.thresholds import ThresholdStore, load_directory, migrate
from tests.actions.conftest import TODAY
from tests.conftest import RULES_DIR


@pytest.fixture
def rules_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThresholdStore]:
    """What every action reads: an in-memory SQLite store holding the project's rules; 'today' is fixed."""
    monkeypatch.setenv("THRESHOLDS_DB_URL", "sqlite://")
    thresholds._stores.clear()
    store = thresholds.open_store()
    migrate(store.engine)
    load_directory(store.engine, RULES_DIR)
    monkeypatch.setattr(actions.common, "today", lambda: TODAY)
    for module in ("actions.topic_answers", "actions.shipment_form", "actions.fallback"):
        monkeypatch.setattr(f"{module}.today", lambda: TODAY)
    yield store
    thresholds._stores.clear()
    thresholds.shared_engine.cache_clear()
