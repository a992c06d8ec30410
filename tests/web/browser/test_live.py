"""The web page and the staff page against the real assistant (Rasa, action server, rules database).

The tests run in file order; the last one stops the Rasa server.
"""

from __future__ import annotations

import re

import requests
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.web.browser.conftest import API_TOKEN, STAFF_TOKEN, axe_violations, csp_errors
from tests.web.browser.test_answers import assert_answer_start_in_view, last_sent, record_sent

SCREENSHOT = ROOT / "docs" / "screenshot-chat.png"
STORAGE = "importer-assistant.chat.v1"


def stored(page) -> dict:
    return page.evaluate(f"() => JSON.parse(localStorage.getItem('{STORAGE}'))")


def focused_id(page) -> str | None:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def test_a_keyboard_only_conversation_with_cited_answers_survives_a_reload(page, live):
    page.goto(live.web_url)
    bot, user = page.get_by_test_id("bot-msg"), page.get_by_test_id("user-msg")
    expect(bot.first).to_contain_text("I answer questions about what US Customs", timeout=60_000)  # the greeting

    # Keyboard only: Tab to the labelled input, type, Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused_id(page) == "chat-input":
            break
    else:
        raise AssertionError("Tab never reached the question box")
    page.keyboard.type("What is the de minimis limit today?")
    page.keyboard.press("Enter")
    expect(user.last).to_contain_text("What is the de minimis limit today?")
    answer = bot.filter(has_text="Data as of").last
    expect(answer).to_be_visible(timeout=60_000)
    expect(answer).to_contain_text("de minimis")
    links = answer.locator("a[href^='https://']")
    assert links.count() >= 1
    assert links.first.get_attribute("rel") == "noopener noreferrer" and links.first.get_attribute("target") == "_blank"
    assert focused_id(page) == "chat-input"  # focus stays where the user types
    # The greeting's suggested replies are switched off now that the user has moved on.
    expect(page.get_by_role("button", name="Check a shipment").first).to_be_disabled()

    # A quick reply, reached with the keyboard: a new greeting brings fresh buttons.
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    expect(bot.last).to_contain_text("I answer questions about what US Customs", timeout=60_000)
    choice = page.get_by_role("button", name="Is de minimis still $800?").last
    expect(choice).to_be_enabled()
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.textContent") == "Is de minimis still $800?":
            break
    else:
        raise AssertionError("Shift+Tab never reached the quick reply")
    replies_before = bot.count()
    page.keyboard.press("Enter")
    expect(user.last).to_contain_text("Is de minimis still $800?")  # the button's title, not its payload
    expect(bot).not_to_have_count(replies_before, timeout=60_000)
    expect(bot.filter(has_text="Data as of").last).to_be_visible()
    expect(choice).to_be_disabled()
    assert focused_id(page) == "chat-input"

    # Reload: the same conversation, shown again, continued by the same Rasa session.
    before = stored(page)
    texts_before = [user.nth(i).inner_text() for i in range(user.count())]
    page.reload()
    expect(user).to_have_count(len(texts_before))
    assert [user.nth(i).inner_text() for i in range(user.count())] == texts_before
    assert stored(page)["sessionId"] == before["sessionId"]
    expect(page.locator("#chat-status")).to_have_text("")
    page.get_by_label("Your question").fill("thanks")
    page.keyboard.press("Enter")
    expect(bot.last).to_contain_text("welcome", timeout=60_000)
    tracker = requests.get(
        f"{live.assistant.base_url}/conversations/{before['sessionId']}/tracker",
        params={"token": API_TOKEN},
        timeout=30,
    ).json()
    said = [event.get("text") for event in tracker["events"] if event["event"] == "user"]
    assert "What is the de minimis limit today?" in said and "thanks" in said

    # Accessibility with the conversation, its links and buttons on screen.
    assert axe_violations(page) == []
    assert csp_errors(page) == []
    assert page.locator("body").inner_text().count("General information, not legal advice") == 1
    # The screenshot for the docs: the greeting, the typed question and the start of its cited answer.
    assert page.evaluate("() => document.documentElement.scrollHeight") < 1600  # nothing hidden stretches the page
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 1480})
    page.locator("#chat-log").evaluate("log => { log.scrollTop = 0; }")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOT))


def test_talk_to_a_person_is_one_step(page, live):
    page.goto(live.web_url)
    bot = page.get_by_test_id("bot-msg")
    expect(bot.first).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Talk to a person", exact=True).last.click()
    expect(page.get_by_test_id("user-msg").last).to_contain_text("Talk to a person")
    expect(bot.last).to_contain_text(re.compile(r"877|help\.cbp\.gov|broker", re.IGNORECASE), timeout=60_000)


def active_buttons(page) -> list[dict]:
    """The quick replies (title, payload) of the bot's messages since the user's last message."""
    messages = stored(page)["messages"]
    last_user = max((i for i, m in enumerate(messages) if m["from"] == "user"), default=-1)
    return [button for message in messages[last_user + 1 :] for button in message["buttons"]]


# A North American phone number as the bot may write it (1-877-227-5511, (877) 227-5511, +1 703 526 4200).
PHONE = re.compile(r"(?<![\w+.-])(?:\+1[ .-]?|1[ .-])?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\w)")


def test_real_answers_show_their_start_link_phone_numbers_and_send_quick_reply_payloads(page, live):
    """Structure only (the wording changes): the start of each new answer is in the log's view, its phone
    numbers are tel: links, a quick reply sends its payload ("More detail" when offered), no JSON is shown."""
    sent = record_sent(page)
    page.set_viewport_size({"width": 1280, "height": 700})  # a shorter log (55vh), so that answers overflow it
    page.goto(live.web_url)
    bot = page.get_by_test_id("bot-msg")
    expect(bot.first).to_be_visible(timeout=60_000)
    for question in ("What is the de minimis limit today?", "my $650 order of phone cases from Vietnam by DHL"):
        before = bot.count()
        page.get_by_label("Your question").fill(question)
        page.keyboard.press("Enter")
        expect(bot).not_to_have_count(before, timeout=60_000)
        page.wait_for_timeout(1500)  # the rest of the answer's messages
        assert_answer_start_in_view(page, window_too=False)

    buttons = active_buttons(page)
    if not buttons:  # this answer offers none: a greeting does
        page.get_by_label("Your question").fill("hello")
        page.keyboard.press("Enter")
        expect(page.locator("#chat-log .chat__choice:enabled").first).to_be_visible(timeout=60_000)
        buttons = active_buttons(page)
    choice = next((b for b in buttons if b["payload"] == "/ask_more_detail"), buttons[0])
    before = bot.count()
    page.get_by_role("button", name=choice["title"], exact=True).last.click()
    expect(page.get_by_test_id("user-msg").last).to_contain_text(choice["title"])  # the title is shown...
    assert last_sent(page, sent, choice["payload"]) == choice["payload"]  # ...and the payload sent
    expect(bot).not_to_have_count(before, timeout=60_000)
    page.wait_for_timeout(1500)
    assert_answer_start_in_view(page, window_too=False)

    page.get_by_role("button", name="Talk to a person", exact=True).last.click()
    assert last_sent(page, sent, "/request_human") == "/request_human"
    reply = bot.last
    expect(reply).to_contain_text(re.compile(r"877|help\.cbp\.gov|broker", re.IGNORECASE), timeout=60_000)
    page.wait_for_timeout(1500)
    for i in range(bot.count()):
        message = bot.nth(i)
        phones = PHONE.findall(message.inner_text())
        assert message.locator("a[href^='tel:']").count() == len(phones), message.inner_text()
    log_text = page.locator("#chat-log").inner_text()
    assert '"cbp"' not in log_text and '"kind"' not in log_text
    assert csp_errors(page) == []


def test_rasa_allows_cross_origin_requests_from_the_page_only(live):
    base, page_origin, other = live.assistant.base_url, live.web_url, "http://evil.example"
    polling = f"{base}/socket.io/?EIO=4&transport=polling"
    for url, method in ((polling, "GET"), (f"{base}/webhooks/rest/webhook", "OPTIONS"), (f"{base}/", "GET")):
        headers = {"Access-Control-Request-Method": "POST"} if method == "OPTIONS" else {}
        mine = requests.request(method, url, headers={**headers, "Origin": page_origin}, timeout=10)
        assert mine.headers.get("Access-Control-Allow-Origin") == page_origin, url
        theirs = requests.request(method, url, headers={**headers, "Origin": other}, timeout=10)
        assert theirs.headers.get("Access-Control-Allow-Origin") not in (other, "*"), url


def test_staff_console_shows_how_the_assistant_understood_and_answered(page, live):
    response = page.goto(f"{live.web_url}/staff")
    assert response.status == 401
    page.get_by_label("Staff token").fill("not the token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("That token is not right")
    page.get_by_label("Staff token").fill(STAFF_TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Staff console")).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "staff_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"

    page.get_by_label("Message", exact=True).fill("is the $800 de minimis still a thing?")
    page.get_by_role("button", name="Send to the assistant").click()
    expect(page.locator("#intent-ranking")).to_contain_text("ask_de_minimis", timeout=60_000)
    assert re.search(r"0\.\d{3}", page.locator("#intent-ranking").inner_text())
    expect(page.locator("#entities")).to_contain_text("amount")
    expect(page.locator("#actions")).to_contain_text("action_answer")
    expect(page.locator("#reply")).to_contain_text("Data as of")
    expect(page.locator("#events")).to_contain_text("action_answer")
    assert page.locator("#events tbody tr").count() >= 4

    total = int(page.locator("#rules-table").get_attribute("data-total"))
    page.get_by_label("Filter rules").fill("de_minimis 2016-03-10")
    expect(page.locator("#rule-count")).to_contain_text(re.compile(r"Showing [1-9]\d* of "))
    shown = page.locator("#rules-table tbody tr:visible").count()
    assert 0 < shown < total
    expect(page.locator("#rules-table tbody tr:visible").first).to_contain_text("de_minimis")
    expect(page.locator("#reports")).to_contain_text("not generated yet: run make eval")
    assert axe_violations(page) == []
    assert csp_errors(page) == []


def test_when_rasa_stops_the_page_says_it_cannot_reach_the_assistant(page, live):
    """Runs last: it stops the Rasa server."""
    page.goto(live.web_url)
    expect(page.get_by_test_id("bot-msg").first).to_be_visible(timeout=60_000)
    live.assistant.stop_rasa()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("We can't reach the assistant right now", timeout=30_000)
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    users = page.get_by_test_id("user-msg").count()
    page.get_by_label("Your question").fill("are you there?")
    page.keyboard.press("Enter")
    expect(alert).to_contain_text("We can't reach the assistant right now")
    expect(page.get_by_label("Your question")).to_have_value("are you there?")  # kept, to send again later
    assert page.get_by_test_id("user-msg").count() == users
    page.get_by_role("button", name="Retry").click()
    expect(alert).to_contain_text("We can't reach the assistant right now", timeout=30_000)
    assert axe_violations(page) == []
