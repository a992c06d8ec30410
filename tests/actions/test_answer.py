"""The one answering action, through real rasa_sdk Trackers: every topic answered with its figure, its
date, a cited link and the data's date; the question frame kept in its slot from turn to turn; the
the disclaimer on every answer; the clarification and the hand-off to a person."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import FRAME_SLOT, ActionAnswer
from actions.fallback import ActionFallback
from bot.contact import APOLOGY
from bot.settings import Clock
from bot.thresholds.formatting import day
from tests.actions.conftest import CLOCK, DOMAIN, data_as_of, dated, entity, make_tracker, slots_set, texts
from tests.conftest import ROOT

TOPIC_INTENTS = list(yaml.safe_load((ROOT / "data" / "topics.yml").read_text(encoding="utf-8"))["intents"])


async def answer(
    dispatcher: CollectingDispatcher,
    text: str,
    intent: str,
    *entities: dict,
    slots: dict | None = None,
    clock: Clock = CLOCK,
    **tracker: Any,
) -> list[dict]:
    return await ActionAnswer(clock=clock).run(
        dispatcher, make_tracker(text, intent, list(entities), slots=slots, **tracker), DOMAIN
    )


def first_text(dispatcher: CollectingDispatcher) -> str:
    return next(message["text"] for message in dispatcher.messages if message.get("text"))


async def test_de_minimis_today_says_suspended_with_date_source_and_as_of(dispatcher) -> None:
    events = await answer(dispatcher, "what's the de minimis", "ask_de_minimis")
    reply = texts(dispatcher)
    assert first_text(dispatcher).startswith("No duty-free limit applies now: de minimis ($800) has been suspended")
    assert dated() in reply
    assert "Source: " in reply and "https://" in reply
    assert "This is general information, not legal advice." in reply
    assert slots_set(events)[FRAME_SLOT]["topic"] == "de_minimis"


async def test_the_answer_is_for_the_day_of_the_clock_it_is_given(dispatcher) -> None:
    before = dt.date(2024, 1, 15)
    await answer(dispatcher, "what's the de minimis", "ask_de_minimis", clock=lambda: before)
    assert "$800" in first_text(dispatcher) and "suspended" not in first_text(dispatcher)
    assert dated(before) in texts(dispatcher)


async def test_every_answer_says_it_is_not_legal_advice(dispatcher) -> None:
    events = await answer(dispatcher, "what's the de minimis", "ask_de_minimis")
    second = CollectingDispatcher()
    await answer(second, "and the gift limit?", "ask_gift_exemption", slots={FRAME_SLOT: slots_set(events)[FRAME_SLOT]})
    assert texts(dispatcher).count("not legal advice") == 1 and texts(second).count("not legal advice") == 1


async def test_each_answer_comes_with_buttons_and_its_detail_and_sources_for_the_page(dispatcher) -> None:
    await answer(dispatcher, "de minimis?", "ask_de_minimis")
    text_message, payload = dispatcher.messages
    assert [b["payload"] for b in text_message["buttons"]] == ["/ask_more_detail", "/ask_sources"]
    cbp = payload["custom"]["cbp"]
    assert cbp["kind"] == "answer" and cbp["on"] == "2026-11-26" and cbp["code"] == "dm.suspended"
    assert cbp["detail"].startswith(text_message["text"].split("\n")[0])
    assert cbp["sources"] and all(source["url"].startswith("http") for source in cbp["sources"])
    assert cbp["frame"] == {"topic": "de_minimis"}


@pytest.mark.parametrize(
    ("date", "country", "expected", "absent"),
    [
        ("2015-06-01", None, "$200", "$800"),
        ("2020-01-15", "CN", "$800", "suspended"),
        ("2025-06-01", "CN", "suspended for goods from China", "$800"),
        ("2025-06-01", "VN", "$800", "suspended"),
        ("2027-08-01", None, "repealed", "$800"),
    ],
)
async def test_historical_and_origin_questions_answer_for_that_date(
    dispatcher, date, country, expected, absent
) -> None:
    entities = [entity("date", date, granularity="day")] + ([entity("country", country)] if country else [])
    await answer(dispatcher, "de minimis then?", "ask_de_minimis", *entities)
    head = first_text(dispatcher).split("\n")[0]
    assert expected in head and absent not in head
    assert f"Applies to {int(date[8:])} " in texts(dispatcher)


async def test_a_year_question_answers_for_the_whole_year_and_its_change(dispatcher) -> None:
    text = "de minimis in 2016?"
    year = entity("date", "2016-01-01", text, "2016", granularity="year", start="2016-01-01", end="2016-12-31")
    await answer(dispatcher, text, "ask_de_minimis", year)
    reply = texts(dispatcher)
    assert first_text(dispatcher).startswith("It changed during that time, so the answer depends on the date:")
    assert "- From 1 January 2016: shipments up to $200 were duty-free." in reply
    assert "- From 10 March 2016: shipments up to $800 were duty-free." in reply


async def test_de_minimis_before_1938_is_refused_politely(dispatcher) -> None:
    await answer(dispatcher, "de minimis in 1900", "ask_de_minimis", entity("date", "1900-01-01", granularity="year"))
    assert texts(dispatcher) == "Section 321 dates from 1938: I can only answer for dates from then on."


async def test_changes_list_the_dates_and_the_repeal(dispatcher) -> None:
    await answer(dispatcher, "still 800?", "ask_de_minimis_changes")
    reply = texts(dispatcher)
    assert first_text(dispatcher).startswith("No, it's no longer $800 duty-free")
    for words in (
        "29 August 2025",
        "China and Hong Kong since 2 May 2025",
        "The law itself is repealed from 1 July 2027",
    ):
        assert words in reply


TOPIC_EXPECTATIONS = {
    "ask_gift_exemption": ["$100", "$200"],
    "ask_entry_types": ["$2,500", "type 11", "type 01"],
    "ask_fees": ["0.3464%", "$34.58", "$670.86", "$2.77"],
    "ask_isf": ["24 hours"],
    "ask_customs_bond": ["$2,500"],
    "ask_forced_labor": ["Xinjiang"],
    "ask_postal_shipments": ["Mail owes duty"],
    "ask_hts_classification": ["hts.usitc.gov"],
    "ask_importer_of_record": ["importer of record", "Form 5106"],
    "ask_restricted_goods": ["FDA prior notice"],
}


@pytest.mark.parametrize("intent", sorted(TOPIC_EXPECTATIONS))
async def test_topic_answers_state_figures_from_the_rules(dispatcher, intent) -> None:
    await answer(dispatcher, "?", intent)
    reply = texts(dispatcher)
    for words in TOPIC_EXPECTATIONS[intent]:
        assert words in reply, (intent, words, reply)


async def test_other_countries_all_of_them_in_the_detail(dispatcher) -> None:
    await answer(dispatcher, "limits in other countries?", "ask_other_countries")
    text_message, payload = dispatcher.messages
    assert text_message["text"].startswith("Low-value limits elsewhere, on 26 November 2026:")
    detail = payload["custom"]["cbp"]["detail"]
    for name in ("The EU", "The UK", "Canada", "Australia", "Japan", "China"):
        assert f"- {name}: " in detail, name


async def test_one_other_country_and_one_not_covered(dispatcher) -> None:
    text = "what is the limit in the UK?"
    await answer(dispatcher, text, "ask_other_countries", entity("country", "GB", text, "UK"))
    assert first_text(dispatcher).startswith("The UK: Goods worth £135 or less")
    brazil = CollectingDispatcher()
    text = "and in brazil?"
    await answer(brazil, text, "ask_other_countries", entity("country", "BR", text, "brazil"))
    assert first_text(brazil).startswith("I don't have Brazil's rules: I cover the EU, UK, Canada, Australia, Japan")


@pytest.mark.parametrize("intent", TOPIC_INTENTS)
async def test_every_topic_intent_gets_an_answer_or_one_question_never_the_apology(dispatcher, intent) -> None:
    await answer(dispatcher, "?", intent)
    said = [message["text"] for message in dispatcher.messages if message.get("text")]
    assert len(said) == 1 and APOLOGY not in said
    if intent == "check_shipment":
        assert said == ["What is the shipment worth, in US dollars?"]
    else:
        assert "Applies to " in said[0] and f"Data as of {day(data_as_of())}." in said[0]
        assert "{" not in said[0] and "}" not in said[0]


async def test_a_shipment_conversation_keeps_its_frame_in_the_slot(dispatcher) -> None:
    """Each turn's tracker carries the slot the previous turn set, as Rasa does."""
    text = "did I owe duty on a parcel that arrived on 1 June 2025?"
    events = await answer(dispatcher, text, "check_shipment", entity("date", "2025-06-01", granularity="day"))
    assert texts(dispatcher) == "What is the shipment worth, in US dollars?"
    frame = slots_set(events)[FRAME_SLOT]
    assert frame["pending"] == "value" and frame["on"] == "2025-06-01"

    second = CollectingDispatcher()
    events = await answer(second, "$120", "inform", entity("amount", 120.0, "$120", "$120"), slots={FRAME_SLOT: frame})
    assert texts(second) == "Which country is it shipped from?"
    assert [b["title"] for b in second.messages[0]["buttons"]][:2] == ["China", "Canada"]
    frame = slots_set(events)[FRAME_SLOT]

    third = CollectingDispatcher()
    events = await answer(
        third, "from Canada", "inform", entity("country", "CA", "from Canada", "Canada"), slots={FRAME_SLOT: frame}
    )
    head = first_text(third).split("\n")[0]
    assert re.match(r"No\b", head) and "at $120 it is within the $800 de minimis limit on 1 June 2025" in head
    assert "not legal advice" in texts(third)
    assert slots_set(events)[FRAME_SLOT]["origin"] == "CA"


async def test_a_question_back_carries_no_disclaimer(dispatcher) -> None:
    await answer(dispatcher, "is duty due on my order", "check_shipment", entity("date", "2025-06-01"))
    assert texts(dispatcher).endswith("?") and "legal advice" not in texts(dispatcher)


async def test_a_garbled_frame_slot_starts_a_fresh_question(dispatcher) -> None:
    await answer(dispatcher, "de minimis?", "ask_de_minimis", slots={FRAME_SLOT: "not a frame"})
    assert first_text(dispatcher).startswith("No duty-free limit applies now")


async def test_data_unavailable_gets_a_clear_apology(dispatcher, memory_rules) -> None:
    from sqlalchemy import text

    with memory_rules.engine.begin() as connection:
        connection.execute(text("DELETE FROM dataset"))
    events = await answer(dispatcher, "de minimis?", "ask_de_minimis")
    assert "can't read the rules database right now" in texts(dispatcher)
    # Only the question's topic is kept, so that a follow-up still follows once the data is back.
    assert [(e["name"], e["value"]) for e in events] == [("question_frame", {"topic": "de_minimis"})]


async def test_an_unclear_message_gets_likely_topics_then_a_person(dispatcher) -> None:
    ranking = [{"name": "ask_fees", "confidence": 0.3}, {"name": "ask_isf", "confidence": 0.2}]
    await answer(dispatcher, "blorp", "nlu_fallback", confidence=0.3, ranking=ranking)
    (message,) = dispatcher.messages
    assert message["text"].startswith("Sorry, I'm not sure what you mean.")
    assert message["buttons"][0]["payload"] == "/ask_fees"  # the likeliest topic first
    assert message["buttons"][-1]["payload"] == "/request_human"
    previous = [
        {"event": "user", "text": "blorp"},
        {"event": "bot", "text": message["text"]},
        {"event": "action", "name": "action_answer"},
    ]
    second = CollectingDispatcher()
    await ActionFallback(clock=CLOCK).run(second, make_tracker("zzz", "nlu_fallback", events=previous), DOMAIN)
    assert texts(second).startswith(
        "I'm sorry I couldn't help with that. To talk to a person, call the CBP INFO Center"
    )
    assert "broker" in texts(second)


async def test_the_hand_off_to_a_person_gives_the_phone_number(dispatcher) -> None:
    await answer(dispatcher, "a person please", "request_human")
    assert "877-227-5511" in texts(dispatcher)
