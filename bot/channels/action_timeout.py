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

The channel modules call it when they are imported, i.e. when `rasa run` loads credentials.yml,
before the server handles a message. Only the Rasa server process is affected (not `rasa shell`,
whose cmdline channel does not import them, nor the action server).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

logger = logging.getLogger(__name__)

ENV_ACTION_TIMEOUT = "ACTION_TIMEOUT_SECONDS"
DEFAULT_ACTION_TIMEOUT = 2.0


def configured_action_timeout(env: Mapping[str, str] | None = None) -> float:
    """`ACTION_TIMEOUT_SECONDS` as a positive number of seconds; the default when unset or invalid."""
    env = os.environ if env is None else env
    raw = (env.get(ENV_ACTION_TIMEOUT) or "").strip()
    if not raw:
        return DEFAULT_ACTION_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds == float("inf"):
        logger.warning(
            "%s=%r is not a positive number of seconds; using %s.", ENV_ACTION_TIMEOUT, raw, DEFAULT_ACTION_TIMEOUT
        )
        return DEFAULT_ACTION_TIMEOUT
    return seconds


def bound_action_timeout(env: Mapping[str, str] | None = None) -> float:
    """Patch `rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT`; return the seconds now in force."""
    from rasa.core.actions import action

    seconds = configured_action_timeout(env)
    action.DEFAULT_REQUEST_TIMEOUT = seconds
    return seconds
