"""A scripted stand-in for Rasa's socket.io channel, for fast, deterministic tests of the chat panel.

    python -m tests.web.browser.fake_rasa --port 5999 --origin http://127.0.0.1:8000

Replies: `/greet` a greeting with quick replies; `/markup` text full of markup and links (which the
page must show as text); `/silence` nothing the first time in a session, then an apology (to test
the reply timeout and Retry); anything else is echoed.
"""

from __future__ import annotations

import argparse
import uuid

import socketio
from aiohttp import web

MARKUP_REPLY = (
    '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> & <b>bold</b>\n'
    "See https://example.gov/path). Not a link: javascript:alert(1)\n"
    "Sources:\n"
    "- First source: https://www.cbp.gov/trade/de-minimis\n"
    "- Second item, no link\n"
    "(Data as of 1 January 2026.)"
)


def create_app(origin: str) -> web.Application:
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=[origin])
    app = web.Application()
    sio.attach(app, socketio_path="socket.io")
    silences: dict[str, int] = {}

    @sio.on("session_request")
    async def session_request(sid: str, data: dict | None) -> None:
        session_id = (data or {}).get("session_id") or uuid.uuid4().hex
        await sio.emit("session_confirm", session_id, room=sid)

    @sio.on("user_uttered")
    async def user_uttered(sid: str, data: dict) -> None:
        text, session_id = data.get("message", ""), data.get("session_id", "")
        if text == "/greet":
            await sio.emit(
                "bot_uttered",
                {
                    "text": "Hello from the test assistant.",
                    "quick_replies": [
                        {"content_type": "text", "title": "Show me markup", "payload": "/markup"},
                        {"content_type": "text", "title": "Stay silent", "payload": "/silence"},
                    ],
                },
                room=sid,
            )
        elif text == "/markup":
            await sio.emit("bot_uttered", {"text": MARKUP_REPLY}, room=sid)
        elif text == "/silence":
            silences[session_id] = silences.get(session_id, 0) + 1
            if silences[session_id] > 1:
                await sio.emit("bot_uttered", {"text": "Sorry for the wait."}, room=sid)
        else:
            await sio.emit("bot_uttered", {"text": f"Echo: {text}"}, room=sid)

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    app.router.add_get("/", health)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--origin", required=True)
    args = parser.parse_args()
    web.run_app(create_app(args.origin), host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
