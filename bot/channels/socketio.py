"""Rasa's socket.io channel with working session persistence, for the web page.

Use it in credentials.yml in place of `socketio:` (same settings)::

    bot.channels.socketio.SocketIOInput:
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

Only the web page may connect: a request to the socket.io endpoint (the websocket handshake as well
as HTTP long-polling) whose `Origin` is not the page's (`WEB_ORIGIN`, see `allowed_origins`) gets
HTTP 403 before engine.io sees it. Browsers enforce CORS on polling but not on websockets, so
without this any site a visitor opens could talk to the assistant in their name (cross-site
WebSocket hijacking). A request without an `Origin` (not a browser: curl, tests) is let through.
WEB_ORIGIN is read by bot/settings.py (`RasaServerSettings`, the same definition as Rasa's `--cors`);
a value that is not a list of origins stops the channel, naming the variable, rather than guess.

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
from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint, response

from bot.channels import rasa_patches
from bot.channels.guard import ChannelGuard
from bot.channels.request_size import add_request_size_limit
from bot.channels.warmup import add_warm_up
from bot.nlu.language import DEFAULT_LANGUAGE, detect
from bot.settings import RasaServerSettings, SettingsError

logger = logging.getLogger(__name__)

rasa_patches.apply()

SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
FOREIGN_ORIGIN_TEXT = "This chat only accepts connections from the assistant's web page."


def allowed_origins(env: Mapping[str, str] | None = None) -> frozenset[str] | None:
    """The origins whose pages may connect: `WEB_ORIGIN` (several separated by commas); None for `*` (any).

    Unset, the page's address under `make run`'s defaults, `http://localhost:$WEB_PORT` (8000).
    A value that is not a list of origins raises `SettingsError` naming WEB_ORIGIN (bot/settings.py).
    """
    return RasaServerSettings.from_env(env).page_origins


class CBPSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, with custom JSON sent as the event's data: `{"custom": json_message}`,
    and each text message marked with its language (`"lang": "es"`) for the page's `lang` attribute."""

    language = DEFAULT_LANGUAGE

    async def _send_message(self, socket_id: str, response: Any) -> None:
        if isinstance(response, dict) and isinstance(response.get("text"), str):
            # An answer is all in one language; a part that can't tell ("$17.32") takes the one before it.
            self.language = detect(response["text"]) or self.language
            response = {**response, "lang": self.language}
        await super()._send_message(socket_id, response)

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
        add_request_size_limit(blueprint)
        sio = self.sio
        self._refuse_foreign_origins(sio.eio)
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

    @staticmethod
    def _refuse_foreign_origins(eio: Any) -> None:
        """Answer 403 to a request from another origin than `allowed_origins()`, websocket or polling.

        Wraps the engine.io server's `handle_request`, which socket.io's blueprint registers as the
        route when the blueprint is attached to the app (after this).
        """
        try:
            origins = allowed_origins()
        except SettingsError as error:
            logger.error("The socket.io channel cannot start: %s", error)
            raise
        handle_request = eio.handle_request

        async def checked(request: Any, *args: Any, **kwargs: Any) -> Any:
            origin = (request.headers.get("origin") or "").rstrip("/")
            if origin and origins is not None and origin not in origins:
                logger.warning("Refused a socket.io connection from another origin than the web page's.")
                return response.text(FOREIGN_ORIGIN_TEXT, status=HTTPStatus.FORBIDDEN)
            return await handle_request(request, *args, **kwargs)

        eio.handle_request = checked
