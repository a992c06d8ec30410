"""mrkdwn escaping and links, Block Kit buttons, Slack's length limits and cleaning users' text, without servers."""

from __future__ import annotations

import re

import pytest

from bot.channels.slack_format import (
    BLOCKS_LIMIT,
    MESSAGE_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    answered_blocks,
    button_blocks,
    button_messages,
    chunk_lines,
    clean_user_text,
    escape,
    text_messages,
    to_mrkdwn,
)

pytestmark = pytest.mark.slack


def test_escape_only_slacks_three_control_characters() -> None:
    assert escape("a < b > c & d * _ ~ `") == "a &lt; b &gt; c &amp; d * _ ~ `"
    assert escape("&amp;") == "&amp;amp;"  # a literal entity stays literal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Under $800 & <no> duty", "Under $800 &amp; &lt;no&gt; duty"),
        ("See https://www.cbp.gov/trade/basic-import-export", "See <https://www.cbp.gov/trade/basic-import-export>"),
        (
            "wiki https://en.wikipedia.org/wiki/De_minimis_(law).",
            "wiki <https://en.wikipedia.org/wiki/De_minimis_(law)>.",
        ),
        ("at https://hts.usitc.gov (search for 6109.10).", "at <https://hts.usitc.gov> (search for 6109.10)."),
        ("(see https://example.gov/a_b_c)", "(see <https://example.gov/a_b_c>)"),
        ("q: https://x.gov/?a=1&b=2, then", "q: <https://x.gov/?a=1&amp;b=2>, then"),
        ("odd https://x.gov/a|b", "odd <https://x.gov/a%7Cb>"),
        ("[CBP & you](https://www.cbp.gov/x?a=1&b=2)", "<https://www.cbp.gov/x?a=1&amp;b=2|CBP &amp; you>"),
        ("nothing after https://", "nothing after https://"),
        ("line one\nline <two>", "line one\nline &lt;two&gt;"),
        # E-mail addresses are mailto: links; an address inside a URL stays part of the URL.
        ("Write to info@cbp.dhs.gov.", "Write to <mailto:info@cbp.dhs.gov|info@cbp.dhs.gov>."),
        (
            "(first.last+cbp@trade.example.gov)",
            "(<mailto:first.last+cbp@trade.example.gov|first.last+cbp@trade.example.gov>)",
        ),
        ("https://x.gov/?to=a@b.gov", "<https://x.gov/?to=a@b.gov>"),
        ("not an address: a@b, @cbp, a@b.c0m", "not an address: a@b, @cbp, a@b.c0m"),
        # Phone numbers stay plain text: Slack has no tel: links.
        (
            "Call 1-877-227-5511, (877) 227-5511 or +1 703 526 4200.",
            "Call 1-877-227-5511, (877) 227-5511 or +1 703 526 4200.",
        ),
    ],
)
def test_to_mrkdwn(text: str, expected: str) -> None:
    assert to_mrkdwn(text) == expected


def test_to_mrkdwn_never_leaves_a_bare_control_character_outside_links() -> None:
    text = "a<b>c&d https://e.gov/?f=1&g=<2> h"
    converted = to_mrkdwn(text)
    outside_links = converted.replace("<https://e.gov/?f=1&amp;g=>", "")
    assert "<" not in outside_links and ">" not in outside_links
    assert "&" not in outside_links.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")


def test_chunk_lines_keeps_lines_and_the_limit() -> None:
    text = "\n".join(f"line {i} " + "x" * 50 for i in range(200))
    chunks = chunk_lines(text, limit=SECTION_TEXT_LIMIT)
    assert len(chunks) > 1 and all(len(chunk) <= SECTION_TEXT_LIMIT for chunk in chunks)
    assert "\n".join(chunks) == text
    assert chunk_lines("y" * 7000, limit=3000) == ["y" * 3000, "y" * 3000, "y" * 1000]


SLACK_TOKEN = re.compile(r"<[^<>]*>|&(?:amp|lt|gt);")


def tokens(mrkdwn: str) -> list[str]:
    return SLACK_TOKEN.findall(mrkdwn)


def test_chunk_lines_never_cuts_a_link_or_an_entity() -> None:
    """A long line (no line breaks) full of links and escaped characters is cut between them."""
    line = " ".join(f"see https://www.cbp.gov/a/{i}?x=1&y=2 & <{i}> mail{i}@cbp.gov" for i in range(400))
    mrkdwn = to_mrkdwn(line)
    for limit in (SECTION_TEXT_LIMIT, MESSAGE_TEXT_LIMIT, 101):
        chunks = chunk_lines(mrkdwn, limit=limit)
        assert len(chunks) > 1 and all(0 < len(chunk) <= limit for chunk in chunks)
        assert [token for chunk in chunks for token in tokens(chunk)] == tokens(mrkdwn)
        for chunk in chunks:  # nothing half a link: every < is closed in its own piece
            assert chunk.count("<") == chunk.count(">") and "&amp" not in chunk.replace("&amp;", "")
        assert " ".join(chunks) == mrkdwn  # cut at spaces: only those spaces are gone


def test_a_link_longer_than_the_limit_is_cut_anyway() -> None:
    chunks = chunk_lines("<https://x.gov/" + "a" * 300 + ">", limit=100)
    assert all(len(chunk) <= 100 for chunk in chunks) and "".join(chunks).startswith("<https://x.gov/a")


def test_a_long_text_reply_becomes_several_messages_within_slacks_limit() -> None:
    text = "\n".join(
        f"Paragraph {i}: duty & fees <see> https://www.cbp.gov/p/{i}, write to a{i}@cbp.gov." for i in range(800)
    )
    messages = text_messages(text)
    assert len(messages) > 1 and all(len(message) <= MESSAGE_TEXT_LIMIT for message in messages)
    assert "\n".join(messages) == to_mrkdwn(text)
    assert text_messages("  ") == [] and text_messages("Short answer.") == ["Short answer."]
    assert len(text_messages("x" * 200_000)) == 50


ANSWER_BUTTONS = [
    {"title": "More detail", "payload": "/ask_more_detail"},
    {"title": "Sources", "payload": "/ask_sources"},
    {"title": "It was a gift", "payload": "It was a gift"},
]


def test_an_answers_buttons_are_block_kit_buttons_with_their_payloads() -> None:
    text = (
        "No: de minimis does not apply to this shipment.\nAs of 1 December 2026. Source: https://www.cbp.gov/x\n"
        "General information, not legal advice."
    )
    [message] = button_messages(text, ANSWER_BUTTONS)
    assert [block["type"] for block in message["blocks"]] == ["section", "actions"]
    assert message["text"] == to_mrkdwn(text)  # the notification text is the answer itself
    elements = message["blocks"][1]["elements"]
    assert [(e["text"]["text"], e["value"]) for e in elements] == [
        ("More detail", "/ask_more_detail"),
        ("Sources", "/ask_sources"),
        ("It was a gift", "It was a gift"),
    ]
    assert len({e["action_id"] for e in elements}) == 3


def test_a_reply_with_buttons_longer_than_one_message_keeps_its_buttons_on_the_last() -> None:
    messages = button_messages("x" * 150_000 + "\nThe end & <more>.", ANSWER_BUTTONS)
    assert len(messages) == 2
    for message in messages:
        assert len(message["blocks"]) <= BLOCKS_LIMIT and 0 < len(message["text"]) <= MESSAGE_TEXT_LIMIT
        assert all(len(b["text"]["text"]) <= SECTION_TEXT_LIMIT for b in message["blocks"] if b["type"] == "section")
    assert [b["type"] for b in messages[0]["blocks"]] == ["section"] * BLOCKS_LIMIT
    assert messages[-1]["blocks"][-1]["type"] == "actions"
    assert messages[-1]["blocks"][-2]["text"]["text"].endswith("The end &amp; &lt;more&gt;.")
    [only_buttons] = button_messages("", ANSWER_BUTTONS)
    assert [b["type"] for b in only_buttons["blocks"]] == ["actions"] and only_buttons[
        "text"
    ] == "More detail Sources It was a gift"
    assert button_messages("", []) == []


def test_button_blocks_are_a_section_and_an_actions_block_with_the_payloads() -> None:
    blocks = button_blocks(
        "Fees & bonds <here>",
        [{"title": "Customs fees", "payload": "/ask_fees"}, {"title": "Talk to a person", "payload": "/request_human"}],
    )
    assert [block["type"] for block in blocks] == ["section", "actions"]
    assert blocks[0]["text"] == {"type": "mrkdwn", "text": "Fees &amp; bonds &lt;here&gt;"}
    elements = blocks[1]["elements"]
    assert [(e["type"], e["text"]["text"], e["value"]) for e in elements] == [
        ("button", "Customs fees", "/ask_fees"),
        ("button", "Talk to a person", "/request_human"),
    ]
    assert len({e["action_id"] for e in elements}) == 2


def test_button_blocks_respect_slacks_limits() -> None:
    buttons = [{"title": "t" * 100, "payload": f"/p{i}"} for i in range(30)]
    blocks = button_blocks("x" * 4000, buttons)
    assert [block["type"] for block in blocks] == ["section", "section", "actions"]
    assert len(blocks[-1]["elements"]) == 25
    assert all(len(e["text"]["text"]) <= 75 for e in blocks[-1]["elements"])
    assert button_blocks("", buttons[:1])[0]["type"] == "actions"


def test_answered_blocks_replace_the_buttons_with_the_choice() -> None:
    blocks = button_blocks("Pick:", [{"title": "A & B", "payload": "/a"}])
    answered = answered_blocks(blocks, "U1", "A & B")
    assert [block["type"] for block in answered] == ["section", "context"]
    assert answered[1]["elements"][0]["text"] == "<@U1> chose *A &amp; B*"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@UBOT> what is the de minimis limit?", "what is the de minimis limit?"),
        ("is it &lt; $800 &amp; duty free?", "is it < $800 & duty free?"),
        ("see <https://www.cbp.gov|cbp.gov> and <https://x.gov/a>", "see cbp.gov and https://x.gov/a"),
        ("mail <mailto:a@b.gov|a@b.gov>", "mail a@b.gov"),
        ("hey <@UBOT|cbp>   in <#C123|imports> <!here>", "hey in #imports @here"),
        ("ask <@UOTHER> too", "ask <@UOTHER> too"),
    ],
)
def test_clean_user_text(text: str, expected: str) -> None:
    assert clean_user_text(text, ["UBOT"]) == expected
