"""Hostile input and faults against the real servers: one assistant serves the corpus on all three channels.

These tests start Rasa servers (about a minute each on two busy cores), so they run only when asked
for: `pytest tests/hardening/e2e` (or a file in it; `make smoke` names the directory), or with
HARDENING_E2E=1. Collected as part of a wider run (`pytest tests`), they are skipped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.channels.fake_slack import FakeSlack
from tests.channels.slack_requests import SECRET, TOKEN
from tests.conftest import ROOT
from tests.e2e.servers import Assistant, rules_database, start_assistant

E2E_DIR = Path(__file__).resolve().parent


def _asked_for(config: pytest.Config) -> bool:
    if os.environ.get("HARDENING_E2E") == "1":
        return True
    for arg in config.args:
        path = Path(str(arg).split("::")[0]).resolve()
        if path == E2E_DIR or E2E_DIR in path.parents:
            return True
    return False


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "hardening_e2e: hostile input and faults against the real servers")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="starts real servers: run `pytest tests/hardening/e2e` or set HARDENING_E2E=1")
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.hardening_e2e)
            if not _asked_for(config):
                item.add_marker(skip)


def require_model() -> None:
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` first (make smoke does)")


@dataclass
class HostileTarget:
    """The running servers, the fake Slack Web API they post to, and the three channels' addresses."""

    assistant: Assistant
    slack: FakeSlack

    @property
    def rest_url(self) -> str:
        return self.assistant.rest_url

    @property
    def slack_url(self) -> str:
        return f"{self.assistant.base_url}/webhooks/slack/webhook"

    @property
    def socketio_url(self) -> str:
        return self.assistant.base_url

    def alive(self) -> bool:
        process = self.assistant.rasa_process
        return process is not None and process.poll() is None


@pytest.fixture(scope="package")
def hostile_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileTarget]:
    """One assistant with REST, socket.io and Slack (to a fake Slack API), for the whole corpus."""
    require_model()
    workdir = tmp_path_factory.mktemp("hostile")
    slack = FakeSlack().start()
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url}
    try:
        assistant = start_assistant(workdir, rules_database(workdir), extra_env=env)
    except Exception:
        slack.stop()
        raise
    yield HostileTarget(assistant, slack)
    assistant.stop()
    slack.stop()


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
