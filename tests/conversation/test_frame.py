"""The question frame survives the slot (JSON) between turns, and anything else in the slot starts afresh."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from bot.conversation.frame import Frame


def test_a_frame_survives_its_slot_form_unchanged() -> None:
    frame = Frame(
        topic="shipment",
        ask="yes_no",
        focus="duty",
        on="2025-06-01",
        value=120.0,
        values=(500.0, 400.0),
        same_day=True,
        origin="CN",
        mode="postal",
        goods="phone cases",
        goods_flags=("food",),
        gift=True,
        gift_sender="DE",
        pending="mode",
        assumptions=("assume.purchase",),
        skipped=("mode",),
    )
    slot = json.loads(json.dumps(frame.to_slot()))  # what Rasa stores and sends back
    assert Frame.from_slot(slot) == frame


def test_the_slot_keeps_only_what_is_known() -> None:
    assert Frame().to_slot() == {}
    assert Frame(topic="fees", value=300.0).to_slot() == {"topic": "fees", "value": 300.0}


@pytest.mark.parametrize("slot", [None, "shipment", 42, [1, 2], {"no_such_field": 1}, {"topic": "fees", "bad": 1}])
def test_a_missing_or_foreign_slot_gives_a_frame_without_errors(slot: object) -> None:
    frame = Frame.from_slot(slot)
    assert isinstance(frame, Frame)
    assert frame.topic in (None, "fees")


def test_the_frame_becomes_the_engines_facts_with_dates_and_dollars() -> None:
    facts = Frame(topic="shipment", on="2025-06-01", period_end="2025-06-30", value=120.5, values=(1, 2.5)).facts()
    assert facts.on == dt.date(2025, 6, 1) and facts.period_end == dt.date(2025, 6, 30)
    assert facts.value == Decimal("120.5") and facts.values == (Decimal(1), Decimal("2.5"))
    assert Frame().facts().topic == "shipment"


@pytest.mark.parametrize(
    ("field", "value"),
    [("on", "not a date"), ("on", "2025-13-45"), ("value", "abc"), ("value", float("nan")), ("value", True)],
)
def test_unreadable_dates_and_amounts_count_as_unknown(field: str, value: object) -> None:
    facts = Frame.from_slot({"topic": "shipment", field: value}).facts()
    assert getattr(facts, field) is None
