"""Signed Slack requests (events, slash commands, clicks) for the Slack channel's tests."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import requests

from bot.channels.slack_security import signed_headers

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
BOT_USER = "UCBPBOT"
_ts = itertools.count(1)


def new_id(prefix: str) -> str:
    """A unique Slack-looking id (channel "C…", user "U…", event "Ev…")."""
    return prefix + uuid.uuid4().hex[:10].upper()


def new_ts() -> str:
    """A unique Slack message timestamp."""
    return f"{int(time.time())}.{next(_ts):06d}"


def event_body(
    text: str,
    channel: str,
    user: str = "UASKER",
    ts: str | None = None,
    thread_ts: str | None = None,
    kind: str = "app_mention",
    channel_type: str = "channel",
    event_id: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An Events API `event_callback` for a user's message (an app_mention by default)."""
    event: dict[str, Any] = {
        "type": kind,
        "user": user,
        "text": text,
        "ts": ts or new_ts(),
        "channel": channel,
        "channel_type": channel_type,
        **extra,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    if kind == "app_mention":
        event.pop("channel_type")
    return {
        "token": "legacy",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": event_id or new_id("Ev"),
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0001", "user_id": BOT_USER, "is_bot": True}],
        "event": event,
    }


def post_signed(
    url: str,
    body: bytes,
    content_type: str,
    secret: str = SECRET,
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
    signature: str | None = None,
) -> requests.Response:
    """POST `body` as Slack would, signed with `secret` (or with a given `signature`)."""
    sent = {"Content-Type": content_type, **signed_headers(secret, body, timestamp), **(headers or {})}
    if signature is not None:
        sent["X-Slack-Signature"] = signature
    return requests.post(url, data=body, headers=sent, timeout=10)


def post_event(url: str, body: dict[str, Any], **kwargs: Any) -> requests.Response:
    """POST an Events API body (JSON)."""
    return post_signed(url, json.dumps(body).encode(), "application/json", **kwargs)


def post_form(url: str, fields: dict[str, str], **kwargs: Any) -> requests.Response:
    """POST a form (slash command or interactivity payload)."""
    return post_signed(url, urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs)


def slash_command(
    text: str, channel: str, user: str = "UASKER", response_url: str = "", command: str = "/cbp"
) -> dict[str, str]:
    """The form fields of a slash command."""
    return {
        "token": "legacy",
        "team_id": "T0001",
        "channel_id": channel,
        "channel_name": "imports",
        "user_id": user,
        "user_name": "asker",
        "command": command,
        "text": text,
        "response_url": response_url,
        "trigger_id": new_id("trig"),
    }


def block_actions(
    message: dict[str, Any], channel: str, value: str, user: str = "UASKER", title: str = "Choice"
) -> dict[str, str]:
    """The interactivity form of a click on a button of `message` (as the fake API recorded it)."""
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "asker", "team_id": "T0001"},
        "api_app_id": "A0001",
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel,
            "is_ephemeral": False,
            "thread_ts": message.get("thread_ts"),
        },
        "channel": {"id": channel, "name": "imports"},
        "message": message,
        "response_url": "",
        "actions": [
            {
                "type": "button",
                "action_id": "cbp_button_0",
                "block_id": "cbp_buttons",
                "text": {"type": "plain_text", "text": title},
                "value": value,
                "action_ts": str(time.time()),
            }
        ],
    }
    return {"payload": json.dumps(payload)}


def buttons_of(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The button elements of a message's actions blocks."""
    return [element for block in blocks if block.get("type") == "actions" for element in block["elements"]]
