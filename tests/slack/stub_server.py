"""The Slack channel alone, in a Sanic server on a thread, with a stub in place of Rasa's agent.

Tests the channel's HTTP behaviour in seconds without a trained model. The stub answers
"/buttons" with a message with buttons, "/slow" after 2 s, "/fail" by raising, anything else with
an echo containing characters Slack treats specially.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import uuid
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.slack import CBPSlackInput

BUTTONS = [
    {"title": "Customs fees", "payload": "/ask_fees"},
    {"title": "Talk to a person", "payload": "/request_human"},
]


class StubServer:
    """A running Sanic app serving CBPSlackInput's blueprint at /webhooks/slack."""

    def __init__(self, channel: CBPSlackInput) -> None:
        self.channel = channel
        self.received: list[UserMessage] = []
        self._loop = asyncio.new_event_loop()
        self._server: Any = None
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/slack/webhook"

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

    def start(self) -> StubServer:
        Sanic.test_mode = True
        app = Sanic(f"slack_stub_{uuid.uuid4().hex[:8]}")
        app.blueprint(self.channel.blueprint(self._handle), url_prefix="/webhooks/slack")
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)

            async def serve() -> None:
                self._server = await app.create_server(
                    host="127.0.0.1", port=self.port, return_asyncio_server=True, access_log=False
                )
                await self._server.startup()
                ready.set()

            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        if not ready.wait(15):
            raise RuntimeError("stub Sanic server did not start")
        return self

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
