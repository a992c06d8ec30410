"""Readiness of the Rasa server: GET /webhooks/health/ready checks what a turn depends on.

Rasa 3.6's own `/` only says the process answers, and `/status` needs the API token. Rasa gives
custom code one way to add routes, an input channel's blueprint, so this "channel" (configured in
credentials.yml as `bot.channels.health.HealthInput`) takes no messages and only reports:

- `model`: a trained model is loaded;
- `tracker_store`: the store's database answers (Rasa wraps the store in a fail-safe one that
  silently falls back to memory, so the check reaches the real store underneath);
- `lock_store`: Redis answers a ping (the in-memory lock store is always up);
- `action_server`: its `/health` answers within a second.

HTTP 200 with `{"ok": true, ...}` when all hold, else 503 with the failing part named. Never an
exception text with secrets: database errors are reported by type only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

CHECK_TIMEOUT_SECONDS = 1.0


def unwrap_tracker_store(store: Any) -> Any:
    """The store under Rasa's FailSafeTrackerStore / AwaitableTrackerStore wrappers."""
    seen = 0
    while hasattr(store, "_tracker_store") and seen < 5:
        store = store._tracker_store
        seen += 1
    return store


def _check_sql(engine: Any) -> None:
    import sqlalchemy as sa

    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


async def check_tracker_store(store: Any) -> dict[str, Any]:
    inner = unwrap_tracker_store(store)
    kind = type(inner).__name__
    try:
        engine = getattr(inner, "engine", None)
        if engine is not None:
            await asyncio.wait_for(asyncio.to_thread(_check_sql, engine), timeout=CHECK_TIMEOUT_SECONDS * 3)
        else:
            await asyncio.wait_for(inner.retrieve("__readiness_check__"), timeout=CHECK_TIMEOUT_SECONDS * 3)
    except Exception as error:
        return {"ok": False, "type": kind, "error": type(error).__name__}
    return {"ok": True, "type": kind}


async def check_lock_store(store: Any) -> dict[str, Any]:
    kind = type(store).__name__
    client = getattr(store, "red", None)
    if client is None:
        return {"ok": True, "type": kind}
    try:
        await asyncio.wait_for(asyncio.to_thread(client.ping), timeout=CHECK_TIMEOUT_SECONDS * 3)
    except Exception as error:
        return {"ok": False, "type": kind, "error": type(error).__name__}
    return {"ok": True, "type": kind}


def action_health_url(webhook_url: str) -> str:
    """`http://host:5055/webhook` → `http://host:5055/health` (rasa-sdk's liveness route)."""
    parts = urlsplit(webhook_url)
    path = parts.path.rsplit("/", 1)[0] + "/health"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


async def check_action_server(endpoint: Any) -> dict[str, Any]:
    url = getattr(endpoint, "url", None)
    if not url:
        return {"ok": False, "error": "no action endpoint configured"}
    health_url = action_health_url(url)
    try:
        timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(health_url) as reply:
            if reply.status != 200:
                return {"ok": False, "url": health_url, "error": f"HTTP {reply.status}"}
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        return {"ok": False, "url": health_url, "error": type(error).__name__}
    return {"ok": True, "url": health_url}


async def readiness(agent: Any) -> dict[str, Any]:
    """What /ready reports for a Rasa agent (None while no model is loaded)."""
    if agent is None or not agent.is_ready():
        return {"ok": False, "model": {"ok": False, "error": "no model loaded"}}
    tracker, lock, actions = await asyncio.gather(
        check_tracker_store(agent.tracker_store),
        check_lock_store(agent.lock_store),
        check_action_server(agent.action_endpoint),
    )
    body: dict[str, Any] = {
        "model": {"ok": True, "id": agent.model_id},
        "tracker_store": tracker,
        "lock_store": lock,
        "action_server": actions,
    }
    body["ok"] = all(part["ok"] for part in body.values())
    return body


class HealthInput(InputChannel):
    """Not a conversation channel: only GET /webhooks/health/ready (and / for liveness)."""

    @classmethod
    def name(cls) -> str:
        return "health"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        health = Blueprint("cbp_health", __name__)

        @health.route("/", methods=["GET"])
        async def alive(_: Request) -> HTTPResponse:
            return response.json({"ok": True})

        @health.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            body = await readiness(getattr(request.app.ctx, "agent", None))
            return response.json(body, status=200 if body["ok"] else 503)

        return health
