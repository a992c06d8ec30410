"""mrkdwn escaping, Block Kit buttons and the cleaning of users' text, without servers."""

from __future__ import annotations

import pytest

from bot.channels.slack_format import (
    SECTION_TEXT_LIMIT,
    answered_blocks,
    button_blocks,
    chunk_lines,
    clean_user_text,
    escape,
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
