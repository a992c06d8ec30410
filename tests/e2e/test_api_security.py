"""Rasa's HTTP API needs the token; the channels and health checks stay open to everyone."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.e2e.conftest import API_TOKEN

PROTECTED = [
    ("GET", "/status"),
    ("GET", "/conversations/{sender}/tracker"),
    ("POST", "/conversations/{sender}/messages"),
    ("POST", "/conversations/{sender}/trigger_intent"),
    ("GET", "/conversations/{sender}/story"),
    ("POST", "/model/parse"),
    ("PUT", "/model"),
    ("DELETE", "/model"),
    ("GET", "/domain"),
]


@pytest.mark.parametrize("method,path", PROTECTED)
@pytest.mark.parametrize("token", [None, "wrong-token", ""])
def test_the_http_api_refuses_without_the_right_token(assistant, method, path, token):
    sender = f"api-{uuid.uuid4().hex[:8]}"
    params = {} if token is None else {"token": token}
    body = {"text": "hello", "sender": "user", "name": "greet"}
    response = requests.request(
        method, assistant.base_url + path.format(sender=sender), params=params, json=body, timeout=10
    )
    assert response.status_code in (401, 403), (method, path, response.status_code, response.text[:200])
    assert "Traceback" not in response.text


def test_the_http_api_answers_with_the_token_and_keeps_the_conversation(assistant):
    sender = f"api-{uuid.uuid4().hex[:8]}"
    assistant.say(sender, "what is the de minimis limit?")
    response = requests.get(
        f"{assistant.base_url}/conversations/{sender}/tracker", params={"token": API_TOKEN}, timeout=10
    )
    assert response.status_code == 200
    texts = [event.get("text") for event in response.json()["events"] if event["event"] in ("user", "bot")]
    assert texts[0] == "what is the de minimis limit?" and any("de minimis" in (t or "") for t in texts[1:])
    parsed = requests.post(
        f"{assistant.base_url}/model/parse", params={"token": API_TOKEN}, json={"text": "hi there"}, timeout=10
    )
    assert parsed.status_code == 200 and parsed.json()["intent"]["name"] == "greet"


def test_channels_and_health_stay_open(assistant):
    assert assistant.say(f"api-{uuid.uuid4().hex[:8]}", "hello")  # the REST channel needs no token
    ready = requests.get(f"{assistant.base_url}/webhooks/health/ready", timeout=10)
    assert ready.status_code == 200, ready.text
    body = ready.json()
    assert body["ok"] is True and body["tracker_store"]["type"] == "SQLTrackerStore"
    assert body["action_server"]["ok"] is True and body["model"]["ok"] is True
    actions = requests.get(f"http://127.0.0.1:{assistant.actions_port}/ready", timeout=10)
    assert actions.status_code == 200 and actions.json()["thresholds"]["rules"] > 50
