"""The renderer (bot/answers): every reason code has its wording, the first message is short, the
verdict comes first, every blank of a template is filled, and official sources come first."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from decimal import Decimal

import pytest

from bot.answers import render, render_question, render_sources, templates
from bot.answers.render import is_official, render_statement
from bot.conversation.dialogue import verdict_function
from bot.conversation.understand import oos_kind
from bot.thresholds import verdicts as v
from bot.thresholds.formatting import day
from tests.answers.samples import TODAY, TOPICS, sample_verdicts
from tests.conftest import ROOT

TABLE = templates("en")
ENGINE_FILES = [ROOT / "bot" / "thresholds" / "assess.py", ROOT / "bot" / "thresholds" / "verdicts.py"]
#: Placeholders that may be empty by design: a part of a sentence said only when it applies.
OPTIONAL = {"cn_part", "cn_part_short", "on_this", "bound_text", "carrier_part", "surcharge_part", "since_part"}


def reason_codes_in_engine() -> set[str]:
    """Every string constant of the engine that looks like a reason code ('dm.within', 'next.duty_owed')."""
    prefixes = {
        key.split(".")[0] for table in ("headline", "point", "caution", "assume", "ask") for key in TABLE[table]
    }
    codes = set()
    for path in ENGINE_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_f_strings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_f_strings:
                if re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", node.value) and node.value.split(".")[0] in prefixes:
                    codes.add(node.value)
    return codes


def said(table: str, code: str) -> bool:
    return code in TABLE[table] or f"{code}@yes_no" in TABLE[table]


def test_every_reason_code_the_engine_writes_has_wording() -> None:
    codes = reason_codes_in_engine()
    assert len(codes) > 60  # the scan finds the engine's codes
    asked = {code for code in codes if code.startswith("ask.")}
    assert "ask.arrival_date" in asked  # questions are rendered from the missing fact (next test)
    assert {code.replace("arrival_date", "date") for code in asked} <= set(TABLE["ask"])
    unsaid = sorted(
        code
        for code in codes - asked
        if not any(said(table, code) for table in ("headline", "point", "caution", "assume"))
    )
    assert unsaid == []


def test_every_fact_the_engine_can_ask_for_has_a_question() -> None:
    for missing in ("value", "origin", "mode", "date"):
        assert TABLE["ask"][f"ask.{missing}"]["text"].endswith("?")
    assert "{change}" in TABLE["ask"]["ask.date_before"] and "{change}" in TABLE["ask"]["ask.date_after"]


def test_codes_built_from_a_value_have_wording_for_every_value() -> None:
    for status in ("available", "suspended"):
        assert f"dm.state_{status}" in TABLE["point"]
    for status in ("available", "suspended", "repealed"):
        assert f"dm.period_{status}" in TABLE["point"]
    for status in ("available", "repealed"):
        assert f"dm.history_{status}" in TABLE["point"]
    kinds = {oos_kind(text) for text in ("hello", "refund", "brokerage fee", "duty rate on shoes", "VAT in Canada")}
    assert kinds == {"general", "refund", "carrier_charge", "duty_rate", "other_country"}
    for kind in kinds:
        assert f"oos.{kind}" in TABLE["headline"]
    for topic in TOPICS:
        verdict = verdict_function(topic)
        assert callable(verdict)
    summaries = {t for t in TOPICS if t not in ("shipment", "de_minimis", "de_minimis_changes", "gift", "fees", "isf")}
    summaries -= {"customs_bond", "entry_types", "postal", "restricted_goods", "other_countries", "out_of_scope"}
    assert summaries and all(f"{topic}.summary" in TABLE["headline"] for topic in summaries)


def test_every_finding_about_a_shipment_can_be_said_as_a_point() -> None:
    tree = ast.parse(ENGINE_FILES[0].read_text(encoding="utf-8"))
    findings = {
        node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "Statement"
        and len(node.args) > 1
        and isinstance(node.args[1], ast.Constant)
        and node.args[0].value != "caution"
    }
    assert len(findings) > 20
    assert sorted(code for code in findings if code not in TABLE["point"]) == []


# ---- a sample of answers ---------------------------------------------------------------------


def _template_pattern(template: str, required: str) -> tuple[str, list[str]]:
    pattern, names = "", []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        pattern += r"\s*".join(re.escape(part) for part in literal.split())
        if literal[-1:].isspace():
            pattern += r"\s*"
        if name is not None:
            pattern += "(.*?)" if name in OPTIONAL else required
            names.append(name)
    return pattern, names


def filled(template: str, text: str) -> list[str]:
    """The placeholders of `template` left blank in `text` ([] if all filled; ['<no match>'] if not this template)."""
    pattern, names = _template_pattern(template, r"(?!\s)(.+?)")
    if re.fullmatch(pattern, text.strip()):
        return []
    pattern, names = _template_pattern(template, "(.*?)")
    match = re.fullmatch(pattern, text.strip())
    if not match:
        return ["<no match>"]
    return [
        name for name, value in zip(names, match.groups(), strict=True) if not value.strip() and name not in OPTIONAL
    ]


def headline_templates(verdict: v.Verdict) -> list[str]:
    if verdict.code.startswith("refused."):
        return [TABLE["headline"]["refused"]]
    return [text for key, text in TABLE["headline"].items() if key.split("@")[0].startswith(verdict.code)]


@pytest.fixture(scope="module")
def answers(snapshot) -> list[tuple[v.Facts, v.Verdict, object]]:
    out = []
    for facts, verdict in sample_verdicts(snapshot, verdict_function):
        if verdict.missing:
            out.append((facts, verdict, render_question(verdict)))
        else:
            reply = render(
                verdict,
                ask=facts.ask,
                today=TODAY,
                data_as_of=snapshot.data_as_of,
                with_disclaimer=True,
                period_end=facts.period_end,
            )
            out.append((facts, verdict, reply))
    return out


def first_message(reply) -> str:
    """What the user reads before the sources line."""
    return reply.text.split("\nSource:")[0]


def words(text: str) -> int:
    return len([word for word in text.split() if re.search(r"\w", word)])


def test_the_sample_covers_every_topic_and_both_kinds_of_reply(answers) -> None:
    assert {verdict.topic for _f, verdict, _r in answers} >= set(TOPICS)
    kinds = {reply.kind for _f, _v, reply in answers}
    assert kinds == {"answer", "question"}
    assert len({verdict.code for _f, verdict, _r in answers}) >= 50


#: Answers with a known flaw, each pinned by an xfail test below: remove a code here when its test passes.
KNOWN_FLAWS = {"fees.rates", "marking.rule", "marking.extra"}


def test_every_answer_is_a_filled_template_with_no_leftover_braces_or_blanks(answers) -> None:
    problems = []
    for facts, verdict, reply in answers:
        if reply.kind != "answer" or verdict.code in KNOWN_FLAWS:
            continue
        head = reply.text.split("\n")[0]
        results = [filled(template, head) for template in headline_templates(verdict)]
        if not any(result == [] for result in results):
            problems.append((verdict.code, facts, head, results))
        for point in verdict.points:
            text = render_statement(point)
            if text and filled(TABLE["point"][point.code], text):
                problems.append((point.code, facts, text, filled(TABLE["point"][point.code], text)))
        for bad in ("{", "}", "None", "  ", " .", "$-", "%%"):
            if bad in reply.text or bad in reply.detail:
                problems.append((verdict.code, facts, bad, reply.text))
    assert problems == []


def test_every_answer_states_its_date_and_the_data_date_before_its_sources(answers, snapshot) -> None:
    as_of = f"Data as of {day(snapshot.data_as_of)}."
    for facts, verdict, reply in answers:
        if reply.kind != "answer":
            continue
        first = first_message(reply)
        assert f"Applies to {verdict.on.day} " in first and as_of in first, (facts, reply.text)
        assert reply.text.rstrip().endswith("This is general information, not legal advice."), reply.text
        if reply.sources:
            assert reply.text.split("\n")[first.count("\n") + 1].startswith("Source: ")


def test_a_first_message_has_at_most_60_words_before_its_sources_line(answers) -> None:
    long = [(words(first_message(r)), f, first_message(r)) for f, _v, r in answers if r.kind == "answer"]
    assert [item for item in long if item[0] > 60] == []


def test_a_headline_that_announces_a_list_is_followed_by_the_list(answers) -> None:
    empty = []
    for facts, verdict, reply in answers:
        lines = reply.text.split("\n")
        if reply.kind == "answer" and lines[0].endswith(":") and not lines[1].startswith("- "):
            empty.append((verdict.code, facts.on, lines[0]))
    assert empty == []


def test_the_verdict_comes_first_in_one_line_of_at_most_60_words(answers) -> None:
    for facts, verdict, reply in answers:
        if reply.kind == "answer":
            head = reply.text.split("\n")[0]
            assert not head.startswith(("- ", "Applies to", "Source")) and words(head) <= 60, (facts, reply.text)
            assert reply.detail.startswith(head), (verdict.code, reply.detail)


def test_sources_list_official_links_first(answers) -> None:
    mixed = 0
    for _facts, _verdict, reply in answers:
        flags = [source["official"] for source in reply.sources]
        assert flags == sorted(flags, reverse=True), reply.sources
        assert all(source["official"] == is_official(source["url"]) for source in reply.sources)
        assert len({source["citation"] for source in reply.sources}) == len(reply.sources)
        if reply.sources:
            assert reply.sources[0]["url"] in first_message(reply) or reply.sources[0]["url"] in reply.text
        mixed += len(set(flags)) > 1
    assert mixed >= 5  # the sample has answers with both kinds of source


def test_official_hosts_are_matched_on_the_host_not_the_text() -> None:
    assert is_official("https://www.ecfr.gov/current/title-19/section-101.1")
    assert not is_official("https://www.law.cornell.edu/cfr/text/19/10.151")  # a private copy, not official
    assert not is_official("https://ecfr.gov.example.com/x")
    assert not is_official("https://blog.aiag.org/ecfr.gov")
    assert not is_official("not a url")


def test_questions_have_a_short_question_and_no_sources(answers) -> None:
    questions = [(f, r) for f, _v, r in answers if r.kind == "question"]
    assert questions
    for facts, reply in questions:
        assert reply.text.endswith("?") and words(reply.text) <= 15 and not reply.sources, (facts, reply.text)


# ---- single answers a user would see -----------------------------------------------------------


def say(snapshot, topic: str, ask: str = "other", **facts):
    verdict = verdict_function(topic)(snapshot, v.Facts(topic=topic, ask=ask, today=TODAY, **facts), TODAY)
    return verdict, render(verdict, ask=ask, today=TODAY, data_as_of=snapshot.data_as_of)


def headline_of(reply) -> str:
    return reply.text.split("\n")[0]


def test_a_yes_no_question_is_answered_yes_or_no_first(snapshot) -> None:
    _v, reply = say(snapshot, "de_minimis", "yes_no")
    assert re.match(r"No\b", headline_of(reply))
    assert "($800) has been suspended for every country since 29 August 2025" in headline_of(reply)
    _v, reply = say(snapshot, "shipment", "yes_no", value=Decimal(650), origin="VN", mode="express")
    assert re.match(r"Yes\b", headline_of(reply)) and "owe duty" in headline_of(reply)
    assert "$650 from Vietnam" in headline_of(reply)
    _v, reply = say(snapshot, "shipment", "other", value=Decimal(650), origin="VN", mode="express")
    assert headline_of(reply).startswith("You will owe duty") and "$650 from Vietnam" in headline_of(reply)
    _v, reply = say(
        snapshot, "shipment", "yes_no", value=Decimal(50), origin="VN", mode="express", on=dt.date(2024, 6, 1)
    )
    assert re.match(r"No\b", headline_of(reply))
    assert "at $50 it is within the $800 de minimis limit on 1 June 2024" in headline_of(reply)


def test_money_percentages_and_fee_bounds_read_naturally(snapshot) -> None:
    _v, reply = say(snapshot, "fees", value=Decimal(5000))
    assert reply.text.startswith("The processing fee (MPF)")
    assert "$34.58: 0.3464% of $5,000 is $17.32, below the $34.58 minimum, so $34.58." in reply.text.split("\n")[0]
    _v, reply = say(snapshot, "fees", value=Decimal(500000), on=dt.date(2026, 3, 1))
    assert "0.3464% of $500,000 is $1,732, above the $651.50 maximum, so $651.50" in reply.text
    _v, reply = say(snapshot, "fees", focus="hmf", value=Decimal(10000), mode="ocean")
    assert reply.text.startswith("The harbor maintenance fee is $12.50: 0.125% of $10,000")


def test_secondary_sources_bring_one_caution(snapshot) -> None:
    _v, reply = say(snapshot, "fees", value=Decimal(5000))  # FY2027 figures are MEDIUM
    assert reply.text.count("secondary sources (medium confidence)") == 1
    assert "(medium confidence): https://www.federalregister.gov/" in render_sources(reply.sources)
    # On 1 October 2025 every rule used is HIGH (the executive order); today's rests on CBP's June 2026 rules (MEDIUM).
    _v, reply = say(snapshot, "de_minimis", on=dt.date(2025, 10, 1))
    assert "medium confidence" not in reply.text


def test_the_disclaimer_is_added_only_when_asked_for(snapshot) -> None:
    verdict = verdict_function("isf")(snapshot, v.Facts(topic="isf", mode="ocean", today=TODAY), TODAY)
    plain = render(verdict, today=TODAY, data_as_of=snapshot.data_as_of)
    assert "not legal advice" not in plain.text
    verdict = verdict_function("isf")(snapshot, v.Facts(topic="isf", mode="ocean", today=TODAY), TODAY)
    first = render(verdict, today=TODAY, data_as_of=snapshot.data_as_of, with_disclaimer=True)
    assert first.text.endswith("This is general information, not legal advice.")


def test_assumptions_are_said_with_a_button_to_correct_them(snapshot) -> None:
    verdict, reply = say(snapshot, "shipment", value=Decimal(80), origin="DE", mode="express")
    assert verdict.assumptions == ["assume.purchase"]
    assert "I've assumed you bought these goods; if a person sent them as a gift, tell me." in reply.text
    assert reply.buttons[0] == {"title": "It was a gift", "payload": "it was a gift"}
    assert [b["payload"] for b in reply.buttons[1:]] == ["/ask_more_detail", "/ask_sources"]


def test_the_detail_says_which_questions_were_not_asked_and_why(snapshot) -> None:
    verdict, reply = say(snapshot, "shipment", value=Decimal(120))
    assert verdict.skipped == ["origin", "mode"]
    assert "I didn't ask for the country and how it's shipped: it can't change this answer." in reply.detail
    assert "didn't ask" not in reply.text  # the first message stays short
    assert reply.detail.startswith(reply.text.split("\n")[0])  # the detail starts with the same verdict


def test_a_question_for_the_arrival_date_offers_both_sides_of_the_change(snapshot) -> None:
    facts = v.Facts(
        topic="shipment", on=dt.date(2025, 8, 1), period_end=dt.date(2025, 9, 30), value=Decimal(300), today=TODAY
    )
    verdict = verdict_function("shipment")(snapshot, facts, TODAY)
    question = render_question(verdict)
    assert question.kind == "question"
    assert question.text == "It depends on the day: the rules changed on 29 August 2025. Did it arrive before or after?"
    assert question.buttons == [
        {"title": "Before 29 August 2025", "payload": "it arrived on 2025-08-28"},
        {"title": "On or after 29 August 2025", "payload": "it arrived on 2025-08-29"},
    ]


def test_a_question_for_the_origin_offers_countries(snapshot) -> None:
    facts = v.Facts(topic="shipment", on=dt.date(2025, 6, 1), value=Decimal(120), today=TODAY)
    verdict = verdict_function("shipment")(snapshot, facts, TODAY)
    question = render_question(verdict)
    assert question.text == "Which country is it shipped from?"
    assert {"title": "China", "payload": "from China"} in question.buttons


def test_sources_on_request_list_every_citation_with_its_link(snapshot) -> None:
    _v, reply = say(snapshot, "de_minimis")
    text = render_sources(reply.sources)
    lines = text.split("\n")
    assert lines[0] == "Sources:" and len(lines) == len(reply.sources) + 1
    assert all(line.startswith("- ") and ": http" in line for line in lines[1:])
    assert render_sources([]) == "This answer has no rule sources to show."


# ---- answers whose figures come from several rules ----------------------------------------------


def test_talk_to_a_person_gives_the_info_center_phone_number(snapshot) -> None:
    _v, reply = say(snapshot, "request_human")
    assert reply.text.startswith("To talk to a person, call the CBP INFO Center at 877-227-5511, or hire")


def test_marking_says_how_much_extra_duty_unmarked_goods_owe(snapshot) -> None:
    _v, reply = say(snapshot, "marking")
    assert "unmarked goods owe an extra 10% duty." in reply.text.split("\n")[0]
    _v, reply = say(snapshot, "marking", value=Decimal(500))
    assert reply.text.startswith("An extra 10% duty: 10% of $500 is $50")


def test_the_traveller_exemption_states_both_amounts(snapshot) -> None:
    _v, reply = say(snapshot, "traveler_exemption")
    head = reply.text.split("\n")[0]
    assert "bring $800 of goods duty-free ($1,600 from the US Virgin Islands" in head


def test_the_ecommerce_team_answer_gives_its_mailbox(snapshot) -> None:
    _v, reply = say(snapshot, "ecommerce_team")
    assert re.search(r"e-mail it at \S+@\S+\.", reply.text.split("\n")[0])


def test_the_mail_answer_says_since_when_mail_owes_duty(snapshot) -> None:
    _v, reply = say(snapshot, "postal")
    assert re.match(
        r"Mail owes duty: de minimis stopped for mail on 29 August 2025, and since 24 July 2026 parcels by post",
        reply.text,
    )
    _v, reply = say(snapshot, "postal", "yes_no")
    assert re.match(
        r"Yes: de minimis stopped for mail on 29 August 2025, and since 24 July 2026 parcels by post", reply.text
    )


def test_fee_rates_for_a_past_date_have_no_blank_amounts(snapshot) -> None:
    for on in (dt.date(2015, 6, 1), dt.date(2025, 6, 1)):
        _v, reply = say(snapshot, "fees", on=on)
        head = reply.text.split("\n")[0]
        assert "( minimum" not in head and not head.endswith("flat ."), head
