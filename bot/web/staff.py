"""The staff page (`/staff`): try a message against the running assistant, read the rules, see eval reports.

Access: the STAFF_TOKEN environment variable. Without it every URL under /staff answers 401. The
login form posts the token; when it matches (hmac.compare_digest) the server sets an HttpOnly,
SameSite=Strict cookie holding a signed, dated session (not the token), valid for
`staff_session_hours`. Forms must come from this site (Origin check). Everything shown is escaped.

The `staff_guard` middleware makes those checks for every URL under /staff, before any handler
runs: a new staff route is protected without a line of its own. Only the sign-in page is open to
visitors without a session (when STAFF_TOKEN is set).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import re
import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from bot.settings import WebSettings
from bot.thresholds.formatting import rule_value
from bot.web.context import SETTINGS_KEY, read_snapshot, render
from bot.web.rasa_api import RasaApi, RasaUnavailable

COOKIE = "staff_session"
SENDER_PATTERN = re.compile(r"^staff-[0-9a-f]{12}$")
MAX_MESSAGE = 1000
#: The `make eval` outputs the staff page links to: URL name -> (path under results/eval, type, label).
REPORTS = {
    "summary.md": ("summary.md", "text/plain", "Evaluation summary"),
    "intent_report.json": ("ours/intent_report.json", "application/json", "Intent report (precision, recall, F1)"),
    "intent_confusion_matrix.png": ("ours/intent_confusion_matrix.png", "image/png", "Intent confusion matrix"),
}


def _signature(token: str, issued: int) -> str:
    return hmac.new(token.encode(), f"staff-session:{issued}".encode(), hashlib.sha256).hexdigest()


def new_session(token: str, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return f"{issued}.{_signature(token, issued)}"


def session_valid(config: WebSettings, value: str | None, now: float | None = None) -> bool:
    if not config.staff_token or not value or "." not in value:
        return False
    issued_text, signature = value.split(".", 1)
    if not issued_text.isdigit():
        return False
    issued = int(issued_text)
    now = now if now is not None else time.time()
    if not (issued - 60 <= now <= issued + config.staff_session_hours * 3600):
        return False
    return hmac.compare_digest(signature.encode(), _signature(config.staff_token, issued).encode())


def token_matches(config: WebSettings, offered: str) -> bool:
    expected = (config.staff_token or "").encode()
    return bool(expected) and hmac.compare_digest(offered.encode(), expected)


def _same_origin(request: web.Request) -> bool:
    """Forms must be posted from this site (SameSite=Strict already keeps the cookie off other sites)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.host


def _disabled(request: web.Request) -> web.Response:
    return render(request, "staff_disabled.html", status=401)


def _login_page(request: web.Request, status: int, error: str | None = None) -> web.Response:
    return render(request, "staff_login.html", status=status, error=error)


#: The one staff URL open without a session (still closed when STAFF_TOKEN is unset).
SIGN_IN = "/staff/login"


def is_staff_path(path: str) -> bool:
    return path == "/staff" or path.startswith("/staff/")


@web.middleware
async def staff_guard(request: web.Request, handler):
    """Every URL under /staff: 401 without STAFF_TOKEN or a valid session; forms only from this site."""
    if not is_staff_path(request.path):
        return await handler(request)
    config = request.app[SETTINGS_KEY]
    if not config.staff_enabled:
        return _disabled(request)
    if request.path != SIGN_IN and not session_valid(config, request.cookies.get(COOKIE)):
        return _login_page(request, 401)
    if request.method not in ("GET", "HEAD", "OPTIONS") and not _same_origin(request):
        raise web.HTTPForbidden(text="This form must be sent from this site.\n")
    if isinstance(request.match_info.http_exception, web.HTTPNotFound):  # no route has this URL
        raise web.HTTPNotFound(text="No such staff page.\n")
    return await handler(request)


async def login_form(request: web.Request) -> web.Response:
    if session_valid(request.app[SETTINGS_KEY], request.cookies.get(COOKIE)):
        raise web.HTTPSeeOther("/staff")
    return _login_page(request, 200)


async def login(request: web.Request) -> web.Response:
    config = request.app[SETTINGS_KEY]
    form = await request.post()
    offered = str(form.get("token", ""))
    if not token_matches(config, offered):
        await asyncio.sleep(0.3)  # slows down guessing
        return _login_page(request, 401, error="That token is not right. Check it and try again.")
    response = web.HTTPSeeOther("/staff")
    response.set_cookie(
        COOKIE,
        new_session(config.staff_token),
        max_age=int(config.staff_session_hours * 3600),
        path="/staff",
        httponly=True,
        samesite="Strict",
        secure=request.secure,
    )
    raise response


async def logout(request: web.Request) -> web.Response:
    response = web.HTTPSeeOther(SIGN_IN)
    response.del_cookie(COOKIE, path="/staff")
    raise response


def rule_rows(snapshot) -> list[dict]:
    """The rules as table rows of plain strings (the template escapes them)."""
    rows = []

    def order(rule) -> tuple:
        return (
            rule.jurisdiction != "US",
            rule.jurisdiction,
            rule.kind,
            rule.variant or "",
            rule.effective_from or dt.date.min,
            rule.id,
        )

    for rule in sorted(snapshot.rules, key=order):
        url = rule.source_url or ""
        rows.append(
            {
                "id": rule.id,
                "jurisdiction": rule.jurisdiction,
                "kind": rule.kind + (f" / {rule.variant}" if rule.variant else ""),
                "status": rule.status or "",
                "value": rule_value(rule) or "—",
                "effective_from": rule.effective_from.isoformat() if rule.effective_from else "—",
                "effective_to": rule.effective_to.isoformat() if rule.effective_to else "—",
                "summary": rule.summary,
                "citation": rule.citation,
                "confidence": rule.confidence,
                "last_verified": rule.last_verified.isoformat() if rule.last_verified else "",
                "source_url": url,
                "source_is_link": urlsplit(url).scheme in ("http", "https"),
            }
        )
    return rows


def report_links(config: WebSettings) -> list[dict]:
    return [
        {
            "name": name,
            "label": label,
            "path": f"results/eval/{relative}",
            "available": (Path(config.results_dir) / relative).is_file(),
        }
        for name, (relative, _type, label) in REPORTS.items()
    ]


async def _staff_page(request: web.Request, status: int = 200, **turn: object) -> web.Response:
    config = request.app[SETTINGS_KEY]
    rules, rules_error, data_as_of = [], None, None
    try:
        snapshot = await read_snapshot(request.app)
        rules, data_as_of = rule_rows(snapshot), snapshot.data_as_of.isoformat()
    except Exception as error:
        rules_error = str(error) or type(error).__name__
    context = {
        "rules": rules,
        "rules_error": rules_error,
        "data_as_of": data_as_of,
        "reports": report_links(config),
        "rasa_api_url": config.rasa_api_url,
        "api_token_set": bool(config.rasa_api_token),
        "sender": turn.pop("sender", None) or "staff-" + secrets.token_hex(6),
        "message": "",
        "report": None,
        "error": None,
    }
    context.update(turn)
    return render(request, "staff.html", status=status, **context)


async def staff_home(request: web.Request) -> web.Response:
    return await _staff_page(request)


async def try_message(request: web.Request) -> web.Response:
    config = request.app[SETTINGS_KEY]
    form = await request.post()
    message = str(form.get("message", "")).strip()
    sender = str(form.get("sender", ""))
    if not SENDER_PATTERN.match(sender):
        sender = "staff-" + secrets.token_hex(6)
    if not message:
        return await _staff_page(request, 400, sender=sender, error="Type a message to try.")
    if len(message) > MAX_MESSAGE:
        return await _staff_page(
            request,
            400,
            sender=sender,
            message=message[:MAX_MESSAGE],
            error=f"Messages are limited to {MAX_MESSAGE} characters.",
        )
    api = RasaApi(config.rasa_api_url, config.rasa_api_token)
    try:
        report = await api.try_message(message, sender)
    except RasaUnavailable as error:
        return await _staff_page(request, 502, sender=sender, message=message, error=str(error))
    return await _staff_page(request, sender=sender, message="", report=report)


async def report_file(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in REPORTS:
        raise web.HTTPNotFound(text="No such report.\n")
    relative, content_type, _label = REPORTS[name]
    path = Path(request.app[SETTINGS_KEY].results_dir) / relative
    if not path.is_file():
        raise web.HTTPNotFound(text=f"{name}: not generated yet: run make eval\n")
    return web.Response(
        body=path.read_bytes(),
        content_type=content_type,
        charset="utf-8" if content_type.startswith("text/") or content_type.endswith("json") else None,
        headers={"Content-Disposition": "inline"},
    )


def add_routes(app: web.Application) -> None:
    """The staff routes; `staff_guard` (a middleware of the app) protects them and any other under /staff."""
    app.router.add_get("/staff", staff_home)
    app.router.add_get("/staff/", staff_home)
    app.router.add_get(SIGN_IN, login_form)
    app.router.add_post(SIGN_IN, login)
    app.router.add_post("/staff/logout", logout)
    app.router.add_post("/staff/try", try_message)
    app.router.add_get("/staff/reports/{name}", report_file)
