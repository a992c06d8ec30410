"""One action per question topic; each answers from the rules in force on the asked date."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_date, entity_granularity, latest_entity, load_snapshot, send_answer, today
from actions.safety import never_raises
from bot.answers import (
    TOPICS,
    answer_de_minimis,
    answer_de_minimis_changes,
    answer_other_countries,
    answer_topic,
)
from bot.thresholds.assess import EARLIEST_DATE, LATEST_DATE
from bot.thresholds.schema import MODES


def asked_date(tracker: Tracker) -> Any:
    """The date the user asked about, if it is one we can answer for, else today."""
    day = entity_date(tracker)
    return day if day and EARLIEST_DATE <= day <= LATEST_DATE else today()


class ActionAnswerDeMinimis(Action):
    def name(self) -> str:
        return "action_answer_de_minimis"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        snapshot = load_snapshot(dispatcher)
        if snapshot is None:
            return []
        origin = latest_entity(tracker, "country")
        mode = latest_entity(tracker, "transport_mode")
        entity_day = entity_date(tracker)
        if entity_day and entity_day < EARLIEST_DATE:
            dispatcher.utter_message(text="Section 321 dates from 1938, so I can only answer for dates from 1938 on.")
            return []
        answer = answer_de_minimis(
            snapshot,
            asked_date(tracker),
            origin=origin if isinstance(origin, str) and origin != "EU" else None,
            mode=mode if mode in MODES and mode != "traveller" else None,
            today=today(),
            period=entity_granularity(tracker) if entity_day else "day",
        )
        return send_answer(dispatcher, tracker, snapshot, answer)


class ActionAnswerDeMinimisChanges(Action):
    def name(self) -> str:
        return "action_answer_de_minimis_changes"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        snapshot = load_snapshot(dispatcher)
        if snapshot is None:
            return []
        return send_answer(dispatcher, tracker, snapshot, answer_de_minimis_changes(snapshot, today()))


class ActionAnswerOtherCountries(Action):
    def name(self) -> str:
        return "action_answer_other_countries"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        snapshot = load_snapshot(dispatcher)
        if snapshot is None:
            return []
        country = latest_entity(tracker, "country")
        jurisdiction = country if isinstance(country, str) and country != "US" else None
        answer = answer_other_countries(snapshot, asked_date(tracker), jurisdiction)
        return send_answer(dispatcher, tracker, snapshot, answer)


class TopicAction(Action):
    """Answers a topic of bot.answers.TOPICS; subclasses only name the topic."""

    topic = ""
    buttons: list[dict] = []

    def name(self) -> str:
        return f"action_answer_{self.topic}"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        snapshot = load_snapshot(dispatcher)
        if snapshot is None:
            return []
        answer = answer_topic(snapshot, self.topic, asked_date(tracker), today=today())
        extra = self.extra_text(tracker)
        if extra:
            answer.text += "\n" + extra
        return send_answer(dispatcher, tracker, snapshot, answer, buttons=self.buttons or None)

    def extra_text(self, tracker: Tracker) -> str:
        return ""


def _topic_action(topic: str, **attributes: Any) -> type[TopicAction]:
    class_name = "ActionAnswer" + "".join(part.title() for part in topic.split("_"))
    return type(class_name, (TopicAction,), {"topic": topic, **attributes})


class ActionAnswerHtsClassification(TopicAction):
    topic = "hts_classification"

    def extra_text(self, tracker: Tracker) -> str:
        code = latest_entity(tracker, "hts_code")
        if code:
            return f"Look up {code} in the official schedule at https://hts.usitc.gov (search for {code})."
        return "Search the official schedule at https://hts.usitc.gov by product description."


class ActionRequestHuman(TopicAction):
    topic = "request_human"

    def name(self) -> str:
        return "action_request_human"


for _topic in TOPICS:
    if _topic not in ("hts_classification", "request_human"):
        globals()[f"_Action_{_topic}"] = _topic_action(_topic)
