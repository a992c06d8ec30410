"""Reading a message against the conversation so far: its facts, and whether it is a new question,
a follow-up that changes one fact, an answer to the assistant's question, or a request."""

from __future__ import annotations

import pytest
import yaml

from bot.conversation.understand import intent_topic, read, read_facts, topic_table
from tests.conftest import ROOT
from tests.conversation.conftest import ent, message, year

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((ROOT / "data" / "rules" / "answers.yml").read_text(encoding="utf-8"))
CHITCHAT = {"greet", "goodbye", "thank", "bot_challenge", "help"}


# ---- the routing table (data/topics.yml) ------------------------------------------------------


def test_every_intent_is_either_chit_chat_a_topic_or_a_follow_up() -> None:
    table = topic_table()
    intents = set(DOMAIN["intents"])
    topics = set(table["intents"])
    follow_ups = set(table["follow_up_intents"]) - {"nlu_fallback"}
    assert topics | follow_ups | CHITCHAT == intents
    assert not topics & follow_ups and not topics & CHITCHAT


def test_every_topic_and_follow_up_intent_is_routed_to_the_one_answering_action() -> None:
    routed = {}
    for rule in RULES["rules"]:
        intent, action = (step.get("intent") or step.get("action") for step in rule["steps"])
        routed[intent] = action
    table = topic_table()
    assert set(routed) == set(table["intents"]) | set(table["follow_up_intents"])
    assert set(routed.values()) == {"action_answer"}
    assert "action_answer" in DOMAIN["actions"]


def test_intents_name_their_topic() -> None:
    assert intent_topic("check_shipment") == "shipment"
    assert intent_topic("ask_gift_exemption") == "gift"
    assert intent_topic("ask_postal_shipments") == "postal"
    assert intent_topic("inform") is None and intent_topic(None) is None and intent_topic("greet") is None


# ---- facts --------------------------------------------------------------------------------------


def test_the_facts_of_a_full_shipment_question() -> None:
    text = "I ordered phone cases worth $650 from Vietnam by DHL, will I owe duty?"
    facts = read_facts(
        message(
            text,
            "check_shipment",
            ent("amount", 650.0, text, "$650"),
            ent("currency", "USD", text, "$650"),
            ent("country", "VN", text, "Vietnam"),
            ent("transport_mode", "express", text, "DHL"),
            ent("goods", "phone cases", text, "phone cases"),
        )
    )
    assert {
        "value": 650.0,
        "country": "VN",
        "mode": "express",
        "carrier": "DHL",
        "goods": "phone cases",
        "gift": False,  # "I ordered": bought, not a gift
        "currency": "USD",
    }.items() <= facts.items()


def test_the_value_is_the_amount_said_to_be_its_worth() -> None:
    text = "I paid $25 shipping on a parcel worth $300"
    facts = read_facts(
        message(text, "check_shipment", ent("amount", 25.0, text, "$25"), ent("amount", 300.0, text, "$300"))
    )
    assert facts["value"] == 300.0 and "same_day" not in facts


def test_orders_on_the_same_day_are_kept_together() -> None:
    text = "two orders of $500 and $400 arriving the same day"
    facts = read_facts(
        message(text, "check_shipment", ent("amount", 500.0, text, "$500"), ent("amount", 400.0, text, "$400"))
    )
    assert facts["values"] == (500.0, 400.0) and facts["same_day"] is True


@pytest.mark.parametrize(
    ("text", "gift"),
    [
        ("my grandma is sending me a birthday present", True),
        ("a gift from my friend in Canada", True),
        ("it's not a gift, I bought it", False),
        ("I ordered it on AliExpress", False),
        ("a parcel from Germany", None),
        ("my aunt in Lima sent me a sweater", True),
        ("I ordered a $90 lamp from Italy and UPS sent me a bill for duty", False),
        ("DHL sent me an invoice for $40 on a $60 order", None),
        ("I bought it but my cousin shipped me it as a gift", True),
    ],
)
def test_gift_or_purchase_is_read_from_the_words(text: str, gift: bool | None) -> None:
    assert read_facts(message(text, "check_shipment")).get("gift") is gift


def test_a_year_is_a_period_and_now_clears_the_date() -> None:
    text = "what was the limit in 2015?"
    facts = read_facts(message(text, "ask_de_minimis", year(2015, text)))
    assert (facts["on"], facts["period_end"]) == ("2015-01-01", "2015-12-31")
    now = read_facts(message("and what is it today?", "ask_de_minimis"))
    assert now["today"] is True and now["on"] is None


def test_alcohol_in_the_words_is_flagged_even_without_a_goods_entity() -> None:
    facts = read_facts(message("a $60 bottle of wine from France", "check_shipment"))
    assert "alcohol" in facts["goods_flags"]


# ---- kinds of turn ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent", "wanted"),
    [
        ("tell me more", "ask_more_detail", "detail"),
        ("can you explain that in more detail", "nlu_fallback", "detail"),
        ("where does it say that?", "ask_sources", "sources"),
        ("what are your sources", "inform", "sources"),
        ("never mind", "deny", "cancel"),
        ("forget it", "inform", "cancel"),
    ],
)
def test_requests_about_the_last_answer(text: str, intent: str, wanted: str) -> None:
    reading = read(message(text, intent), "shipment", None)
    assert reading.request == wanted
    if wanted != "cancel":
        assert reading.topic == "shipment"  # about the last question


def test_a_long_message_that_mentions_stopping_is_not_a_cancel() -> None:
    text = "my supplier said they would stop sending by DHL, what happens to duty if they ship by mail"
    reading = read(message(text, "check_shipment", ent("transport_mode", "postal", text, "mail")), None, None)
    assert reading.request is None and reading.topic == "shipment"


def test_a_changed_fact_is_a_follow_up_of_the_last_question() -> None:
    text = "and if it came from China?"
    reading = read(message(text, "inform", ent("country", "CN", text, "China")), "shipment", None)
    assert reading.follow_up and reading.topic == "shipment" and reading.facts["country"] == "CN"


def test_a_bare_answer_to_the_assistants_question_continues_it() -> None:
    text = "from South Korea"
    reading = read(message(text, "inform", ent("country", "KR", text, "South Korea")), "shipment", "origin")
    assert reading.follow_up and reading.topic == "shipment"


def test_a_new_topic_without_a_follow_up_cue_is_a_new_question() -> None:
    reading = read(message("do I need an ISF for my container?", "ask_isf"), "shipment", None)
    assert not reading.follow_up and reading.topic == "isf"


def test_a_country_after_a_question_about_other_countries_switches_the_country() -> None:
    text = "what about Canada?"
    reading = read(message(text, "inform", ent("country", "CA", text, "Canada")), "other_countries", None)
    assert reading.follow_up and reading.topic == "other_countries"


def test_a_value_with_no_topic_is_taken_as_a_shipment_question() -> None:
    text = "what about a $300 parcel?"
    reading = read(message(text, "nlu_fallback", ent("amount", 300.0, text, "$300")), None, None)
    assert reading.topic == "shipment" and reading.facts["value"] == 300.0


def test_yes_no_questions_are_recognised() -> None:
    assert read(message("do I owe duty on this?", "check_shipment"), None, None).ask == "yes_no"
    assert read(message("how much is the processing fee?", "ask_fees"), None, None).ask != "yes_no"


def test_the_focus_of_a_shipment_or_fee_question() -> None:
    # A shipment question that asks only about the entry is answered as an entry question.
    assert read(message("what entry type do I need for my parcel", "check_shipment"), None, None).topic == "entry_types"
    assert read(message("do I owe duty, and which entry type do I need?", "check_shipment"), None, None).also == (
        "entry_types",
    )
    assert read(message("how much is the harbor fee", "ask_fees"), None, None).focus == "hmf"
    assert read(message("what is the MPF", "ask_fees"), None, None).focus == "mpf"


@pytest.mark.parametrize(
    ("text", "values", "count"),
    [
        ("my aunt sent me three gifts, $40 each", (40.0, 40.0, 40.0), None),
        ("seven parcels of $30 each arrived today", (30.0,) * 7, 7),
        ("we have 4 containers this month", (), 4),
    ],
)
def test_counted_things_read_their_number_words_from_the_vocabulary(
    text: str, values: tuple[float, ...], count: int | None
) -> None:
    amounts = [ent("amount", v, text, f"${v:.0f}") for v in sorted(set(values))]
    facts = read_facts(message(text, "check_shipment", *amounts))
    assert facts.get("values", ()) == values and facts.get("count") == count
