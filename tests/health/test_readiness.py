"""Readiness checks of the action server (/ready) and of the Rasa server (/webhooks/health/ready)."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot import actions_server
from bot.channels import health
from bot.thresholds import create_engine, load_directory, migrate
from tests.conftest import RULES_DIR


@pytest.fixture
def thresholds_url(tmp_path, monkeypatch):
    """Point the actions' store at a fresh database file; the test decides what it holds."""
    url = f"sqlite:///{tmp_path / 'thresholds.sqlite3'}"
    monkeypatch.setenv("THRESHOLDS_DB_URL", url)
    return url


def test_actions_ready_with_the_rules_loaded(thresholds_url):
    engine = create_engine(thresholds_url)
    migrate(engine)
    load_directory(engine, RULES_DIR)
    engine.dispose()
    body, status = actions_server.readiness()
    assert status == 200
    assert body["ok"] is True and body["thresholds"]["rules"] > 50


def test_actions_not_ready_with_an_empty_database(thresholds_url):
    engine = create_engine(thresholds_url)
    migrate(engine)
    engine.dispose()
    body, status = actions_server.readiness()
    assert status == 503
    assert body["ok"] is False and "no data set" in body["thresholds"]["error"]


def test_actions_not_ready_when_the_database_cannot_be_read(monkeypatch):
    monkeypatch.setenv("THRESHOLDS_DB_URL", "postgresql://nobody:wrong@127.0.0.1:9/none")
    body, status = actions_server.readiness()
    assert status == 503
    assert "cannot be read" in body["thresholds"]["error"]
    assert "wrong" not in str(body)  # the password never shows


def test_action_health_url_follows_the_webhook_url():
    assert health.action_health_url("http://10.0.0.5:5055/webhook") == "http://10.0.0.5:5055/health"
    assert health.action_health_url("https://a.example/rasa/webhook?x=1") == "https://a.example/rasa/health"


def sql_store(url: str) -> FailSafeTrackerStore:
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    return FailSafeTrackerStore(SQLTrackerStore(Domain.empty(), dialect=parts.drivername, db=parts.database))


def test_tracker_store_check_reaches_the_database_under_the_fail_safe_wrapper(tmp_path):
    store = sql_store(f"sqlite:///{tmp_path / 'tracker.sqlite3'}")
    assert asyncio.run(health.check_tracker_store(store)) == {"ok": True, "type": "SQLTrackerStore"}
    # The database goes away under the running store: the fail-safe wrapper would hide it, the check does not.
    store._tracker_store.engine.dispose()
    (tmp_path / "tracker.sqlite3").unlink()
    (tmp_path / "tracker.sqlite3").mkdir()  # a directory where the file was: unreadable
    result = asyncio.run(health.check_tracker_store(store))
    assert result["ok"] is False and result["type"] == "SQLTrackerStore"


def test_lock_store_check():
    assert asyncio.run(health.check_lock_store(InMemoryLockStore()))["ok"] is True

    class DownRedis:
        red = type("Client", (), {"ping": staticmethod(lambda: (_ for _ in ()).throw(ConnectionError("refused")))})()

    assert asyncio.run(health.check_lock_store(DownRedis())) == {
        "ok": False,
        "type": "DownRedis",
        "error": "ConnectionError",
    }


async def test_action_server_check_up_and_down():
    app = web.Application()
    app.router.add_get("/health", lambda _: web.json_response({"status": "ok"}))
    server = TestServer(app)
    await server.start_server()
    url = str(server.make_url("/webhook"))
    assert (await health.check_action_server(EndpointConfig(url)))["ok"] is True
    await server.close()
    down = await health.check_action_server(EndpointConfig(url))
    assert down["ok"] is False and down["url"].endswith("/health")
    assert (await health.check_action_server(None))["ok"] is False


async def test_rasa_readiness_without_a_model_is_not_ready():
    assert await health.readiness(None) == {"ok": False, "model": {"ok": False, "error": "no model loaded"}}
