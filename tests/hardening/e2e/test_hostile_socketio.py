"""The hostile corpus over the web page's socket.io channel of the real servers (python-socketio client)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import socketio

from bot.channels.guard import EMPTY_REPLY
from tests.hardening.corpus import CASES, CONTROL_QUESTION, NAMES, Case, is_correct_de_minimis_answer
from tests.hardening.e2e.checks import check_replies
from tests.hardening.e2e.conftest import HostileTarget

ANSWER_TIMEOUT = 60.0
QUIET = 1.0  # seconds without a new message before the turn's replies are taken as complete


class Visitor:
    """The web page's side of the conversation: a socket.io client with a confirmed session."""

    def __init__(self, url: str) -> None:
        self.url = url
        # Long-polling: this engine.io client's websocket transport needs a newer aiohttp than Rasa 3.6 allows.
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.session_id = ""

    async def connect(self) -> None:
        confirmed: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.client.on("session_confirm", lambda session_id: confirmed.set_result(session_id))
        self.client.on("bot_uttered", self.replies.put)
        await self.client.connect(self.url, socketio_path="/socket.io", transports=["polling"])
        await self.client.emit("session_request", {"session_id": None})
        self.session_id = await asyncio.wait_for(confirmed, 10)

    async def close(self) -> None:
        # Without abort, disconnecting waits for the pending long-poll request: about 30 s.
        await self.client.eio.disconnect(abort=True)

    async def send(self, payload: Any) -> None:
        await self.client.emit("user_uttered", payload)

    async def say(self, text: Any) -> list[str]:
        """Send `text`; the texts of the bot's messages, once none has come for QUIET seconds."""
        await self.send({"message": text, "session_id": self.session_id})
        texts = [(await asyncio.wait_for(self.replies.get(), ANSWER_TIMEOUT)).get("text", "")]
        while True:
            try:
                texts.append((await asyncio.wait_for(self.replies.get(), QUIET)).get("text", ""))
            except asyncio.TimeoutError:
                return texts


@pytest.fixture
async def visitor(hostile_target: HostileTarget) -> AsyncIterator[Visitor]:
    """A new visitor (so a new conversation) per test."""
    connected = Visitor(hostile_target.socketio_url)
    await connected.connect()
    yield connected
    await connected.close()


@pytest.mark.parametrize("case", CASES, ids=NAMES)
async def test_every_hostile_message_gets_a_proper_reply(visitor: Visitor, case: Case) -> None:
    check_replies(case, await visitor.say(case.text))


async def test_payloads_of_the_wrong_shape_leave_the_connection_working(visitor: Visitor) -> None:
    await visitor.send("not an object")
    await visitor.send(["message", "de minimis"])
    await visitor.send(None)
    await visitor.client.emit("user_uttered")  # no payload at all
    assert await visitor.say(12345) == [EMPTY_REPLY]  # a message that is not text
    answer = "\n".join(await visitor.say(CONTROL_QUESTION))
    assert is_correct_de_minimis_answer(answer), answer


async def test_after_the_corpus_a_normal_question_is_answered_correctly(
    visitor: Visitor, hostile_target: HostileTarget
) -> None:
    answer = "\n".join(await visitor.say(CONTROL_QUESTION))
    assert is_correct_de_minimis_answer(answer), answer
    assert hostile_target.alive()
