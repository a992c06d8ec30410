"""Serve one input channel's blueprint in a Sanic server on a thread, with a stub in place of Rasa's agent."""

from __future__ import annotations

import asyncio
import socket
import threading
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Sanic


class ChannelServer:
    """`channel`'s routes at /webhooks/<its url prefix>, every message handled by `bot`."""

    def __init__(self, channel: InputChannel, bot: Callable[[UserMessage], Awaitable[Any]]) -> None:
        self.channel = channel
        self.bot = bot
        self._loop = asyncio.new_event_loop()
        self._server: Any = None
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]

    def url(self, path: str = "webhook") -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/{self.channel.url_prefix()}/{path}"

    def start(self) -> ChannelServer:
        Sanic.test_mode = True
        app = Sanic(f"channel_{uuid.uuid4().hex[:8]}")
        app.blueprint(self.channel.blueprint(self.bot), url_prefix=f"/webhooks/{self.channel.url_prefix()}")
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)

            async def serve() -> None:
                self._server = await app.create_server(
                    host="127.0.0.1", port=self.port, return_asyncio_server=True, access_log=False
                )
                await self._server.startup()
                await self._server.before_start()  # as `rasa run` does: the channels' listeners (request size)
                ready.set()

            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        if not ready.wait(15):
            raise RuntimeError("Sanic test server did not start")
        return self

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
