"""The shipment form: collect only what is missing, validate each answer, assess, or stop on request."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from price_parser import Price
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity, load_snapshot, send_answer, today
from actions.safety import never_raises
from bot.answers import answer_assessment
from bot.nlu.goods import goods_flags
from bot.nlu.normalise import parse_amount
from bot.thresholds import ShipmentRefused, assess_shipment
from bot.thresholds.assess import check_country, check_date, check_value
from bot.thresholds.schema import MODES

FORM_SLOTS = (
    "shipment_value",
    "shipment_origin",
    "shipment_mode",
    "shipment_date",
    "shipment_goods",
    "is_gift",
)
#: Intents whose message may carry shipment details. Any other intent mid-form is a side question.
DETAIL_INTENTS = {"check_shipment", "nlu_fallback", "affirm", "deny"}
CANCEL_WORDS = re.compile(r"\b(stop|cancel|never ?mind|forget (it|that)|quit|exit|abort)\b", re.IGNORECASE)
GIFT_WORDS = re.compile(r"\bgifts?\b|\bpresent\b|\bbirthday\b", re.IGNORECASE)
PURCHASE_WORDS = re.compile(r"\b(bought|buy|order(ed)?|purchase[d]?|sell|selling|resale|inventory|stock)\b", re.I)
MAX_FREE_TEXT = 80
#: A plain number ("1200", "1e5"): passed on as typed, so that the value check reads it exactly.
PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _text(tracker: Tracker) -> str:
    text = tracker.latest_message.get("text")
    return text.strip() if isinstance(text, str) else ""


def typed_amount(text: str) -> object:
    """The value typed in answer to the value question (a number or numeric text), or None.

    Plain numbers are kept as typed; then our own amount parser ("1.5k", "$2,000"); then price-parser
    for other money formats. Whatever comes out, `check_value` decides whether it is a usable value.
    """
    text = text[:MAX_FREE_TEXT].strip()
    if PLAIN_NUMBER.fullmatch(text):
        return text
    parsed = parse_amount(text)
    if parsed is not None:
        return parsed[0]
    price = Price.fromstring(text)
    if price.amount is None:
        return None
    amount = float(price.amount)
    return -amount if text.startswith("-") else amount


def _iso_date(value: object) -> object:
    """A date from the ISO text a slot holds; anything else is returned as is (and refused later)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _wants_to_stop(tracker: Tracker) -> bool:
    return _intent(tracker) == "deny" and bool(CANCEL_WORDS.search(_text(tracker)))


class ValidateShipmentForm(FormValidationAction):
    def name(self) -> str:
        return "validate_shipment_form"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Validate the required slots, plus the optional arrival date (which is never asked for)."""
        date_events = self._arrival_date(dispatcher, tracker)
        return date_events + await super().run(dispatcher, tracker, domain)

    def _arrival_date(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        if not self._may_extract(tracker, "shipment_date"):
            return []
        value = latest_entity(tracker, "date")
        if not value:
            return []
        try:
            day, _ = check_date(dt.date.fromisoformat(str(value)[:10]), today())
        except (ValueError, ShipmentRefused) as error:
            reason = error.reason if isinstance(error, ShipmentRefused) else "I couldn't read that date."
            dispatcher.utter_message(text=f"{reason} I'll use today's date instead.")
            return [SlotSet("shipment_date", None)]
        return [SlotSet("shipment_date", day.isoformat())]

    def _may_extract(self, tracker: Tracker, slot: str) -> bool:
        """Details come from shipment messages; any slot may be filled from them, else only the one asked."""
        intent = _intent(tracker)
        if intent not in DETAIL_INTENTS or _wants_to_stop(tracker):
            return False
        return intent == "check_shipment" or tracker.get_slot("requested_slot") == slot

    async def extract_shipment_value(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._may_extract(tracker, "shipment_value"):
            return {}
        # Not converted here: an entity's value may be anything (users can type `/check_shipment{"amount": "x"}`);
        # validate_shipment_value refuses what is not a usable number of dollars, with a reason.
        amount = latest_entity(tracker, "amount")
        if amount is None and tracker.get_slot("requested_slot") == "shipment_value":
            amount = typed_amount(_text(tracker))
        if amount is None:
            return {}
        return {"shipment_value": amount}

    async def extract_shipment_origin(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._may_extract(tracker, "shipment_origin"):
            return {}
        country = latest_entity(tracker, "country")
        if country is None and tracker.get_slot("requested_slot") == "shipment_origin":
            text = re.sub(r"^(from|it'?s from|made in|comes from|it comes from)\s+", "", _text(tracker), flags=re.I)
            country = text[:MAX_FREE_TEXT] or None
        return {"shipment_origin": country} if country else {}

    async def extract_shipment_mode(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._may_extract(tracker, "shipment_mode"):
            return {}
        mode = latest_entity(tracker, "transport_mode")
        if mode is None and tracker.get_slot("requested_slot") == "shipment_mode" and _text(tracker):
            mode = _text(tracker)[:MAX_FREE_TEXT]
        return {"shipment_mode": mode} if mode else {}

    async def extract_shipment_goods(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._may_extract(tracker, "shipment_goods"):
            return {}
        goods = latest_entity(tracker, "goods")
        asked = tracker.get_slot("requested_slot") == "shipment_goods"
        if goods is None and asked and _intent(tracker) in ("check_shipment", "nlu_fallback") and _text(tracker):
            goods = _text(tracker)[:MAX_FREE_TEXT]
        return {"shipment_goods": goods.lower()} if isinstance(goods, str) and goods.strip() else {}

    async def extract_is_gift(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not self._may_extract(tracker, "is_gift"):
            return {}
        intent = _intent(tracker)
        if tracker.get_slot("requested_slot") == "is_gift" and intent in ("affirm", "deny"):
            return {"is_gift": intent == "affirm"}
        text = _text(tracker)
        if intent == "check_shipment" and GIFT_WORDS.search(text):
            return {"is_gift": True}
        if intent == "check_shipment" and PURCHASE_WORDS.search(text):
            return {"is_gift": False}
        return {}

    def validate_shipment_value(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # The currency is read from the same message: a value in another currency is refused, not converted.
        try:
            amount = check_value(value, latest_entity(tracker, "currency") or "USD")
        except ShipmentRefused as refused:
            dispatcher.utter_message(text=refused.reason)
            return {"shipment_value": None}
        return {"shipment_value": float(amount)}

    def validate_shipment_origin(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            return {"shipment_origin": check_country(value, "origin")}
        except ShipmentRefused as refused:
            dispatcher.utter_message(text=refused.reason)
            return {"shipment_origin": None}

    def validate_shipment_mode(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, str) and value in MODES:
            return {"shipment_mode": value}
        dispatcher.utter_message(text="Sorry, I didn't get how it is shipped: please pick one of the options.")
        return {"shipment_mode": None}

    def validate_shipment_goods(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = value.strip() if isinstance(value, str) else ""
        if not text or not re.search(r"[A-Za-z]", text):
            dispatcher.utter_message(text="Please describe the goods in a few words, for example 'cotton t-shirts'.")
            return {"shipment_goods": None}
        return {"shipment_goods": text[:MAX_FREE_TEXT]}


class ActionAssessShipment(Action):
    """Runs when the form is complete: assess the shipment, answer, and clear the form's slots."""

    def name(self) -> str:
        return "action_assess_shipment"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reset = [SlotSet(slot, None) for slot in FORM_SLOTS]
        snapshot = load_snapshot(dispatcher)
        if snapshot is None:
            return reset
        date_text = tracker.get_slot("shipment_date")
        goods = tracker.get_slot("shipment_goods") or ""
        try:
            result = assess_shipment(
                snapshot,
                value=tracker.get_slot("shipment_value"),
                origin=tracker.get_slot("shipment_origin"),
                mode=tracker.get_slot("shipment_mode"),
                on=_iso_date(date_text) if date_text else None,
                goods_flags=goods_flags(goods),
                is_gift=bool(tracker.get_slot("is_gift")),
                today=today(),
            )
        except ShipmentRefused as refused:
            dispatcher.utter_message(text=f"I couldn't check that shipment: {refused.reason}")
            return reset
        return send_answer(dispatcher, tracker, snapshot, answer_assessment(result)) + reset


class ActionStopShipmentForm(Action):
    def name(self) -> str:
        return "action_stop_shipment_form"

    @never_raises
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text="OK, I stopped checking that shipment. Ask me anything else, or say 'check a shipment' to start again."
        )
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(slot, None) for slot in FORM_SLOTS]
