"""The aiohttp application: the chat page, its settings, static files, health and the staff routes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import aiohttp
import jinja2
from aiohttp import web

from bot.thresholds import ThresholdStore, open_store
from bot.web.config import STATIC_DIR, TEMPLATES_DIR, VENDOR_DIR, WebConfig

log = logging.getLogger(__name__)

CONFIG_KEY = web.AppKey("config", WebConfig)
TEMPLATES_KEY = web.AppKey("templates", jinja2.Environment)
STORE_KEY = web.AppKey("store_factory", Callable[[], ThresholdStore])


def content_security_policy(config: WebConfig) -> str:
    """Only our own files run; the page may talk to itself and to the Rasa server (HTTP and WebSocket)."""
    connect = " ".join(dict.fromkeys(["'self'", config.rasa_origin, config.rasa_socket_origin]))
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        f"connect-src {connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


@web.middleware
async def security_headers(request: web.Request, handler):  # noqa: ANN001, ANN201
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    config = request.app[CONFIG_KEY]
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Content-Security-Policy", content_security_policy(config))
    if request.path == "/staff" or request.path.startswith("/staff/"):
        response.headers["Cache-Control"] = "no-store"
    if isinstance(response, web.HTTPException):
        raise response
    return response


def render(request: web.Request, template: str, status: int = 200, **context: object) -> web.Response:
    """A page from a template; every value is HTML-escaped (autoescape), none is trusted as markup."""
    html = request.app[TEMPLATES_KEY].get_template(template).render(**context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


def page_settings(config: WebConfig) -> dict:
    """What the chat page's script needs (also injected as data attributes of <body>)."""
    return {
        "rasaUrl": config.rasa_origin,
        "socketPath": config.socketio_path,
        "replyTimeoutMs": int(config.reply_timeout_seconds * 1000),
    }


async def chat_page(request: web.Request) -> web.Response:
    return render(request, "chat.html", settings=page_settings(request.app[CONFIG_KEY]))


async def config_json(request: web.Request) -> web.Response:
    return web.json_response(page_settings(request.app[CONFIG_KEY]), headers={"Cache-Control": "no-cache"})


async def read_snapshot(app: web.Application):  # noqa: ANN201
    """The threshold snapshot, read in a worker thread (the store is synchronous SQLAlchemy)."""
    store = app[STORE_KEY]()
    return await asyncio.get_running_loop().run_in_executor(None, store.snapshot)


async def thresholds_status(app: web.Application) -> dict:
    """The threshold data's status for the health checks: `readable` and its revision, or the error."""
    try:
        snapshot = await read_snapshot(app)
    except Exception as error:  # noqa: BLE001 - any failure means "not readable"; say which
        log.warning("health: threshold database not readable: %s", error)
        return {"readable": False, "error": str(error) or type(error).__name__}
    return snapshot.status()


async def health(request: web.Request) -> web.Response:
    """`ok` is true when the threshold database can be read (HTTP 200), else false (HTTP 503)."""
    thresholds = await thresholds_status(request.app)
    ok = thresholds["readable"]
    return web.json_response({"ok": ok, "thresholds": thresholds}, status=200 if ok else 503)


async def rasa_reachable(config: WebConfig) -> dict:
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
    thresholds, rasa = await asyncio.gather(thresholds_status(request.app), rasa_reachable(request.app[CONFIG_KEY]))
    ok = thresholds["readable"] and rasa["reachable"]
    return web.json_response({"ok": ok, "thresholds": thresholds, "rasa": rasa}, status=200 if ok else 503)


async def vendor_missing(request: web.Request) -> web.Response:
    return web.Response(
        status=503, text="The page's front-end assets are not built: run `make web-assets` (scripts/web_assets.sh).\n"
    )


def create_app(config: WebConfig | None = None, store_factory: Callable[[], ThresholdStore] | None = None):  # noqa: ANN201
    """The web application. `store_factory` (default: open_store of the configured database) is for tests."""
    from bot.web import staff

    config = config or WebConfig.from_env()
    app = web.Application(middlewares=[security_headers], client_max_size=64 * 1024)
    app[CONFIG_KEY] = config
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
