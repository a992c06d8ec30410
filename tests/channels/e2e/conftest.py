"""One real assistant (Rasa server + action server) with the Slack channel pointed at a fake Slack API."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.channels.fake_slack import FakeSlack
from tests.channels.slack_requests import SECRET, TOKEN
from tests.conftest import ROOT
from tests.e2e.servers import Assistant, rules_database, start_assistant


@dataclass
class SlackAssistant:
    """The running servers, the fake Slack they post to, and the Slack webhook URL."""

    assistant: Assistant
    slack: FakeSlack

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.assistant.rasa_port}/webhooks/slack/webhook"


@pytest.fixture(scope="session")
def slack_assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackAssistant]:
    """Started once per session (about 30 s); stopped at the end."""
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.skip("no trained model in models/: run `make train` first (make smoke does)")
    workdir = tmp_path_factory.mktemp("slack_assistant")
    db_url = rules_database(workdir)
    fake = FakeSlack().start()
    env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url}
    try:
        assistant = start_assistant(workdir, db_url, extra_env=env)
    except Exception:
        fake.stop()
        raise
    yield SlackAssistant(assistant, fake)
    assistant.stop()
    fake.stop()
