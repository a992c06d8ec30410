"""The assistant in Slack: Rasa 3.6's `SlackInput`, extended where it falls short.

Configured in credentials.yml as `bot.channels.slack.CBPSlackInput` from environment variables
(SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, optional SLACK_API_URL and SLACK_CHANNEL; read and checked by
bot/settings.py, `SlackSettings`); without a token and a signing secret the channel disables itself,
so the assistant still starts without Slack.

One URL, `/webhooks/slack/webhook`, takes every kind of Slack request, each checked against the
signing secret first (HTTP 401 when forged or older than 5 minutes):

- Events API (JSON): messages in DMs, `app_mention`s, messages in the configured channel and replies
  in threads the bot already answered in. Each event is handled once: event ids and message
  timestamps are remembered for an hour, so Slack's retries (`X-Slack-Retry-Num`) and the
  `message` + `app_mention` pair of one message are answered once; a retry of an event never seen
  is processed. Slack gets its 200 at once; the turn runs in the background. What is remembered
  (those keys, clicked messages, the bot's threads) lives in Redis when the Rasa servers share one
  (`LOCK_STORE_URL`, bot/channels/shared_state.py), so a retry sent to another server is not
  answered twice; in memory otherwise.
- Slash commands (form with `command`, e.g. `/cbp what is the de minimis limit?`): an immediate
  ephemeral acknowledgement, then the question is posted to the channel and answered in its thread.
- Interactivity (form with `payload`, `block_actions`): a button click becomes that user's message
  in the same thread, and the clicked message is updated (chat.update) so its buttons go away.

Replies go in the message's thread and one conversation (tracker) is kept per user, channel and
thread (`conversation_granularity: thread`), except in a direct message: there one conversation is
kept per user and DM whichever thread they write in, so a user who answers the bot's question in the
main DM rather than in its thread keeps the conversation (a form in progress, say). Text is sent as
escaped mrkdwn (e-mail addresses as mailto: links), split into several messages when longer than
Slack takes; buttons as Block Kit.
Custom JSON for programs (`{"cbp": {...}}`, the answer's structured form) is not posted.

Every turn goes through the channel guard (bot/channels/guard.py): rate limit per conversation,
empty (e.g. a bare @mention) and over-long messages answered without the NLU, and an apology with
the CBP contact in the thread when the turn fails, stays silent or has not replied within the
deadline (its late replies still follow).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from http import HTTPStatus
from typing import Any

import aiohttp
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels import rasa_patches, shared_state
from bot.channels.guard import ChannelGuard
from bot.channels.request_size import add_request_size_limit
from bot.channels.slack_format import answered_blocks, button_messages, clean_user_text, escape, text_messages
from bot.channels.slack_security import verify_signature
from bot.channels.warmup import add_warm_up
from bot.settings import DEFAULT_SLACK_API_URL, SlackSettings, credential_value

logger = logging.getLogger(__name__)

rasa_patches.apply()

DEFAULT_API_URL = DEFAULT_SLACK_API_URL
ENV_TOKEN = SlackSettings.variable("bot_token")
ENV_SIGNING_SECRET = SlackSettings.variable("signing_secret")

# Message subtypes that carry a user's words; edits, joins, deletions and the like are ignored.
USER_SUBTYPES = {None, "thread_broadcast", "file_share"}
SEEN_TTL_SECONDS = 3600.0  # Slack retries for about 5 minutes; an hour is ample
THREAD_TTL_SECONDS = 24 * 3600.0  # how long the bot follows up in a thread without a mention
CACHE_SIZE = 10_000
SLACK_ERRORS = (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError)

USAGE = "Ask me a US Customs question, for example: `{command} what is the de minimis limit?`"
ACK = "Looking that up… I'll answer in a thread in this channel."
CANNOT_POST = (
    "I can't post in this conversation. Invite me to the channel (`/invite @<my name>`) or ask me in a direct message."
)


#: A credentials.yml value with its `${VAR}` expanded; absent: the environment variable (bot/settings.py).
resolve_setting = credential_value


class CBPSlackBot(SlackBot):
    """Posts the assistant's replies in the user's thread, as escaped mrkdwn and Block Kit buttons."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str = DEFAULT_API_URL,
        on_thread: Callable[[str, str], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=api_url, proxy=proxy)
        self.on_thread = on_thread

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)  # legacy argument, refused for new bot tokens
        kwargs.pop("type", None)
        if self.thread_id:
            kwargs.setdefault("thread_ts", self.thread_id)
        kwargs.setdefault("unfurl_links", False)  # answers cite several sources; no previews
        kwargs.setdefault("unfurl_media", False)
        if self.on_thread and kwargs.get("thread_ts"):
            # Before posting: the user may answer in the thread as soon as the reply shows.
            await self.on_thread(channel, kwargs["thread_ts"])
        await self.client.chat_postMessage(channel=channel, **kwargs)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """One message per bot utterance, as escaped mrkdwn (several when it is too long for one)."""
        for part in text_messages(text):
            await self._post_message(self.slack_channel or recipient_id, text=part, mrkdwn=True)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Sections with the text and an actions block whose button values are the Rasa payloads."""
        for message in button_messages(text or "", buttons):
            await self._post_message(self.slack_channel or recipient_id, **message)

    async def send_attachment(  # type: ignore[override]
        self, recipient_id: str, attachment: dict[str, Any], **kwargs: Any
    ) -> None:
        """A legacy attachment (Rasa's leftover message keys are not passed on to Slack)."""
        await self._post_message(self.slack_channel or recipient_id, attachments=[attachment])

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """A `custom:` response passed to chat.postMessage as is (in the thread unless it says otherwise).

        Not posted: the answers' structured form (`{"cbp": {...}}`, for programs; its text was sent as
        the message's text) and anything else with nothing Slack could show (no text, blocks or attachments).
        """
        if not isinstance(json_message, dict) or "cbp" in json_message:
            return
        if not any(json_message.get(key) for key in ("text", "blocks", "attachments")):
            logger.info("A custom message with no text, blocks or attachments was not posted to Slack.")
            return
        message = dict(json_message)
        channel = message.pop("channel", None) or self.slack_channel or recipient_id
        await self._post_message(channel, **message)


class CBPSlackInput(SlackInput):
    """Slack input channel: signed requests only, answered once, in threads, with slash commands and clicks."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> CBPSlackInput:
        """Build the channel from credentials.yml and the environment; disabled when not configured."""
        credentials = dict(credentials or {})
        settings = SlackSettings.from_credentials(credentials)  # "${SLACK_BOT_TOKEN}" and the like expanded
        token, secret = settings.bot_token, settings.signing_secret
        missing = [name for name, value in ((ENV_TOKEN, token), (ENV_SIGNING_SECRET, secret)) if not value]
        if len(missing) == 2:
            logger.info("Slack channel disabled: %s and %s are not set.", ENV_TOKEN, ENV_SIGNING_SECRET)
        elif missing:
            logger.error(
                "Slack channel disabled: %s is not set (Slack needs both %s and %s).",
                missing[0],
                ENV_TOKEN,
                ENV_SIGNING_SECRET,
            )
        else:
            logger.info("Slack channel enabled at /webhooks/slack/webhook (Slack API %s).", settings.api_url)
        return cls(
            slack_token=token,
            slack_signing_secret=secret,
            slack_api_url=settings.api_url,
            slack_channel=settings.channel,
            proxy=credentials.get("proxy") or None,
            conversation_granularity=credentials.get("conversation_granularity") or "thread",
            enabled=not missing,
        )

    def __init__(
        self,
        slack_token: str,
        slack_signing_secret: str,
        slack_api_url: str = DEFAULT_API_URL,
        slack_channel: str | None = None,
        proxy: str | None = None,
        conversation_granularity: str = "thread",
        enabled: bool = True,
        guard: ChannelGuard | None = None,
    ) -> None:
        self.enabled = enabled
        self.guard = guard or ChannelGuard("slack")
        self.slack_api_url = slack_api_url if slack_api_url.endswith("/") else slack_api_url + "/"
        super().__init__(
            slack_token,
            slack_channel,
            proxy,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            use_threads=True,
            slack_signing_secret=slack_signing_secret,
            conversation_granularity=conversation_granularity,
        )
        redis = shared_state.channel_redis()  # shared by every Rasa server when set
        client = shared_state.async_client(redis) if redis else None

        def keys(name: str, ttl: float) -> shared_state.ExpiringKeys:
            return shared_state.expiring_keys(f"slack_{name}", CACHE_SIZE, ttl, redis=redis, client=client)

        self._seen_events = keys("events", SEEN_TTL_SECONDS)
        self._seen_messages = keys("messages", SEEN_TTL_SECONDS)
        self._answered_clicks = keys("clicks", SEEN_TTL_SECONDS)
        self._bot_threads = keys("threads", THREAD_TTL_SECONDS)

    def _validate_credentials(self) -> None:
        if not self.enabled:
            return
        super()._validate_credentials()
        if not self.slack_token:
            raise InvalidConfigException(f"The Slack channel needs a bot token ({ENV_TOKEN}).")

    # ---- requests -------------------------------------------------------------------------

    def is_request_from_slack_authentic(self, request: Request) -> bool:
        """HMAC v0 over `v0:{timestamp}:{raw body}` with the signing secret; at most 5 minutes old."""
        return verify_signature(
            self.slack_signing_secret,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.headers.get("X-Slack-Signature"),
            request.body or b"",
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Routes under /webhooks/slack: `/` (status) and `/webhook` (events, commands, clicks)."""
        slack_webhook = Blueprint("cbp_slack_webhook", __name__)
        add_warm_up(slack_webhook)
        add_request_size_limit(slack_webhook)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "disabled"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.enabled:
                logger.warning(
                    "A Slack request arrived but Slack is not configured (%s, %s).", ENV_TOKEN, ENV_SIGNING_SECRET
                )
                return response.text("Slack is not configured on this server.", status=HTTPStatus.SERVICE_UNAVAILABLE)
            if not self.is_request_from_slack_authentic(request):
                logger.warning("Refused a Slack request with a bad or stale signature.")
                return response.text("Request is not properly signed by Slack.", status=HTTPStatus.UNAUTHORIZED)
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
            if content_type == "application/json":
                try:
                    body = json.loads(request.body or b"{}")
                except ValueError:
                    return response.text("Body is not JSON.", status=HTTPStatus.BAD_REQUEST)
                if not isinstance(body, dict):
                    return response.text("Body is not a JSON object.", status=HTTPStatus.BAD_REQUEST)
                return await self._handle_event(request, body, on_new_message)
            if content_type == "application/x-www-form-urlencoded":
                form = request.form
                if form.get("payload"):
                    try:
                        payload = json.loads(form.get("payload"))
                    except ValueError:
                        return response.text("Payload is not JSON.", status=HTTPStatus.BAD_REQUEST)
                    if not isinstance(payload, dict):
                        return response.text("Payload is not a JSON object.", status=HTTPStatus.BAD_REQUEST)
                    return await self._handle_interaction(payload, on_new_message)
                if form.get("command"):
                    return self._handle_command(form, on_new_message)
            return response.text("Unsupported Slack request.", status=HTTPStatus.BAD_REQUEST)

        return slack_webhook

    async def _handle_event(
        self, request: Request, body: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        if body.get("type") == "url_verification":
            return response.json({"challenge": body.get("challenge", "")})
        event_id = str(body.get("event_id") or "")
        retry = request.headers.get(self.retry_num_header)
        if event_id and not await self._seen_events.claim(event_id):
            logger.info(
                "Slack retry #%s (%s) of event %s: already received, not processed again.",
                retry,
                request.headers.get(self.retry_reason_header),
                event_id,
            )
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        if retry:
            logger.info("Slack retry #%s of event %s, not seen before: processing it.", retry, event_id)

        event = body.get("event") or {}
        if not self._is_user_message(body) or not event.get("user") or event.get("subtype") not in USER_SUBTYPES:
            return response.text("Not a user message.")
        metadata = self._event_metadata(body)
        if not await self._accepts(body, metadata):
            return response.text("Channel not supported.")
        if event.get("ts") and not await self._seen_messages.claim(f"{metadata['out_channel']}:{event['ts']}"):
            return response.text("Message already handled.")  # e.g. the app_mention of a thread reply
        text = event.get("text")
        text = clean_user_text(text if isinstance(text, str) else "", metadata["users"])  # "" is the guard's to answer
        message = self._user_message(
            text, event["user"], metadata["out_channel"], metadata["thread_id"], metadata, direct=metadata["direct"]
        )
        self._spawn(self._run_turn(on_new_message, message))
        return response.text("")

    async def _handle_interaction(
        self, payload: dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        if payload.get("type") != "block_actions" or not self._is_interactive_message(payload):
            return response.text("")
        action = payload["actions"][0]
        value = self._get_interactive_response(action)
        user_id = (payload.get("user") or {}).get("id")
        container = payload.get("container") or {}
        original = payload.get("message") or {}
        channel = (payload.get("channel") or {}).get("id") or container.get("channel_id")
        if value is None or not user_id or not channel:
            return response.text("")  # link buttons have no value: nothing to say to the bot
        message_ts = original.get("ts") or container.get("message_ts")
        thread_ts = original.get("thread_ts") or container.get("thread_ts") or message_ts
        if message_ts and not await self._answered_clicks.claim(f"{channel}:{message_ts}"):
            logger.info("Ignored a second click on Slack message %s in %s.", message_ts, channel)
            return response.text("")
        choice = (action.get("text") or {}).get("text") or str(value)
        metadata = {"out_channel": channel, "thread_id": thread_ts, "users": [user_id], "source": "block_actions"}
        message = self._user_message(str(value), user_id, channel, thread_ts, metadata)

        async def answer() -> None:
            if message_ts and original.get("blocks") is not None:
                await self._mark_answered(channel, message_ts, original, user_id, choice)
            await self._run_turn(on_new_message, message)

        self._spawn(answer())
        return response.text("")

    def _handle_command(self, form: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        command = form.get("command") or "/cbp"
        question = clean_user_text(form.get("text") or "")
        user_id, channel = form.get("user_id"), form.get("channel_id")
        if not question:
            return response.json({"response_type": "ephemeral", "text": USAGE.format(command=command)})
        if not user_id or not channel:
            return response.text("A slash command needs user_id and channel_id.", status=HTTPStatus.BAD_REQUEST)
        self._spawn(self._answer_command(on_new_message, question, user_id, channel, form.get("response_url")))
        return response.json({"response_type": "ephemeral", "text": ACK})

    # ---- background work ---------------------------------------------------------------

    async def _answer_command(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        question: str,
        user_id: str,
        channel: str,
        response_url: str | None,
    ) -> None:
        """Post the question to the channel, then answer it in that post's thread."""
        try:
            posted = await self._client().chat_postMessage(
                channel=channel, text=f"<@{user_id}> asked: {escape(question)}", unfurl_links=False
            )
        except SLACK_ERRORS as error:
            logger.warning("Could not post a slash command's question in %s: %s", channel, error)
            await self._post_response_url(response_url, {"response_type": "ephemeral", "text": CANNOT_POST})
            return
        channel = posted.get("channel") or channel
        thread_ts = posted.get("ts")
        if thread_ts:
            await self._remember_thread(channel, thread_ts)
        metadata = {"out_channel": channel, "thread_id": thread_ts, "users": [user_id], "source": "slash_command"}
        await self._run_turn(on_new_message, self._user_message(question, user_id, channel, thread_ts, metadata))

    async def _mark_answered(
        self, channel: str, message_ts: str, original: dict[str, Any], user_id: str, choice: str
    ) -> None:
        """Replace the clicked message's buttons with a note of the choice (chat.update)."""
        try:
            await self._client().chat_update(
                channel=channel,
                ts=message_ts,
                text=original.get("text") or choice,
                blocks=answered_blocks(original.get("blocks") or [], user_id, choice),
            )
        except SLACK_ERRORS as error:
            logger.warning("Could not update the clicked Slack message %s: %s", message_ts, error)

    async def _run_turn(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage) -> None:
        """One conversation turn through the guard: on failure or silence the user is told rather than left waiting."""
        await self.guard.handle(on_new_message, message)

    async def _post_response_url(self, response_url: str | None, body: dict[str, Any]) -> None:
        if not response_url:
            return
        try:
            async with (
                aiohttp.ClientSession() as session,
                session.post(response_url, json=body, timeout=aiohttp.ClientTimeout(total=10)) as reply,
            ):
                if reply.status >= 400:
                    logger.warning("Slack response_url answered %s.", reply.status)
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("Could not post to the slash command's response_url: %s", error)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._background_tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task) -> None:
        self._background_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("Slack background task failed.", exc_info=task.exception())

    # ---- helpers ---------------------------------------------------------------------------

    def _client(self) -> AsyncWebClient:
        return AsyncWebClient(self.slack_token, base_url=self.slack_api_url, proxy=self.proxy)

    async def _remember_thread(self, channel: str, thread_ts: str) -> None:
        await self._bot_threads.add(f"{channel}:{thread_ts}")

    def _user_message(
        self,
        text: str,
        user_id: str,
        channel: str,
        thread_ts: str | None,
        metadata: dict[str, Any],
        direct: bool | None = None,
    ) -> UserMessage:
        """The user's message, replied to in `thread_ts`; in a DM one conversation whatever the thread.

        `direct`: whether `channel` is a DM (the event's `channel_type` "im"); None when the request
        does not say (clicks, slash commands), then read from the channel id (Slack's DM ids begin with D).
        """
        if direct is None:
            direct = channel.startswith("D")
        one_per_dm = direct and self.conversation_granularity == "thread"
        return UserMessage(
            text,
            self.get_output_channel(channel, thread_ts),
            f"{user_id}_{channel}" if one_per_dm else self._get_conversation_id(user_id, channel, thread_ts),
            input_channel=self.name(),
            metadata=metadata,
        )

    @staticmethod
    def _event_metadata(body: dict[str, Any]) -> dict[str, Any]:
        event = body.get("event") or {}
        users: Iterable[str] = body.get("authed_users") or [
            authorization.get("user_id") for authorization in (body.get("authorizations") or [])[:1]
        ]
        return {
            "out_channel": event.get("channel"),
            "thread_id": event.get("thread_ts") or event.get("ts"),
            "users": [user for user in users if user],
            "source": "event",
            "event_id": body.get("event_id"),
            "direct": event.get("channel_type") == "im",
        }

    async def _accepts(self, slack_event: dict[str, Any], metadata: dict[str, Any]) -> bool:
        """DMs, mentions, the configured channel, and replies in threads the bot has answered in."""
        event = slack_event.get("event") or {}
        channel = metadata.get("out_channel")
        if not channel:
            return False
        if (
            self._is_direct_message(slack_event)
            or self._is_app_mention(slack_event)
            or (self.slack_channel and channel == self.slack_channel)
        ):
            return True
        return bool(event.get("thread_ts")) and await self._bot_threads.contains(f"{channel}:{event['thread_ts']}")

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> CBPSlackBot:
        """Replies in `thread_id` of `channel`, through the configured Slack API URL."""
        return CBPSlackBot(
            self.slack_token,
            channel or self.slack_channel,
            thread_id,
            self.proxy,
            api_url=self.slack_api_url,
            on_thread=self._remember_thread,
        )
