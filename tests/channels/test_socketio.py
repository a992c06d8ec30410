"""The web page's socket.io channel: session persistence that works, and sessions bound to their socket."""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import pytest
import yaml
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from socketio import AsyncServer

from bot.channels.socketio import SocketIOInput

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "/"


async def _maybe(value):
    return await value if inspect.isawaitable(value) else value


async def connected(channel: RasaSocketIOInput, received: list) -> tuple:
    """The channel's socket.io server with one connected client, and the events emitted to clients."""

    async def on_new_message(message) -> None:
        received.append(message)

    channel.blueprint(on_new_message)
    sio = channel.sio
    emitted: list = []

    async def emit(event, data=None, room=None, namespace=None, **_kwargs) -> None:
        emitted.append((event, data, room))

    sio.emit = emit
    sid = await _maybe(sio.manager.connect("engine-io-1", NAMESPACE))
    return sio, sid, emitted


def in_room(sio: AsyncServer, sid: str, room: str) -> bool:
    return sid in dict(sio.manager.get_participants(NAMESPACE, room))


async def test_a_session_request_joins_the_session_room_and_confirms_it():
    received: list = []
    sio, sid, emitted = await connected(SocketIOInput(session_persistence=True), received)
    await sio.handlers[NAMESPACE]["session_request"](sid, {"session_id": None})
    ((event, session_id, room),) = emitted
    assert event == "session_confirm" and room == sid and len(session_id) == 32
    assert in_room(sio, sid, session_id)  # so the bot's replies, sent to the session's room, arrive

    await sio.handlers[NAMESPACE]["user_uttered"](
        sid, {"message": "hello", "session_id": session_id, "metadata": '{"lang": "en"}'}
    )
    (message,) = received
    assert (message.text, message.sender_id, message.input_channel, message.metadata) == (
        "hello",
        session_id,
        "socketio",
        {"lang": "en"},
    )


async def test_a_returning_visitor_keeps_their_session():
    sio, sid, emitted = await connected(SocketIOInput(session_persistence=True), [])
    await sio.handlers[NAMESPACE]["session_request"](sid, {"session_id": "0123456789abcdef0123456789abcdef"})
    assert emitted[0][1] == "0123456789abcdef0123456789abcdef"
    assert in_room(sio, sid, "0123456789abcdef0123456789abcdef")


async def test_made_up_session_ids_and_other_conversations_are_refused():
    received: list = []
    sio, sid, emitted = await connected(SocketIOInput(session_persistence=True), received)
    await sio.handlers[NAMESPACE]["session_request"](sid, {"session_id": "U012AB3CD"})  # e.g. a Slack user id
    session_id = emitted[0][1]
    assert session_id != "U012AB3CD" and len(session_id) == 32
    handle = sio.handlers[NAMESPACE]["user_uttered"]
    await handle(sid, {"message": "hi", "session_id": "U012AB3CD"})
    await handle(sid, {"message": "hi", "session_id": None})
    await handle(sid, {"message": {"not": "text"}, "session_id": session_id})
    await handle(sid, "not a dict")
    assert received == []
    other_sio, other_sid, _ = await connected(SocketIOInput(session_persistence=True), received)
    await other_sio.handlers[NAMESPACE]["user_uttered"](other_sid, {"message": "hi", "session_id": session_id})
    assert received == []  # a socket that never asked for this session cannot write into it


async def test_without_persistence_the_socket_is_the_conversation():
    received: list = []
    sio, sid, _ = await connected(SocketIOInput(session_persistence=False), received)
    await sio.handlers[NAMESPACE]["user_uttered"](sid, {"message": "hi"})
    assert received[0].sender_id == sid


@pytest.mark.skipif(
    not inspect.iscoroutinefunction(AsyncServer.enter_room),
    reason="this python-socketio's enter_room is not a coroutine: Rasa's own channel works",
)
async def test_rasa_36s_own_channel_loses_the_replies_with_this_python_socketio():
    """Why bot.channels.socketio exists (RasaHQ/rasa#13027)."""
    sio, sid, emitted = await connected(RasaSocketIOInput(session_persistence=True), [])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "coroutine ... was never awaited"
        await sio.handlers[NAMESPACE]["session_request"](sid, {"session_id": None})
    assert not in_room(sio, sid, emitted[0][1])


def test_credentials_use_the_fixed_socketio_channel():
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text()) or {}
    if inspect.iscoroutinefunction(AsyncServer.enter_room):
        assert "socketio" not in credentials, (
            "credentials.yml uses Rasa's own socketio channel, which never delivers replies with session_persistence "
            "on this python-socketio (RasaHQ/rasa#13027): rename the key to bot.channels.socketio.SocketIOInput"
        )
    settings = credentials.get("bot.channels.socketio.SocketIOInput") or credentials.get("socketio") or {}
    assert settings.get("session_persistence") is True
    assert (settings.get("user_message_evt"), settings.get("bot_message_evt")) == ("user_uttered", "bot_uttered")


CBP = {"cbp": {"kind": "answer", "topic": "de_minimis", "detail": "More.", "sources": []}}


async def test_custom_json_reaches_the_page_as_the_events_data():
    """An answer's text, buttons and {"cbp": ...} payload in one response: the text (with its quick replies)
    and then a separate bot_uttered event whose data is {"custom": {...}}, sent to the session's room."""
    buttons = [{"title": "More detail", "payload": "/ask_more_detail"}, {"title": "Sources", "payload": "/ask_sources"}]
    channel = SocketIOInput(session_persistence=True)

    async def answer(message) -> None:
        await message.output_channel.send_response(
            message.sender_id, {"text": "No.", "buttons": [dict(b) for b in buttons], "custom": CBP}
        )

    channel.blueprint(answer)
    sio = channel.sio
    real_emit = inspect.signature(AsyncServer.emit)
    emitted: list = []

    async def strict_emit(*args, **kwargs) -> None:
        real_emit.bind(sio, *args, **kwargs)  # raises TypeError where the real AsyncServer.emit would
        emitted.append((args[0], args[1] if len(args) > 1 else kwargs.get("data"), kwargs.get("room")))

    sio.emit = strict_emit
    sid = await _maybe(sio.manager.connect("engine-io-1", NAMESPACE))
    await sio.handlers[NAMESPACE]["session_request"](sid, {"session_id": None})
    session_id = emitted[-1][1]
    await sio.handlers[NAMESPACE]["user_uttered"](sid, {"message": "hi", "session_id": session_id})
    assert emitted[1:] == [
        (
            "bot_uttered",
            {"text": "No.", "quick_replies": [{"content_type": "text", **button} for button in buttons], "lang": "en"},
            session_id,
        ),
        ("bot_uttered", {"custom": CBP}, session_id),
    ]


async def test_rasa_36s_own_output_cannot_send_such_custom_json():
    """Why bot.channels.socketio has its own output: Rasa passes the custom message's keys to emit()."""
    from rasa.core.channels.socketio import SocketIOOutput

    with pytest.raises(TypeError, match="cbp"):
        await SocketIOOutput(AsyncServer(async_mode="asgi"), "bot_uttered").send_custom_json("room", dict(CBP))
