"""The chat panel against a scripted stand-in for Rasa: markup stays text, timeouts are announced, Retry works."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.web.browser.conftest import axe_violations, csp_errors


def open_chat(page, url: str):
    page.goto(url)
    greeting = page.get_by_test_id("bot-msg").first
    expect(greeting).to_contain_text("Hello from the test assistant.")
    return greeting


def test_bot_text_is_shown_as_text_with_safe_links(page, servers):
    open_chat(page, servers.fake_web_url)
    page.get_by_role("button", name="Show me markup").click()
    expect(page.get_by_test_id("user-msg").last).to_contain_text("Show me markup")
    reply = page.get_by_test_id("bot-msg").last
    expect(reply).to_contain_text("Second item, no link")
    assert page.evaluate("() => window.__pwned") is None
    log = page.locator("#chat-log")
    assert log.locator("img, script, b").count() == 0
    expect(reply).to_contain_text('<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> & <b>bold')
    links = reply.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "https://example.gov/path",
        "https://www.cbp.gov/trade/de-minimis",
    ]
    for i in range(links.count()):
        assert links.nth(i).get_attribute("rel") == "noopener noreferrer"
        assert links.nth(i).get_attribute("target") == "_blank"
    expect(reply).to_contain_text("). Not a link: javascript:alert(1)")
    assert reply.locator("li").count() == 2 and reply.locator("br").count() >= 1
    # Suggested replies of earlier messages are switched off once the user has answered.
    expect(page.get_by_role("button", name="Stay silent")).to_be_disabled()
    assert csp_errors(page) == []


def test_what_the_user_types_is_text_too(page, servers):
    open_chat(page, servers.fake_web_url)
    page.get_by_label("Your question").fill("<b>bold</b> <img src=x onerror=window.__pwned=3>")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("bot-msg").last).to_contain_text("Echo: <b>bold</b>")
    expect(page.get_by_test_id("user-msg").last).to_contain_text("<b>bold</b> <img src=x")
    assert page.locator("#chat-log b, #chat-log img").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    expect(page.get_by_label("Your question")).to_be_focused()
    expect(page.get_by_label("Your question")).to_have_value("")


def test_no_reply_in_time_is_announced_and_retry_asks_again(page, servers):
    open_chat(page, servers.fake_web_url)
    page.get_by_role("button", name="Stay silent").click()
    expect(page.locator("#chat-status")).to_have_text("The assistant is writing an answer…")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("We can't reach the assistant right now", timeout=10_000)
    expect(page.locator("#chat-status")).to_have_text("")  # no endless "writing" message
    retry = page.get_by_role("button", name="Retry")
    expect(retry).to_be_visible()
    assert axe_violations(page) == []
    retry.click()
    expect(page.get_by_test_id("bot-msg").last).to_contain_text("Sorry for the wait.")
    expect(page.locator("#chat-error")).to_be_hidden()
    expect(page.get_by_label("Your question")).to_be_focused()
    assert page.get_by_test_id("user-msg").count() == 1  # Retry resends; it does not repeat the message


def test_a_new_conversation_clears_the_transcript(page, servers):
    open_chat(page, servers.fake_web_url)
    page.get_by_label("Your question").fill("first")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("bot-msg").last).to_contain_text("Echo: first")
    old_session = page.evaluate("() => JSON.parse(localStorage.getItem('importer-assistant.chat.v1')).sessionId")
    page.get_by_role("button", name="Start a new conversation").click()
    expect(page.get_by_test_id("bot-msg")).to_have_count(1)
    expect(page.get_by_test_id("bot-msg").first).to_contain_text("Hello from the test assistant.")
    assert page.get_by_test_id("user-msg").count() == 0
    new_session = page.evaluate("() => JSON.parse(localStorage.getItem('importer-assistant.chat.v1')).sessionId")
    assert new_session and new_session != old_session
