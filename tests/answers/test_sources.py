"""An answer's "Sources": official texts first, one link per cited text, every listed source can be
opened, and a blog or broker page only as "reported by" beside the official text (or alone for a
rule below HIGH confidence)."""

from __future__ import annotations

import re

import pytest

from bot.answers import render, render_sources
from bot.conversation.dialogue import verdict_function
from bot.thresholds.citations import is_official
from tests.answers.samples import TODAY, sample_verdicts

LINK = re.compile(r"https?://\S+")


@pytest.fixture(scope="module")
def replies(snapshot) -> list:
    out = []
    for facts, verdict in sample_verdicts(snapshot, verdict_function):
        if not verdict.missing:
            reply = render(
                verdict, ask=facts.ask, today=TODAY, data_as_of=snapshot.data_as_of, period_end=facts.period_end
            )
            out.append((verdict, reply))
    return out


def reply_using(replies: list, rule_id: str):
    for verdict, reply in replies:
        if rule_id in verdict.rule_ids:
            return reply
    raise AssertionError(f"no sample answer uses {rule_id}")


def test_a_gift_answer_links_both_cited_regulations_on_ecfr_before_the_secondary_copy(replies) -> None:
    reply = reply_using(replies, "us-gift-exemption-100")
    by_text = {source["citation"]: source for source in reply.sources}
    assert by_text["19 CFR 10.152"]["url"] == "https://www.ecfr.gov/current/title-19/section-10.152"
    assert by_text["19 CFR 145.32"]["url"] == "https://www.ecfr.gov/current/title-19/section-145.32"
    assert reply.sources[0]["official"]
    text = render_sources(reply.sources)
    # the broker's copy the rule was checked against stays, beside the official text it reports
    assert (
        "- 19 CFR 10.152: https://www.ecfr.gov/current/title-19/section-10.152 "
        "(reported by customsmobile.com: https://www.customsmobile.com/regulations/19/10.152)"
    ) in text.split("\n")
    assert "- https://www.customsmobile.com" not in text


def test_sources_list_official_texts_first_and_a_secondary_source_alone_only_below_high(replies, snapshot) -> None:
    alone = 0
    for _verdict, reply in replies:
        flags = [source["official"] for source in reply.sources]
        assert flags == sorted(flags, reverse=True), reply.sources
        for source in reply.sources:
            assert source["official"] == is_official(source["url"])
            if not source["official"]:
                rule = snapshot.get(source["rule_id"])
                assert not rule.has_official_source and rule.confidence != "HIGH", source
                alone += 1
            if source.get("reported_by"):
                assert source["official"] and not is_official(source["reported_by"])
    assert alone  # the sample has MEDIUM rules that rest on a secondary source


def test_one_link_per_cited_text(replies) -> None:
    for _verdict, reply in replies:
        urls = [source["url"] for source in reply.sources]
        assert len(set(urls)) == len(urls), urls
        assert len({source["citation"] for source in reply.sources}) == len(reply.sources)


def test_every_listed_source_can_be_opened_in_the_detail_and_on_request(replies) -> None:
    many = 0
    for _verdict, reply in replies:
        if not reply.sources:
            continue
        listed = reply.detail.split("\nSources:\n", 1)[1].split("\n")
        assert len(listed) == len(reply.sources), reply.detail  # none left out of the detail
        on_request = render_sources(reply.sources).split("\n")[1:]
        assert listed == on_request
        for line, source in zip(listed, reply.sources, strict=True):
            assert source["url"] in LINK.findall(line)
        assert "more source" not in reply.detail
        many += len(reply.sources) > 3
    assert many  # some answers have more than three sources, all listed


def test_the_first_message_names_an_official_text_when_the_answer_has_one(replies) -> None:
    for _verdict, reply in replies:
        if reply.sources and reply.sources[0]["official"]:
            line = next(line for line in reply.text.split("\n") if line.startswith("Source: "))
            assert LINK.findall(line) == [reply.sources[0]["url"]]  # the official link, without "reported by"
