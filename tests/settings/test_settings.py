"""bot/settings.py: every variable typed and checked in one place; a bad value is named, never a traceback."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
import sys

import pytest

from bot.settings import (
    GROUPS,
    ActionServerSettings,
    ConversationStoreSettings,
    RasaServerSettings,
    SettingsError,
    ThresholdSettings,
    WebSettings,
)
from tests.conftest import ROOT

SECRET = "S3cret-not-for-messages"


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    """A command of the project with `env` added to a clean copy of the environment."""
    declared = {group.variable(name) for group in GROUPS for name in group.__fields__}
    base = {key: value for key, value in os.environ.items() if key not in declared}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("command", "variable", "value", "expected"),
    [
        (("-m", "bot.settings"), "RASA_PORT", "abc", "RASA_PORT must be a port number (1-65535), not 'abc'"),
        (("-m", "bot", "web"), "WEB_PORT", "eighty", "WEB_PORT must be a port number (1-65535), not 'eighty'"),
        (("-m", "bot", "actions"), "ACTIONS_PORT", "99999", "ACTIONS_PORT must be a port number (1-65535)"),
        (("-m", "bot", "web"), "WEB_REPLY_TIMEOUT", "0", "WEB_REPLY_TIMEOUT must be a positive number of seconds"),
        (("-m", "bot", "web"), "RASA_URL", "localhost:5005", "RASA_URL must be an http(s) URL"),
    ],
    ids=["RASA_PORT", "WEB_PORT", "ACTIONS_PORT", "WEB_REPLY_TIMEOUT", "RASA_URL"],
)
def test_a_bad_value_stops_the_command_with_a_sentence_naming_the_variable(command, variable, value, expected):
    result = run(*command, **{variable: value})
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_python_m_bot_settings_shows_the_settings_with_secrets_hidden():
    result = run("-m", "bot.settings", STAFF_TOKEN=SECRET, RASA_API_TOKEN=SECRET, WEB_PORT="8123")
    assert result.returncode == 0, result.stderr
    assert "WEB_PORT=8123" in result.stdout and "STAFF_TOKEN=(set)" in result.stdout
    assert SECRET not in result.stdout


def test_defaults_are_the_documented_ones():
    """README and docs/production-profile.md: the embedded profile of `make run`."""
    web = WebSettings.from_env({})
    assert (web.host, web.port, web.rasa_url, web.rasa_api_url) == (
        "127.0.0.1",
        8000,
        "http://localhost:5005",
        "http://localhost:5005",
    )
    assert web.reply_timeout_seconds == 30 and web.staff_token is None and web.staff_session_hours == 12
    actions = ActionServerSettings.from_env({})
    assert (actions.host, actions.port, actions.log_level) == ("127.0.0.1", 5055, "INFO")
    assert RasaServerSettings.from_env({}).port == 5005
    assert ThresholdSettings.from_env({}).url == f"sqlite:///{ROOT / 'var' / 'thresholds.sqlite3'}"
    stores = ConversationStoreSettings.from_env({})
    assert stores.lock_store is None and stores.lock_store_key_prefix == "cbpbot" and stores.sanic_workers == 1
    assert stores.tracker_url.database.endswith(os.path.join("var", "tracker.sqlite3"))


def test_an_empty_variable_counts_as_unset_as_in_the_scripts():
    settings = WebSettings.from_env({"WEB_PORT": "", "RASA_URL": "  ", "STAFF_TOKEN": ""})
    assert (settings.port, settings.rasa_url, settings.staff_enabled) == (8000, "http://localhost:5005", False)


def test_keywords_read_no_environment(monkeypatch):
    monkeypatch.setenv("STAFF_TOKEN", SECRET)
    monkeypatch.setenv("WEB_PORT", "9999")
    assert WebSettings().staff_token is None and WebSettings().port == 8000
    assert WebSettings.from_env().staff_token == SECRET
    assert WebSettings.from_env(port=8001).port == 8001  # a command-line option wins


def test_every_problem_is_named_at_once_and_secrets_are_not_repeated():
    with pytest.raises(SettingsError) as refused:
        WebSettings.from_env({"WEB_PORT": "x", "WEB_REPLY_TIMEOUT": "soon", "RASA_API_TOKEN": SECRET})
    message = str(refused.value)
    assert "WEB_PORT must be" in message and "WEB_REPLY_TIMEOUT must be a positive number of seconds" in message
    with pytest.raises(SettingsError, match="TRACKER_STORE_URL") as refused:
        ConversationStoreSettings.from_env({"TRACKER_STORE_URL": f"mysql://cbp:{SECRET}@db/tracker"})
    assert SECRET not in str(refused.value)


def test_lenient_settings_log_a_bad_value_and_keep_the_default(caplog):
    with caplog.at_level(logging.WARNING):
        settings = WebSettings.from_env({"WEB_PORT": "eighty", "WEB_HOST": "0.0.0.0"}, lenient=True)
    assert (settings.port, settings.host) == (8000, "0.0.0.0")
    assert "WEB_PORT must be a port number" in caplog.text and "using the default" in caplog.text


def test_a_bad_sanic_workers_means_one_worker_as_in_rasa():
    assert ConversationStoreSettings.from_env({"SANIC_WORKERS": "many"}).sanic_workers == 1
    assert ConversationStoreSettings.from_env({"SANIC_WORKERS": "4"}).sanic_workers == 4


def test_settings_cannot_be_changed_after_they_are_read():
    settings = WebSettings.from_env({})
    with pytest.raises(TypeError):
        settings.port = 1  # type: ignore[misc]


def test_every_variable_is_documented():
    """docs/production-profile.md lists every variable."""
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "production-profile.md").read_text()))
    declared = {group.variable(name) for group in GROUPS for name in group.__fields__} - {None}
    assert declared - documented == set()


def test_the_settings_module_imports_no_rasa():
    code = "import sys, bot.settings; print(sorted({m.split('.')[0] for m in sys.modules} & {'rasa', 'rasa_sdk'}))"
    result = run("-c", code)
    assert result.stdout.strip() == "[]", result.stderr


def test_assistant_today_fixes_the_date_the_assistant_takes_as_today() -> None:
    from bot.settings import ClockSettings

    assert ClockSettings.from_env({"ASSISTANT_TODAY": "2026-12-01"}).today == dt.date(2026, 12, 1)
    assert ClockSettings.from_env({}).today is None
    assert ClockSettings.from_env({"ASSISTANT_TODAY": "1 Dec"}).today is None  # logged; the system's date is used
