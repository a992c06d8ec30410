"""The Slack channel alone, in a Sanic server on a thread, with a stub in place of Rasa's agent.

Tests the channel's HTTP behaviour in seconds without a trained model. The stub answers
"/buttons" with a message with buttons, "/slow" after 2 s, "/fail" by raising, anything else with
an echo containing characters Slack treats specially.
"""

from __future__ import annotations

import asyncio

from rasa.core.channels.channel import UserMessage

from bot.channels.slack import CBPSlackInput
from tests.channels.serve import ChannelServer

BUTTONS = [
    {"title": "Customs fees", "payload": "/ask_fees"},
    {"title": "Talk to a person", "payload": "/request_human"},
]


class StubServer(ChannelServer):
    """A running Sanic app serving CBPSlackInput's blueprint at /webhooks/slack."""

    def __init__(self, channel: CBPSlackInput) -> None:
        self.received: list[UserMessage] = []
        super().__init__(channel, self._handle)

    @property
    def url(self) -> str:  # type: ignore[override]
        return ChannelServer.url(self, "webhook")

    async def _handle(self, message: UserMessage) -> None:
        self.received.append(message)
        out = message.output_channel
        if message.text == "/fail":
            raise RuntimeError("the stub bot failed on purpose")
        if message.text == "/slow":
            await asyncio.sleep(2)
        if message.text == "/buttons":
            await out.send_response(message.sender_id, {"text": "Pick a topic:", "buttons": [dict(b) for b in BUTTONS]})
        else:
            await out.send_response(
                message.sender_id, {"text": f"echo: {message.text} | <b> & https://x.test/?a=1&b=2."}
            )
