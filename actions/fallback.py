"""Low confidence: first a clarification with suggested topics; on a second miss in a row, a person."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import load_snapshot, send_answer, today
from actions.safety import never_raises
from bot.answers import answer_topic

SUGGESTIONS = {
    "ask_de_minimis": "The de minimis limit",
    "ask_de_minimis_changes": "What changed in 2025-2027",
    "check_shipment": "Check a shipment",
    "ask_gift_exemption": "Gifts",
    "ask_entry_types": "Formal or informal entry",
    "ask_fees": "Customs fees",
    "ask_postal_shipments": "Mail shipments",
    "ask_other_countries": "Other countries",
}
CLARIFICATION = "Sorry, I'm not sure what you mean."


class ActionFallback(Action):
    def name(self) -> str:
        return "action_fallback"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        if self._previous_was_fallback(tracker):
            snapshot = load_snapshot(dispatcher)
            if snapshot is None:
                return [UserUtteranceReverted()]
            answer = answer_topic(snapshot, "request_human", today(), today=today())
            answer.text = "I'm sorry I couldn't help with that. " + answer.text
            return send_answer(dispatcher, tracker, snapshot, answer) + [UserUtteranceReverted()]
        ranking = [item.get("name") for item in tracker.latest_message.get("intent_ranking") or []]
        likely = [name for name in ranking if name in SUGGESTIONS][:2]
        topics = likely + [name for name in SUGGESTIONS if name not in likely][: 4 - len(likely)]
        buttons = [{"title": SUGGESTIONS[name], "payload": f"/{name}"} for name in topics]
        buttons.append({"title": "Talk to a person", "payload": "/request_human"})
        dispatcher.utter_message(
            text=f"{CLARIFICATION} I answer questions about US Customs rules for importers. Did you mean one of these?",
            buttons=buttons,
        )
        return [UserUtteranceReverted()]

    @staticmethod
    def _previous_was_fallback(tracker: Tracker) -> bool:
        """Whether the user message before this one also ended in the fallback."""
        seen_user = 0
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                seen_user += 1
            elif event.get("event") == "bot" and seen_user == 1:
                text = event.get("text") or ""
                return text.startswith(CLARIFICATION)
        return False
