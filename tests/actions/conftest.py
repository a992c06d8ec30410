"""Action tests: real rasa_sdk Trackers and dispatchers against an in-memory threshold database.

The actions are given a fixed clock (`ActionAnswer(clock=CLOCK)`); nothing is patched.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import thresholds
from bot.thresholds import load_directory, migrate
from bot.thresholds.formatting import day
from tests.conftest import RULES_DIR

#: The day the action tests run on: within the suspension of de minimis (29 August 2025 - 30 June 2027).
TODAY = dt.date(2026, 11, 26)
DOMAIN: dict[str, Any] = {}


def CLOCK() -> dt.date:
    return TODAY


def data_as_of() -> dt.date:
    """The rules' "as of" date, as the data set states it (data/thresholds/_dataset.yaml)."""
    return yaml.safe_load((RULES_DIR / "_dataset.yaml").read_text(encoding="utf-8"))["data_as_of"]


def dated(today: dt.date = TODAY) -> str:
    """The line of every answer that says for which day it is and how fresh its data is."""
    return f"Applies to {day(today)}. Data as of {day(data_as_of())}."


def memory_rules_store(monkeypatch):
    """An in-memory SQLite store holding the project's rules, as every action reads it."""
    monkeypatch.setenv("THRESHOLDS_DB_URL", "sqlite://")
    thresholds._stores.clear()
    store = thresholds.open_store()
    migrate(store.engine)
    load_directory(store.engine, RULES_DIR)
    yield store
    thresholds._stores.clear()
    thresholds.shared_engine.cache_clear()


@pytest.fixture(autouse=True)
def memory_rules(monkeypatch):
    """Every action test reads the in-memory rules."""
    yield from memory_rules_store(monkeypatch)


def entity(name: str, value: Any, text: str = "", surface: str | None = None, **info: Any) -> dict:
    """An entity as the extractor gives it; `surface` (its words in `text`) places it in the message."""
    start = max(text.find(surface), 0) if surface else 0
    found = {
        "entity": name,
        "value": value,
        "start": start,
        "end": start + max(len(surface or ""), 1),
        "extractor": "CBPEntityExtractor",
    }
    if info:
        found["additional_info"] = info
    return found


def make_tracker(
    text: str = "",
    intent: str = "check_shipment",
    entities: list[dict] | None = None,
    slots: dict | None = None,
    events: list[dict] | None = None,
    confidence: float = 0.95,
    ranking: list[dict] | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
    }
    user_event = {"event": "user", "text": text, "parse_data": latest}
    return Tracker(
        sender_id="test-user",
        slots={**(slots or {})},
        latest_message=latest,
        events=(events or []) + [user_event],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(message["text"] for message in dispatcher.messages if message.get("text"))


def slots_set(events: list[dict]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
