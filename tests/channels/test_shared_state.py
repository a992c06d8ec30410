"""Two Rasa servers' channels sharing one Redis (bot/channels/shared_state.py): over real HTTP, with stub bots.

Each "server" is a channel in its own Sanic server and event loop, as two Rasa servers behind a load
balancer would be; they share only the Redis of LOCK_STORE_URL (`shared_redis`, the test Redis
from `scripts/services.sh redis`). Without Redis, each server keeps its own memory, as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import requests
from rasa.core.channels.channel import UserMessage

from bot.channels.guard import RATE_LIMITED_REPLY, ChannelGuard, GuardSettings, RateLimiter
from bot.channels.rest import GuardedRestInput
from bot.channels.shared_state import MemoryKeys, RedisKeys, RedisRateLimiter, channel_redis, expiring_keys
from bot.channels.slack import CBPSlackInput
from tests.channels.fake_slack import FakeSlack
from tests.channels.serve import ChannelServer
from tests.channels.slack_requests import BOT_USER, SECRET, TOKEN, event_body, new_id, new_ts, post_event
from tests.channels.slack_stub import StubServer

MESSAGES = 30
LIMIT = 20  # RATE_LIMIT_PER_MINUTE's default


def slack_servers(fake_slack: FakeSlack, count: int = 2) -> list[StubServer]:
    """`count` Slack channels, each in its own server (built now: they read LOCK_STORE_URL as Rasa's would)."""
    servers = []
    for _ in range(count):
        guard = ChannelGuard("slack", GuardSettings(reply_deadline_seconds=30.0))
        servers.append(StubServer(CBPSlackInput(TOKEN, SECRET, slack_api_url=fake_slack.api_url, guard=guard)).start())
    return servers


@pytest.fixture
def two_slack_servers(fake_slack: FakeSlack) -> Iterator[list[StubServer]]:
    servers = slack_servers(fake_slack)
    yield servers
    for server in servers:
        server.stop()


async def echo(message: UserMessage) -> None:
    await message.output_channel.send_response(message.sender_id, {"text": f"echo: {message.text}"})


@pytest.fixture
def two_rest_servers() -> Iterator[list[ChannelServer]]:
    servers = [
        ChannelServer(GuardedRestInput(ChannelGuard("rest", GuardSettings(rate_limit_per_minute=LIMIT))), echo).start()
        for _ in range(2)
    ]
    yield servers
    for server in servers:
        server.stop()


def received(servers: list[StubServer], channel: str) -> list[str]:
    return [m.text for server in servers for m in server.received if m.output_channel.slack_channel == channel]


def rest_replies(servers: list[ChannelServer], sender: str) -> list[str]:
    """Send MESSAGES messages from `sender`, alternately to each server; the first reply's text of each."""
    replies = []
    for number in range(MESSAGES):
        server = servers[number % len(servers)]
        reply = requests.post(server.url(), json={"sender": sender, "message": f"question {number}"}, timeout=30)
        assert reply.status_code == 200
        replies.append(reply.json()[0]["text"])
    return replies


# ---- with Redis ------------------------------------------------------------------------------


def test_with_lock_store_url_the_channels_keep_their_state_in_redis(shared_redis: str, fake_slack: FakeSlack) -> None:
    assert channel_redis() is not None
    channel = CBPSlackInput(TOKEN, SECRET, slack_api_url=fake_slack.api_url)
    assert isinstance(channel._seen_events, RedisKeys) and isinstance(channel.guard.rate_limiter, RedisRateLimiter)


def test_a_slack_event_retried_to_the_other_server_is_answered_once(
    shared_redis: str, fake_slack: FakeSlack, two_slack_servers: list[StubServer]
) -> None:
    first, other = two_slack_servers
    channel = new_id("C")
    body = event_body(f"<@{BOT_USER}> /slow", channel)  # still being answered when the retry comes
    assert post_event(first.url, body).status_code == 200
    retry = post_event(other.url, body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200 and retry.headers.get("X-Slack-No-Retry") == "1"
    fake_slack.wait_for(lambda: fake_slack.find("chat.postMessage", channel))
    for server in two_slack_servers:
        server.settle()
    assert received(two_slack_servers, channel) == ["/slow"]
    assert len(fake_slack.find("chat.postMessage", channel)) == 1


def test_a_reply_in_the_bots_thread_reaching_the_other_server_is_answered_there(
    shared_redis: str, fake_slack: FakeSlack, two_slack_servers: list[StubServer]
) -> None:
    first, other = two_slack_servers
    channel, parent = new_id("C"), new_ts()
    post_event(first.url, event_body(f"<@{BOT_USER}> first", channel, ts=parent))
    fake_slack.wait_for(lambda: fake_slack.find("chat.postMessage", channel))
    # No mention: answered only because the other server remembers, through Redis, that the bot is in this thread.
    post_event(other.url, event_body("second", channel, thread_ts=parent, kind="message"))
    fake_slack.wait_for(lambda: len(fake_slack.find("chat.postMessage", channel)) == 2)
    assert [m.text for m in other.received if m.output_channel.slack_channel == channel] == ["second"]


def test_thirty_messages_from_one_sender_over_two_servers_meet_one_limit(
    shared_redis: str, two_rest_servers: list[ChannelServer]
) -> None:
    replies = rest_replies(two_rest_servers, new_id("sender"))
    assert replies[:LIMIT] == [f"echo: question {number}" for number in range(LIMIT)]
    assert replies[LIMIT:] == [RATE_LIMITED_REPLY] * (MESSAGES - LIMIT)
    # Another sender is not slowed down.
    assert rest_replies(two_rest_servers[:1], new_id("other"))[0] == "echo: question 0"


async def test_redis_keys_are_claimed_once_by_any_server_and_expire(shared_redis: str) -> None:
    redis = channel_redis()
    assert redis is not None
    one, two = (expiring_keys("test", 100, 0.5, redis=redis) for _ in range(2))
    assert await one.claim("Ev1") and not await two.claim("Ev1") and await two.contains("Ev1")
    await two.add("thread")
    assert await one.contains("thread")
    await asyncio.sleep(0.8)
    assert not await one.contains("Ev1") and await two.claim("Ev1")


async def test_when_redis_is_down_the_server_falls_back_to_its_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCK_STORE_URL", "redis://127.0.0.1:1/1")  # nothing listens on port 1
    keys = expiring_keys("test", 100, 60, redis=channel_redis())
    assert await keys.claim("Ev1") and not await keys.claim("Ev1")
    guard = ChannelGuard("rest", GuardSettings(rate_limit_per_minute=2))
    assert [guard.rate_limiter.allow("u") for _ in range(3)] == [True, True, False]


# ---- without Redis (LOCK_STORE_URL unset): as before, per server ---------------------------------------


def test_without_redis_each_server_remembers_and_counts_on_its_own(
    fake_slack: FakeSlack, two_rest_servers: list[ChannelServer]
) -> None:
    assert channel_redis() is None
    channel = CBPSlackInput(TOKEN, SECRET, slack_api_url=fake_slack.api_url)
    assert isinstance(channel._seen_events, MemoryKeys) and isinstance(channel.guard.rate_limiter, RateLimiter)
    sender = new_id("sender")
    replies = rest_replies(two_rest_servers, sender)  # 15 per server: under each server's own limit of 20
    assert replies == [f"echo: question {number}" for number in range(MESSAGES)]
    more = rest_replies(two_rest_servers[:1], sender)  # the first server has now counted 15 + 30
    assert more[: LIMIT - MESSAGES // 2] == [f"echo: question {n}" for n in range(LIMIT - MESSAGES // 2)]
    assert set(more[LIMIT - MESSAGES // 2 :]) == {RATE_LIMITED_REPLY}
