"""What every public channel (REST, socket.io, Slack) checks before a message reaches Rasa.

A `ChannelGuard` per channel, applied by the channel in place of a bare `await on_new_message(message)`:

1. **Rate limit** (`RATE_LIMIT_PER_MINUTE`, default 20; 0 turns it off): at most that many messages per
   sender in any rolling minute, keyed by channel and sender id (the REST `sender`, the socket.io
   session, the Slack user+channel+thread). Further messages get a polite "please wait" and are not
   passed on. With Redis configured (`LOCK_STORE_URL`, bot/channels/shared_state.py) the count is
   kept there, so several Rasa servers share one limit per sender; otherwise it is counted in this
   process. A client that invents new sender ids is not slowed down (limit by address in the reverse
   proxy). The in-memory count is bounded: senders idle for a minute are forgotten, and at most
   `MAX_TRACKED_SENDERS` are tracked (beyond that the least recently seen is forgotten first).
2. **Text checks**: control characters other than newline and tab are removed (and lone UTF-16
   surrogates, which cannot be stored as UTF-8, become U+FFFD). A message with nothing visible left
   (empty, spaces, zero-width or control characters only) gets "I didn't receive any text"; one
   longer than `MAX_MESSAGE_CHARS` (default 2000, counted after that cleaning) gets "too long, the
   limit is ...". Neither reaches the NLU.
3. **Watchdog**: the turn runs as its own task. If it raises, ends without a single bot reply, or has
   not started replying within `REPLY_DEADLINE_SECONDS` (default 15), the user gets `APOLOGY` (with
   the CBP INFO Center's number). A slow or absent action server is caught sooner: Rasa's wait for it
   is cut to `ACTION_TIMEOUT_SECONDS` (default 2, bot/channels/action_timeout.py), after which the turn
   ends without a reply and the apology goes at once, well within 3 seconds. The long deadline is for a
   server that is merely busy (many users at once): a correct answer after a few seconds is worth more
   than an apology, which on REST would also drop that answer. A late turn is *not* cancelled: Rasa
   holds the conversation's lock and saves its tracker at the end, so it runs on in the background
   (Rasa's own wait for the action server is bounded by bot/channels/action_timeout.py). Its late
   replies are dropped when the channel asks for it (REST, whose HTTP response has already gone with
   the apology), else delivered after the apology (socket.io, Slack).

Free of Rasa imports: messages and output channels are duck-typed (`text`, `sender_id`,
`output_channel`; `send_response`, `name`), so the rules can be tested without loading Rasa.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import unicodedata
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from bot.channels import shared_state
from bot.contact import APOLOGY
from bot.settings import DEFAULT_MAX_MESSAGE_CHARS, DEFAULT_RATE_LIMIT, DEFAULT_REPLY_DEADLINE, ChannelGuardSettings

logger = logging.getLogger(__name__)

RATE_WINDOW_SECONDS = 60.0
MAX_TRACKED_SENDERS = 10_000

EXAMPLE_QUESTION = "what is the de minimis limit today?"
EMPTY_REPLY = (
    f'I didn\'t receive any text. Ask me about US Customs rules for small importers, for example: "{EXAMPLE_QUESTION}"'
)
TOO_LONG_REPLY = (
    "Your message is {length:,} characters long; I can read up to {limit:,}. Please send a shorter question."
)
RATE_LIMITED_REPLY = (
    "You're sending messages faster than I can answer; please wait a minute, then send your question again."
)

# C0 and C1 control characters except tab (\x09) and newline (\x0a); carriage returns become newlines first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` without control characters (newline and tab kept) and with lone surrogates replaced, stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text)).strip()


def is_blank(text: str) -> bool:
    """True when nothing in `text` would show: whitespace and invisible format characters (zero-width...) only."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


@dataclass(frozen=True)
class GuardSettings:
    """The guard's limits (tests build them directly); `from_env` reads them through bot/settings.py."""

    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS
    rate_limit_per_minute: int = DEFAULT_RATE_LIMIT
    reply_deadline_seconds: float = DEFAULT_REPLY_DEADLINE

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> GuardSettings:
        """`MAX_MESSAGE_CHARS`, `RATE_LIMIT_PER_MINUTE`, `REPLY_DEADLINE_SECONDS` (bot/settings.py).

        A value that is not a number, or out of range, is logged and the default used instead: a typo
        in the environment must not take the assistant down, nor switch a limit off.
        """
        read = ChannelGuardSettings.from_env(env)
        return cls(read.max_message_chars, read.rate_limit_per_minute, read.reply_deadline_seconds)


class RateLimiter:
    """At most `limit` events per key in any rolling `window` seconds (a sliding log), in bounded memory.

    Keys are kept in least-recently-seen order; a key whose last counted event is older than the
    window is dropped as soon as it reaches the front, and the number of keys is capped at `max_keys`.
    A refused event is not counted, so a sender who waits is served again after at most a window.
    `limit` 0 means no limit.
    """

    def __init__(
        self,
        limit: int,
        window: float = RATE_WINDOW_SECONDS,
        max_keys: int = MAX_TRACKED_SENDERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self.clock = clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        """How many keys are currently remembered."""
        return len(self._events)

    def allow(self, key: str) -> bool:
        """Count an event for `key` and return True, or return False when `key` is over the limit."""
        if self.limit <= 0:
            return True
        now = self.clock()
        self._forget_idle(now)
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque(maxlen=self.limit)
            while len(self._events) > self.max_keys:
                self._events.popitem(last=False)
        else:
            self._events.move_to_end(key)
            while events and events[0] <= now - self.window:
                events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True

    def _forget_idle(self, now: float) -> None:
        while self._events:
            key, events = next(iter(self._events.items()))
            if events and events[-1] > now - self.window:
                return
            del self._events[key]


class Outcome(Enum):
    """What became of a message."""

    ANSWERED = "answered"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    RATE_LIMITED = "rate_limited"
    FAILED = "failed"  # the turn raised
    NO_REPLY = "no_reply"  # the turn ended without a bot reply
    LATE = "late"  # no reply within the deadline; the turn goes on in the background


@dataclass(frozen=True)
class Admission:
    """The text to pass on (`outcome` ANSWERED, provisionally), or the reply that refuses the message."""

    outcome: Outcome
    text: str = ""
    reply: str = ""


class WatchedOutput:
    """Stands in for a channel's output channel: passes the bot's replies on and notes that one was sent.

    After `close()` further replies are dropped (used by REST once its HTTP response has gone).
    Anything else is looked up on the wrapped channel (e.g. Slack's `slack_channel`).
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.replies = 0
        self.closed = False
        self.replied = asyncio.Event()

    def name(self) -> str:
        """The wrapped channel's name (Rasa picks channel-specific responses by it)."""
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if self.closed:
            logger.info("Dropped a late reply on the %s channel (the user was already given the apology).", self.name())
            return
        self.replies += 1
        self.replied.set()
        await self.inner.send_response(recipient_id, message)

    def close(self) -> None:
        self.closed = True

    def __getattr__(self, name: str) -> Any:
        if name == "inner":  # not yet set (e.g. while copying): never recurse
            raise AttributeError(name)
        return getattr(self.inner, name)


class ChannelGuard:
    """The rate limit, text checks and watchdog of one input channel (see the module's docstring)."""

    def __init__(
        self,
        channel: str,
        settings: GuardSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_senders: int = MAX_TRACKED_SENDERS,
    ) -> None:
        self.channel = channel
        self.settings = settings or GuardSettings.from_env()
        limit = self.settings.rate_limit_per_minute
        local = RateLimiter(limit, max_keys=max_senders, clock=clock)
        redis = shared_state.channel_redis()  # the Redis the Rasa servers share, if any
        self.rate_limiter: RateLimiter | shared_state.RedisRateLimiter = (
            local if redis is None else shared_state.RedisRateLimiter(limit, RATE_WINDOW_SECONDS, redis, local)
        )
        self._running: set[asyncio.Future] = set()

    def admit(self, sender_id: str, text: Any) -> Admission:
        """Count the message against the sender's rate, then check its text."""
        if not self.rate_limiter.allow(f"{self.channel}:{sender_id}"):
            logger.warning("Rate limit: a message from %s on %s was not processed.", sender_id, self.channel)
            return Admission(Outcome.RATE_LIMITED, reply=RATE_LIMITED_REPLY)
        cleaned = clean_text(text) if isinstance(text, str) else ""
        if is_blank(cleaned):
            logger.info("An empty message on %s was not processed.", self.channel)
            return Admission(Outcome.EMPTY, reply=EMPTY_REPLY)
        limit = self.settings.max_message_chars
        if len(cleaned) > limit:
            logger.info("A %d-character message on %s was not processed (limit %d).", len(cleaned), self.channel, limit)
            return Admission(Outcome.TOO_LONG, reply=TOO_LONG_REPLY.format(length=len(cleaned), limit=limit))
        return Admission(Outcome.ANSWERED, text=cleaned)

    async def handle(
        self,
        on_new_message: Callable[[Any], Awaitable[Any]],
        message: Any,
        *,
        drop_late_replies: bool = False,
    ) -> Outcome:
        """Pass `message` (a Rasa `UserMessage`) to `on_new_message` if admitted, and make sure the user hears back.

        Returns once the turn has ended, or at the reply deadline if it had not replied by then.
        """
        admission = self.admit(message.sender_id, message.text)
        if admission.outcome is not Outcome.ANSWERED:
            await self._say(message.output_channel, message.sender_id, admission.reply)
            return admission.outcome
        message.text = admission.text
        output = WatchedOutput(message.output_channel)
        message.output_channel = output
        turn = asyncio.ensure_future(on_new_message(message))
        self._running.add(turn)
        turn.add_done_callback(self._turn_done)
        replied = asyncio.ensure_future(output.replied.wait())
        try:
            await asyncio.wait(
                {turn, replied}, timeout=self.settings.reply_deadline_seconds, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            replied.cancel()
        if not turn.done() and not output.replies:
            if drop_late_replies:
                output.close()
            logger.warning(
                "No reply on %s within %.1f s: apologised; the turn goes on in the background.",
                self.channel,
                self.settings.reply_deadline_seconds,
            )
            await self._say(output.inner, message.sender_id, APOLOGY)
            return Outcome.LATE
        try:
            await asyncio.shield(turn)  # replying already: let it finish (a cancelled caller leaves it running)
        except Exception:  # logged by _turn_done; the user is told here
            await self._say(output.inner, message.sender_id, APOLOGY)
            return Outcome.FAILED
        if not output.replies:
            logger.warning("A turn on %s ended without a reply: apologised.", self.channel)
            await self._say(output.inner, message.sender_id, APOLOGY)
            return Outcome.NO_REPLY
        return Outcome.ANSWERED

    async def wait_idle(self) -> None:
        """Wait for the turns still running in the background (tests; orderly shutdown)."""
        while self._running:
            await asyncio.wait(set(self._running))

    def _turn_done(self, turn: asyncio.Future) -> None:
        self._running.discard(turn)
        if not turn.cancelled() and turn.exception() is not None:
            logger.error("A turn on the %s channel failed.", self.channel, exc_info=turn.exception())

    async def _say(self, output: Any, recipient_id: str, text: str) -> None:
        try:
            await output.send_response(recipient_id, {"text": text})
        except Exception:  # the channel itself is failing: nothing more can be told to the user
            logger.exception("Could not send the guard's reply on the %s channel.", self.channel)
