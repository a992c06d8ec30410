"""Answers to single questions: the figure, the date, the citation with a link, the as-of date."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.fallback import ActionFallback
from actions.topic_answers import (
    ActionAnswerDeMinimis,
    ActionAnswerDeMinimisChanges,
    ActionAnswerHtsClassification,
    ActionAnswerOtherCountries,
    ActionRequestHuman,
    TopicAction,
)
from tests.actions.conftest import DOMAIN, entity, make_tracker, texts


async def test_de_minimis_today_says_suspended_with_date_source_and_as_of(dispatcher):  # noqa: ANN001
    events = await ActionAnswerDeMinimis().run(
        dispatcher, make_tracker("what's the de minimis", "ask_de_minimis"), DOMAIN
    )
    reply = texts(dispatcher)
    assert "26 November 2026" in reply and "suspended" in reply
    assert "https://" in reply and "Data as of 26 November 2026" in reply
    assert "not legal advice" in reply
    assert SlotSet("disclaimer_shown", True) in events


async def test_disclaimer_only_once_per_conversation(dispatcher):  # noqa: ANN001
    tracker = make_tracker("de minimis?", "ask_de_minimis", slots={"disclaimer_shown": True})
    events = await ActionAnswerDeMinimis().run(dispatcher, tracker, DOMAIN)
    assert "not legal advice" not in texts(dispatcher) and events == []


@pytest.mark.parametrize(
    ("date", "country", "expected", "absent"),
    [
        ("2015-06-01", None, "$200", "$800"),
        ("2020-01-15", "CN", "$800", "suspended"),
        ("2025-06-01", "CN", "suspended", "$800"),
        ("2025-06-01", "VN", "$800", "suspended"),
        ("2027-08-01", None, "repealed", "$800"),
    ],
)
async def test_historical_and_origin_questions_answer_for_that_date(dispatcher, date, country, expected, absent):  # noqa: ANN001
    entities = [entity("date", date)] + ([entity("country", country)] if country else [])
    await ActionAnswerDeMinimis().run(dispatcher, make_tracker("de minimis then?", "ask_de_minimis", entities), DOMAIN)
    reply = texts(dispatcher).split("Sources:")[0].split("Bona fide")[0].split("Next:")[0]
    assert expected in reply and absent not in reply


async def test_a_year_question_lists_the_changes_within_that_year(dispatcher):  # noqa: ANN001
    date = {**entity("date", "2016-01-01"), "additional_info": {"granularity": "year"}}
    await ActionAnswerDeMinimis().run(dispatcher, make_tracker("de minimis in 2016?", "ask_de_minimis", [date]), DOMAIN)
    reply = texts(dispatcher)
    assert "$200" in reply and "It changed on 10 March 2016" in reply and "$800" in reply


async def test_de_minimis_before_1938_is_refused_politely(dispatcher):  # noqa: ANN001
    tracker = make_tracker("de minimis in 1900", "ask_de_minimis", [entity("date", "1900-01-01")])
    await ActionAnswerDeMinimis().run(dispatcher, tracker, DOMAIN)
    assert "1938" in texts(dispatcher)


async def test_changes_list_the_dates_and_the_repeal(dispatcher):  # noqa: ANN001
    await ActionAnswerDeMinimisChanges().run(dispatcher, make_tracker("still 800?", "ask_de_minimis_changes"), DOMAIN)
    reply = texts(dispatcher)
    for words in ("No, it is no longer $800", "2 May 2025", "29 August 2025", "next: 1 July 2027"):
        assert words in reply


TOPIC_EXPECTATIONS = {
    "gift_exemption": ["$100", "$200"],
    "traveler_exemption": ["$800", "$1,600", "$200"],
    "entry_types": ["$2,500"],
    "fees": ["0.3464", "651.50", "newer figures are not in our data yet"],
    "isf": ["24"],
    "marking": ["10"],
    "customs_bond": ["$50,000"],
    "forced_labor": ["Xinjiang"],
    "postal_shipments": ["$2,500"],
}


@pytest.mark.parametrize("topic", sorted(TOPIC_EXPECTATIONS))
async def test_topic_answers_state_figures_from_the_rules(dispatcher, topic):  # noqa: ANN001
    action_class = next(cls for cls in TopicAction.__subclasses__() if cls.topic == topic)
    await action_class().run(dispatcher, make_tracker("?", f"ask_{topic}"), DOMAIN)
    reply = texts(dispatcher)
    for words in TOPIC_EXPECTATIONS[topic]:
        assert words in reply, (topic, words, reply)
    assert "Sources:" in reply and "Data as of" in reply


async def test_every_topic_action_answers_with_a_source(dispatcher):  # noqa: ANN001
    actions = TopicAction.__subclasses__()
    assert len(actions) >= 16
    for action_class in actions:
        collected = type(dispatcher)()
        await action_class().run(collected, make_tracker("?", "help"), DOMAIN)
        assert "http" in texts(collected), action_class


async def test_other_countries_one_and_all(dispatcher):  # noqa: ANN001
    await ActionAnswerOtherCountries().run(
        dispatcher, make_tracker("uk?", "ask_other_countries", [entity("country", "GB")]), DOMAIN
    )
    assert "£135" in texts(dispatcher) or "135" in texts(dispatcher)
    everything = type(dispatcher)()
    await ActionAnswerOtherCountries().run(everything, make_tracker("others?", "ask_other_countries"), DOMAIN)
    for name in ("EU", "Canada", "Australia", "Japan"):
        assert name in texts(everything)
    brazil = type(dispatcher)()
    await ActionAnswerOtherCountries().run(
        brazil, make_tracker("brazil?", "ask_other_countries", [entity("country", "BR")]), DOMAIN
    )
    assert "Brazil" in texts(brazil) and "only have" in texts(brazil)


async def test_hts_answer_links_the_code(dispatcher):  # noqa: ANN001
    tracker = make_tracker("hts 6109.10.0012", "ask_hts_classification", [entity("hts_code", "6109.10.0012")])
    await ActionAnswerHtsClassification().run(dispatcher, tracker, DOMAIN)
    assert "6109.10.0012" in texts(dispatcher) and "hts.usitc.gov" in texts(dispatcher)


async def test_request_human_gives_phone_and_web(dispatcher):  # noqa: ANN001
    await ActionRequestHuman().run(dispatcher, make_tracker("a person please", "request_human"), DOMAIN)
    reply = texts(dispatcher)
    assert "877-227-5511" in reply and "help.cbp.gov" in reply and "broker" in reply


async def test_data_unavailable_gets_a_clear_apology(dispatcher, memory_rules):  # noqa: ANN001
    from sqlalchemy import text

    with memory_rules.engine.begin() as connection:
        connection.execute(text("DELETE FROM dataset"))
    await ActionAnswerDeMinimis().run(dispatcher, make_tracker("de minimis?", "ask_de_minimis"), DOMAIN)
    assert "can't read the rules database right now" in texts(dispatcher)


async def test_first_fallback_suggests_topics_second_hands_off(dispatcher):  # noqa: ANN001
    ranking = [{"name": "ask_fees", "confidence": 0.3}, {"name": "ask_isf", "confidence": 0.2}]
    first = make_tracker("blorp", "nlu_fallback", ranking=ranking)
    await ActionFallback().run(dispatcher, first, DOMAIN)
    (message,) = dispatcher.messages
    assert message["buttons"][0]["payload"] == "/ask_fees"
    assert message["buttons"][-1]["payload"] == "/request_human"
    previous = [
        {"event": "user", "text": "blorp"},
        {"event": "bot", "text": message["text"]},
        {"event": "action", "name": "action_fallback"},
    ]
    second = type(dispatcher)()
    await ActionFallback().run(second, make_tracker("zzz", "nlu_fallback", events=previous), DOMAIN)
    assert "877-227-5511" in texts(second)
