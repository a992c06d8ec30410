"""The Slack channel in the real Rasa server (trained model, action server, rules database) and a fake Slack API."""

from __future__ import annotations

import time

import pytest
import requests

from bot.channels.slack import ACK
from tests.channels.e2e.conftest import SlackAssistant
from tests.channels.fake_slack import Call
from tests.channels.slack_requests import (
    BOT_USER,
    block_actions,
    buttons_of,
    event_body,
    new_id,
    new_ts,
    post_event,
    post_form,
    slash_command,
)

pytestmark = [pytest.mark.slack, pytest.mark.slack_e2e]

QUESTION = "what is the de minimis limit?"
ANSWER_TIMEOUT = 60.0  # the first turn warms the model up
QUIET = 4.0  # seconds without new posts before concluding that nothing else comes


def posts(bot: SlackAssistant, channel: str) -> list[Call]:
    return bot.slack.find("chat.postMessage", channel)


def answers(bot: SlackAssistant, channel: str) -> list[Call]:
    return [post for post in posts(bot, channel) if "Data as of" in post.text]


def test_the_slack_channel_is_up(slack_assistant: SlackAssistant) -> None:
    status = requests.get(slack_assistant.url.rsplit("/", 1)[0] + "/", timeout=5)
    assert status.json() == {"status": "ok"}
    reply = post_event(slack_assistant.url, {"type": "url_verification", "challenge": "c-1", "token": "x"})
    assert reply.json() == {"challenge": "c-1"}


def test_1_a_signed_message_is_answered_in_its_thread(slack_assistant: SlackAssistant) -> None:
    channel, ts = new_id("C"), new_ts()
    reply = post_event(slack_assistant.url, event_body(f"<@{BOT_USER}> {QUESTION}", channel, ts=ts))
    assert reply.status_code == 200
    [answer] = slack_assistant.slack.wait_for(lambda: answers(slack_assistant, channel), ANSWER_TIMEOUT)
    assert answer.params["thread_ts"] == ts
    assert "de minimis" in answer.text.lower() and "<https://" in answer.text  # sources as Slack links
    assert all(post.params["thread_ts"] == ts for post in posts(slack_assistant, channel))


@pytest.mark.parametrize("attack", ["forged signature", "stale timestamp"])
def test_2_forged_or_stale_requests_get_401_and_nothing_is_posted(slack_assistant: SlackAssistant, attack: str) -> None:
    channel = new_id("C")
    body = event_body(f"<@{BOT_USER}> {QUESTION}", channel)
    if attack == "forged signature":
        reply = post_event(slack_assistant.url, body, secret="a-forger-s-secret")
    else:
        reply = post_event(slack_assistant.url, body, timestamp=int(time.time()) - 6 * 60)
    assert reply.status_code == 401
    # A genuine message sent after it is answered; the refused one never is.
    control = new_id("C")
    post_event(slack_assistant.url, event_body(f"<@{BOT_USER}> {QUESTION}", control))
    slack_assistant.slack.wait_for(lambda: answers(slack_assistant, control), ANSWER_TIMEOUT)
    time.sleep(QUIET)
    assert posts(slack_assistant, channel) == []


def test_3_a_retry_is_not_answered_twice(slack_assistant: SlackAssistant) -> None:
    channel = new_id("C")
    body = event_body(f"<@{BOT_USER}> {QUESTION}", channel)
    assert post_event(slack_assistant.url, body).status_code == 200
    retry = post_event(
        slack_assistant.url, body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    )
    assert retry.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    slack_assistant.slack.wait_for(lambda: answers(slack_assistant, channel), ANSWER_TIMEOUT)
    time.sleep(QUIET)
    texts = [post.text for post in posts(slack_assistant, channel)]
    assert len(answers(slack_assistant, channel)) == 1 and len(texts) == len(set(texts))


def test_4_a_slash_command_is_acknowledged_at_once_and_answered_after(slack_assistant: SlackAssistant) -> None:
    channel = new_id("C")
    fields = slash_command(QUESTION, channel, response_url=slack_assistant.slack.response_url(channel))
    started = time.monotonic()
    reply = post_form(slack_assistant.url, fields)
    elapsed = time.monotonic() - started
    assert reply.status_code == 200 and elapsed < 1.0, elapsed  # Slack's limit is 3 s
    assert reply.json() == {"response_type": "ephemeral", "text": ACK}
    [answer] = slack_assistant.slack.wait_for(lambda: answers(slack_assistant, channel), ANSWER_TIMEOUT)
    question = posts(slack_assistant, channel)[0]
    assert question.text == f"<@UASKER> asked: {QUESTION}"
    assert answer.params["thread_ts"] == question.result["ts"] and answer.at - started > elapsed


def test_5_buttons_are_block_kit_and_a_click_is_processed_as_a_message(slack_assistant: SlackAssistant) -> None:
    channel, ts = new_id("C"), new_ts()
    post_event(slack_assistant.url, event_body(f"<@{BOT_USER}> hello", channel, ts=ts))
    [menu] = slack_assistant.slack.wait_for(
        lambda: [post for post in posts(slack_assistant, channel) if buttons_of(post.blocks)], ANSWER_TIMEOUT
    )
    assert [block["type"] for block in menu.blocks] == ["section", "actions"]
    values = [button["value"] for button in buttons_of(menu.blocks)]
    assert "/ask_de_minimis_changes" in values and all(value.startswith("/") for value in values)

    stored = {**menu.params, "ts": menu.result["ts"], "blocks": menu.blocks}
    click = block_actions(stored, channel, "/ask_de_minimis_changes", title="Is de minimis still $800?")
    assert post_form(slack_assistant.url, click).status_code == 200
    [update] = slack_assistant.slack.wait_for(lambda: slack_assistant.slack.find("chat.update", channel))
    assert update.params["ts"] == menu.result["ts"]
    assert "actions" not in [block["type"] for block in update.blocks]
    [answer] = slack_assistant.slack.wait_for(lambda: answers(slack_assistant, channel), ANSWER_TIMEOUT)
    assert answer.params["thread_ts"] == ts and "800" in answer.text
