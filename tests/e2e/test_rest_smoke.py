"""A smoke conversation over the REST webhook of the real servers, checking the reply's figures."""

from __future__ import annotations

import datetime as dt
import uuid

from bot.thresholds.formatting import day


def new_sender() -> str:
    return f"smoke-{uuid.uuid4().hex[:8]}"


def test_de_minimis_today_is_dated_cited_and_suspended(assistant):  # noqa: ANN001
    reply = assistant.text(new_sender(), "is the $800 de minimis still a thing?")
    assert "no longer $800" in reply or "suspended" in reply
    assert "https://" in reply and "Data as of 26 November 2026" in reply
    assert "not legal advice" in reply


def test_historical_question_answers_for_that_date(assistant):  # noqa: ANN001
    reply = assistant.text(new_sender(), "what was the de minimis threshold in 2015?")
    assert "$200" in reply and "2015" in reply


def test_an_order_described_in_one_message_is_assessed_at_once(assistant):  # noqa: ANN001
    reply = assistant.text(new_sender(), "I want to check a $650 order of phone cases from Vietnam shipped by DHL")
    assert "$650.00" in reply and "suspended" in reply and "informal entry" in reply


def test_a_shipment_checked_over_several_turns(assistant):  # noqa: ANN001
    sender = new_sender()
    first = assistant.text(sender, "will I pay duty on a $650 parcel of phone cases from Vietnam shipped by DHL")
    assert "gift" in first.lower()
    final = assistant.text(sender, "no")
    assert "$650.00" in final and "Vietnam" in final
    assert "suspended" in final and "informal entry" in final and "$2,500" in final
    assert f"arriving {day(dt.date.today())}" in final and "assumed" in final


def test_the_form_asks_only_for_what_is_missing_and_can_be_stopped(assistant):  # noqa: ANN001
    sender = new_sender()
    assert "worth" in assistant.text(sender, "can you check whether I owe duty on a package").lower()
    assert "which country" in assistant.text(sender, "$120").lower()
    assert "stopped" in assistant.text(sender, "never mind").lower()
    assert "de minimis" in assistant.text(sender, "what's the de minimis limit?").lower()
