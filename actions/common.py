"""What every action shares: the clock and reading the rules."""

from __future__ import annotations

import datetime as dt
import logging

from rasa_sdk.executor import CollectingDispatcher

from bot.contact import TRY_LATER
from bot.thresholds import ThresholdDataUnavailable, open_store
from bot.thresholds.store import Snapshot

logger = logging.getLogger(__name__)

DATA_UNAVAILABLE = (
    f"Sorry, I can't read the rules database right now, so I can't give you a reliable figure. {TRY_LATER}"
)


def today() -> dt.date:
    return dt.date.today()


def load_snapshot(dispatcher: CollectingDispatcher) -> Snapshot | None:
    """The rules, or None after telling the user the data cannot be read now."""
    try:
        return open_store().snapshot()
    except ThresholdDataUnavailable as error:
        logger.error("threshold data unavailable: %s", error)
        dispatcher.utter_message(text=DATA_UNAVAILABLE)
        return None
