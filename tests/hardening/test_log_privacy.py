"""At the default level (INFO), our code logs no user text or slot values; at DEBUG it may (docs/logging.md).

A marker string travels as the user's message, goods, country, amount and HTS code through our own
code paths (the actions, run by rasa-sdk's executor as the action server does; the Slack channel in a
Sanic server with a fake Slack API; the web app's staff console with a fake Rasa), then every log
record at INFO and above is searched for it. Each test also shows that its logs were captured (an
INFO line it expects), so that an empty log cannot pass for a private one. Rasa's own server is
checked end to end elsewhere (tests/hardening/e2e), with `assert_no_marker_in_logs` from log_checks.py.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk.executor import ActionExecutor

from bot.channels.slack import CBPSlackInput
from bot.contact import APOLOGY
from bot.thresholds import ThresholdStore
from tests.channels.fake_slack import FakeSlack
from tests.channels.slack_requests import (
    BOT_USER,
    SECRET,
    TOKEN,
    event_body,
    new_id,
    post_event,
    post_form,
    slash_command,
)
from tests.channels.slack_stub import StubServer
from tests.conftest import ROOT, RULES_DIR
from tests.hardening.log_checks import MARKER, assert_no_marker_in_logs, lines_with_marker
from tests.web.conftest import STAFF_TOKEN, login, make_store, serve, web_client
from tests.web.test_staff import fake_rasa

DOMAIN = Domain.load(str(ROOT / "domain.yml")).as_dict()


# ---- the helper itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    "log_line",
    [
        f"INFO user said {MARKER}",
        f"DEBUG {{'goods': '{MARKER.lower()}'}}",
        f'ERROR body=\'{{"text": "{MARKER.upper()}"}}\'',
    ],
)
def test_the_helper_finds_the_marker_in_any_form(log_line: str) -> None:
    with pytest.raises(AssertionError, match="found in 1 log line"):
        assert_no_marker_in_logs(f"INFO start\n{log_line}\nINFO end", MARKER)


def test_the_helper_finds_url_encoded_markers() -> None:
    marker = "ZQX marker/goods"
    assert lines_with_marker("INFO GET /x?q=zqx%20marker%2Fgoods 200", marker)
    assert lines_with_marker("INFO POST body q=ZQX+marker%2Fgoods", marker)


def test_the_helper_finds_escaped_non_ascii_markers() -> None:
    marker = "ZQX-märker-€"
    assert lines_with_marker('{"text": "zqx-m\\u00e4rker-\\u20ac"}', marker)
    assert lines_with_marker("text='ZQX-m\\xe4rker-\\u20ac'", marker)  # ascii() of the text
    assert lines_with_marker(f"text={marker!r}", marker)
    assert_no_marker_in_logs("INFO nothing here\nERROR ValueError at answer.py:12", marker)


# ---- the actions, as the action server runs them -------------------------------------------


def action_call(action: str, slots: dict[str, Any] | None = None, intent: str = "check_shipment") -> dict:
    """What Rasa posts to the action server: the tracker carries the marker everywhere it can."""
    entities = [
        {"entity": "goods", "value": MARKER, "start": 0, "end": len(MARKER)},
        {"entity": "country", "value": MARKER, "start": 0, "end": len(MARKER)},
        {"entity": "amount", "value": MARKER, "start": 0, "end": len(MARKER)},
        {"entity": "currency", "value": MARKER, "start": 0, "end": len(MARKER)},
        {"entity": "hts_code", "value": MARKER, "start": 0, "end": len(MARKER)},
        {"entity": "date", "value": MARKER, "start": 0, "end": len(MARKER)},
    ]
    latest = {
        "text": f"I import {MARKER} worth $650 from {MARKER}",
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": [{"name": intent, "confidence": 0.9}],
        "entities": entities,
    }
    return {
        "next_action": action,
        "sender_id": "privacy-test",
        "domain": DOMAIN,
        "version": "3.6.21",
        "tracker": {
            "sender_id": "privacy-test",
            "slots": {**(slots or {})},
            "latest_message": latest,
            "events": [{"event": "user", "text": latest["text"], "parse_data": latest}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


#: A question frame holding the marker as goods and origin, as a follow-up turn would carry it.
FRAME = {
    "question_frame": {
        "topic": "shipment",
        "value": 650.0,
        "origin": "VN",
        "mode": "express",
        "goods": MARKER.lower(),
        "pending": "mode",
    }
}
CALLS = [
    ("action_answer", None, "check_shipment"),
    ("action_answer", FRAME, "inform"),
    ("action_answer", {"question_frame": {**FRAME["question_frame"], "origin": MARKER}}, "inform"),
    ("action_answer", FRAME, "ask_more_detail"),
    ("action_answer", FRAME, "ask_sources"),
    ("action_answer", None, "ask_de_minimis"),
    ("action_answer", None, "ask_hts_classification"),
    ("action_answer", None, "ask_other_countries"),
    ("action_answer", None, "nlu_fallback"),
    ("action_fallback", None, "nlu_fallback"),
]


@pytest.fixture(scope="module")
def executor() -> ActionExecutor:
    executor = ActionExecutor()
    executor.register_package("actions")
    return executor


def run_calls(executor: ActionExecutor, calls: list[tuple[str, Any, str]]) -> list[dict]:
    return [asyncio.run(executor.run(action_call(name, slots, intent))) for name, slots, intent in calls]


def test_the_actions_log_no_user_data_at_info(
    rules_db,
    executor: ActionExecutor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    logging.getLogger("rasa_sdk").info("capture check")  # the logs are being captured
    responses = run_calls(executor, CALLS)
    said = [message.get("text") for response in responses for message in response["responses"]]
    assert len(said) >= len(CALLS) and APOLOGY not in said  # they ran (no failure behind the safety net)
    assert "capture check" in caplog.text
    assert_no_marker_in_logs(caplog.text)


def test_a_failing_action_logs_where_but_not_what(
    rules_db,
    executor: ActionExecutor,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An exception quoting user data: at INFO, only the action, the type and the place; at DEBUG, all of it."""

    def broken(snapshot: Any, message: Any, frame: Any, **kwargs: Any) -> Any:
        raise ValueError(f"cannot answer {message.text!r} about {frame.goods}")

    monkeypatch.setattr("actions.answer.respond", broken)
    caplog.set_level(logging.INFO)
    [response] = run_calls(executor, [("action_answer", FRAME, "inform")])
    assert [message["text"] for message in response["responses"]] == [APOLOGY]
    assert "Action action_answer failed" in caplog.text and "ValueError at test_log_privacy.py" in caplog.text
    assert_no_marker_in_logs(caplog.text)
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    run_calls(executor, [("action_answer", FRAME, "inform")])
    assert lines_with_marker(caplog.text, MARKER)  # DEBUG has the traceback, with the user's data


def test_extraction_failures_log_where_but_not_what(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.nlu import extract

    def broken(text: str, today: Any, lang: Any = None) -> Any:
        raise ValueError(f"no entities in {text!r}")

    monkeypatch.setattr(extract, "_extract", broken)
    caplog.set_level(logging.INFO)
    assert extract.extract_entities(f"$650 of {MARKER}") == []
    assert "Entity extraction failed" in caplog.text and "ValueError" in caplog.text
    assert_no_marker_in_logs(caplog.text)


# ---- the Slack channel --------------------------------------------------------------------


class FailingStub(StubServer):
    """The channel's stub bot; a message containing "please-fail" makes the turn raise."""

    async def _handle(self, message: Any) -> None:
        if "please-fail" in (message.text or ""):
            self.received.append(message)
            raise RuntimeError("the stub bot failed on purpose")
        await super()._handle(message)


@pytest.fixture(scope="module")
def slack() -> Iterator[tuple[FakeSlack, StubServer]]:
    fake = FakeSlack().start()
    stub = FailingStub(CBPSlackInput(TOKEN, SECRET, slack_api_url=fake.api_url)).start()
    yield fake, stub
    stub.stop()
    fake.stop()


def test_the_slack_channel_logs_no_user_text_at_info(
    slack: tuple[FakeSlack, StubServer], caplog: pytest.LogCaptureFixture
) -> None:
    fake, stub = slack
    caplog.set_level(logging.INFO)
    channel = new_id("C")
    mention = event_body(f"<@{BOT_USER}> is $650 of {MARKER} from {MARKER} duty free?", channel)
    assert post_event(stub.url, mention).status_code == 200
    # Slack's retry of the same event: logged at INFO with its id (the proof that logs are captured).
    assert post_event(stub.url, mention, headers={"X-Slack-Retry-Num": "1"}).status_code == 200
    failing = event_body(f"<@{BOT_USER}> {MARKER} please-fail", new_id("C"))
    assert post_event(stub.url, failing).status_code == 200
    command_channel = new_id("C")
    assert post_form(stub.url, slash_command(f"{MARKER} from {MARKER}?", command_channel)).status_code == 200
    fake.wait_for(lambda: fake.find("chat.postMessage", channel))
    fake.wait_for(lambda: len(fake.find("chat.postMessage", command_channel)) >= 2)  # the question, the answer
    fake.wait_for(lambda: fake.find("chat.postMessage", failing["event"]["channel"]))  # the apology
    time.sleep(0.2)  # the failed turn's log record is written after the apology
    assert f"event {mention['event_id']}" in caplog.text
    assert_no_marker_in_logs(caplog.text)


# ---- the web app (page and staff console) ---------------------------------------------------


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> ThresholdStore:
    return make_store(RULES_DIR, tmp_path_factory.mktemp("privacy-web") / "thresholds.sqlite3")


async def test_the_web_app_logs_no_user_text_at_info(real_store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    seen: list = []
    async with serve(fake_rasa("api-secret", seen)) as rasa:
        api_url = str(rasa.make_url("")).rstrip("/")
        async with web_client(
            real_store, staff_token=STAFF_TOKEN, rasa_api_url=api_url, rasa_api_token="api-secret"
        ) as client:
            assert (await client.get("/")).status == 200
            await login(client)
            form = {"message": f"$650 of {MARKER}", "sender": "staff-0123456789ab"}
            tried = await client.post("/staff/try", data=form)
            assert tried.status == 200 and MARKER in await tried.text()  # shown to staff, escaped...
    async with web_client(real_store, staff_token=STAFF_TOKEN, rasa_api_url="http://127.0.0.1:9") as client:
        await login(client)
        unreachable = await client.post("/staff/try", data={"message": f"{MARKER} again"})
        assert unreachable.status == 502
    assert "POST /staff/try" in caplog.text  # aiohttp's access log: captured, and holds no form data
    assert_no_marker_in_logs(caplog.text)  # ...but never logged
