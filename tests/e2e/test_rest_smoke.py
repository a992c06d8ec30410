"""A smoke conversation over the REST webhook of the real servers, checking the reply's figures."""

from __future__ import annotations

import datetime as dt
import uuid

import yaml

from bot.thresholds.formatting import day
from tests.conftest import RULES_DIR


def data_as_of() -> dt.date:
    """The rules' "as of" date, as the data set the servers load states it."""
    return yaml.safe_load((RULES_DIR / "_dataset.yaml").read_text(encoding="utf-8"))["data_as_of"]


def new_sender() -> str:
    return f"smoke-{uuid.uuid4().hex[:8]}"


def test_de_minimis_today_is_dated_cited_and_suspended(assistant):
    reply = assistant.text(new_sender(), "is the $800 de minimis still a thing?")
    assert "no longer $800" in reply or "suspended" in reply
    assert "https://" in reply and f"Data as of {day(data_as_of())}" in reply
    assert "not legal advice" in reply


def test_historical_question_answers_for_that_date(assistant):
    reply = assistant.text(new_sender(), "what was the de minimis threshold in 2015?")
    assert "$200" in reply and "2015" in reply


def test_an_order_described_in_one_message_is_assessed_at_once(assistant):
    reply = assistant.text(new_sender(), "I want to check a $650 order of phone cases from Vietnam shipped by DHL")
    first_line = reply.splitlines()[0]
    assert "owe duty" in first_line and "$650" in first_line and "Vietnam" in first_line
    assert "suspended" in reply and "29 August 2025" in reply and "?" not in first_line


def test_a_shipment_is_answered_at_once_and_follow_ups_change_one_fact(assistant):
    sender = new_sender()
    first = assistant.text(sender, "will I pay duty on a $650 parcel of phone cases from Vietnam shipped by DHL")
    assert first.startswith("Yes, you will owe duty") and "is it a gift" not in first.lower()
    assert f"Applies to {day(dt.date.today())}" in first
    gift = assistant.text(sender, "what if it's a gift from my aunt?")
    assert "$650" in gift and "$100 gift limit" in gift
    smaller = assistant.text(sender, "sorry, it's actually $60")
    assert smaller.startswith("No") and "$60" in smaller and "$100 gift limit" in smaller


def test_only_a_fact_that_changes_the_verdict_is_asked_and_never_mind_ends_it(assistant):
    sender = new_sender()
    assert "worth" in assistant.text(sender, "can you check whether I owe duty on a package").lower()
    answered = assistant.text(sender, "$120")
    assert "owe duty" in answered and "which country" not in answered.lower()
    assert "worth" in assistant.text(sender, "can you check another package for me?").lower()
    assert "dropped" in assistant.text(sender, "never mind").lower()
    assert "de minimis" in assistant.text(sender, "what's the de minimis limit?").lower()
