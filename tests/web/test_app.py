"""The public side of the web app: chat page, settings, static files, health, security headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from bot.settings import SettingsError, WebSettings
from bot.thresholds import ThresholdDataUnavailable
from bot.web.paths import STATIC_DIR, VENDOR_DIR
from tests.web.conftest import config, serve, web_client


class Tags(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def parse(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    return parser


async def test_health_reports_a_readable_database(real_store):
    async with web_client(real_store) as client:
        response = await client.get("/health")
        assert response.status == 200
        body = await response.json()
    assert body["ok"] is True
    assert body["thresholds"]["readable"] is True
    assert body["thresholds"]["rules"] == len(real_store.snapshot().rules) > 10
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", body["thresholds"]["data_as_of"])


async def test_health_says_when_the_database_cannot_be_read(tmp_path):
    class Broken:
        def snapshot(self):
            raise ThresholdDataUnavailable("the threshold database holds no data set yet")

    async with web_client(Broken()) as client:
        response = await client.get("/health")
        assert response.status == 503
        body = await response.json()
    assert body == {
        "ok": False,
        "thresholds": {"readable": False, "error": "the threshold database holds no data set yet"},
    }


async def test_health_with_an_empty_database_file(tmp_path):
    async with web_client(thresholds_db_url=f"sqlite:///{tmp_path / 'empty.sqlite3'}") as client:
        response = await client.get("/health")
        assert response.status == 503
        assert (await response.json())["thresholds"]["readable"] is False


async def test_chat_page_is_accessible_plain_and_configured():
    async with web_client(rasa_url="https://rasa.example:5443/") as client:
        response = await client.get("/")
        assert response.status == 200
        html = await response.text()
        csp = response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        # same-origin, not no-referrer: with no-referrer Chrome posts forms with "Origin: null", which the
        # staff forms refuse.
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in csp
    tags = parse(html)
    body = tags.find("body")[0]
    assert body["data-rasa-url"] == "https://rasa.example:5443"
    assert body["data-socket-path"] == "/socket.io"
    assert "connect-src 'self' https://rasa.example:5443 wss://rasa.example:5443;" in csp
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    # The transcript is a polite live log; the input has a real label; controls are native buttons.
    log = tags.find("div", id="chat-log")[0]
    assert log["role"] == "log" and log["aria-live"] == "polite"
    assert tags.find("label", **{"for": "chat-input"})
    assert tags.find("input", id="chat-input")
    assert tags.find("button", id="chat-human") and tags.find("button", id="chat-retry")
    assert "Talk to a person" in html
    assert "General information, not legal advice." in html
    assert "Not a U.S. government website" in html and "An official website" not in html
    # Nothing from a CDN: every script and stylesheet is ours.
    for script in tags.find("script"):
        assert script["src"].startswith(("/static/", "/vendor/"))
    for link in tags.find("link"):
        assert link["href"].startswith(("/static/", "/vendor/"))


async def test_config_json_gives_the_page_its_settings():
    async with web_client(rasa_url="http://localhost:5005", reply_timeout_seconds=12) as client:
        response = await client.get("/config.json")
        assert response.status == 200
        assert await response.json() == {
            "rasaUrl": "http://localhost:5005",
            "socketPath": "/socket.io",
            "replyTimeoutMs": 12000,
        }


def test_a_rasa_url_behind_a_path_keeps_it_for_socket_io():
    settings = config(rasa_url="https://example.org/assistant/")
    assert settings.rasa_origin == "https://example.org"
    assert settings.socketio_path == "/assistant/socket.io"


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "localhost:5005", "http://", "ftp://x", "http://x/?a=1"])
def test_a_bad_rasa_url_is_refused(bad):
    with pytest.raises(SettingsError):
        config(rasa_url=bad)


def test_settings_come_from_the_environment(tmp_path):
    settings = WebSettings.from_env(
        {
            "WEB_HOST": "0.0.0.0",
            "WEB_PORT": "8123",
            "RASA_URL": "http://rasa:5005",
            "RASA_API_URL": "http://10.0.0.2:5005",
            "RASA_API_TOKEN": "api",
            "STAFF_TOKEN": "staff",
            "EVAL_RESULTS_DIR": str(tmp_path),
        }
    )
    assert (settings.host, settings.port, settings.rasa_url) == ("0.0.0.0", 8123, "http://rasa:5005")
    assert (settings.rasa_api_url, settings.rasa_api_token, settings.staff_token) == (
        "http://10.0.0.2:5005",
        "api",
        "staff",
    )
    assert settings.results_dir == tmp_path
    defaults = WebSettings.from_env({})
    assert (defaults.host, defaults.port, defaults.rasa_url) == ("127.0.0.1", 8000, "http://localhost:5005")
    assert defaults.rasa_api_url == "http://localhost:5005" and not defaults.staff_enabled
    with pytest.raises(SettingsError):
        WebSettings.from_env({"WEB_PORT": "eighty"})


async def test_our_static_files_are_served():
    async with web_client() as client:
        for name, kind in (("chat.js", "javascript"), ("staff.js", "javascript"), ("site.css", "text/css")):
            response = await client.get(f"/static/{name}")
            assert response.status == 200, name
            assert kind in response.headers["Content-Type"]
        assert (await client.get("/static/../app.py")).status in (403, 404)


@pytest.mark.skipif(not VENDOR_DIR.is_dir(), reason="front-end assets not built (make web-assets)")
async def test_the_bundled_npm_assets_are_served():
    async with web_client() as client:
        for path in (
            "/vendor/uswds/css/uswds.min.css",
            "/vendor/socket.io/socket.io.min.js",
            "/vendor/uswds/fonts/source-sans-pro/sourcesanspro-regular-webfont.woff2",
        ):
            assert (await client.get(path)).status == 200, path


def test_the_chat_script_never_parses_text_as_html():
    script = (STATIC_DIR / "chat.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
    assert 'rel = "noopener noreferrer"' in script and "textContent" in script


async def test_ready_needs_the_rasa_server_too(real_store):
    """/ready: 200 only when the rules are readable AND Rasa answers; 503 naming Rasa otherwise."""
    from aiohttp import web

    fake_rasa = web.Application()
    fake_rasa.router.add_get("/", lambda _: web.Response(text="Hello from Rasa: 3.6.21"))
    async with serve(fake_rasa) as rasa:
        rasa_url = str(rasa.make_url("/"))
        async with web_client(real_store, rasa_url=rasa_url) as client:
            response = await client.get("/ready")
            body = await response.json()
    assert response.status == 200, body
    assert body["ok"] is True and body["rasa"] == {"reachable": True}
    assert body["thresholds"]["readable"] is True

    async with web_client(real_store, rasa_url=rasa_url) as client:  # the fake Rasa has stopped now
        response = await client.get("/ready")
        body = await response.json()
    assert response.status == 503
    assert body["ok"] is False and body["rasa"]["reachable"] is False
    assert body["thresholds"]["readable"] is True
