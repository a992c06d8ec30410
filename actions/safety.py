"""A safety net for every action: a failure is logged without the user's data, and the user is told.

Why: when an action raises, rasa-sdk answers Rasa with HTTP 500 and a body holding the whole tracker
(every message and slot of the conversation), and Rasa logs that body at ERROR level; the exception's
own message may quote user text too ("could not convert string to float: '...'"). With `never_raises`
on an action's `run`, a failure is logged at ERROR with only the action's name, the exception's type
and where it was raised (the traceback goes to DEBUG: bot/log_privacy.py), the user gets the shared
apology, and the action returns no events.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection

from bot.contact import APOLOGY
from bot.log_privacy import log_failure

logger = logging.getLogger(__name__)

Run = Callable[[Any, CollectingDispatcher, Tracker, Any], Awaitable[list[EventType]]]


def never_raises(run: Run) -> Run:
    """Wraps an action's `run`: on an exception, log it without user data, apologise, return no events."""

    @functools.wraps(run)
    async def guarded(self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any) -> list[EventType]:
        try:
            return await run(self, dispatcher, tracker, domain)
        except ActionExecutionRejection:  # rasa-sdk's own control flow, not a failure
            raise
        except Exception as error:
            log_failure(logger, f"Action {self.name()} failed; the user got an apology", error)
            dispatcher.utter_message(text=APOLOGY)
            return []

    return guarded
