"""The answer follows what the message asks: every question of a long post, the date asked and what changed
after it, the rule a question about another country is about, and amounts that name the law, not the goods."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.understand import read
from bot.nlu.extract import extract_entities
from tests.conversation.conftest import Conversation, day, ent, first_line, message, text_of, verdict_first, year


def test_each_question_of_a_post_gets_its_own_line(talk: Conversation) -> None:
    text = (
        "bought a vintage motorcycle parts lot from a guy in Australia for $2,700, he's shipping by sea because "
        "it's heavy. Is this a formal entry? Do I need a bond, ISF, HMF, all that??"
    )
    turn = talk.say(
        text,
        "check_shipment",
        ent("amount", 2700.0, text, "$2,700"),
        ent("country", "AU", text, "Australia"),
        ent("transport_mode", "ocean", text, "by sea"),
    )
    lines = turn.replies[0].text.split("\n")
    # The post asks about the entry, not about duty: the entry answer leads, with its yes/no the right way round.
    assert verdict_first(lines[0], "Yes", "formal entry", "$2,500")
    body = "\n".join(lines[1:])
    assert "bond" in body and "Importer Security Filing" in body and "harbor maintenance fee" in body
    assert set(turn.report["also"]) == {"customs_bond", "isf", "fees"}


def test_a_story_that_mentions_a_topic_without_asking_about_it_gets_no_extra_line() -> None:
    text = "Our forwarder keeps talking about a bond. We ship $400 of scarves from India by FedEx: do we owe duty?"
    reading = read(message(text, "check_shipment"), None, None)
    assert reading.topic == "shipment" and reading.also == ()


def test_the_800_rule_in_a_side_question_is_not_the_shipments_value(talk: Conversation) -> None:
    talk.say("I need a shipment check", "check_shipment")
    text = "actually when did the $800 rule stop?"
    turn = talk.say(text, "ask_de_minimis_changes", ent("amount", 800.0, text, "$800"))
    assert "29 August 2025" in first_line(turn) and "2 May 2025" in first_line(turn)
    assert turn.replies[-1].text == "What is the shipment worth, in US dollars?"  # the pending question, once


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("I'm returning shoes to a seller in Germany, will German customs charge the seller anything?", "DE"),
        ("if I return goods to a shop in australia, will they have to pay GST on them again?", "AU"),
    ],
)
def test_what_another_country_charges_on_a_return_is_out_of_scope_and_says_who_knows(
    talk: Conversation, text: str, country: str
) -> None:
    turn = talk.say(text, "check_shipment", ent("country", country, text))
    assert first_line(turn).startswith("I can't tell you what")
    assert "customs service" in first_line(turn) and "seller" in first_line(turn)


def test_a_traveller_returning_home_is_not_a_return_of_goods(talk: Conversation) -> None:
    text = "returning from the US virgin islands with $1,400 of purchases, do I owe duty?"
    turn = talk.say(text, "ask_traveler_exemption", ent("amount", 1400.0, text, "$1,400"), ent("country", "VI", text))
    assert "1,600" in text_of(turn) and "can't tell" not in first_line(turn)


def test_a_rule_that_has_ended_abroad_is_answered_with_no_and_what_replaced_it(talk: Conversation) -> None:
    turn = talk.say("does the EU still have a €150 duty-free limit?", "ask_other_countries", ent("country", "EU"))
    assert verdict_first(first_line(turn), "No", "ended this on 1 July 2026")
    assert "€3" in text_of(turn)


def test_when_a_foreign_rule_ended_is_its_end_date(talk: Conversation) -> None:
    turn = talk.say("when did the EU end its 150 euro customs relief", "ask_other_countries", ent("country", "EU"))
    assert first_line(turn).startswith("The EU ended this on 1 July 2026.")


def test_a_question_about_buyers_paying_a_tax_abroad_gets_yes_and_the_point_of_sale_rule(talk: Conversation) -> None:
    text = "do Australian buyers pay GST on an A$200 order from my US shop?"
    turn = talk.say(text, "ask_other_countries", ent("country", "AU", text, "Australia"))
    assert verdict_first(first_line(turn), "Yes", "10% GST")


def test_a_question_about_a_planned_change_abroad_leads_with_the_sentence_about_it(talk: Conversation) -> None:
    turn = talk.say("is the UK going to scrap the £135 thing?", "ask_other_countries", ent("country", "GB"))
    assert first_line(turn).startswith("The UK:") and "2029" in first_line(turn)


def test_a_question_naming_two_limits_of_a_country_gets_both(talk: Conversation) -> None:
    turn = talk.say(
        "china cross border ecommerce limit per order and per year?", "ask_other_countries", ent("country", "CN")
    )
    text = text_of(turn)
    assert "RMB 26,000" in text and "RMB 5,000" in text


def test_a_past_year_is_answered_for_that_year_and_says_what_changed_later(talk: Conversation) -> None:
    turn = talk.say("what was the informal entry limit in 2012?", "ask_entry_types", year(2012))
    lines = turn.replies[0].text.split("\n")
    assert "$2,000" in lines[0]
    assert any(line.startswith("- Later, from 7 January 2013:") and "$2,500" in line for line in lines)


def test_a_date_with_nothing_changed_since_gets_no_later_line(talk: Conversation) -> None:
    turn = talk.say("what was the informal entry limit in 2020?", "ask_entry_types", year(2020))
    assert "Later, from" not in turn.replies[0].text


def test_the_fiscal_year_asked_is_the_one_answered(talk: Conversation) -> None:
    text = "what was the minimum formal MPF last fiscal year?"
    (date_entity,) = [e for e in extract_entities(text, date(2026, 12, 1)) if e["entity"] == "date"]
    assert date_entity["additional_info"] == {"granularity": "range", "start": "2025-10-01", "end": "2026-09-30"}
    turn = talk.say(text, "ask_fees", date_entity)
    assert "$33.58" in first_line(turn)


def test_the_ended_mail_duties_are_said_to_have_been_replaced(talk: Conversation) -> None:
    text = "what were the $80/$160/$200 postal duties and are they still used?"
    turn = talk.say(text, "ask_postal", ent("amount", 80.0, text, "$80"))
    line = first_line(turn)
    assert verdict_first(line, "No", "$80", "$160", "$200", "replaced on 24 February 2026")


def test_mail_in_march_2026_names_the_section_122_rate(talk: Conversation) -> None:
    turn = talk.say("what duty did international mail pay in march 2026?", "ask_postal", day("2026-03-15"))
    assert "10% (the Section 122 surcharge rate)" in first_line(turn)


def test_goods_from_china_today_give_both_suspension_dates(talk: Conversation) -> None:
    text = "will I owe duty on $340 of packaging from China by DHL?"
    turn = talk.say(
        text,
        "check_shipment",
        ent("amount", 340.0, text, "$340"),
        ent("country", "CN", text, "China"),
        ent("transport_mode", "express", text, "DHL"),
    )
    assert verdict_first(first_line(turn), "Yes", "China since 2 May 2025", "every country since 29 August 2025")


def test_the_very_first_de_minimis_is_the_1938_rule(talk: Conversation) -> None:
    turn = talk.say("what was the very first de minimis amount?", "ask_de_minimis_changes")
    assert "1938" in first_line(turn) and "$1" in first_line(turn)


def test_a_second_gift_the_same_day_adds_to_the_first(talk: Conversation) -> None:
    text = "my aunt in Chile sent me a $60 gift, will I pay duty?"
    talk.say(text, "ask_gift_exemption", ent("amount", 60.0, text, "$60"), ent("country", "CL", text, "Chile"))
    text = "my uncle's $60 gift arrived the same day too"
    turn = talk.say(text, "ask_gift_exemption", ent("amount", 60.0, text, "$60"))
    assert verdict_first(first_line(turn), "Yes", "$120") or "$120" in first_line(turn)
    assert "over the $100 gift limit" in first_line(turn)


# ---- what the question is really about ------------------------------------------------------------


def test_the_mpf_on_my_next_entry_asks_the_value_then_computes_the_fee(talk: Conversation) -> None:
    turn = talk.say("what's the MPF going to be on my next entry?", "ask_fees")
    assert turn.replies[-1].text == "What is the shipment worth, in US dollars?"
    turn = talk.say("$900, informal", "inform", ent("amount", 900.0, "$900, informal", "$900"))
    assert "$2.77" in first_line(turn)


def test_the_general_mpf_question_is_answered_without_asking(talk: Conversation) -> None:
    turn = talk.say("what is the MPF?", "ask_fees")
    assert "0.3464%" in first_line(turn) and turn.replies[0].kind == "answer"


def test_when_a_held_shipment_is_released_is_out_of_scope_and_says_who_knows(talk: Conversation) -> None:
    text = "Amazon says my FBA inbound from Shenzhen got held by CBP for UFLPA. When will they release it?"
    turn = talk.say(text, "ask_forced_labor", ent("country", "CN", text, "Shenzhen"))
    assert first_line(turn).startswith("I can't tell when a held shipment will be released")
    turn = talk.say("ok, what does UFLPA even mean for me?", "ask_more_detail")
    assert "Xinjiang" in first_line(turn)  # a new topic, not "more detail" about the last answer


def test_was_it_always_leads_with_the_earlier_value(talk: Conversation) -> None:
    text = "Was the informal entry limit always $2,500? I'm sure it used to be $2,000."
    turn = talk.say(
        text, "ask_entry_types", ent("amount", 2500.0, text, "$2,500"), ent("amount", 2000.0, text, "$2,000")
    )
    assert first_line(turn).startswith("Not always: it was $2,000 until 6 January 2013, and $2,500 from 7 January 2013")


def test_is_de_minimis_back_gets_no_and_the_basis_of_the_suspension(talk: Conversation) -> None:
    turn = talk.say("is de minimis back now that the supreme court struck down the IEEPA tariffs?", "ask_de_minimis")
    assert verdict_first(first_line(turn), "No", "stayed suspended", "29 August 2025")
    assert "The suspension has continued:" in turn.replies[0].text


def test_what_a_parcel_by_post_paid_in_april_2026_is_the_section_122_rate_on_its_value(talk: Conversation) -> None:
    text = "what did a $150 postal package of goods from Germany pay at US customs in April 2026?"
    turn = talk.say(
        text,
        "check_shipment",
        ent("amount", 150.0, text, "$150"),
        ent("country", "DE", text, "Germany"),
        ent("transport_mode", "postal", text, "postal"),
        ent("date", "2026-04-01", text, "April 2026", granularity="month", start="2026-04-01", end="2026-04-30"),
    )
    assert first_line(turn) == "Mail duty then: 10% of the value (the Section 122 surcharge rate), so $15 on $150."


def test_never_mind_with_a_goodbye_asks_nothing_back(talk: Conversation) -> None:
    talk.say("my sister is sending me a gift from Toronto, will I have to pay duty on it?", "ask_gift_exemption")
    turn = talk.say("actually forget it, bye", "goodbye")
    assert turn.replies[0].kind == "cancelled" and "?" not in turn.replies[0].text


def test_a_story_date_is_not_the_date_asked_about_when_the_question_is_about_now() -> None:
    text = "Back in 2024 our orders were duty free. Is it still duty free now for a $45 order from Hong Kong?"
    reading = read(message(text, "check_shipment", year(2024, text), ent("amount", 45.0, text, "$45")), None, None)
    assert reading.facts.get("on") is None  # answered for today


def test_of_two_dates_the_narrower_is_the_one_meant() -> None:
    text = "what about last year, same order in March 2025?"
    last_year = ent("date", "2025-01-01", text, "last year", granularity="year", start="2025-01-01", end="2025-12-31")
    march = ent("date", "2025-03-01", text, "March 2025", granularity="month", start="2025-03-01", end="2025-03-31")
    reading = read(message(text, "inform", last_year, march), "shipment", None)
    assert reading.facts["on"] == "2025-03-01" and reading.facts["period_end"] == "2025-03-31"


def test_a_paid_zero_duty_is_no_shipment_value() -> None:
    text = "we paid zero duty on our $45 orders"
    reading = read(
        message(text, "check_shipment", ent("amount", 0.0, text, "zero"), ent("amount", 45.0, text, "$45")), None, None
    )
    assert reading.facts["value"] == 45.0


def test_a_day_trip_to_mexico_keeps_the_800_exemption(talk: Conversation) -> None:
    text = "going to tijuana for the day, how much can i buy and bring back duty free?"
    turn = talk.say(text, "ask_traveler_exemption", ent("country", "MX", text, "tijuana"))
    assert "$800" in first_line(turn) and "Coming back from Mexico, the 48-hour minimum doesn't apply" in text_of(turn)


def test_the_part_over_a_travellers_exemption_is_computed(talk: Conversation) -> None:
    text = "Returning from a week in London with $1,100 of purchases for myself. How much is over my exemption?"
    turn = talk.say(text, "ask_traveler_exemption", ent("amount", 1100.0, text, "$1,100"), ent("country", "GB", text))
    assert "$300" in first_line(turn) and "($1,100 - $800)" in first_line(turn)


def test_the_us_virgin_islands_are_named_as_people_say_it(talk: Conversation) -> None:
    talk.say("what's the gift limit for packages sent to the US?", "ask_gift_exemption")
    turn = talk.say("from the US Virgin Islands?", "inform", ent("country", "VI"))
    assert "the US Virgin Islands" in first_line(turn) and "$200" in first_line(turn)


def test_a_value_in_a_foreign_currency_is_compared_with_that_countrys_limit(talk: Conversation) -> None:
    text = "does Japan charge duty on a 8000 yen parcel?"
    turn = talk.say(text, "ask_other_countries", *extract_entities(text))
    assert verdict_first(first_line(turn), "No", "¥8,000", "¥10,000")
    text = "and if it's 12000 yen?"
    turn = talk.say(text, "ask_other_countries", *extract_entities(text))
    assert "¥12,000 is over Japan's ¥10,000 limit" in first_line(turn)


def test_a_value_within_one_foreign_limit_but_over_another_leads_with_the_one_it_exceeds(talk: Conversation) -> None:
    text = "my customer in Canada ordered C$45 by courier, will they pay anything?"
    turn = talk.say(text, "ask_other_countries", *extract_entities(text))
    line = first_line(turn)
    assert line.startswith("Yes") and "45" in line and "40" in line and "150" not in line


def test_a_gift_abroad_is_compared_with_the_gift_limit_only_when_it_is_a_gift(talk: Conversation) -> None:
    text = "sending a £30 gift to my nan in the UK, will she pay VAT?"
    turn = talk.say(text, "ask_other_countries", *extract_entities(text))
    assert verdict_first(first_line(turn), "No", "£30", "£39")
    other = Conversation(talk.snapshot)
    text = "£100 order to a UK customer, do they pay duty?"
    turn = other.say(text, "ask_other_countries", *extract_entities(text))
    assert verdict_first(first_line(turn), "No", "£100", "£135")


def say(talk: Conversation, text: str, intent: str | None) -> str:
    """The turn's whole text, with the entities the extractor finds in `text`."""
    return text_of(talk.say(text, intent, *extract_entities(text, today=date(2026, 12, 1))))


def test_a_us_seller_asking_about_a_foreign_threshold_gets_that_countrys_rule(talk: Conversation) -> None:
    text = say(talk, "I sell candles from Texas. What's Australia's low value threshold for my customers there?", None)
    assert text.startswith("Australia:") and "A$1,000" in text


def test_goods_sent_to_a_buyer_in_the_us_are_a_us_import(talk: Conversation) -> None:
    text = "I'm a soap maker in Halifax. If I ship a $45 order to a customer in Ohio by Canada Post, is it duty free?"
    reply = say(talk, text, "ask_other_countries")
    assert "29 August 2025" in reply and not reply.startswith("Canada")


def test_a_purchase_to_be_marked_as_a_gift_is_answered_no_with_the_penalty(talk: Conversation) -> None:
    text = (
        "my supplier in shenzhen will mark every box as a gift with a $20 value so i don't pay duty on my phone "
        "cases, about $600 of stock per box that i resell on amazon"
    )
    reply = say(talk, text, "check_shipment")
    assert reply.startswith("No: goods you bought") and "false declaration" in reply and "$5,000" in reply


def test_gifts_on_different_days_are_judged_one_by_one(talk: Conversation) -> None:
    first = say(talk, "my aunt sent me a $60 gift and my uncle another $60 gift, both arrive the same day", None)
    assert "$120" in first and "over the $100 gift limit" in first
    assert "within the $100 gift limit" in say(talk, "what if they arrive on different days?", "inform")


def test_a_traveller_who_used_the_exemption_in_the_last_30_days_gets_the_200_limit(talk: Conversation) -> None:
    say(talk, "flying home from 2 weeks in Paris with about $650 of clothes for myself, do I owe duty?", None)
    reply = say(talk, "oh wait, I was also in Mexico 3 weeks ago and used my exemption then", "inform")
    assert "$450" in reply and "$200" in reply and "30 days" in reply


def test_anything_else_on_top_by_sea_after_the_mpf_is_the_harbor_fee(talk: Conversation) -> None:
    say(talk, "What's the merchandise processing fee on a $8,000 formal entry?", "ask_fees")
    reply = say(talk, "it's coming by ocean into Long Beach, anything else on top?", "check_shipment")
    assert reply.startswith("The harbor maintenance fee is $10")


def test_a_carriers_own_clearance_charge_in_a_story_gets_its_own_line(talk: Conversation) -> None:
    text = 'why did DHL bill me $40 on a $60 order from the UK? the invoice says "duty $6, clearance $34"'
    reply = say(talk, text, "check_shipment")
    assert "DHL's own charges" in reply and "29 August 2025" in reply


def test_when_de_minimis_comes_back_is_never_before_its_repeal(talk: Conversation) -> None:
    say(talk, "is there any de minimis at all right now for parcels coming into the US?", "ask_de_minimis")
    reply = say(talk, "when is it coming back?", "ask_traveler_exemption")
    assert reply.startswith("It is not due back") and "1 July 2027" in reply


def test_what_changed_in_a_year_lists_each_change_with_its_date(talk: Conversation) -> None:
    reply = say(talk, "what changed for de minimis in 2025?", "ask_de_minimis_changes")
    assert reply.startswith("De minimis changed 4 times from 1 January 2025 to 31 December 2025")
    assert all(day_ in reply for day_ in ("4 February 2025", "2 May 2025", "29 August 2025"))
    other = Conversation(talk.snapshot)
    assert say(other, "did anything change for de minimis in 2019?", "ask_de_minimis_changes").startswith(
        "Nothing changed"
    )


def test_tracking_a_parcel_is_out_of_scope_and_names_the_carrier(talk: Conversation) -> None:
    reply = say(talk, "can you track my DHL shipment? the tracking number is 4829103375", "out_of_scope")
    assert reply.startswith("I can't track parcels: use DHL's tracking page")


def test_getting_duty_back_after_a_return_abroad_is_a_us_refund_question(talk: Conversation) -> None:
    reply = say(talk, "I returned a sweater to the seller in the UK, how do I get my duty back?", "out_of_scope")
    assert reply.startswith("I can't help with refunds") and "broker" in reply


def test_whether_a_parcel_has_cleared_is_tracking_but_a_held_parcel_owing_duty_is_not(talk: Conversation) -> None:
    reply = say(talk, "can you tell me if my package from China has cleared customs yet?", "check_shipment")
    assert reply.startswith("I can't track parcels")
    other = Conversation(talk.snapshot)
    held = say(other, "my package from China has been held by customs for a week, do I owe duty?", "check_shipment")
    assert held.startswith("Yes, you will owe duty")


def test_a_post_about_a_shipment_due_next_month_gets_the_future_verdict_and_each_question_a_line(
    talk: Conversation,
) -> None:
    text = (
        "First time importing. I bought $1,200 of glass jars from a factory in Ningbo, shipping by ocean, should "
        "arrive in January. What do I owe, and do I need a broker or a bond?"
    )
    answer = say(talk, text, "check_shipment")
    lines = answer.split("\n")
    assert lines[0].startswith("You will owe duty"), lines[0]
    assert "January 2027" in answer and "January 2026" not in answer
    body = "\n".join(lines[1:])
    assert "broker" in body and "bond" in body
