"""Rasa's socket.io channel with working session persistence, for the web page.

Use it in credentials.yml in place of `socketio:` (same settings)::

    bot.web.socketio_channel.SocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true

Why: with `session_persistence: true`, Rasa 3.6's channel puts the browser's socket in a room named
after the conversation's session id and sends the bot's replies to that room. It calls
`sio.enter_room(...)` without `await`, and since python-socketio 5.10 `AsyncServer.enter_room` is a
coroutine, so the socket never joins the room and the page never receives a reply
(RasaHQ/rasa#13027). This subclass awaits it when needed.

It also binds each socket to the session it asked for: a message is accepted only for the session
id that the same socket received in `session_confirm`, so a client cannot write into another
conversation (a Slack or REST sender id, say) by naming it; and a session id offered by a client
must look like the ones this channel issues (32 hex digits), else it gets a new one.

Custom JSON responses (e.g. `{"cbp": {...}}`) reach the page as a `bot_uttered` event whose data is
`{"custom": {...}}`. Rasa 3.6's `SocketIOOutput.send_custom_json` instead passes the message's keys
to `AsyncServer.emit` as keyword arguments (`emit(event, cbp=..., room=...)`), a TypeError for any key
other than emit's own (`data`, `room`...), which fails the turn after its text was sent.

Every message goes through the channel guard (bot/channels/guard.py: rate limit, empty and over-long
messages, control characters, an apology when the turn fails or is slow). An event whose payload
is not an object is ignored; a `message` that is not text is answered as an empty message.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint

from bot.channels import action_validation
from bot.channels.action_timeout import bound_action_timeout
from bot.channels.guard import ChannelGuard
from bot.channels.warmup import add_warm_up

logger = logging.getLogger(__name__)

bound_action_timeout()
action_validation.install()

SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


class CBPSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, with custom JSON sent as the event's data: `{"custom": json_message}`."""

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self.sio.emit(self.bot_message_evt, {"custom": json_message}, room=recipient_id)


class SocketIOInput(RasaSocketIOInput):
    """`socketio` channel whose session persistence works with python-socketio 5.10 and later."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self, *args: Any, guard: ChannelGuard | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = guard or ChannelGuard(self.name())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        add_warm_up(blueprint)
        sio = self.sio
        sessions: dict[str, str] = {}  # socket id -> the session id confirmed to it

        async def session_request(sid: str, data: Any = None) -> None:  # a client may send no payload at all
            offered = data.get("session_id") if isinstance(data, dict) else None
            session_id = offered if isinstance(offered, str) and SESSION_ID.match(offered) else uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
                sessions[sid] = session_id
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def handle_message(sid: str, data: Any = None) -> None:
            if not isinstance(data, dict):
                logger.info("socket.io message ignored: its payload is not an object")
                return
            if self.session_persistence:
                sender_id = sessions.get(sid)
                if sender_id is None or data.get("session_id") != sender_id:
                    logger.warning("socket.io message ignored: it does not name the session confirmed to its socket")
                    return
            else:
                sender_id = sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            text = data.get("message")
            message = UserMessage(
                text if isinstance(text, str) else "",
                CBPSocketIOOutput(sio, self.bot_message_evt),
                sender_id,
                input_channel=self.name(),
                metadata=metadata,
            )
            await self.guard.handle(on_new_message, message)

        async def disconnect(sid: str, *_reason: Any) -> None:
            sessions.pop(sid, None)

        # Replace the handlers Rasa registered for these events.
        sio.on("session_request", handler=session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handler=handle_message, namespace=self.namespace)
        sio.on("disconnect", handler=disconnect, namespace=self.namespace)
        return blueprint
