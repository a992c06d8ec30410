"""The shipment form's validation (re-asks), extraction from the triggering message, assessment, stop."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk.events import ActiveLoop, SlotSet

from actions.shipment_form import ActionAssessShipment, ActionStopShipmentForm, ValidateShipmentForm
from tests.actions.conftest import entity, make_tracker, texts
from tests.conftest import ROOT

FORM_DOMAIN = Domain.load(str(ROOT / "domain.yml")).as_dict()


def slot_values(events: list) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


async def validate(dispatcher, text, intent="check_shipment", entities=(), requested=None, slots=None):  # noqa: ANN001, ANN201
    tracker = make_tracker(
        text, intent, list(entities), slots={"requested_slot": requested, **(slots or {})}, active_loop="shipment_form"
    )
    return slot_values(await ValidateShipmentForm().run(dispatcher, tracker, FORM_DOMAIN))


async def test_the_first_message_fills_every_slot_it_mentions(dispatcher):  # noqa: ANN001
    values = await validate(
        dispatcher,
        "my $650 order of phone cases from Vietnam by DHL",
        entities=[
            entity("amount", 650.0),
            entity("currency", "USD"),
            entity("country", "VN"),
            entity("transport_mode", "express"),
            entity("goods", "phone cases"),
        ],
    )
    assert values == {
        "shipment_value": 650.0,
        "shipment_origin": "VN",
        "shipment_mode": "express",
        "shipment_goods": "phone cases",
        "is_gift": False,
    }


@pytest.mark.parametrize(
    ("text", "entities", "message"),
    [
        ("-50", [entity("amount", -50.0)], "more than $0"),
        ("$20 billion", [entity("amount", 2e10)], "over $10 billion"),
        ("90 euros", [entity("amount", 90.0), entity("currency", "EUR")], "US dollars"),
        ("0", [], "more than $0"),
    ],
)
async def test_bad_values_are_re_asked_with_a_reason(dispatcher, text, entities, message):  # noqa: ANN001
    values = await validate(dispatcher, text, entities=entities, requested="shipment_value")
    assert values["shipment_value"] is None
    assert message in texts(dispatcher)


async def test_arrival_date_is_taken_from_the_message_and_checked(dispatcher):  # noqa: ANN001
    values = await validate(dispatcher, "arriving 2027-07-02", entities=[entity("date", "2027-07-02")])
    assert values["shipment_date"] == "2027-07-02"
    old = await validate(dispatcher, "it came in 1900", entities=[entity("date", "1900-05-01")])
    assert old["shipment_date"] is None and "1938" in texts(dispatcher)


async def test_a_bare_number_answers_the_value_question(dispatcher):  # noqa: ANN001
    values = await validate(dispatcher, "1200", intent="nlu_fallback", requested="shipment_value")
    assert values["shipment_value"] == 1200.0


async def test_unknown_country_is_re_asked(dispatcher):  # noqa: ANN001
    values = await validate(dispatcher, "from Narnia", requested="shipment_origin")
    assert values["shipment_origin"] is None and "Narnia" in texts(dispatcher)


async def test_eu_is_not_an_origin(dispatcher):  # noqa: ANN001
    values = await validate(dispatcher, "from the EU", entities=[entity("country", "EU")], requested="shipment_origin")
    assert values["shipment_origin"] is None and "which EU country" in texts(dispatcher)


async def test_unclear_mode_is_re_asked(dispatcher):  # noqa: ANN001
    values = await validate(dispatcher, "by carrier pigeon", requested="shipment_mode")
    assert values["shipment_mode"] is None and "how it is shipped" in texts(dispatcher)


async def test_goods_from_free_text_when_asked(dispatcher):  # noqa: ANN001
    values = await validate(dispatcher, "handmade ceramic mugs", requested="shipment_goods")
    assert values["shipment_goods"] == "handmade ceramic mugs"


async def test_gift_question_takes_yes_and_no(dispatcher):  # noqa: ANN001
    assert (await validate(dispatcher, "yes", intent="affirm", requested="is_gift"))["is_gift"] is True
    assert (await validate(dispatcher, "nope", intent="deny", requested="is_gift"))["is_gift"] is False


async def test_stop_words_fill_nothing_so_the_form_can_be_cancelled(dispatcher):  # noqa: ANN001
    assert await validate(dispatcher, "never mind", intent="deny", requested="is_gift") == {}


async def test_a_side_question_fills_nothing(dispatcher):  # noqa: ANN001
    values = await validate(
        dispatcher,
        "what is the gift limit in 2015?",
        intent="ask_gift_exemption",
        entities=[entity("date", "2015-01-01")],
        requested="shipment_origin",
    )
    assert values == {}


async def test_assessment_answer_and_reset(dispatcher):  # noqa: ANN001
    slots = {
        "shipment_value": 650.0,
        "shipment_origin": "VN",
        "shipment_mode": "express",
        "shipment_goods": "phone cases",
        "is_gift": False,
    }
    events = await ActionAssessShipment().run(dispatcher, make_tracker("no", "deny", slots=slots), FORM_DOMAIN)
    reply = texts(dispatcher)
    assert "Viet Nam" in reply or "Vietnam" in reply
    assert "$650.00" in reply and "suspended" in reply and "informal entry" in reply
    assert "I assumed the goods arrive today, 26 November 2026" in reply
    assert "Sources:" in reply and "Data as of" in reply
    assert all(value is None for name, value in slot_values(events).items() if name.startswith("shipment"))


async def test_gift_assessment(dispatcher):  # noqa: ANN001
    slots = {
        "shipment_value": 80.0,
        "shipment_origin": "GU",
        "shipment_mode": "postal",
        "shipment_goods": "t-shirts",
        "is_gift": True,
        "shipment_date": "2026-12-15",
    }
    await ActionAssessShipment().run(dispatcher, make_tracker("yes", "affirm", slots=slots), FORM_DOMAIN)
    reply = texts(dispatcher)
    assert "gift" in reply and "$200" in reply and "15 December 2026" in reply


async def test_stop_deactivates_the_form(dispatcher):  # noqa: ANN001
    events = await ActionStopShipmentForm().run(
        dispatcher, make_tracker("stop", "deny", active_loop="shipment_form"), {}
    )
    assert ActiveLoop(None) in events and SlotSet("requested_slot", None) in events
    assert "stopped" in texts(dispatcher)
