"""What every action shares: the clock and reading the rules."""

from __future__ import annotations

import logging

from rasa_sdk.executor import CollectingDispatcher

from bot.contact import TRY_LATER
from bot.settings import Clock, system_clock
from bot.thresholds import ThresholdDataUnavailable, open_store
from bot.thresholds.store import Snapshot

logger = logging.getLogger(__name__)

DATA_UNAVAILABLE = (
    f"Sorry, I can't read the rules database right now, so I can't give you a reliable figure. {TRY_LATER}"
)


class WithClock:
    """Mixin of the actions that need today's date: `self.today()`.

    rasa-sdk builds each action with no argument, so it reads the system clock; tests pass their
    own (`ActionAnswer(clock=lambda: day)`) instead of patching anything.
    """

    def __init__(self, clock: Clock = system_clock) -> None:
        self.today: Clock = clock


def load_snapshot(dispatcher: CollectingDispatcher) -> Snapshot | None:
    """The rules, or None after telling the user the data cannot be read now."""
    try:
        return open_store().snapshot()
    except ThresholdDataUnavailable as error:
        logger.error("threshold data unavailable: %s", error)
        dispatcher.utter_message(text=DATA_UNAVAILABLE)
        return None
