"""The one action that answers every question: it reads the question frame, answers or asks."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import WithClock, load_snapshot
from actions.fallback import clarify
from actions.safety import never_raises
from bot.conversation.dialogue import respond
from bot.conversation.frame import Frame
from bot.conversation.understand import Message, intent_topic

logger = logging.getLogger(__name__)
FRAME_SLOT = "question_frame"
LANGUAGE_SLOT = "language"


def message_of(tracker: Tracker) -> Message:
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    text = latest.get("text") or ""
    return Message(
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        entities=list(latest.get("entities") or []),
        text=text if isinstance(text, str) else "",
        ranking=list(latest.get("intent_ranking") or []),
    )


def message_language(tracker: Tracker) -> str | None:
    """The language of the conversation after this message: the `language` slot, which the message's
    language entity fills when it shows its language (None before the first such message)."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "language" and entity.get("value") in ("en", "es"):
            return entity["value"]
    value = tracker.get_slot(LANGUAGE_SLOT)
    return value if value in ("en", "es") else None


class ActionAnswer(WithClock, Action):
    def name(self) -> str:
        return "action_answer"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        snapshot = load_snapshot(dispatcher)
        if snapshot is None:
            # Keep the question's topic, so that "and in 2015?" still follows once the data is back.
            topic = intent_topic(message_of(tracker).intent)
            return [SlotSet(FRAME_SLOT, Frame(topic=topic).to_slot())] if topic else []
        frame = Frame.from_slot(tracker.get_slot(FRAME_SLOT))
        # Every answer says it is not legal advice: an answer is often read alone (a Slack thread, a copy).
        message = message_of(tracker)
        language = message_language(tracker)
        turn = respond(snapshot, message, frame, today=self.today(), with_disclaimer=True, language=language)
        events: list[EventType] = [SlotSet(FRAME_SLOT, turn.frame.to_slot())]
        if turn.frame.language != (tracker.get_slot(LANGUAGE_SLOT) or "en"):  # "in English please"
            events.append(SlotSet(LANGUAGE_SLOT, turn.frame.language))
        if not turn.replies:
            return events + clarify(dispatcher, tracker, self.today)
        for reply in turn.replies:
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)
            custom = reply.custom()
            custom["cbp"].update(frame=turn.frame.to_slot(), report=_report(turn.report))
            dispatcher.utter_message(json_message=custom)
        return events


def _report(report: dict) -> dict:
    return {key: value for key, value in report.items() if isinstance(value, (str, list, bool, int, float, type(None)))}
