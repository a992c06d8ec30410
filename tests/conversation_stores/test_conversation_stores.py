"""The stores endpoints.yml names: Rasa builds them exactly as it does at start-up (bot/conversation_stores.py)."""

from __future__ import annotations

import logging
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from bot.settings import SettingsError
from tests.conversation_stores.conftest import DOMAIN, conversation, event_dicts

ROOT = Path(__file__).resolve().parents[2]
TRACKER = EndpointConfig(type="bot.conversation_stores.EnvTrackerStore")
LOCKS = EndpointConfig(type="bot.conversation_stores.EnvLockStore")
SECRET = "S3cret-not-for-logs"


def tracker_store(dispose_stores: list) -> SQLTrackerStore:
    """What Rasa creates at start-up from `tracker_store: {type: bot.conversation_stores.EnvTrackerStore}`."""
    store = TrackerStore.create(TRACKER, DOMAIN)
    dispose_stores.append(store)
    return store


# ---- tracker store ----------------------------------------------------------------------------


async def test_default_is_a_sqlite_file_under_the_working_directory_that_survives_a_restart(
    tmp_path,
    monkeypatch,
    dispose_stores,
) -> None:
    monkeypatch.chdir(tmp_path)
    store = tracker_store(dispose_stores)
    assert type(store) is SQLTrackerStore
    assert store.engine.url.get_backend_name() == "sqlite"
    assert Path(store.engine.url.database) == tmp_path / "var" / "tracker.sqlite3"

    await store.save(conversation("visitor", 1_700_000_000.0))
    restarted = tracker_store(dispose_stores)  # a new Rasa process on the same directory
    assert event_dicts(await restarted.retrieve_full_tracker("visitor")) == event_dicts(
        conversation("visitor", 1_700_000_000.0)
    )


async def test_tracker_store_url_selects_the_database(tracker_url, monkeypatch, dispose_stores) -> None:
    monkeypatch.setenv("TRACKER_STORE_URL", tracker_url)
    store = tracker_store(dispose_stores)
    assert type(store) is SQLTrackerStore
    assert store.engine.url.get_backend_name() == tracker_url.split(":")[0].split("+")[0]

    await store.save(conversation("importer-1", 1_700_000_000.0, 1_700_000_100.0))
    await store.save(conversation("importer-2", 1_700_000_050.0))
    other_server = tracker_store(dispose_stores)  # another Rasa server on the same database
    assert event_dicts(await other_server.retrieve_full_tracker("importer-1")) == event_dicts(
        conversation("importer-1", 1_700_000_000.0, 1_700_000_100.0)
    )
    assert sorted(await other_server.keys()) == ["importer-1", "importer-2"]
    restored = await other_server.retrieve("importer-1")
    assert restored.get_slot("origin") == "CN1"


def test_relative_sqlite_url_is_under_the_working_directory(tmp_path, monkeypatch, dispose_stores) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRACKER_STORE_URL", "sqlite:///stores/conversations.db")
    tracker_store(dispose_stores)
    assert (tmp_path / "stores" / "conversations.db").is_file()


def test_the_password_never_reaches_the_logs(monkeypatch, caplog, dispose_stores) -> None:
    # Nothing listens on port 1: Rasa logs the failed connection and goes on (it retries per request).
    monkeypatch.setenv("TRACKER_STORE_URL", f"postgresql://cbp:{SECRET}@127.0.0.1:1/tracker")
    with caplog.at_level(logging.DEBUG):
        store = tracker_store(dispose_stores)
    assert store.engine.url.password == SECRET  # it is used...
    assert "postgresql://cbp:***@127.0.0.1:1/tracker" in caplog.text  # ...and shown masked
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    "url",
    [f"mysql://cbp:{SECRET}@db/tracker", f"not a url {SECRET}", "sqlite://"],
    ids=["unsupported database", "not a URL", "in-memory SQLite"],
)
def test_an_unusable_tracker_store_url_stops_rasa_with_a_clear_message(url, monkeypatch) -> None:
    monkeypatch.setenv("TRACKER_STORE_URL", url)
    with pytest.raises(SettingsError, match="TRACKER_STORE_URL") as refused:
        TrackerStore.create(TRACKER, DOMAIN)
    assert SECRET not in str(refused.value)


# ---- endpoints.yml and the action server's URL --------------------------------------------------


def test_endpoints_yml_takes_the_action_server_and_the_stores_from_the_environment(
    tmp_path,
    monkeypatch,
    dispose_stores,
) -> None:
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://actions.internal:5055/webhook")
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.sqlite3'}")
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    assert endpoints.action.url == "http://actions.internal:5055/webhook"
    store = TrackerStore.create(endpoints.tracker_store, DOMAIN)
    dispose_stores.append(store)
    assert type(store) is SQLTrackerStore
    assert Path(store.engine.url.database) == tmp_path / "tracker.sqlite3"
    assert type(LockStore.create(endpoints.lock_store)) is InMemoryLockStore


def test_rasa_refuses_endpoints_yml_without_an_action_server_url(monkeypatch) -> None:
    monkeypatch.delenv("ACTION_ENDPOINT_URL", raising=False)
    with pytest.raises(RasaException, match="ACTION_ENDPOINT_URL"):
        AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))


@pytest.mark.parametrize(
    ("preset", "expected"),
    [(None, "http://127.0.0.1:5999/webhook"), ("http://actions:5055/webhook", "http://actions:5055/webhook")],
)
def test_env_sh_defaults_the_action_server_url_to_the_local_actions_port(preset, expected) -> None:
    env = {key: value for key, value in os.environ.items() if key != "ACTION_ENDPOINT_URL"}
    env["ACTIONS_PORT"] = "5999"
    if preset:
        env["ACTION_ENDPOINT_URL"] = preset
    shown = subprocess.run(
        ["bash", "-c", 'source scripts/env.sh && printf %s "$ACTION_ENDPOINT_URL"'],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout == expected


# ---- lock store ---------------------------------------------------------------------------------


async def test_without_lock_store_url_locks_are_in_memory() -> None:
    store = LockStore.create(LOCKS)
    assert type(store) is InMemoryLockStore
    async with store.lock("visitor") as lock:
        assert store.get_lock("visitor") is lock
    assert store.get_lock("visitor") is None


def test_several_workers_without_a_shared_lock_store_are_refused(monkeypatch) -> None:
    monkeypatch.setenv("SANIC_WORKERS", "4")
    with pytest.raises(SettingsError, match="LOCK_STORE_URL"):
        LockStore.create(LOCKS)


def test_lock_store_url_configures_redis(monkeypatch) -> None:
    monkeypatch.setenv("LOCK_STORE_URL", "redis://:p%40ss%2Fword@redis.internal:6380/3")
    monkeypatch.setenv("LOCK_STORE_KEY_PREFIX", "staging")
    store = LockStore.create(LOCKS)  # Redis is not there: a warning, not a failure
    assert type(store) is RedisLockStore
    connection = store.red.connection_pool.connection_kwargs
    assert (connection["host"], connection["port"], connection["db"]) == ("redis.internal", 6380, 3)
    assert connection["password"] == "p@ss/word"
    assert store.key_prefix == "staging:lock:"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("LOCK_STORE_URL", f"http://:{SECRET}@127.0.0.1:6379/1"),
        ("LOCK_STORE_URL", f"redis://:{SECRET}@127.0.0.1:63x9/1"),
        ("LOCK_STORE_URL", f"redis://:{SECRET}@127.0.0.1:6379/locks"),
        ("LOCK_STORE_KEY_PREFIX", "cbp-bot"),
    ],
    ids=["not redis", "bad port", "bad database", "prefix not alphanumeric"],
)
def test_an_unusable_lock_store_setting_is_refused(variable, value, monkeypatch) -> None:
    monkeypatch.setenv("LOCK_STORE_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable) as refused:
        LockStore.create(LOCKS)
    assert SECRET not in str(refused.value)


def test_unreachable_redis_is_a_warning_without_the_password(monkeypatch, caplog) -> None:
    monkeypatch.setenv("LOCK_STORE_URL", f"redis://:{SECRET}@127.0.0.1:1/1")
    with caplog.at_level(logging.DEBUG):
        store = LockStore.create(LOCKS)
    assert type(store) is RedisLockStore
    assert "does not answer" in caplog.text
    assert "redis://:***@127.0.0.1:1/1" in caplog.text
    assert SECRET not in caplog.text


async def test_two_rasa_servers_share_locks_through_redis(redis_url, monkeypatch) -> None:
    monkeypatch.setenv("LOCK_STORE_URL", redis_url)
    monkeypatch.setenv("LOCK_STORE_KEY_PREFIX", f"test{uuid.uuid4().hex}")
    first, second = LockStore.create(LOCKS), LockStore.create(LOCKS)
    assert type(first) is RedisLockStore and type(second) is RedisLockStore

    async with first.lock("visitor"):
        # The second server's turn for this conversation waits for the first one's.
        ticket = second.issue_ticket("visitor")
        assert second.get_lock("visitor").is_locked(ticket)
        assert not second.get_lock("another-visitor")
        second.cleanup("visitor", ticket)
    assert first.get_lock("visitor") is None and second.get_lock("visitor") is None
    assert not second.red.keys(f"{second.key_prefix}*")
