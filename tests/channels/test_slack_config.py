"""credentials.yml and the environment: the Slack channel is optional and configured from env vars only."""

from __future__ import annotations

import logging

import pytest
import requests
from rasa.shared.utils.common import class_from_module_path
from rasa.shared.utils.io import read_config_file

from bot.channels.slack import DEFAULT_API_URL, CBPSlackInput, resolve_setting
from tests.channels.slack_requests import SECRET, TOKEN, event_body, post_event
from tests.channels.slack_stub import StubServer
from tests.conftest import ROOT

pytestmark = pytest.mark.slack

SLACK_KEY = "bot.channels.slack.CBPSlackInput"
ENV = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "SLACK_CHANNEL")


@pytest.fixture
def no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def channel_from_credentials_yml() -> CBPSlackInput:
    """What `rasa run --credentials credentials.yml` does for the Slack section."""
    credentials = read_config_file(str(ROOT / "credentials.yml"))
    channels = {"bot.channels.rest.GuardedRestInput", "bot.channels.socketio.SocketIOInput", SLACK_KEY}
    assert channels <= set(credentials)
    channel = class_from_module_path(SLACK_KEY).from_credentials(credentials[SLACK_KEY])
    assert isinstance(channel, CBPSlackInput) and channel.name() == "slack" and channel.url_prefix() == "slack"
    return channel


@pytest.mark.usefixtures("no_slack_env")
def test_without_slack_variables_rasa_still_starts_and_slack_is_disabled(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="bot.channels.slack"):
        channel = channel_from_credentials_yml()
    assert not channel.enabled
    assert "Slack channel disabled: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set" in caplog.text


@pytest.mark.usefixtures("no_slack_env")
def test_half_configured_slack_is_disabled_with_an_error(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    with caplog.at_level(logging.INFO, logger="bot.channels.slack"):
        channel = channel_from_credentials_yml()
    assert not channel.enabled
    assert any(
        r.levelno == logging.ERROR and "SLACK_SIGNING_SECRET is not set" in r.getMessage() for r in caplog.records
    )


@pytest.mark.usefixtures("no_slack_env")
def test_slack_variables_configure_the_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    channel = channel_from_credentials_yml()
    assert channel.enabled and channel.slack_token == TOKEN and channel.slack_signing_secret == SECRET
    assert channel.slack_api_url == DEFAULT_API_URL and channel.conversation_granularity == "thread"
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    channel = channel_from_credentials_yml()
    assert channel.slack_api_url == "http://127.0.0.1:9/api/"
    assert channel.get_output_channel("C1", "1.2").client.base_url == "http://127.0.0.1:9/api/"


def test_resolve_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CBP_TEST_VALUE", " abc ")
    monkeypatch.delenv("CBP_TEST_UNSET", raising=False)
    assert resolve_setting("${CBP_TEST_VALUE}", "X") == "abc"
    assert resolve_setting("${CBP_TEST_UNSET}", "X") == ""
    assert resolve_setting("already-expanded", "X") == "already-expanded"
    assert resolve_setting(None, "CBP_TEST_VALUE") == "abc"
    assert resolve_setting(None, "CBP_TEST_UNSET") == ""


def test_a_disabled_channel_answers_503_and_processes_nothing() -> None:
    server = StubServer(CBPSlackInput("", "", enabled=False)).start()
    try:
        assert requests.get(server.url.rsplit("/", 1)[0] + "/", timeout=5).json() == {"status": "disabled"}
        reply = post_event(server.url, event_body("hello", "C1"))
        assert reply.status_code == 503 and not server.received
    finally:
        server.stop()


def test_an_enabled_channel_without_a_secret_is_refused() -> None:
    from rasa.shared.exceptions import InvalidConfigException

    with pytest.raises(InvalidConfigException):
        CBPSlackInput(TOKEN, "")
