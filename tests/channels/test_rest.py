"""The REST channel (bot/channels/rest.py) over HTTP, with a stub bot: polite 400s, the guard, Rasa's contract."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import pytest
import requests
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.console import CmdlineInput
from rasa.core.run import create_http_input_channels

from bot.channels.guard import ChannelGuard, GuardSettings
from bot.channels.rest import GuardedRestInput
from bot.contact import APOLOGY
from tests.channels.serve import ChannelServer
from tests.conftest import ROOT

DEADLINE = 0.5


class StubBot:
    """Echoes; "slow" answers after 1.5 s, "fail" raises."""

    def __init__(self) -> None:
        self.received: list[UserMessage] = []

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if message.text == "fail":
            raise RuntimeError("stub failure")
        if message.text == "slow":
            await asyncio.sleep(1.5)
        await message.output_channel.send_response(message.sender_id, {"text": f"echo: {message.text}"})


@pytest.fixture(scope="module")
def bot() -> StubBot:
    return StubBot()


@pytest.fixture(scope="module")
def server(bot: StubBot) -> Iterator[ChannelServer]:
    channel = GuardedRestInput(ChannelGuard("rest", GuardSettings(reply_deadline_seconds=DEADLINE)))
    running = ChannelServer(channel, bot).start()
    yield running
    running.stop()


def post(server: ChannelServer, body: bytes | dict, **kwargs: object) -> requests.Response:
    if isinstance(body, dict):
        return requests.post(server.url(), json=body, timeout=10, **kwargs)
    return requests.post(server.url(), data=body, timeout=10, **kwargs)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b'{"message": "unterminated',
        b"\xff\xfe\x00{",
        b"[1, 2]",
        b'"just a string"',
        b"null",
        b'{"sender": "a"}',
        b'{"sender": "a", "message": null}',
        b'{"sender": "a", "message": 42}',
        b'{"sender": "a", "message": {"text": "hi"}}',
        b'{"sender": "a", "message": ["hi"]}',
        b'{"sender": {"id": 1}, "message": "hi"}',
        b'{"sender": true, "message": "hi"}',
        json.dumps({"sender": "s" * 257, "message": "hi"}).encode(),
        b'{"sender": "a\\u0000b", "message": "hi"}',
        b'{"sender": "a\\ud800", "message": "hi"}',
        b'{"sender": "line\\nbreak", "message": "hi"}',
        b'{"sender": "a", "message": "hi", "metadata": "x"}',
        b'{"sender": "a", "message": "hi", "input_channel": 5}',
    ],
)
def test_malformed_requests_get_a_polite_400_and_reach_no_bot(server: ChannelServer, bot: StubBot, body: bytes) -> None:
    before = len(bot.received)
    reply = post(server, body)
    assert reply.status_code == 400
    answer = reply.json()
    assert answer["error"] and answer["text"].startswith("Sorry") and "Traceback" not in reply.text
    assert len(bot.received) == before


def test_a_question_is_answered_as_rasas_rest_channel_does(server: ChannelServer, bot: StubBot) -> None:
    reply = post(server, {"sender": "rest-1", "message": "  is de minimis\x00 still $800?  ", "metadata": {"a": 1}})
    assert reply.status_code == 200
    assert reply.json() == [{"recipient_id": "rest-1", "text": "echo: is de minimis still $800?"}]
    message = bot.received[-1]
    assert (message.sender_id, message.input_channel, message.metadata) == ("rest-1", "rest", {"a": 1})


def test_the_readmes_curl_form_body_and_numeric_senders_work(server: ChannelServer) -> None:
    # curl -d sends application/x-www-form-urlencoded; Rasa's channel reads the JSON body anyway.
    reply = post(
        server, b'{"sender": 7, "message": "hello"}', headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert reply.json() == [{"recipient_id": "7", "text": "echo: hello"}]


def test_an_over_long_message_gets_the_limit_and_is_not_passed_on(server: ChannelServer, bot: StubBot) -> None:
    before = len(bot.received)
    reply = post(server, {"sender": "rest-2", "message": "a" * 20_000})
    assert reply.status_code == 200
    assert reply.json() == [
        {
            "recipient_id": "rest-2",
            "text": "Your message is 20,000 characters long; I can read up to 2,000. Please send a shorter question.",
        }
    ]
    assert len(bot.received) == before


def test_an_empty_message_is_answered_without_the_bot(server: ChannelServer, bot: StubBot) -> None:
    before = len(bot.received)
    [reply] = post(server, {"sender": "rest-3", "message": " \u200b\n"}).json()
    assert "didn't receive any text" in reply["text"] and len(bot.received) == before


def test_a_failure_gets_the_apology_not_a_500(server: ChannelServer) -> None:
    reply = post(server, {"sender": "rest-4", "message": "fail"})
    assert reply.status_code == 200 and reply.json() == [{"recipient_id": "rest-4", "text": APOLOGY}]


def test_a_slow_turn_returns_the_apology_at_the_deadline_and_drops_the_late_reply(server: ChannelServer) -> None:
    started = time.monotonic()
    reply = post(server, {"sender": "rest-5", "message": "slow"})
    elapsed = time.monotonic() - started
    assert reply.json() == [{"recipient_id": "rest-5", "text": APOLOGY}]
    assert DEADLINE <= elapsed < DEADLINE + 0.8, elapsed


def test_streaming_writes_one_json_reply_per_line(server: ChannelServer) -> None:
    reply = requests.post(server.url() + "?stream=true", json={"sender": "rest-6", "message": "hello"}, timeout=10)
    assert [json.loads(line) for line in reply.text.splitlines() if line] == [
        {"recipient_id": "rest-6", "text": "echo: hello"}
    ]
    reply = requests.post(server.url() + "?stream=true", json={"sender": "rest-6", "message": "slow"}, timeout=10)
    assert [json.loads(line)["text"] for line in reply.text.splitlines() if line] == [APOLOGY]


def test_the_channel_keeps_rasas_url_and_health_route(server: ChannelServer) -> None:
    assert GuardedRestInput.name() == "rest" and server.url().endswith("/webhooks/rest/webhook")
    assert requests.get(server.url(""), timeout=5).json() == {"status": "ok"}


def test_credentials_yml_uses_the_guarded_channel_and_rasa_shell_is_unaffected(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    credentials = str(ROOT / "credentials.yml")
    channels = create_http_input_channels(None, credentials)  # what `rasa run --credentials` does
    [rest] = [channel for channel in channels if channel.name() == "rest"]
    assert isinstance(rest, GuardedRestInput)
    # `rasa shell` runs its own server with only the `cmdline` channel (Rasa's RestInput): not guarded.
    assert [type(channel) for channel in create_http_input_channels("cmdline", credentials)] == [CmdlineInput]
