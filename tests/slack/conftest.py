"""Slack channel tests: run alone with `pytest -m slack tests/slack` (the e2e ones need a trained model)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.channels.guard import ChannelGuard, GuardSettings
from bot.channels.slack import CBPSlackInput
from tests.slack.fake_slack import FakeSlack
from tests.slack.helpers import SECRET, TOKEN
from tests.slack.stub_server import StubServer


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slack: tests of the Slack channel (bot/channels)")
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
