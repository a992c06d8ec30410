"""The web page's socket.io channel applies the guard and survives payloads of any shape."""

from __future__ import annotations

from typing import Any

from bot.channels.guard import EMPTY_REPLY, ChannelGuard, GuardSettings
from bot.channels.socketio import SocketIOInput
from bot.contact import APOLOGY
from tests.channels.test_socketio import NAMESPACE, connected


async def session(channel: SocketIOInput, received: list) -> tuple[Any, str, str, list]:
    sio, sid, emitted = await connected(channel, received)
    await sio.handlers[NAMESPACE]["session_request"](sid, {"session_id": None})
    return sio, sid, emitted[0][1], emitted


def bot_texts(emitted: list) -> list[str]:
    return [data["text"] for event, data, _ in emitted if event == "bot_uttered"]


async def test_over_long_and_empty_messages_are_answered_without_reaching_rasa() -> None:
    received: list = []
    sio, sid, session_id, emitted = await session(SocketIOInput(session_persistence=True), received)
    handle = sio.handlers[NAMESPACE]["user_uttered"]
    await handle(sid, {"message": "x" * 5000, "session_id": session_id})
    await handle(sid, {"message": "\u200b \x00", "session_id": session_id})
    await handle(sid, {"message": 12345, "session_id": session_id})
    assert received == []
    assert bot_texts(emitted) == [
        "Your message is 5,000 characters long; I can read up to 2,000. Please send a shorter question.",
        EMPTY_REPLY,
        EMPTY_REPLY,
    ]
    assert {room for event, _, room in emitted if event == "bot_uttered"} == {session_id}


async def test_payloads_of_any_shape_do_not_crash_the_handler() -> None:
    received: list = []
    sio, sid, session_id, emitted = await session(SocketIOInput(session_persistence=True), received)
    handle = sio.handlers[NAMESPACE]["user_uttered"]
    payloads = [
        None,
        42,
        "text",
        ["message"],
        b"bytes",
        {"message": None, "session_id": session_id},
        {"message": "hi", "session_id": session_id, "metadata": "{not json"},
        {"message": "hi", "session_id": session_id, "metadata": [1, 2]},
    ]
    for payload in payloads:
        await handle(sid, payload)
    assert [(m.text, m.metadata) for m in received] == [("hi", {}), ("hi", {})]
    assert EMPTY_REPLY in bot_texts(emitted)  # the None message
    for payload in (None, 42, "text", {"session_id": 5}):
        await sio.handlers[NAMESPACE]["session_request"](sid, payload)
    # An event with no payload at all (`emit("user_uttered")`) calls the handler with the socket id only.
    await handle(sid)
    await sio.handlers[NAMESPACE]["session_request"](sid)


async def test_a_silent_turn_gets_the_apology() -> None:
    channel = SocketIOInput(session_persistence=True, guard=ChannelGuard("socketio", GuardSettings()))
    sio, sid, emitted = await connected(channel, [])  # the stub bot records but never replies
    await sio.handlers[NAMESPACE]["session_request"](sid, {"session_id": None})
    await sio.handlers[NAMESPACE]["user_uttered"](sid, {"message": "hello", "session_id": emitted[0][1]})
    assert bot_texts(emitted) == [APOLOGY]
