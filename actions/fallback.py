"""Low confidence: first a clarification with suggested topics; on a second miss in a row, a person."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import WithClock, load_snapshot
from actions.safety import never_raises
from bot.conversation.dialogue import respond
from bot.conversation.frame import Frame
from bot.conversation.understand import Message
from bot.settings import Clock

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


def clarify(dispatcher: CollectingDispatcher, tracker: Tracker, today: Clock) -> list:
    """Ask to rephrase with likely topics; on a second miss in a row, offer a person."""
    if _previous_was_fallback(tracker):
        snapshot = load_snapshot(dispatcher)
        if snapshot is None:
            return [UserUtteranceReverted()]
        turn = respond(snapshot, Message("request_human", 1.0, [], ""), Frame(), today=today())
        dispatcher.utter_message(text="I'm sorry I couldn't help with that. " + turn.replies[0].text)
        return [UserUtteranceReverted()]
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


def _previous_was_fallback(tracker: Tracker) -> bool:
    """Whether the user message before this one also ended in the clarification."""
    seen_user = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user += 1
        elif event.get("event") == "bot" and seen_user == 1:
            text = event.get("text") or ""
            return text.startswith(CLARIFICATION)
    return False


class ActionFallback(WithClock, Action):
    def name(self) -> str:
        return "action_fallback"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        return clarify(dispatcher, tracker, self.today)
