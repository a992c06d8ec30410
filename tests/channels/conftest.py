"""Fixtures of the channel tests: the Slack channel against a fake Slack API, a Redis the servers share.

The Slack tests alone: `pytest -m slack tests/channels` (tests/channels/e2e needs a trained model).
Redis: TEST_REDIS_URL (set by `make test-unit`, from `scripts/services.sh redis`); without it the
tests that need it skip, unless REQUIRE_REDIS=1, which turns the skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from bot.channels.guard import ChannelGuard, GuardSettings
from bot.channels.slack import CBPSlackInput
from tests.channels.fake_slack import FakeSlack
from tests.channels.slack_requests import SECRET, TOKEN
from tests.channels.slack_stub import StubServer


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slack: tests of the Slack channel (bot/channels/slack*)")
    config.addinivalue_line("markers", "slack_e2e: Slack tests against the real Rasa servers (need a model)")


@pytest.fixture(scope="module")
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def stub(fake_slack: FakeSlack) -> Iterator[StubServer]:
    """The channel (configured for the fake Slack API) in a Sanic server with a stub bot."""
    # The stub's "/slow" turn takes 2 s: a generous reply deadline keeps the guard's apology out of these tests.
    guard = ChannelGuard("slack", GuardSettings(reply_deadline_seconds=10.0))
    channel = CBPSlackInput(TOKEN, SECRET, slack_api_url=fake_slack.api_url, guard=guard)
    server = StubServer(channel).start()
    yield server
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def no_shared_redis() -> Iterator[None]:
    """Channels keep their state in memory unless a test asks for `shared_redis`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LOCK_STORE_URL", raising=False)
        patch.delenv("LOCK_STORE_KEY_PREFIX", raising=False)
        yield


@pytest.fixture
def shared_redis(monkeypatch: pytest.MonkeyPatch) -> str:
    """LOCK_STORE_URL set to the test Redis, with a key prefix of this test's own (no cleanup needed)."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but TEST_REDIS_URL is not set")
        pytest.skip("Redis not configured (set TEST_REDIS_URL; `make test` does)")
    monkeypatch.setenv("LOCK_STORE_URL", url)
    monkeypatch.setenv("LOCK_STORE_KEY_PREFIX", "test" + uuid.uuid4().hex[:12])
    return url
