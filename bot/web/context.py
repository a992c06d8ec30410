"""What every page handler reads from the application: its settings, templates and threshold rules.

bot/web/app.py builds the application and puts them there; bot/web/staff.py reads them. Both
import this module and neither imports the other's handlers, so there is no import cycle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import jinja2
from aiohttp import web

from bot.settings import WebSettings
from bot.thresholds import Snapshot, ThresholdStore

SETTINGS_KEY = web.AppKey("settings", WebSettings)
TEMPLATES_KEY = web.AppKey("templates", jinja2.Environment)
STORE_KEY = web.AppKey("store_factory", Callable[[], ThresholdStore])


def render(request: web.Request, template: str, status: int = 200, **context: object) -> web.Response:
    """A page from a template; every value is HTML-escaped (autoescape), none is trusted as markup."""
    html = request.app[TEMPLATES_KEY].get_template(template).render(**context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


async def read_snapshot(app: web.Application) -> Snapshot:
    """The threshold snapshot, read in a worker thread (the store is synchronous SQLAlchemy)."""
    store = app[STORE_KEY]()
    return await asyncio.get_running_loop().run_in_executor(None, store.snapshot)
