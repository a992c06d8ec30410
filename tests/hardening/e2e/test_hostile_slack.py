"""The hostile corpus over the Slack channel of the real servers, Slack being a fake Web API."""

from __future__ import annotations

import time

import pytest

from tests.channels.slack_requests import BOT_USER, event_body, new_id, post_event
from tests.hardening.corpus import CASES, CONTROL_QUESTION, NAMES, Case, is_correct_de_minimis_answer
from tests.hardening.e2e.checks import check_replies
from tests.hardening.e2e.conftest import HostileTarget, wait_until

ANSWER_TIMEOUT = 60.0
QUIET = 1.0  # seconds without a new post before the turn's replies are taken as complete


def slack_escape(text: str) -> str:
    """What Slack does to a user's text in an event: &, < and > as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ask(target: HostileTarget, text: str) -> list[str]:
    """@mention the bot with `text` in a new channel; the texts it posts in reply, once it stops posting."""
    channel = new_id("C")
    reply = post_event(target.slack_url, event_body(f"<@{BOT_USER}> {slack_escape(text)}", channel))
    assert reply.status_code == 200, reply.text[:500]

    def settled() -> list[str] | None:
        posts = target.slack.find("chat.postMessage", channel)
        if posts and time.monotonic() - posts[-1].at > QUIET:
            return [post.text for post in posts]
        return None

    return wait_until(settled, ANSWER_TIMEOUT, f"the bot's replies in {channel}")


@pytest.mark.parametrize("case", CASES, ids=NAMES)
def test_every_hostile_message_gets_a_proper_reply(hostile_target: HostileTarget, case: Case) -> None:
    check_replies(case, ask(hostile_target, case.text))


def test_after_the_corpus_a_normal_question_is_answered_correctly(hostile_target: HostileTarget) -> None:
    answer = "\n".join(ask(hostile_target, CONTROL_QUESTION))
    assert is_correct_de_minimis_answer(answer), answer
    assert hostile_target.alive()
