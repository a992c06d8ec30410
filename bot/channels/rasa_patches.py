"""Every change this project makes to Rasa's own code, applied once, from here.

- bot/channels/action_timeout.py: Rasa's wait for the action server cut from 5 minutes to
  `ACTION_TIMEOUT_SECONDS` (default 2).
- bot/channels/action_validation.py: the action server's answers validated with a validator built
  once (Rasa 3.6 rebuilds it, about 110 ms, on every custom action call).

`apply()` is called when a channel module is imported, i.e. when `rasa run` loads credentials.yml,
before the server handles a message; only the Rasa server process is affected (not `rasa shell`,
whose cmdline channel imports none of them, nor the action server). It patches once per process
however many channel modules call it.
"""

from __future__ import annotations

import logging

from bot.channels import action_validation
from bot.channels.action_timeout import bound_action_timeout

logger = logging.getLogger(__name__)

_applied = False


def apply() -> None:
    """Apply the patches above (idempotent)."""
    global _applied
    if _applied:
        return
    seconds = bound_action_timeout()
    action_validation.install()
    _applied = True
    logger.debug("Rasa patched: action server timeout %.1f s, action results validated once.", seconds)
