"""At the default log level, the real servers' logs carry no text from users' messages, nor secrets."""

from __future__ import annotations

import uuid

from tests.e2e.conftest import API_TOKEN
from tests.hardening.log_checks import MARKER, assert_no_marker_in_logs


def test_server_logs_hold_no_user_text(assistant):
    sender = f"privacy-{uuid.uuid4().hex[:8]}"
    assistant.say(sender, f"will I pay duty on a $650 order of {MARKER} from Vietnam by DHL")
    assistant.say(sender, "no")  # not a gift: the form runs the assessment with the marker as goods
    assistant.say(sender, f"{MARKER} {MARKER}")  # an unknown message: fallback path
    logs = assistant.workdir / "logs"
    text = (logs / "rasa.log").read_text() + (logs / "actions.log").read_text()
    assert "Action server on http://" in text  # the servers log at their default level (INFO)
    assert_no_marker_in_logs(text)
    assert_no_marker_in_logs(text, API_TOKEN)  # nor the HTTP API's secret token
