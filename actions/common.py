"""What every action shares: reading the rules, reading entities, sending a dated, cited answer."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers import Answer
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


def latest_entity(tracker: Tracker, name: str) -> Any:
    """The value of the first entity of a type in the latest user message, or None."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name and entity.get("value") not in (None, ""):
            return entity["value"]
    return None


def entity_granularity(tracker: Tracker) -> str:
    """'day', 'week', 'month' or 'year': how precise the user's date was (a year: '2015')."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "date":
            return (entity.get("additional_info") or {}).get("granularity") or "day"
    return "day"


def entity_date(tracker: Tracker) -> dt.date | None:
    value = latest_entity(tracker, "date")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def send_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, snapshot: Snapshot, answer: Answer, **message: Any
) -> list[EventType]:
    """Send an answer; add the not-legal-advice line the first time in a conversation."""
    first = not tracker.get_slot("disclaimer_shown")
    dispatcher.utter_message(text=answer.render(snapshot, with_disclaimer=first), **message)
    return [SlotSet("disclaimer_shown", True)] if first else []
