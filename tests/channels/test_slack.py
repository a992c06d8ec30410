"""The Slack channel's HTTP behaviour against a fake Slack API, with a stub bot instead of Rasa's agent.

Fast (no model); the same behaviours are proven against the real Rasa server in tests/channels/e2e.
"""

from __future__ import annotations

import time

import pytest

from bot.channels.slack import ACK, CANNOT_POST
from bot.contact import APOLOGY
from tests.channels.fake_slack import Call, FakeSlack
from tests.channels.slack_requests import (
    BOT_USER,
    TOKEN,
    block_actions,
    buttons_of,
    event_body,
    new_id,
    new_ts,
    post_event,
    post_form,
    slash_command,
)
from tests.channels.slack_stub import ANSWER, LONG_REPLY, StubServer

pytestmark = pytest.mark.slack


def posts(fake: FakeSlack, channel: str) -> list[Call]:
    return fake.find("chat.postMessage", channel)


def received_in(stub: StubServer, channel: str) -> list[str]:
    return [m.text for m in stub.received if m.output_channel.slack_channel == channel]


def test_a_signed_mention_is_answered_in_its_thread_as_escaped_mrkdwn(stub: StubServer, fake_slack: FakeSlack) -> None:
    channel, ts = new_id("C"), new_ts()
    reply = post_event(stub.url, event_body(f"<@{BOT_USER}> is it &lt; $800 &amp; free?", channel, ts=ts))
    assert reply.status_code == 200
    [post] = fake_slack.wait_for(lambda: posts(fake_slack, channel))
    assert post.params["thread_ts"] == ts
    assert post.text == "echo: is it &lt; $800 &amp; free? | &lt;b&gt; &amp; <https://x.test/?a=1&amp;b=2>."
    assert post.headers["Authorization"] == f"Bearer {TOKEN}"
    [message] = [m for m in stub.received if m.output_channel.slack_channel == channel]
    assert message.sender_id == f"UASKER_{channel}_{ts}" and message.input_channel == "slack"


def test_a_reply_in_a_thread_is_answered_in_that_thread(stub: StubServer, fake_slack: FakeSlack) -> None:
    channel, parent = new_id("C"), new_ts()
    post_event(stub.url, event_body(f"<@{BOT_USER}> and gifts?", channel, thread_ts=parent))
    [post] = fake_slack.wait_for(lambda: posts(fake_slack, channel))
    assert post.params["thread_ts"] == parent


def test_url_verification_echoes_the_challenge(stub: StubServer) -> None:
    reply = post_event(stub.url, {"type": "url_verification", "challenge": "abc123", "token": "x"})
    assert reply.status_code == 200 and reply.json() == {"challenge": "abc123"}


@pytest.mark.parametrize("attack", ["forged", "stale", "future", "unsigned"])
def test_forged_or_stale_requests_get_401_and_nothing_is_processed(
    stub: StubServer, fake_slack: FakeSlack, attack: str
) -> None:
    channel = new_id("C")
    body = event_body(f"<@{BOT_USER}> hello", channel)
    if attack == "forged":
        reply = post_event(stub.url, body, signature="v0=" + "ab" * 32)
    elif attack == "stale":
        reply = post_event(stub.url, body, timestamp=int(time.time()) - 301)
    elif attack == "future":
        reply = post_event(stub.url, body, timestamp=int(time.time()) + 400)
    else:
        reply = post_event(stub.url, body, secret="not-the-signing-secret")
    assert reply.status_code == 401
    stub.settle()
    assert not posts(fake_slack, channel) and not received_in(stub, channel)


def test_a_retry_is_not_answered_twice_even_while_the_first_is_processing(
    stub: StubServer, fake_slack: FakeSlack
) -> None:
    channel = new_id("C")
    body = event_body(f"<@{BOT_USER}> /slow", channel)
    assert post_event(stub.url, body).status_code == 200
    for number, reason in ((1, "http_timeout"), (2, "http_error")):
        retry = post_event(stub.url, body, headers={"X-Slack-Retry-Num": str(number), "X-Slack-Retry-Reason": reason})
        assert retry.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    fake_slack.wait_for(lambda: posts(fake_slack, channel), timeout=10)
    stub.settle()
    assert len(posts(fake_slack, channel)) == 1 and received_in(stub, channel) == ["/slow"]


def test_a_retry_of_an_event_never_received_is_processed_once(stub: StubServer, fake_slack: FakeSlack) -> None:
    channel = new_id("C")
    body = event_body(f"<@{BOT_USER}> lost first delivery", channel)
    headers = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    assert post_event(stub.url, body, headers=headers).status_code == 200
    assert post_event(stub.url, body, headers={**headers, "X-Slack-Retry-Num": "2"}).status_code == 200
    fake_slack.wait_for(lambda: posts(fake_slack, channel))
    stub.settle()
    assert received_in(stub, channel) == ["lost first delivery"]


def test_thread_follow_ups_need_no_mention_and_mention_pairs_count_once(
    stub: StubServer, fake_slack: FakeSlack
) -> None:
    channel, parent = new_id("C"), new_ts()
    post_event(stub.url, event_body(f"<@{BOT_USER}> first", channel, ts=parent))
    fake_slack.wait_for(lambda: posts(fake_slack, channel))
    # A plain reply in the bot's thread (message.channels only) is answered...
    post_event(stub.url, event_body("second", channel, thread_ts=parent, kind="message"))
    fake_slack.wait_for(lambda: len(posts(fake_slack, channel)) == 2)
    # ...and a reply that mentions the bot arrives twice (message + app_mention) but is answered once.
    ts = new_ts()
    post_event(stub.url, event_body(f"<@{BOT_USER}> third", channel, ts=ts, thread_ts=parent, kind="message"))
    post_event(stub.url, event_body(f"<@{BOT_USER}> third", channel, ts=ts, thread_ts=parent))
    fake_slack.wait_for(lambda: len(posts(fake_slack, channel)) == 3)
    stub.settle()
    assert received_in(stub, channel) == ["first", "second", "third"]
    assert {post.params["thread_ts"] for post in posts(fake_slack, channel)} == {parent}
    assert len({m.sender_id for m in stub.received if m.output_channel.slack_channel == channel}) == 1


def test_what_the_bot_must_not_answer(stub: StubServer, fake_slack: FakeSlack) -> None:
    channel = new_id("C")
    post_event(stub.url, event_body("chatter in a channel", channel, kind="message"))
    post_event(stub.url, event_body("reply in someone else's thread", channel, kind="message", thread_ts=new_ts()))
    post_event(stub.url, event_body("a bot", channel, kind="message", channel_type="im", bot_id="B1"))
    post_event(stub.url, event_body("edited", channel, kind="message", channel_type="im", subtype="message_changed"))
    stub.settle()
    assert not posts(fake_slack, channel) and not received_in(stub, channel)


def test_direct_messages_are_answered(stub: StubServer, fake_slack: FakeSlack) -> None:
    channel, ts = new_id("D"), new_ts()
    post_event(stub.url, event_body("hello there", channel, ts=ts, kind="message", channel_type="im"))
    [post] = fake_slack.wait_for(lambda: posts(fake_slack, channel))
    assert post.params["thread_ts"] == ts


def test_an_answer_in_the_main_dm_rather_than_the_thread_keeps_the_conversation(
    stub: StubServer, fake_slack: FakeSlack
) -> None:
    channel, first = new_id("D"), new_ts()
    post_event(stub.url, event_body("/buttons", channel, ts=first, kind="message", channel_type="im"))
    [question] = fake_slack.wait_for(lambda: posts(fake_slack, channel))
    assert question.params["thread_ts"] == first  # the bot asks in the thread of the first message
    # The user answers in the main DM instead, then goes on in the thread, then clicks the question's button.
    post_event(stub.url, event_body("$120", channel, kind="message", channel_type="im"))
    fake_slack.wait_for(lambda: len(posts(fake_slack, channel)) == 2)
    post_event(stub.url, event_body("from Canada", channel, thread_ts=first, kind="message", channel_type="im"))
    fake_slack.wait_for(lambda: len(posts(fake_slack, channel)) == 3)
    posted = {**question.params, "ts": question.result["ts"], "blocks": question.blocks}
    post_form(stub.url, block_actions(posted, channel, "/ask_fees", title="Customs fees"))
    fake_slack.wait_for(lambda: len(posts(fake_slack, channel)) == 4)
    stub.settle()
    assert received_in(stub, channel) == ["/buttons", "$120", "from Canada", "/ask_fees"]
    assert {m.sender_id for m in stub.received if m.output_channel.slack_channel == channel} == {f"UASKER_{channel}"}


def test_a_slash_command_is_acknowledged_at_once_and_answered_in_a_thread(
    stub: StubServer, fake_slack: FakeSlack
) -> None:
    channel = new_id("C")
    started = time.monotonic()
    reply = post_form(stub.url, slash_command("/slow", channel, response_url=fake_slack.response_url("a")))
    elapsed = time.monotonic() - started
    assert reply.status_code == 200 and elapsed < 2.0  # before the 2-second turn ends (Slack allows 3 s)
    assert reply.json() == {"response_type": "ephemeral", "text": ACK}
    question, answer = fake_slack.wait_for(lambda: len(posts(fake_slack, channel)) == 2 and posts(fake_slack, channel))
    assert question.text == "<@UASKER> asked: /slow" and "thread_ts" not in question.params
    assert answer.params["thread_ts"] == question.result["ts"]
    [message] = [m for m in stub.received if m.output_channel.slack_channel == channel]
    assert message.sender_id == f"UASKER_{channel}_{answer.params['thread_ts']}"


def test_an_empty_slash_command_gets_usage_help(stub: StubServer, fake_slack: FakeSlack) -> None:
    channel = new_id("C")
    reply = post_form(stub.url, slash_command("  ", channel))
    assert reply.json()["response_type"] == "ephemeral" and "/cbp what is the de minimis limit?" in reply.json()["text"]
    stub.settle()
    assert not posts(fake_slack, channel)


def test_a_slash_command_where_the_bot_cannot_post_says_so_through_response_url(
    stub: StubServer, fake_slack: FakeSlack
) -> None:
    channel = new_id("G")
    fake_slack.forbidden_channels.add(channel)
    post_form(stub.url, slash_command("hello", channel, response_url=fake_slack.response_url(channel)))
    [answer] = fake_slack.wait_for(lambda: [c for c in fake_slack.find("response_url") if c.params["name"] == channel])
    assert answer.params == {"response_type": "ephemeral", "text": CANNOT_POST, "name": channel}
    assert not received_in(stub, channel)


def test_buttons_are_block_kit_and_a_click_is_the_users_message_once(stub: StubServer, fake_slack: FakeSlack) -> None:
    channel, parent = new_id("C"), new_ts()
    post_event(stub.url, event_body(f"<@{BOT_USER}> /buttons", channel, ts=parent))
    [post] = fake_slack.wait_for(lambda: posts(fake_slack, channel))
    assert [block["type"] for block in post.blocks] == ["section", "actions"]
    assert [b["value"] for b in buttons_of(post.blocks)] == ["/ask_fees", "/request_human"]
    posted = {**post.params, "ts": post.result["ts"], "blocks": post.blocks}  # as Slack stores it

    click = block_actions(posted, channel, "/ask_fees", title="Customs fees")
    assert post_form(stub.url, click).status_code == 200
    assert post_form(stub.url, click).status_code == 200  # a double click
    [update] = fake_slack.wait_for(lambda: fake_slack.find("chat.update", channel))
    assert update.params["ts"] == posted["ts"]
    assert [block["type"] for block in update.blocks] == ["section", "context"]
    assert update.blocks[1]["elements"][0]["text"] == "<@UASKER> chose *Customs fees*"
    fake_slack.wait_for(lambda: len(posts(fake_slack, channel)) == 2)
    stub.settle()
    assert received_in(stub, channel) == ["/buttons", "/ask_fees"]
    assert posts(fake_slack, channel)[1].params["thread_ts"] == parent
    senders = {m.sender_id for m in stub.received if m.output_channel.slack_channel == channel}
    assert senders == {f"UASKER_{channel}_{parent}"}


def test_a_failed_turn_tells_the_user(stub: StubServer, fake_slack: FakeSlack) -> None:
    channel = new_id("C")
    post_event(stub.url, event_body(f"<@{BOT_USER}> /fail", channel))
    [post] = fake_slack.wait_for(lambda: posts(fake_slack, channel))
    assert post.text == APOLOGY


def test_unsupported_bodies_are_refused(stub: StubServer) -> None:
    assert post_form(stub.url, {"something": "else"}).status_code == 400
    assert post_event(stub.url, {"type": "app_rate_limited"}).status_code == 200


def test_an_answer_posts_its_text_and_buttons_but_not_its_custom_json(stub: StubServer, fake_slack: FakeSlack) -> None:
    """Text, buttons and a {"cbp": ...} custom payload in one response: one post, no raw JSON."""
    channel, parent = new_id("C"), new_ts()
    post_event(stub.url, event_body(f"<@{BOT_USER}> /answer", channel, ts=parent))
    fake_slack.wait_for(lambda: posts(fake_slack, channel))
    stub.settle()
    [post] = posts(fake_slack, channel)  # the custom payload is not posted on its own either
    assert "cbp" not in post.params and '"kind"' not in str(post.params)
    assert [block["type"] for block in post.blocks] == ["section", "actions"]
    assert [(b["text"]["text"], b["value"]) for b in buttons_of(post.blocks)] == [
        (b["title"], b["payload"]) for b in ANSWER["buttons"]
    ]
    section = post.blocks[0]["text"]["text"]
    assert "<mailto:info@cbp.example.gov|info@cbp.example.gov>" in section
    assert "call 1-877-227-5511 or" in section  # phone numbers stay text (no tel: links in Slack)
    assert post.text.startswith("No: this shipment does not qualify") and post.params["thread_ts"] == parent

    # "It was a gift" (a payload that is plain text) comes back as the user's words.
    posted = {**post.params, "ts": post.result["ts"], "blocks": post.blocks}
    post_form(stub.url, block_actions(posted, channel, "It was a gift", title="It was a gift"))
    fake_slack.wait_for(lambda: len(posts(fake_slack, channel)) == 2)
    assert received_in(stub, channel) == ["/answer", "It was a gift"]


def test_a_reply_longer_than_slack_allows_is_posted_in_parts(stub: StubServer, fake_slack: FakeSlack) -> None:
    channel, parent = new_id("C"), new_ts()
    post_event(stub.url, event_body(f"<@{BOT_USER}> /long", channel, ts=parent))
    fake_slack.wait_for(lambda: len(posts(fake_slack, channel)) >= 2 and posts(fake_slack, channel)[-1].blocks)
    stub.settle()
    sent = posts(fake_slack, channel)
    assert all(post.params["thread_ts"] == parent and 0 < len(post.text) <= 4000 for post in sent)
    plain = [post for post in sent if not post.blocks]
    assert len(plain) >= 6  # about 23,000 characters of mrkdwn
    assert "\n".join(post.text for post in plain).count("<https://www.cbp.gov/a?b=1&amp;c=2>") == LONG_REPLY.count(
        "https://"
    )
    [with_buttons] = [post for post in sent if post.blocks]
    assert with_buttons is sent[-1] and with_buttons.blocks[-1]["type"] == "actions"
    sections = [block["text"]["text"] for block in with_buttons.blocks if block["type"] == "section"]
    assert len(sections) >= 8 and all(len(text) <= 3000 for text in sections)
