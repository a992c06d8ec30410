"""Rasa's wait for the action server is bounded (ACTION_TIMEOUT_SECONDS), not Rasa 3.6's 5 minutes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from rasa.core.actions import action as rasa_action
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.channels.action_timeout import DEFAULT_ACTION_TIMEOUT, bound_action_timeout, configured_action_timeout


@pytest.fixture
def restore_rasa_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a test sets, Rasa's module constant is put back afterwards."""
    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", rasa_action.DEFAULT_REQUEST_TIMEOUT)


@pytest.fixture
async def hanging_action_server() -> AsyncIterator[str]:
    """An action server that takes 30 s to answer."""

    async def webhook(_: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.json_response({"events": [], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}/webhook"
    await runner.cleanup()


def test_the_timeout_comes_from_the_environment() -> None:
    assert configured_action_timeout({}) == DEFAULT_ACTION_TIMEOUT == 2.0
    assert configured_action_timeout({"ACTION_TIMEOUT_SECONDS": "2.5"}) == 2.5
    for bad in ("0", "-3", "soon", "inf", "nan"):
        assert configured_action_timeout({"ACTION_TIMEOUT_SECONDS": bad}) == DEFAULT_ACTION_TIMEOUT


@pytest.mark.usefixtures("restore_rasa_timeout")
def test_importing_a_channel_bounds_rasas_five_minute_wait() -> None:
    import bot.channels.rest  # noqa: F401 (the import applies the bound)

    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == configured_action_timeout() <= 60
    assert bound_action_timeout({"ACTION_TIMEOUT_SECONDS": "7"}) == 7.0 == rasa_action.DEFAULT_REQUEST_TIMEOUT


@pytest.mark.usefixtures("restore_rasa_timeout")
async def test_a_hanging_action_server_is_given_up_on_after_the_bound(hanging_action_server: str) -> None:
    """The patched constant is the one Rasa's RemoteAction really uses for its request."""
    bound_action_timeout({"ACTION_TIMEOUT_SECONDS": "0.5"})
    remote = RemoteAction("action_answer", EndpointConfig(hanging_action_server))
    domain = Domain.empty()
    started = time.monotonic()
    with pytest.raises(asyncio.TimeoutError):
        await remote.run(
            CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), DialogueStateTracker("u", []), domain
        )
    assert 0.4 < time.monotonic() - started < 5
