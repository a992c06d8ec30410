"""Over real HTTP and websockets: socket.io refuses other origins than the page's; big requests get a polite 413."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import websockets
from rasa.core.channels.channel import UserMessage

from bot.channels.request_size import DEFAULT_MAX_REQUEST_BYTES, max_request_bytes
from bot.channels.rest import GuardedRestInput
from bot.channels.socketio import FOREIGN_ORIGIN_TEXT, SocketIOInput, allowed_origins
from tests.channels.serve import ChannelServer

PAGE = "http://assistant.example:8000"
EVIL = "http://evil.example"


async def echo(message: UserMessage) -> None:
    await message.output_channel.send_response(message.sender_id, {"text": f"echo: {message.text}"})


def serve(channel: object, **env: str) -> ChannelServer:
    """The channel in a server started with `env` set (as Rasa's would be, from the environment)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        return ChannelServer(channel, echo).start()  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def socketio_server() -> Iterator[ChannelServer]:
    server = serve(SocketIOInput(session_persistence=True), WEB_ORIGIN=PAGE)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def rest_server() -> Iterator[ChannelServer]:
    server = serve(GuardedRestInput(), MAX_REQUEST_BYTES="4096")
    yield server
    server.stop()


def socketio_path(server: ChannelServer, transport: str) -> str:
    return f"127.0.0.1:{server.port}/socket.io/?EIO=4&transport={transport}"


# ---- origins ------------------------------------------------------------------------------------


async def test_a_websocket_from_another_origin_is_refused(socketio_server: ChannelServer) -> None:
    with pytest.raises(websockets.exceptions.InvalidStatusCode) as refused:
        async with websockets.connect(f"ws://{socketio_path(socketio_server, 'websocket')}", origin=EVIL):
            pass
    assert refused.value.status_code == 403


async def test_a_websocket_from_the_page_is_accepted(socketio_server: ChannelServer) -> None:
    async with websockets.connect(f"ws://{socketio_path(socketio_server, 'websocket')}", origin=PAGE) as socket:
        opened = await socket.recv()
    assert opened.startswith("0{") and '"sid"' in opened  # engine.io's "open" packet


@pytest.mark.parametrize(("origin", "accepted"), [(EVIL, False), (PAGE, True), (None, True)])
def test_http_polling_is_held_to_the_same_origin(
    socketio_server: ChannelServer, origin: str | None, accepted: bool
) -> None:
    headers = {"Origin": origin} if origin else {}
    reply = requests.get(f"http://{socketio_path(socketio_server, 'polling')}", headers=headers, timeout=10)
    if accepted:
        assert reply.status_code == 200 and reply.text.startswith("0{")
    else:
        assert reply.status_code == 403 and reply.text == FOREIGN_ORIGIN_TEXT


def test_the_pages_origin_comes_from_web_origin() -> None:
    assert allowed_origins({"WEB_ORIGIN": "https://assistant.example.org/"}) == {"https://assistant.example.org"}
    assert allowed_origins({"WEB_ORIGIN": "https://a.example, https://b.example"}) == {
        "https://a.example",
        "https://b.example",
    }
    assert allowed_origins({}) == {"http://localhost:8000"}  # `make run`'s page
    assert allowed_origins({"WEB_PORT": "8123"}) == {"http://localhost:8123"}
    assert allowed_origins({"WEB_ORIGIN": "*"}) is None  # any: the operator's explicit choice


# ---- request size -------------------------------------------------------------------------------


def test_a_request_over_the_limit_gets_a_polite_413(rest_server: ChannelServer) -> None:
    body = b'{"sender": "big", "message": "' + b"x" * 5000 + b'"}'
    reply = requests.post(rest_server.url(), data=body, headers={"Content-Type": "application/json"}, timeout=10)
    assert reply.status_code == 413
    assert reply.json()["error"] == "request_too_large" and "4,096 bytes" in reply.json()["text"]
    # ...also when the size is not announced (chunked), and the server goes on answering.
    chunked = requests.post(rest_server.url(), data=iter([body[:3000], body[3000:]]), timeout=10)
    assert chunked.status_code == 413 and chunked.json()["error"] == "request_too_large"
    ok = requests.post(rest_server.url(), json={"sender": "small", "message": "hi"}, timeout=10)
    assert ok.status_code == 200 and ok.json() == [{"recipient_id": "small", "text": "echo: hi"}]


def test_the_default_limit_is_far_below_sanics_100_mb() -> None:
    server = serve(GuardedRestInput())
    try:
        reply = requests.post(server.url(), data=b"x" * (DEFAULT_MAX_REQUEST_BYTES + 1), timeout=30)
        assert reply.status_code == 413 and reply.json()["error"] == "request_too_large"
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("value", "limit"), [(None, 1048576), ("65536", 65536), ("lots", 1048576), ("10", 1048576), ("-5", 1048576)]
)
def test_max_request_bytes_is_read_from_the_environment(value: str | None, limit: int) -> None:
    assert max_request_bytes({} if value is None else {"MAX_REQUEST_BYTES": value}) == limit
