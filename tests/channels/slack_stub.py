"""The Slack channel alone, in a Sanic server on a thread, with a stub in place of Rasa's agent.

Tests the channel's HTTP behaviour in seconds without a trained model. The stub answers
"/buttons" with a message with buttons, "/answer" like the assistant's answers (text, buttons and a
custom `{"cbp": ...}` payload in one response), "/long" with a reply longer than a Slack message,
"/slow" after 2 s, "/fail" by raising, anything else with an echo containing characters Slack treats
specially.
"""

from __future__ import annotations

import asyncio
import time

from rasa.core.channels.channel import UserMessage

from bot.channels.slack import CBPSlackInput
from tests.channels.serve import ChannelServer

BUTTONS = [
    {"title": "Customs fees", "payload": "/ask_fees"},
    {"title": "Talk to a person", "payload": "/request_human"},
]
ANSWER = {
    "text": "No: this shipment does not qualify for de minimis.\n"
    "As of 1 December 2026. Source: https://www.cbp.gov/trade/basic-import-export\n"
    "Questions: call 1-877-227-5511 or write to info@cbp.example.gov.\n"
    "General information, not legal advice.",
    "buttons": [
        {"title": "More detail", "payload": "/ask_more_detail"},
        {"title": "Sources", "payload": "/ask_sources"},
        {"title": "It was a gift", "payload": "It was a gift"},
    ],
    "custom": {
        "cbp": {
            "kind": "answer",
            "topic": "de_minimis",
            "detail": "The longer explanation.",
            "sources": [{"citation": "19 CFR 10.151", "url": "https://www.ecfr.gov/current/title-19/section-10.151"}],
        }
    },
}
LONG_LINE = "A long paragraph & <more> https://www.cbp.gov/a?b=1&c=2 " * 40  # about 2,300 characters
LONG_REPLY = "\n".join(f"{i}. {LONG_LINE}" for i in range(10))  # about 23,000 characters


class StubServer(ChannelServer):
    """A running Sanic app serving CBPSlackInput's blueprint at /webhooks/slack."""

    def __init__(self, channel: CBPSlackInput) -> None:
        self.received: list[UserMessage] = []
        super().__init__(channel, self._handle)

    @property
    def url(self) -> str:  # type: ignore[override]
        return ChannelServer.url(self, "webhook")

    def settle(self, timeout: float = 120.0) -> None:
        """Wait until the channel has no background work left: every turn it started has ended and posted.

        Slack requests are answered at once and their turns run in the background, so "nothing else
        was posted" can be asserted only after this (polled, with a deadline generous for a busy machine).
        """
        channel = self.channel
        deadline = time.monotonic() + timeout
        while channel._background_tasks or channel.guard._running:  # type: ignore[attr-defined]
            if time.monotonic() > deadline:
                raise AssertionError(f"the Slack channel still had background work after {timeout} s")
            time.sleep(0.05)

    async def _handle(self, message: UserMessage) -> None:
        self.received.append(message)
        out = message.output_channel
        if message.text == "/fail":
            raise RuntimeError("the stub bot failed on purpose")
        if message.text == "/slow":
            await asyncio.sleep(2)
        if message.text == "/buttons":
            await out.send_response(message.sender_id, {"text": "Pick a topic:", "buttons": [dict(b) for b in BUTTONS]})
        elif message.text == "/answer":
            answer = {**ANSWER, "buttons": [dict(b) for b in ANSWER["buttons"]], "custom": dict(ANSWER["custom"])}
            await out.send_response(message.sender_id, answer)
        elif message.text == "/long":
            await out.send_response(message.sender_id, {"text": LONG_REPLY})
            await out.send_response(message.sender_id, {"text": LONG_REPLY, "buttons": [dict(b) for b in BUTTONS]})
        else:
            await out.send_response(
                message.sender_id, {"text": f"echo: {message.text} | <b> & https://x.test/?a=1&b=2."}
            )
