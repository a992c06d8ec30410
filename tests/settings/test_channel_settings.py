"""The channels' variables in bot/settings.py: lenient where a typo must not stop the assistant; WEB_ORIGIN strict."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.settings import (
    ActionTimeoutSettings,
    ChannelGuardSettings,
    RasaServerSettings,
    RequestSizeSettings,
    SettingsError,
    SlackSettings,
    credential_value,
    expand_variables,
)
from tests.settings.test_settings import SECRET, run

LENIENT = [
    # variable, bad value, what the sentence says, the default used, how the channel reads it
    (
        "MAX_MESSAGE_CHARS",
        "lots",
        "MAX_MESSAGE_CHARS must be a whole number of characters (at least 1), not 'lots'",
        "MAX_MESSAGE_CHARS=2000",
        lambda env: ChannelGuardSettings.from_env(env).max_message_chars == 2000,
    ),
    (
        "MAX_MESSAGE_CHARS",
        "0",
        "MAX_MESSAGE_CHARS must be a whole number of characters (at least 1), not '0'",
        "MAX_MESSAGE_CHARS=2000",
        lambda env: ChannelGuardSettings.from_env(env).max_message_chars == 2000,
    ),
    (
        "RATE_LIMIT_PER_MINUTE",
        "-1",
        "RATE_LIMIT_PER_MINUTE must be a whole number of messages (0 for no limit), not '-1'",
        "RATE_LIMIT_PER_MINUTE=20",
        lambda env: ChannelGuardSettings.from_env(env).rate_limit_per_minute == 20,
    ),
    (
        "REPLY_DEADLINE_SECONDS",
        "nan",
        "REPLY_DEADLINE_SECONDS must be a number of seconds (at least 0.01), not 'nan'",
        "REPLY_DEADLINE_SECONDS=15.0",
        lambda env: ChannelGuardSettings.from_env(env).reply_deadline_seconds == 15.0,
    ),
    (
        "ACTION_TIMEOUT_SECONDS",
        "soon",
        "ACTION_TIMEOUT_SECONDS must be a positive number of seconds, not 'soon'",
        "ACTION_TIMEOUT_SECONDS=2.0",
        lambda env: ActionTimeoutSettings.from_env(env).seconds == 2.0,
    ),
    (
        "ACTION_TIMEOUT_SECONDS",
        "inf",
        "ACTION_TIMEOUT_SECONDS must be a positive number of seconds, not 'inf'",
        "ACTION_TIMEOUT_SECONDS=2.0",
        lambda env: ActionTimeoutSettings.from_env(env).seconds == 2.0,
    ),
    (
        "MAX_REQUEST_BYTES",
        "10",
        "MAX_REQUEST_BYTES must be a whole number of bytes (at least 1024), not '10'",
        "MAX_REQUEST_BYTES=1048576",
        lambda env: RequestSizeSettings.from_env(env).max_request_bytes == 1048576,
    ),
    (
        "SLACK_API_URL",
        "slack.com/api",
        "SLACK_API_URL must be an http(s) URL such as https://slack.com/api/, not 'slack.com/api'",
        "SLACK_API_URL=https://slack.com/api/",
        lambda env: SlackSettings.from_env(env).api_url == "https://slack.com/api/",
    ),
]
IDS = [f"{variable}={value}" for variable, value, *_ in LENIENT]


@pytest.mark.parametrize(("variable", "value", "sentence", "default", "reads_default"), LENIENT, ids=IDS)
def test_a_bad_channel_value_is_logged_by_name_and_the_default_used(
    variable: str,
    value: str,
    sentence: str,
    default: str,
    reads_default: Callable[[dict[str, str]], bool],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.settings"):
        assert reads_default({variable: value})
    assert f"{sentence}; using the default instead ({default})." in caplog.text


def test_the_channels_read_their_variables_through_the_settings(caplog: pytest.LogCaptureFixture) -> None:
    from bot.channels.action_timeout import configured_action_timeout
    from bot.channels.guard import GuardSettings
    from bot.channels.request_size import max_request_bytes

    with caplog.at_level(logging.WARNING, logger="bot.settings"):
        assert GuardSettings.from_env({"RATE_LIMIT_PER_MINUTE": "many", "MAX_MESSAGE_CHARS": "500"}) == GuardSettings(
            500, 20, 15.0
        )
        assert configured_action_timeout({"ACTION_TIMEOUT_SECONDS": "-3"}) == 2.0
        assert max_request_bytes({"MAX_REQUEST_BYTES": "1e6"}) == 1048576
    for variable in ("RATE_LIMIT_PER_MINUTE", "ACTION_TIMEOUT_SECONDS", "MAX_REQUEST_BYTES"):
        assert f"{variable} must be" in caplog.text
    assert "MAX_MESSAGE_CHARS" not in caplog.text  # a good value beside a bad one is kept
    assert configured_action_timeout({"ACTION_TIMEOUT_SECONDS": " 2.5 "}) == 2.5
    assert max_request_bytes({"MAX_REQUEST_BYTES": "65536"}) == 65536


def test_the_defaults_are_the_documented_ones() -> None:
    assert ChannelGuardSettings.from_env({}) == ChannelGuardSettings(
        max_message_chars=2000, rate_limit_per_minute=20, reply_deadline_seconds=15.0
    )
    assert ActionTimeoutSettings.from_env({}).seconds == 2.0
    assert RequestSizeSettings.from_env({}).max_request_bytes == 1048576
    slack = SlackSettings.from_env({})
    assert (slack.bot_token, slack.signing_secret, slack.api_url, slack.channel) == (
        "",
        "",
        "https://slack.com/api/",
        None,
    )
    assert ChannelGuardSettings.from_env({"RATE_LIMIT_PER_MINUTE": "0"}).rate_limit_per_minute == 0  # no limit


def test_python_m_bot_settings_reports_a_lenient_value_too() -> None:
    result = run("-m", "bot.settings", MAX_REQUEST_BYTES="lots")
    assert result.returncode == 2, result.stderr
    assert "MAX_REQUEST_BYTES must be a whole number of bytes (at least 1024), not 'lots'" in result.stderr
    assert "the Rasa server logs this and uses the default" in result.stderr


# ---- WEB_ORIGIN: one definition for Rasa's CORS and the socket.io channel ------------------------


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("assistant.example.org", "'assistant.example.org'"),
        ("https://assistant.example.org/chat", "'https://assistant.example.org/chat'"),
        ("http://localhost:eighty", "'http://localhost:eighty' (its port is not a number)"),
        ("https://a.example, ftp://b.example", "'ftp://b.example'"),
        (" , ", "' , '"),
    ],
)
def test_a_bad_web_origin_stops_the_channel_naming_the_variable(value: str, refused: str) -> None:
    from bot.channels.socketio import allowed_origins

    expected = (
        "WEB_ORIGIN must be the web page's origin such as http://localhost:8000 "
        "(several separated by commas, * for any)"
    )
    with pytest.raises(SettingsError) as error:
        allowed_origins({"WEB_ORIGIN": value})
    assert str(error.value) == f"{expected}, not {refused}"


def test_web_origin_accepts_what_the_channel_accepted() -> None:
    def origins(**env: str) -> frozenset[str] | None:
        return RasaServerSettings.from_env(env).page_origins

    assert origins(WEB_ORIGIN="https://assistant.example.org/") == {"https://assistant.example.org"}
    assert origins(WEB_ORIGIN="https://a.example, https://b.example") == {"https://a.example", "https://b.example"}
    assert origins(WEB_ORIGIN="http://127.0.0.1:8000") == {"http://127.0.0.1:8000"}
    assert origins(WEB_ORIGIN="*") is None
    assert origins() == {"http://localhost:8000"}
    assert origins(WEB_PORT="8123") == {"http://localhost:8123"}


def test_web_port_is_read_only_for_the_default_origin() -> None:
    """As before: with WEB_ORIGIN set, the Rasa server does not look at WEB_PORT (the web page's own setting)."""
    assert RasaServerSettings.from_env({"WEB_ORIGIN": "https://x.example", "WEB_PORT": "eighty"}).page_origins == {
        "https://x.example"
    }
    with pytest.raises(SettingsError, match=r"^WEB_PORT must be a port number \(1-65535\), not 'eighty'$"):
        RasaServerSettings.from_env({"WEB_PORT": "eighty"})


def test_python_m_bot_settings_names_a_bad_web_origin_once() -> None:
    result = run("-m", "bot.settings", WEB_ORIGIN="assistant.example.org")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "WEB_ORIGIN must be the web page's origin" in result.stderr


# ---- Slack: credentials.yml's "${VAR}" expanded by the channel ---------------------------------------


def test_credentials_values_are_expanded_from_the_environment() -> None:
    env = {"SLACK_BOT_TOKEN": " xoxb-1 ", "SLACK_SIGNING_SECRET": SECRET, "SLACK_CHANNEL": "C0123"}
    credentials = {
        "slack_token": "${SLACK_BOT_TOKEN}",
        "slack_signing_secret": "${SLACK_SIGNING_SECRET}",
        "slack_api_url": "${SLACK_API_URL}",  # unset: the default
    }
    settings = SlackSettings.from_credentials(credentials, env)
    assert (settings.bot_token, settings.signing_secret) == ("xoxb-1", SECRET)
    assert settings.api_url == "https://slack.com/api/" and settings.channel == "C0123"  # absent key: the variable
    literal = SlackSettings.from_credentials({"slack_token": "xoxb-literal", "slack_api_url": "http://127.0.0.1:9/api"})
    assert literal.bot_token == "xoxb-literal" and literal.api_url == "http://127.0.0.1:9/api"
    assert SECRET not in repr(settings.shown()) and settings.shown()["SLACK_SIGNING_SECRET"] == "(set)"


def test_a_bad_slack_api_url_in_credentials_is_logged_by_name(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.settings"):
        settings = SlackSettings.from_credentials(
            {"slack_api_url": "${SLACK_API_URL}", "slack_signing_secret": "${SLACK_SIGNING_SECRET}"},
            {"SLACK_API_URL": "localhost:3000/api", "SLACK_SIGNING_SECRET": SECRET},
        )
    assert settings.api_url == "https://slack.com/api/"
    assert (
        "SLACK_API_URL must be an http(s) URL such as https://slack.com/api/, not 'localhost:3000/api'" in caplog.text
    )
    assert SECRET not in caplog.text


def test_variables_expand_as_os_path_expandvars_does() -> None:
    env = {"A": "1", "EMPTY": ""}
    assert expand_variables("$A-${A}-$B-${B}-${EMPTY}-$$", env) == "1-1-$B-${B}--$$"
    assert credential_value("${B}", "X", env) == "" and credential_value("${A}x", "X", env) == "1x"
    assert credential_value(None, "A", env) == "1" and credential_value(None, "B", env) == ""
