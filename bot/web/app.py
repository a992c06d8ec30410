"""The aiohttp application: the chat page, its settings, static files, health and the staff routes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import aiohttp
import jinja2
from aiohttp import web

from bot.settings import WebSettings
from bot.thresholds import ThresholdStore, open_store
from bot.web import staff
from bot.web.context import SETTINGS_KEY, STORE_KEY, TEMPLATES_KEY, read_snapshot, render
from bot.web.paths import STATIC_DIR, TEMPLATES_DIR, VENDOR_DIR

log = logging.getLogger(__name__)


def content_security_policy(config: WebSettings) -> str:
    """Only our own files run; the page may talk to itself and to the Rasa server (HTTP and WebSocket)."""
    connect = " ".join(dict.fromkeys(["'self'", config.rasa_origin, config.rasa_socket_origin]))
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        f"connect-src {connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


@web.middleware
async def security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    config = request.app[SETTINGS_KEY]
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Content-Security-Policy", content_security_policy(config))
    if request.path == "/staff" or request.path.startswith("/staff/"):
        response.headers["Cache-Control"] = "no-store"
    if isinstance(response, web.HTTPException):
        raise response
    return response


def page_settings(config: WebSettings) -> dict:
    """What the chat page's script needs (also injected as data attributes of <body>)."""
    return {
        "rasaUrl": config.rasa_origin,
        "socketPath": config.socketio_path,
        "replyTimeoutMs": int(config.reply_timeout_seconds * 1000),
    }


async def chat_page(request: web.Request) -> web.Response:
    return render(request, "chat.html", settings=page_settings(request.app[SETTINGS_KEY]))


async def config_json(request: web.Request) -> web.Response:
    return web.json_response(page_settings(request.app[SETTINGS_KEY]), headers={"Cache-Control": "no-cache"})


async def thresholds_status(app: web.Application) -> dict:
    """The threshold data's status for the health checks: `readable` and its revision, or the error."""
    try:
        snapshot = await read_snapshot(app)
    except Exception as error:
        log.warning("health: threshold database not readable: %s", error)
        return {"readable": False, "error": str(error) or type(error).__name__}
    return snapshot.status()


async def health(request: web.Request) -> web.Response:
    """`ok` is true when the threshold database can be read (HTTP 200), else false (HTTP 503)."""
    thresholds = await thresholds_status(request.app)
    ok = thresholds["readable"]
    return web.json_response({"ok": ok, "thresholds": thresholds}, status=200 if ok else 503)


async def rasa_reachable(config: WebSettings) -> dict:
    """Whether the Rasa server answers (its `/`), within a second."""
    url = config.rasa_api_url.rstrip("/") + "/"
    try:
        timeout = aiohttp.ClientTimeout(total=1.0)
        async with aiohttp.ClientSession(timeout=timeout) as session, session.get(url) as reply:
            if reply.status != 200:
                return {"reachable": False, "error": f"HTTP {reply.status}"}
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        return {"reachable": False, "error": type(error).__name__}
    return {"reachable": True}


async def ready(request: web.Request) -> web.Response:
    """`/health` plus the Rasa server: the chat only works when both are up (200, else 503)."""
    thresholds, rasa = await asyncio.gather(thresholds_status(request.app), rasa_reachable(request.app[SETTINGS_KEY]))
    ok = thresholds["readable"] and rasa["reachable"]
    return web.json_response({"ok": ok, "thresholds": thresholds, "rasa": rasa}, status=200 if ok else 503)


async def vendor_missing(request: web.Request) -> web.Response:
    return web.Response(
        status=503, text="The page's front-end assets are not built: run `make web-assets` (scripts/web_assets.sh).\n"
    )


def create_app(config: WebSettings | None = None, store_factory: Callable[[], ThresholdStore] | None = None):
    """The web application. `store_factory` (default: open_store of the configured database) is for tests."""
    config = config or WebSettings.from_env()
    app = web.Application(middlewares=[security_headers, staff.staff_guard], client_max_size=64 * 1024)
    app[SETTINGS_KEY] = config
    app[TEMPLATES_KEY] = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    app[STORE_KEY] = store_factory or (lambda: open_store(config.thresholds_db_url))
    app.router.add_get("/", chat_page)
    app.router.add_get("/config.json", config_json)
    app.router.add_get("/health", health)
    app.router.add_get("/ready", ready)
    app.router.add_static("/static", STATIC_DIR, append_version=False)
    if VENDOR_DIR.is_dir():
        app.router.add_static("/vendor", VENDOR_DIR)
    else:
        app.router.add_get("/vendor/{tail:.*}", vendor_missing)
    staff.add_routes(app)
    return app
