"""The staff page: access control, the escaped rules table, eval reports, and trying a message via a fake Rasa."""

from __future__ import annotations

import datetime as dt
import json
import time

from aiohttp import web

from bot.thresholds import Rule, Snapshot
from bot.web.app import create_app
from bot.web.staff import COOKIE, new_session, rule_rows, session_valid
from tests.web.conftest import STAFF_TOKEN, config, login, serve, web_client
from tests.web.test_app import parse

STAFF_URLS = ["/staff", "/staff/", "/staff/login", "/staff/reports/summary.md", "/staff/reports/nope", "/staff/x/y"]


async def test_without_a_configured_token_everything_under_staff_is_401(real_store):
    async with web_client(real_store, staff_token=None) as client:
        for url in STAFF_URLS:
            response = await client.get(url, allow_redirects=False)
            assert response.status == 401, url
        for url, data in (
            ("/staff/login", {"token": ""}),
            ("/staff/login", {"token": "anything"}),
            ("/staff/try", {"message": "hi"}),
            ("/staff/logout", {}),
        ):
            response = await client.post(url, data=data, allow_redirects=False)
            assert response.status == 401, url
            assert "Set-Cookie" not in response.headers
        assert "STAFF_TOKEN" in await (await client.get("/staff")).text()


async def test_a_wrong_token_is_refused(real_store):
    async with web_client(real_store, staff_token=STAFF_TOKEN) as client:
        response = await login(client, "wrong token")
        assert response.status == 401
        assert "Set-Cookie" not in response.headers
        assert "That token is not right" in await response.text()
        assert (await client.get("/staff")).status == 401
        response = await login(client, STAFF_TOKEN + "x")
        assert response.status == 401


async def test_staff_pages_need_a_login_even_with_a_token_configured(real_store):
    async with web_client(real_store, staff_token=STAFF_TOKEN) as client:
        response = await client.get("/staff")
        assert response.status == 401
        html = await response.text()
        assert 'action="/staff/login"' in html and 'type="password"' in html
        assert "us-de-minimis-800" not in html
        assert (await client.get("/staff/login")).status == 200
        assert (await client.get("/staff/reports/summary.md")).status == 401
        assert (await client.post("/staff/try", data={"message": "hi"})).status == 401
        assert response.headers["Cache-Control"] == "no-store"


async def test_login_sets_a_strict_http_only_cookie_and_opens_the_page(real_store):
    async with web_client(real_store, staff_token=STAFF_TOKEN) as client:
        response = await login(client)
        assert response.status == 303 and response.headers["Location"] == "/staff"
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith(f"{COOKIE}=")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/staff" in cookie
        assert STAFF_TOKEN not in cookie
        page = await client.get("/staff")
        assert page.status == 200
        html = await page.text()
        assert "us-de-minimis-800" in html and "19 USC 1321" in html
        assert 'id="rule-filter"' in html and 'id="rules-table"' in html
        # Signed out: the cookie is gone and the page is closed again.
        response = await client.post("/staff/logout", allow_redirects=False)
        assert response.status == 303
        assert (await client.get("/staff")).status == 401


async def test_forms_from_another_site_are_refused(real_store):
    async with web_client(real_store, staff_token=STAFF_TOKEN) as client:
        response = await client.post(
            "/staff/login",
            data={"token": STAFF_TOKEN},
            headers={"Origin": "http://evil.example"},
            allow_redirects=False,
        )
        assert response.status == 403
        assert "Set-Cookie" not in response.headers
        response = await client.post(
            "/staff/login", data={"token": STAFF_TOKEN}, headers={"Origin": "null"}, allow_redirects=False
        )
        assert response.status == 403
        own = str(client.make_url("")).rstrip("/")
        response = await client.post(
            "/staff/login", data={"token": STAFF_TOKEN}, headers={"Origin": own}, allow_redirects=False
        )
        assert response.status == 303


def test_sessions_are_signed_dated_and_tied_to_the_token():
    settings = config(staff_token=STAFF_TOKEN, staff_session_hours=1)
    now = time.time()
    value = new_session(STAFF_TOKEN, now)
    assert session_valid(settings, value, now)
    assert not session_valid(settings, value, now + 2 * 3600)  # expired
    assert not session_valid(config(staff_token="another token"), value, now)  # token rotated
    issued, signature = value.split(".")
    assert not session_valid(settings, f"{int(issued) + 1}.{signature}", now)  # date tampered
    assert not session_valid(settings, "garbage", now)
    assert not session_valid(config(staff_token=None), value, now)


async def test_the_rules_table_shows_markup_as_text(hostile_store):
    async with web_client(hostile_store, staff_token=STAFF_TOKEN) as client:
        await login(client)
        response = await client.get("/staff")
        assert response.status == 200
        html = await response.text()
    assert "&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt; &amp; friends" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<img" not in html and "<b>bold" not in html
    tags = parse(html)
    assert all(script.get("src", "").startswith("/static/") for script in tags.find("script"))
    links = [a for a in tags.find("a") if "example.gov" in a.get("href", "")]
    assert links and links[0]["href"] == 'https://example.gov/a?b="><script>alert(2)</script>'
    assert links[0]["rel"] == "noopener noreferrer"


def _rule(**changes: object) -> Rule:
    values: dict = dict(
        id="us-x",
        jurisdiction="US",
        kind="contact",
        summary="s",
        citation="c",
        source_url="https://example.gov/",
        confidence="HIGH",
        last_verified=dt.date(2026, 1, 1),
    )
    values.update(changes)
    return Rule(**values)


async def test_a_source_that_is_not_a_web_address_is_not_a_link():
    rule = _rule(source_url="javascript:alert(1)")
    assert rule_rows(Snapshot(1, dt.date(2026, 1, 1), (rule,)))[0]["source_is_link"] is False

    class Store:
        def snapshot(self) -> Snapshot:
            return Snapshot(1, dt.date(2026, 1, 1), (rule,))

    async with web_client(Store(), staff_token=STAFF_TOKEN) as client:
        await login(client)
        html = await (await client.get("/staff")).text()
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html


async def test_reports_are_linked_when_generated_and_token_protected(real_store, tmp_path):
    async with web_client(real_store, staff_token=STAFF_TOKEN, results_dir=tmp_path) as client:
        await login(client)
        html = await (await client.get("/staff")).text()
        assert html.count("not generated yet: run <code>make eval</code>") == 3
        response = await client.get("/staff/reports/summary.md")
        assert response.status == 404 and "not generated yet: run make eval" in await response.text()

        (tmp_path / "ours").mkdir()
        (tmp_path / "summary.md").write_text("# Summary\n<script>alert(1)</script>\n")
        (tmp_path / "ours" / "intent_report.json").write_text(json.dumps({"accuracy": 0.93}))
        (tmp_path / "ours" / "intent_confusion_matrix.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
        html = await (await client.get("/staff")).text()
        assert "not generated yet" not in html
        for name in ("summary.md", "intent_report.json", "intent_confusion_matrix.png"):
            assert f'href="/staff/reports/{name}"' in html
        summary = await client.get("/staff/reports/summary.md")
        assert summary.status == 200 and summary.headers["Content-Type"].startswith("text/plain")
        assert summary.headers["X-Content-Type-Options"] == "nosniff"
        assert (await (await client.get("/staff/reports/intent_report.json")).json()) == {"accuracy": 0.93}
        png = await client.get("/staff/reports/intent_confusion_matrix.png")
        assert png.headers["Content-Type"] == "image/png"
        assert (await client.get("/staff/reports/..%2F..%2Fetc%2Fpasswd")).status == 404
        client.session.cookie_jar.clear()
        assert (await client.get("/staff/reports/summary.md")).status == 401


def fake_rasa(token: str, seen: list) -> web.Application:
    """Rasa's HTTP API as far as the staff page uses it; the bot's reply carries markup."""
    conversations: dict[str, list] = {}

    def check(request: web.Request) -> None:
        seen.append((request.method, request.path, dict(request.query)))
        if request.query.get("token") != token:
            raise web.HTTPUnauthorized()

    async def parse_message(request: web.Request) -> web.Response:
        check(request)
        text = (await request.json())["text"]
        return web.json_response(
            {
                "text": text,
                "intent": {"name": "check_shipment", "confidence": 0.91},
                "intent_ranking": [
                    {"name": "check_shipment", "confidence": 0.91},
                    {"name": "ask_de_minimis", "confidence": 0.06},
                ],
                "entities": [
                    {"entity": "amount", "value": 650.0, "start": 0, "end": 4, "extractor": "ImporterEntities"},
                    {
                        "entity": "country",
                        "value": "VN",
                        "start": 15,
                        "end": 22,
                        "extractor": "ImporterEntities",
                        "confidence_entity": 0.99,
                    },
                ],
            }
        )

    async def webhook(request: web.Request) -> web.Response:
        seen.append((request.method, request.path, dict(request.query)))
        body = await request.json()
        events = conversations.setdefault(
            body["sender"], [{"event": "action", "name": "action_session_start", "timestamp": 1.0}]
        )
        events += [
            {
                "event": "user",
                "text": body["message"],
                "timestamp": 2.0,
                "parse_data": {"intent": {"name": "check_shipment", "confidence": 0.91}, "entities": []},
            },
            {"event": "action", "name": "action_answer", "policy": "RulePolicy", "confidence": 1.0, "timestamp": 3.0},
            {
                "event": "bot",
                "text": "How is it shipped? <script>alert(3)</script>",
                "timestamp": 3.1,
                "data": {"buttons": [{"title": "Mail (post)", "payload": "by mail"}]},
            },
            {"event": "action", "name": "action_listen", "timestamp": 3.2},
        ]
        return web.json_response(
            [
                {
                    "recipient_id": body["sender"],
                    "text": "How is it shipped? <script>alert(3)</script>",
                    "buttons": [{"title": "Mail (post)", "payload": "by mail"}],
                }
            ]
        )

    async def tracker(request: web.Request) -> web.Response:
        check(request)
        sender = request.match_info["sender"]
        return web.json_response({"sender_id": sender, "events": conversations.get(sender, [])})

    app = web.Application()
    app.router.add_post("/model/parse", parse_message)
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/conversations/{sender}/tracker", tracker)
    return app


async def test_trying_a_message_shows_understanding_actions_reply_and_events(real_store):
    seen: list = []
    async with serve(fake_rasa("api-secret", seen)) as rasa:
        api_url = str(rasa.make_url("")).rstrip("/")
        async with web_client(
            real_store, staff_token=STAFF_TOKEN, rasa_api_url=api_url, rasa_api_token="api-secret"
        ) as client:
            await login(client)
            response = await client.post(
                "/staff/try", data={"message": "$650 phone cases from Vietnam", "sender": "staff-0123456789ab"}
            )
            assert response.status == 200
            html = await response.text()
    assert [(method, path) for method, path, _ in seen] == [
        ("POST", "/model/parse"),
        ("POST", "/webhooks/rest/webhook"),
        ("GET", "/conversations/staff-0123456789ab/tracker"),
    ]
    assert "token" not in seen[1][2]  # the REST channel gets no API token
    tags = parse(html)
    assert "check_shipment" in html and "0.910" in html and "0.060" in html
    assert "<code>650.0</code>" in html and "<code>VN</code>" in html and "Vietnam" in html and "0.990" in html
    assert "<code>action_answer</code> by RulePolicy (1.000)" in html
    assert "action_listen" not in html.split('id="actions"')[1].split("</ol>")[0]
    assert "How is it shipped? &lt;script&gt;alert(3)&lt;/script&gt;" in html and "<script>alert" not in html
    assert 'class="staff-chip">Mail (post)<' in html
    assert tags.find("table", id="events") and html.count('class="event-') == 5
    assert 'value="staff-0123456789ab"' in html  # the conversation goes on with the same id


async def test_a_message_from_user_input_is_escaped_and_sender_ids_are_staff_only(real_store):
    seen: list = []
    async with serve(fake_rasa("t", seen)) as rasa:
        async with web_client(
            real_store, staff_token=STAFF_TOKEN, rasa_api_url=str(rasa.make_url("")).rstrip("/"), rasa_api_token="t"
        ) as client:
            await login(client)
            html = await (await client.post("/staff/try", data={"message": "<i>hi</i>", "sender": "user-123"})).text()
    assert "&lt;i&gt;hi&lt;/i&gt;" in html and "<i>hi" not in html
    sender = seen[-1][1].split("/")[2]
    assert sender.startswith("staff-") and sender != "user-123"


async def test_rasa_errors_are_explained(real_store):
    seen: list = []
    async with serve(fake_rasa("right", seen)) as rasa:
        api_url = str(rasa.make_url("")).rstrip("/")
        async with web_client(
            real_store, staff_token=STAFF_TOKEN, rasa_api_url=api_url, rasa_api_token="wrong"
        ) as client:
            await login(client)
            response = await client.post("/staff/try", data={"message": "hello"})
            assert response.status == 502
            assert "check RASA_API_TOKEN" in await response.text()
    async with web_client(real_store, staff_token=STAFF_TOKEN, rasa_api_url=api_url) as client:
        await login(client)  # the fake Rasa is gone now
        response = await client.post("/staff/try", data={"message": "hello"})
        assert response.status == 502
        html = await response.text()
        assert "Rasa cannot be reached at" in html and "no RASA_API_TOKEN set" in html
        response = await client.post("/staff/try", data={"message": "   "})
        assert response.status == 400 and "Type a message" in await response.text()


async def test_a_new_staff_route_is_protected_without_a_check_of_its_own(real_store):
    """The sign-in is checked once, by the app's middleware, for every URL under /staff."""

    async def unguarded(request: web.Request) -> web.Response:  # no sign-in check here
        return web.Response(text="staff only")

    async def unguarded_post(request: web.Request) -> web.Response:
        return web.Response(text="done")

    app = create_app(config(staff_token=STAFF_TOKEN), store_factory=lambda: real_store)
    app.router.add_get("/staff/new-page", unguarded)
    app.router.add_post("/staff/new-form", unguarded_post)
    async with serve(app) as client:
        response = await client.get("/staff/new-page")
        assert response.status == 401 and "staff only" not in await response.text()
        assert 'action="/staff/login"' in await response.text()
        assert (await client.post("/staff/new-form")).status == 401
        client.session.cookie_jar.update_cookies({COOKIE: "1700000000.forged"})
        assert (await client.get("/staff/new-page")).status == 401
        client.session.cookie_jar.clear()

        await login(client)
        response = await client.get("/staff/new-page")
        assert response.status == 200 and await response.text() == "staff only"
        assert response.headers["Cache-Control"] == "no-store"
        own = str(client.make_url("")).rstrip("/")
        assert (await client.post("/staff/new-form", headers={"Origin": own})).status == 200
        refused = await client.post("/staff/new-form", headers={"Origin": "http://evil.example"})
        assert refused.status == 403
    async with web_client(real_store, staff_token=None) as client:
        assert (await client.get("/staff/reports/summary.md")).status == 401


def test_the_staff_module_does_not_import_the_app():
    """bot/web/staff.py reads what it needs from bot/web/context.py: no import cycle with bot/web/app.py."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = "import sys, bot.web.staff; print('bot.web.app' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"
