"""Low confidence: first a clarification with suggested topics; on a second miss in a row, a person."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import WithClock, load_snapshot
from actions.safety import never_raises
from bot.answers import templates, word
from bot.conversation.dialogue import respond
from bot.conversation.frame import Frame
from bot.conversation.understand import Message
from bot.nlu.language import conversation_language, requested_language
from bot.settings import Clock

#: The topics offered, in order, when a message is not understood (their titles are in the templates).
SUGGESTIONS = (
    "ask_de_minimis",
    "ask_de_minimis_changes",
    "check_shipment",
    "ask_gift_exemption",
    "ask_entry_types",
    "ask_fees",
    "ask_postal_shipments",
    "ask_other_countries",
)
#: The clarification is recognised by its button to a person (its wording depends on the language).
CLARIFICATION_PAYLOAD = "/request_human"


def clarify(dispatcher: CollectingDispatcher, tracker: Tracker, today: Clock) -> list:
    """Ask to rephrase with likely topics; on a second miss in a row, offer a person."""
    text = tracker.latest_message.get("text")
    text = text if isinstance(text, str) else ""  # a broken client may send anything
    language = conversation_language(text, tracker.get_slot("language"))
    if requested_language(text):  # "in English please", read as nothing else: answered in that language
        snapshot = load_snapshot(dispatcher)
        if snapshot is not None:
            frame = Frame.from_slot(tracker.get_slot("question_frame"))
            turn = respond(snapshot, Message(None, 0.0, [], text), frame, today=today(), with_disclaimer=True)
            for reply in turn.replies:
                dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)
            return [SlotSet("question_frame", turn.frame.to_slot()), SlotSet("language", turn.frame.language)]
    if _previous_was_fallback(tracker):
        snapshot = load_snapshot(dispatcher)
        if snapshot is None:
            return [UserUtteranceReverted()]
        frame = Frame(language=language)
        turn = respond(snapshot, Message("request_human", 1.0, [], ""), frame, today=today())
        dispatcher.utter_message(text=f"{word('clarify_again', language)} {turn.replies[0].text}")
        return [UserUtteranceReverted()]
    titles = templates(language)["words"]["suggestions"]
    ranking = [item.get("name") for item in tracker.latest_message.get("intent_ranking") or []]
    likely = [name for name in ranking if name in SUGGESTIONS][:2]
    topics = likely + [name for name in SUGGESTIONS if name not in likely][: 4 - len(likely)]
    buttons = [{"title": titles[name], "payload": f"/{name}"} for name in topics]
    buttons.append({"title": titles["request_human"], "payload": CLARIFICATION_PAYLOAD})
    dispatcher.utter_message(text=word("clarify", language), buttons=buttons)
    return [UserUtteranceReverted()]


def _previous_was_fallback(tracker: Tracker) -> bool:
    """Whether the user message before this one also ended in the clarification."""
    seen_user = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user += 1
        elif event.get("event") == "bot" and seen_user == 1:
            return (event.get("text") or "") in {word("clarify", language) for language in ("en", "es")}
    return False


class ActionFallback(WithClock, Action):
    def name(self) -> str:
        return "action_fallback"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        return clarify(dispatcher, tracker, self.today)
