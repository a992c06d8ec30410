"""Rasa's REST channel behind the channel guard, refusing malformed requests politely.

Configured in credentials.yml as `bot.channels.rest.GuardedRestInput`; its name is still `rest`, so
the URL stays `/webhooks/rest/webhook` and the request and response are Rasa's:
`{"sender": "...", "message": "...", "metadata": {...}}` in, a JSON list of bot messages out
(`?stream=true`: one JSON message per line).

Differences from Rasa's `RestInput`:

- every message goes through `ChannelGuard` (bot/channels/guard.py): rate limit, empty and
  over-long messages answered without the NLU, control characters removed, and an apology with the
  CBP contact when the turn fails, stays silent or has not replied within the deadline. In that last
  case the response carries the apology at once and the turn's later replies are dropped (the
  conversation itself is updated as usual);
- a body that is not a JSON object, or has no text `message`, a `sender` that is not short text, or
  `metadata` that is not an object gets HTTP 400 with `{"error": ..., "text": <a polite explanation>}`
  instead of Rasa's 500 or a reply to an empty message.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from bot.channels import rasa_patches
from bot.channels.guard import ChannelGuard
from bot.channels.request_size import add_request_size_limit
from bot.channels.warmup import add_warm_up

logger = logging.getLogger(__name__)

rasa_patches.apply()

MAX_SENDER_CHARS = 256
EXAMPLE_BODY = '{"sender": "your-id", "message": "what is the de minimis limit today?"}'
_DONE = object()


class BadRequest(ValueError):
    """A request the channel cannot process; `text` tells the client why, politely."""

    def __init__(self, error: str, text: str) -> None:
        super().__init__(text)
        self.error = error
        self.text = text


@dataclass(frozen=True)
class RestRequest:
    """A well-formed REST channel request."""

    message: str
    sender: str | None
    input_channel: str | None
    metadata: dict[str, Any] | None


def read_request(body: bytes | None) -> RestRequest:
    """Parse and check a request body (any content type, as Rasa's channel accepts); `BadRequest` if unusable."""
    try:
        data = json.loads(body or b"")
    except ValueError:  # also bytes that are not UTF-8/16/32
        raise BadRequest(
            "invalid_json", f"Sorry, I couldn't read that request: send JSON such as {EXAMPLE_BODY}."
        ) from None
    if not isinstance(data, dict):
        raise BadRequest(
            "invalid_json", f"Sorry, I couldn't read that request: send a JSON object such as {EXAMPLE_BODY}."
        )
    message = data.get("message")
    if message is None:
        raise BadRequest("missing_message", f'Sorry, your request has no "message". Send JSON such as {EXAMPLE_BODY}.')
    if not isinstance(message, str):
        raise BadRequest(
            "invalid_message", 'Sorry, the "message" must be text, for example "what is the de minimis limit?".'
        )
    sender = data.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if sender is not None and (
        not isinstance(sender, str) or len(sender) > MAX_SENDER_CHARS or not sender.isprintable()
    ):
        # Printable only: a NUL or a lone surrogate in a conversation id cannot be stored (PostgreSQL, UTF-8).
        raise BadRequest(
            "invalid_sender",
            f'Sorry, the "sender" must be printable text of at most {MAX_SENDER_CHARS} characters.',
        )
    input_channel = data.get("input_channel")
    if input_channel is not None and not isinstance(input_channel, str):
        raise BadRequest("invalid_input_channel", 'Sorry, the "input_channel" must be text.')
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("invalid_metadata", 'Sorry, the "metadata" must be a JSON object.')
    return RestRequest(message, sender, input_channel or None, metadata)


class GuardedRestInput(RestInput):
    """`rest` channel with the guard and polite 400s (see the module docstring)."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self, guard: ChannelGuard | None = None) -> None:
        self.guard = guard or ChannelGuard(self.name())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Routes under /webhooks/rest: `/` (status) and `/webhook` (messages)."""
        webhook = Blueprint("guarded_rest_webhook", __name__)
        add_warm_up(webhook)
        add_request_size_limit(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            try:
                sent = read_request(request.body)
            except BadRequest as problem:
                logger.info("REST request refused: %s.", problem.error)
                return response.json({"error": problem.error, "text": problem.text}, status=HTTPStatus.BAD_REQUEST)
            if bool_arg(request, "stream", default=False):
                return response.stream(self._streamer(on_new_message, sent), content_type="text/event-stream")
            collector = CollectingOutputChannel()
            await self.guard.handle(on_new_message, self._message(sent, collector), drop_late_replies=True)
            return response.json(collector.messages)

        return webhook

    def _message(self, sent: RestRequest, output: CollectingOutputChannel) -> UserMessage:
        return UserMessage(
            sent.message, output, sent.sender, input_channel=sent.input_channel or self.name(), metadata=sent.metadata
        )

    def _streamer(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]], sent: RestRequest
    ) -> Callable[[Any], Awaitable[None]]:
        """`?stream=true`: each reply written as a JSON line as soon as it is sent."""

        async def stream(resp: Any) -> None:
            queue: asyncio.Queue = asyncio.Queue()

            async def turn() -> None:
                try:
                    await self.guard.handle(
                        on_new_message, self._message(sent, QueueOutputChannel(queue)), drop_late_replies=True
                    )
                finally:
                    await queue.put(_DONE)

            task = asyncio.ensure_future(turn())
            while (item := await queue.get()) is not _DONE:
                await resp.write(json.dumps(item) + "\n")
            await task

        return stream
