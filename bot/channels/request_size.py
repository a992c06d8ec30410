"""A request-size limit for the Rasa server, well below Sanic's 100 MB default, with a polite 413.

Rasa builds the Sanic app; a channel's blueprint is custom code's only hook into it. Each channel
calls `add_request_size_limit(blueprint)`, whose `before_server_start` listener sets the app's
`REQUEST_MAX_SIZE` (read by Sanic for every new connection) and answers a larger request with HTTP
413 and `{"error": "request_too_large", "text": ...}` instead of Sanic's bare error page; once per
server process however many channels register it. The limit covers every route of that server
(channels and Rasa's HTTP API): nothing this assistant receives comes near it (a message is at most
`MAX_MESSAGE_CHARS` characters; Slack's events, commands and clicks are a few kilobytes).

`MAX_REQUEST_BYTES` (bot/settings.py): the limit in bytes (default 1 MiB, 1048576). A value that is
not a whole number of at least 1024 is logged and the default used.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from sanic import response
from sanic.exceptions import PayloadTooLarge

from bot.settings import DEFAULT_MAX_REQUEST_BYTES as DEFAULT_MAX_REQUEST_BYTES
from bot.settings import MIN_REQUEST_BYTES as MIN_REQUEST_BYTES
from bot.settings import RequestSizeSettings

logger = logging.getLogger(__name__)

TOO_LARGE_TEXT = (
    "Sorry, that request is too large: I accept up to {limit:,} bytes. "
    'Send a short question, for example {{"sender": "your-id", "message": "what is the de minimis limit today?"}}.'
)


def max_request_bytes(env: Mapping[str, str] | None = None) -> int:
    """`MAX_REQUEST_BYTES` as a whole number of bytes; the default when unset or unusable (logged)."""
    return RequestSizeSettings.from_env(env).max_request_bytes


def too_large_reply(limit: int) -> dict[str, str]:
    """The 413 body."""
    return {"error": "request_too_large", "text": TOO_LARGE_TEXT.format(limit=limit)}


async def limit_request_size(app: Any, _loop: Any = None) -> None:
    """Set the app's request-size limit and its polite 413 (once per app)."""
    if getattr(app.ctx, "cbp_request_size_limited", False):
        return
    app.ctx.cbp_request_size_limited = True
    limit = max_request_bytes()
    app.config.REQUEST_MAX_SIZE = limit

    def too_large(_request: Any, _exception: Exception) -> Any:
        return response.json(too_large_reply(limit), status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    app.error_handler.add(PayloadTooLarge, too_large)
    logger.info("Requests larger than %d bytes are refused (HTTP 413).", limit)


def add_request_size_limit(blueprint: Any) -> None:
    """Apply `limit_request_size` to the app `blueprint` is registered on, before it serves."""
    blueprint.listener("before_server_start")(limit_request_size)
