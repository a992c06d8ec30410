"""Answers on the web page, against the scripted stand-in for Rasa (tests/web/browser/fake_rasa.py).

The shape of the assistant's answers: a verdict first, quick replies ("More detail", "Sources", an
assumption to correct) and a custom JSON event for programs. The page must show the start of a long
answer, not its end; link phone numbers (tel:) and e-mail addresses (mailto:) without treating any text
as HTML; send a quick reply's payload; never show the custom JSON; and keep all that across a reload.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from tests.web.browser.conftest import axe_violations, csp_errors
from tests.web.browser.fake_rasa import CONTACTS, LONG_ANSWER
from tests.web.browser.test_chat_panel import open_chat

STORAGE = "importer-assistant.chat.v1"

#: Where the start of the newest answer (the first bot message after the user's last one) is.
ANSWER_START = """() => {
    const log = document.getElementById('chat-log');
    const messages = Array.from(log.querySelectorAll('.chat__msg'));
    const lastUser = messages.map(m => m.classList.contains('chat__msg--user')).lastIndexOf(true);
    const answer = messages.slice(lastUser + 1);
    const start = answer[0].getBoundingClientRect(), box = log.getBoundingClientRect();
    const end = answer[answer.length - 1].getBoundingClientRect();
    return {top: start.top, logTop: box.top, logBottom: box.bottom, answerHeight: end.bottom - start.top,
            scrollTop: log.scrollTop, logScrolls: log.scrollHeight > log.clientHeight + 1,
            viewport: window.innerHeight, text: answer[0].innerText};
}"""


def record_sent(page) -> list[str]:
    """Everything the page sends to the socket.io server (WebSocket frames and long-polling POSTs)."""
    sent: list[str] = []

    def on_frame(payload) -> None:
        sent.append(payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))

    page.on("websocket", lambda socket: socket.on("framesent", on_frame))
    page.on(
        "request",
        lambda request: (
            request.method == "POST" and "/socket.io/" in request.url and sent.append(request.post_data or "")
        ),
    )
    return sent


def sent_messages(sent: list[str]) -> list[str]:
    """The `message` of every user_uttered event in `sent` (socket.io v4 packets: 42["event", data])."""
    messages = []
    for payload in sent:
        for packet in payload.split("\x1e"):  # long polling joins packets with a record separator
            match = re.match(r"^42(\[.*\])$", packet, re.DOTALL)
            if match:
                event = json.loads(match.group(1))
                if event[0] == "user_uttered":
                    messages.append(event[1]["message"])
    return messages


def last_sent(page, sent: list[str], expected: str) -> str | None:
    """The last message the page sent, once it is `expected` (or after 5 s: Playwright reports frames late)."""
    for _ in range(50):
        messages = sent_messages(sent)
        if messages and messages[-1] == expected:
            break
        page.wait_for_timeout(100)
    return (sent_messages(sent) or [None])[-1]


def assert_answer_start_in_view(page, window_too: bool = True) -> dict:
    where = page.evaluate(ANSWER_START)
    if where["logScrolls"]:
        assert where["logTop"] - 1 <= where["top"] < where["logBottom"] - 20, where
    if window_too:
        assert 0 <= where["top"] < where["viewport"] - 20, where
    return where


def test_a_long_answer_shows_its_start_and_its_quick_replies_send_their_payloads(page, servers):
    sent = record_sent(page)
    open_chat(page, servers.fake_web_url)
    for _ in range(3):  # some conversation above, so that the log scrolls
        page.get_by_label("Your question").fill("earlier question")
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("bot-msg").last).to_contain_text("Echo: earlier question")
    page.get_by_label("Your question").fill("/long_answer")  # the greeting's buttons are off by now
    page.keyboard.press("Enter")
    more = page.get_by_role("button", name="More detail")
    expect(more).to_be_enabled()
    bot = page.get_by_test_id("bot-msg")
    expect(bot).to_have_count(4 + len(LONG_ANSWER))  # greeting, three echoes, the answer's parts: no JSON message

    where = assert_answer_start_in_view(page)
    assert where["logScrolls"] and where["scrollTop"] > 0  # the log did scroll...
    assert where["answerHeight"] > where["logBottom"] - where["logTop"]  # ...to an answer longer than it
    assert "Verdict: yes" in where["text"]
    expect(bot.nth(4)).to_contain_text("Verdict: yes, this is the first line")
    expect(page.get_by_label("Your question")).to_be_focused()

    # The custom JSON is never shown, nor kept in the transcript.
    log_text = page.locator("#chat-log").inner_text()
    assert '"cbp"' not in log_text and "{" not in log_text and "must not be shown" not in log_text
    stored = page.evaluate(f"() => localStorage.getItem('{STORAGE}')")
    assert "must not be shown" not in stored and '"custom"' not in stored

    # The verdict's phone number and e-mail address are links, built as elements.
    first = bot.nth(4)
    expect(first.locator("a[href='tel:+18772275511']")).to_have_text("1-877-227-5511")
    expect(first.locator("a[href='mailto:help@cbp.example.gov']")).to_have_text("help@cbp.example.gov")
    assert first.locator("a[href^='tel:']").get_attribute("target") is None  # calls open no new tab

    # "More detail" shows its title and sends its payload; the answer's other buttons are then switched off.
    more.click()
    expect(page.get_by_test_id("user-msg").last).to_have_text(re.compile(r"More detail$"))
    expect(bot.last).to_contain_text("Echo: /ask_more_detail")
    assert last_sent(page, sent, "/ask_more_detail") == "/ask_more_detail"
    expect(page.get_by_role("button", name="Sources")).to_be_disabled()
    expect(page.get_by_role("button", name="It was a gift")).to_be_disabled()
    assert axe_violations(page) == []
    assert csp_errors(page) == [] and page.errors == []


def test_on_a_small_screen_the_page_scrolls_to_the_start_of_the_answer(page, servers):
    page.set_viewport_size({"width": 390, "height": 740})  # the log does not scroll by itself here
    open_chat(page, servers.fake_web_url)
    page.get_by_label("Your question").fill("/long_answer")  # the page scrolls down to the question box
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="More detail")).to_be_enabled()
    where = assert_answer_start_in_view(page)
    assert not where["logScrolls"] and "Verdict: yes" in where["text"]
    assert where["answerHeight"] > where["viewport"]  # the answer is longer than the screen
    # Again, having read to the end of the page: the new answer's start is brought into view.
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.get_by_label("Your question").fill("/long_answer")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="More detail")).to_have_count(2)
    assert "Verdict: yes" in assert_answer_start_in_view(page)["text"]


def test_phone_numbers_and_email_addresses_become_links_and_nothing_else_does(page, servers):
    open_chat(page, servers.fake_web_url)
    page.get_by_role("button", name="Contacts").click()
    reply = page.get_by_test_id("bot-msg").last
    expect(reply).to_contain_text("user@localhost")
    links = reply.locator("a")
    found = [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]
    found = [(text.replace("(opens in a new tab)", "").strip(), href) for text, href in found]
    expected = [(text, href) for text, href in CONTACTS if href] + [
        ("x@y.gov", "mailto:x@y.gov"),
        ("(877) 227-5511", "tel:+18772275511"),
    ]
    assert found == expected
    for text, href in CONTACTS:  # every item is shown as written, linked or not (a web link adds "opens in...")
        expect(reply).to_contain_text(text if (href or "").startswith("https:") else f"{text}.")
    expect(reply).to_contain_text("<b>x@y.gov</b> (877) 227-5511!")
    assert reply.locator("b").count() == 0
    for i in range(links.count()):  # only web links open a new tab
        href = links.nth(i).get_attribute("href")
        assert (links.nth(i).get_attribute("target") == "_blank") == href.startswith("https:")


def test_links_come_back_after_a_reload_from_a_plain_text_transcript(page, servers):
    open_chat(page, servers.fake_web_url)
    page.get_by_role("button", name="A long answer").click()
    expect(page.get_by_role("button", name="More detail")).to_be_enabled()
    messages = page.evaluate(f"() => JSON.parse(localStorage.getItem('{STORAGE}')).messages")
    texts = [message["text"] for message in messages]
    assert LONG_ANSWER[0] in texts and not any("<a" in text or "href" in text for text in texts)
    assert messages[-1]["buttons"][0] == {"title": "More detail", "payload": "/ask_more_detail"}
    page.reload()
    answer = page.get_by_test_id("bot-msg").filter(has_text="Verdict: yes")
    expect(answer.locator("a[href='tel:+18772275511']")).to_have_count(1)
    expect(answer.locator("a[href='mailto:help@cbp.example.gov']")).to_have_count(1)
    expect(page.get_by_role("button", name="More detail")).to_be_enabled()  # still the latest answer
    assert_answer_start_in_view(page, window_too=False)  # the log opens at the start of the last answer
