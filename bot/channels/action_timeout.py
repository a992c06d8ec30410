"""Bound how long the Rasa server waits for the action server (Rasa 3.6 waits up to 5 minutes).

Rasa's `RemoteAction.run` posts to the action server with `timeout=DEFAULT_REQUEST_TIMEOUT`, a
name it imported into `rasa.core.actions.action` from `rasa.core.constants` (300 s) and reads on
every call. While it waits, the conversation's lock is held, so a hung action server would block
that user's next messages for minutes even though the channel guard has already apologised.
`bound_action_timeout()` sets that module constant to `ACTION_TIMEOUT_SECONDS` (default 2 s: our
actions answer in milliseconds, and the user must hear back within 3 seconds even when the action
server hangs; the channel guard apologises as soon as the turn ends without a reply).
When the wait runs out, `RemoteAction.run` raises `asyncio.TimeoutError`; Rasa's processor logs it,
drops that action's events and goes on with the turn (the same as when the action server refuses
the connection), so the lock is released and the tracker saved.

Applied by bot/channels/rasa_patches.py, with the project's other Rasa patches, when a channel
module is imported (`rasa run` loading credentials.yml); only the Rasa server process is affected.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.settings import DEFAULT_ACTION_TIMEOUT as DEFAULT_ACTION_TIMEOUT
from bot.settings import ActionTimeoutSettings


def configured_action_timeout(env: Mapping[str, str] | None = None) -> float:
    """`ACTION_TIMEOUT_SECONDS` (bot/settings.py) as a positive number of seconds; the default when unset or invalid.

    An invalid value is logged, naming the variable, and the default used: the server still starts.
    """
    return ActionTimeoutSettings.from_env(env).seconds


def bound_action_timeout(env: Mapping[str, str] | None = None) -> float:
    """Patch `rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT`; return the seconds now in force."""
    from rasa.core.actions import action

    seconds = configured_action_timeout(env)
    action.DEFAULT_REQUEST_TIMEOUT = seconds
    return seconds
