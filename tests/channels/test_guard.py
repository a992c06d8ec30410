"""The channel guard: what a user sees when a message is empty, too long, too frequent, or the bot fails or is slow."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.channels.guard import (
    EMPTY_REPLY,
    RATE_LIMITED_REPLY,
    ChannelGuard,
    GuardSettings,
    Outcome,
    RateLimiter,
    clean_text,
)
from bot.contact import APOLOGY

DEADLINE = 0.2  # seconds; the watchdog tests use a short deadline instead of the default 15 s


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Output:
    """An output channel that records what it was asked to send, with when."""

    def __init__(self, name: str = "fake") -> None:
        self._name = name
        self.sent: list[tuple[float, str]] = []
        self.extra = "reachable through the guard's wrapper"

    def name(self) -> str:
        return self._name

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent.append((time.monotonic(), message["text"]))

    @property
    def texts(self) -> list[str]:
        return [text for _, text in self.sent]


@dataclass
class Message:
    """The parts of Rasa's UserMessage the guard uses."""

    text: Any
    output_channel: Any = field(default_factory=Output)
    sender_id: str = "someone"


class Bot:
    """Stands in for Rasa's on_new_message: replies, raises, stays silent or is slow, as told."""

    def __init__(self, *, delay: float = 0.0, replies: tuple[str, ...] = ("an answer",), error: bool = False) -> None:
        self.delay, self.replies, self.error = delay, replies, error
        self.received: list[str] = []
        self.finished = False

    async def __call__(self, message: Message) -> None:
        self.received.append(message.text)
        await asyncio.sleep(self.delay)
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, {"text": reply})
        if self.error:
            raise RuntimeError("the bot broke")
        self.finished = True


def guard(**settings: Any) -> ChannelGuard:
    return ChannelGuard("test", GuardSettings(**{"reply_deadline_seconds": DEADLINE, **settings}))


# ---- text ----------------------------------------------------------------------------------


def test_control_characters_are_removed_but_newlines_tabs_and_scripts_are_kept() -> None:
    assert clean_text("de\x00 minimis\x07?\x1b[31m\x7f\x85") == "de minimis?[31m"
    assert clean_text("line one\r\nline two\rthree\tend") == "line one\nline two\nthree\tend"
    assert clean_text("  ما هو الحد الأدنى؟ 👩‍👩‍👧  ") == "ما هو الحد الأدنى؟ 👩‍👩‍👧"  # RTL text and a ZWJ emoji
    assert clean_text("lone \ud800 surrogate") == "lone \ufffd surrogate"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\n\t ",
        "\u200b\u200c\u200d\ufeff\u2060",
        "\x00\x01\x1f\x7f",
        " \u200b\x00 \u00a0",
        None,
        42,
        {"a": 1},
    ],
    ids=["empty", "spaces", "newlines", "zero-width", "control", "mixed", "none", "number", "object"],
)
def test_a_message_with_nothing_to_read_is_answered_without_the_bot(text: Any) -> None:
    admission = guard().admit("u1", text)
    assert admission.outcome is Outcome.EMPTY and admission.reply == EMPTY_REPLY
    assert "didn't receive any text" in admission.reply and "de minimis" in admission.reply


def test_an_over_long_message_is_refused_with_its_length_and_the_limit() -> None:
    admission = guard().admit("u1", "x" * 20_000)
    assert admission.outcome is Outcome.TOO_LONG
    assert admission.reply == (
        "Your message is 20,000 characters long; I can read up to 2,000. Please send a shorter question."
    )


def test_the_limit_counts_characters_after_cleaning() -> None:
    assert guard().admit("u1", "  " + "é" * 2000 + "\x00" * 50 + "  \n").outcome is Outcome.ANSWERED
    assert guard().admit("u1", "é" * 2001).outcome is Outcome.TOO_LONG
    assert guard(max_message_chars=10).admit("u2", "0123456789").text == "0123456789"


# ---- rate limit ----------------------------------------------------------------------------


def test_the_twenty_first_message_within_a_minute_is_refused_until_the_window_moves_on() -> None:
    clock = FakeClock()
    limited = ChannelGuard("test", GuardSettings(), clock=clock)
    for _ in range(20):
        assert limited.admit("fast", "hello").outcome is Outcome.ANSWERED
        clock.now += 1
    refused = limited.admit("fast", "hello")
    assert refused.outcome is Outcome.RATE_LIMITED and refused.reply == RATE_LIMITED_REPLY
    assert limited.admit("someone else", "hello").outcome is Outcome.ANSWERED
    clock.now += 40.5  # the first message is now more than a minute old: one more is allowed, not two
    assert limited.admit("fast", "hello").outcome is Outcome.ANSWERED
    assert limited.admit("fast", "hello").outcome is Outcome.RATE_LIMITED


def test_refused_messages_do_not_prolong_the_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2, window=60, clock=clock)
    assert limiter.allow("k") and limiter.allow("k")
    for _ in range(30):  # hammering while limited...
        clock.now += 1
        assert not limiter.allow("k")
    clock.now += 30.5  # ...does not push back the moment the first two leave the window
    assert limiter.allow("k")


def test_a_limit_of_zero_means_no_limit() -> None:
    limiter = RateLimiter(0, clock=FakeClock())
    assert all(limiter.allow("k") for _ in range(1000)) and len(limiter) == 0


def test_idle_senders_are_forgotten_and_memory_is_capped() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1, window=60, max_keys=100, clock=clock)
    for number in range(100):
        assert limiter.allow(f"sender-{number}")
    assert len(limiter) == 100 and not limiter.allow("sender-0")
    clock.now += 61
    assert limiter.allow("newcomer")
    assert len(limiter) == 1  # everyone idle for a minute was dropped
    for number in range(10_000):
        assert limiter.allow(f"flood-{number}")
    assert len(limiter) == 100  # never more than max_keys...
    assert not limiter.allow("flood-9999")  # ...the most recent are still limited...
    assert limiter.allow("flood-0")  # ...the least recently seen were forgotten first


# ---- settings ------------------------------------------------------------------------------


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "500")
    monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", "3")
    monkeypatch.setenv("REPLY_DEADLINE_SECONDS", "1.5")
    configured = ChannelGuard("test")
    assert configured.settings == GuardSettings(500, 3, 1.5)
    assert configured.admit("u", "x" * 501).outcome is Outcome.TOO_LONG
    assert [configured.admit("u", "hi").outcome for _ in range(3)] == [Outcome.ANSWERED] * 2 + [Outcome.RATE_LIMITED]


def test_defaults_and_bad_values(caplog: pytest.LogCaptureFixture) -> None:
    assert GuardSettings.from_env({}) == GuardSettings(2000, 20, 15.0)
    with caplog.at_level(logging.WARNING):
        bad = GuardSettings.from_env(
            {"MAX_MESSAGE_CHARS": "lots", "RATE_LIMIT_PER_MINUTE": "-1", "REPLY_DEADLINE_SECONDS": "nan"}
        )
    assert bad == GuardSettings(2000, 20, 15.0)
    assert "MAX_MESSAGE_CHARS must be a whole number of characters (at least 1), not 'lots'" in caplog.text
    assert GuardSettings.from_env({"RATE_LIMIT_PER_MINUTE": "0"}).rate_limit_per_minute == 0


# ---- watchdog ------------------------------------------------------------------------------


async def test_an_answer_passes_through_with_clean_text_and_no_apology() -> None:
    bot, message = Bot(replies=("one", "two")), Message("is de minimis\x00 still $800?\x1b")
    assert await guard().handle(bot, message) is Outcome.ANSWERED
    assert bot.received == ["is de minimis still $800?"]
    assert message.output_channel.inner.texts == ["one", "two"]


async def test_refused_messages_never_reach_the_bot() -> None:
    bot = Bot()
    for text in ("", "x" * 2001):
        message = Message(text)
        assert await guard().handle(bot, message) in (Outcome.EMPTY, Outcome.TOO_LONG)
        assert len(message.output_channel.texts) == 1
    assert bot.received == []


async def test_a_turn_that_raises_gets_the_apology() -> None:
    message = Message("hello")
    assert await guard().handle(Bot(replies=(), error=True), message) is Outcome.FAILED
    assert message.output_channel.inner.texts == [APOLOGY]
    assert "877-227-5511" in APOLOGY and "help.cbp.gov" in APOLOGY


async def test_a_turn_that_ends_without_a_reply_gets_the_apology() -> None:
    message = Message("hello")
    assert await guard().handle(Bot(replies=()), message) is Outcome.NO_REPLY
    assert message.output_channel.inner.texts == [APOLOGY]


async def test_a_slow_turn_gets_the_apology_at_the_deadline_and_keeps_running() -> None:
    bot, message = Bot(delay=DEADLINE * 10, replies=("late answer",)), Message("hello")
    checker = guard()
    started = time.monotonic()
    assert await checker.handle(bot, message) is Outcome.LATE
    assert DEADLINE <= time.monotonic() - started < DEADLINE * 5  # at the deadline, not when the turn ends
    assert message.output_channel.inner.texts == [APOLOGY]
    await checker.wait_idle()
    assert bot.finished  # not cancelled: Rasa finishes the turn and saves the conversation
    assert message.output_channel.inner.texts == [APOLOGY, "late answer"]  # socket.io, Slack: it still arrives


async def test_rest_drops_a_slow_turns_late_replies() -> None:
    bot, message = Bot(delay=DEADLINE * 2, replies=("late answer",)), Message("hello")
    checker = guard()
    assert await checker.handle(bot, message, drop_late_replies=True) is Outcome.LATE
    await checker.wait_idle()
    assert bot.finished and message.output_channel.inner.texts == [APOLOGY]


async def test_a_turn_that_has_started_replying_is_not_interrupted() -> None:
    class TwoStepBot(Bot):
        async def __call__(self, message: Message) -> None:
            await message.output_channel.send_response(message.sender_id, {"text": "first"})
            await asyncio.sleep(DEADLINE * 2)
            await message.output_channel.send_response(message.sender_id, {"text": "second"})

    message = Message("hello")
    assert await guard().handle(TwoStepBot(), message, drop_late_replies=True) is Outcome.ANSWERED
    assert message.output_channel.inner.texts == ["first", "second"]


async def test_a_caller_that_goes_away_does_not_cancel_the_turn() -> None:
    bot, checker = Bot(delay=DEADLINE / 2), guard()
    handling = asyncio.ensure_future(checker.handle(bot, Message("hello")))
    await asyncio.sleep(DEADLINE / 4)
    handling.cancel()  # e.g. the HTTP client disconnected
    await checker.wait_idle()
    assert bot.finished


async def test_a_failure_after_the_apology_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    checker = guard()
    with caplog.at_level(logging.ERROR, logger="bot.channels.guard"):
        assert await checker.handle(Bot(delay=DEADLINE * 2, replies=(), error=True), Message("hi")) is Outcome.LATE
        await checker.wait_idle()
    assert "A turn on the test channel failed" in caplog.text and "the bot broke" in caplog.text


async def test_the_wrapper_keeps_the_channels_name_and_attributes() -> None:
    seen: list[Any] = []

    async def bot(message: Message) -> None:
        seen.append((message.output_channel.name(), message.output_channel.extra))
        await message.output_channel.send_response(message.sender_id, {"text": "ok"})

    await guard().handle(bot, Message("hello", Output("slack")))
    assert seen == [("slack", "reachable through the guard's wrapper")]


async def test_a_failing_output_channel_does_not_break_the_guard(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(Output):
        async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
            raise ConnectionError("Slack is down")

    with caplog.at_level(logging.ERROR):
        assert await guard().handle(Bot(), Message("", Broken())) is Outcome.EMPTY
    assert "Could not send the guard's reply" in caplog.text
