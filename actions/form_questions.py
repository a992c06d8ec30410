"""The shipment form's questions (custom ask actions, so that they can carry buttons and stay plain)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.safety import never_raises

MODE_BUTTONS = [
    ("Mail (USPS, post)", "postal"),
    ("Express courier (DHL, FedEx, UPS)", "express"),
    ("Air cargo", "air_cargo"),
    ("Ocean", "ocean"),
    ("Truck or rail", "truck"),
]

QUESTIONS: dict[str, tuple[str, list[dict]]] = {
    "shipment_value": ("What is the shipment worth, in US dollars?", []),
    "shipment_origin": ("Which country are the goods from?", []),
    "shipment_mode": (
        "How is it shipped?",
        [{"title": title, "payload": f'/check_shipment{{"transport_mode": "{mode}"}}'} for title, mode in MODE_BUTTONS],
    ),
    "shipment_goods": ("What are the goods? (for example: phone cases, t-shirts, wine, coffee)", []),
    "is_gift": (
        "Is it a gift sent to you by a person abroad (not something you bought)?",
        [{"title": "Yes, a gift", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
    ),
}


class AskAction(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list:
        text, buttons = QUESTIONS[self.slot]
        dispatcher.utter_message(text=text, buttons=buttons or None)
        return []


for _slot in QUESTIONS:
    globals()[f"_Ask_{_slot}"] = type(f"ActionAsk{_slot.title().replace('_', '')}", (AskAction,), {"slot": _slot})
