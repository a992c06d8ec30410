"""Fixtures for the conversation stores: tracker databases on SQLite and PostgreSQL, a Redis server.

PostgreSQL: TEST_POSTGRES_URL (set by `make test-unit`); these tests use its server's `tracker_test`
database, which `scripts/services.sh postgres` creates. Redis: TEST_REDIS_URL. Without them the
tests skip, unless REQUIRE_POSTGRES=1 / REQUIRE_REDIS=1, which turn the skip into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url

#: Every variable the stores read; each test starts with none of them set.
STORE_VARIABLES = ("TRACKER_STORE_URL", "LOCK_STORE_URL", "LOCK_STORE_KEY_PREFIX", "SANIC_WORKERS")
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet]
slots:
  origin:
    type: text
    mappings: [{type: custom}]
responses:
  utter_greet: [{text: "Hello"}]
"""
)


def service_url(variable: str, require_variable: str, what: str) -> str:
    """The URL in `variable`; skip without it, or fail when `require_variable`=1."""
    url = os.environ.get(variable)
    if not url:
        if os.environ.get(require_variable) == "1":
            pytest.fail(f"{require_variable}=1 but {variable} is not set")
        pytest.skip(f"{what} not configured (set {variable}; `make test` does)")
    return url


@pytest.fixture(autouse=True)
def clean_store_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in STORE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def postgres_tracker_url() -> str:
    """The `tracker_test` database on the test PostgreSQL server, without Rasa's table."""
    url = make_url(service_url("TEST_POSTGRES_URL", "REQUIRE_POSTGRES", "PostgreSQL")).set(database="tracker_test")
    engine = sa.create_engine(url, future=True)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS events CASCADE"))
        connection.execute(sa.text("DROP SEQUENCE IF EXISTS events_seq"))
    engine.dispose()
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A TRACKER_STORE_URL, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'conversations' / 'tracker.sqlite3'}"
    return request.getfixturevalue("postgres_tracker_url")


@pytest.fixture
def redis_url() -> str:
    return service_url("TEST_REDIS_URL", "REQUIRE_REDIS", "Redis")


@pytest.fixture
def dispose_stores() -> Iterator[list[SQLTrackerStore]]:
    """Append tracker stores here; their connection pools are closed after the test."""
    stores: list[SQLTrackerStore] = []
    yield stores
    for store in stores:
        store.engine.dispose()


def conversation(sender_id: str, *timestamps: float) -> DialogueStateTracker:
    """A tracker with one user turn (message, slot, bot reply, listen) per timestamp."""
    events: list[Event] = []
    for number, at in enumerate(timestamps):
        events += [
            UserUttered(f"message {number}", {"name": "greet", "confidence": 1.0}, timestamp=at),
            SlotSet("origin", f"CN{number}", timestamp=at + 0.1),
            BotUttered("Hello", timestamp=at + 0.2),
            ActionExecuted("action_listen", timestamp=at + 0.3),
        ]
    return DialogueStateTracker.from_events(sender_id, events, DOMAIN.slots)


def event_dicts(tracker: DialogueStateTracker | None) -> list[dict]:
    return [] if tracker is None else [event.as_dict() for event in tracker.events]
